//! Loading the bundled dataset with the browser's `fetch`, with typed errors the page can show.

use std::fmt;
use std::sync::Arc;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::domain::dataset::{Dataset, DatasetError};

/// Where the first view's part of the dataset is served, relative to the page: the postcard
/// form of the `data/cities.json` beside it, less what only the city detail and the
/// methodology show ([`Dataset::first_view`]).
pub const DATASET_URL: &str = "data/cities.bin";

/// Where the whole dataset is served, in the same form.
pub const FULL_DATASET_URL: &str = "data/cities-full.bin";

/// Why the dataset could not be loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// The request failed before a response arrived.
    Network(String),
    /// The server answered with an error status.
    Status(u16),
    /// The file arrived but is not a valid dataset.
    Invalid(DatasetError),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Network(message) => {
                write!(f, "the dataset could not be downloaded ({message})")
            }
            LoadError::Status(status) => write!(f, "the server answered {status} for the dataset"),
            LoadError::Invalid(error) => write!(f, "the dataset file is damaged: {error}"),
        }
    }
}

/// Fetches and validates the first view's part of the bundled dataset.
pub async fn load_dataset() -> Result<Arc<Dataset>, LoadError> {
    load_from(DATASET_URL).await
}

/// Fetches and validates the whole bundled dataset.
pub async fn load_full_dataset() -> Result<Arc<Dataset>, LoadError> {
    load_from(FULL_DATASET_URL).await
}

async fn load_from(url: &str) -> Result<Arc<Dataset>, LoadError> {
    let window = web_sys::window().ok_or_else(|| LoadError::Network("no window".into()))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(network_error)?
        .unchecked_into();
    if !response.ok() {
        return Err(LoadError::Status(response.status()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(network_error)?)
        .await
        .map_err(network_error)?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Dataset::from_postcard(&bytes)
        .map(Arc::new)
        .map_err(LoadError::Invalid)
}

/// What the browser said about a failed request: its error message, or the value it threw.
fn network_error(error: JsValue) -> LoadError {
    let message = match error.dyn_ref::<js_sys::Error>() {
        Some(error) => String::from(error.message()),
        None => error.as_string().unwrap_or_else(|| "unknown error".into()),
    };
    LoadError::Network(message)
}
