//! The world map: land outlines (a static SVG from Natural Earth, projected at build time) and
//! one marker per visible city, sized and shaded by its score's band.
//!
//! Up to [`DENSE_ABOVE`] cities, each is a `<circle data-city-id>` that highlights its list
//! row on hover and selects the city on click. Above it (stress mode), cities are dots on a
//! canvas under the SVG, one element whatever the count, so a rerank stays cheap. The map is a
//! picture for pointer users; the ranked list is its accessible twin.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::model::{Model, RankedView, set_changed};
use super::{effect, true_from_next_task};
use crate::domain::projection::{LonLat, MAP_HEIGHT, MAP_WIDTH, MapPoint, project};
use crate::domain::score::RankedCity;
use crate::ui::format::fixed;

/// Above this many visible cities the map switches to dense drawing.
pub const DENSE_ABOVE: usize = 1500;

/// How many shades the markers use, from the lowest scores to the highest. Each band has its
/// own size too (the stylesheet sets the circles' `r`), so a marker changes only with its band.
const BANDS: usize = 5;

/// A marker's radius, in map units, for a browser without the stylesheet's.
const MARKER_FALLBACK_RADIUS: &str = "5";

/// The shade of a score: `0..BANDS`, or `None` for a city without a score.
fn band(score: Option<f64>) -> Option<usize> {
    let score = score?;
    Some(((score / 100.0 * BANDS as f64) as usize).min(BANDS - 1))
}

/// The shade of `city`'s score in `ranked`: `None` if it has none or is not shown.
fn city_band(ranked: &RankedView, city: usize) -> Option<usize> {
    band(ranked.entry(city).and_then(|e| e.score))
}

fn band_class(band: Option<usize>) -> String {
    match band {
        Some(band) => format!("band-{band}"),
        None => "band-none".into(),
    }
}

/// The world map.
#[component]
pub fn WorldMap() -> impl IntoView {
    let model = Model::expect();
    let points: Vec<MapPoint> = model.dataset.with_value(|d| {
        d.cities()
            .iter()
            .map(|c| {
                project(LonLat {
                    lon: c.lon,
                    lat: c.lat,
                })
            })
            .collect()
    });
    let points = StoredValue::new(points);
    let shown = Memo::new(move |_| model.visible.with(Vec::len));
    let dense = Memo::new(move |_| shown.get() > DENSE_ABOVE);
    let view_box = format!("0 0 {} {}", fixed(MAP_WIDTH, 1), fixed(MAP_HEIGHT, 1));

    // The markers render in a task of their own after the rest of the first view, so that the
    // first render is a shorter task. The land is on screen from the start and the map keeps
    // its size, so nothing moves when they come.
    let markers_shown = true_from_next_task();
    let markers =
        move || (markers_shown.get() && !dense.get()).then(|| city_markers(model, points));
    let hover_label = move || {
        let city = model.highlighted.get()?;
        let point = points.with_value(|p| p.get(city).copied())?;
        let name = model
            .dataset
            .with_value(|d| d.cities().get(city).map(|c| c.name.clone()))?;
        let anchor = if point.x > MAP_WIDTH * 0.75 {
            "end"
        } else {
            "start"
        };
        let dx = if anchor == "end" { -14.0 } else { 14.0 };
        Some(view! {
            <g class="map__hover">
                <circle class="map__halo" cx=fixed(point.x, 1) cy=fixed(point.y, 1) r="14" />
                <text x=fixed(point.x + dx, 1) y=fixed(point.y + 4.0, 1) text-anchor=anchor>
                    {name}
                </text>
            </g>
        })
    };

    view! {
        <figure class="map">
            <div class="map__canvas">
            <img class="map__land" src="data/land.svg" alt="" width="1000" height="487" />
            {move || dense.get().then(|| view! { <DenseMarkers points /> })}
            <svg
                data-testid="world-map"
                role="img"
                viewBox=view_box
                preserveAspectRatio="xMidYMid meet"
                aria-labelledby="map-title map-desc"
            >
                <title id="map-title">"World map of the cities shown"</title>
                <desc id="map-desc">
                    {move || {
                        format!(
                            "{} cities, marked where they are; larger and darker markers score higher. The ranked list holds the same cities as text.",
                            shown.get(),
                        )
                    }}
                </desc>
                {markers}
                {hover_label}
            </svg>
            </div>
            <figcaption class="map__legend">
                <span class="map__legend-scale" aria-hidden="true">
                    {(0..BANDS).map(|b| view! { <span class=format!("swatch band-{b}")></span> }).collect_view()}
                </span>
                " Low to high score. Hollow: too little or no data on the weighted indicators. Land: Natural Earth."
                {move || model.per_capita().then_some(" Per-capita view: counts per million inhabitants.")}
                {move || dense.get().then_some(" Dense drawing: pick cities from the list.")}
            </figcaption>
        </figure>
    }
}

