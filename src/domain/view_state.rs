//! The shareable view and its URL query codec.
//!
//! A [`ViewState`] is everything a link must reproduce: weights, filters, the search text, the
//! selected city, the open panel and stress mode. [`encode`] writes it as a compact query
//! string and [`decode`] reads one back. Decoding never fails as a whole: each parameter, and
//! each weight inside `w`, is read on its own, falls back to its default when it can't be used,
//! and is reported as an [`Ignored`] item, so the page can say what it left out.
//!
//! | key | meaning | example |
//! | --- | --- | --- |
//! | `p` | a preset's weights | `p=research` |
//! | `w` | weights as indicator code + 0–10, over `p` or the defaults | `w=pap5flag0` |
//! | `r` | regions, `.`-separated | `r=eu.na` |
//! | `c` | countries (ISO 3166 alpha-2), `.`-separated | `c=de.fr` |
//! | `q` | search text | `q=san` |
//! | `city` | the selected city | `city=toronto` |
//! | `vs` | a city to compare the selected one with | `vs=paris` |
//! | `view` | `method` opens the methodology | `view=method` |
//! | `pc` | `1` takes count indicators per million inhabitants | `pc=1` |
//! | `cov` | the coverage rule's minimum share of the weight, in percent | `cov=75` |
//! | `norm` | normalisation: `pct` percentile rank, `lead` share of the leader (else min–max) | `norm=pct` |
//! | `agg` | `geo` aggregates by the weighted geometric mean (else the arithmetic) | `agg=geo` |
//! | `spread` | the rank bands' spread, 0 (nearby weights) to 4 (any weights) | `spread=4` |
//! | `mu` | `1` lets the rank bands draw the method as well as the weights | `mu=1` |
//! | `map` | the map's zoom in hundredths and its centre in tenths of a map unit, `_`-separated (else the whole map) | `map=320_5204_1500` |
//! | `embed` | `1` shows the compact view for an `<iframe>`: the map and the top of the list | `embed=1` |
//! | `stress` | rank N synthetic cities instead of the dataset | `stress=10000` |
//! | `own` | rank the user's own file that this browser stores under that content hash | `own=3f9a…` |
//! | `data` | rank the CSV or JSON file at that address, on this site | `data=places.csv` |
//!
//! Weights equal to the defaults are not written; weights equal to a preset are written as
//! `p`; any other weights are written in full, so a link keeps its meaning even if a later
//! edition changes a default.

use std::collections::BTreeSet;
use std::fmt;

use super::bands::{DEFAULT_SPREAD, SPREAD_CONCENTRATIONS};
use super::dataset::{Dataset, MAX_WEIGHT, Preset, Region};
use super::map_view::MapView;
use super::score::{Aggregation, Basis, DEFAULT_MIN_COVERAGE_PERCENT, Method, Normalisation};

/// The longest search text kept, in characters.
pub const MAX_SEARCH_CHARS: usize = 100;

/// The largest synthetic dataset stress mode generates.
pub const MAX_STRESS_CITIES: u32 = 100_000;

/// Which panel the side column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Panel {
    /// The selected city's details, or a prompt to select one.
    #[default]
    Ranking,
    /// How the index is computed, and its sources.
    Methodology,
}

