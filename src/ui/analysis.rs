//! The page's side of the analysis worker: it starts the worker once the first view is up,
//! sends it the view's query whenever the weights (through a drag too), the method or the
//! filters change, and shows an answer only while it is for the view on screen. One query is
//! in flight at a time, and only the newest waits. During a drag a query waits till the
//! weights have stayed still for [`DRAG_PAUSE`], so the bands follow each pause of the drag and
//! never show the weights of a step already left behind. While an
//! answer is pending the bands say so; if the worker fails, the rest of the page keeps working
//! and the bands say why. It also asks the worker for the view as CSV, and downloads what comes
//! back.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker};

use super::effect;
use super::model::Model;
use super::own_data::OwnData;
use crate::domain::bands::{Band, BandRequest, MethodChoice, SPREAD_CONCENTRATIONS, samples_for};
use crate::domain::export::{ExportFormat, ExportRequest};
use crate::domain::reach::Reach;
use crate::domain::score::Weights;
use crate::domain::view_state::ViewState;
use crate::domain::worker_messages::{BandQuery, PageMessage, WorkerMessage};

/// The worker's script, beside the page: it loads the worker's WebAssembly.
pub const WORKER_URL: &str = "analysis-worker-loader.js";

/// How long the weights must stay still during a drag before their bands are asked for. A
/// pointer drag moves the weights every frame, and an answer for a step already left is never
/// shown, so asking at every step would only make the list redraw its bands twice a frame.
/// Fifty milliseconds is three frames at 60 Hz: a drag that stops is noticed at once, and the
/// bands still come within the 100 ms that #25 allows after the last move.
const DRAG_PAUSE: Duration = Duration::from_millis(50);

/// The seed every query draws from, so the same view always gives the same bands.
const BAND_SEED: u64 = 2026;

/// The rank bands as the page shows them.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum BandsView {
    /// The bands for the view on screen are being computed.
    #[default]
    Pending,
    /// The bands of the view on screen, indexed by city, and the selected city's reach.
    Ready(Arc<Vec<Option<Band>>>, Option<Arc<Reach>>),
    /// The worker cannot compute bands; the text says why.
    Failed(String),
}

/// The worker's last answer, with the query it answers.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum BandAnswer {
    /// None yet.
    #[default]
    None,
    /// The bands and reach of `query`, the bands indexed by city.
    Answered {
        query: Arc<BandQuery>,
        bands: Arc<Vec<Option<Band>>>,
        reach: Option<Arc<Reach>>,
    },
    /// The worker cannot compute bands; the text says why.
    Failed(String),
}

impl BandAnswer {
    /// What the page shows when the view asks `current`: the answer if it is for that very
    /// query, and pending otherwise, so that an answer for weights already left is never shown.
    pub fn view_for(&self, current: &BandQuery) -> BandsView {
        match self {
            BandAnswer::Answered {
                query,
                bands,
                reach,
            } if **query == *current => BandsView::Ready(bands.clone(), reach.clone()),
            BandAnswer::Failed(why) => BandsView::Failed(why.clone()),
            BandAnswer::None | BandAnswer::Answered { .. } => BandsView::Pending,
        }
    }
}

/// The query for the bands of `view` under `weights`, over the `visible` cities, with the
/// `selected` city's reach: what [`Model::band_query`] holds.
pub fn query_of_view(
    view: &ViewState,
    weights: &Weights,
    visible: &[usize],
    selected: Option<usize>,
    city_count: usize,
) -> BandQuery {
    BandQuery {
        request: BandRequest {
            weights: weights.as_slice().to_vec(),
            method: MethodChoice::of(view.method()),
            method_uncertainty: view.method_uncertainty,
            min_coverage: view.min_coverage(),
            concentration: SPREAD_CONCENTRATIONS
                .get(usize::from(view.band_spread))
                .copied()
                .unwrap_or(0.0),
            samples: samples_for(city_count),
            seed: BAND_SEED,
            members: visible.iter().map(|&c| c as u32).collect(),
        },
        reach_city: selected.map(|c| c as u32),
    }
}

/// Where an export of the view stands.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum ExportStatus {
    /// None asked for, or the last one downloaded.
    #[default]
    Idle,
    /// Asked for, in this form; the worker is writing it.
    Preparing(ExportFormat),
    /// It could not be written; the text says why.
    Failed(String),
}

impl ExportStatus {
    /// Whether an export is being written.
    pub fn is_preparing(&self) -> bool {
        matches!(self, ExportStatus::Preparing(_))
    }
}

/// The methodology panel's body, as far as the analysis worker has written it.
#[derive(Debug, Clone, PartialEq)]
pub enum MethodologyText {
    /// Nobody has opened the panel.
    NotAsked,
    /// Asked for; the worker has not answered yet.
    Asked,
    /// The panel's HTML, escaped by [`crate::domain::methodology::to_html`].
    Ready(Arc<str>),
    /// Why there is none.
    Failed(String),
}

/// Where the conversation with the worker stands.
#[derive(Default)]
struct Conversation {
    worker: Option<Worker>,
    ready: bool,
    /// The query the worker is answering.
    in_flight: Option<Arc<BandQuery>>,
    /// The newest query, not yet sent.
    waiting: Option<Arc<BandQuery>>,
    /// While set, a drag moved the weights less than [`DRAG_PAUSE`] ago: the waiting query is
    /// held till it clears.
    drag_pause: Option<TimeoutHandle>,
    /// An export asked for before the worker was ready.
    export_waiting: Option<ExportRequest>,
    /// The methodology was asked for and not yet sent.
    methodology_waiting: bool,
}

