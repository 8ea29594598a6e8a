//! The ranked list: the accessible twin of the map. Every visible city is one row with its
//! rank, name, country, score, the movement against the default weights and a bar of what
//! each indicator contributes.
//!
//! Rows are slots keyed by position: a rerank rewrites their text in place instead of moving
//! DOM nodes, which measured two to three times cheaper in Chromium (moved nodes are styled and
//! laid out from scratch), and focus follows the focused city to its new slot. Above
//! [`VIRTUALISE_ABOVE`] rows (stress mode), only the slots in and near the scrolled window are
//! in the document, each [`ROW_HEIGHT_PX`] tall, with padding standing in for the rest.
//!
//! While a weight slider is dragged, each move brings only the rows in sight (those in both the
//! scroller's window and the browser's) up to date; the others, which the browser would still
//! lay out and paint, catch up once the drag ends, [`ROWS_PER_TASK`] more either side of those
//! in sight per frame, so the drag's end is no long frame either. The list is `aria-busy` till
//! every row has caught up.
//!
//! On its first render the list fills in steps: [`FIRST_ROWS`] rows at once, enough for a
//! phone's first screen, then [`ROWS_PER_TASK`] more per browser task, so the page's first
//! render is not one long task that keeps a phone from answering input; the list is `aria-busy`
//! until it is whole.

use std::ops::Range;
use std::time::Duration;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::analysis::BandsView;
use super::format::{format_score, movement};
use super::model::Model;
use super::{effect, group_class};
use crate::domain::dataset::Group;
use crate::domain::score::{Basis, Unranked, city_score, contributions};
use crate::ui::format::fixed;

/// Lists longer than this are virtualised.
pub const VIRTUALISE_ABOVE: usize = 200;

/// The height of every row; CSS reads it as `--row-height`.
pub const ROW_HEIGHT_PX: usize = 52;

/// How many rows a virtualised list keeps in the document: enough to fill a tall screen, with
/// spare rows above and below so a fast scroll never shows a gap.
const WINDOW_ROWS: usize = 64;

/// How many rows the first render puts in the document at once: more than a phone's first
/// screen shows below the map. A desktop's taller list gets its other rows from the next tasks;
/// every row in the first render lengthens its task, which is a long task on a phone.
pub const FIRST_ROWS: usize = 8;

/// How many more rows each step brings in: a task's worth while the list first fills, and a
/// frame's worth either side of the rows in sight while the rows a drag left out catch up.
pub const ROWS_PER_TASK: usize = 16;

/// A frame's time at 60 Hz: the steps of the catching up after a drag are this far apart, so
/// each lands in a frame of its own.
const FRAME: Duration = Duration::from_millis(16);

/// The rows to render for a list of `len` rows scrolled to `scroll_top` pixels.
fn rendered_rows(len: usize, scroll_top: f64) -> Range<usize> {
    if len <= VIRTUALISE_ABOVE {
        return 0..len;
    }
    let first_visible = (scroll_top.max(0.0) / ROW_HEIGHT_PX as f64) as usize;
    let start = first_visible
        .saturating_sub(WINDOW_ROWS / 4)
        .min(len.saturating_sub(WINDOW_ROWS));
    start..(start + WINDOW_ROWS).min(len)
}

/// Where a scroller stands, in CSS pixels: what [`content_on_screen`] needs to know.
#[derive(Clone, Copy)]
struct ScrollerBox {
    /// How far its content is scrolled.
    scroll_top: f64,
    /// The height of its window onto the content.
    client_height: f64,
    /// Where the scroller starts, from the top of the browser's window (negative once the page
    /// has scrolled it past the top).
    top: f64,
    /// The height of the browser's window.
    window_height: f64,
}

/// The band of a scroller's content, in pixels from the content's top, that is on screen: the
/// part of the scroller's window that lies inside the browser's. Empty, at the nearer edge,
/// when the scroller is off screen.
fn content_on_screen(scroller: ScrollerBox) -> Range<f64> {
    let ScrollerBox {
        scroll_top,
        client_height,
        top,
        window_height,
    } = scroller;
    let client_height = client_height.max(0.0);
    let from = (-top).max(0.0).min(client_height);
    let to = (window_height - top).min(client_height).max(from);
    (scroll_top + from)..(scroll_top + to)
}