/// One marker per visible city, at `points`. Each city's band (not its score: most slider moves
/// leave a marker's band, so they write nothing) is a signal of its own, which one effect sets
/// from the ranking only where the band changed: a rerank wakes the few markers whose band
/// moved, not a memo per marker.
fn city_markers(model: Model, points: StoredValue<Vec<MapPoint>>) -> impl IntoView {
    let bands: Vec<RwSignal<Option<usize>>> = points.with_value(|p| {
        model.ranked.with_untracked(|r| {
            (0..p.len())
                .map(|city| RwSignal::new(city_band(r, city)))
                .collect()
        })
    });
    let bands = StoredValue::new(bands);
    effect(move || {
        model.ranked.with(|r| {
            bands.with_value(|bands| {
                set_changed(bands, (0..bands.len()).map(|city| city_band(r, city)));
            });
        });
    });
    view! {
        <g class="map__markers">
            <For each=move || model.visible.get() key=|city| *city let:city>
                <Marker
                    city
                    point=points.with_value(|p| p[city])
                    band=bands.with_value(|b| b[city])
                />
            </For>
        </g>
    }
}

/// One city's marker.
#[component]
fn Marker(
    /// The city's index in the dataset.
    city: usize,
    /// Where it sits on the map.
    point: MapPoint,
    /// The band of the city's score.
    band: RwSignal<Option<usize>>,
) -> impl IntoView {
    let model = Model::expect();
    let id = model.dataset.with_value(|d| d.cities()[city].id.clone());
    let class = move || {
        let mut class = format!("marker {}", band_class(band.get()));
        if model.selected.get() == Some(city) {
            class.push_str(" is-selected");
        }
        class
    };
    view! {
        <circle
            data-city-id=id
            class=class
            cx=fixed(point.x, 1)
            cy=fixed(point.y, 1)
            r=MARKER_FALLBACK_RADIUS
            on:mouseenter=move |_| model.highlighted.set(Some(city))
            on:mouseleave=move |_| model.highlighted.set(None)
            on:click=move |_| model.select(Some(city))
        />
    }
}

/// Every visible city as a small square on a canvas. The dots are written straight into a
/// pixel buffer and handed to the canvas in one call, so a rerank of 10,000 cities costs one
/// pass over them, not 10,000 calls into the browser.
#[component]
fn DenseMarkers(
    /// Every city's position, in dataset order.
    points: StoredValue<Vec<MapPoint>>,
) -> impl IntoView {
    let model = Model::expect();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let surface = StoredValue::new_local(None::<Surface>);
    let resizes = RwSignal::new(0_u32);
    let listener = window_event_listener(leptos::ev::resize, move |_| resizes.update(|n| *n += 1));
    on_cleanup(move || listener.remove());
    Effect::new(move |measured_at: Option<u32>| {
        let resized = resizes.get();
        if measured_at != Some(resized) {
            surface.set_value(None);
        }
        let Some(canvas) = canvas.get() else {
            return resized;
        };
        model.ranked.with(|r| {
            points.with_value(|p| {
                surface.update_value(|surface| {
                    if surface.is_none() {
                        *surface = Surface::measure(&canvas, p);
                    }
                    if let Some(surface) = surface {
                        surface.draw(&r.ranking.entries);
                    }
                });
            });
        });
        resized
    });
    view! { <canvas class="map__dots" node_ref=canvas aria-hidden="true"></canvas> }
}

