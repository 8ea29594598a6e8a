//! The selected city: why it ranks where it does, indicator by indicator, with sources, what its
//! research count rests on, and what the seed articles say about it.

use leptos::prelude::*;

use super::analysis::BandsView;
use super::model::Model;
use crate::domain::city_document::{self, Figures};
use crate::domain::dataset::MAX_WEIGHT;
use crate::domain::format::{fixed, format_score};
use crate::domain::reach::{Reach, Reached};
use crate::domain::score::{Unranked, city_score, contributions};

/// The detail panel: the selected city, or a prompt to select one.
#[component]
pub fn CityDetail() -> impl IntoView {
    let model = Model::expect();
    // The first view's part of the dataset until the whole has loaded, which adds the seed
    // articles' quotes, the catchment note, the company-HQ split, the population's components
    // and the institutions.
    move || {
        let dataset = model
            .full
            .get()
            .unwrap_or_else(|| model.dataset.get_value());
        match model.selected.get() {
        Some(city) => view! { <SelectedCity city dataset /> }.into_any(),
        None => view! {
            <section class="detail detail--empty" aria-labelledby="detail-title">
                <h2 id="detail-title">"City detail"</h2>
                <p>"Select a city in the list or on the map to see every figure behind its score, with its source."</p>
            </section>
        }
        .into_any(),
    }
    }
}

/// The detail of one city.
#[component]
fn SelectedCity(
    /// The city's index in the dataset.
    city: usize,
    /// The dataset: its first view's part, or the whole once loaded.
    dataset: std::sync::Arc<crate::domain::dataset::Dataset>,
) -> impl IntoView {
    let model = Model::expect();
    let Some(info) = dataset.cities().get(city).cloned() else {
        return ().into_any();
    };
    let summary = Memo::new(move |_| {
        let entry = model.ranked.with(|r| r.entry(city).copied());
        let score = model
            .weights
            .with(|w| model.table.with(|t| city_score(t, w, city)));
        (entry.map(|e| (e.rank, e.unranked)), score)
    });
    let parts = Memo::new(move |_| {
        model
            .weights
            .with(|w| model.table.with(|t| contributions(t, w, city)))
    });

    // The figures follow the weights, the method and the per-capita switch.
    let figures = {
        let dataset = dataset.clone();
        move |write: fn(&Figures) -> String| {
            model.view.with(|v| {
                model.table.with(|table| {
                    parts.with(|contributions| {
                        write(&Figures {
                            dataset: &dataset,
                            table,
                            sliders: &v.weights,
                            contributions,
                            basis: model.basis.get(),
                            city,
                        })
                    })
                })
            })
        }
    };
    let chart = {
        let figures = figures.clone();
        move || figures(|f| f.chart_rows())
    };
    let table = move || figures(|f| f.table_rows());
    let unweighted = move || {
        let count = model
            .view
            .with(|v| v.weights.iter().filter(|&&w| w == 0).count());
        (count > 0).then(|| {
            format!(
                "{count} indicator{} at weight 0 add nothing; the table below has them all.",
                if count == 1 { "" } else { "s" }
            )
        })
    };
    let notes = city_document::notes(&dataset, city);
    let evidence = city_document::evidence(&dataset, city);

    view! {
        <section class="detail" aria-labelledby="detail-title" data-testid="city-detail">
            <div class="detail__head">
                <h2 id="detail-title">{info.name.clone()}</h2>
                <button type="button" on:click=move |_| model.select(None)>
                    "Close"
                </button>
            </div>
            <p class="detail__summary">
                {format!("{}, {}. ", info.country_name, info.region.label())}
                {move || {
                    let (standing, score) = summary.get();
                    let coverage = fixed(score.coverage * 100.0, 0);
                    match (standing, score.score) {
                        (Some((Some(rank), _)), Some(points)) => format!(
                            "Rank {rank}, score {} of 100; its data covers {coverage}% of the weight.",
                            format_score(points),
                        ),
                        (Some((None, Some(Unranked::TooLittleData))), _) => format!(
                            "Too little data to rank: its data covers {coverage}% of the weight, below the {}% the coverage rule asks for.",
                            model.view.with(|v| v.min_coverage_percent),
                        ),
                        (None, _) => "Hidden by the filters.".into(),
                        _ => "No score: it has no data on any weighted indicator.".into(),
                    }
                }}
                {move || model.per_capita().then_some(" Counts are per million inhabitants.")}
            </p>
            <p class="detail__note" data-testid="city-band">
                {move || model.bands.with(|bands| match bands {
                    BandsView::Pending => "Rank band: computing…".to_owned(),
                    BandsView::Failed(why) => format!("Rank band unavailable: {why}."),
                    BandsView::Ready(by_city, _) => match by_city.get(city).copied().flatten() {
                        Some(band) => format!(
                            "Rank band: {} to {} (median {}) in 90% of the weightings drawn around yours; first in {}% of them.",
                            band.best,
                            band.worst,
                            band.median,
                            fixed(band.first_share * 100.0, 0),
                        ),
                        None => "Rank band: no draw ranks this city.".to_owned(),
                    },
                })}
            </p>
            // Quiet while a slider is dragged, as the bands' status is, and read once the drag
            // ends.
            <div
                class="detail__reach"
                data-testid="reach"
                aria-live=move || if model.dragged_weight.with(Option::is_some) { "off" } else { "polite" }
            >
                {move || model.bands.with(|bands| match bands {
                    BandsView::Ready(_, Some(reach)) => Some(reach_view(model, reach)),
                    _ => None,
                })}
            </div>
            {move || model.full_failed.get().map(|why| view! {
                <p class="detail__note" role="status">{format!("The seed articles' quotes and the research breakdown could not be loaded: {why}.")}</p>
            })}
            <div inner_html=notes></div>
            <table class="detail__chart" data-testid="detail-chart">
                <caption>"What each weighted indicator scores, 0–100, and the points it adds to the score"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Indicator"</th>
                        <th scope="col">"Score"</th>
                        <th scope="col">"Adds"</th>
                    </tr>
                </thead>
                <tbody inner_html=chart></tbody>
            </table>
            <p class="detail__note">{unweighted}</p>
            <details class="detail__sources">
            <summary>"Raw values, periods and sources"</summary>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Indicators of the selected city">
                <table class="detail__table">
                    <caption>"Every indicator: raw value, 0–100 score and what it adds under your weights"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Indicator"</th>
                            <th scope="col">"Value"</th>
                            <th scope="col">"Period"</th>
                            <th scope="col">"Scope"</th>
                            <th scope="col">"Score"</th>
                            <th scope="col">"Weight"</th>
                            <th scope="col">"Adds"</th>
                            <th scope="col">"Source"</th>
                        </tr>
                    </thead>
                    <tbody inner_html=table></tbody>
                </table>
            </div>
            </details>
            <super::comparison::Comparison city />
            <div inner_html=evidence></div>
        </section>
    }
    .into_any()
}

