//! The current view as a picture, for slides and articles: an SVG document of the map, with each
//! city shaded by its score as the page shades it, the top [`PICTURE_ROWS`] of the list, and a
//! footer with the view's link, the edition and the sources of the weighted indicators. The
//! analysis worker writes it, so the first view carries none of this code.
//!
//! Every name and field is written as escaped text, never as markup: a user's own file may hold
//! anything.

use std::fmt::Write;

use super::dataset::Dataset;
use super::export::{ExportRequest, view_ranking};
use super::html::escape;
use super::projection::{LonLat, MAP_WIDTH, project};

/// How many of the list's rows the picture shows.
pub const PICTURE_ROWS: usize = 20;

/// The shades of a score, lowest to highest: the page's light theme (`--band-0` … `--band-4` in
/// `style/app.css`), so the picture matches the map in print.
const BAND_COLOURS: [&str; 5] = ["#fde68a", "#fb923c", "#e11d48", "#9d174d", "#4c1d95"];

/// The land and the ocean, as the light theme draws them (`data/land.svg`'s own classes).
const OCEAN: &str = "#e8eef5";
const LAND: &str = "#c9d3de";

const TEXT: &str = "#14202b";
const MUTED: &str = "#4b5563";

/// The map's height in the frame: `data/land.svg`'s view box.
const MAP_HEIGHT: f64 = 486.8;
const ROW_HEIGHT: f64 = 26.0;

/// The shade of a score, as [`BAND_COLOURS`] index: the page's five equal steps of 20 points.
fn band(score: f64) -> usize {
    ((score / 100.0 * BAND_COLOURS.len() as f64) as usize).min(BAND_COLOURS.len() - 1)
}

/// The `d` of each path of `land_svg` (the build's `data/land.svg`), with its fill in the
/// picture's colours: the picture stands alone, without the page's styles.
fn land_paths(land_svg: &str) -> Vec<Shape> {
    let mut paths = Vec::new();
    let mut rest = land_svg;
    while let Some(start) = rest.find("<path") {
        let Some(end) = rest[start..].find("/>") else {
            break;
        };
        let path = &rest[start..start + end + 2];
        let fill = if path.contains("class=\"o\"") {
            OCEAN
        } else {
            LAND
        };
        if let Some(d) = path.split("d=\"").nth(1).and_then(|d| d.split('"').next()) {
            paths.push(Shape::Path {
                d: d.to_owned(),
                fill,
            });
        }
        rest = &rest[start + end + 2..];
    }
    paths
}

/// What a piece of the picture is part of: the SVG marks it, so that a reader (or a test) can
/// find the map, each city's row and the footer.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// The map.
    Map,
    /// The title above the list.
    Heading,
    /// The list's row of the city with this id.
    Row(String),
    /// The footer.
    Footer,
}

/// A run of text in one colour and weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The text.
    pub text: String,
    /// Its colour.
    pub fill: &'static str,
    /// Its font weight.
    pub weight: u16,
    /// What it is, for a reader of the SVG (`rank`, `city`, `score`).
    pub field: Option<&'static str>,
}

/// One thing the picture draws, in user units of a frame [`MAP_WIDTH`] wide.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A filled rectangle.
    Rect {
        /// Left edge.
        x: f64,
        /// Top edge.
        y: f64,
        /// Width.
        width: f64,
        /// Height.
        height: f64,
        /// Colour.
        fill: &'static str,
    },
    /// A filled SVG path.
    Path {
        /// Its path data.
        d: String,
        /// Colour.
        fill: &'static str,
    },
    /// A city's marker: filled in its score's shade, or hollow without a score.
    Marker {
        /// Centre.
        x: f64,
        /// Centre.
        y: f64,
        /// The fill, `None` for a hollow marker.
        fill: Option<&'static str>,
        /// The city's name.
        name: String,
    },
    /// A line of text, its baseline at `y`.
    Text {
        /// Where it starts, or ends if `end`.
        x: f64,
        /// Baseline.
        y: f64,
        /// Font size.
        size: f64,
        /// Whether `x` is where the text ends.
        end: bool,
        /// The runs, in order.
        runs: Vec<Run>,
    },
}

/// The view as a picture: its size and what it draws, back to front, each with what it is part
/// of.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// Width, user units.
    pub width: f64,
    /// Height, user units.
    pub height: f64,
    /// What it shows, in a sentence.
    pub title: String,
    /// What it draws.
    pub shapes: Vec<(Part, Shape)>,
}

/// The font every text of the picture is set in.
pub const FONT_FAMILY: &str = "system-ui, sans-serif";

/// The marker's radius and outline.
pub const MARKER_RADIUS: f64 = 5.0;
/// The outline of a filled marker, so that crowded markers stay apart.
pub const MARKER_OUTLINE: &str = "#ffffff";
/// The outline of a hollow marker.
pub const HOLLOW_OUTLINE: &str = MUTED;

