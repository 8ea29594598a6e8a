//! The app's shared state: the dataset, the live view and everything derived from it, and the
//! one place that writes the view to the URL.
//!
//! The URL is the source of truth for a shareable view. [`Model::new`] reads it on load and again
//! on every back or forward navigation. Changes go the other way through [`Model::commit`]
//! (a deliberate change), [`Model::type_search`] (typing in the search box, flushed to the URL at
//! most every [`URL_WRITE_INTERVAL`] so the browser's history-flood guard never trips) or
//! [`Model::drag_weight`] (a weight slider being dragged), and [`Model::end_change`] ends either
//! kind of continuous change; [`crate::domain::url_sync`] decides what each writes. The ranking
//! reads the live [`ViewState`] signal, so it follows the slider on the very next frame either
//! way. While a weight slider is dragged ([`Model::dragged_weight`]), the
//! ranked list brings only the rows in sight up to date on each move, and the rest once the
//! drag ends.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use super::address::Address;
use super::analysis::{BandAnswer, BandsView, MethodologyText};
use super::effect;
use crate::domain::dataset::Dataset;
use crate::domain::filter::{CityFilter, SearchIndex};
use crate::domain::map_view::MapView;
use crate::domain::projection::{LonLat, project};
use crate::domain::score::{
    Basis, IndicatorScores, Method, NameOrder, RankedCity, Ranking, Weights, rank,
};
use crate::domain::url_sync::UrlSync;
use crate::domain::view_state::{Ignored, ViewState, decode, encode};
use crate::domain::worker_messages::BandQuery;

/// The longest a dragged slider's value waits before it reaches the URL.
pub const URL_WRITE_INTERVAL: Duration = Duration::from_millis(150);

