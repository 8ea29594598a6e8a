//! The selected city against others: which cities no weighting can reorder with it
//! (dominance), and, for a city the reader picks, what decides their order.

use leptos::prelude::*;

use super::model::Model;
use crate::domain::city_document;
use crate::domain::compare::{dominates, dominators, pair};
use crate::domain::score::NameOrder;

/// How many cities a dominance sentence names before it counts the rest.
const NAMED_CITIES: usize = 6;

/// `names` as a list in words, the first [`NAMED_CITIES`] named and the rest counted.
fn listed(names: &[String]) -> String {
    let shown = names.len().min(NAMED_CITIES);
    let mut text = names[..shown].join(", ");
    if names.len() > shown {
        text.push_str(&format!(" and {} more", names.len() - shown));
    }
    text
}

/// Dominance and the pair comparison for `city`.
#[component]
pub fn Comparison(
    /// The selected city's index in the dataset.
    city: usize,
) -> impl IntoView {
    let model = Model::expect();
    let dataset = model.dataset.get_value();
    let name_of = {
        let dataset = dataset.clone();
        move |c: usize| {
            dataset
                .cities()
                .get(c)
                .map_or_else(String::new, |c| c.name.clone())
        }
    };
    let city_name = name_of(city);
    let count = dataset.cities().len();
    let dominance = {
        let (name_of, city_name) = (name_of.clone(), city_name.clone());
        move || {
            model.table.with(|table| {
                let above: Vec<String> = dominators(table, city, 0..count)
                    .into_iter()
                    .map(&name_of)
                    .collect();
                let below: Vec<String> = (0..count)
                    .filter(|&other| other != city && dominates(table, city, other))
                    .map(&name_of)
                    .collect();
                let mut sentences = Vec::new();
                if !above.is_empty() {
                    sentences.push(format!(
                        "No weighting puts {city_name} above {}: each is at least as good on every indicator and better on one.",
                        listed(&above)
                    ));
                }
                if !below.is_empty() {
                    sentences.push(format!(
                        "No weighting puts {} above {city_name}.",
                        listed(&below)
                    ));
                }
                if sentences.is_empty() {
                    sentences.push(format!(
                        "Some weighting puts {city_name} above or below each other city: no city is better or worse on every indicator."
                    ));
                }
                sentences.join(" ")
            })
        }
    };

    let order = NameOrder::new(dataset.cities());
    let options = order
        .cities()
        .filter(|&other| other != city)
        .map(|other| {
            let info = &dataset.cities()[other];
            view! { <option value=info.id.clone()>{info.name.clone()}</option> }
        })
        .collect_view();
    let compared = Memo::new(move |_| {
        model.view.with(|v| {
            v.compared
                .as_ref()
                .and_then(|id| model.dataset.with_value(|d| d.city_index(id)))
                .filter(|&other| other != city)
        })
    });
    let on_change = move |event: leptos::ev::Event| {
        let id = event_target_value(&event);
        model.commit(|v| v.compared = (!id.is_empty()).then_some(id));
    };
    let comparison =
        {
            let (name_of, city_name) = (name_of.clone(), city_name.clone());
            move || {
                let other = compared.get()?;
                let other_name = name_of(other);
                let compared = model
                    .weights
                    .with(|w| model.table.with(|t| pair(t, w, city, other)));
                Some(model.dataset.with_value(|d| {
                    city_document::comparison(d, &compared, (&city_name, &other_name))
                }))
            }
        };

    view! {
        <h3>"Against other cities"</h3>
        <p class="detail__note" data-testid="dominance">{dominance}</p>
        <div class="detail__compare">
            <label for="compare-with">{format!("Compare {city_name} with")}</label>
            <select
                id="compare-with"
                prop:value=move || {
                    compared
                        .get()
                        .and_then(|c| model.dataset.with_value(|d| d.cities().get(c).map(|c| c.id.clone())))
                        .unwrap_or_default()
                }
                on:change=on_change
            >
                <option value="">"No city"</option>
                {options}
            </select>
        </div>
        <div aria-live="polite" data-testid="pair" inner_html=move || comparison().unwrap_or_default()></div>
    }
}