/// Everything a shared link reproduces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewState {
    /// One weight per indicator, `0..=MAX_WEIGHT`, in dataset order.
    pub weights: Vec<u8>,
    /// Regions to show; empty shows all.
    pub regions: BTreeSet<Region>,
    /// Countries to show, upper-case ISO codes; empty shows all.
    pub countries: BTreeSet<String>,
    /// Text that a city's name or country must contain; trimmed, at most
    /// [`MAX_SEARCH_CHARS`] characters.
    pub search: String,
    /// The id of the selected city.
    pub selected: Option<String>,
    /// The id of the city the selected one is compared with.
    pub compared: Option<String>,
    /// The open panel.
    pub panel: Panel,
    /// The number of synthetic cities in stress mode.
    pub stress: Option<u32>,
    /// The user's own file that the view ranks, in place of the dataset.
    pub own: Option<OwnSource>,
    /// Whether count indicators are taken per million inhabitants.
    pub per_capita: bool,
    /// The share of the total weight, in percent, that a city's data must cover for it to be
    /// ranked.
    pub min_coverage_percent: u8,
    /// How values become scores.
    pub normalisation: Normalisation,
    /// How scores combine.
    pub aggregation: Aggregation,
    /// The rank bands' spread, an index into [`SPREAD_CONCENTRATIONS`].
    pub band_spread: u8,
    /// Whether the rank bands draw the method as well as the weights.
    pub method_uncertainty: bool,
    /// The part of the map on screen.
    pub map: MapView,
    /// Whether the page shows the compact view made for an `<iframe>` on another page.
    pub embed: bool,
}

impl ViewState {
    /// The view a visitor gets from a bare link.
    pub fn defaults(dataset: &Dataset) -> ViewState {
        ViewState {
            weights: dataset.default_weights(),
            regions: BTreeSet::new(),
            countries: BTreeSet::new(),
            search: String::new(),
            selected: None,
            compared: None,
            panel: Panel::Ranking,
            stress: None,
            own: None,
            per_capita: false,
            min_coverage_percent: DEFAULT_MIN_COVERAGE_PERCENT,
            normalisation: Normalisation::MinMax,
            aggregation: Aggregation::Arithmetic,
            band_spread: DEFAULT_SPREAD,
            method_uncertainty: false,
            map: MapView::WORLD,
            embed: false,
        }
    }

    /// Whether every methodological choice besides the weights, the rank bands' included, is
    /// as a bare link has it.
    pub fn method_is_default(&self) -> bool {
        !self.per_capita
            && self.min_coverage_percent == DEFAULT_MIN_COVERAGE_PERCENT
            && self.normalisation == Normalisation::MinMax
            && self.aggregation == Aggregation::Arithmetic
            && self.band_spread == DEFAULT_SPREAD
            && !self.method_uncertainty
    }

    /// Every methodological choice of this view besides the weights.
    pub fn method(&self) -> Method {
        Method {
            basis: self.basis(),
            normalisation: self.normalisation,
            aggregation: self.aggregation,
        }
    }

    /// What the indicator values are taken per in this view.
    pub fn basis(&self) -> Basis {
        if self.per_capita {
            Basis::PerMillion
        } else {
            Basis::Absolute
        }
    }

    /// The coverage rule's minimum share of the total weight, 0–1.
    pub fn min_coverage(&self) -> f64 {
        f64::from(self.min_coverage_percent.min(100)) / 100.0
    }
}

/// The preset whose weights equal `weights`, if any.
pub fn active_preset<'a>(dataset: &'a Dataset, weights: &[u8]) -> Option<&'a Preset> {
    dataset
        .presets()
        .iter()
        .find(|preset| preset.weights == weights)
}

/// A query parameter, or part of one, that [`decode`] could not use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    /// The parameter's key.
    pub key: String,
    /// The part of its value that was left out.
    pub value: String,
    /// Why, in plain words.
    pub reason: &'static str,
}

impl fmt::Display for Ignored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={} ({})", self.key, self.value, self.reason)
    }
}

/// Where the user's own file that a view ranks comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnSource {
    /// The file this browser keeps under this content hash ([`super::upload::content_hash`]).
    Kept(String),
    /// The file at this address, relative to the page.
    Address(String),
}

/// The longest address `data` takes: longer ones are not a file's address but something pasted
/// by mistake.
const MAX_DATA_ADDRESS: usize = 2_000;

/// The result of [`decode`]: the view, and what was left out of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The view the query describes, with defaults wherever it could not be read.
    pub state: ViewState,
    /// What was left out, in the order it appeared.
    pub ignored: Vec<Ignored>,
}