/// The rows of a list whose content `on_screen` (pixels from the list's top) is on screen, in
/// whole or in part. No margin beyond them: a row more either side cost each move of a drag more
/// than it saved, which is a frame or two of a stale row at the edge when the page is scrolled in
/// mid-drag, before the page answers the scroll.
fn rows_in_sight(on_screen: &Range<f64>) -> Range<usize> {
    let row = ROW_HEIGHT_PX as f64;
    let first = (on_screen.start.max(0.0) / row) as usize;
    let last = (on_screen.end.max(0.0) / row).ceil() as usize;
    first..last
}

/// The band of the list's content on screen, in pixels from its top, as two signals.
#[derive(Clone, Copy)]
struct OnScreen {
    from: RwSignal<f64>,
    to: RwSignal<f64>,
}

impl OnScreen {
    /// All of the list, until it is measured.
    fn new() -> OnScreen {
        OnScreen {
            from: RwSignal::new(0.0),
            to: RwSignal::new(f64::INFINITY),
        }
    }

    fn set(self, band: Range<f64>) {
        self.from.set(band.start);
        self.to.set(band.end);
    }

    /// The rows in sight; a reactive read.
    fn rows_in_sight(self) -> Range<usize> {
        rows_in_sight(&(self.from.get()..self.to.get()))
    }
}

/// The rows `reach` rows beyond `in_sight` either side: those that follow the ranking while the
/// rows a drag left out catch up.
fn widened(in_sight: Range<usize>, reach: usize) -> Range<usize> {
    in_sight.start.saturating_sub(reach)..in_sight.end.saturating_add(reach)
}

/// Takes the next step of a list filling or catching up in steps (`steps` rows so far, `None`
/// once done): [`ROWS_PER_TASK`] more, after `delay`.
fn step_after(steps: RwSignal<Option<usize>>, delay: Duration) {
    // `try_update`: the list may be gone (another dataset) by the time this runs.
    set_timeout(
        move || _ = steps.try_update(|s| *s = s.map(|n| n + ROWS_PER_TASK)),
        delay,
    );
}

/// The first `filled` rows of `rows`: what the list shows while it first fills.
fn filled_rows(rows: Range<usize>, filled: usize) -> Range<usize> {
    rows.start..rows.end.min(rows.start.saturating_add(filled))
}

