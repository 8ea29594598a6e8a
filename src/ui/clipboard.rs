//! Copying text to the clipboard, for the buttons that copy a link or an embed code.

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// What a copy button last did, for its status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyStatus {
    /// Nothing yet, or a new attempt is under way.
    Idle,
    /// The text is on the clipboard.
    Copied,
    /// The browser refused; the reader has to copy it by hand.
    Failed,
}

/// Puts `text` on the clipboard, and says in `status` whether it could.
pub fn copy_text(text: &str, status: RwSignal<CopyStatus>) {
    status.set(CopyStatus::Idle);
    let promise = window().navigator().clipboard().write_text(text);
    leptos::task::spawn_local(async move {
        let copied = JsFuture::from(promise).await.is_ok();
        _ = status.try_set(if copied {
            CopyStatus::Copied
        } else {
            CopyStatus::Failed
        });
    });
}
