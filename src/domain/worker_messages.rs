//! What the page and the analysis worker say to each other, as postcard bytes: the page asks for
//! the rank bands of a view (with the selected city's best and worst ranks), for the view as a
//! file, or for the methodology; the worker answers each from the pure core. The same worker, started as a reader,
//! reads a user's own file into a dataset and keeps it in the browser
//! ([`ReaderRequest`], [`ReaderAnswer`]).

use serde::{Deserialize, Serialize};

use super::bands::{Band, BandRequest, bands_from, method_tables};
use super::dataset::Dataset;
use super::export::{ExportFormat, ExportRequest, view_csv};
use super::picture::view_svg;
use super::score::NameOrder;
use super::upload::Refusal;

/// A message from the page to the analysis worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PageMessage {
    /// The rank bands of a view.
    Bands(BandQuery),
    /// A view as CSV.
    Export(ExportRequest),
    /// The methodology and sources of the dataset, as the panel's HTML.
    Methodology,
}

/// A query for the rank bands of a view. The worker answers queries one at a time and in
/// order, so the page knows which query an answer is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandQuery {
    /// What to compute.
    pub request: BandRequest,
    /// The selected city, whose best and worst ranks to find.
    pub reach_city: Option<u32>,
}

/// A message from the analysis worker to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WorkerMessage {
    /// The worker has its dataset and takes queries.
    Ready,
    /// The bands for the query the worker was sent last.
    Bands {
        /// The bands, in city order.
        bands: Vec<Band>,
        /// The selected city's best and worst ranks, if one was asked for and found.
        reach: Option<super::reach::Reach>,
    },
    /// The view asked for, as the bytes of a file in `.0`'s form, or why it could not be
    /// written.
    Exported(ExportFormat, Result<serde_bytes::ByteBuf, String>),
    /// The methodology and sources, as [`super::methodology::to_html`] writes them, or why the
    /// worker has not the whole dataset they come from.
    Methodology(Result<String, String>),
    /// The worker cannot compute bands; the message says why.
    Failed(String),
}

/// A message from the page to the worker started as a reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ReaderRequest {
    /// Read a file the user chose and, if it reads, answer, then keep it in the browser.
    ReadFile {
        /// The file's name.
        file_name: String,
        /// Its bytes.
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
    /// Fetch the file at `address`, on this site, read it and, if it reads, answer, then keep
    /// it in the browser.
    ReadAddress {
        /// Its address, relative to the page.
        address: String,
    },
    /// Read the file this browser keeps under `hash`.
    ReadStored {
        /// Its content hash.
        hash: String,
    },
}

/// A message from the worker started as a reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ReaderAnswer {
    /// The reader has started and takes requests.
    Ready,
    /// The share of the file read so far, from 0 to 1.
    Progress(f32),
    /// The file read, under its content hash `hash`.
    Read {
        /// Its content hash.
        hash: String,
        /// The file's name.
        file_name: String,
        /// The dataset, as postcard bytes ([`Dataset::to_postcard`]).
        #[serde(with = "serde_bytes")]
        dataset: Vec<u8>,
    },
    /// After [`ReaderAnswer::Read`] of a file the user chose or linked to: whether the browser keeps it, so
    /// that a reload finds it. `None` if it does; else why not.
    Kept(Option<String>),
    /// The file does not read; here is why.
    Refused(Refusal),
    /// This browser keeps no file under the hash asked for.
    NotStored,
    /// The reader failed; the text says why.
    Failed(String),
}

/// The answer to `query`: the bands, and the selected city's reach.
pub fn answer(dataset: &Dataset, order: &NameOrder, query: &BandQuery) -> WorkerMessage {
    let request = &query.request;
    // The draws' tables include the view's own, which the reach is found on.
    let tables = method_tables(dataset, request);
    let view_method = request.method.method();
    let reach = query.reach_city.and_then(|city| {
        let (_, table) = tables.iter().find(|(method, _)| *method == view_method)?;
        let members: Vec<usize> = request.members.iter().map(|&c| c as usize).collect();
        super::reach::reach(table, order, city as usize, &members)
    });
    WorkerMessage::Bands {
        bands: bands_from(&tables, request),
        reach,
    }
}

/// The worker's answer to `message`, about `dataset`, whose [`NameOrder`] is `order`, with
/// `land_svg` (the build's `data/land.svg`) for pictures of the map.
pub fn respond(
    dataset: &Dataset,
    order: &NameOrder,
    land_svg: &str,
    message: &PageMessage,
) -> WorkerMessage {
    match message {
        PageMessage::Bands(query) => answer(dataset, order, query),
        PageMessage::Export(request) => WorkerMessage::Exported(
            request.format,
            match request.format {
                ExportFormat::Csv => view_csv(dataset, request).map_err(|e| e.to_string()),
                ExportFormat::Svg => Ok(view_svg(dataset, request, land_svg)),
                // The worker paints it on its canvas, from [`super::picture::view_picture`].
                ExportFormat::Png => Err("a PNG is painted on a canvas, not written here".into()),
            }
            .map(|text| serde_bytes::ByteBuf::from(text.into_bytes())),
        ),
        PageMessage::Methodology => {
            WorkerMessage::Methodology(Ok(super::methodology::to_html(dataset)))
        }
    }
}
