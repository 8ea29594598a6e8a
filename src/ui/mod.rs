//! The Leptos app. Components are thin: they read the [`model::Model`] and render.
//!
//! [`App`] follows the address bar; the shell loads the dataset (or generates the synthetic one of
//! stress mode, or reads the user's own file) and shows a clear message while it loads or if it
//! cannot.

pub mod address;
pub mod analysis;
pub mod change_summary;
pub mod city_detail;
pub mod clipboard;
pub mod comparison;
pub mod embed;
pub mod filters;
pub mod masthead;
pub mod methodology;
pub mod model;
pub mod offline;
pub mod own_data;
pub mod ranked_list;
pub mod row_content;
pub mod url_notice;
pub mod weights_panel;
pub mod world_map;

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use crate::data::{LoadError, load_dataset};
use crate::domain::dataset::Dataset;
use crate::domain::synthetic;
use crate::domain::view_state::{OwnSource, Panel, decode_own, decode_stress};
use crate::domain::worker_messages::{ReaderAnswer, ReaderRequest};
use model::Model;
use own_data::{OwnData, OwnDataControl, OwnDataset, Reading};

/// The whole app, following the address bar.
#[component]
pub fn App() -> impl IntoView {
    provide_context(address::Address::follow());
    OwnData::provide();
    view! { <Shell /> }
}

/// How long after the first view the analysis worker starts.
pub const WORKER_START_DELAY: Duration = Duration::from_secs(2);

/// The `id` of the static stand-in that `index.html` shows until the app's first view.
pub const LOADING_SHELL_ID: &str = "loading-shell";

fn loading_shell() -> Option<web_sys::Element> {
    document().get_element_by_id(LOADING_SHELL_ID)
}

