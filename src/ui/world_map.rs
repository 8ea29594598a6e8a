//! The world map: land outlines (a static SVG from Natural Earth, projected at build time) and
//! one marker per visible city, sized and shaded by score.
//!
//! Up to [`DENSE_ABOVE`] cities, each is a `<circle data-city-id>` that highlights its list
//! row on hover and selects the city on click. Above it (stress mode), cities are drawn as
//! one `<path>` per score band, a few elements whatever the count, so a rerank stays within a
//! frame. The map is a picture for pointer users; the ranked list is its accessible twin.

use std::fmt::Write as _;

use leptos::prelude::*;

use super::model::Model;
use crate::domain::projection::{LonLat, MAP_HEIGHT, MAP_WIDTH, MapPoint, project};

/// Above this many visible cities the map switches to dense drawing.
pub const DENSE_ABOVE: usize = 1500;

/// How many shades the markers use, from the lowest scores to the highest.
const BANDS: usize = 5;

/// The shade of a score: `0..BANDS`, or `None` for a city without a score.
fn band(score: Option<f64>) -> Option<usize> {
    let score = score?;
    Some(((score / 100.0 * BANDS as f64) as usize).min(BANDS - 1))
}

/// A marker's radius in map units: larger for higher scores, never zero.
fn radius(score: Option<f64>) -> f64 {
    3.5 + 7.5 * score.unwrap_or(0.0).clamp(0.0, 100.0) / 100.0
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
    let view_box = format!("0 0 {MAP_WIDTH} {MAP_HEIGHT}");

    let markers = move || {
        if dense.get() {
            view! { <DenseMarkers points /> }.into_any()
        } else {
            view! {
                <g class="map__markers">
                    <For each=move || model.visible.get() key=|city| *city let:city>
                        <Marker city point=points.with_value(|p| p[city]) />
                    </For>
                </g>
            }
            .into_any()
        }
    };
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
                <circle class="map__halo" cx=point.x cy=point.y r="14" />
                <text x=point.x + dx y=point.y + 4.0 text-anchor=anchor>
                    {name}
                </text>
            </g>
        })
    };

    view! {
        <figure class="map">
            <div class="map__canvas">
            <img class="map__land" src="data/land.svg" alt="" width="1000" height="487" />
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
                " Low to high score. Hollow: no data on the weighted indicators. Land: Natural Earth."
                <Show when=move || dense.get()>
                    " Dense drawing: pick cities from the list."
                </Show>
            </figcaption>
        </figure>
    }
}

/// One city's marker.
#[component]
fn Marker(
    /// The city's index in the dataset.
    city: usize,
    /// Where it sits on the map.
    point: MapPoint,
) -> impl IntoView {
    let model = Model::expect();
    let id = model.dataset.with_value(|d| d.cities()[city].id.clone());
    let score = Memo::new(move |_| {
        model
            .ranked
            .with(|r| r.entry(city).and_then(|e| e.score.score))
    });
    let class = move || {
        let mut class = format!("marker {}", band_class(band(score.get())));
        if model.selected.get() == Some(city) {
            class.push_str(" is-selected");
        }
        class
    };
    view! {
        <circle
            data-city-id=id
            class=class
            cx=format!("{:.1}", point.x)
            cy=format!("{:.1}", point.y)
            r=move || format!("{:.2}", radius(score.get()))
            on:mouseenter=move |_| model.highlighted.set(Some(city))
            on:mouseleave=move |_| model.highlighted.set(None)
            on:click=move |_| model.select(Some(city))
        />
    }
}

/// Every visible city as a dot, one `<path>` per score band.
#[component]
fn DenseMarkers(
    /// Every city's position, in dataset order.
    points: StoredValue<Vec<MapPoint>>,
) -> impl IntoView {
    let model = Model::expect();
    let paths = Memo::new(move |_| {
        let mut paths = vec![String::new(); BANDS + 1];
        model.ranked.with(|r| {
            points.with_value(|points| {
                for entry in &r.ranking.entries {
                    let slot = band(entry.score.score).unwrap_or(BANDS);
                    let point = points[entry.city];
                    _ = write!(paths[slot], "M{:.1} {:.1}h0", point.x, point.y);
                }
            });
        });
        paths
    });
    (0..=BANDS)
        .map(|slot| {
            let class = if slot == BANDS { band_class(None) } else { band_class(Some(slot)) };
            view! { <path class=format!("map__dots {class}") d=move || paths.with(|p| p[slot].clone()) /> }
        })
        .collect_view()
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
    fn radius_grows_with_score() {
        assert!(radius(Some(80.0)) > radius(Some(20.0)));
        assert!(radius(None) > 0.0);
    }
}
