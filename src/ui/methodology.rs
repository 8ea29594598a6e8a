//! The methodology and sources panel: how the index is computed, in plain words, and where
//! every figure comes from, under which licence.

use leptos::prelude::*;

use super::model::Model;
use crate::domain::dataset::{Direction, Kind, Scope, Transform};
use crate::domain::score::DEFAULT_MIN_COVERAGE_PERCENT;

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

    let weighted = dataset
        .indicators()
        .iter()
        .filter(|i| i.default_weight > 0)
        .map(|i| view! { <li><strong>{i.label.clone()}</strong>{format!(", weight {}", i.weight_reason)}</li> })
        .collect_view();

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

    let population = dataset.raw().population.clone().map(|p| {
        let source = dataset.source(&p.source).map(|s| format!("{} (licence {})", s.name, s.licence));
        let caveats = p.caveats.into_iter().map(|c| view! { <li>{c}</li> }).collect_view();
        view! {
            <p>{format!("Population: {} Why this figure: {} Source: {}.", p.definition, p.reason, source.unwrap_or_default())}</p>
            <ul class="method__caveats">{caveats}</ul>
        }
    });

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

            <h3>"Research: the flagship venues, every paper placed"</h3>
            <p>
                "The main research figure counts accepted papers at the flagship machine-learning and vision conferences of 2020–2024: NeurIPS 2021–23, ICML 2023–24, ICLR 2020–22, CVPR 2020–24, ICCV 2021 and 2023, and ECCV 2022; about 31,700 papers, 98.8% with affiliations. Each paper is split over its authors and their affiliations (fractional counting), and each affiliation counts for the city within 50 km of where it is."
            </p>
            <p>
                "Most papers of multi-site companies (Google, Meta, Microsoft, Amazon, Huawei, Tencent, Alibaba and others) name no city. Left unplaced, they would under-count every industry-heavy city, so a second rule places them at the company's headquarters or main research site in the author's country. Its known error: all of a company's staff in a country count at that one site, so Google staff in New York or Seattle count at Mountain View and Huawei staff in Beijing at Shenzhen. It favours headquarters cities. Each city's detail shows how much of its count the rule placed, and the site-placed variant, without the rule, is a slider of its own and a preset."
            </p>
            <p>
                "The broad 2020–2025 set (AISTATS, UAI, COLT, COLM, IJCAI, AAAI, ACL, NAACL, COLING, WACV, CoRL, RSS) and the 2017–2019 flagship venues are secondary indicators, each with the same choice of site-placed or every paper placed. The city detail lists the institutions behind its flagship count, with how each was placed; only aggregated counts are shipped, never paper or author lists."
            </p>

            <h3>"From raw values to a 0–100 score"</h3>
            <p>
                "Each indicator is scored from 0 to 100 by min–max over the cities that have a value: the lowest value scores 0, the highest 100. Counts that span orders of magnitude are put on a log scale first (ln(1 + x)), so one giant does not flatten everyone else."
            </p>
            <p class="method__formula">
                <code>"score(i) = 100 × (t(x) − min t) ÷ (max t − min t)"</code>
            </p>

            <h3>"Other ways to score and combine"</h3>
            <p>
                "How values become scores, and how scores combine, move ranks as much as weights do (JRC and OECD, Handbook on Constructing Composite Indicators). Both are choices beside the weights, kept in the link."
            </p>
            <ul>
                <li>
                    <strong>"Min–max"</strong>
                    " (the default): the lowest value scores 0 and the highest 100, in proportion between. "
                    <code>"100 × (t − min) ÷ (max − min)"</code>
                </li>
                <li>
                    <strong>"Percentile rank"</strong>
                    ": the share of the other cities with a value that a city is at least as good as; gaps between values do not matter, only the order. "
                    <code>"100 × #{j ≠ i : tⱼ ≤ tᵢ} ÷ (n − 1)"</code>
                </li>
                <li>
                    <strong>"Share of the leader's value"</strong>
                    ": the value as a share of the best; a city with half the leader's (log-scaled) papers scores 50. "
                    <code>"100 × t ÷ max t"</code>
                </li>
                <li>
                    <strong>"Arithmetic mean"</strong>
                    " (the default): fully compensatory; a strong indicator makes up for a weak one point for point. "
                    <code>"Σ wᵢ · sᵢ ÷ Σ wᵢ"</code>
                </li>
                <li>
                    <strong>"Geometric mean"</strong>
                    ": a weak indicator cannot be bought back by a strong one. Scores get one point added before the logarithm, so that a 0 does not zero the whole mean, and the point is taken off after: 0 stays 0 and 100 stays 100. A city's parts are its shares of the mean of the logarithms, scaled to its score. "
                    <code>"exp(Σ wᵢ · ln(1 + sᵢ) ÷ Σ wᵢ) − 1"</code>
                </li>
            </ul>

            <h3>"Weighting"</h3>
            <p>
                "A city's score is the weighted mean of its indicator scores, with your slider weights normalised to sum to 1. Scaling every weight by the same factor changes nothing."
            </p>
            <p class="method__formula">
                <code>"city score = Σ wᵢ · scoreᵢ ÷ Σ wᵢ, over the indicators where the city has a value"</code>
            </p>
            <p>"The default weights, each with its reason; every other indicator starts at 0, for the reason given under it below:"</p>
            <ul>{weighted}</ul>
            <p>
                "No weight, rule or threshold was chosen to move a particular city; each is stated here with its reason."
            </p>

            <h3>"Country figures"</h3>
            <p>
                "GitHub developers and TOP500 supercomputers are published per country and repeated for each of its cities; they say something about the country a city is in, not about the city, and cannot tell two cities of one country apart. They are grouped as country context and weigh 0 in the defaults and in every preset except the one whose name says it uses country figures."
            </p>

            <h3>"Lists read as lists"</h3>
            <p>
                "A top-N list ranks its top N. A city it does not name is known not to be in its top N, so that is a value, not missing data, and being on a list at any place never scores below being off it:"
            </p>
            <ul>{lists}</ul>
            <p>
                "“Named in the seed city lists” counts how many of the three articles with a city list (B, C and E, listed under Seed articles) name the city, from 0 to 3."
            </p>

            <h3>"Missing data and the coverage rule"</h3>
            <p>
                "A missing value is never treated as zero. It is left out of that city's mean and the remaining weights are renormalised; the list says how much of the weight a city's data covers. So that a city with little data cannot outrank cities with full data on the strength of weights renormalised away, a city whose data covers less than a minimum share of the weight is listed, not ranked, as having too little data to rank. "
                {format!("The default is {DEFAULT_MIN_COVERAGE_PERCENT}%: a ranked city's score then rests mostly on measured values, never mostly on weights it has no data for. ")}
                "You can change it beside the weights. A city with no data on any weighted indicator gets no score and is listed last. With every weight at zero, nothing is ranked."
            </p>
            <p>
                "One consequence of renormalising: raising an indicator's weight moves every city towards its score on that indicator, so the indicator's leader usually climbs, but a leader with gaps elsewhere can be overtaken by a city whose only data is that indicator."
            </p>

            <h3>"Per-capita view"</h3>
            <p>
                "The per-capita view divides each count (papers and unicorns) by the population of the city's 50 km catchment, in millions, before scoring. National figures are not divided by a city's population: they do not apply in this view and weigh nothing there. A city without a population figure has no per-capita values."
            </p>
            {population}

            <h3>"How much a rank depends on the weights: rank bands"</h3>
            <p>
                "The rank bands redo the ranking for 2,000 weightings drawn around yours, from a Dirichlet distribution over the indicators you weight: Dirichlet(1 + c · p), with p your weights' shares and c the concentration the band control sets (from 200, nearby, to 0, where every mix is equally likely). With method uncertainty on, each draw also picks one of the three normalisations and one of the two aggregations. Each city's band runs from the 5th to the 95th percentile of its ranks; the detail adds the median and the share of draws that put it first. The draws are seeded, so a link always gives the same bands, and they are computed in a background worker, so they never hold up the sliders."
            </p>

            <h3>"Dominance and comparisons"</h3>
            <p>
                "A city dominates another when both have values on the same indicators, it is at least as good on every one of them and better on one. Then no weighting, normalisation or aggregation puts the other above it, and the city detail says so. Comparing two cities shows what each weighted indicator adds to each score; the points by which one leads add up to the gap between their scores."
            </p>

            <h3>"Ties and filters"</h3>
            <p>
                "Equal scores share a rank (1, 2, 2, 4) and are listed by name. Filters hide cities but never rescore them: scores are normalised over all cities, so a city's score is the same in every filtered view."
            </p>

            <h3>"Licences"</h3>
            <p>
                "Figures derived from CSRankings are not shipped: its data is licensed CC BY-NC-ND, and a city total would be an adaptation. The data build refuses any input marked non-commercial or no-derivatives. Paperlists, the CB Insights unicorn list as re-hosted and the TOP500 list as re-hosted state no licence; for each, the licence reads: no licence stated by the source; this site redistributes only aggregated counts, with attribution. The seed articles are quoted briefly, attributed, as their authors' claims."
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