/// How many characters of footer text fit a line of the picture.
const FOOTER_LINE_CHARS: usize = 150;

/// `text` in lines of at most `width` characters, broken at spaces (a longer word has a line of
/// its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// The footer's lines: what the scores are, the view's link, its weights and their sources.
fn footer_lines(
    dataset: &Dataset,
    request: &ExportRequest,
    ranked: usize,
    shown: usize,
) -> Vec<String> {
    let weighted: Vec<_> = dataset
        .indicators()
        .iter()
        .zip(&request.sliders)
        .filter(|(_, weight)| **weight > 0)
        .collect();
    let weights: Vec<String> = weighted
        .iter()
        .map(|(indicator, weight)| format!("{} {weight}", indicator.label))
        .collect();
    let mut sources: Vec<String> = Vec::new();
    for (indicator, _) in &weighted {
        let name = dataset
            .source(&indicator.source)
            .map_or(indicator.source.as_str(), |s| s.name.as_str());
        let credit = format!("{name}, {}", indicator.source_url);
        if !sources.contains(&credit) {
            sources.push(credit);
        }
    }
    let texts = [
        format!(
            "{ranked} of {shown} cities ranked; scores 0–100 under this view's weights. Edition {}.",
            dataset.edition()
        ),
        format!("View: {}", request.url),
        format!(
            "Weights (0–10; every other indicator 0): {}.",
            weights.join(", ")
        ),
        format!(
            "Sources: {}. Each source's licence is in the methodology.",
            sources.join("; ")
        ),
    ];
    texts
        .iter()
        .flat_map(|text| wrap(text, FOOTER_LINE_CHARS))
        .collect()
}

fn run(text: impl Into<String>, fill: &'static str, weight: u16) -> Run {
    Run {
        text: text.into(),
        fill,
        weight,
        field: None,
    }
}

fn field(text: impl Into<String>, weight: u16, name: &'static str) -> Run {
    Run {
        field: Some(name),
        ..run(text, TEXT, weight)
    }
}

/// The view as a picture, with `land_svg` as its map's land.
pub fn view_picture(dataset: &Dataset, request: &ExportRequest, land_svg: &str) -> Picture {
    let (_, _, ranking) = view_ranking(dataset, request);
    let rows: Vec<_> = ranking.entries.iter().take(PICTURE_ROWS).collect();
    let footer = footer_lines(
        dataset,
        request,
        ranking.ranked_count(),
        ranking.entries.len(),
    );
    let list_top = MAP_HEIGHT + 70.0;
    let footer_top = list_top + ROW_HEIGHT * rows.len() as f64 + 40.0;
    let height = footer_top + 18.0 * footer.len() as f64 + 20.0;
    let mut shapes = vec![(
        Part::Map,
        Shape::Rect {
            x: 0.0,
            y: 0.0,
            width: MAP_WIDTH,
            height,
            fill: "#ffffff",
        },
    )];
    shapes.extend(
        land_paths(land_svg)
            .into_iter()
            .map(|path| (Part::Map, path)),
    );
    // Lowest scores first, so the highest are drawn on top where cities crowd.
    let mut shaded: Vec<_> = ranking.entries.iter().collect();
    shaded.sort_by(|a, b| a.score.unwrap_or(-1.0).total_cmp(&b.score.unwrap_or(-1.0)));
    for entry in shaded {
        let Some(city) = dataset.cities().get(entry.city) else {
            continue;
        };
        let point = project(LonLat {
            lon: city.lon,
            lat: city.lat,
        });
        shapes.push((
            Part::Map,
            Shape::Marker {
                x: point.x,
                y: point.y,
                fill: entry.score.map(|score| BAND_COLOURS[band(score)]),
                name: city.name.clone(),
            },
        ));
    }
    shapes.push((
        Part::Heading,
        Shape::Text {
            x: 24.0,
            y: list_top - 24.0,
            size: 22.0,
            end: false,
            runs: vec![run(
                format!("AI Cities Index: the top {}", rows.len()),
                TEXT,
                700,
            )],
        },
    ));
    for (at, entry) in rows.iter().enumerate() {
        let Some(city) = dataset.cities().get(entry.city) else {
            continue;
        };
        let part = Part::Row(city.id.clone());
        let y = list_top + ROW_HEIGHT * at as f64;
        let rank = entry.rank.map_or_else(|| "–".to_owned(), |r| r.to_string());
        let score = entry
            .score
            .map_or_else(|| "no score".to_owned(), |s| format!("{s:.1}"));
        let mut name = vec![field(city.name.clone(), 600, "city")];
        if !city.country_name.is_empty() {
            name.push(run(format!(" {}", city.country_name), MUTED, 400));
        }
        let text = |x: f64, end: bool, runs: Vec<Run>| Shape::Text {
            x,
            y,
            size: 16.0,
            end,
            runs,
        };
        shapes.push((
            part.clone(),
            text(60.0, true, vec![field(rank, 700, "rank")]),
        ));
        shapes.push((part.clone(), text(76.0, false, name)));
        shapes.push((
            part.clone(),
            text(700.0, true, vec![field(score, 600, "score")]),
        ));
        if let Some(score) = entry.score {
            shapes.push((
                part,
                Shape::Rect {
                    x: 720.0,
                    y: y - 10.0,
                    width: score.clamp(0.0, 100.0) * 2.5,
                    height: 10.0,
                    fill: BAND_COLOURS[band(score)],
                },
            ));
        }
    }
    for (at, line) in footer.into_iter().enumerate() {
        shapes.push((
            Part::Footer,
            Shape::Text {
                x: 24.0,
                y: footer_top + 18.0 * at as f64,
                size: 12.0,
                end: false,
                runs: vec![run(line, MUTED, 400)],
            },
        ));
    }
    Picture {
        width: MAP_WIDTH,
        height,
        title: format!(
            "AI Cities Index: the top {} of {} ranked cities under this view's weights",
            rows.len(),
            ranking.ranked_count()
        ),
        shapes,
    }
}

