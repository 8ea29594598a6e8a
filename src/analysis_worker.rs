//! The analysis worker's side of its messages: it loads the dataset the page ranks (the bundled
//! one; stress mode's synthetic one, or the user's own file kept in this browser, when its
//! script's address asks for it), says it is ready, and answers each [`PageMessage`] with
//! [`respond`]: rank bands with the selected city's best and worst ranks, or the view as CSV
//! or SVG; a PNG of the view it paints on its own canvas ([`crate::picture_png`]).
//!
//! Started with `?read` in its address, it is the page's reader of the user's own files instead:
//! it answers each [`ReaderRequest`] by reading the file into a dataset, off the page's thread,
//! and keeping it in the browser ([`crate::stored_files`]).
//!
//! It only carries messages; the computation is the pure core's. Messages are postcard bytes.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::data::{DATASET_URL, FULL_DATASET_URL};
use crate::domain::dataset::Dataset;
use crate::domain::export::ExportFormat;
use crate::domain::methodology;
use crate::domain::picture::view_picture;
use crate::domain::score::NameOrder;
use crate::domain::synthetic;
use crate::domain::upload::{content_hash, read_upload};
use crate::domain::view_state::{OwnSource, decode_own, decode_stress};
use crate::domain::worker_messages::{
    PageMessage, ReaderAnswer, ReaderRequest, WorkerMessage, respond,
};
use crate::{picture_png, stored_files};

/// The map's land, beside the page.
const LAND_URL: &str = "data/land.svg";

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

