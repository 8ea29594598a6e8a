//! A panic hook that never leaves a frozen page: it logs the panic and puts a visible banner
//! with a reload button at the top of the page.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// The banner's element id, so a second panic does not add a second banner.
const BANNER_ID: &str = "panic-banner";

/// Installs the hook. Call it first thing in `main`.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("AI Cities Index crashed: {info}").into());
        show_banner();
    }));
}

fn show_banner() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id(BANNER_ID).is_some() {
        return;
    }
    let (Ok(banner), Some(body)) = (document.create_element("div"), document.body()) else {
        return;
    };
    banner.set_id(BANNER_ID);
    banner.set_class_name("panic-banner");
    _ = banner.set_attribute("role", "alert");
    banner.set_inner_html(
        "<p><strong>Something went wrong and the page stopped responding.</strong> \
         Your view is kept in the address bar: reloading brings it back.</p>",
    );
    // A listener, not an `onclick` attribute, which the page's Content-Security-Policy refuses.
    if let Ok(button) = document.create_element("button") {
        _ = button.set_attribute("type", "button");
        button.set_text_content(Some("Reload"));
        let reload = Closure::<dyn Fn()>::new(|| {
            if let Some(window) = web_sys::window() {
                _ = window.location().reload();
            }
        });
        _ = button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
        reload.forget();
        _ = banner.append_child(&button);
    }
    if let Some(banner) = banner.dyn_ref::<web_sys::HtmlElement>() {
        _ = body.prepend_with_node_1(banner);
    }
}