/// Posts `message` to `worker`; false if it could not be posted.
fn post(worker: &Worker, message: &PageMessage) -> bool {
    postcard::to_allocvec(message).is_ok_and(|bytes| {
        worker
            .post_message(&js_sys::Uint8Array::from(bytes.as_slice()))
            .is_ok()
    })
}

/// Sends the waiting export, if the worker is ready, and the waiting query, if it is free.
fn send(conversation: &mut Conversation) {
    let Some(worker) = &conversation.worker else {
        return;
    };
    if !conversation.ready {
        return;
    }
    if let Some(request) = conversation.export_waiting.take() {
        post(worker, &PageMessage::Export(request));
    }
    if std::mem::take(&mut conversation.methodology_waiting) {
        post(worker, &PageMessage::Methodology);
    }
    if conversation.in_flight.is_some() || conversation.drag_pause.is_some() {
        return;
    }
    if let Some(query) = conversation.waiting.take()
        && post(worker, &PageMessage::Bands((*query).clone()))
    {
        conversation.in_flight = Some(query);
    }
}

/// Offers `bytes` to the reader as a file in `format`.
fn download(format: ExportFormat, bytes: &[u8]) -> Result<(), String> {
    let fail = |_| "this browser could not save the file".to_owned();
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(format.media_type());
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let link: web_sys::HtmlAnchorElement = document()
        .create_element("a")
        .map_err(fail)?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(format.file_name());
    link.click();
    _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The export of the view on screen, in `format`.
fn export_request(model: Model, format: ExportFormat) -> ExportRequest {
    model.view.with_untracked(|v| ExportRequest {
        format,
        weights: model.weights.with_untracked(|w| w.as_slice().to_vec()),
        sliders: v.weights.clone(),
        method: MethodChoice::of(v.method()),
        min_coverage: v.min_coverage(),
        members: model
            .visible
            .with_untracked(|m| m.iter().map(|&c| c as u32).collect()),
        bands: model.bands.with_untracked(|b| match b {
            BandsView::Ready(by_city, _) => by_city.to_vec(),
            BandsView::Pending | BandsView::Failed(_) => Vec::new(),
        }),
        url: window().location().href().unwrap_or_default(),
    })
}

/// Starts the analysis worker for `model` and keeps its bands up to date.
pub fn start(model: Model) {
    let conversation = StoredValue::new_local(Conversation::default());
    let fail = move |why: String| {
        model.band_answer.set(BandAnswer::Failed(why.clone()));
        if model
            .methodology
            .with_untracked(|m| !matches!(m, MethodologyText::Ready(_)))
        {
            model.methodology.set(MethodologyText::Failed(why.clone()));
        }
        if model.export.with_untracked(ExportStatus::is_preparing) {
            model.export.set(ExportStatus::Failed(why));
        }
    };
    // The worker ranks the dataset the page does: stress mode's is made from the same link, and
    // the user's own file is read from where this browser keeps it.
    let stress = model
        .dataset
        .with_value(|d| d.is_synthetic().then(|| d.cities().len()));
    let own = model
        .view
        .with_untracked(|v| v.own.is_some())
        .then(use_context::<OwnData>)
        .flatten()
        .and_then(|own| {
            own.current
                .with_value(|c| c.as_ref().map(|c| c.hash.clone()))
        });
    let url = match (stress, own) {
        (Some(size), _) => format!("{WORKER_URL}?stress={size}"),
        (None, Some(hash)) => format!("{WORKER_URL}?own={hash}"),
        (None, None) => WORKER_URL.to_owned(),
    };
    let worker = match Worker::new(&url) {
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
            Ok(WorkerMessage::Bands { bands, reach }) => {
                if let Some(query) = conversation
                    .try_update_value(|c| c.in_flight.take())
                    .flatten()
                {
                    let mut by_city = vec![None; city_count];
                    for band in bands {
                        if let Some(slot) = by_city.get_mut(band.city as usize) {
                            *slot = Some(band);
                        }
                    }
                    model.band_answer.set(BandAnswer::Answered {
                        query,
                        bands: Arc::new(by_city),
                        reach: reach.map(Arc::new),
                    });
                }
                conversation.update_value(send);
            }
            Ok(WorkerMessage::Exported(format, written)) => {
                let status = match written.and_then(|file| download(format, &file)) {
                    Ok(()) => ExportStatus::Idle,
                    Err(why) => ExportStatus::Failed(why),
                };
                model.export.set(status);
            }
            Ok(WorkerMessage::Methodology(written)) => model.methodology.set(match written {
                Ok(html) => MethodologyText::Ready(html.into()),
                Err(why) => MethodologyText::Failed(why),
            }),
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
        if let ExportStatus::Preparing(format) = model.export.get() {
            if let Some(why) = model.bands.with_untracked(|b| match b {
                BandsView::Failed(why) => Some(why.clone()),
                BandsView::Pending | BandsView::Ready(..) => None,
            }) {
                model.export.set(ExportStatus::Failed(why));
                return;
            }
            let request = export_request(model, format);
            conversation.update_value(|c| {
                c.export_waiting = Some(request);
                send(c);
            });
        }
    });

    effect(move || {
        if model.methodology.get() == MethodologyText::Asked {
            conversation.update_value(|c| {
                c.methodology_waiting = true;
                send(c);
            });
        }
    });

    effect(move || {
        let query = Arc::new(model.band_query.get());
        let dragging = model.dragged_weight.with_untracked(Option::is_some);
        conversation.update_value(|c| {
            c.waiting = Some(query);
            if let Some(pause) = c.drag_pause.take() {
                pause.clear();
            }
            if dragging {
                let paused = move || {
                    conversation.try_update_value(|c| {
                        c.drag_pause = None;
                        send(c);
                    });
                };
                c.drag_pause = set_timeout_with_handle(paused, DRAG_PAUSE).ok();
            }
            send(c);
        });
    });
}
