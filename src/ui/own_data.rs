//! The user's own data on the page: loading a CSV or JSON file (from the file picker or dropped
//! on the page), reading it in the analysis worker started as a reader, and then ranking it in
//! place of the bundled dataset under `?own=<hash>`, a link that finds the file again in this
//! browser.
//!
//! A file that does not read leaves the view as it was, and the page lists its first problems,
//! each at its line and column ([`crate::domain::upload`]).

use std::rc::Rc;
use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DragEvent, MessageEvent, Worker};

use super::address::Address;
use super::analysis::WORKER_URL;
use crate::domain::dataset::Dataset;
use crate::domain::upload::{MAX_UPLOAD_BYTES, Refusal, too_large};
use crate::domain::url_sync::Entry;
use crate::domain::worker_messages::{ReaderAnswer, ReaderRequest};

/// A file read into a dataset, as the page ranks it.
#[derive(Debug, Clone)]
pub struct OwnDataset {
    /// Its content hash, which `?own=` names it by.
    pub hash: String,
    /// The file's name.
    pub file_name: String,
    /// The dataset.
    pub dataset: Arc<Dataset>,
}

/// Where a read stands.
#[derive(Debug, Clone, Default)]
pub enum Reading {
    /// Nothing is being read.
    #[default]
    Idle,
    /// The file `.0` is being read; `.1` is the share read so far.
    Reading(String, f32),
    /// The file `.0` was refused.
    Refused(String, Refusal),
    /// The file `.0` could not be read; `.1` says why.
    Failed(String, String),
}

/// What the page shares about the user's own data: the file last read, so that the page it
/// opens does not read it again, and where a read stands.
#[derive(Clone, Copy)]
pub struct OwnData {
    /// The file just read, until the page for it takes it.
    pub just_read: StoredValue<Option<OwnDataset>, LocalStorage>,
    /// Where the latest read stands.
    pub reading: RwSignal<Reading>,
    /// The file the page ranks, when it ranks the user's own.
    pub current: StoredValue<Option<OwnDataset>, LocalStorage>,
    /// Why the browser would not keep the file last read, if it would not: it ranks, but a
    /// reload will not find it.
    pub not_kept: RwSignal<Option<String>>,
}

impl OwnData {
    /// Provides the shared state; call once, above every component that loads files.
    pub fn provide() -> OwnData {
        let own = OwnData {
            just_read: StoredValue::new_local(None),
            reading: RwSignal::new(Reading::Idle),
            current: StoredValue::new_local(None),
            not_kept: RwSignal::new(None),
        };
        provide_context(own);
        own
    }

    /// The state an ancestor provided.
    pub fn expect() -> OwnData {
        expect_context()
    }
}

