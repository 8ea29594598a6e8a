//! The address bar as a signal: the query string of the page's URL, followed through back and
//! forward, and the two ways the app writes it.
//!
//! This is all the app needs of a router (README, design decisions). Unlike `leptos_router`,
//! it never panics where a browser refuses `history.pushState` (Safari throws once a page writes
//! its history more than 100 times in 30 seconds).

use leptos::prelude::*;
use wasm_bindgen::JsValue;

pub use crate::domain::url_sync::Entry;
use crate::domain::url_sync::History;

/// The page's query string (without its `?`), as a signal. `Copy`; provide it once with
/// [`provide_context`] above every component that reads or writes the URL.
#[derive(Debug, Clone, Copy)]
pub struct Address {
    query: RwSignal<String>,
}

impl Address {
    /// Reads the current URL and follows it through back and forward navigation.
    pub fn follow() -> Address {
        let query = RwSignal::new(current_query());
        let listener = window_event_listener(leptos::ev::popstate, move |_| {
            query.set(current_query());
        });
        on_cleanup(move || listener.remove());
        Address { query }
    }

    /// The address provided by an ancestor.
    pub fn expect() -> Address {
        expect_context::<Address>()
    }

    /// The query string, tracked: a reactive scope that reads it reruns when it changes.
    pub fn query(self) -> String {
        self.query.get()
    }

    /// The query string, untracked.
    pub fn query_untracked(self) -> String {
        self.query.get_untracked()
    }

    /// Shows `query` (without its `?`; empty for none) in the address bar, keeping the path.
    /// Whether to write at all is [`crate::domain::url_sync`]'s to decide. If the browser
    /// refuses, the page keeps working with the address bar one step behind, and the console
    /// says why.
    pub fn write(self, query: &str, entry: Entry) {
        let window = window();
        let path = window
            .location()
            .pathname()
            .unwrap_or_else(|_| "/".to_owned());
        let url = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        let written = window.history().and_then(|history| match entry {
            Entry::Push => history.push_state_with_url(&JsValue::NULL, "", Some(&url)),
            Entry::Replace => history.replace_state_with_url(&JsValue::NULL, "", Some(&url)),
        });
        match written {
            Ok(()) => self.query.set(query.to_owned()),
            Err(error) => {
                web_sys::console::warn_2(&"The address bar was not updated:".into(), &error)
            }
        }
    }
}

/// The browser's history, as the URL policy of [`crate::domain::url_sync`] writes it.
impl History for Address {
    fn shown(&self) -> String {
        self.query_untracked()
    }

    fn write(&mut self, query: &str, entry: Entry) {
        Address::write(*self, query, entry);
    }
}

fn current_query() -> String {
    let search = window().location().search().unwrap_or_default();
    search.strip_prefix('?').unwrap_or(&search).to_owned()
}
