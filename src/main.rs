//! The browser entry point: install the panic banner and mount the app.

fn main() {
    ai_cities_index::panic_banner::install();
    leptos::mount::mount_to_body(ai_cities_index::ui::App);
}
