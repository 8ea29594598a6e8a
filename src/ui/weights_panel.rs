//! The weights: one slider per indicator, grouped as the dataset groups them, with presets and
//! a reset.

use leptos::prelude::*;

use super::effect;
use super::model::{Model, set_changed};
use crate::domain::bands::SPREAD_CONCENTRATIONS;
use crate::domain::dataset::{Group, Indicator, MAX_WEIGHT, Scope};
use crate::domain::format::{padded, share_text};
use crate::domain::html::group_class;
use crate::domain::score::{Aggregation, Normalisation};
use crate::domain::view_state::{ViewState, active_preset};

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
    padded(&weight.to_string(), 2)
}

/// How many characters a share of the total weight is shown in, so that it keeps its bounds as
/// it changes: "<1%" to "99%" are three, as wide as the share's box allows ("100%" is one more).
const SHARE_WIDTH: usize = 3;

/// One group's sliders: those `shown` open, and those behind a disclosure of `more`, which are
/// the indicators the default weights leave at 0. The disclosure opens whenever one of them
/// weighs something.
#[derive(Debug, PartialEq)]
struct GroupSliders {
    group: Group,
    shown: Vec<usize>,
    more: Vec<usize>,
}

impl GroupSliders {
    /// The sliders of `group`, by column, or `None` if no indicator belongs to it.
    fn of(group: Group, indicators: &[Indicator], defaults: &[u8]) -> Option<GroupSliders> {
        let members = indicators
            .iter()
            .enumerate()
            .filter(|(_, indicator)| indicator.group == group)
            .map(|(column, _)| column);
        let (shown, more): (Vec<usize>, Vec<usize>) =
            members.partition(|&column| defaults.get(column).is_some_and(|&w| w > 0));
        (!shown.is_empty() || !more.is_empty()).then_some(GroupSliders { group, shown, more })
    }
}

