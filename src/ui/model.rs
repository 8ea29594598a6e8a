//! The app's shared state: the dataset, the live view and everything derived from it, and the
//! one place that writes the view to the URL.
//!
//! The URL is the source of truth for a shareable view. [`Model::new`] reads it on load and again
//! on every back or forward navigation. Changes go the other way through [`Model::commit`]
//! (a deliberate change: a new history entry), [`Model::type_search`] (typing in the search box:
//! the first step pushes an entry, the rest replace it, at most every [`URL_WRITE_INTERVAL`] so
//! the browser's history-flood guard never trips) or [`Model::drag_weight`] (a weight slider
//! being dragged: the first move pushes an entry, and the value the drag ends on replaces it).
//! [`Model::end_change`] ends either kind of continuous change and writes a pending value at
//! once. The ranking reads the live [`ViewState`] signal, so it follows the slider on the very
//! next frame either way. While a weight slider is dragged ([`Model::dragged_weight`]), the
//! ranked list brings only the rows in sight up to date on each move, and the rest once the
//! drag ends.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use super::address::{Address, Entry};
use super::effect;
use crate::domain::dataset::Dataset;
use crate::domain::filter::{CityFilter, SearchIndex};
use crate::domain::score::{Basis, IndicatorScores, NameOrder, RankedCity, Ranking, Weights, rank};
use crate::domain::view_state::{Ignored, ViewState, decode, encode};

/// The longest a dragged slider's value waits before it reaches the URL.
pub const URL_WRITE_INTERVAL: Duration = Duration::from_millis(150);

/// A signal of what `derive` reads from the model, set by an effect only when it changes. A memo
/// of the view would do the same, but its readers would all wake on every change of the view,
/// each step of a slider's drag included, only to find it unchanged: with a reader per city
/// (the map's markers) and per country (the filters' options), that was some 0.2 ms of every
/// step.
fn follow<T>(derive: impl Fn() -> T + 'static) -> RwSignal<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    let signal = RwSignal::new(untrack(&derive));
    effect(move || set_changed(&[signal], [derive()]));
    signal
}

/// Sets each of `signals` to its value in `values` where the two differ, so that only the
/// readers of those wake.
pub fn set_changed<T>(signals: &[RwSignal<T>], values: impl IntoIterator<Item = T>)
where
    T: PartialEq + Send + Sync + 'static,
{
    for (signal, now) in signals.iter().zip(values) {
        if signal.with_untracked(|shown| *shown != now) {
            signal.set(now);
        }
    }
}

/// A ranking with a lookup from city to its row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RankedView {
    /// The ranking of the visible cities.
    pub ranking: Ranking,
    /// For every city of the dataset, its position in `ranking.entries`, if visible.
    pub position_by_city: Vec<Option<u32>>,
}

impl RankedView {
    fn new(ranking: Ranking, city_count: usize) -> RankedView {
        let mut position_by_city = vec![None; city_count];
        for (position, entry) in ranking.entries.iter().enumerate() {
            position_by_city[entry.city] = u32::try_from(position).ok();
        }
        RankedView {
            ranking,
            position_by_city,
        }
    }

    /// The ranking row of `city`, if it is visible.
    pub fn entry(&self, city: usize) -> Option<&RankedCity> {
        let position = (*self.position_by_city.get(city)?)?;
        self.ranking.entries.get(position as usize)
    }
}

/// Everything the components share. It is `Copy`; provide it once with [`provide_context`].
#[derive(Clone, Copy)]
pub struct Model {
    /// The dataset being ranked.
    pub dataset: StoredValue<Arc<Dataset>>,
    /// What the indicator values are taken per; set from the view, and only when it changes.
    pub basis: RwSignal<Basis>,
    /// Every city's 0–100 score on every indicator, on the view's basis (weight-independent).
    pub table: Memo<Arc<IndicatorScores>>,
    /// The live view.
    pub view: RwSignal<ViewState>,
    /// What the URL asked for that could not be used; cleared when dismissed.
    pub ignored: RwSignal<Vec<Ignored>>,
    /// Which cities show; set from the view, and only when it changes.
    pub filter: RwSignal<CityFilter>,
    /// The visible cities, in dataset order.
    pub visible: Memo<Vec<usize>>,
    /// The current weights, as the scoring kernel takes them.
    pub weights: Memo<Weights>,
    /// The ranking under the current weights.
    pub ranked: Memo<RankedView>,
    /// Each city's rank under the default weights, with the same filters.
    pub default_ranks: Memo<Vec<Option<u32>>>,
    /// The index of the selected city, if any; set from the view, and only when it changes.
    pub selected: RwSignal<Option<usize>>,
    /// The city under the pointer or keyboard focus, in the map or the list.
    pub highlighted: RwSignal<Option<usize>>,
    /// The column of the weight slider being dragged, from its first move to
    /// [`Model::end_change`].
    pub dragged_weight: RwSignal<Option<usize>>,
    address: Address,
    /// Whether a continuous change (typing, a slider's drag) has taken its first step and not
    /// yet ended.
    change_open: StoredValue<bool>,
    write_pending: StoredValue<bool>,
}