/// Slider weights, 0–10, that rank as `weights` (shares summing to 1) do: scaled so the largest
/// is 10, then rounded.
fn slider_weights(weights: &[f64]) -> Vec<u8> {
    let largest = weights.iter().copied().fold(0.0, f64::max);
    weights
        .iter()
        .map(|&w| {
            if largest > 0.0 {
                (w / largest * f64::from(MAX_WEIGHT)).round() as u8
            } else {
                0
            }
        })
        .collect()
}

/// The best and worst ranks of the selected city, each with a button that applies its weights.
fn reach_view(model: Model, reach: &Reach) -> AnyView {
    let line = |what: &'static str, reached: &Reached| {
        let weights = slider_weights(&reached.weights);
        let text = if reached.exact {
            format!(
                "{what}: {} (exact, over the {} indicators every shown city has data on).",
                reached.rank,
                reach.indicators.len()
            )
        } else {
            format!(
                "{what} found: {} (a heuristic; an exact answer is not known).",
                reached.rank
            )
        };
        view! {
            <p>
                {text}
                " "
                <button type="button" on:click=move |_| {
                    let weights = weights.clone();
                    model.commit(|v| v.weights = weights);
                }>
                    {format!("Show me the weights for {}", what.to_lowercase())}
                </button>
            </p>
        }
    };
    view! {
        {line("Best rank", &reach.best)}
        {line("Worst rank", &reach.worst)}
    }
    .into_any()
}