/// The ranked list.
#[component]
pub fn RankedList() -> impl IntoView {
    let model = Model::expect();
    let scroll_top = RwSignal::new(0.0_f64);
    let len = Memo::new(move |_| model.ranked.with(|r| r.ranking.entries.len()));
    let virtualised = Memo::new(move |_| len.get() > VIRTUALISE_ABOVE);
    // How many rows the list may hold while it first fills; `None` once it is whole.
    let filling = RwSignal::new(Some(FIRST_ROWS));
    let rows = Memo::new(move |_| {
        let rows = rendered_rows(len.get(), scroll_top.get());
        match filling.get() {
            Some(filled) => filled_rows(rows, filled),
            None => rows,
        }
    });
    effect(move || {
        let Some(filled) = filling.get() else { return };
        if filled >= rendered_rows(len.get(), scroll_top.get_untracked()).len() {
            filling.set(None);
        } else {
            step_after(filling, Duration::ZERO);
        }
    });
    // The list's content on screen, measured when a drag starts and on every scroll during
    // one; until the first drag, all of it counts as on screen.
    let on_screen = OnScreen::new();
    let no_weights = Memo::new(move |_| model.ranked.with(|r| r.ranking.no_weights));
    let ranked_count = Memo::new(move |_| model.ranked.with(|r| r.ranking.ranked_count()));
    let city_count = model.dataset.with_value(|d| d.cities().len());
    let scroller = NodeRef::<html::Div>::new();
    let measure_on_screen = move || {
        if model.dragged_weight.with_untracked(Option::is_some)
            && let Some(element) = scroller.get_untracked()
        {
            on_screen.set(content_on_screen(scroller_box(&element)));
        }
    };
    effect(move || {
        if model.dragged_weight.with(Option::is_some) {
            measure_on_screen();
        }
    });
    let page_scrolled = window_event_listener(leptos::ev::scroll, move |_| measure_on_screen());
    on_cleanup(move || page_scrolled.remove());
    // How many rows beyond those in sight follow the ranking while the rows a drag left out
    // catch up, or `None` when every row does. It holds at 0 through a drag, so those rows wait
    // from the drag's end till the reach, growing by `ROWS_PER_TASK` a frame, gets to them; it
    // ends once it spans as many rows as the list holds.
    let catching_up = RwSignal::new(None::<usize>);
    effect(move || {
        if model.dragged_weight.with(Option::is_some) {
            // Back to 0 if a step of an earlier drag's catching up comes in during this one.
            if catching_up.get() != Some(0) {
                catching_up.set(Some(0));
            }
            return;
        }
        let Some(reach) = catching_up.get() else {
            return;
        };
        if reach >= rows.with_untracked(ExactSizeIterator::len) {
            catching_up.set(None);
        } else {
            step_after(catching_up, FRAME);
        }
    });
    let slots = StoredValue::new(Slots {
        groups: model
            .dataset
            .with_value(|d| d.indicators().iter().map(|i| i.group).collect()),
        rows: Vec::new(),
    });
    effect(move || {
        model.ranked.track();
        model.weights.track();
        model.default_ranks.track();
        model.highlighted.track();
        model.selected.track();
        model.bands.track();
        let set_size = len.get();
        // While a slider is dragged, the rows out of sight keep showing what they showed, and
        // go on doing so after the drag till the list's catching up reaches them.
        let reach = if model.dragged_weight.with(Option::is_some) {
            Some(0)
        } else {
            catching_up.get()
        };
        let updated = reach.map_or(0..usize::MAX, |reach| {
            widened(on_screen.rows_in_sight(), reach)
        });
        slots.update_value(|slots| slots.update(model, set_size, &updated));
    });
    let last_focused = StoredValue::new(None::<usize>);

    effect(move || {
        let position = model.ranked.with(|r| {
            let city = last_focused.get_value()?;
            r.position_by_city.get(city).copied().flatten()
        });
        follow_focus(position);
    });

    let padding = move |before: bool| {
        if !virtualised.get() {
            return None;
        }
        let range = rows.get();
        let hidden = if before {
            range.start
        } else {
            len.get() - range.end
        };
        Some(format!("{}px", hidden * ROW_HEIGHT_PX))
    };

    view! {
        <section class="ranking" aria-labelledby="ranking-title">
            <h2 id="ranking-title">"Ranking"</h2>
            <p class="ranking__legend">
                "Score 0–100 under your weights. Arrows compare with the default weights. Bars show what each indicator adds; “80% data” means the city's data covers 80% of the weight."
            </p>
            <p class="ranking__count" data-testid="ranked-count">
                {move || {
                    let shown = len.get();
                    let hidden = if shown < city_count {
                        format!(" ({shown} shown by the filters)")
                    } else {
                        String::new()
                    };
                    format!(
                        "{} of {city_count} cities ranked{hidden}; a city whose data covers less than {}% of the weight is listed as having too little data to rank.",
                        ranked_count.get(),
                        model.view.with(|v| v.min_coverage_percent),
                    )
                }}
                {move || (model.basis.get() == Basis::PerMillion).then_some(" Per-capita view: counts are per million inhabitants.")}
            </p>
            <p class="ranking__bands" data-testid="band-status" role="status">
                {move || model.bands.with(|bands| match bands {
                    BandsView::Pending => "Rank bands: computing how much each rank depends on the weights…".to_owned(),
                    BandsView::Ready(..) => "“#3–7”: the ranks a city takes in 90% of the weightings drawn around yours; the city detail says more.".to_owned(),
                    BandsView::Failed(why) => format!("Rank bands are unavailable: {why}. The ranking itself is unaffected."),
                })}
            </p>
            {move || {
                no_weights
                    .get()
                    .then(|| view! {
                        <p class="ranking__empty" role="status">
                            "All weights are 0, so nothing is ranked. Raise a weight or pick a preset."
                        </p>
                    })
            }}
            {move || {
                (len.get() == 0)
                    .then(|| view! {
                        <p class="ranking__empty" role="status">
                            "No city matches these filters."
                        </p>
                    })
            }}
            <div
                class="ranking__scroller"
                node_ref=scroller
                on:scroll=move |_| {
                    if let Some(element) = scroller.get_untracked() {
                        scroll_top.set(f64::from(element.scroll_top()));
                    }
                    measure_on_screen();
                }
            >
                <ol
                    class="ranking__list"
                    data-testid="ranked-list"
                    aria-busy=move || {
                        let dragged = model.dragged_weight.with(Option::is_some);
                        let waiting = catching_up.with(Option::is_some) || filling.with(Option::is_some);
                        (dragged || waiting).then_some("true")
                    }
                    class:ranking__list--virtual=move || virtualised.get()
                    style:padding-top=move || padding(true)
                    style:padding-bottom=move || padding(false)
                    style=format!("--row-height: {ROW_HEIGHT_PX}px")
                >
                    <For each=move || rows.get() key=|position| *position let:position>
                        <CityRow position set_size=len slots last_focused />
                    </For>
                </ol>
            </div>
        </section>
    }
}

