//! The selected city: why it ranks where it does, indicator by indicator, with sources, what its
//! research count rests on, and what the seed articles say about it.

use leptos::prelude::*;

use super::analysis::BandsView;
use super::format::{fixed, format_score, format_value, value_text};
use super::model::Model;
use crate::domain::dataset::{MAX_WEIGHT, Scope};
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

    let rows = dataset
        .indicators()
        .iter()
        .enumerate()
        .map(|(column, indicator)| {
            let raw = info.values.get(column).copied().flatten();
            let indicator_score = move || {
                model
                    .table
                    .with(|t| t.get(city, column))
                    .map(format_score)
                    .unwrap_or_else(|| "no data".into())
            };
            let value = {
                let (indicator, info) = (indicator.clone(), info.clone());
                move || value_text(&indicator, &info, column, model.basis.get())
            };
            let company_hq = info
                .placed_at_company_hq
                .get(column)
                .copied()
                .flatten()
                .zip(raw)
                .map(|(hq, total)| {
                    format!(
                        "{} placed by site, {} by the company-HQ rule",
                        format_value(((total - hq) * 100.0).round() / 100.0),
                        format_value(hq)
                    )
                });
            let scope = match indicator.scope {
                Scope::City => "city",
                Scope::National => "national",
            };
            let source = dataset.source(&indicator.source).map(|s| (s.name.clone(), s.url.clone()));
            let weight = move || model.view.with(|v| v.weights.get(column).map_or(0, |&w| u32::from(w)));
            let contribution = move || match parts.with(|p| p.get(column).copied().flatten()) {
                Some(points) => format_score(points),
                None => "no data".into(),
            };
            view! {
                <tr class:is-missing=raw.is_none()>
                    <th scope="row">{indicator.label.clone()}</th>
                    <td>
                        {value}
                        {company_hq.map(|split| view! { <span class="detail__split">{split}</span> })}
                    </td>
                    <td>{indicator.period.clone()}</td>
                    <td>{scope}</td>
                    <td class="num">{indicator_score}</td>
                    <td class="num">{weight}</td>
                    <td class="num">{contribution}</td>
                    <td>
                        {source.map(|(name, url)| view! { <a href=url rel="external noopener">{name}</a> })}
                    </td>
                </tr>
            }
        })
        .collect_view();

    let chart = dataset
        .indicators()
        .iter()
        .enumerate()
        .map(|(column, indicator)| {
            let weighted = move || model.view.with(|v| v.weights.get(column).is_some_and(|&w| w > 0));
            let score = move || model.table.with(|t| t.get(city, column));
            let bar_width = move || score().map_or_else(|| "0%".to_owned(), |s| format!("{}%", fixed(s, 1)));
            let score_text = move || score().map_or_else(|| "no data".into(), format_score);
            let adds = move || match parts.with(|p| p.get(column).copied().flatten()) {
                Some(points) => format!("+{}", format_score(points)),
                None => "–".into(),
            };
            let group = super::group_class(indicator.group);
            let label = indicator.label.clone();
            move || {
                weighted().then(|| {
                    view! {
                        <tr data-group=group class:is-missing=move || score().is_none()>
                            <th scope="row">{label.clone()}</th>
                            <td class="detail__bar-cell">
                                <span class="detail__bar" aria-hidden="true"><span style:width=bar_width></span></span>
                                <span class="num">{score_text}</span>
                            </td>
                            <td class="num">{adds}</td>
                        </tr>
                    }
                })
            }
        })
        .collect_view();
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

    let facts = info
        .facts
        .iter()
        .map(|fact| {
            let article = dataset.article(&fact.article);
            let citation = article
                .map(|a| format!("{}, {} ({})", a.title, a.publisher, a.published))
                .unwrap_or_else(|| format!("seed article {}", fact.article));
            let url = article.and_then(|a| a.url.clone());
            view! {
                <figure class="fact">
                    <blockquote cite=url.clone()>{format!("“{}”", fact.quote)}</blockquote>
                    <figcaption>
                        "The article’s claim, not checked by us: "
                        {match url {
                            Some(url) => view! { <cite><a href=url rel="external noopener">{citation}</a></cite> }.into_any(),
                            None => view! { <cite>{citation}</cite> }.into_any(),
                        }}
                    </figcaption>
                </figure>
            }
        })
        .collect_view();
    let has_facts = !info.facts.is_empty();

    let population = dataset.raw().population.as_ref().map(|meta| {
        let source = dataset.source(&meta.source);
        let figure = match info.population {
            Some(people) => format!(
                "Population of the 50 km catchment, {}: {}",
                meta.year,
                format_value(people)
            ),
            None => format!(
                "Population of the 50 km catchment, {}: no data, so no per-capita figures",
                meta.year
            ),
        };
        let components = info
            .population_components
            .clone()
            .map(|parts| format!(" ({parts})"));
        view! {
            <p class="detail__note">
                {figure}
                {components}
                {source.map(|s| view! { ". Source: " <a href=s.url.clone() rel="external noopener">{s.name.clone()}</a> {format!(", licence {}.", s.licence)} })}
            </p>
        }
    });

    let institutions = dataset.raw().institutions.as_ref().and_then(|meta| {
        if info.institutions.is_empty() {
            return None;
        }
        let counted = dataset.indicators().iter().find(|i| i.id == meta.indicator)?;
        let rows = info
            .institutions
            .iter()
            .map(|row| {
                view! {
                    <tr>
                        <th scope="row">{row.institution.clone()}</th>
                        <td>{row.country.clone()}</td>
                        <td class="num">{format_value(row.papers)}</td>
                        <td>{row.placed_by.label()}</td>
                    </tr>
                }
            })
            .collect_view();
        let others = info.other_institutions_papers.map(|papers| {
            view! {
                <tr>
                    <th scope="row">"All other institutions"</th>
                    <td></td>
                    <td class="num">{format_value(papers)}</td>
                    <td></td>
                </tr>
            }
        });
        Some(view! {
            <h3>"What its research count rests on"</h3>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Institutions behind the research count">
                <table class="detail__table">
                    <caption>{format!("The institutions that contribute most to “{}”, in fractional papers, and how each was placed in the city", counted.label)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Institution"</th>
                            <th scope="col">"Country"</th>
                            <th scope="col">"Papers"</th>
                            <th scope="col">"Placed by"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}{others}</tbody>
                </table>
            </div>
        })
    });

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
            {info.catchment_note.clone().map(|note| view! { <p class="detail__note">{note}</p> })}
            {population}
            <table class="detail__chart" data-testid="detail-chart">
                <caption>"What each weighted indicator scores, 0–100, and the points it adds to the score"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Indicator"</th>
                        <th scope="col">"Score"</th>
                        <th scope="col">"Adds"</th>
                    </tr>
                </thead>
                <tbody>{chart}</tbody>
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
                    <tbody>{rows}</tbody>
                </table>
            </div>
            </details>
            <super::comparison::Comparison city />
            {institutions}
            {has_facts
                .then(|| {
                    view! {
                        <h3>"What the seed articles say"</h3>
                        <div class="detail__facts">{facts}</div>
                    }
                })}
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
