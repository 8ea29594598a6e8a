//! The pure core: the dataset model, scoring, filtering, the URL codec and the map projection.
//!
//! Nothing in here touches the browser, the network or the file system, and every function is
//! deterministic, so all of it is tested natively with `cargo test`.

pub mod bands;
pub mod city_document;
pub mod compare;
pub mod dataset;
pub mod export;
pub mod filter;
pub mod format;
pub mod html;
pub mod list_window;
pub mod map_labels;
pub mod map_view;
pub mod methodology;
pub mod picture;
pub mod projection;
pub mod rank_moves;
pub mod reach;
pub mod score;
pub mod synthetic;
pub mod text_order;
pub mod top_list;
pub mod upload;
pub mod url_sync;
pub mod view_state;
pub mod worker_messages;
