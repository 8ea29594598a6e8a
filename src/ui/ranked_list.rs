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
use super::change_summary::ChangeSummary;
use super::effect;
use super::model::Model;
use super::row_content::{RowContent, RowFacts};
use crate::domain::dataset::Group;
use crate::domain::list_window::{
    FIRST_ROWS, ROW_HEIGHT_PX, ROWS_PER_TASK, ScrollerBox, VIRTUALISE_ABOVE, content_on_screen,
    filled_rows, rendered_rows, rows_in_sight, scroll_top_to_show, widened,
};
use crate::domain::score::{city_score, contributions};

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

/// A frame's time at 60 Hz: the steps of the catching up after a drag are this far apart, so
/// each lands in a frame of its own.
const FRAME: Duration = Duration::from_millis(16);

/// Takes the next step of a list filling or catching up in steps (`steps` rows so far, `None`
/// once done): [`ROWS_PER_TASK`] more, after `delay`.
fn step_after(steps: RwSignal<Option<usize>>, delay: Duration) {
    // `try_update`: the list may be gone (another dataset) by the time this runs.
    set_timeout(
        move || _ = steps.try_update(|s| *s = s.map(|n| n + ROWS_PER_TASK)),
        delay,
    );
}

/// The ranked list: all of it, or only its first `top` rows, as the embedded view shows.
#[component]
pub fn RankedList(
    /// How many rows to show from the top; all of them without it.
    #[prop(optional)]
    top: Option<usize>,
) -> impl IntoView {
    let model = Model::expect();
    let scroll_top = RwSignal::new(0.0_f64);
    let len = Memo::new(move |_| model.ranked.with(|r| r.ranking.entries.len()));
    let virtualised = Memo::new(move |_| len.get() > VIRTUALISE_ABOVE);
    // How many rows the list may hold while it first fills; `None` once it is whole.
    let filling = RwSignal::new(Some(FIRST_ROWS));
    let rows = Memo::new(move |_| {
        let rows = match top {
            Some(top) => 0..top.min(len.get()),
            None => rendered_rows(len.get(), scroll_top.get()),
        };
        match filling.get() {
            Some(filled) => filled_rows(rows, filled),
            None => rows,
        }
    });
    effect(move || {
        let Some(filled) = filling.get() else { return };
        let whole = match top {
            Some(top) => top.min(len.get()),
            None => rendered_rows(len.get(), scroll_top.get_untracked()).len(),
        };
        if filled >= whole {
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
        slots.with_value(|slots| slots.update(model, set_size, &updated));
    });
    // A city selected anywhere (the list, the map, the search, a link) brings its row into
    // sight without taking focus, once the list is whole, so that a link's city is in it.
    let to_reveal = RwSignal::new(None::<usize>);
    effect(move || {
        if let Some(city) = model.selected.get() {
            to_reveal.set(Some(city));
        }
    });
    effect(move || {
        if filling.with(Option::is_some) {
            return;
        }
        let Some(city) = to_reveal.get() else { return };
        to_reveal.set(None);
        let position = model
            .ranked
            .with_untracked(|r| r.position_by_city.get(city).copied().flatten());
        if let (Some(position), Some(element)) = (position, scroller.get_untracked()) {
            reveal_row(element.into(), position as usize);
        }
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
        if top.is_some() || !virtualised.get() {
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
            <h2 id="ranking-title">
                {match top {
                    Some(top) => format!("Top {top}"),
                    None => "Ranking".to_owned(),
                }}
            </h2>
            {match top {
                Some(top) => view! {
                    <p class="ranking__count" data-testid="ranked-count">
                        {move || format!(
                            "The first {} of {} ranked cities, scored 0–100 under these weights.",
                            top.min(ranked_count.get()),
                            ranked_count.get(),
                        )}
                    </p>
                }
                .into_any(),
                None => view! {
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
                        {move || model.per_capita().then_some(" Per-capita view: counts are per million inhabitants.")}
                    </p>
                    <ChangeSummary />
                }
                .into_any(),
            }}
            <p
                class="ranking__bands"
                data-testid="band-status"
                data-state=move || model.bands.with(|bands| match bands {
                    BandsView::Pending => "pending",
                    BandsView::Ready(..) => "ready",
                    BandsView::Failed(_) => "failed",
                })
                role="status"
            >
                {move || model.bands.with(|bands| match bands {
                    // One sentence for the whole drag, so that the status is not read out at
                    // every step the bands follow.
                    _ if model.dragged_weight.with(Option::is_some) => "Rank bands: following the weights as you drag.".to_owned(),
                    BandsView::Pending => "Rank bands: computing how much each rank depends on the weights…".to_owned(),
                    BandsView::Ready(..) if top.is_some() => "“#3–7”: the ranks a city takes in 90% of the weightings drawn around these.".to_owned(),
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
                    style:--row-height=format!("{ROW_HEIGHT_PX}px")
                >
                    <For each=move || rows.get() key=|position| *position let:position>
                        <CityRow position set_size=len slots last_focused />
                    </For>
                </ol>
            </div>
        </section>
    }
}

/// Scrolls the row at `position` into sight: the list's scroller first, so that a virtualised
/// list renders the row, then, a frame later, the row itself, which scrolls the page if the
/// list is not in sight. Nothing moves that need not.
fn reveal_row(scroller: web_sys::HtmlElement, position: usize) {
    let to = scroll_top_to_show(
        position,
        f64::from(scroller.scroll_top()),
        f64::from(scroller.client_height()),
    );
    scroller.set_scroll_top(to as i32);
    request_animation_frame(move || {
        let selector = format!("li[aria-posinset=\"{}\"]", position + 1);
        if let Ok(Some(row)) = scroller.query_selector(&selector) {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            row.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });
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

/// The content of the row at `position` of a ranking of `set_size` rows. It reads the model
/// untracked: the list's update tracks what the rows depend on, once for them all.
fn row_content(model: Model, position: usize, set_size: usize, groups: &[Group]) -> RowContent {
    let Some(entry) = model
        .ranked
        .with_untracked(|r| r.ranking.entries.get(position).copied())
    else {
        return RowContent::empty(set_size);
    };
    let city = entry.city;
    let (parts, coverage) = model.weights.with_untracked(|w| {
        model.table.with_untracked(|t| {
            if city < t.city_count() {
                (contributions(t, w, city), city_score(t, w, city).coverage)
            } else {
                (Vec::new(), 1.0)
            }
        })
    });
    let band = model.bands.with_untracked(|bands| match bands {
        BandsView::Ready(by_city, _) => by_city.get(city).copied().flatten(),
        BandsView::Pending | BandsView::Failed(_) => None,
    });
    let default_rank = model
        .default_ranks
        .with_untracked(|ranks| ranks.get(city).copied().flatten());
    model.dataset.with_value(|d| {
        let label = d.cities().get(city).map_or(("", "", ""), |c| {
            (c.id.as_str(), c.name.as_str(), c.country_name.as_str())
        });
        RowContent::of(RowFacts {
            entry,
            label,
            coverage,
            parts: &parts,
            groups,
            default_rank,
            band,
            set_size,
            highlighted: model.highlighted.get_untracked() == Some(city),
            selected: model.selected.get_untracked() == Some(city),
        })
    })
}

/// The rows in the document, for the list's update: one effect brings them all up to date, and
/// each row's bindings write what changed in it.
struct Slots {
    /// Each indicator's group, by column: the bars are drawn from them.
    groups: Vec<Group>,
    /// Each row's position in the ranking and what it shows.
    rows: Vec<(usize, RwSignal<RowContent>)>,
}

impl Slots {
    /// Brings the rows at the positions in `updated` up to date with the model, a ranking of
    /// `set_size` rows.
    fn update(&self, model: Model, set_size: usize, updated: &Range<usize>) {
        for &(position, content) in &self.rows {
            if updated.contains(&position) {
                let now = row_content(model, position, set_size, &self.groups);
                if content.with_untracked(|shown| *shown != now) {
                    content.set(now);
                }
            }
        }
    }
}

/// One row of the ranking: a slot that shows whichever city ranks at `position`. It enters
/// itself in `slots` for the list's update to bring up to date, and leaves when it goes.
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
    let content = RwSignal::new(
        slots.with_value(|s| row_content(model, position, set_size.get_untracked(), &s.groups)),
    );
    slots.update_value(|s| s.rows.push((position, content)));
    // `try_`: the list, and its rows with it, may be gone already.
    on_cleanup(move || _ = slots.try_update_value(|s| s.rows.retain(|&(at, _)| at != position)));
    // Each binding reads one field; Leptos writes a text or attribute only when it changed.
    let field = move |read: fn(&RowContent) -> String| move || content.with(read);
    let class = move |read: fn(&RowContent) -> &'static str| move || content.with(read);
    // The city the slot shows now, for its event handlers.
    let city = move || content.with_untracked(|c| c.city);

    view! {
        <li
            class=class(|c| c.row_class)
            data-testid="city-row"
            data-city-id=field(|c| c.id.clone())
            aria-posinset=position + 1
            aria-setsize=field(|c| c.set_size.to_string())
            on:mouseenter=move |_| model.highlighted.set(city())
            on:mouseleave=move |_| model.highlighted.set(None)
        >
            <span
                class="city-row__band"
                aria-hidden="true"
                style:--band-from=field(|c| c.band[0].clone())
                style:--band-to=field(|c| c.band[1].clone())
            ></span>
            <span class="city-row__rank">{field(|c| c.rank.clone())}</span>
            <button
                type="button"
                class="city-row__name"
                aria-current=move || content.with(|c| c.selected.then_some("true"))
                on:click=move |_| {
                    if let Some(city) = city() {
                        model.select(Some(city));
                    }
                }
                on:focus=move |_| {
                    let city = city();
                    last_focused.set_value(city);
                    model.highlighted.set(city);
                }
                on:blur=move |_| model.highlighted.set(None)
            >
                <span class="city-row__city">{field(|c| c.name.clone())}</span>
                " "
                <span class="city-row__country">{field(|c| c.country.clone())}</span>
            </button>
            <span class="city-row__score">
                <span class=class(|c| c.score_class)>{field(|c| c.score.clone())}</span>
            </span>
            // The symbol's spoken form is its label: an image of text, as "▲3" is, needs no
            // hidden text of its own to lay out and paint on every rerank.
            <span class=class(|c| c.movement_class) role="img" aria-label=field(|c| c.movement_spoken.clone())>
                {field(|c| c.movement.clone())}
            </span>
            <span class="city-row__bar bar" aria-hidden="true" style:background-image=field(|c| c.bar.clone())></span>
            <span class="city-row__coverage">{field(|c| c.coverage.clone())}</span>
        </li>
    }
}
