//! The offline copy: once the analysis worker has started, the page registers the service
//! worker that `scripts/service-worker.mjs` writes into the build (`public/service-worker.js`
//! says what it caches and when it updates). A browser without service workers, or a page that
//! is not served over a secure origin, simply goes without.

use leptos::prelude::window;
use wasm_bindgen::JsValue;

/// The service worker's script, beside the page, so that its scope is the page's folder.
pub const SERVICE_WORKER_URL: &str = "service-worker.js";

/// Registers the service worker, if the browser offers them here.
pub fn register() {
    let navigator = window().navigator();
    // `navigator.serviceWorker` is missing outside secure origins.
    let offered = js_sys::Reflect::get(&navigator, &JsValue::from_str("serviceWorker"))
        .is_ok_and(|container| !container.is_undefined());
    if offered {
        // A registration that fails (a private window, a blocked script) leaves the page as it
        // is: online, it needs no worker.
        let registering = navigator.service_worker().register(SERVICE_WORKER_URL);
        wasm_bindgen_futures::spawn_local(async move {
            _ = wasm_bindgen_futures::JsFuture::from(registering).await;
        });
    }
}
