//! `analysis-worker`: the Web Worker that computes rank bands off the main thread, a second
//! WebAssembly module of the crate with no Leptos in it ([`ai_cities_index::analysis_worker`]).
//! Built natively it does nothing.

#[cfg(target_arch = "wasm32")]
fn main() {
    ai_cities_index::analysis_worker::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