/// Where `scroller` stands now.
fn scroller_box(scroller: &web_sys::HtmlElement) -> ScrollerBox {
    let window_height = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .map_or(f64::INFINITY, |root| f64::from(root.client_height()));
    ScrollerBox {
        scroll_top: f64::from(scroller.scroll_top()),
        client_height: f64::from(scroller.client_height()),
        top: scroller.get_bounding_client_rect().top(),
        window_height,
    }
}

/// Keeps keyboard focus on the city that had it. Rows are slots keyed by position, so after a
/// rerank the focused slot may show another city; focus then moves to the slot at the focused
/// city's new `position`, if it is rendered. Slots are found by position, not by the city they
/// show, so it works whether or not the slots have been rewritten yet.
fn follow_focus(position: Option<u32>) {
    let Some(position) = position else { return };
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(active) = document.active_element() else {
        return;
    };
    let Ok(Some(focused_row)) = active.closest("li.city-row") else {
        return;
    };
    let slot = (position + 1).to_string();
    if focused_row.get_attribute("aria-posinset").as_deref() == Some(slot.as_str()) {
        return;
    }
    let selector = format!("li[aria-posinset=\"{slot}\"] .city-row__name");
    if let Ok(Some(button)) = document.query_selector(&selector)
        && let Ok(button) = button.dyn_into::<web_sys::HtmlElement>()
    {
        _ = button.focus();
    }
}

/// Everything one slot of the list shows, as derived from the model. The list's update compares
/// it with what the slot showed before and writes only what differs.
#[derive(Debug, Clone, PartialEq, Default)]
struct RowView {
    /// The city in the slot, or `usize::MAX` for a slot past the end of the ranking (while a
    /// virtualised window catches up). Its id, name and country are read from the dataset when
    /// it changes.
    city: usize,
    rank: String,
    score: String,
    /// The classes of the score's text: a fixed box, as wide as four characters ("99.9"), so a
    /// new score lays out that box alone; "100.0" and "no score" take the width they need.
    score_class: &'static str,
    /// The movement against the default weights: its symbol and its spoken form.
    movement: (String, String),
    movement_class: &'static str,
    bar: String,
    coverage: String,
    set_size: usize,
    highlighted: bool,
    selected: bool,
}