/// Reads only the `stress` parameter: stress mode decides which dataset the rest is read
/// against. Returns the size, or what was wrong with it.
pub fn decode_stress(query: &str) -> Result<Option<u32>, Ignored> {
    match pairs(query).find(|(key, _)| key == "stress") {
        Some((_, value)) if !value.is_empty() => parse_stress(value).map(Some),
        _ => Ok(None),
    }
}

fn parse_stress(value: String) -> Result<u32, Ignored> {
    match value.trim().parse::<u32>() {
        Ok(size) if (1..=MAX_STRESS_CITIES).contains(&size) => Ok(size),
        _ => Err(Ignored {
            key: "stress".into(),
            value,
            reason: "not a number of cities from 1 to 100000",
        }),
    }
}

/// Reads only the `own` and `data` parameters: the user's own file decides which dataset the
/// rest is read against. Returns where it comes from, or what was wrong with the first of them.
pub fn decode_own(query: &str) -> Result<Option<OwnSource>, Ignored> {
    match pairs(query).find(|(key, value)| (key == "own" || key == "data") && !value.is_empty()) {
        Some((key, value)) => parse_own(&key, value).map(Some),
        None => Ok(None),
    }
}

fn parse_own(key: &str, value: String) -> Result<OwnSource, Ignored> {
    let refuse = |value, reason| {
        Err(Ignored {
            key: key.into(),
            value,
            reason,
        })
    };
    match key {
        "own" if super::upload::is_content_hash(&value) => Ok(OwnSource::Kept(value)),
        "own" => refuse(value, "not the content hash of a file"),
        _ if value.len() > MAX_DATA_ADDRESS => refuse(value, "longer than a file's address"),
        _ => Ok(OwnSource::Address(value)),
    }
}

fn pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
}