/// The SVG element of `shape`.
fn svg_shape(svg: &mut String, shape: &Shape) {
    match shape {
        Shape::Rect {
            x,
            y,
            width,
            height,
            fill,
        } => {
            _ = write!(
                svg,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"{height:.1}\" fill=\"{fill}\"/>"
            );
        }
        Shape::Path { d, fill } => {
            _ = write!(svg, "<path fill=\"{fill}\" d=\"{}\"/>", escape(d));
        }
        Shape::Marker { x, y, fill, name } => {
            let paint = match fill {
                Some(fill) => format!("fill=\"{fill}\" stroke=\"{MARKER_OUTLINE}\""),
                None => format!("fill=\"none\" stroke=\"{HOLLOW_OUTLINE}\""),
            };
            _ = write!(
                svg,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{MARKER_RADIUS}\" {paint} stroke-width=\"1\"><title>{}</title></circle>",
                escape(name)
            );
        }
        Shape::Text {
            x,
            y,
            size,
            end,
            runs,
        } => {
            let anchor = if *end { " text-anchor=\"end\"" } else { "" };
            _ = write!(
                svg,
                "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\"{anchor}>"
            );
            for run in runs {
                let field = run
                    .field
                    .map(|name| format!(" data-field=\"{name}\""))
                    .unwrap_or_default();
                _ = write!(
                    svg,
                    "<tspan fill=\"{}\" font-weight=\"{}\"{field}>{}</tspan>",
                    run.fill,
                    run.weight,
                    escape(&run.text)
                );
            }
            svg.push_str("</text>");
        }
    }
}

impl Picture {
    /// The picture as an SVG document. Each part is a group: `data-part` names the map, the
    /// heading and the footer, and each row's group has its city's `data-city-id`.
    pub fn to_svg(&self) -> String {
        let (width, height) = (self.width, self.height);
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" font-family=\"{FONT_FAMILY}\"><title>{}</title>",
            escape(&self.title)
        );
        let mut open: Option<&Part> = None;
        for (part, shape) in &self.shapes {
            if open != Some(part) {
                if open.is_some() {
                    svg.push_str("</g>");
                }
                match part {
                    Part::Map => svg.push_str("<g data-part=\"map\">"),
                    Part::Heading => svg.push_str("<g data-part=\"heading\">"),
                    Part::Footer => svg.push_str("<g data-part=\"footer\">"),
                    Part::Row(id) => _ = write!(svg, "<g data-city-id=\"{}\">", escape(id)),
                }
                open = Some(part);
            }
            svg_shape(&mut svg, shape);
        }
        if open.is_some() {
            svg.push_str("</g>");
        }
        svg.push_str("</svg>\n");
        svg
    }
}

/// The view as an SVG document, with `land_svg` as its map's land.
pub fn view_svg(dataset: &Dataset, request: &ExportRequest, land_svg: &str) -> String {
    view_picture(dataset, request, land_svg).to_svg()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_become_text() {
        assert_eq!(escape("<b>&\"'\u{7}"), "&lt;b&gt;&amp;&quot;&apos;\u{FFFD}");
    }

    #[test]
    fn footer_text_wraps_at_spaces() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("toolongword x", 4), ["toolongword", "x"]);
    }

    #[test]
    fn shades_split_the_scores_into_five_equal_steps() {
        assert_eq!([0.0, 19.9, 20.0, 99.9, 100.0].map(band), [0, 0, 1, 4, 4]);
    }
}