impl RowView {
    /// The slot at `position` of a ranking of `set_size` rows. It reads the model untracked: the
    /// list's update tracks what the rows depend on, once for them all.
    fn new(model: Model, position: usize, set_size: usize, groups: &[Group]) -> RowView {
        let Some(entry) = model
            .ranked
            .with_untracked(|r| r.ranking.entries.get(position).copied())
        else {
            return RowView {
                city: usize::MAX,
                set_size,
                ..RowView::default()
            };
        };
        let city = entry.city;
        let (parts, coverage) = model.weights.with_untracked(|w| {
            model.table.with(|t| {
                if city < t.city_count() {
                    (contributions(t, w, city), city_score(t, w, city).coverage)
                } else {
                    (Vec::new(), 1.0)
                }
            })
        });
        let gained = entry.rank.and_then(|now| {
            let before = model
                .default_ranks
                .with_untracked(|ranks| ranks.get(city).copied().flatten())?;
            Some(i64::from(before) - i64::from(now))
        });
        let score = entry.score.map(format_score);
        RowView {
            city,
            rank: entry
                .rank
                .map_or_else(|| "–".into(), |rank| rank.to_string()),
            score_class: if score.as_ref().is_some_and(|s| s.len() <= 4) {
                "city-row__value"
            } else {
                "city-row__value city-row__value--wide"
            },
            score: score.unwrap_or_else(|| match entry.unranked {
                Some(Unranked::TooLittleData) => "too little data".into(),
                _ => "no score".into(),
            }),
            movement: movement(gained),
            movement_class: match gained {
                Some(g) if g > 0 => "city-row__move up",
                Some(g) if g < 0 => "city-row__move down",
                _ => "city-row__move",
            },
            bar: contribution_bar(groups, &parts),
            // A scored entry is a city of the table, so its coverage is known.
            coverage: {
                let data = match (entry.score, entry.unranked) {
                    (Some(_), _) | (None, Some(Unranked::TooLittleData)) if coverage < 0.999 => {
                        Some(format!("{}% data", fixed(coverage * 100.0, 0)))
                    }
                    _ => None,
                };
                let band = model.bands.with_untracked(|bands| match bands {
                    BandsView::Ready(by_city, _) => by_city
                        .get(city)
                        .copied()
                        .flatten()
                        .map(|b| format!("#{}–{}", b.best, b.worst)),
                    BandsView::Pending | BandsView::Failed(_) => None,
                });
                [band, data]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ")
            },
            set_size,
            highlighted: model.highlighted.get_untracked() == Some(city),
            selected: model.selected.get_untracked() == Some(city),
        }
    }

    /// The row element's classes.
    fn row_class(&self) -> &'static str {
        match (self.highlighted, self.selected) {
            (false, false) => "city-row",
            (true, false) => "city-row is-highlighted",
            (false, true) => "city-row is-selected",
            (true, true) => "city-row is-highlighted is-selected",
        }
    }
}

/// The id, name and country of `city`, or empty texts for no city.
fn city_label(model: Model, city: usize) -> (String, String, String) {
    model.dataset.with_value(|d| {
        d.cities()
            .get(city)
            .map(|c| (c.id.clone(), c.name.clone(), c.country_name.clone()))
            .unwrap_or_default()
    })
}

/// The elements of one row, as its view fills them in.
#[derive(Clone, Copy, Default)]
struct RowNodes {
    row: NodeRef<html::Li>,
    rank: NodeRef<html::Span>,
    name_button: NodeRef<html::Button>,
    name: NodeRef<html::Span>,
    country: NodeRef<html::Span>,
    score: NodeRef<html::Span>,
    movement: NodeRef<html::Span>,
    bar: NodeRef<html::Span>,
    coverage: NodeRef<html::Span>,
}

impl RowNodes {
    /// What the list's update writes to in the row, once the row is in the document.
    fn targets(&self) -> Option<RowTargets> {
        let score: web_sys::Element = self.score.get_untracked()?.into();
        let movement: web_sys::Element = self.movement.get_untracked()?.into();
        Some(RowTargets {
            row: self.row.get_untracked()?.into(),
            name_button: self.name_button.get_untracked()?.into(),
            rank: text_node(self.rank.get_untracked()?)?,
            name: text_node(self.name.get_untracked()?)?,
            country: text_node(self.country.get_untracked()?)?,
            score_text: text_node(&score)?,
            score,
            movement_text: text_node(&movement)?,
            movement,
            bar: self.bar.get_untracked()?.into(),
            coverage: text_node(self.coverage.get_untracked()?)?,
        })
    }
}