/// Sends `request` to a reader worker of its own, tells `own` how it goes, and hands the answer
/// to `done`, a failure to start or to load the reader included. The worker ends with its last
/// message: for a file the user chose, the one that says whether the browser keeps it.
pub fn read_in_worker(
    request: ReaderRequest,
    file_name: String,
    own: OwnData,
    done: impl Fn(ReaderAnswer) + 'static,
) {
    let done = Rc::new(done);
    let fail = |done: &dyn Fn(ReaderAnswer), why: &str| done(ReaderAnswer::Failed(why.into()));
    let keeps = !matches!(request, ReaderRequest::ReadStored { .. });
    let Ok(worker) = Worker::new(&format!("{WORKER_URL}?read")) else {
        return fail(&*done, "this browser could not start the reader");
    };
    let Ok(bytes) = postcard::to_allocvec(&request) else {
        return fail(&*done, "the file could not be handed to the reader");
    };
    let listening = worker.clone();
    let answered = done.clone();
    // The request goes once the reader says it has started: a message sent before then finds
    // no one listening.
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let answer = js_sys::Uint8Array::new(&event.data()).to_vec();
        match postcard::from_bytes::<ReaderAnswer>(&answer) {
            Ok(ReaderAnswer::Ready) => {
                _ = listening.post_message(&js_sys::Uint8Array::from(bytes.as_slice()));
            }
            Ok(ReaderAnswer::Progress(share)) => {
                _ = own
                    .reading
                    .try_set(Reading::Reading(file_name.clone(), share));
            }
            Ok(ReaderAnswer::Kept(not_kept)) => {
                listening.terminate();
                _ = own.not_kept.try_set(not_kept);
            }
            Ok(answer) => {
                if !(keeps && matches!(answer, ReaderAnswer::Read { .. })) {
                    listening.terminate();
                }
                answered(answer);
            }
            Err(_) => {
                listening.terminate();
                fail(
                    &*answered,
                    "the reader sent a message this page cannot read",
                );
            }
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
        fail(&*done, "the reader could not be loaded");
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
}

fn done_failed(reading: RwSignal<Reading>, file_name: &str, why: &str) {
    _ = reading.try_set(Reading::Failed(file_name.to_owned(), why.to_owned()));
}

/// The dataset in a [`ReaderAnswer::Read`], or why it cannot be used.
pub fn dataset_of(answer: ReaderAnswer) -> Result<OwnDataset, ReaderAnswer> {
    match answer {
        ReaderAnswer::Read {
            hash,
            file_name,
            dataset,
        } => match Dataset::from_postcard(&dataset) {
            Ok(dataset) => Ok(OwnDataset {
                hash,
                file_name,
                dataset: Arc::new(dataset),
            }),
            Err(error) => Err(ReaderAnswer::Failed(format!(
                "the reader's dataset is damaged: {error}"
            ))),
        },
        other => Err(other),
    }
}

/// Reads the user's `file` and, if it reads, opens the page for it as a new history entry.
fn load_file(file: web_sys::File, own: OwnData, address: Address) {
    let file_name = file.name();
    if file.size() > MAX_UPLOAD_BYTES as f64 {
        own.reading
            .set(Reading::Refused(file_name, too_large(file.size() as usize)));
        return;
    }
    own.reading.set(Reading::Reading(file_name.clone(), 0.0));
    leptos::task::spawn_local(async move {
        let bytes = match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
            Err(_) => {
                done_failed(
                    own.reading,
                    &file_name,
                    "the browser could not read the file",
                );
                return;
            }
        };
        let request = ReaderRequest::ReadFile {
            file_name: file_name.clone(),
            bytes,
        };
        let name = file_name.clone();
        own.not_kept.set(None);
        read_in_worker(request, file_name, own, move |answer| {
            match dataset_of(answer) {
                Ok(read) => {
                    let hash = read.hash.clone();
                    own.just_read.set_value(Some(read));
                    _ = own.reading.try_set(Reading::Idle);
                    address.write(&format!("own={hash}"), Entry::Push);
                }
                Err(ReaderAnswer::Refused(refusal)) => {
                    _ = own.reading.try_set(Reading::Refused(name.clone(), refusal));
                }
                Err(ReaderAnswer::Failed(why)) => done_failed(own.reading, &name, &why),
                Err(_) => done_failed(own.reading, &name, "the reader gave no dataset"),
            }
        });
    });
}

/// The first file of a drop or a file picker, if any.
fn first_file(files: Option<web_sys::FileList>) -> Option<web_sys::File> {
    files.and_then(|files| files.get(0))
}

