//! A panic hook that never leaves a frozen page: it logs the panic and puts a visible banner
//! with a reload button at the top of the page.

use wasm_bindgen::JsCast;

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
         Your view is kept in the address bar: reloading brings it back.</p>\
         <button type=\"button\" onclick=\"location.reload()\">Reload</button>",
    );
    if let Some(banner) = banner.dyn_ref::<web_sys::HtmlElement>() {
        _ = body.prepend_with_node_1(banner);
    }
}
