//! Component tests in headless Chromium: the page mounts with the bundled dataset, moving a
//! slider reorders the list to the ranking the core computes, and the address follows the URL;
//! and the ranking's pass over every city, which this build runs in WebAssembly's SIMD lanes,
//! scores each city as scoring it alone does.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use ai_cities_index::domain::dataset::Dataset;
use ai_cities_index::domain::score::{
    IndicatorScores, NameOrder, SCORE_RESOLUTION, Weights, city_score, rank,
};
use ai_cities_index::domain::synthetic;
use ai_cities_index::ui::Index;
use ai_cities_index::ui::address::{Address, Entry};
use ai_cities_index::ui::own_data::OwnData;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Event, EventInit, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const BUNDLED: &[u8] = include_bytes!("../public/data/cities.bin");

fn bundled() -> Arc<Dataset> {
    Arc::new(Dataset::from_postcard(BUNDLED).expect("the bundled dataset is valid"))
}

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

/// Mounts the page in a fresh container and returns it; the mount lives for the whole test.
fn mount(dataset: Arc<Dataset>) -> HtmlElement {
    let container: HtmlElement = document()
        .create_element("div")
        .expect("a div")
        .unchecked_into();
    document()
        .body()
        .expect("a body")
        .append_child(&container)
        .expect("appended");
    let handle = leptos::mount::mount_to(container.clone(), move || {
        provide_context(Address::follow());
        OwnData::provide();
        view! { <Index dataset=dataset.clone() /> }
    });
    handle.forget();
    container
}

/// Waits, one browser task at a time, until the ranked list is in the page and has filled (it
/// renders in a task after the first, fills in steps and is `aria-busy` until then).
async fn ranking_filled(container: &HtmlElement) {
    for _ in 0..100 {
        leptos::task::tick().await;
        let filled = container
            .query_selector("[data-testid=ranked-list]:not([aria-busy])")
            .expect("a selector");
        if filled.is_some() {
            return;
        }
        let next_task = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .expect("a window")
                .set_timeout_with_callback(&resolve)
                .expect("a timeout");
        });
        wasm_bindgen_futures::JsFuture::from(next_task)
            .await
            .expect("the timeout fired");
    }
    panic!("the ranked list never filled");
}

fn row_ids(container: &HtmlElement) -> Vec<String> {
    let rows = container
        .query_selector_all("[data-testid=city-row]")
        .expect("a selector");
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
        .filter_map(|row| row.get_attribute("data-city-id"))
        .collect()
}

/// Moves a slider as a keyboard step does: an `input` event, then a `change`.
fn set_slider(container: &HtmlElement, id: &str, value: u8) {
    let input: HtmlInputElement = container
        .query_selector(&format!("#{id}"))
        .expect("a selector")
        .expect("the slider exists")
        .unchecked_into();
    input.set_value(&value.to_string());
    let init = EventInit::new();
    init.set_bubbles(true);
    for kind in ["input", "change"] {
        let event = Event::new_with_event_init_dict(kind, &init).expect("an event");
        input.dispatch_event(&event).expect("dispatched");
    }
}

#[wasm_bindgen_test]
async fn the_page_mounts_with_a_row_and_a_marker_per_city() {
    let dataset = bundled();
    let container = mount(dataset.clone());
    ranking_filled(&container).await;
    assert_eq!(row_ids(&container).len(), dataset.cities().len());
    let markers = container
        .query_selector_all("[data-testid=world-map] circle[data-city-id]")
        .expect("a selector");
    assert_eq!(markers.length() as usize, dataset.cities().len());
    let sliders = container
        .query_selector_all("input[type=range][id^=weight-]")
        .expect("a selector");
    assert_eq!(sliders.length() as usize, dataset.indicators().len());
    container.remove();
}

#[wasm_bindgen_test]
async fn moving_a_slider_reorders_the_rows_as_the_core_ranks_them() {
    let dataset = bundled();
    let container = mount(dataset.clone());
    ranking_filled(&container).await;
    let before = row_ids(&container);

    let seed = dataset
        .indicators()
        .iter()
        .position(|i| i.code == "seed")
        .expect("the seed indicator");
    set_slider(&container, "weight-seed", 10);
    leptos::task::tick().await;
    let after = row_ids(&container);

    let mut weights = dataset.default_weights();
    weights[seed] = 10;
    let table = IndicatorScores::compute(dataset.indicators(), dataset.cities());
    let expected: Vec<String> = rank(
        &table,
        &Weights::from_sliders(&weights),
        &NameOrder::new(dataset.cities()),
        0..dataset.cities().len(),
        0.5,
    )
    .entries
    .iter()
    .map(|entry| dataset.cities()[entry.city].id.clone())
    .collect();
    assert_ne!(before, after, "the slider changed the order");
    assert_eq!(after, expected);
    container.remove();
}

/// An odd number of cities, so that the last one is left over from the pairs, and weights with
/// zeros among them, over values of which some are missing.
#[wasm_bindgen_test]
fn the_ranking_scores_every_city_as_scoring_it_alone_does() {
    let dataset = synthetic::generate(1_001, 7, 2026);
    let table = IndicatorScores::compute(dataset.indicators(), dataset.cities());
    let weights = Weights::from_sliders(&[0, 3, 10, 1, 0, 7, 2]);
    let ranking = rank(
        &table,
        &weights,
        &NameOrder::new(dataset.cities()),
        0..dataset.cities().len(),
        0.0,
    );
    assert_eq!(ranking.entries.len(), dataset.cities().len());
    for entry in &ranking.entries {
        let alone = city_score(&table, &weights, entry.city).score;
        let quantised = alone.map(|s| (s / SCORE_RESOLUTION).round() * SCORE_RESOLUTION);
        assert_eq!(entry.score, quantised, "city {}", entry.city);
    }
}

#[wasm_bindgen_test]
fn the_address_follows_its_own_writes_and_back_and_forward() {
    let window = web_sys::window().expect("a window");
    let owner = Owner::new();
    owner.with(|| {
        let history = window.history().expect("a history");
        let address = Address::follow();
        address.write("w=pap3", Entry::Push);
        assert_eq!(address.query_untracked(), "w=pap3");
        assert_eq!(window.location().search().expect("a search"), "?w=pap3");
        let entries = history.length().expect("a length");
        address.write("w=pap4", Entry::Push);
        assert_eq!(history.length().expect("a length"), entries + 1);

        // What the browser does on Back: the URL changes, then `popstate` fires.
        history
            .replace_state_with_url(&JsValue::NULL, "", Some("?w=pap7"))
            .expect("replaced");
        window
            .dispatch_event(&Event::new("popstate").expect("an event"))
            .expect("dispatched");
        assert_eq!(address.query_untracked(), "w=pap7");

        address.write("", Entry::Replace);
        assert_eq!(address.query_untracked(), "");
        assert_eq!(window.location().search().expect("a search"), "");
    });
}