/// The nodes of one row that the list's update writes to: elements, and the text nodes of those
/// that show a text. They are looked up once and kept, as each lookup is a call out of the
/// WebAssembly and a drag's move writes to some 30 to 100 of them.
struct RowTargets {
    row: web_sys::Element,
    name_button: web_sys::Element,
    rank: web_sys::Node,
    name: web_sys::Node,
    country: web_sys::Node,
    score: web_sys::Element,
    score_text: web_sys::Node,
    movement: web_sys::Element,
    movement_text: web_sys::Node,
    bar: web_sys::Element,
    coverage: web_sys::Node,
}

impl RowTargets {
    /// Writes what differs between `shown` and `now`.
    fn update(&self, model: Model, shown: &RowView, now: &RowView) {
        if shown.city != now.city {
            let (id, name, country) = city_label(model, now.city);
            _ = self.row.set_attribute("data-city-id", &id);
            self.name.set_node_value(Some(&name));
            self.country.set_node_value(Some(&country));
        }
        if shown.set_size != now.set_size {
            _ = self
                .row
                .set_attribute("aria-setsize", &now.set_size.to_string());
        }
        if shown.row_class() != now.row_class() {
            self.row.set_class_name(now.row_class());
        }
        if shown.selected != now.selected {
            _ = if now.selected {
                self.name_button.set_attribute("aria-current", "true")
            } else {
                self.name_button.remove_attribute("aria-current")
            };
        }
        if shown.rank != now.rank {
            self.rank.set_node_value(Some(&now.rank));
        }
        if shown.score_class != now.score_class {
            self.score.set_class_name(now.score_class);
        }
        if shown.score != now.score {
            self.score_text.set_node_value(Some(&now.score));
        }
        if shown.movement_class != now.movement_class {
            self.movement.set_class_name(now.movement_class);
        }
        if shown.movement != now.movement {
            self.movement_text.set_node_value(Some(&now.movement.0));
            _ = self.movement.set_attribute("aria-label", &now.movement.1);
        }
        if shown.bar != now.bar {
            _ = self.bar.set_attribute("style", &now.bar);
        }
        if shown.coverage != now.coverage {
            self.coverage.set_node_value(Some(&now.coverage));
        }
    }
}

/// The text node of `element`, which shows one text: the one its view made (Leptos makes one for
/// a text child, even an empty one), or, should there be none, a new one holding a space.
fn text_node(element: impl AsRef<web_sys::Node>) -> Option<web_sys::Node> {
    let element = element.as_ref();
    element.first_child().or_else(|| {
        element.set_text_content(Some(" "));
        element.first_child()
    })
}

/// The rows in the document, for the list's update: one update of them all, not a memo and an
/// effect per row, which cost a drag's every move more than writing the rows did.
struct Slots {
    /// Each indicator's group, by column: the bars are drawn from them.
    groups: Vec<Group>,
    rows: Vec<Slot>,
}

impl Slots {
    /// Brings the rows at the positions in `updated` up to date with the model, a ranking of
    /// `set_size` rows, writing to each only what differs from what it shows.
    fn update(&mut self, model: Model, set_size: usize, updated: &Range<usize>) {
        for slot in &mut self.rows {
            if updated.contains(&slot.position) {
                let now = RowView::new(model, slot.position, set_size, &self.groups);
                if slot.targets.is_none() {
                    slot.targets = slot.nodes.targets();
                }
                // Before the row is in the document there is nothing to write to, and nothing
                // to write: it was built from the same values.
                if let Some(targets) = &slot.targets {
                    targets.update(model, &slot.shown, &now);
                }
                slot.shown = now;
            }
        }
    }

    /// The city the row at `position` shows: `usize::MAX` for none, as in [`RowView`].
    fn city_at(&self, position: usize) -> usize {
        self.rows
            .iter()
            .find(|row| row.position == position)
            .map_or(usize::MAX, |row| row.shown.city)
    }
}

/// One row in the document: its position in the ranking, its nodes and what they show.
struct Slot {
    position: usize,
    nodes: RowNodes,
    /// What the list's update writes to, once looked up.
    targets: Option<RowTargets>,
    shown: RowView,
}