/// A signal of what `derive` reads from the model, set by an effect only when it changes. A memo
/// of the view would do the same, but its readers would all wake on every change of the view,
/// each step of a slider's drag included, only to find it unchanged: there is a reader per city
/// (the map's markers) and per country (the filters' options).
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
    /// The whole dataset, detail-only parts included, once it has loaded after the first view
    /// ([`Dataset::first_view`] is what [`Model::dataset`] holds).
    pub full: RwSignal<Option<Arc<Dataset>>, LocalStorage>,
    /// The methodology panel's body, which the analysis worker writes.
    pub methodology: RwSignal<MethodologyText>,
    /// Why the whole dataset could not be loaded, if it could not.
    pub full_failed: RwSignal<Option<String>>,
    /// What the rank bands of the view on screen are computed from.
    pub band_query: Memo<BandQuery>,
    /// The analysis worker's last answer, with its query.
    pub band_answer: RwSignal<BandAnswer>,
    /// The rank bands of the view on screen: the last answer while it is for
    /// [`Model::band_query`], pending from the change that leaves it behind. Rows, map and
    /// detail read it in the same update as the ranking they go with.
    pub bands: Memo<BandsView>,
    /// Where an export of the view as CSV stands.
    pub export: RwSignal<super::analysis::ExportStatus>,
    /// The column of the weight slider being dragged, from its first move to
    /// [`Model::end_change`].
    pub dragged_weight: RwSignal<Option<usize>>,
    address: Address,
    url_sync: StoredValue<UrlSync>,
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
        let method = follow(move || view.with(ViewState::method));
        let basis = follow(move || method.with(|m| m.basis));
        let min_coverage = follow(move || view.with(|v| v.min_coverage_percent));
        let table = Memo::new(move |_| {
            let method: Method = method.get();
            dataset.with_value(|d| {
                Arc::new(IndicatorScores::compute_with(
                    method,
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

        let band_query = Memo::new(move |_| {
            view.with(|v| {
                weights.with(|w| {
                    visible.with(|members| {
                        super::analysis::query_of_view(v, w, members, selected.get(), city_count)
                    })
                })
            })
        });
        let band_answer = RwSignal::new(BandAnswer::None);
        let bands = Memo::new(move |_| {
            band_answer.with(|answer| band_query.with(|query| answer.view_for(query)))
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
            band_query,
            band_answer,
            bands,
            export: RwSignal::new(super::analysis::ExportStatus::Idle),
            methodology: RwSignal::new(MethodologyText::NotAsked),
            full: RwSignal::new_local(None),
            full_failed: RwSignal::new(None),
            dragged_weight: RwSignal::new(None),
            address,
            url_sync: StoredValue::new(UrlSync::default()),
        }
    }

    /// Whether the view takes counts per million inhabitants; a reactive read.
    pub fn per_capita(self) -> bool {
        self.basis.get() == Basis::PerMillion
    }

    /// The model provided by an ancestor.
    pub fn expect() -> Model {
        expect_context::<Model>()
    }

    /// The view as the URL writes it.
    fn query(self) -> String {
        self.view
            .with_untracked(|v| self.dataset.with_value(|d| encode(v, d)))
    }

    /// Runs one transition of the URL policy against the address bar.
    fn sync_url<T>(self, transition: impl FnOnce(&mut UrlSync, &mut Address) -> T) -> Option<T> {
        let mut address = self.address;
        self.url_sync
            .try_update_value(|sync| transition(sync, &mut address))
    }

    /// Applies a deliberate change (a preset, a filter, a selection) and pushes a history entry.
    pub fn commit(self, change: impl FnOnce(&mut ViewState)) {
        self.view.update(change);
        let query = self.query();
        self.sync_url(|sync, address| sync.commit(address, &query));
    }

    /// Applies one step of typing in the search box, which now holds `search`; the URL follows
    /// at most every [`URL_WRITE_INTERVAL`], and at once when [`Model::end_change`] ends it.
    pub fn type_search(self, search: String) {
        if self.step(|v| v.search = search) {
            set_timeout(
                move || _ = self.sync_url(|sync, address| sync.flush(address, || self.query())),
                URL_WRITE_INTERVAL,
            );
        }
    }

    /// Applies one step of the drag of the weight slider of `column`, with
    /// [`Model::dragged_weight`] set; the URL follows when the drag ends.
    pub fn drag_weight(self, column: usize, change: impl FnOnce(&mut ViewState)) {
        if self.dragged_weight.get_untracked() != Some(column) {
            self.dragged_weight.set(Some(column));
        }
        self.step(change);
    }

    /// Applies one step of a continuous change; `true` when the URL has just become pending.
    fn step(self, change: impl FnOnce(&mut ViewState)) -> bool {
        self.view.update(change);
        self.sync_url(|sync, address| sync.step(address, || self.query()))
            .unwrap_or(false)
    }

    /// Ends a continuous change (typing in the search box, a slider's drag) and writes its final
    /// value to the URL.
    pub fn end_change(self) {
        if self.dragged_weight.get_untracked().is_some() {
            self.dragged_weight.set(None);
        }
        self.sync_url(|sync, address| sync.end(address, || self.query()));
    }

    /// Ends a weight slider's drag, if one is going.
    pub fn end_weight_drag(self) {
        if self.dragged_weight.get_untracked().is_some() {
            self.end_change();
        }
    }

    /// Selects a city, or clears the selection with `None`. A zoomed map that does not show the
    /// city moves, at the same zoom, to centre it.
    pub fn select(self, city: Option<usize>) {
        let (id, point) = city
            .and_then(|c| {
                self.dataset.with_value(|d| {
                    let city = d.cities().get(c)?;
                    let point = project(LonLat {
                        lon: city.lon,
                        lat: city.lat,
                    });
                    Some((Some(city.id.clone()), Some(point)))
                })
            })
            .unwrap_or((None, None));
        self.commit(|v| {
            v.selected = id;
            if let Some(point) = point.filter(|&p| !v.map.window().contains(p)) {
                v.map = MapView::new(v.map.zoom(), point);
            }
        });
    }
}
