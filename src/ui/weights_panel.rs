//! The weights: one slider per indicator, grouped as the dataset groups them, with presets and
//! a reset.

use leptos::prelude::*;

use super::model::{Model, set_changed};
use super::{effect, group_class};
use crate::domain::bands::SPREAD_CONCENTRATIONS;
use crate::domain::dataset::{Group, MAX_WEIGHT, Scope};
use crate::domain::score::{Aggregation, Basis, Normalisation};
use crate::domain::view_state::active_preset;

/// Reads a slider's value; anything unreadable leaves the weight as it was.
fn slider_value(event: &leptos::ev::Event) -> Option<u8> {
    let number = event_target::<web_sys::HtmlInputElement>(event).value_as_number();
    number
        .is_finite()
        .then(|| number.round().clamp(0.0, f64::from(MAX_WEIGHT)) as u8)
}

/// A weight as its slider's output shows it: two figures wide, a single digit after a figure
/// space, so the text keeps its bounds from 9 to 10 and a move only repaints it.
fn weight_text(weight: u8) -> String {
    let figures = u32::from(weight).to_string();
    if weight < 10 {
        format!("\u{2007}{figures}")
    } else {
        figures
    }
}

/// The weights panel.
#[component]
pub fn WeightsPanel() -> impl IntoView {
    let model = Model::expect();
    let (presets, groups) = model.dataset.with_value(|d| {
        let presets: Vec<(String, String, String)> = d
            .presets()
            .iter()
            .map(|p| (p.id.clone(), p.label.clone(), p.description.clone()))
            .collect();
        let groups: Vec<(Group, Vec<usize>)> = Group::ALL
            .into_iter()
            .map(|group| {
                let members = d
                    .indicators()
                    .iter()
                    .enumerate()
                    .filter(|(_, indicator)| indicator.group == group)
                    .map(|(column, _)| column)
                    .collect();
                (group, members)
            })
            .filter(|(_, members): &(Group, Vec<usize>)| !members.is_empty())
            .collect();
        (presets, groups)
    });
    let active = Memo::new(move |_| {
        model.view.with(|v| {
            model
                .dataset
                .with_value(|d| active_preset(d, &v.weights).map(|p| p.id.clone()))
        })
    });
    // A pointer released anywhere ends a drag: a slider dragged back to where it started
    // fires no `change`.
    let released = window_event_listener(leptos::ev::pointerup, move |_| model.end_weight_drag());
    let cancelled =
        window_event_listener(leptos::ev::pointercancel, move |_| model.end_weight_drag());
    on_cleanup(move || {
        released.remove();
        cancelled.remove();
    });
    let is_default = Memo::new(move |_| {
        model.view.with(|v| {
            model
                .dataset
                .with_value(|d| v.weights == d.default_weights())
        })
    });

    // Each weight as a signal of its own, set where it changed: a step of a drag wakes the
    // dragged slider alone.
    let weights: Vec<RwSignal<u8>> = model
        .view
        .with_untracked(|v| v.weights.iter().map(|&w| RwSignal::new(w)).collect());
    {
        let weights = weights.clone();
        effect(move || {
            model
                .view
                .with(|v| set_changed(&weights, v.weights.iter().copied()))
        });
    }

    let preset_buttons = presets
        .into_iter()
        .map(|(id, label, description)| {
            let pressed_id = id.clone();
            let pressed = move || (active.with(|a| a.as_deref() == Some(pressed_id.as_str()))).to_string();
            let apply = move |_| {
                let weights = model
                    .dataset
                    .with_value(|d| d.presets().iter().find(|p| p.id == id).map(|p| p.weights.clone()));
                if let Some(weights) = weights {
                    model.commit(|v| v.weights = weights);
                }
            };
            view! {
                <li>
                    <button type="button" class="preset" aria-pressed=pressed title=description on:click=apply>
                        {label}
                    </button>
                </li>
            }
        })
        .collect_view();

    let reset = move |_| {
        let defaults = model.dataset.with_value(|d| d.default_weights());
        model.commit(|v| v.weights = defaults);
    };

    let fieldsets = groups
        .into_iter()
        .map(|(group, members)| {
            let sliders = members
                .into_iter()
                .map(|column| {
                    let weight = weights[column];
                    view! { <WeightSlider column weight /> }
                })
                .collect_view();
            view! {
                <fieldset class="weights__group" data-group=group_class(group)>
                    <legend>{group.label()}</legend>
                    {sliders}
                </fieldset>
            }
        })
        .collect_view();

    view! {
        <section class="weights" aria-labelledby="weights-title">
            <h2 id="weights-title">"Weights"</h2>
            <p class="weights__hint">
                "Each slider sets how much an indicator counts, from 0 (ignored) to 10. Presets set them all at once."
            </p>
            <ul class="weights__presets" aria-label="Presets">
                {preset_buttons}
                <li>
                    <button type="button" class="preset preset--reset" disabled=move || is_default.get() on:click=reset>
                        "Reset to defaults"
                    </button>
                </li>
            </ul>
            <MethodChoices />
            {fieldsets}
        </section>
    }
}

