//! The analysis worker's side of its messages: it loads the dataset the page ranks (the bundled
//! one; stress mode's synthetic one, or the user's own file kept in this browser, when its
//! script's address asks for it), says it is ready, and answers each [`PageMessage`] with
//! [`respond`]: rank bands with the selected city's best and worst ranks, or the view as CSV.
//!
//! Started with `?read` in its address, it is the page's reader of the user's own files instead:
//! it answers each [`ReaderRequest`] by reading the file into a dataset, off the page's thread,
//! and keeping it in the browser ([`crate::stored_files`]).
//!
//! It only carries messages; the computation is the pure core's. Messages are postcard bytes.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::data::DATASET_URL;
use crate::domain::dataset::Dataset;
use crate::domain::score::NameOrder;
use crate::domain::synthetic;
use crate::domain::upload::{content_hash, read_upload};
use crate::domain::view_state::{decode_own, decode_stress};
use crate::domain::worker_messages::{
    PageMessage, ReaderAnswer, ReaderRequest, WorkerMessage, respond,
};
use crate::stored_files;

/// The worker's address asks it to be the page's reader of the user's own files.
const READER_MODE: &str = "?read";

/// Posts `message` to the page.
fn post<T: serde::Serialize>(scope: &DedicatedWorkerGlobalScope, message: &T) {
    let Ok(bytes) = postcard::to_allocvec(message) else {
        return;
    };
    // A page that is gone cannot be told anything more.
    _ = scope.post_message(&js_sys::Uint8Array::from(bytes.as_slice()));
}

/// What the browser said about a failure.
fn describe(error: JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

async fn load(scope: &DedicatedWorkerGlobalScope) -> Result<Dataset, String> {
    let search = scope.location().search();
    if let Ok(Some(size)) = decode_stress(&search) {
        return Ok(synthetic::stress(size as usize));
    }
    if let Ok(Some(hash)) = decode_own(&search) {
        let (file_name, bytes) = stored_files::find(&hash)
            .await?
            .ok_or("this browser no longer keeps your file")?;
        return read_upload(&file_name, &bytes, &mut |_| {})
            .map_err(|refusal| format!("your file no longer reads ({} problems)", refusal.total));
    }
    let response: web_sys::Response = JsFuture::from(scope.fetch_with_str(DATASET_URL))
        .await
        .map_err(describe)?
        .unchecked_into();
    if !response.ok() {
        return Err(format!(
            "the server answered {} for the dataset",
            response.status()
        ));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(describe)?)
        .await
        .map_err(describe)?;
    Dataset::from_postcard(&js_sys::Uint8Array::new(&buffer).to_vec()).map_err(|e| e.to_string())
}

/// Reads `file_name`'s `bytes`, telling the page how far it has got, and keeps the file if
/// `keep` and it reads.
async fn read_file(
    scope: &DedicatedWorkerGlobalScope,
    file_name: String,
    bytes: Vec<u8>,
    keep: bool,
) -> ReaderAnswer {
    let mut progress = |share: f64| post(scope, &ReaderAnswer::Progress(share as f32));
    match read_upload(&file_name, &bytes, &mut progress) {
        Err(refusal) => ReaderAnswer::Refused(refusal),
        Ok(dataset) => {
            let hash = content_hash(&bytes);
            let not_kept = if keep {
                stored_files::keep(&hash, &file_name, &bytes).await.err()
            } else {
                None
            };
            ReaderAnswer::Read {
                hash,
                file_name,
                dataset: dataset.to_postcard(),
                not_kept,
            }
        }
    }
}

/// The answer to `request`.
async fn answer_reader(scope: &DedicatedWorkerGlobalScope, request: ReaderRequest) -> ReaderAnswer {
    match request {
        ReaderRequest::ReadFile { file_name, bytes } => {
            read_file(scope, file_name, bytes, true).await
        }
        ReaderRequest::ReadStored { hash } => match stored_files::find(&hash).await {
            Ok(Some((file_name, bytes))) => read_file(scope, file_name, bytes, false).await,
            Ok(None) => ReaderAnswer::NotStored,
            Err(why) => ReaderAnswer::Failed(why),
        },
    }
}

/// Answers the page's requests to read files, each as it comes.
fn run_reader(scope: DedicatedWorkerGlobalScope) {
    let answering = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
        let scope = answering.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let answer = match postcard::from_bytes::<ReaderRequest>(&bytes) {
                Ok(request) => answer_reader(&scope, request).await,
                Err(error) => ReaderAnswer::Failed(format!("a request could not be read: {error}")),
            };
            post(&scope, &answer);
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &ReaderAnswer::Ready);
}

/// Starts the worker: loads the dataset, then answers queries until the page goes; or, as the
/// reader, answers requests to read files.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    if scope.location().search() == READER_MODE {
        run_reader(scope);
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let dataset = match load(&scope).await {
            Ok(dataset) => Rc::new(dataset),
            Err(problem) => {
                post(&scope, &WorkerMessage::Failed(problem));
                return;
            }
        };
        // The tie-breaking order is the dataset's, made once for every query.
        let order = NameOrder::new(dataset.cities());
        let answering = scope.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
            let message = match postcard::from_bytes::<PageMessage>(&bytes) {
                Ok(message) => respond(&dataset, &order, &message),
                Err(error) => WorkerMessage::Failed(format!("a query could not be read: {error}")),
            };
            post(&answering, &message);
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        post(&scope, &WorkerMessage::Ready);
    });
}
