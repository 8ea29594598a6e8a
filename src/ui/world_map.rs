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
use crate::domain::format::{fixed, format_score};
use crate::domain::map_labels::{
    LabelRequest, PlacedLabel, ScreenRect, Side, label_limit, place_labels, text_width,
};
use crate::domain::map_view::{MapView, PAN_STEP, REGION_PRESETS, ZOOM_STEP};
use crate::domain::projection::{LonLat, MAP_HEIGHT, MAP_WIDTH, MapPoint, project};
use crate::domain::score::RankedCity;

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

/// The font size of the map's names, in CSS pixels.
const LABEL_FONT_PX: f64 = 12.0;

/// The height of a name's box, in CSS pixels.
const LABEL_HEIGHT_PX: f64 = 15.0;

/// The distance from a marker's centre to its name, in CSS pixels: past the largest marker.
const LABEL_GAP_PX: f64 = 9.0;

/// How far a pointer moves, in CSS pixels, before a press becomes a drag of the map rather than
/// a click on a marker.
const DRAG_THRESHOLD_PX: f64 = 4.0;

/// How long the map is left still before its view reaches the URL.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(300);

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
    let gestures = Gestures::new(model);
    let live = gestures.live;

    // The markers render in a task of their own after the rest of the first view, so that the
    // first render is a shorter task. The land is on screen from the start and the map keeps
    // its size, so nothing moves when they come. The names wait for the map's size, which is
    // read in the task after that, so that reading it never forces a layout of the first view.
    let markers_shown = true_from_next_task();
    let viewport = NodeRef::<leptos::html::Div>::new();
    let size = RwSignal::new(None::<(f64, f64)>);
    let measure = move || {
        if let Some(element) = viewport.get_untracked() {
            let (width, height) = (element.client_width(), element.client_height());
            if width > 0 && height > 0 {
                size.set(Some((f64::from(width), f64::from(height))));
            }
        }
    };
    effect(move || {
        if markers_shown.get() {
            // A task of its own again, so that the names are not part of the markers' task.
            set_timeout(measure, std::time::Duration::ZERO);
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let markers = move || {
        (markers_shown.get() && !dense.get()).then(|| city_markers(model, points, gestures))
    };
    // One transform scales and moves the world; `--zoom` lets the markers divide their sizes
    // by the same zoom.
    let world_style = move || {
        let view = live.get();
        let window = view.window();
        let zoom = fixed(view.zoom(), 2);
        format!(
            "transform: scale({zoom}) translate({}%, {}%); --zoom: {zoom}",
            fixed(-window.left / MAP_WIDTH * 100.0, 3),
            fixed(-window.top / MAP_HEIGHT * 100.0, 3),
        )
    };
    let overlay = move || {
        size.get()
            .map(|size| view! { <MapNames points size live /> })
    };
    let preset_index = move || {
        let view = live.get();
        REGION_PRESETS
            .iter()
            .position(|preset| preset.view() == view)
    };
    let zoom_by =
        move |factor: f64| gestures.jump(live.get_untracked().zoomed_about(factor, (0.5, 0.5)));

    view! {
        <figure class="map">
            <div class="map__tools">
                <button type="button" class="map__zoom" aria-label="Zoom in" on:click=move |_| zoom_by(ZOOM_STEP)>
                    "+"
                </button>
                <button type="button" class="map__zoom" aria-label="Zoom out" on:click=move |_| zoom_by(1.0 / ZOOM_STEP)>
                    "−"
                </button>
                <label class="map__region" for="map-region">"Region"</label>
                <select
                    id="map-region"
                    data-testid="map-region"
                    prop:value=move || preset_index().map_or_else(|| "moved".to_owned(), |i| i.to_string())
                    on:change=move |event| {
                        if let Some(preset) = event_target_value(&event).parse::<usize>().ok().and_then(|i| REGION_PRESETS.get(i)) {
                            gestures.jump(preset.view());
                        }
                    }
                >
                    {REGION_PRESETS.iter().enumerate().map(|(i, preset)| view! { <option value=i.to_string()>{preset.label}</option> }).collect_view()}
                    <option value="moved" disabled=true>"Where you moved it"</option>
                </select>
            </div>
            <div
                class="map__canvas map__viewport"
                node_ref=viewport
                tabindex="0"
                role="group"
                aria-label="Map. Drag, or use the arrow keys, to move it; the wheel, a pinch, or + and − zoom; 0 shows the world."
                data-testid="map-viewport"
                on:keydown=move |event| gestures.key(&event)
                on:wheel=move |event| gestures.wheel(&event, viewport)
                on:pointerdown=move |event| gestures.press(&event)
                on:pointermove=move |event| gestures.pointer_move(&event, viewport)
                on:pointerup=move |event| gestures.release(&event)
                on:pointercancel=move |event| gestures.release(&event)
            >
            <div class="map__world" prop:style=world_style>
            <img class="map__land" src="data/land.svg" alt="" width="1000" height="487" draggable="false" />
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
            </svg>
            </div>
            {move || dense.get().then(|| view! { <DenseMarkers points live /> })}
            {overlay}
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

/// The map's view as the gestures move it, and the gestures in progress.
///
/// A gesture moves [`Gestures::live`], which the map draws; the view reaches the URL (one
/// history entry) once the map has been still for [`SETTLE`]. A change of the URL's view (Back,
/// a link) moves the map to it.
#[derive(Clone, Copy)]
struct Gestures {
    model: Model,
    /// The view on screen.
    live: RwSignal<MapView>,
    /// The pointers down on the map: id and last position in client pixels.
    pointers: StoredValue<Vec<(i32, f64, f64)>>,
    /// How far the pointers have travelled since the press, in CSS pixels.
    travelled: StoredValue<f64>,
    /// Counts the moves, so that only the last one's settle timer writes the URL.
    moves: StoredValue<u32>,
}

impl Gestures {
    fn new(model: Model) -> Gestures {
        let committed = Memo::new(move |_| model.view.with(|v| v.map));
        let live = RwSignal::new(committed.get_untracked());
        effect(move || {
            let committed = committed.get();
            if live.get_untracked() != committed {
                live.set(committed);
            }
        });
        Gestures {
            model,
            live,
            pointers: StoredValue::new(Vec::new()),
            travelled: StoredValue::new(0.0),
            moves: StoredValue::new(0),
        }
    }

    /// Shows `view`, and writes it to the URL once the map has settled.
    fn move_to(self, view: MapView) {
        if self.live.get_untracked() == view {
            return;
        }
        self.live.set(view);
        self.moves.update_value(|n| *n = n.wrapping_add(1));
        let this_move = self.moves.get_value();
        set_timeout(
            move || {
                if self.moves.try_get_value() == Some(this_move) {
                    let view = self.live.get_untracked();
                    self.model.commit(|v| v.map = view);
                }
            },
            SETTLE,
        );
    }

    /// Shows `view` at once and writes it to the URL: a button or a preset.
    fn jump(self, view: MapView) {
        self.moves.update_value(|n| *n = n.wrapping_add(1));
        self.live.set(view);
        self.model.commit(|v| v.map = view);
    }

    /// Whether the last press travelled far enough to be a drag, not a click.
    fn dragged(self) -> bool {
        self.travelled.get_value() > DRAG_THRESHOLD_PX
    }

    fn key(self, event: &web_sys::KeyboardEvent) {
        let view = self.live.get_untracked();
        let moved = match event.key().as_str() {
            "ArrowLeft" => view.panned((-PAN_STEP, 0.0)),
            "ArrowRight" => view.panned((PAN_STEP, 0.0)),
            "ArrowUp" => view.panned((0.0, -PAN_STEP)),
            "ArrowDown" => view.panned((0.0, PAN_STEP)),
            "+" | "=" => view.zoomed_about(ZOOM_STEP, (0.5, 0.5)),
            "-" | "_" => view.zoomed_about(1.0 / ZOOM_STEP, (0.5, 0.5)),
            "0" | "Home" => MapView::WORLD,
            _ => return,
        };
        event.prevent_default();
        self.move_to(moved);
    }

    fn wheel(self, event: &web_sys::WheelEvent, viewport: NodeRef<leptos::html::Div>) {
        let Some(at) = viewport
            .get_untracked()
            .and_then(|e| share_of(&e, event.client_x(), event.client_y()))
        else {
            return;
        };
        // Lines and pages scroll by about 16 and 400 pixels.
        let pixels = event.delta_y()
            * match event.delta_mode() {
                1 => 16.0,
                2 => 400.0,
                _ => 1.0,
            };
        let view = self.live.get_untracked();
        let zoomed = view.zoomed_about((-pixels * 0.002).exp(), at);
        // At the zoom's limit the wheel scrolls the page, as it does off the map.
        if zoomed.zoom() != view.zoom() {
            event.prevent_default();
            self.move_to(zoomed);
        }
    }

    fn press(self, event: &web_sys::PointerEvent) {
        if event.pointer_type() == "mouse" && event.button() != 0 {
            return;
        }
        self.pointers.update_value(|pointers| {
            if pointers.is_empty() {
                self.travelled.set_value(0.0);
            }
            pointers.retain(|p| p.0 != event.pointer_id());
            pointers.push((
                event.pointer_id(),
                f64::from(event.client_x()),
                f64::from(event.client_y()),
            ));
        });
    }

    fn pointer_move(self, event: &web_sys::PointerEvent, viewport: NodeRef<leptos::html::Div>) {
        let id = event.pointer_id();
        let now = (f64::from(event.client_x()), f64::from(event.client_y()));
        let Some(before) = self
            .pointers
            .with_value(|p| p.iter().find(|p| p.0 == id).copied())
        else {
            return;
        };
        let Some(element) = viewport.get_untracked() else {
            return;
        };
        let rect = element.get_bounding_client_rect();
        let (width, height) = (rect.width(), rect.height());
        if width <= 0.0 || height <= 0.0 {
            return;
        }
        self.pointers.update_value(|pointers| {
            if let Some(p) = pointers.iter_mut().find(|p| p.0 == id) {
                (p.1, p.2) = now;
            }
        });
        let (dx, dy) = (now.0 - before.1, now.1 - before.2);
        self.travelled
            .update_value(|t| *t += (dx * dx + dy * dy).sqrt());
        if !self.dragged() {
            return;
        }
        _ = element.set_pointer_capture(id);
        let view = self.live.get_untracked();
        let others: Vec<(f64, f64)> = self
            .pointers
            .with_value(|p| p.iter().filter(|p| p.0 != id).map(|p| (p.1, p.2)).collect());
        let moved = match others.first() {
            // A pinch: the two fingers' midpoint follows them, and the zoom follows their spread.
            Some(&(ox, oy)) => {
                let spread = |x: f64, y: f64| ((x - ox).powi(2) + (y - oy).powi(2)).sqrt().max(1.0);
                let factor = spread(now.0, now.1) / spread(before.1, before.2);
                let middle = (
                    ((now.0 + ox) / 2.0 - rect.left()) / width,
                    ((now.1 + oy) / 2.0 - rect.top()) / height,
                );
                view.zoomed_about(factor, middle)
                    .panned((-dx / 2.0 / width, -dy / 2.0 / height))
            }
            None => view.panned((-dx / width, -dy / height)),
        };
        self.move_to(moved);
    }

    fn release(self, event: &web_sys::PointerEvent) {
        self.pointers
            .update_value(|pointers| pointers.retain(|p| p.0 != event.pointer_id()));
    }
}

/// Where `(x, y)`, in client pixels, falls on `element`, as shares of its width and height.
fn share_of(element: &web_sys::Element, x: i32, y: i32) -> Option<(f64, f64)> {
    let rect = element.get_bounding_client_rect();
    (rect.width() > 0.0 && rect.height() > 0.0).then(|| {
        (
            (f64::from(x) - rect.left()) / rect.width(),
            (f64::from(y) - rect.top()) / rect.height(),
        )
    })
}

/// One thing the map writes over its markers: a name, a ring, or both.
#[derive(Debug, Clone, PartialEq)]
struct Mark {
    /// The class of its group: what kind of mark it is.
    class: &'static str,
    /// Its city's marker on screen, and the radius of a ring around it.
    ring: Option<((f64, f64), &'static str)>,
    /// Where its text goes, and the text.
    text: Option<(PlacedLabel, String)>,
}

/// What the map writes over its markers, in screen pixels: the selected city's ring and name,
/// the names of the leading cities, and the rank and score of the city pointed at or focused in
/// the list.
#[component]
fn MapNames(
    /// Every city's position, in dataset order.
    points: StoredValue<Vec<MapPoint>>,
    /// The map's size in CSS pixels.
    size: (f64, f64),
    /// The view on screen.
    live: RwSignal<MapView>,
) -> impl IntoView {
    let model = Model::expect();
    let (width, height) = size;
    // Where `city` is on screen under `view`, if it is.
    let on_screen = move |view: MapView, city: usize| -> Option<(f64, f64)> {
        let (x, y) = view.to_view(points.with_value(|p| p.get(city).copied())?);
        ((0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y)).then_some((x * width, y * height))
    };
    let name_of = move |city: usize| {
        model
            .dataset
            .with_value(|d| d.cities().get(city).map(|c| c.name.clone()))
    };
    let request = |city: usize, at: (f64, f64), text: &str| LabelRequest {
        key: city,
        at,
        gap: LABEL_GAP_PX,
        width: text_width(text, LABEL_FONT_PX),
        height: LABEL_HEIGHT_PX,
    };
    // One name, wherever it fits apart from `taken`.
    let alone = move |city: usize, at: (f64, f64), text: String, taken: &[ScreenRect]| {
        place_labels([request(city, at, &text)], size, taken, 1)
            .first()
            .map(|placed| (*placed, text))
    };
    // During a slider's drag the names stay where they are, as the rows out of sight do in the
    // list: placed anew at every step they would jump about unread, and each step would rewrite
    // them. They are placed for the new ranking when the drag ends.
    let marks = Memo::new(move |previous: Option<&Vec<Mark>>| {
        if let Some(previous) = previous.filter(|_| model.dragged_weight.with(Option::is_some)) {
            return previous.clone();
        }
        let view = live.get();
        let on_screen = |city: usize| on_screen(view, city);
        let mut marks = Vec::new();
        let selected = model.selected.get();
        let mut taken = Vec::new();
        if let Some((city, at, name)) = selected.and_then(|c| Some((c, on_screen(c)?, name_of(c)?)))
        {
            let text = alone(city, at, name, &[]);
            taken.extend(text.iter().map(|(placed, _)| placed.rect));
            marks.push(Mark {
                class: "map__selected",
                ring: Some((at, "13")),
                text,
            });
        }
        model.ranked.with(|ranked| {
            let limit = label_limit(view.zoom());
            let requests = ranked
                .ranking
                .entries
                .iter()
                .filter(|entry| entry.rank.is_some() && Some(entry.city) != selected)
                .filter_map(|entry| Some((entry.city, on_screen(entry.city)?)))
                .take(limit * 8)
                .filter_map(|(city, at)| Some(request(city, at, &name_of(city)?)));
            for placed in place_labels(requests, size, &taken, limit) {
                if let Some(name) = name_of(placed.key) {
                    marks.push(Mark {
                        class: "map__name",
                        ring: None,
                        text: Some((placed, name)),
                    });
                }
            }
        });
        marks
    });
    // The city pointed at or focused in the list, apart from the names, so that pointing at
    // cities does not place the names anew: its ring, with its rank and score wherever they fit.
    let hovered = Memo::new(move |_| {
        let city = model.highlighted.get()?;
        let at = on_screen(live.get(), city)?;
        let name = name_of(city)?;
        let standing = model.ranked.with(|ranked| {
            let entry = ranked.entry(city)?;
            Some(match (entry.rank, entry.score) {
                (Some(rank), Some(score)) => format!("{name} · #{rank} · {}", format_score(score)),
                _ => format!("{name} · no rank"),
            })
        })?;
        Some(Mark {
            class: "map__hover",
            ring: Some((at, "11")),
            text: alone(city, at, standing, &[]),
        })
    });
    let text = |(placed, text): (PlacedLabel, String)| {
        let rect = placed.rect;
        let (x, anchor) = match placed.side {
            Side::Right => (rect.left, "start"),
            Side::Left => (rect.left + rect.width, "end"),
            Side::Above | Side::Below => (rect.left + rect.width / 2.0, "middle"),
        };
        view! {
            <text x=fixed(x, 1) y=fixed(rect.top + LABEL_HEIGHT_PX * 0.8, 1) text-anchor=anchor>{text}</text>
        }
    };
    let mark_view = move |mark: Mark| {
        view! {
            <g class=mark.class>
                {mark.ring.map(|((x, y), r)| view! { <circle cx=fixed(x, 1) cy=fixed(y, 1) r=r /> })}
                {mark.text.map(text)}
            </g>
        }
    };
    view! {
        <svg class="map__names" aria-hidden="true" viewBox=format!("0 0 {} {}", fixed(width, 0), fixed(height, 0))>
            {move || marks.get().into_iter().map(mark_view).collect_view()}
            {move || hovered.get().map(mark_view)}
        </svg>
    }
}

/// One marker per visible city, at `points`. Each city's band (not its score: most slider moves
/// leave a marker's band, so they write nothing) is a signal of its own, which one effect sets
/// from the ranking only where the band changed: a rerank wakes the few markers whose band
/// moved, not a memo per marker.
fn city_markers(
    model: Model,
    points: StoredValue<Vec<MapPoint>>,
    gestures: Gestures,
) -> impl IntoView {
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
                    gestures
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
    /// The map's gestures: a press that dragged the map is not a click on the marker.
    gestures: Gestures,
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
            on:click=move |_| {
                if !gestures.dragged() {
                    model.select(Some(city));
                }
            }
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
    /// The view on screen.
    live: RwSignal<MapView>,
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
        let view = live.get();
        model.ranked.with(|r| {
            points.with_value(|p| {
                surface.update_value(|surface| {
                    if surface.is_none() {
                        *surface = Surface::measure(&canvas);
                    }
                    if let Some(surface) = surface {
                        surface.place(p, view);
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
/// dot falls in its pixels, worked out once per size and map view, so that a redraw for a
/// rerank only fills them in.
struct Surface {
    context: web_sys::CanvasRenderingContext2d,
    width: u32,
    height: u32,
    /// RGBA of dots without a score, then of each band.
    colours: [[u8; 4]; BANDS + 1],
    /// Each city's dot, by its index in the dataset, for the view `placed_for`.
    dots: Vec<Dot>,
    placed_for: Option<MapView>,
    pixels: Vec<u8>,
}

/// One city's dot in a [`Surface`]'s pixels: the byte offset of its top-left pixel, and its
/// size in pixels, clipped to the canvas (none for a city off it).
#[derive(Clone, Copy)]
struct Dot {
    start: usize,
    columns: usize,
    rows: usize,
}

impl Surface {
    fn measure(canvas: &web_sys::HtmlCanvasElement) -> Option<Surface> {
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
        Some(Surface {
            context,
            width,
            height,
            colours,
            dots: Vec::new(),
            placed_for: None,
            pixels: vec![0; width as usize * height as usize * 4],
        })
    }

    /// Works out where each of `points` falls in the pixels under `view`, unless it is known.
    fn place(&mut self, points: &[MapPoint], view: MapView) {
        if self.placed_for == Some(view) && self.dots.len() == points.len() {
            return;
        }
        let (columns, rows) = (self.width as usize, self.height as usize);
        let half = ((1.5 * f64::from(self.width) / MAP_WIDTH).round() as usize).max(1);
        let clip = |at: f64, extent: usize| {
            let at = at.floor();
            let start = (at - half as f64).max(0.0);
            let end = (at + half as f64).min(extent as f64);
            (start as usize, (end - start).max(0.0) as usize)
        };
        self.dots = points
            .iter()
            .map(|&point| {
                let (x, y) = view.to_view(point);
                let (left, columns_drawn) = clip(x * columns as f64, columns);
                let (top, rows_drawn) = clip(y * rows as f64, rows);
                Dot {
                    start: (top * columns + left) * 4,
                    columns: columns_drawn,
                    rows: rows_drawn,
                }
            })
            .collect();
        self.placed_for = Some(view);
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
                    run.as_chunks_mut::<4>().0.fill(colour);
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