/// The method's choices beside the weights: the per-capita view, the normalisation, the
/// aggregation and the coverage rule.
#[component]
fn MethodChoices() -> impl IntoView {
    let model = Model::expect();
    let per_capita = Memo::new(move |_| model.view.with(|v| v.per_capita));
    let min_coverage = Memo::new(move |_| model.view.with(|v| v.min_coverage_percent));
    let on_per_capita = move |event: leptos::ev::Event| {
        let on = event_target::<web_sys::HtmlInputElement>(&event).checked();
        model.commit(|v| v.per_capita = on);
    };
    let on_coverage = move |event: leptos::ev::Event| {
        let number = event_target::<web_sys::HtmlInputElement>(&event).value_as_number();
        if number.is_finite() {
            let percent = number.round().clamp(0.0, 100.0) as u8;
            model.commit(|v| v.min_coverage_percent = percent);
        }
    };
    let normalisation = Memo::new(move |_| model.view.with(|v| v.normalisation));
    let aggregation = Memo::new(move |_| model.view.with(|v| v.aggregation));
    let on_normalisation = move |event: leptos::ev::Event| {
        let code = event_target_value(&event);
        if let Some(chosen) = Normalisation::ALL.into_iter().find(|n| n.code() == code) {
            model.commit(|v| v.normalisation = chosen);
        }
    };
    let on_aggregation = move |event: leptos::ev::Event| {
        let code = event_target_value(&event);
        if let Some(chosen) = Aggregation::ALL.into_iter().find(|a| a.code() == code) {
            model.commit(|v| v.aggregation = chosen);
        }
    };
    let normalisation_options = Normalisation::ALL
        .map(|n| view! { <option value=n.code() selected=normalisation.get_untracked() == n>{n.label()}</option> })
        .collect_view();
    let aggregation_options = Aggregation::ALL
        .map(|a| view! { <option value=a.code() selected=aggregation.get_untracked() == a>{a.label()}</option> })
        .collect_view();
    let spread = Memo::new(move |_| model.view.with(|v| v.band_spread));
    let method_uncertainty = Memo::new(move |_| model.view.with(|v| v.method_uncertainty));
    let on_spread = move |event: leptos::ev::Event| {
        let number = event_target::<web_sys::HtmlInputElement>(&event).value_as_number();
        if number.is_finite() {
            let step = number
                .round()
                .clamp(0.0, (SPREAD_CONCENTRATIONS.len() - 1) as f64) as u8;
            model.commit(|v| v.band_spread = step);
        }
    };
    let on_method_uncertainty = move |event: leptos::ev::Event| {
        let on = event_target::<web_sys::HtmlInputElement>(&event).checked();
        model.commit(|v| v.method_uncertainty = on);
    };
    view! {
        <fieldset class="weights__group weights__method" data-group="method">
            <legend>"Method"</legend>
            <div class="weight">
                <label for="normalisation">"Scores from values"</label>
                <select
                    id="normalisation"
                    prop:value=move || normalisation.get().code()
                    on:change=on_normalisation
                >
                    {normalisation_options}
                </select>
            </div>
            <div class="weight">
                <label for="aggregation">"Combine scores by"</label>
                <select
                    id="aggregation"
                    prop:value=move || aggregation.get().code()
                    on:change=on_aggregation
                >
                    {aggregation_options}
                </select>
            </div>
            <div class="weight">
                <label class="weights__toggle">
                    <input
                        type="checkbox"
                        prop:checked=move || per_capita.get()
                        aria-describedby="per-capita-description"
                        on:change=on_per_capita
                    />
                    "Per million inhabitants"
                </label>
                <p class="weight__description" id="per-capita-description">
                    "Divides papers and unicorns by the population of the city's 50 km catchment. National figures do not apply per head of a city and weigh nothing in this view."
                </p>
            </div>
            <div class="weight">
                <label for="min-coverage">"Least data to rank a city"</label>
                <div class="weight__control">
                    <input
                        type="range"
                        id="min-coverage"
                        min="0"
                        max="100"
                        step="5"
                        aria-describedby="min-coverage-description"
                        prop:value=move || min_coverage.get().to_string()
                        on:change=on_coverage
                    />
                    <output for="min-coverage">{move || format!("{}%", min_coverage.get())}</output>
                </div>
                <p class="weight__description" id="min-coverage-description">
                    "A city whose data covers less than this share of the weight is listed as having too little data to rank."
                </p>
            </div>
            <div class="weight">
                <label for="band-spread">"Rank bands: weightings drawn from nearby (0) to anywhere (4)"</label>
                <div class="weight__control">
                    <input
                        type="range"
                        id="band-spread"
                        min="0"
                        max=(SPREAD_CONCENTRATIONS.len() - 1).to_string()
                        step="1"
                        aria-describedby="band-spread-description"
                        prop:value=move || spread.get().to_string()
                        on:change=on_spread
                    />
                    <output for="band-spread">{move || weight_text(spread.get())}</output>
                </div>
                <p class="weight__description" id="band-spread-description">
                    "How far from your weights the rank bands look: 0 keeps close to them, 4 treats every mix of the weighted indicators as equally likely."
                </p>
            </div>
            <div class="weight">
                <label class="weights__toggle">
                    <input
                        type="checkbox"
                        prop:checked=move || method_uncertainty.get()
                        aria-describedby="method-uncertainty-description"
                        on:change=on_method_uncertainty
                    />
                    "Method uncertainty"
                </label>
                <p class="weight__description" id="method-uncertainty-description">
                    "The rank bands also draw the normalisation and the aggregation at random, so they say how much a rank depends on the method too."
                </p>
            </div>
        </fieldset>
    }
}