/// Reads a query string (with or without its leading `?`) against `dataset`.
///
/// ```
/// use ai_cities_index::domain::{synthetic, view_state::decode};
/// let dataset = synthetic::generate(3, 2, 1);
/// let decoded = decode("w=a7b0&colour=blue", &dataset);
/// assert_eq!(decoded.state.weights, vec![7, 0]);
/// assert_eq!(decoded.ignored.len(), 1);
/// assert_eq!(decoded.ignored[0].key, "colour");
/// ```
pub fn decode(query: &str, dataset: &Dataset) -> Decoded {
    let mut state = ViewState::defaults(dataset);
    let mut ignored = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let ignore = |ignored: &mut Vec<Ignored>, key: &str, value: &str, reason: &'static str| {
        ignored.push(Ignored {
            key: key.to_owned(),
            value: value.to_owned(),
            reason,
        });
    };
    let mut weights_overrides: Option<String> = None;

    for (key, value) in pairs(query) {
        if !seen.insert(key.clone()) {
            ignore(&mut ignored, &key, &value, "repeated; the first one counts");
            continue;
        }
        if value.is_empty() {
            continue;
        }
        match key.as_str() {
            "p" => match dataset.presets().iter().find(|preset| preset.id == value) {
                Some(preset) => state.weights = preset.weights.clone(),
                None => ignore(&mut ignored, &key, &value, "unknown preset"),
            },
            "w" => weights_overrides = Some(value),
            "r" => {
                for code in value.split('.') {
                    match Region::from_code(code) {
                        Some(region) => {
                            state.regions.insert(region);
                        }
                        None => ignore(&mut ignored, &key, code, "unknown region"),
                    }
                }
            }
            "c" => {
                for code in value.split('.') {
                    let upper = code.to_ascii_uppercase();
                    if dataset.cities().iter().any(|city| city.country == upper) {
                        state.countries.insert(upper);
                    } else {
                        ignore(&mut ignored, &key, code, "no city in this country");
                    }
                }
            }
            "q" => {
                let trimmed = value.trim();
                if trimmed.chars().count() > MAX_SEARCH_CHARS {
                    let kept: String = trimmed.chars().take(MAX_SEARCH_CHARS).collect();
                    let dropped: String = trimmed.chars().skip(MAX_SEARCH_CHARS).collect();
                    ignore(
                        &mut ignored,
                        &key,
                        &dropped,
                        "search text over 100 characters",
                    );
                    state.search = kept.trim_end().to_owned();
                } else {
                    state.search = trimmed.to_owned();
                }
            }
            "city" => match dataset.city_index(&value) {
                Some(_) => state.selected = Some(value),
                None => ignore(&mut ignored, &key, &value, "unknown city"),
            },
            "vs" => match dataset.city_index(&value) {
                Some(_) => state.compared = Some(value),
                None => ignore(&mut ignored, &key, &value, "unknown city"),
            },
            "view" => match value.as_str() {
                "method" => state.panel = Panel::Methodology,
                "ranking" => state.panel = Panel::Ranking,
                _ => ignore(&mut ignored, &key, &value, "unknown view"),
            },
            "pc" => match value.as_str() {
                "1" => state.per_capita = true,
                "0" => state.per_capita = false,
                _ => ignore(&mut ignored, &key, &value, "not 0 or 1"),
            },
            "cov" => match value.trim().parse::<u8>() {
                Ok(percent) if percent <= 100 => state.min_coverage_percent = percent,
                _ => ignore(&mut ignored, &key, &value, "not a percentage from 0 to 100"),
            },
            "norm" => match Normalisation::ALL.into_iter().find(|n| n.code() == value) {
                Some(normalisation) => state.normalisation = normalisation,
                None => ignore(&mut ignored, &key, &value, "unknown normalisation"),
            },
            "agg" => match Aggregation::ALL.into_iter().find(|a| a.code() == value) {
                Some(aggregation) => state.aggregation = aggregation,
                None => ignore(&mut ignored, &key, &value, "unknown aggregation"),
            },
            "spread" => match value.trim().parse::<u8>() {
                Ok(step) if usize::from(step) < SPREAD_CONCENTRATIONS.len() => {
                    state.band_spread = step;
                }
                _ => ignore(&mut ignored, &key, &value, "not a spread from 0 to 4"),
            },
            "mu" => match value.as_str() {
                "1" => state.method_uncertainty = true,
                "0" => state.method_uncertainty = false,
                _ => ignore(&mut ignored, &key, &value, "not 0 or 1"),
            },
            "map" => match super::map_view::decode(&value) {
                Some(view) => state.map = view,
                None => ignore(&mut ignored, &key, &value, "not a zoom and a centre"),
            },
            "embed" => match value.as_str() {
                "1" => state.embed = true,
                "0" => state.embed = false,
                _ => ignore(&mut ignored, &key, &value, "not 0 or 1"),
            },
            "stress" => match parse_stress(value) {
                Ok(size) => state.stress = Some(size),
                Err(problem) => ignored.push(problem),
            },
            "own" | "data" if state.own.is_some() => {
                ignore(&mut ignored, &key, &value, "a view ranks one file")
            }
            "own" | "data" => match parse_own(&key, value) {
                Ok(source) => state.own = Some(source),
                Err(problem) => ignored.push(problem),
            },
            _ => ignore(&mut ignored, &key, &value, "unknown parameter"),
        }
    }
    if let Some(overrides) = weights_overrides {
        decode_weights(&overrides, dataset, &mut state.weights, &mut ignored);
    }
    Decoded { state, ignored }
}

fn decode_weights(text: &str, dataset: &Dataset, weights: &mut [u8], ignored: &mut Vec<Ignored>) {
    let mut set = vec![false; weights.len()];
    let mut rest = text;
    while !rest.is_empty() {
        let Some((code, number, after)) = weight_token(rest) else {
            ignored.push(Ignored {
                key: "w".into(),
                value: rest.into(),
                reason: "not an indicator code followed by a weight",
            });
            return;
        };
        rest = after;
        let reason = match dataset.indicators().iter().position(|i| i.code == code) {
            None => Some("unknown indicator code"),
            Some(column) if set[column] => Some("indicator given twice; the first one counts"),
            Some(column) => match number.parse::<u8>() {
                Ok(weight) if weight <= MAX_WEIGHT => {
                    weights[column] = weight;
                    set[column] = true;
                    None
                }
                _ => Some("weight outside 0 to 10"),
            },
        };
        if let Some(reason) = reason {
            ignored.push(Ignored {
                key: "w".into(),
                value: format!("{code}{number}"),
                reason,
            });
        }
    }
}

