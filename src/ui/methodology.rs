//! The methodology and sources panel: how the index is computed, in plain words, and where
//! every figure comes from, under which licence.

use leptos::prelude::*;

use super::model::Model;
use crate::domain::dataset::{Direction, Scope, Transform};

/// The methodology panel.
#[component]
pub fn Methodology() -> impl IntoView {
    let model = Model::expect();
    let dataset = model.dataset.get_value();

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
                        {format!(" Unit: {}. Period: {}. {how}. Default weight {}.", indicator.unit, indicator.period, u32::from(indicator.default_weight))}
                    </p>
                    <p>
                        "Source: "
                        {source.map(|s| view! { <a href=s.url.clone() rel="external noopener">{s.name.clone()}</a> {format!(" (licence: {}).", s.licence)} })}
                    </p>
                    <ul class="method__caveats">{caveats}</ul>
                </li>
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

            <h3>"What a city is"</h3>
            <p>
                "A city is an anchor point (from GeoNames) and everything within 50 km of it: a paper whose affiliation lies within 50 km counts for that city, and for the nearest city where two catchments overlap. Some cities have two anchors (the San Francisco Bay Area has San Francisco and San Jose); the city's detail says so."
            </p>

            <h3>"From raw values to a 0–100 score"</h3>
            <p>
                "Each indicator is scored from 0 to 100 by min–max over the cities that have a value: the lowest value scores 0, the highest 100. Counts that span orders of magnitude are put on a log scale first (ln(1 + x)), so one giant does not flatten everyone else. Where lower is better (a position in a list), the scale is turned round."
            </p>
            <p class="method__formula">
                <code>"score(i) = 100 × (t(x) − min t) ÷ (max t − min t)"</code>
            </p>

            <h3>"Weighting"</h3>
            <p>
                "A city's score is the weighted mean of its indicator scores, with your slider weights normalised to sum to 1. Scaling every weight by the same factor changes nothing."
            </p>
            <p class="method__formula">
                <code>"city score = Σ wᵢ · scoreᵢ ÷ Σ wᵢ, over the indicators where the city has a value"</code>
            </p>

            <h3>"Missing data"</h3>
            <p>
                "A missing value is never treated as zero. It is left out of that city's mean and the remaining weights are renormalised; the list says how much of the weight a city's data covers. This can flatter a city with little data, so read the coverage. A city with no data on any weighted indicator gets no score and is listed last. With every weight at zero, nothing is ranked."
            </p>
            <p>
                "One consequence: raising an indicator's weight moves every city towards its score on that indicator, so the indicator's leader usually climbs, but a leader with gaps elsewhere can be overtaken by a city whose only data is that indicator."
            </p>

            <h3>"Ties and filters"</h3>
            <p>
                "Equal scores share a rank (1, 2, 2, 4) and are listed by name. Filters hide cities but never rescore them: scores are normalised over all cities, so a city's score is the same in every filtered view."
            </p>

            <h3>"National figures"</h3>
            <p>
                "GitHub developers and TOP500 supercomputers are counted per country and repeated for each of its cities; they say something about the country a city is in, not about the city. They are marked national wherever they appear."
            </p>

            <h3>"Licences"</h3>
            <p>
                "Figures derived from CSRankings are not shipped: its data is licensed CC BY-NC-ND, and a city total would be an adaptation. The data build refuses any input marked non-commercial or no-derivatives. For sources without a stated licence (paperlists, the CB Insights list, TOP500), only aggregated counts are shipped, with attribution. The seed articles are quoted briefly, attributed, as their authors' claims."
            </p>

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
