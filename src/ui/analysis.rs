//! The page's side of the analysis worker: it starts the worker once the first view is up,
//! sends it the view's query whenever the weights (at the end of a drag), the method or the
//! filters change, and
//! shows an answer only if it is for the view on screen. While an answer is pending the bands
//! say so; if the worker fails, the rest of the page keeps working and the bands say why.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker};

use super::effect;
use super::model::Model;
use crate::domain::bands::{
    Band, BandQuery, BandRequest, MethodChoice, SPREAD_CONCENTRATIONS, WorkerMessage, samples_for,
};
use crate::domain::reach::Reach;

/// The worker's script, beside the page: it loads the worker's WebAssembly.
pub const WORKER_URL: &str = "analysis-worker-loader.js";

/// The seed every query draws from, so the same view always gives the same bands.
const BAND_SEED: u64 = 2026;

/// The rank bands as the page shows them.
#[derive(Debug, Clone, Default)]
pub enum BandsView {
    /// The bands for the view on screen are being computed.
    #[default]
    Pending,
    /// The bands of the view on screen, indexed by city, and the selected city's reach.
    Ready(Arc<Vec<Option<Band>>>, Option<Arc<Reach>>),
    /// The worker cannot compute bands; the text says why.
    Failed(String),
}

/// Where the conversation with the worker stands.
#[derive(Default)]
struct Conversation {
    worker: Option<Worker>,
    ready: bool,
    in_flight: bool,
    /// The newest query, not yet sent.
    waiting: Option<BandQuery>,
    /// The generation of the view on screen.
    generation: u64,
}

/// Sends the waiting query if the worker is free.
fn send(conversation: &mut Conversation) {
    if !conversation.ready || conversation.in_flight {
        return;
    }
    let (Some(worker), Some(query)) = (&conversation.worker, conversation.waiting.take()) else {
        return;
    };
    if let Ok(bytes) = postcard::to_allocvec(&query)
        && worker
            .post_message(&js_sys::Uint8Array::from(bytes.as_slice()))
            .is_ok()
    {
        conversation.in_flight = true;
    }
}

/// Starts the analysis worker for `model` and keeps its bands up to date.
pub fn start(model: Model) {
    let conversation = StoredValue::new_local(Conversation::default());
    let fail = move |why: String| model.bands.set(BandsView::Failed(why));
    let worker = match Worker::new(WORKER_URL) {
        Ok(worker) => worker,
        Err(_) => {
            fail("this browser could not start the analysis worker".into());
            return;
        }
    };
    let city_count = model.dataset.with_value(|d| d.cities().len());
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
        match postcard::from_bytes::<WorkerMessage>(&bytes) {
            Ok(WorkerMessage::Ready) => conversation.update_value(|c| {
                c.ready = true;
                send(c);
            }),
            Ok(WorkerMessage::Bands {
                generation,
                bands,
                reach,
            }) => {
                let current = conversation.with_value(|c| c.generation == generation);
                if current {
                    let mut by_city = vec![None; city_count];
                    for band in bands {
                        if let Some(slot) = by_city.get_mut(band.city as usize) {
                            *slot = Some(band);
                        }
                    }
                    model
                        .bands
                        .set(BandsView::Ready(Arc::new(by_city), reach.map(Arc::new)));
                }
                conversation.update_value(|c| {
                    c.in_flight = false;
                    send(c);
                });
            }
            Ok(WorkerMessage::Failed(why)) => fail(why),
            Err(_) => fail("the analysis worker sent a message this page cannot read".into()),
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
        fail("the analysis worker could not be loaded".into());
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    conversation.update_value(|c| c.worker = Some(worker.clone()));
    on_cleanup(move || worker.terminate());

    effect(move || {
        // While a weight slider is dragged, the bands wait: the rows keep their layout through
        // the drag, and the query for the weights the drag ends on goes when it ends.
        if model.dragged_weight.with(Option::is_some) {
            if model
                .bands
                .with_untracked(|b| matches!(b, BandsView::Ready(..)))
            {
                model.bands.set(BandsView::Pending);
            }
            return;
        }
        let request = model.view.with(|v| BandRequest {
            weights: model.weights.with(|w| w.as_slice().to_vec()),
            method: MethodChoice::of(v.method()),
            method_uncertainty: v.method_uncertainty,
            min_coverage: v.min_coverage(),
            concentration: SPREAD_CONCENTRATIONS
                .get(usize::from(v.band_spread))
                .copied()
                .unwrap_or(0.0),
            samples: samples_for(city_count),
            seed: BAND_SEED,
            members: model
                .visible
                .with(|m| m.iter().map(|&c| c as u32).collect()),
        });
        let reach_city = model.selected.get().map(|c| c as u32);
        if model
            .bands
            .with_untracked(|b| !matches!(b, BandsView::Failed(_)))
        {
            model.bands.set(BandsView::Pending);
        }
        conversation.update_value(|c| {
            c.generation += 1;
            c.waiting = Some(BandQuery {
                generation: c.generation,
                request,
                reach_city,
            });
            send(c);
        });
    });
}