/// Splits `text` into its first weight, an indicator code (lowercase letters) and a number
/// (digits), and the text after it; `None` if it does not start with one.
fn weight_token(text: &str) -> Option<(&str, &str, &str)> {
    let letters = text.bytes().take_while(u8::is_ascii_lowercase).count();
    let digits = text
        .bytes()
        .skip(letters)
        .take_while(u8::is_ascii_digit)
        .count();
    if letters == 0 || digits == 0 {
        return None;
    }
    let (code, after_code) = text.split_at_checked(letters)?;
    let (number, after) = after_code.split_at_checked(digits)?;
    Some((code, number, after))
}

/// Writes `state` as a query string without the leading `?`; the default view is `""`.
///
/// ```
/// use ai_cities_index::domain::{synthetic, view_state::{decode, encode, ViewState}};
/// let dataset = synthetic::generate(3, 2, 1);
/// let mut state = ViewState::defaults(&dataset);
/// assert_eq!(encode(&state, &dataset), "");
/// state.weights = vec![9, 0];
/// state.search = "new york".into();
/// let query = encode(&state, &dataset);
/// assert_eq!(query, "w=a9b0&q=new+york");
/// assert_eq!(decode(&query, &dataset).state, state);
/// ```
pub fn encode(state: &ViewState, dataset: &Dataset) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    if let Some(size) = state.stress {
        query.append_pair("stress", &size.to_string());
    }
    match &state.own {
        Some(OwnSource::Kept(hash)) => _ = query.append_pair("own", hash),
        Some(OwnSource::Address(address)) => _ = query.append_pair("data", address),
        None => {}
    }
    if state.weights != dataset.default_weights() {
        match active_preset(dataset, &state.weights) {
            Some(preset) => {
                query.append_pair("p", &preset.id);
            }
            None => {
                let weights: String = dataset
                    .indicators()
                    .iter()
                    .zip(&state.weights)
                    .map(|(indicator, &weight)| format!("{}{}", indicator.code, u32::from(weight)))
                    .collect();
                query.append_pair("w", &weights);
            }
        }
    }
    if !state.regions.is_empty() {
        let regions: Vec<&str> = state.regions.iter().map(|region| region.code()).collect();
        query.append_pair("r", &regions.join("."));
    }
    if !state.countries.is_empty() {
        let countries: Vec<String> = state
            .countries
            .iter()
            .map(|c| c.to_ascii_lowercase())
            .collect();
        query.append_pair("c", &countries.join("."));
    }
    if !state.search.is_empty() {
        query.append_pair("q", &state.search);
    }
    if let Some(city) = &state.selected {
        query.append_pair("city", city);
    }
    if let Some(city) = &state.compared {
        query.append_pair("vs", city);
    }
    if state.panel == Panel::Methodology {
        query.append_pair("view", "method");
    }
    if state.per_capita {
        query.append_pair("pc", "1");
    }
    if state.min_coverage_percent != DEFAULT_MIN_COVERAGE_PERCENT {
        query.append_pair("cov", &state.min_coverage_percent.to_string());
    }
    if state.normalisation != Normalisation::MinMax {
        query.append_pair("norm", state.normalisation.code());
    }
    if state.aggregation != Aggregation::Arithmetic {
        query.append_pair("agg", state.aggregation.code());
    }
    if state.band_spread != DEFAULT_SPREAD {
        query.append_pair("spread", &state.band_spread.to_string());
    }
    if state.method_uncertainty {
        query.append_pair("mu", "1");
    }
    if let Some(map) = super::map_view::encode(state.map) {
        query.append_pair("map", &map);
    }
    if state.embed {
        query.append_pair("embed", "1");
    }
    query.finish()
}