impl Model {
    /// Creates the model for `dataset`, reading the view from the current URL and following it.
    pub fn new(dataset: Arc<Dataset>) -> Model {
        let address = Address::expect();
        let first = decode(&address.query_untracked(), &dataset);
        let view = RwSignal::new(first.state);
        let ignored = RwSignal::new(first.ignored);
        let name_order = StoredValue::new(NameOrder::new(dataset.cities()));
        let search_index = StoredValue::new(SearchIndex::new(&dataset));
        let city_count = dataset.cities().len();
        let dataset = StoredValue::new(dataset);

        Effect::new(move |previous: Option<String>| {
            let search = address.query();
            if previous.as_ref() != Some(&search) {
                let decoded = dataset.with_value(|d| decode(&search, d));
                if !decoded.ignored.is_empty() {
                    ignored.set(decoded.ignored);
                }
                if view.with_untracked(|current| *current != decoded.state) {
                    view.set(decoded.state);
                }
            }
            search
        });

        let filter = follow(move || view.with(CityFilter::of));
        let visible = Memo::new(move |_| {
            filter.with(|f| {
                dataset.with_value(|d| search_index.with_value(|i| f.visible_cities(d, i)))
            })
        });
        let basis = follow(move || view.with(ViewState::basis));
        let min_coverage = follow(move || view.with(|v| v.min_coverage_percent));
        let table = Memo::new(move |_| {
            let basis = basis.get();
            dataset.with_value(|d| {
                Arc::new(IndicatorScores::compute_on(
                    basis,
                    d.indicators(),
                    d.cities(),
                ))
            })
        });
        let weights_on_basis = move |sliders: &[u8]| {
            dataset.with_value(|d| Weights::on_basis(sliders, d.indicators(), basis.get()))
        };
        let weights = Memo::new(move |_| view.with(|v| weights_on_basis(&v.weights)));
        let rank_with = move |weights: &Weights| {
            let min_coverage = f64::from(min_coverage.get()) / 100.0;
            let ranking = visible.with(|members| {
                table.with(|t| {
                    name_order.with_value(|order| {
                        rank(t, weights, order, members.iter().copied(), min_coverage)
                    })
                })
            });
            RankedView::new(ranking, city_count)
        };
        let ranked = Memo::new(move |_| weights.with(|w| rank_with(w)));
        let default_ranks = Memo::new(move |_| {
            let defaults = dataset.with_value(|d| weights_on_basis(&d.default_weights()));
            rank_with(&defaults).ranking.rank_by_city(city_count)
        });

        let selected = follow(move || {
            view.with(|v| {
                v.selected
                    .as_ref()
                    .and_then(|id| dataset.with_value(|d| d.city_index(id)))
            })
        });

        Model {
            dataset,
            selected,
            basis,
            table,
            view,
            ignored,
            filter,
            visible,
            weights,
            ranked,
            default_ranks,
            highlighted: RwSignal::new(None),
            dragged_weight: RwSignal::new(None),
            address,
            change_open: StoredValue::new(false),
            write_pending: StoredValue::new(false),
        }
    }

    /// The model provided by an ancestor.
    pub fn expect() -> Model {
        expect_context::<Model>()
    }

    fn write_url(self, entry: Entry) {
        let query = self
            .view
            .with_untracked(|v| self.dataset.with_value(|d| encode(v, d)));
        self.address.write(&query, entry);
    }

    /// Applies a deliberate change (a preset, a filter, a selection) and pushes a history entry.
    pub fn commit(self, change: impl FnOnce(&mut ViewState)) {
        self.view.update(change);
        self.write_pending.set_value(false);
        self.write_url(Entry::Push);
    }

    /// Applies one step of typing in the search box, which now holds `search`: the first step
    /// pushes a history entry, later ones replace it at most every [`URL_WRITE_INTERVAL`], and
    /// [`Model::end_change`] writes the last.
    pub fn type_search(self, search: String) {
        if self.step(|v| v.search = search) {
            set_timeout(
                move || {
                    if self.write_pending.get_value() {
                        self.write_pending.set_value(false);
                        self.write_url(Entry::Replace);
                    }
                },
                URL_WRITE_INTERVAL,
            );
        }
    }

    /// Applies one step of the drag of the weight slider of `column`, with
    /// [`Model::dragged_weight`] set. The first step pushes a history entry; the value the drag
    /// ends on replaces it when the drag ends ([`Model::end_change`]). Nobody can copy the
    /// address or go back while holding a slider, and the steps between stay off the URL: each
    /// write (encoding the view, `history.replaceState`, the router's update) cost a traced move
    /// about 1 ms more.
    pub fn drag_weight(self, column: usize, change: impl FnOnce(&mut ViewState)) {
        if self.dragged_weight.get_untracked() != Some(column) {
            self.dragged_weight.set(Some(column));
        }
        self.step(change);
    }

    /// Applies one step of a continuous change. The first step of a change commits it; a later
    /// step leaves its value for the URL pending, and is `true` if none was pending before.
    fn step(self, change: impl FnOnce(&mut ViewState)) -> bool {
        if !self.change_open.get_value() {
            self.change_open.set_value(true);
            self.commit(change);
            return false;
        }
        self.view.update(change);
        let newly_pending = !self.write_pending.get_value();
        self.write_pending.set_value(true);
        newly_pending
    }

    /// Ends a continuous change (typing in the search box, a slider's drag) and writes its final
    /// value to the URL.
    pub fn end_change(self) {
        self.change_open.set_value(false);
        if self.dragged_weight.get_untracked().is_some() {
            self.dragged_weight.set(None);
        }
        if self.write_pending.get_value() {
            self.write_pending.set_value(false);
            self.write_url(Entry::Replace);
        }
    }

    /// Ends a weight slider's drag, if one is going.
    pub fn end_weight_drag(self) {
        if self.dragged_weight.get_untracked().is_some() {
            self.end_change();
        }
    }

    /// Selects a city, or clears the selection with `None`.
    pub fn select(self, city: Option<usize>) {
        let id = city.and_then(|c| {
            self.dataset
                .with_value(|d| d.cities().get(c).map(|city| city.id.clone()))
        });
        self.commit(|v| v.selected = id);
    }
}