/// The bytes at `address`, as this worker's `fetch` gets them.
async fn fetch_bytes(scope: &DedicatedWorkerGlobalScope, address: &str) -> Result<Vec<u8>, String> {
    let response: web_sys::Response = JsFuture::from(scope.fetch_with_str(address))
        .await
        .map_err(describe)?
        .unchecked_into();
    if !response.ok() {
        return Err(format!(
            "the server answered {} for {address}",
            response.status()
        ));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(describe)?)
        .await
        .map_err(describe)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The dataset the page ranks, and whether it is the bundled dataset's first-view part: the
/// bands and exports need no more, and the methodology is written from the whole edition.
async fn load(scope: &DedicatedWorkerGlobalScope) -> Result<(Dataset, bool), String> {
    let search = scope.location().search();
    if let Ok(Some(size)) = decode_stress(&search) {
        return Ok((synthetic::stress(size as usize), false));
    }
    if let Ok(Some(OwnSource::Kept(hash))) = decode_own(&search) {
        let (file_name, bytes) = stored_files::find(&hash)
            .await?
            .ok_or("this browser no longer keeps your file")?;
        return read_upload(&file_name, &bytes, &mut |_| {})
            .map(|dataset| (dataset, false))
            .map_err(|refusal| format!("your file no longer reads ({} problems)", refusal.total));
    }
    Ok((read_dataset(scope, DATASET_URL).await?, true))
}

async fn read_dataset(
    scope: &DedicatedWorkerGlobalScope,
    address: &str,
) -> Result<Dataset, String> {
    let bytes = fetch_bytes(scope, address).await?;
    Dataset::from_postcard(&bytes).map_err(|e| e.to_string())
}

/// Reads `file_name`'s `bytes`, telling the page how far it has got, and answers with the
/// dataset or the file's problems. Then, if `keep` and it read, keeps the file and says whether
/// that worked: the page ranks the file meanwhile.
async fn read_file(
    scope: &DedicatedWorkerGlobalScope,
    file_name: String,
    bytes: Vec<u8>,
    keep: bool,
) {
    let mut progress = |share: f64| post(scope, &ReaderAnswer::Progress(share as f32));
    let dataset = match read_upload(&file_name, &bytes, &mut progress) {
        Ok(dataset) => dataset,
        Err(refusal) => return post(scope, &ReaderAnswer::Refused(refusal)),
    };
    let hash = content_hash(&bytes);
    post(
        scope,
        &ReaderAnswer::Read {
            hash: hash.clone(),
            file_name: file_name.clone(),
            dataset: dataset.to_postcard(),
        },
    );
    if keep {
        let kept = stored_files::keep(&hash, &file_name, &bytes).await;
        post(scope, &ReaderAnswer::Kept(kept.err()));
    }
}

/// Answers `request`.
async fn answer_reader(scope: &DedicatedWorkerGlobalScope, request: ReaderRequest) {
    match request {
        ReaderRequest::ReadFile { file_name, bytes } => {
            read_file(scope, file_name, bytes, true).await;
        }
        ReaderRequest::ReadAddress { address } => match fetch_bytes(scope, &address).await {
            Ok(bytes) => {
                // The file's name is the address's last part, without its query.
                let path = address.split(['?', '#']).next().unwrap_or_default();
                let name = path
                    .rsplit('/')
                    .find(|part| !part.is_empty())
                    .unwrap_or(&address);
                read_file(scope, name.to_owned(), bytes, true).await;
            }
            Err(why) => post(scope, &ReaderAnswer::Failed(why)),
        },
        ReaderRequest::ReadStored { hash } => match stored_files::find(&hash).await {
            Ok(Some((file_name, bytes))) => read_file(scope, file_name, bytes, false).await,
            Ok(None) => post(scope, &ReaderAnswer::NotStored),
            Err(why) => post(scope, &ReaderAnswer::Failed(why)),
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
            match postcard::from_bytes::<ReaderRequest>(&bytes) {
                Ok(request) => answer_reader(&scope, request).await,
                Err(error) => post(
                    &scope,
                    &ReaderAnswer::Failed(format!("a request could not be read: {error}")),
                ),
            }
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &ReaderAnswer::Ready);
}

/// The map's land for pictures of the view, fetched once: without it a picture has its cities
/// and list on a blank map.
async fn land_once(scope: &DedicatedWorkerGlobalScope, kept: &RefCell<Option<Rc<str>>>) -> Rc<str> {
    if let Some(land) = kept.borrow().clone() {
        return land;
    }
    let land: Rc<str> = fetch_bytes(scope, LAND_URL)
        .await
        .map(|bytes| String::from_utf8_lossy(&bytes).into())
        .unwrap_or_else(|_| "".into());
    *kept.borrow_mut() = Some(land.clone());
    land
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
        let (dataset, first_view_part) = match load(&scope).await {
            Ok((dataset, first_view_part)) => (Rc::new(dataset), first_view_part),
            Err(problem) => {
                post(&scope, &WorkerMessage::Failed(problem));
                return;
            }
        };
        // The tie-breaking order is the dataset's, made once for every query.
        let order = Rc::new(NameOrder::new(dataset.cities()));
        // The map's land, fetched for the first picture of the view that is asked for.
        let land: Rc<RefCell<Option<Rc<str>>>> = Rc::default();
        let answering = scope.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
            let message = match postcard::from_bytes::<PageMessage>(&bytes) {
                // A picture waits for the land; everything else is answered at once, without it.
                Ok(PageMessage::Export(request)) if request.format != ExportFormat::Csv => {
                    let (scope, land) = (answering.clone(), land.clone());
                    let (dataset, order) = (dataset.clone(), order.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        let land = land_once(&scope, &land).await;
                        let answer = match request.format {
                            ExportFormat::Png => {
                                let picture = view_picture(&dataset, &request, &land);
                                let png = picture_png::to_png(&picture).await;
                                WorkerMessage::Exported(
                                    ExportFormat::Png,
                                    png.map(serde_bytes::ByteBuf::from),
                                )
                            }
                            _ => respond(&dataset, &order, &land, &PageMessage::Export(request)),
                        };
                        post(&scope, &answer);
                    });
                    return;
                }
                // The bundled dataset's methodology is in its whole edition, which the page
                // fetches too, for the city detail: mostly an answer from the browser's cache.
                Ok(PageMessage::Methodology) if first_view_part => {
                    let scope = answering.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        let whole = read_dataset(&scope, FULL_DATASET_URL).await;
                        let html = whole.map(|whole| methodology::to_html(&whole));
                        post(&scope, &WorkerMessage::Methodology(html));
                    });
                    return;
                }
                Ok(message) => respond(&dataset, &order, "", &message),
                Err(error) => WorkerMessage::Failed(format!("a query could not be read: {error}")),
            };
            post(&answering, &message);
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        post(&scope, &WorkerMessage::Ready);
    });
}