/// One indicator's slider, with its label, value and description.
#[component]
fn WeightSlider(
    /// The indicator's column in the dataset.
    column: usize,
    /// Its weight.
    weight: RwSignal<u8>,
) -> impl IntoView {
    let model = Model::expect();
    let (code, label, description, scope_note) = model.dataset.with_value(|d| {
        let indicator = &d.indicators()[column];
        let scope_note = match indicator.scope {
            Scope::National => " National figure, the same for every city of a country.",
            Scope::City => "",
        };
        (
            indicator.code.clone(),
            indicator.label.clone(),
            indicator.description.clone(),
            scope_note,
        )
    });
    let input_id = format!("weight-{code}");
    let description_id = format!("weight-{code}-description");
    let on_input = move |event: leptos::ev::Event| {
        if let Some(value) = slider_value(&event) {
            model.drag_weight(column, |v| {
                if let Some(slot) = v.weights.get_mut(column) {
                    *slot = value;
                }
            });
        }
    };
    // The slider shows its weight when something else sets it (a preset, the address). A drag's
    // own moves leave it alone, as it holds their value already: a `prop:value` wrote it again
    // on every move, from a microtask of its own.
    let input = NodeRef::<leptos::html::Input>::new();
    effect(move || {
        let value = f64::from(weight.get());
        if let Some(input) = input.get_untracked()
            && input.value_as_number() != value
        {
            input.set_value_as_number(value);
        }
    });
    view! {
        <div class="weight" class:weight--off=move || weight.get() == 0>
            <label for=input_id.clone()>{label}</label>
            <div class="weight__control">
                <input
                    type="range"
                    id=input_id.clone()
                    min="0"
                    max=MAX_WEIGHT.to_string()
                    step="1"
                    aria-describedby=description_id.clone()
                    value=u32::from(weight.get_untracked()).to_string()
                    node_ref=input
                    on:input=on_input
                    on:change=move |_| model.end_change()
                    on:blur=move |_| model.end_change()
                />
                <output for=input_id>{move || weight_text(weight.get())}</output>
            </div>
            <p class="weight__description" id=description_id>
                {description}
                {scope_note}
                {move || {
                    (!scope_note.is_empty() && model.basis.get() == Basis::PerMillion)
                        .then_some(" Not applicable in the per-capita view.")
                }}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_weight_is_shown_two_figures_wide() {
        assert_eq!(weight_text(0), "\u{2007}0");
        assert_eq!(weight_text(9), "\u{2007}9");
        assert_eq!(weight_text(MAX_WEIGHT), "10");
    }
}
