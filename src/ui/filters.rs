//! Filters: search, regions and countries. They only hide cities; scores never change.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::model::Model;
use crate::domain::dataset::Region;
use crate::domain::filter::CityFilter;
use crate::domain::view_state::MAX_SEARCH_CHARS;

/// The filters panel.
#[component]
pub fn Filters() -> impl IntoView {
    let model = Model::expect();
    let (regions, countries, total) = model.dataset.with_value(|d| {
        let regions: Vec<Region> = Region::ALL
            .into_iter()
            .chain([Region::Unstated])
            .filter(|region| d.cities().iter().any(|city| city.region == *region))
            .collect();
        // Sorted by name, each once.
        let countries: BTreeSet<(String, String)> = d
            .cities()
            .iter()
            .map(|city| (city.country_name.clone(), city.country.clone()))
            .collect();
        (regions, countries, d.cities().len())
    });
    let shown = Memo::new(move |_| model.visible.with(Vec::len));
    let filtered = Memo::new(move |_| model.filter.with(CityFilter::is_active));

    let region_boxes = regions
        .into_iter()
        .map(|region| {
            let id = format!("region-{}", region.code());
            let checked = move || model.filter.with(|f| f.regions.contains(&region));
            let toggle = move |event: leptos::ev::Event| {
                let on = event_target_checked(&event);
                model.commit(|v| {
                    if on {
                        v.regions.insert(region);
                    } else {
                        v.regions.remove(&region);
                    }
                });
            };
            view! {
                <li>
                    <input type="checkbox" id=id.clone() prop:checked=checked on:change=toggle />
                    <label for=id>{region.label()}</label>
                </li>
            }
        })
        .collect_view();

    let country_options = countries
        .into_iter()
        .map(|(name, code)| {
            let is_selected = {
                let code = code.clone();
                move || {
                    model
                        .filter
                        .with(|f| f.countries.len() == 1 && f.countries.contains(&code))
                }
            };
            view! {
                <option value=code prop:selected=is_selected>
                    {name}
                </option>
            }
        })
        .collect_view();
    let choose_country = move |event: leptos::ev::Event| {
        let code = event_target_value(&event);
        model.commit(|v| {
            v.countries.clear();
            if !code.is_empty() {
                v.countries.insert(code);
            }
        });
    };

    let on_search = move |event: leptos::ev::Event| {
        let text: String = event_target_value(&event)
            .chars()
            .take(MAX_SEARCH_CHARS)
            .collect();
        model.type_search(text.trim().to_owned());
    };
    let clear = move |_| {
        model.commit(|v| {
            v.regions.clear();
            v.countries.clear();
            v.search.clear();
        });
    };

    view! {
        <section class="filters" aria-labelledby="filters-title">
            <h2 id="filters-title">"Filters"</h2>
            <p class="filters__note">"Filters hide cities; they never change a score or a rank's meaning."</p>
            <label for="city-search">"Search cities or countries"</label>
            <input
                type="search"
                id="city-search"
                autocomplete="off"
                maxlength=MAX_SEARCH_CHARS.to_string()
                prop:value=move || model.filter.with(|f| f.search.clone())
                on:input=on_search
                on:change=move |_| model.end_change()
                on:blur=move |_| model.end_change()
            />
            <fieldset class="filters__regions">
                <legend>"Regions"</legend>
                <ul>{region_boxes}</ul>
            </fieldset>
            <label for="country-filter">"Country"</label>
            <select id="country-filter" on:change=choose_country>
                <option value="" prop:selected=move || model.filter.with(|f| f.countries.len() != 1)>
                    "All countries"
                </option>
                {country_options}
            </select>
            <p class="filters__count" role="status" aria-live="polite">
                {move || format!("{} of {total} cities shown", shown.get())}
            </p>
            <button type="button" disabled=move || !filtered.get() on:click=clear>
                "Clear filters"
            </button>
        </section>
    }
}
