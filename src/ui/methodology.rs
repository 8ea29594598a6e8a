//! The methodology and sources panel: how the index is computed, in plain words, and where
//! every figure comes from, under which licence.

use leptos::prelude::*;

use super::analysis::MethodologyText;
use super::model::Model;

/// The methodology panel. Its body, written from the dataset by the analysis worker
/// ([`crate::domain::methodology::to_html`]), comes once the worker is up.
#[component]
pub fn Methodology() -> impl IntoView {
    let model = Model::expect();
    if model.methodology.get_untracked() == MethodologyText::NotAsked {
        model.methodology.set(MethodologyText::Asked);
    }
    let body = move || {
        model.methodology.with(|text| match text {
            MethodologyText::Ready(html) => {
                view! { <div class="method__body" inner_html=html.to_string()></div> }.into_any()
            }
            MethodologyText::Failed(why) => view! {
                <p role="status">{format!("The methodology could not be loaded: {why}. The ranking is unaffected; reload the page to try again.")}</p>
            }
            .into_any(),
            MethodologyText::NotAsked | MethodologyText::Asked => view! {
                <p role="status" data-testid="methodology-loading">"Loading the methodology and sources…"</p>
            }
            .into_any(),
        })
    };
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
            {body}
        </section>
    }
}