/// The canvas's drawing context, pixel size and band colours, read from the page once per
/// size, so that a redraw never forces the browser to lay the page out; and where each city's
/// dot falls in its pixels, worked out once per size, so that a redraw only fills them in.
struct Surface {
    context: web_sys::CanvasRenderingContext2d,
    width: u32,
    height: u32,
    /// RGBA of dots without a score, then of each band.
    colours: [[u8; 4]; BANDS + 1],
    /// Each city's dot, by its index in the dataset.
    dots: Vec<Dot>,
    pixels: Vec<u8>,
}

/// One city's dot in a [`Surface`]'s pixels: the byte offset of its top-left pixel, and its
/// size in pixels, clipped to the canvas.
#[derive(Clone, Copy)]
struct Dot {
    start: usize,
    columns: usize,
    rows: usize,
}

impl Surface {
    fn measure(canvas: &web_sys::HtmlCanvasElement, points: &[MapPoint]) -> Option<Surface> {
        let window = web_sys::window()?;
        let context = canvas
            .get_context("2d")
            .ok()
            .flatten()?
            .dyn_into::<web_sys::CanvasRenderingContext2d>()
            .ok()?;
        let ratio = window.device_pixel_ratio().clamp(1.0, 4.0);
        let width = (f64::from(canvas.client_width()) * ratio).round().max(1.0) as u32;
        let height = (f64::from(canvas.client_height()) * ratio).round().max(1.0) as u32;
        canvas.set_width(width);
        canvas.set_height(height);
        let style = window.get_computed_style(canvas).ok().flatten();
        let mut colours = [[128, 128, 128, 255]; BANDS + 1];
        for (slot, colour) in colours.iter_mut().enumerate() {
            let name = if slot == 0 {
                "--muted".to_owned()
            } else {
                format!("--band-{}", slot - 1)
            };
            if let Some(rgb) = style
                .as_ref()
                .and_then(|s| s.get_property_value(&name).ok())
                .and_then(|v| parse_hex_colour(&v))
            {
                *colour = [rgb[0], rgb[1], rgb[2], 255];
            }
        }
        let (columns, rows) = (width as usize, height as usize);
        let scale = f64::from(width) / MAP_WIDTH;
        let half = ((1.5 * scale).round() as usize).max(1);
        let dots = points
            .iter()
            .map(|point| {
                let (x, y) = ((point.x * scale) as usize, (point.y * scale) as usize);
                let (left, top) = (x.saturating_sub(half), y.saturating_sub(half));
                Dot {
                    start: (top * columns + left) * 4,
                    columns: (x + half).min(columns).saturating_sub(left),
                    rows: (y + half).min(rows).saturating_sub(top),
                }
            })
            .collect();
        Some(Surface {
            context,
            width,
            height,
            colours,
            dots,
            pixels: vec![0; columns * rows * 4],
        })
    }

    fn draw(&mut self, entries: &[RankedCity]) {
        self.pixels.fill(0);
        let stride = self.width as usize * 4;
        for entry in entries {
            let Some(dot) = self.dots.get(entry.city) else {
                continue;
            };
            let colour = self.colours[band(entry.score).map_or(0, |b| b + 1)];
            for row in 0..dot.rows {
                let at = dot.start + row * stride;
                if let Some(run) = self.pixels.get_mut(at..at + dot.columns * 4) {
                    for pixel in run.chunks_exact_mut(4) {
                        pixel.copy_from_slice(&colour);
                    }
                }
            }
        }
        if let Ok(image) = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
            wasm_bindgen::Clamped(&self.pixels),
            self.width,
            self.height,
        ) {
            _ = self.context.put_image_data(&image, 0.0, 0.0);
        }
    }
}

/// `#rrggbb` (with any surrounding spaces) as RGB.
fn parse_hex_colour(value: &str) -> Option<[u8; 3]> {
    let hex = value.trim().strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_cover_the_score_range() {
        assert_eq!(band(None), None);
        assert_eq!(band(Some(0.0)), Some(0));
        assert_eq!(band(Some(39.9)), Some(1));
        assert_eq!(band(Some(100.0)), Some(BANDS - 1));
    }

    #[test]
    fn hex_colours_parse_and_anything_else_is_refused() {
        assert_eq!(parse_hex_colour(" #fde68a"), Some([0xfd, 0xe6, 0x8a]));
        assert_eq!(parse_hex_colour("red"), None);
        assert_eq!(parse_hex_colour("#fff"), None);
    }
}
