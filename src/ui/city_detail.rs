//! The selected city: why it ranks where it does, indicator by indicator, with sources and
//! what the seed articles say about it.

use leptos::prelude::*;

use super::format::{format_score, format_value};
use super::model::Model;
use crate::domain::dataset::Scope;
use crate::ui::format::fixed;
use crate::domain::score::{city_score, contributions};

/// The detail panel: the selected city, or a prompt to select one.
#[component]
pub fn CityDetail() -> impl IntoView {
    let model = Model::expect();
    move || {
        match model.selected.get() {
        Some(city) => view! { <SelectedCity city /> }.into_any(),
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
) -> impl IntoView {
    let model = Model::expect();
    let dataset = model.dataset.get_value();
    let Some(info) = dataset.cities().get(city).cloned() else {
        return ().into_any();
    };
    let summary = Memo::new(move |_| {
        let entry = model.ranked.with(|r| r.entry(city).copied());
        let score = model
            .weights
            .with(|w| model.table.with_value(|t| city_score(t, w, city)));
        (entry.and_then(|e| e.rank), score)
    });
    let parts = Memo::new(move |_| {
        model
            .weights
            .with(|w| model.table.with_value(|t| contributions(t, w, city)))
    });

    let rows = dataset
        .indicators()
        .iter()
        .enumerate()
        .map(|(column, indicator)| {
            let raw = info.values.get(column).copied().flatten();
            let indicator_score = model.table.with_value(|t| t.get(city, column));
            let value = match raw {
                Some(value) => format!("{} {}", format_value(value), indicator.unit),
                None => "no data".into(),
            };
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
                    <td>{value}</td>
                    <td>{indicator.period.clone()}</td>
                    <td>{scope}</td>
                    <td class="num">{indicator_score.map(format_score).unwrap_or_else(|| "no data".into())}</td>
                    <td class="num">{weight}</td>
                    <td class="num">{contribution}</td>
                    <td>
                        {source.map(|(name, url)| view! { <a href=url rel="external noopener">{name}</a> })}
                    </td>
                </tr>
            }
        })
        .collect_view();

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
                    let (rank, score) = summary.get();
                    match (rank, score.score) {
                        (Some(rank), Some(points)) => format!(
                            "Rank {rank}, score {} of 100; its data covers {}% of the weight.",
                            format_score(points),
                            fixed(score.coverage * 100.0, 0),
                        ),
                        _ => "No score: it has no data on any weighted indicator.".into(),
                    }
                }}
            </p>
            {info.catchment_note.clone().map(|note| view! { <p class="detail__note">{note}</p> })}
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