/// One row of the ranking: a slot that shows whichever city ranks at `position`. It enters
/// itself in `slots` for the list's update to write to, and leaves when it goes.
#[component]
fn CityRow(
    /// The row's position in the ranking, from 0.
    position: usize,
    /// How many rows the ranking has.
    set_size: Memo<usize>,
    /// The rows in the document.
    slots: StoredValue<Slots>,
    /// The row that last had keyboard focus.
    last_focused: StoredValue<Option<usize>>,
) -> impl IntoView {
    let model = Model::expect();
    let nodes = RowNodes::default();
    let first =
        slots.with_value(|s| RowView::new(model, position, set_size.get_untracked(), &s.groups));
    slots.update_value(|s| {
        s.rows.push(Slot {
            position,
            nodes,
            targets: None,
            shown: first.clone(),
        });
    });
    // `try_`: the list, and its rows with it, may be gone already.
    on_cleanup(move || {
        _ = slots.try_update_value(|s| s.rows.retain(|row| row.position != position))
    });
    // The city the slot shows now, for its event handlers.
    let city = move || slots.with_value(|s| s.city_at(position));
    let (id, name, country) = city_label(model, first.city);
    let row_class = first.row_class();
    let RowView {
        rank,
        score,
        score_class,
        movement: (movement_symbol, movement_spoken),
        movement_class,
        bar,
        coverage,
        set_size: first_set_size,
        selected,
        ..
    } = first;

    view! {
        <li
            node_ref=nodes.row
            class=row_class
            data-testid="city-row"
            data-city-id=id
            aria-posinset=position + 1
            aria-setsize=first_set_size.to_string()
            on:mouseenter=move |_| model.highlighted.set(Some(city()))
            on:mouseleave=move |_| model.highlighted.set(None)
        >
            <span class="city-row__rank" node_ref=nodes.rank>{rank}</span>
            <button
                type="button"
                class="city-row__name"
                node_ref=nodes.name_button
                aria-current=selected.then_some("true")
                on:click=move |_| model.select(Some(city()))
                on:focus=move |_| {
                    let city = city();
                    last_focused.set_value(Some(city));
                    model.highlighted.set(Some(city));
                }
                on:blur=move |_| model.highlighted.set(None)
            >
                <span class="city-row__city" node_ref=nodes.name>{name}</span>
                " "
                <span class="city-row__country" node_ref=nodes.country>{country}</span>
            </button>
            <span class="city-row__score">
                <span class=score_class node_ref=nodes.score>{score}</span>
            </span>
            // The symbol's spoken form is its label: an image of text, as "▲3" is, needs no
            // hidden text of its own to lay out and paint on every rerank.
            <span
                class=movement_class
                role="img"
                aria-label=movement_spoken
                node_ref=nodes.movement
            >
                {movement_symbol}
            </span>
            <span class="city-row__bar bar" aria-hidden="true" node_ref=nodes.bar style=bar></span>
            <span class="city-row__coverage" node_ref=nodes.coverage>{coverage}</span>
        </li>
    }
}

