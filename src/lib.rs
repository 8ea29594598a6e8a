//! The AI Cities Index: an interactive, sourced ranking of the world's AI hubs.
//!
//! - [`domain`] is the pure core (dataset model, scoring, URL codec, projection), tested natively.
//! - [`dataset_build`] turns the public source files into the bundled dataset (a native tool, not compiled for the browser).
//! - [`data`] loads the bundled dataset in the browser.
//! - `analysis_worker` is the Web Worker's side of the rank bands (wasm only).
//! - [`ui`] is the Leptos app: thin components that read signals and memos.
//! - `picture_png` paints the view's picture as PNG in the worker (wasm only).
//! - `stored_files` keeps a user's own files in the browser (wasm only).
//! - [`panic_banner`] turns a panic into a visible message instead of a frozen page.

#[cfg(target_arch = "wasm32")]
pub mod analysis_worker;
pub mod data;
#[cfg(not(target_arch = "wasm32"))]
pub mod dataset_build;
pub mod domain;
pub mod panic_banner;
#[cfg(target_arch = "wasm32")]
pub mod picture_png;
#[cfg(target_arch = "wasm32")]
pub mod stored_files;
pub mod ui;