/// "Load your own data": the button, its file picker, the drop target that the whole page
/// becomes while a file is dragged over it, the format in brief, and where the latest read
/// stands.
#[component]
pub fn OwnDataControl() -> impl IntoView {
    let own = OwnData::expect();
    let address = Address::expect();
    let input = NodeRef::<html::Input>::new();
    let dragging = RwSignal::new(false);
    let on_change = move |_| {
        if let Some(element) = input.get_untracked() {
            if let Some(file) = first_file(element.files()) {
                load_file(file, own, address);
            }
            element.set_value("");
        }
    };
    // The page's own listeners, as the weights panel's and the address's are: removed with the
    // control, so a page that mounts it again does not read a dropped file twice.
    let over = window_event_listener(leptos::ev::dragover, move |event: DragEvent| {
        let has_files = event
            .data_transfer()
            .is_some_and(|t| t.types().includes(&"Files".into(), 0));
        if has_files {
            event.prevent_default();
            dragging.set(true);
        }
    });
    let left = window_event_listener(leptos::ev::dragleave, move |event: DragEvent| {
        if event.related_target().is_none() {
            dragging.set(false);
        }
    });
    let dropped = window_event_listener(leptos::ev::drop, move |event: DragEvent| {
        dragging.set(false);
        if let Some(file) = first_file(event.data_transfer().and_then(|t| t.files())) {
            event.prevent_default();
            load_file(file, own, address);
        }
    });
    on_cleanup(move || {
        over.remove();
        left.remove();
        dropped.remove();
    });

    view! {
        <div class="own-data">
            <button
                type="button"
                on:click=move |_| {
                    if let Some(element) = input.get_untracked() {
                        element.click();
                    }
                }
            >
                "Load your own data"
            </button>
            <input
                type="file"
                class="own-data__input"
                accept=".csv,.json,text/csv,application/json"
                aria-label="Your own data: a CSV or JSON file of places"
                tabindex="-1"
                node_ref=input
                on:change=on_change
            />
            {move || {
                dragging
                    .get()
                    .then(|| view! {
                        <div class="own-data__drop" aria-hidden="true">
                            "Drop a CSV or JSON file of places to rank it"
                        </div>
                    })
            }}
            <details class="own-data__format">
                <summary>"What a file needs"</summary>
                <p>
                    "A CSV with one row per place: columns "<code>"name"</code>", "<code>"lat"</code>" and "
                    <code>"lon"</code>" (and, if you like, "<code>"country"</code>" and "<code>"region"</code>
                    "), then one column of numbers per indicator. An empty cell is a missing value."
                </p>
                <p>
                    "Rows above the places that start with "<code>"#direction"</code>" ("<code>"higher"</code>" or "
                    <code>"lower"</code>"), "<code>"#transform"</code>" ("<code>"linear"</code>" or "<code>"log"</code>
                    "), "<code>"#unit"</code>", "<code>"#source"</code>", "<code>"#year"</code>", "<code>"#weight"</code>
                    " (0–10) or "<code>"#preset Name"</code>" describe each indicator column. JSON takes the same as "
                    <code>"{\"indicators\": […], \"places\": […]}"</code>". Up to 50 MB; the file stays in this browser."
                </p>
            </details>
            <ReadingStatus />
        </div>
    }
}

/// Where the latest read stands: a progress bar, or the problems of a refused file.
#[component]
fn ReadingStatus() -> impl IntoView {
    let own = OwnData::expect();
    move || match own.reading.get() {
        Reading::Idle => ().into_any(),
        Reading::Reading(name, share) => view! {
            <div class="own-data__status" role="status">
                <label for="own-data-progress">{format!("Reading {name}…")}</label>
                <progress id="own-data-progress" max="1" value=share.to_string()></progress>
            </div>
        }
        .into_any(),
        Reading::Failed(name, why) => view! {
            <div class="own-data__status own-data__status--error" role="alert">
                <p>{format!("{name} could not be read: {why}. The view is as it was.")}</p>
                <button type="button" on:click=move |_| own.reading.set(Reading::Idle)>
                    "Dismiss"
                </button>
            </div>
        }
        .into_any(),
        Reading::Refused(name, refusal) => {
            let more = refusal.total - refusal.problems.len();
            let count = if refusal.total == 1 {
                "1 problem".to_owned()
            } else {
                format!("{} problems", refusal.total)
            };
            view! {
                <div
                    class="own-data__status own-data__status--error"
                    role="alert"
                    data-testid="own-data-problems"
                >
                    <p>{format!("{name} was not loaded: it has {count}. The view is as it was.")}</p>
                    <ol>
                        {refusal
                            .problems
                            .into_iter()
                            .map(|problem| view! { <li>{problem.to_string()}</li> })
                            .collect_view()}
                    </ol>
                    {(more > 0).then(|| view! { <p>{format!("…and {more} more.")}</p> })}
                    <button type="button" on:click=move |_| own.reading.set(Reading::Idle)>
                        "Dismiss"
                    </button>
                </div>
            }
            .into_any()
        }
    }
}