/// The stacked contribution bar as the `style` of its element, one CSS gradient: a band per run
/// of same-group indicators, as wide as the points they add (a score of 100 fills the bar). One
/// style per row keeps a rerank to one DOM write per row.
fn contribution_bar(groups: &[Group], parts: &[Option<f64>]) -> String {
    let mut stops = String::from("background-image:linear-gradient(90deg");
    let mut start = 0.0_f64;
    let mut column = 0;
    while column < groups.len() {
        let group = groups[column];
        let mut width = 0.0;
        while column < groups.len() && groups[column] == group {
            width += parts.get(column).copied().flatten().unwrap_or(0.0).max(0.0);
            column += 1;
        }
        let end = (start + width).min(100.0);
        if end > start {
            stops.push_str(&format!(
                ",var(--{}) {}% {}%",
                group_class(group),
                fixed(start, 2),
                fixed(end, 2)
            ));
        }
        start = end;
    }
    stops.push_str(&format!(",transparent {}%)", fixed(start, 2)));
    stops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_has_one_band_per_group_run_and_skips_empty_ones() {
        let groups = [
            Group::Research,
            Group::Research,
            Group::Industry,
            Group::Recognition,
        ];
        let bar = contribution_bar(&groups, &[Some(10.0), Some(5.0), None, Some(20.0)]);
        assert_eq!(
            bar,
            "background-image:linear-gradient(90deg,var(--research) 0.00% 15.00%,var(--recognition) 15.00% 35.00%,transparent 35.00%)"
        );
    }

    #[test]
    fn catching_up_widens_the_rows_in_sight_either_side() {
        assert_eq!(widened(20..34, ROWS_PER_TASK), 4..50);
        assert_eq!(widened(3..17, ROWS_PER_TASK), 0..33);
        assert_eq!(widened(3..17, 0), 3..17);
    }

    #[test]
    fn a_filling_list_shows_its_first_rows_and_then_all() {
        assert_eq!(filled_rows(0..61, FIRST_ROWS), 0..FIRST_ROWS);
        assert_eq!(filled_rows(100..164, FIRST_ROWS), 100..(100 + FIRST_ROWS));
        let short = FIRST_ROWS - 1;
        assert_eq!(filled_rows(0..short, FIRST_ROWS), 0..short);
        assert_eq!(filled_rows(0..61, usize::MAX), 0..61);
    }

    #[test]
    fn rows_in_sight_are_those_on_screen_in_whole_or_in_part() {
        let row = ROW_HEIGHT_PX as f64;
        assert_eq!(rows_in_sight(&(0.0..10.0 * row)), 0..10);
        assert_eq!(rows_in_sight(&(20.5 * row..30.5 * row)), 20..31);
        assert!(rows_in_sight(&(0.0..f64::INFINITY)).contains(&usize::MAX.saturating_sub(1)));
    }

    fn scroller(scroll_top: f64, top: f64) -> ScrollerBox {
        ScrollerBox {
            scroll_top,
            client_height: 700.0,
            top,
            window_height: 900.0,
        }
    }

    #[test]
    fn a_scroller_inside_the_window_is_on_screen_whole() {
        assert_eq!(content_on_screen(scroller(0.0, 100.0)), 0.0..700.0);
        assert_eq!(content_on_screen(scroller(260.0, 100.0)), 260.0..960.0);
    }

    #[test]
    fn a_scroller_past_an_edge_of_the_window_is_on_screen_in_part() {
        // Its bottom 100 pixels below the window.
        assert_eq!(content_on_screen(scroller(50.0, 300.0)), 50.0..650.0);
        // Its top 200 pixels above it.
        assert_eq!(content_on_screen(scroller(50.0, -200.0)), 250.0..750.0);
    }

    #[test]
    fn a_scroller_off_screen_shows_nothing() {
        assert!(content_on_screen(scroller(0.0, 1000.0)).is_empty());
        assert!(content_on_screen(scroller(0.0, -800.0)).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn the_content_on_screen_lies_in_the_scrollers_window_and_fits_the_browsers(
            scroll_top in 0.0..5000.0_f64,
            client_height in 0.0..2000.0_f64,
            top in -3000.0..3000.0_f64,
            window_height in 0.0..2000.0_f64,
        ) {
            let band = content_on_screen(ScrollerBox { scroll_top, client_height, top, window_height });
            proptest::prop_assert!(band.start <= band.end);
            proptest::prop_assert!(band.start >= scroll_top);
            proptest::prop_assert!(band.end <= scroll_top + client_height);
            proptest::prop_assert!(band.end - band.start <= window_height + 1e-9);
        }
    }

    #[test]
    fn short_lists_render_every_row() {
        assert_eq!(rendered_rows(61, 5000.0), 0..61);
    }

    #[test]
    fn long_lists_render_a_window_around_the_scroll_position() {
        let rows = rendered_rows(10_000, (ROW_HEIGHT_PX * 1000) as f64);
        assert_eq!(rows.len(), WINDOW_ROWS);
        assert!(rows.contains(&1000));
        assert_eq!(rendered_rows(10_000, 1e12), (10_000 - WINDOW_ROWS)..10_000);
        assert_eq!(rendered_rows(10_000, -5.0), 0..WINDOW_ROWS);
    }
}
