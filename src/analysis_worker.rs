//! The analysis worker's side of its messages: it loads the dataset the page ranks (the bundled
//! one, or stress mode's synthetic one when its script's address asks for it), says it is ready,
//! and answers each [`PageMessage`] with [`respond`]: rank bands with the selected city's best and
//! worst ranks, or the view as CSV. It only carries messages; the computation is the pure
//! core's. Messages are postcard bytes.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::data::DATASET_URL;
use crate::domain::dataset::Dataset;
use crate::domain::score::NameOrder;
use crate::domain::synthetic;
use crate::domain::view_state::decode_stress;
use crate::domain::worker_messages::{PageMessage, WorkerMessage, respond};

/// Posts `message` to the page.
fn post(scope: &DedicatedWorkerGlobalScope, message: &WorkerMessage) {
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
    if let Ok(Some(size)) = decode_stress(&scope.location().search()) {
        return Ok(synthetic::stress(size as usize));
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

/// Starts the worker: loads the dataset, then answers queries until the page goes.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
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
