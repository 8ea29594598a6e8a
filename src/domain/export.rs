//! The current view as a CSV file, for a spreadsheet: one row per city in rank order, with its
//! rank, score, rank band and, per indicator, the value, the 0–100 score and what it adds. Comment
//! lines above the header give the view's link, the edition, the weights, the method and each
//! indicator's source and licence. The analysis worker writes it, with the `csv` crate, so the
//! first view carries none of this code.

use serde::{Deserialize, Serialize};

use super::bands::{Band, MethodChoice};
use super::dataset::Dataset;
use super::score::{
    IndicatorScores, NameOrder, Ranking, Unranked, Weights, city_score, contributions, rank,
};

/// The forms a view exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportFormat {
    /// CSV, for a spreadsheet ([`view_csv`]).
    Csv,
    /// An SVG picture of the map and the list ([`super::picture::view_svg`]).
    Svg,
    /// The same picture as PNG, painted by the worker's canvas.
    Png,
}

impl ExportFormat {
    /// The name the file downloads as.
    pub fn file_name(self) -> &'static str {
        match self {
            ExportFormat::Csv => "ai-cities-index.csv",
            ExportFormat::Svg => "ai-cities-index.svg",
            ExportFormat::Png => "ai-cities-index.png",
        }
    }

    /// The file's media type.
    pub fn media_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv;charset=utf-8",
            ExportFormat::Svg => "image/svg+xml;charset=utf-8",
            ExportFormat::Png => "image/png",
        }
    }
}

/// What to export: the view as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportRequest {
    /// The form to export to.
    pub format: ExportFormat,
    /// The weights, one per indicator, already on the view's basis.
    pub weights: Vec<f64>,
    /// The sliders' weights (0–10), as the view's link has them.
    pub sliders: Vec<u8>,
    /// The view's method.
    pub method: MethodChoice,
    /// The coverage rule's minimum share of the weight, 0–1.
    pub min_coverage: f64,
    /// The cities the view shows, indices into the dataset.
    pub members: Vec<u32>,
    /// The rank bands the page shows, by city, if it has them.
    pub bands: Vec<Option<Band>>,
    /// The view's link.
    pub url: String,
}

/// A number with `decimals` places, as the page shows it.
fn fixed(value: f64, decimals: usize) -> String {
    format!("{value:.decimals$}")
}

/// The comment lines above the header, each starting with `#`.
fn comments(dataset: &Dataset, request: &ExportRequest) -> String {
    let method = request.method.method();
    let weights: Vec<String> = dataset
        .indicators()
        .iter()
        .zip(&request.sliders)
        .filter(|(_, weight)| **weight > 0)
        .map(|(indicator, weight)| format!("{} ({}) {weight}", indicator.label, indicator.code))
        .collect();
    let mut lines = vec![
        format!("# AI Cities Index, edition {}", dataset.edition()),
        format!("# View: {}", request.url),
        format!(
            "# Weights (0-10; every other indicator 0): {}",
            weights.join("; ")
        ),
        format!(
            "# Method: {}; {}; {}; a city is ranked when its data covers at least {}% of the weight",
            method.normalisation.label(),
            method.aggregation.label(),
            if request.method.per_capita {
                "counts per million inhabitants"
            } else {
                "absolute counts"
            },
            fixed(request.min_coverage * 100.0, 0),
        ),
        "# Columns per indicator: <code> value, <code> score (0-100), <code> adds (points of the score)".to_owned(),
    ];
    for indicator in dataset.indicators() {
        let source = dataset
            .source(&indicator.source)
            .map_or(indicator.source.as_str(), |s| s.name.as_str());
        lines.push(format!(
            "# {}: {}, {} ({}). Source: {source}, {}. Licence: {}",
            indicator.code,
            indicator.label,
            indicator.unit,
            indicator.period,
            indicator.source_url,
            indicator.licence,
        ));
    }
    // A comment line is one line, whatever a source's text holds.
    lines
        .iter()
        .map(|line| line.replace(['\r', '\n'], " ") + "\n")
        .collect()
}

/// The view's scores, weights and ranking, as the page ranks it.
pub fn view_ranking(
    dataset: &Dataset,
    request: &ExportRequest,
) -> (IndicatorScores, Weights, Ranking) {
    let method = request.method.method();
    let table = IndicatorScores::compute_with(method, dataset.indicators(), dataset.cities());
    let weights = Weights::from_values(request.weights.iter().copied());
    let order = NameOrder::new(dataset.cities());
    let members = request.members.iter().map(|&c| c as usize);
    let ranking = rank(&table, &weights, &order, members, request.min_coverage);
    (table, weights, ranking)
}

/// The view as CSV text.
pub fn view_csv(dataset: &Dataset, request: &ExportRequest) -> Result<String, csv::Error> {
    let method = request.method.method();
    let (table, weights, ranking) = view_ranking(dataset, request);

    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "rank".to_owned(),
        "city".to_owned(),
        "country".to_owned(),
        "score".to_owned(),
        "status".to_owned(),
        "data coverage (%)".to_owned(),
        "band best".to_owned(),
        "band median".to_owned(),
        "band worst".to_owned(),
    ];
    for indicator in dataset.indicators() {
        for part in ["value", "score", "adds"] {
            header.push(format!("{} {part}", indicator.code));
        }
    }
    writer.write_record(&header)?;
    for entry in &ranking.entries {
        let Some(city) = dataset.cities().get(entry.city) else {
            continue;
        };
        let band = request.bands.get(entry.city).copied().flatten();
        let coverage = city_score(&table, &weights, entry.city).coverage;
        let parts = contributions(&table, &weights, entry.city);
        let mut record = vec![
            entry.rank.map(|r| r.to_string()).unwrap_or_default(),
            city.name.clone(),
            city.country_name.clone(),
            entry.score.map(|s| fixed(s, 1)).unwrap_or_default(),
            match (entry.rank, entry.unranked) {
                (Some(_), _) => "ranked",
                (None, Some(Unranked::TooLittleData)) => "too little data",
                (None, _) => "no data",
            }
            .to_owned(),
            fixed(coverage * 100.0, 0),
            band.map(|b| b.best.to_string()).unwrap_or_default(),
            band.map(|b| b.median.to_string()).unwrap_or_default(),
            band.map(|b| b.worst.to_string()).unwrap_or_default(),
        ];
        for (column, indicator) in dataset.indicators().iter().enumerate() {
            let value = method.basis.value(indicator, city, column);
            record.push(value.map(|v| v.to_string()).unwrap_or_default());
            record.push(
                table
                    .get(entry.city, column)
                    .map(|s| fixed(s, 1))
                    .unwrap_or_default(),
            );
            record.push(
                parts
                    .get(column)
                    .copied()
                    .flatten()
                    .map(|p| fixed(p, 2))
                    .unwrap_or_default(),
            );
        }
        writer.write_record(&record)?;
    }
    let body = writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(comments(dataset, request) + &String::from_utf8_lossy(&body))
}
