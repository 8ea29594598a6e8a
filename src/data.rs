//! Loading the bundled dataset over HTTP, with typed errors the page can show.

use std::fmt;
use std::sync::Arc;

use crate::domain::dataset::{Dataset, DatasetError};

/// Where the dataset is served, relative to the page.
pub const DATASET_URL: &str = "data/cities.json";

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

/// Fetches and validates the bundled dataset.
pub async fn load_dataset() -> Result<Arc<Dataset>, LoadError> {
    let response = gloo_net::http::Request::get(DATASET_URL)
        .send()
        .await
        .map_err(|error| LoadError::Network(error.to_string()))?;
    if !response.ok() {
        return Err(LoadError::Status(response.status()));
    }
    let text = response
        .text()
        .await
        .map_err(|error| LoadError::Network(error.to_string()))?;
    Dataset::from_json(&text)
        .map(Arc::new)
        .map_err(LoadError::Invalid)
}
