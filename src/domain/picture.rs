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

/// `text` as it may stand in SVG text or a double-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0; a user's file may hold them.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => escaped.push('\u{FFFD}'),
            c => escaped.push(c),
        }
    }
    escaped
}

/// The shade of a score, as [`BAND_COLOURS`] index: the page's five equal steps of 20 points.
fn band(score: f64) -> usize {
    ((score / 100.0 * BAND_COLOURS.len() as f64) as usize).min(BAND_COLOURS.len() - 1)
}

/// The paths of `land_svg` (the build's `data/land.svg`) in the picture's colours.
fn land_paths(land_svg: &str) -> String {
    let mut paths = String::new();
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
        // Only the path's `d` is kept: the picture stands alone, without the page's styles.
        if let Some(d) = path.split("d=\"").nth(1).and_then(|d| d.split('"').next()) {
            _ = write!(paths, "<path fill=\"{fill}\" d=\"{}\"/>", escape(d));
        }
        rest = &rest[start + end + 2..];
    }
    paths
}

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

/// The view as an SVG document, with `land_svg` as its map's land.
pub fn view_svg(dataset: &Dataset, request: &ExportRequest, land_svg: &str) -> String {
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
    let mut svg = String::new();
    _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {MAP_WIDTH} {height}\" width=\"{MAP_WIDTH}\" height=\"{height}\" font-family=\"system-ui, sans-serif\">"
    );
    _ = write!(
        svg,
        "<title>AI Cities Index: the top {} of {} ranked cities under this view's weights</title>",
        rows.len(),
        ranking.ranked_count()
    );
    _ = write!(
        svg,
        "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
    );
    svg.push_str("<g data-part=\"map\">");
    svg.push_str(&land_paths(land_svg));
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
        let paint = match entry.score {
            Some(score) => format!("fill=\"{}\" stroke=\"#ffffff\"", BAND_COLOURS[band(score)]),
            None => format!("fill=\"none\" stroke=\"{MUTED}\""),
        };
        _ = write!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\" {paint} stroke-width=\"1\"><title>{}</title></circle>",
            point.x,
            point.y,
            escape(&city.name)
        );
    }
    svg.push_str("</g>");

    _ = write!(
        svg,
        "<text x=\"24\" y=\"{:.1}\" font-size=\"22\" font-weight=\"700\" fill=\"{TEXT}\">AI Cities Index: the top {}</text>",
        list_top - 24.0,
        rows.len()
    );
    svg.push_str("<g data-part=\"list\">");
    for (at, entry) in rows.iter().enumerate() {
        let Some(city) = dataset.cities().get(entry.city) else {
            continue;
        };
        let y = list_top + ROW_HEIGHT * at as f64;
        let rank = entry.rank.map_or_else(|| "–".to_owned(), |r| r.to_string());
        let score = entry
            .score
            .map_or_else(|| "no score".to_owned(), |s| format!("{s:.1}"));
        let country = if city.country_name.is_empty() {
            String::new()
        } else {
            format!(
                "<tspan fill=\"{MUTED}\" font-weight=\"400\"> {}</tspan>",
                escape(&city.country_name)
            )
        };
        _ = write!(
            svg,
            "<g data-city-id=\"{}\"><text x=\"60\" y=\"{y:.1}\" font-size=\"16\" font-weight=\"700\" text-anchor=\"end\" fill=\"{TEXT}\" data-field=\"rank\">{rank}</text><text x=\"76\" y=\"{y:.1}\" font-size=\"16\" font-weight=\"600\" fill=\"{TEXT}\"><tspan data-field=\"city\">{}</tspan>{country}</text><text x=\"700\" y=\"{y:.1}\" font-size=\"16\" font-weight=\"600\" text-anchor=\"end\" fill=\"{TEXT}\" data-field=\"score\">{score}</text>",
            escape(&city.id),
            escape(&city.name)
        );
        if let Some(score) = entry.score {
            _ = write!(
                svg,
                "<rect x=\"720\" y=\"{:.1}\" width=\"{:.1}\" height=\"10\" fill=\"{}\"/>",
                y - 10.0,
                score.clamp(0.0, 100.0) * 2.5,
                BAND_COLOURS[band(score)]
            );
        }
        svg.push_str("</g>");
    }
    svg.push_str("</g>");

    svg.push_str("<g data-part=\"footer\">");
    for (at, line) in footer.iter().enumerate() {
        _ = write!(
            svg,
            "<text x=\"24\" y=\"{:.1}\" font-size=\"12\" fill=\"{MUTED}\">{}</text>",
            footer_top + 18.0 * at as f64,
            escape(line)
        );
    }
    svg.push_str("</g></svg>\n");
    svg
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