/// Opens `disclosure` whenever `in_use` becomes true, so nothing in use is hidden behind it;
/// only the reader closes it.
fn open_when(disclosure: NodeRef<leptos::html::Details>, in_use: Memo<bool>) {
    effect(move || {
        if in_use.get()
            && let Some(details) = disclosure.get()
        {
            details.set_open(true);
        }
    });
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
        let defaults = d.default_weights();
        let groups: Vec<GroupSliders> = Group::ALL
            .into_iter()
            .filter_map(|group| GroupSliders::of(group, d.indicators(), &defaults))
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

    let weights = StoredValue::new(weights);
    let weight = move |column: usize| weights.with_value(|w| w[column]);
    let sliders = move |columns: Vec<usize>| {
        columns
            .into_iter()
            .map(|column| view! { <WeightSlider column weight=weight(column) /> })
            .collect_view()
    };
    let fieldsets = groups
        .into_iter()
        .map(|group| {
            let GroupSliders { group, shown, more } = group;
            let members: Vec<usize> = shown.iter().chain(&more).copied().collect();
            let share = Memo::new(move |_| {
                model
                    .weights
                    .with(|w| padded(&share_text(w.share(members.iter().copied())), SHARE_WIDTH))
            });
            let more = (!more.is_empty()).then(|| {
                let summary = format!(
                    "{} {}indicator{} at 0 by default",
                    more.len(),
                    if shown.is_empty() { "" } else { "more " },
                    if more.len() == 1 { "" } else { "s" },
                );
                // Opened whenever one of them comes to weigh something, so no weight in use is
                // hidden; only the reader closes it.
                let disclosure = NodeRef::<leptos::html::Details>::new();
                let weighted = {
                    let more = more.clone();
                    Memo::new(move |_| more.iter().any(|&column| weight(column).get() > 0))
                };
                open_when(disclosure, weighted);
                view! {
                    <details class="weights__more" node_ref=disclosure open=weighted.get_untracked()>
                        <summary>{summary}</summary>
                        {sliders(more)}
                    </details>
                }
            });
            view! {
                <fieldset class="weights__group" data-group=group_class(group)>
                    <legend>
                        {group.label()}
                        <span class="weights__group-share">
                            {move || share.get()}
                            <span class="visually-hidden">" of the weight"</span>
                        </span>
                    </legend>
                    {sliders(shown)}
                    {more}
                </fieldset>
            }
        })
        .collect_view();
    let described = RwSignal::new(false);

    view! {
        <section class="weights" class:weights--described=move || described.get() aria-labelledby="weights-title">
            <h2 id="weights-title">"Weights"</h2>
            <p class="weights__hint">
                "0 ignores an indicator, 10 counts it most; beside each is its share of the total weight."
            </p>
            <ul class="weights__presets" aria-label="Presets">
                {preset_buttons}
            </ul>
            <div class="weights__actions">
                <button type="button" class="preset preset--reset" disabled=move || is_default.get() on:click=reset>
                    "Reset weights"
                </button>
                <button
                    type="button"
                    class="weights__describe"
                    aria-pressed=move || described.get().to_string()
                    on:click=move |_| described.update(|on| *on = !*on)
                >
                    "Describe indicators"
                </button>
            </div>
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
    let normalisation = Memo::new(move |_| model.view.with(|v| v.normalisation));
    let aggregation = Memo::new(move |_| model.view.with(|v| v.aggregation));
    let spread = Memo::new(move |_| model.view.with(|v| v.band_spread));
    let method_uncertainty = Memo::new(move |_| model.view.with(|v| v.method_uncertainty));
    // Open whenever a choice is not the default, so no choice in use is hidden.
    let disclosure = NodeRef::<leptos::html::Details>::new();
    let chosen = Memo::new(move |_| !model.view.with(ViewState::method_is_default));
    open_when(disclosure, chosen);
    let summary = move || {
        model.view.with(|v| {
            format!(
                "Method: {}, {}, {}% data{}",
                v.normalisation.label(),
                v.aggregation.label().to_lowercase(),
                v.min_coverage_percent,
                if v.per_capita { ", per capita" } else { "" },
            )
        })
    };
    view! {
        <details class="weights__method-disclosure" node_ref=disclosure open=chosen.get_untracked()>
        <summary>{summary}</summary>
        <fieldset class="weights__group weights__method" data-group="method">
            <legend class="visually-hidden">"Method"</legend>
            <Choice
                id="normalisation"
                label="Scores from values"
                options=Normalisation::ALL.map(|n| (n.code(), n.label())).to_vec()
                value=Signal::derive(move || normalisation.get().code())
                set=move |code: String| {
                    if let Some(chosen) = Normalisation::ALL.into_iter().find(|n| n.code() == code) {
                        model.commit(|v| v.normalisation = chosen);
                    }
                }
            />
            <Choice
                id="aggregation"
                label="Combine scores by"
                options=Aggregation::ALL.map(|a| (a.code(), a.label())).to_vec()
                value=Signal::derive(move || aggregation.get().code())
                set=move |code: String| {
                    if let Some(chosen) = Aggregation::ALL.into_iter().find(|a| a.code() == code) {
                        model.commit(|v| v.aggregation = chosen);
                    }
                }
            />
            <Toggle
                id="per-capita"
                label="Per million inhabitants"
                description="Divides papers and unicorns by the population of the city's 50 km catchment. National figures do not apply per head of a city and weigh nothing in this view."
                checked=per_capita
                set=move |on| model.commit(|v| v.per_capita = on)
            />
            <Steps
                id="min-coverage"
                label="Least data to rank a city"
                description="A city whose data covers less than this share of the weight is listed as having too little data to rank."
                max=100
                step=5
                value=min_coverage
                shown=move |percent| format!("{percent}%")
                set=move |percent| model.commit(|v| v.min_coverage_percent = percent)
            />
            <Steps
                id="band-spread"
                label="Rank bands: weightings drawn from nearby (0) to anywhere (4)"
                description="How far from your weights the rank bands look: 0 keeps close to them, 4 treats every mix of the weighted indicators as equally likely."
                max=(SPREAD_CONCENTRATIONS.len() - 1) as u8
                step=1
                value=spread
                shown=weight_text
                set=move |step| model.commit(|v| v.band_spread = step)
            />
            <Toggle
                id="method-uncertainty"
                label="Method uncertainty"
                description="The rank bands also draw the normalisation and the aggregation at random, so they say how much a rank depends on the method too."
                checked=method_uncertainty
                set=move |on| model.commit(|v| v.method_uncertainty = on)
            />
        </fieldset>
        </details>
    }
}

/// A labelled select of the method's choices: `options` are codes with their labels.
#[component]
fn Choice(
    /// The select's id.
    id: &'static str,
    /// What it chooses.
    label: &'static str,
    /// The choices, as URL code and label.
    options: Vec<(&'static str, &'static str)>,
    /// The code chosen now.
    value: Signal<&'static str>,
    /// Applies the choice of a code.
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    let options = options
        .into_iter()
        .map(|(code, text)| view! { <option value=code selected=value.get_untracked() == code>{text}</option> })
        .collect_view();
    view! {
        <div class="weight">
            <label for=id>{label}</label>
            <select id=id prop:value=move || value.get() on:change=move |event| set(event_target_value(&event))>
                {options}
            </select>
        </div>
    }
}

/// A labelled checkbox of the method's choices, with its description.
#[component]
fn Toggle(
    /// The checkbox's id.
    id: &'static str,
    /// What it turns on.
    label: &'static str,
    /// What that does, in a sentence.
    description: &'static str,
    /// Whether it is on.
    checked: Memo<bool>,
    /// Applies a change.
    set: impl Fn(bool) + 'static,
) -> impl IntoView {
    let description_id = format!("{id}-description");
    view! {
        <div class="weight">
            <label class="weights__toggle">
                <input
                    type="checkbox"
                    id=id
                    prop:checked=move || checked.get()
                    aria-describedby=description_id.clone()
                    on:change=move |event| set(event_target_checked(&event))
                />
                {label}
            </label>
            <p class="weight__description" id=description_id>{description}</p>
        </div>
    }
}

/// A labelled slider of the method's choices over `0..=max` in steps of `step`, with its
/// description.
#[component]
fn Steps(
    /// The slider's id.
    id: &'static str,
    /// What it sets.
    label: &'static str,
    /// What that does, in a sentence.
    description: &'static str,
    /// Its largest value.
    max: u8,
    /// Its step.
    step: u8,
    /// Its value.
    value: Memo<u8>,
    /// The value as the output beside it shows it.
    shown: impl Fn(u8) -> String + Send + Sync + 'static,
    /// Applies a change.
    set: impl Fn(u8) + 'static,
) -> impl IntoView {
    let description_id = format!("{id}-description");
    let on_change = move |event: leptos::ev::Event| {
        let number = event_target::<web_sys::HtmlInputElement>(&event).value_as_number();
        if number.is_finite() {
            set(number.round().clamp(0.0, f64::from(max)) as u8);
        }
    };
    view! {
        <div class="weight">
            <label for=id>{label}</label>
            <div class="weight__control">
                <input
                    type="range"
                    id=id
                    min="0"
                    max=max.to_string()
                    step=step.to_string()
                    aria-describedby=description_id.clone()
                    prop:value=move || value.get().to_string()
                    on:change=on_change
                />
                <output for=id>{move || shown(value.get())}</output>
            </div>
            <p class="weight__description" id=description_id>{description}</p>
        </div>
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
    let share_id = format!("weight-{code}-share");
    let share = Memo::new(move |_| {
        model
            .weights
            .with(|w| padded(&share_text(w.share([column])), SHARE_WIDTH))
    });
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
            <div class="weight__control weight__control--shared">
                <input
                    type="range"
                    id=input_id.clone()
                    min="0"
                    max=MAX_WEIGHT.to_string()
                    step="1"
                    aria-describedby=format!("{share_id} {description_id}")
                    value=u32::from(weight.get_untracked()).to_string()
                    node_ref=input
                    on:input=on_input
                    on:change=move |_| model.end_change()
                    on:blur=move |_| model.end_change()
                />
                <output for=input_id>{move || weight_text(weight.get())}</output>
                <span class="weight__share" id=share_id>
                    {move || share.get()}
                    <span class="visually-hidden">" of the weight"</span>
                </span>
            </div>
            <p class="weight__description" id=description_id>
                {description}
                {scope_note}
                {move || {
                    (!scope_note.is_empty() && model.per_capita())
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
    fn a_group_puts_its_sliders_at_0_by_default_behind_a_disclosure() {
        let data = crate::domain::synthetic::generate(1, 6, 0);
        let mut indicators = data.indicators().to_vec();
        for (indicator, group) in indicators.iter_mut().zip([
            Group::Research,
            Group::Research,
            Group::Research,
            Group::Industry,
            Group::Industry,
            Group::Recognition,
        ]) {
            indicator.group = group;
        }
        let defaults = [2, 0, 0, 0, 0, 1];
        let of = |group| GroupSliders::of(group, &indicators, &defaults);
        assert_eq!(
            of(Group::Research),
            Some(GroupSliders {
                group: Group::Research,
                shown: vec![0],
                more: vec![1, 2]
            })
        );
        assert_eq!(
            of(Group::Industry),
            Some(GroupSliders {
                group: Group::Industry,
                shown: vec![],
                more: vec![3, 4]
            })
        );
        assert_eq!(
            of(Group::Recognition),
            Some(GroupSliders {
                group: Group::Recognition,
                shown: vec![5],
                more: vec![]
            })
        );
        assert_eq!(of(Group::TalentAndJobs), None);
    }

    #[test]
    fn a_weight_is_shown_two_figures_wide() {
        assert_eq!(weight_text(0), "\u{2007}0");
        assert_eq!(weight_text(9), "\u{2007}9");
        assert_eq!(weight_text(MAX_WEIGHT), "10");
    }
}