/// Where the user's own file that the link names stands.
#[derive(Debug, Clone)]
enum OwnLoad {
    /// Being read.
    Reading,
    /// Read: its dataset. [`OwnData::current`] holds the rest.
    Ready(Arc<Dataset>),
    /// It cannot be ranked: a heading, and why.
    Unavailable(&'static str, String),
}

/// Reads the user's own file from `source` into `load`, unless it was just read, and makes it
/// the [`OwnData::current`] file once it is.
fn read_own(source: OwnSource, own: OwnData, load: RwSignal<Option<OwnLoad>>) {
    let ready = move |read: OwnDataset| {
        let dataset = read.dataset.clone();
        own.current.set_value(Some(read));
        OwnLoad::Ready(dataset)
    };
    let just_read = own.just_read.try_update_value(Option::take).flatten();
    let (request, hash) = match source {
        OwnSource::Kept(hash) => {
            if let Some(read) = just_read.filter(|read| read.hash == hash) {
                load.set(Some(ready(read)));
                return;
            }
            (ReaderRequest::ReadStored { hash: hash.clone() }, hash)
        }
        OwnSource::Address(address) => (ReaderRequest::ReadAddress { address }, String::new()),
    };
    load.set(Some(OwnLoad::Reading));
    own_data::read_in_worker(request, String::new(), own, move |answer| {
        let unavailable = |why: String| OwnLoad::Unavailable("Your data could not be opened", why);
        let state = match own_data::dataset_of(answer) {
            Ok(read) => ready(read),
            Err(ReaderAnswer::NotStored) => OwnLoad::Unavailable(
                "Your data is not in this browser",
                format!(
                    "This link ranks a file of places by its content (hash {hash}). Files stay in the browser that loaded them, and nothing is uploaded anywhere, so this browser does not hold it: it was loaded elsewhere, or this browser has since cleared it."
                ),
            ),
            Err(ReaderAnswer::Refused(refusal)) => unavailable(format!(
                "Reason: the file kept in this browser no longer reads: {}.",
                refusal
                    .problems
                    .first()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            )),
            Err(ReaderAnswer::Failed(why)) => unavailable(format!("Reason: {why}.")),
            Err(_) => unavailable("Reason: the reader gave no dataset.".into()),
        };
        _ = own.reading.try_set(Reading::Idle);
        _ = load.try_set(Some(state));
    });
}

/// Chooses the dataset (the bundled one, stress mode's synthetic one, or the user's own file)
/// and shows it.
#[component]
fn Shell() -> impl IntoView {
    let address = address::Address::expect();
    let own = OwnData::expect();
    let stress_size = Memo::new(move |_| decode_stress(&address.query()).ok().flatten());
    let own_source = Memo::new(move |_| decode_own(&address.query()).ok().flatten());
    let own_load = RwSignal::new(None::<OwnLoad>);
    effect(move || match own_source.get() {
        Some(source) => read_own(source, own, own_load),
        None => {
            own.current.set_value(None);
            own_load.set(None);
        }
    });
    // The bundled dataset, once loaded. A signal and a task, not a `LocalResource`: the page
    // needs no suspense or transitions.
    let bundled = RwSignal::new(None::<Result<Arc<Dataset>, LoadError>>);
    // The page renders in the task after the one that reads the dataset, so the two are not
    // one long task.
    let load = move || {
        bundled.set(None);
        leptos::task::spawn_local(async move {
            let dataset = load_dataset().await;
            set_timeout(move || _ = bundled.try_set(Some(dataset)), Duration::ZERO);
        });
    };
    let requested = StoredValue::new(false);
    effect(move || {
        if stress_size.get().is_none() && own_source.get().is_none() && !requested.get_value() {
            requested.set_value(true);
            load();
        }
    });
    let loading = move || match (stress_size.get(), own_source.get()) {
        (Some(_), _) => false,
        (None, Some(_)) => own_load.with(|l| matches!(l, None | Some(OwnLoad::Reading))),
        (None, None) => bundled.with(Option::is_none),
    };
    effect(move || {
        if !loading()
            && let Some(shell) = loading_shell()
        {
            shell.remove();
        }
    });
    move || {
        match (stress_size.get(), own_source.get()) {
            (Some(size), _) => {
                let dataset = synthetic::stress(size as usize);
                view! { <Index dataset=Arc::new(dataset) /> }.into_any()
            }
            (None, Some(_)) => match own_load.get() {
                None | Some(OwnLoad::Reading) if loading_shell().is_some() => ().into_any(),
                None | Some(OwnLoad::Reading) => view! {
                    <p class="shell__status" role="status">
                        "Reading your file…"
                    </p>
                }
                .into_any(),
                Some(OwnLoad::Ready(dataset)) => view! { <Index dataset=dataset /> }.into_any(),
                Some(OwnLoad::Unavailable(title, why)) => {
                    view! { <OwnUnavailable title why /> }.into_any()
                }
            },
            (None, None) => match bundled.get() {
                // On the first load, index.html's stand-in says it.
                None if loading_shell().is_some() => ().into_any(),
                None => view! {
                    <p class="shell__status" role="status">
                        "Loading the dataset…"
                    </p>
                }
                .into_any(),
                Some(Ok(dataset)) => view! { <Index dataset=dataset /> }.into_any(),
                Some(Err(error)) => view! {
                    <div class="shell__status shell__status--error" role="alert">
                        <h1>"The AI Cities Index could not start"</h1>
                        <p>{format!("Reason: {error}.")}</p>
                        <p>"Your settings are kept in the address bar."</p>
                        <button type="button" on:click=move |_| load()>
                            "Try again"
                        </button>
                    </div>
                }
                .into_any(),
            },
        }
    }
}

/// Why the user's own file that a link names cannot be ranked, with the way back to the bundled
/// data and a file picker to load it here.
#[component]
fn OwnUnavailable(
    /// The heading.
    title: &'static str,
    /// Why, in a sentence or two.
    why: String,
) -> impl IntoView {
    let address = address::Address::expect();
    view! {
        <div class="shell__status shell__status--error" role="alert" data-testid="own-unavailable">
            <h1>{title}</h1>
            <p>{why}</p>
            <p>
                <button type="button" on:click=move |_| address.write("", crate::domain::url_sync::Entry::Push)>
                    "Use the bundled data"
                </button>
                " or load the file here:"
            </p>
            <OwnDataControl />
        </div>
    }
}

/// The page for one dataset. It needs an [`address::Address`] and an [`OwnData`] in its context.
#[component]
pub fn Index(
    /// The dataset to rank.
    dataset: Arc<Dataset>,
) -> impl IntoView {
    let model = Model::new(dataset);
    provide_context(model);
    let panel = Memo::new(move |_| model.view.with(|v| v.panel));
    // The first render is the masthead and the map's land. The list renders in the task after
    // it, then the weights, the filters below them and the detail panel, a task each, as the
    // map's markers do: the first view is one long task otherwise. Each comes below or beside
    // what is on screen already (on a phone: the map, the list, the weights, the filters, the
    // detail), and their grid areas have a fixed place, so nothing on screen moves when they
    // come.
    let list_shown = true_from_next_task();
    let weights_shown = true_from_next_task();
    let filters_shown = true_from_next_task();
    let detail_shown = true_from_next_task();
    // The whole dataset loads once the first view's tasks have run, and the analysis worker and
    // the offline copy's service worker start a little later, so that neither their downloads
    // nor their compilation share the first view's busy time.
    // A page for another dataset may have taken this one's place by the time these run.
    let owner = Owner::current();
    set_timeout(
        move || {
            if let Some(owner) = owner
                && !model.view.is_disposed()
            {
                owner.with(|| analysis::start(model));
            }
            offline::register();
        },
        WORKER_START_DELAY,
    );
    // Stress mode's synthetic dataset and the user's own file are whole already.
    let whole = model.dataset.with_value(|d| d.is_synthetic())
        || model.view.with_untracked(|v| v.own.is_some());
    set_timeout(
        move || {
            if model.view.is_disposed() {
                return;
            }
            if whole {
                model.full.set(Some(model.dataset.get_value()));
            } else {
                leptos::task::spawn_local(async move {
                    match crate::data::load_full_dataset().await {
                        Ok(full) => _ = model.full.try_set(Some(full)),
                        Err(error) => _ = model.full_failed.try_set(Some(error.to_string())),
                    }
                });
            }
        },
        Duration::ZERO,
    );
    let embed = Memo::new(move |_| model.view.with(|v| v.embed));
    let page = move || {
        if embed.get() {
            return view! {
                <url_notice::UrlNotice />
                <embed::EmbeddedView />
            }
            .into_any();
        }
        view! {
            <masthead::Masthead />
            <url_notice::UrlNotice />
            <main class="layout">
                <div class="layout__controls">
                    {move || weights_shown.get().then(|| view! { <weights_panel::WeightsPanel /> })}
                    {move || filters_shown.get().then(|| view! { <filters::Filters /> })}
                </div>
                <div class="layout__map">
                    <world_map::WorldMap />
                </div>
                <div class="layout__list">
                    {move || list_shown.get().then(|| view! { <ranked_list::RankedList /> })}
                </div>
                <div class="layout__detail">
                    {move || {
                        detail_shown
                            .get()
                            .then(|| match panel.get() {
                                Panel::Methodology => view! { <methodology::Methodology /> }.into_any(),
                                Panel::Ranking => view! { <city_detail::CityDetail /> }.into_any(),
                            })
                    }}
                </div>
            </main>
        }
        .into_any()
    };
    view! { {page} }
}

/// A flag that is `false` now and `true` from the next browser task on: a part of the first
/// render that can wait renders once it is set, so the first render is a shorter task.
pub fn true_from_next_task() -> ReadSignal<bool> {
    let flag = RwSignal::new(false);
    set_timeout(move || _ = flag.try_set(true), Duration::ZERO);
    flag.read_only()
}

/// Runs `run` once the current task's code is done, and again whenever what it read changes, for
/// as long as the current owner lives: [`Effect::new`] for an effect that keeps no value. Every
/// effect of this kind shares one boxed closure type, so Leptos's effect loop is in the
/// WebAssembly once for them all instead of once per closure.
pub fn effect(run: impl FnMut() + 'static) {
    Effect::new(Box::new(run) as Box<dyn FnMut()>);
}
