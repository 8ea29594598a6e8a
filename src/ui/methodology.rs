//! The methodology and sources panel: how the index is computed, in plain words, and where
//! every figure comes from, under which licence.

use leptos::prelude::*;

use super::model::Model;
use crate::domain::dataset::{Dataset, Direction, Kind, MethodInsert, Scope, Transform};

/// The methodology panel: it needs the whole dataset, which loads after the first view.
#[component]
pub fn Methodology() -> impl IntoView {
    let model = Model::expect();
    move || {
        match model.full.get() {
        Some(dataset) => view! { <MethodologyOf dataset /> }.into_any(),
        None => view! {
            <section class="method" aria-labelledby="method-title" data-testid="methodology-loading">
                <h2 id="method-title">"Methodology and sources"</h2>
                <p role="status">
                    {move || match model.full_failed.get() {
                        Some(why) => format!("The methodology could not be loaded: {why}. The ranking is unaffected; reload the page to try again."),
                        None => "Loading the methodology and sources…".to_owned(),
                    }}
                </p>
            </section>
        }
        .into_any(),
    }
    }
}

/// The methodology of `dataset`.
#[component]
fn MethodologyOf(
    /// The whole dataset.
    dataset: std::sync::Arc<Dataset>,
) -> impl IntoView {
    let model = Model::expect();

    let indicators = dataset
        .indicators()
        .iter()
        .map(|indicator| {
            let source = dataset.source(&indicator.source);
            let how = format!(
                "{}{}{}",
                match indicator.transform {
                    Transform::Log => "log scale, ",
                    Transform::Linear => "",
                },
                match indicator.direction {
                    Direction::HigherIsBetter => "higher is better",
                    Direction::LowerIsBetter => "lower is better",
                },
                match indicator.scope {
                    Scope::National => "; national figure",
                    Scope::City => "; city figure",
                },
            );
            let caveats = indicator.caveats.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view();
            view! {
                <li class="method__indicator">
                    <h4>{indicator.label.clone()}</h4>
                    <p>
                        {indicator.description.clone()}
                        {format!(" Unit: {}. Period: {}. {how}.", indicator.unit, indicator.period)}
                    </p>
                    <p>{format!("Default weight {}", indicator.weight_reason)}</p>
                    <p>
                        "Source: "
                        {source.map(|s| view! { <a href=s.url.clone() rel="external noopener">{s.name.clone()}</a> {format!(" (licence: {}).", s.licence)} })}
                    </p>
                    <ul class="method__caveats">{caveats}</ul>
                </li>
            }
        })
        .collect_view();

    let sections = dataset
        .raw()
        .methodology
        .iter()
        .map(|section| {
            let paragraphs = section
                .paragraphs
                .iter()
                .map(|p| {
                    view! {
                        {(!p.text.is_empty()).then(|| view! { <p>{p.text.clone()}</p> })}
                        {p.formula.clone().map(|f| view! { <p class="method__formula"><code>{f}</code></p> })}
                    }
                })
                .collect_view();
            let insert = section.insert.map(|insert| insert_view(&dataset, insert));
            view! {
                <h3>{section.heading.clone()}</h3>
                {paragraphs}
                {insert}
            }
        })
        .collect_view();

    let sources = dataset
        .sources()
        .iter()
        .map(|s| {
            view! {
                <li>
                    <a href=s.url.clone() rel="external noopener">{s.name.clone()}</a>
                    {format!(". Licence: {}. {}. {} Retrieved {}.", s.licence, s.revision, s.usage, s.retrieved)}
                </li>
            }
        })
        .collect_view();

    let articles = dataset
        .articles()
        .iter()
        .map(|a| {
            let title = match a.url.clone() {
                Some(url) => {
                    view! { <a href=url rel="external noopener">{a.title.clone()}</a> }.into_any()
                }
                None => view! { <span>{a.title.clone()}</span> }.into_any(),
            };
            let list = if a.city_list.is_empty() {
                "names no cities"
            } else {
                "has a city list"
            };
            view! {
                <li>
                    {format!("{}: ", a.id)}
                    <cite>{title}</cite>
                    {format!(", {}, {}; {list}.", a.publisher, a.published)}
                </li>
            }
        })
        .collect_view();

    view! {
        <section class="method" aria-labelledby="method-title" data-testid="methodology">
            <div class="detail__head">
                <h2 id="method-title">"Methodology and sources"</h2>
                <button type="button" on:click=move |_| model.commit(|v| v.panel = Default::default())>
                    "Close"
                </button>
            </div>

            {move || model.per_capita().then(|| view! {
                <p class="detail__note" role="note">"The per-capita view is on: counts are per million inhabitants of each city's 50 km catchment, and national figures weigh nothing."</p>
            })}
            {sections}

            <h3>"Indicators"</h3>
            <ul class="method__indicators">{indicators}</ul>

            <h3>"Sources and credits"</h3>
            <ul>{sources}</ul>

            <h3>"Seed articles"</h3>
            <p>"The articles the project started from. Their statements appear as cited quotes, not as facts."</p>
            <ul>{articles}</ul>
        </section>
    }
}

/// What a methodology section lists from the dataset.
fn insert_view(dataset: &Dataset, insert: MethodInsert) -> AnyView {
    match insert {
        MethodInsert::DefaultWeights => {
            let weighted = dataset
                .indicators()
                .iter()
                .filter(|i| i.default_weight > 0)
                .map(|i| view! { <li><strong>{i.label.clone()}</strong>{format!(", weight {}", i.weight_reason)}</li> })
                .collect_view();
            view! { <ul>{weighted}</ul> }.into_any()
        }
        MethodInsert::TopLists => {
            let lists = dataset
                .indicators()
                .iter()
                .filter_map(|i| match i.kind {
                    Kind::TopList { size } => Some(view! {
                        <li>{format!("{}: {} First place scores {size} points, last place 1, and a city not on the list 0.", i.label, i.description)}</li>
                    }),
                    Kind::Count | Kind::Measure => None,
                })
                .collect_view();
            view! { <ul>{lists}</ul> }.into_any()
        }
        MethodInsert::Population => {
            let population = dataset.raw().population.clone().map(|p| {
                let source = dataset.source(&p.source).map(|s| format!("{} (licence {})", s.name, s.licence));
                let caveats = p.caveats.into_iter().map(|c| view! { <li>{c}</li> }).collect_view();
                view! {
                    <p>{format!("Population: {} Why this figure: {} Source: {}.", p.definition, p.reason, source.unwrap_or_default())}</p>
                    <ul class="method__caveats">{caveats}</ul>
                }
            });
            population.into_any()
        }
    }
}
