//! Embedding the index in another page: the compact view that `?embed=1` shows in an
//! `<iframe>`, and the "Get embed code" dialog that writes the `<iframe>` for the view on
//! screen.
//!
//! The compact view is the same live page without its controls: the map and the top
//! [`EMBED_TOP`] of the list, a line saying which weights rank them, and links to the full
//! explorer's view and its sources. It fits an `<iframe>` from 320 px wide.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::clipboard::{CopyStatus, copy_text};
use super::model::Model;
use super::ranked_list::RankedList;
use super::world_map::WorldMap;
use crate::domain::dataset::Group;
use crate::domain::format::share_text;
use crate::domain::html::escape;
use crate::domain::view_state::{Panel, ViewState, active_preset, encode};

/// How many of the list's rows the embedded view shows.
pub const EMBED_TOP: usize = 10;

/// The height the embed code gives the `<iframe>`, in CSS pixels: the compact view's header,
/// map, [`EMBED_TOP`] rows and footer at 320 px wide, the narrowest it is laid out for.
const EMBED_HEIGHT_PX: u32 = 900;

/// The query of `view` with its embedding set to `embed`.
fn query_with_embed(model: Model, embed: bool) -> String {
    model.view.with(|v| {
        let view = ViewState { embed, ..v.clone() };
        model.dataset.with_value(|d| encode(&view, d))
    })
}

/// A link to `query` on this page: the page itself for the default view.
fn href_of(query: &str) -> String {
    if query.is_empty() {
        ".".to_owned()
    } else {
        format!("?{query}")
    }
}

/// Which weights rank the cities, in words: the preset's name, if they are a preset's, then each
/// weighted group's share of the weight.
fn weights_in_words(model: Model) -> String {
    model.dataset.with_value(|d| {
        model.view.with(|v| {
            let preset = active_preset(d, &v.weights)
                .map(|p| format!("{} weights: ", p.label))
                .unwrap_or_else(|| "Weights: ".to_owned());
            let shares: Vec<String> = model.weights.with(|w| {
                Group::ALL
                    .into_iter()
                    .filter_map(|group| {
                        let columns = d
                            .indicators()
                            .iter()
                            .enumerate()
                            .filter(|(_, i)| i.group == group)
                            .map(|(column, _)| column);
                        let share = w.share(columns);
                        (share > 0.0).then(|| format!("{} {}", group.label(), share_text(share)))
                    })
                    .collect()
            });
            if shares.is_empty() {
                format!("{preset}none")
            } else {
                format!("{preset}{}", shares.join(" · "))
            }
        })
    })
}

/// The compact view for an `<iframe>`.
#[component]
pub fn EmbeddedView() -> impl IntoView {
    let model = Model::expect();
    let edition = model.dataset.with_value(|d| d.edition().to_owned());
    let full_view = move || href_of(&query_with_embed(model, false));
    let sources = move || {
        let full = model.view.with(|v| ViewState {
            embed: false,
            panel: Panel::Methodology,
            ..v.clone()
        });
        href_of(&model.dataset.with_value(|d| encode(&full, d)))
    };
    view! {
        <main class="embed">
            <header class="embed__header">
                <h1>"AI Cities Index"</h1>
                <p class="embed__weights" data-testid="embed-weights">{move || weights_in_words(model)}</p>
            </header>
            <div class="embed__map">
                <WorldMap />
            </div>
            <div class="embed__list">
                <RankedList top=EMBED_TOP />
            </div>
            <footer class="embed__footer">
                <a href=full_view target="_blank" rel="noopener" data-testid="embed-full-view">
                    "Open this view in the full explorer"
                </a>
                " · "
                <a href=sources target="_blank" rel="noopener">
                    "Sources, years and licences"
                </a>
                {format!(" · Edition {edition}")}
            </footer>
        </main>
    }
}

/// The `<iframe>` that embeds the view on screen, with this page's address.
fn embed_code(model: Model) -> String {
    let location = window().location();
    let page = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    );
    let query = query_with_embed(model, true);
    format!(
        "<iframe src=\"{}?{}\" title=\"AI Cities Index: the top {EMBED_TOP} cities\" width=\"100%\" height=\"{EMBED_HEIGHT_PX}\" style=\"border:0;max-width:48rem\" loading=\"lazy\"></iframe>",
        escape(&page),
        escape(&query),
    )
}

/// The "Get embed code" button and the dialog it opens.
#[component]
pub fn EmbedCode() -> impl IntoView {
    let model = Model::expect();
    let dialog = NodeRef::<html::Dialog>::new();
    let code = RwSignal::new(String::new());
    let copy_status = RwSignal::new(CopyStatus::Idle);
    let open = move |_| {
        model.end_change();
        code.set(embed_code(model));
        copy_status.set(CopyStatus::Idle);
        if let Some(dialog) = dialog.get_untracked() {
            _ = dialog.show_modal();
        }
    };
    let copy = move |_| copy_text(&code.get_untracked(), copy_status);
    let close = move |_| {
        if let Some(dialog) = dialog.get_untracked() {
            dialog.close();
        }
    };
    view! {
        <button type="button" aria-haspopup="dialog" on:click=open>
            "Get embed code"
        </button>
        <dialog class="embed-code" node_ref=dialog aria-labelledby="embed-code-title">
            <h2 id="embed-code-title">"Embed this view"</h2>
            <p id="embed-code-hint">
                {format!("Paste this into your page. It shows the map and the top {EMBED_TOP} cities under the weights and filters you have now, and stays live.")}
            </p>
            <label for="embed-code-text">"Embed code"</label>
            <textarea
                id="embed-code-text"
                class="embed-code__text"
                readonly
                rows="5"
                aria-describedby="embed-code-hint"
                prop:value=move || code.get()
                on:focus=move |event| {
                    if let Some(area) = event
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
                    {
                        area.select();
                    }
                }
            ></textarea>
            <div class="embed-code__actions">
                <button type="button" on:click=copy>
                    "Copy"
                </button>
                <button type="button" on:click=close>
                    "Close"
                </button>
                <span role="status">
                    {move || match copy_status.get() {
                        CopyStatus::Idle => "",
                        CopyStatus::Copied => "Embed code copied.",
                        CopyStatus::Failed => "Could not copy; select the code and copy it.",
                    }}
                </span>
            </div>
        </dialog>
    }
}
