//! The dataset the index ranks: indicators with their metadata, cities with one value per
//! indicator, the public sources behind every figure, the seed articles, and the weight
//! presets.
//!
//! Parsing happens in two stages, as in ripgrep's flag handling: [`RawDataset`] is the data as
//! written, and [`Dataset::from_postcard`] validates it into a [`Dataset`] whose invariants the rest
//! of the core relies on (unique ids, one value slot per indicator, finite values inside each
//! indicator's plausible range, sources and articles that exist). A missing value is `None`
//! and stays `None`: nothing in the core turns it into zero.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::text_order::{find_in_order, order_by_text};

/// The schema version this build reads and writes. A dataset of another version is refused.
pub const SCHEMA_VERSION: u32 = 2;

/// The largest weight a slider can set.
pub const MAX_WEIGHT: u8 = 10;

/// Whether a higher or a lower raw value is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// More is better (papers, companies, developers).
    HigherIsBetter,
    /// Less is better (a position in a ranked list).
    LowerIsBetter,
}

/// How raw values are transformed before min–max normalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transform {
    /// The raw value as it is.
    Linear,
    /// `ln(1 + x)`, for counts spread over orders of magnitude; defined at zero.
    Log,
}

/// The geography a value describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// A figure for the city and its 50 km catchment.
    City,
    /// A figure for the whole country, repeated for each of its cities.
    National,
}

/// What kind of quantity an indicator's values are, which decides how the per-capita view and
/// the page treat them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A count of things in the city's catchment (papers, companies): the per-capita view
    /// divides it by the catchment's population.
    Count,
    /// Any other measured value; the per-capita view leaves it as it is.
    Measure,
    /// Points from a ranked top-`size` list: `size` for first place down to 1 for last, and 0
    /// for a city the list does not name ([`super::top_list::points`]). Not missing: a city off the
    /// list is known not to be in its top `size`.
    TopList {
        /// How many places the list has.
        size: u16,
    },
}

/// The indicator groups, in the order the weights panel shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Research output.
    Research,
    /// Companies and startups.
    Industry,
    /// Talent and jobs.
    TalentAndJobs,
    /// Figures published only for whole countries: developers and supercomputers.
    CountryContext,
    /// Recognition in the seed articles.
    Recognition,
    /// The indicators of a user's own file, which says nothing of groups.
    Other,
}

impl Group {
    /// Every group, in display order.
    pub const ALL: [Group; 6] = [
        Group::Research,
        Group::Industry,
        Group::TalentAndJobs,
        Group::CountryContext,
        Group::Recognition,
        Group::Other,
    ];

    /// The group's heading in the UI.
    pub fn label(self) -> &'static str {
        match self {
            Group::Research => "Research",
            Group::Industry => "Industry and startups",
            Group::TalentAndJobs => "Talent and jobs",
            Group::CountryContext => "Country context (national figures)",
            Group::Recognition => "Recognition",
            Group::Other => "Indicators",
        }
    }
}

/// A continent, used by the region filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    /// Africa.
    Africa,
    /// Asia, including the Middle East.
    Asia,
    /// Europe, including Russia.
    Europe,
    /// North America.
    NorthAmerica,
    /// Oceania.
    Oceania,
    /// South America.
    SouthAmerica,
    /// A place of a user's own file that states no region.
    Unstated,
}

impl Region {
    /// Every region a file may name, in display order.
    pub const ALL: [Region; 6] = [
        Region::Africa,
        Region::Asia,
        Region::Europe,
        Region::NorthAmerica,
        Region::Oceania,
        Region::SouthAmerica,
    ];

    /// The two-letter code used in URLs.
    pub fn code(self) -> &'static str {
        match self {
            Region::Africa => "af",
            Region::Asia => "as",
            Region::Europe => "eu",
            Region::NorthAmerica => "na",
            Region::Oceania => "oc",
            Region::SouthAmerica => "sa",
            Region::Unstated => "un",
        }
    }

    /// The region whose [`Region::code`] is `code`, if any.
    pub fn from_code(code: &str) -> Option<Region> {
        Region::ALL
            .into_iter()
            .chain([Region::Unstated])
            .find(|region| region.code() == code)
    }

    /// The region's name in the UI.
    pub fn label(self) -> &'static str {
        match self {
            Region::Africa => "Africa",
            Region::Asia => "Asia",
            Region::Europe => "Europe",
            Region::NorthAmerica => "North America",
            Region::Oceania => "Oceania",
            Region::SouthAmerica => "South America",
            Region::Unstated => "Region not stated",
        }
    }
}

/// The range a value of an indicator may take; anything outside it is a data error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PlausibleRange {
    /// The smallest plausible value.
    pub min: f64,
    /// The largest plausible value.
    pub max: f64,
}

impl PlausibleRange {
    /// Whether `value` is finite and lies inside the range.
    pub fn contains(&self, value: f64) -> bool {
        value.is_finite() && value >= self.min && value <= self.max
    }
}

/// One measured quantity that cities are ranked on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// Stable identifier, e.g. `ai_papers`.
    pub id: String,
    /// Short lowercase letters that stand for the indicator in URLs, e.g. `pap`.
    pub code: String,
    /// The slider's label.
    pub label: String,
    /// The group the weights panel files it under.
    pub group: Group,
    /// The unit of the raw value, e.g. `papers (fractional count)`.
    pub unit: String,
    /// Whether a value describes the city or its whole country.
    pub scope: Scope,
    /// The period the values cover, as the source states it, e.g. `2020–2025`.
    pub period: String,
    /// The latest year the values describe; 0 where the source states none, as a user's own
    /// file may not.
    pub year: u16,
    /// Whether higher or lower raw values are better.
    pub direction: Direction,
    /// The transform applied before normalisation.
    pub transform: Transform,
    /// What kind of quantity the values are.
    pub kind: Kind,
    /// The weight the index starts with, `0..=MAX_WEIGHT`.
    pub default_weight: u8,
    /// Why the default weight is what it is, in plain words, starting with the weight.
    #[serde(default)]
    pub weight_reason: String,
    /// One line on what the indicator measures.
    pub description: String,
    /// The id of the [`Source`] every value comes from.
    pub source: String,
    /// The source's address, as in [`Source::url`]; filled in by the data build.
    #[serde(default)]
    pub source_url: String,
    /// The source's licence, as in [`Source::licence`]; filled in by the data build.
    #[serde(default)]
    pub licence: String,
    /// What a reader must know before trusting the figures.
    pub caveats: Vec<String>,
    /// The values a correct build can produce.
    pub plausible_range: PlausibleRange,
}

/// A public source that figures come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Stable identifier referenced by indicators.
    pub id: String,
    /// The source's name as it should be credited.
    pub name: String,
    /// Where the source is published.
    pub url: String,
    /// The licence as the source states it, or that none is stated.
    pub licence: String,
    /// The exact revision or edition used (a commit, a list date).
    pub revision: String,
    /// The date the data were retrieved (ISO 8601).
    pub retrieved: String,
    /// How the project may use it, in plain words.
    pub usage: String,
}

/// One of the seed articles the project started from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// A letter, `A` to `E`.
    pub id: String,
    /// The article's title as published.
    pub title: String,
    /// The publisher or blog.
    pub publisher: String,
    /// The publication date or year, as known.
    pub published: String,
    /// Where it was published, when known.
    pub url: Option<String>,
    /// The cities the article lists, in the article's order; empty for articles that name none.
    pub city_list: Vec<String>,
}

/// A statement a seed article makes about a city, quoted verbatim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeedFact {
    /// The [`Article::id`] that makes the statement.
    pub article: String,
    /// The article's words, exactly as printed.
    pub quote: String,
}

/// A city (or metropolitan area) that the index ranks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct City {
    /// Stable identifier, e.g. `sf-bay-area`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// The country's name.
    pub country_name: String,
    /// The continent.
    pub region: Region,
    /// Latitude of the anchor point, degrees.
    pub lat: f64,
    /// Longitude of the anchor point, degrees.
    pub lon: f64,
    /// One slot per indicator, in [`Dataset::indicators`] order; `None` where the source has
    /// no value.
    pub values: Vec<Option<f64>>,
    /// What the 50 km catchment takes in that a reader would not expect.
    pub catchment_note: Option<String>,
    /// Statements the seed articles make about the city.
    pub facts: Vec<SeedFact>,
    /// The population of the city's 50 km catchment, as [`RawDataset::population`] defines
    /// it; `None` where the source has no figure.
    #[serde(default)]
    pub population: Option<f64>,
    /// The agglomerations summed into [`City::population`], as the source lists them.
    #[serde(default)]
    pub population_components: Option<String>,
    /// For each indicator, the part of the city's value that the company-HQ rule placed; `None`
    /// for indicators without that rule. Empty, or one slot per indicator.
    #[serde(default)]
    pub placed_at_company_hq: Vec<Option<f64>>,
    /// The institutions that contribute most to [`InstitutionsInfo::indicator`], largest first.
    #[serde(default)]
    pub institutions: Vec<InstitutionCount>,
    /// That indicator's value less the listed institutions' papers: every other institution.
    #[serde(default)]
    pub other_institutions_papers: Option<f64>,
}

/// How an institution's papers were placed in a city.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlacedBy {
    /// A place named in the affiliation text.
    Text,
    /// The source pipeline's curated table of institution sites.
    Curated,
    /// A forced classification of the source pipeline.
    Forced,
    /// A rule for a national lab's sites.
    LabRule,
    /// The institution is in a city-state.
    CityState,
    /// The company-HQ rule for multi-site companies.
    CompanyHq,
}

impl PlacedBy {
    /// The placement in plain words.
    pub fn label(self) -> &'static str {
        match self {
            PlacedBy::Text => "place named in the affiliation",
            PlacedBy::Curated => "curated site",
            PlacedBy::Forced => "curated classification",
            PlacedBy::LabRule => "lab rule",
            PlacedBy::CityState => "city-state",
            PlacedBy::CompanyHq => "company HQ rule",
        }
    }
}

/// One institution's share of a city's research count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstitutionCount {
    /// The institution's normalised name, as the source gives it.
    pub institution: String,
    /// The country the source gives it.
    pub country: String,
    /// Its fractional papers placed in the city.
    pub papers: f64,
    /// How they were placed.
    pub placed_by: PlacedBy,
}

/// What the cities' population figures are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PopulationInfo {
    /// The [`Source`] of every figure.
    pub source: String,
    /// The year the figures describe.
    pub year: u16,
    /// What is counted, in plain words.
    pub definition: String,
    /// Why this figure is the per-capita view's denominator.
    pub reason: String,
    /// What a reader must know before trusting the figures.
    pub caveats: Vec<String>,
}

/// One section of the methodology panel: how the index is computed, in plain words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MethodSection {
    /// The section's heading.
    pub heading: String,
    /// Its paragraphs, in order.
    pub paragraphs: Vec<MethodParagraph>,
    /// What the panel shows from the dataset after the paragraphs, if anything.
    #[serde(default)]
    pub insert: Option<MethodInsert>,
}

/// A paragraph of the methodology, with the formula it states, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MethodParagraph {
    /// The words; may be empty when the paragraph is only a formula.
    pub text: String,
    /// A formula shown after the words.
    #[serde(default)]
    pub formula: Option<String>,
}

/// Figures of the dataset that a methodology section lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MethodInsert {
    /// The indicators with a default weight, each with its reason.
    DefaultWeights,
    /// The top-N list indicators and how they are encoded.
    TopLists,
    /// What the population figures are, and their caveats.
    Population,
}

/// Which count the cities' institution lists break down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstitutionsInfo {
    /// The id of the indicator whose value the institutions' papers add up to.
    pub indicator: String,
}

/// A named set of weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preset {
    /// Stable identifier, used in URLs.
    pub id: String,
    /// The button's label.
    pub label: String,
    /// What the preset emphasises.
    pub description: String,
    /// A weight for every indicator, in [`Dataset::indicators`] order.
    pub weights: Vec<u8>,
}

/// The dataset as it is serialised: the unvalidated first stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawDataset {
    /// Must equal [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// A label for the build, e.g. the retrieval date of its inputs.
    pub edition: String,
    /// Whether every value is synthetic (stress mode); real data is never mixed in.
    #[serde(default)]
    pub synthetic: bool,
    /// The indicators, in slider order.
    pub indicators: Vec<Indicator>,
    /// The sources the indicators cite.
    pub sources: Vec<Source>,
    /// The seed articles.
    pub articles: Vec<Article>,
    /// The weight presets.
    pub presets: Vec<Preset>,
    /// What the cities' population figures are, if they have any.
    #[serde(default)]
    pub population: Option<PopulationInfo>,
    /// Which count the cities' institution lists break down, if they have any.
    #[serde(default)]
    pub institutions: Option<InstitutionsInfo>,
    /// The methodology panel's sections.
    #[serde(default)]
    pub methodology: Vec<MethodSection>,
    /// The cities.
    pub cities: Vec<City>,
}

/// A validated dataset. Construct it with [`Dataset::from_postcard`] or [`Dataset::validate`].
///
/// The app reads the dataset as postcard, a compact binary form of the same serde types; the
/// data build writes it beside the human-readable JSON, which stays downloadable.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    raw: RawDataset,
    /// The cities' positions in the order of their ids, for lookups by id.
    cities_by_id: Vec<usize>,
}

/// Why a dataset was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum DatasetError {
    /// The file is not a dataset of the expected shape.
    Syntax(String),
    /// The schema version is not the one this build reads.
    Version {
        /// The version found in the file.
        found: u32,
    },
    /// The dataset has no indicators or no cities.
    Empty(&'static str),
    /// Two items of one kind share an id.
    DuplicateId {
        /// What kind of item.
        kind: &'static str,
        /// The repeated id.
        id: String,
    },
    /// An item breaks a rule; the message says which.
    Invalid {
        /// The offending item, e.g. `city london`.
        item: String,
        /// What is wrong.
        problem: String,
    },
}

impl fmt::Display for DatasetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatasetError::Syntax(message) => write!(f, "the dataset cannot be read: {message}"),
            DatasetError::Version { found } => write!(
                f,
                "the dataset has schema version {found}, this app reads version {SCHEMA_VERSION}"
            ),
            DatasetError::Empty(what) => write!(f, "the dataset has no {what}"),
            DatasetError::DuplicateId { kind, id } => {
                write!(f, "the dataset has two {kind}s with the id “{id}”")
            }
            DatasetError::Invalid { item, problem } => write!(f, "{item}: {problem}"),
        }
    }
}

impl std::error::Error for DatasetError {}

fn invalid(item: impl Into<String>, problem: impl Into<String>) -> DatasetError {
    DatasetError::Invalid {
        item: item.into(),
        problem: problem.into(),
    }
}

/// One kind of item's ids, each non-empty and unique, with their positions in id order.
struct UniqueIds<'a> {
    ids: Vec<&'a str>,
    order: Vec<usize>,
}

impl<'a> UniqueIds<'a> {
    /// The ids of `kind` items, once every one is known to be non-empty and unique.
    fn check(kind: &'static str, ids: Vec<&'a str>) -> Result<UniqueIds<'a>, DatasetError> {
        if ids.iter().any(|id| id.is_empty()) {
            return Err(invalid(kind, "an id is empty"));
        }
        let order = order_by_text(ids.len(), &|at| (ids[at], ""));
        if let Some(pair) = order.windows(2).find(|pair| ids[pair[0]] == ids[pair[1]]) {
            return Err(DatasetError::DuplicateId {
                kind,
                id: ids[pair[0]].to_owned(),
            });
        }
        Ok(UniqueIds { ids, order })
    }

    /// Whether `id` is one of them.
    fn contains(&self, id: &str) -> bool {
        find_in_order(&self.order, &|at| self.ids[at], id).is_some()
    }
}

impl Dataset {
    /// Parses and validates a dataset from its JSON text.
    ///
    /// ```
    /// use ai_cities_index::domain::dataset::{Dataset, DatasetError};
    /// assert!(matches!(Dataset::from_json("{"), Err(DatasetError::Syntax(_))));
    /// ```
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_json(text: &str) -> Result<Dataset, DatasetError> {
        let raw: RawDataset =
            serde_json::from_str(text).map_err(|error| DatasetError::Syntax(error.to_string()))?;
        Dataset::validate(raw)
    }

    /// Parses and validates a dataset from its postcard bytes. The schema version, the first
    /// field, is read on its own first, so a file of another version is refused as such
    /// rather than misread.
    ///
    /// ```
    /// use ai_cities_index::domain::dataset::{Dataset, DatasetError};
    /// let dataset = ai_cities_index::domain::synthetic::generate(3, 2, 1);
    /// assert_eq!(Dataset::from_postcard(&dataset.to_postcard()), Ok(dataset));
    /// assert!(matches!(Dataset::from_postcard(&[2, 0xff]), Err(DatasetError::Syntax(_))));
    /// assert_eq!(Dataset::from_postcard(&[1]), Err(DatasetError::Version { found: 1 }));
    /// ```
    pub fn from_postcard(bytes: &[u8]) -> Result<Dataset, DatasetError> {
        let syntax = |error: postcard::Error| DatasetError::Syntax(error.to_string());
        let (found, _) = postcard::take_from_bytes::<u32>(bytes).map_err(syntax)?;
        if found != SCHEMA_VERSION {
            return Err(DatasetError::Version { found });
        }
        let (raw, rest) = postcard::take_from_bytes::<RawDataset>(bytes).map_err(syntax)?;
        if !rest.is_empty() {
            return Err(DatasetError::Syntax(format!(
                "{} bytes follow the dataset",
                rest.len()
            )));
        }
        Dataset::validate(raw)
    }

    /// The dataset without what only the city detail and the methodology show (the
    /// methodology's text, caveats, the reasons for the default weights, the seed articles and
    /// their quotes, the catchment notes, the sources' revisions and terms of use, the
    /// institutions, the company-HQ parts and the population's components and caveats): the part
    /// the first view downloads. The rest comes with the whole dataset once the first view is up.
    ///
    /// ```
    /// let dataset = ai_cities_index::domain::synthetic::generate(3, 2, 1);
    /// let first = dataset.first_view();
    /// assert_eq!(first.cities().len(), 3);
    /// assert!(first.indicators().iter().all(|i| i.caveats.is_empty()));
    /// ```
    pub fn first_view(&self) -> Dataset {
        let mut raw = self.raw.clone();
        for indicator in &mut raw.indicators {
            indicator.caveats.clear();
            indicator.weight_reason.clear();
        }
        for city in &mut raw.cities {
            city.facts.clear();
            city.catchment_note = None;
            city.institutions.clear();
            city.other_institutions_papers = None;
            city.placed_at_company_hq.clear();
            city.population_components = None;
        }
        raw.methodology.clear();
        raw.articles.clear();
        for source in &mut raw.sources {
            source.revision.clear();
            source.usage.clear();
        }
        if let Some(population) = &mut raw.population {
            population.caveats.clear();
            population.definition.clear();
            population.reason.clear();
        }
        Dataset {
            raw,
            cities_by_id: self.cities_by_id.clone(),
        }
    }

    /// The dataset as postcard bytes, as [`Dataset::from_postcard`] reads them.
    pub fn to_postcard(&self) -> Vec<u8> {
        postcard::to_allocvec(&self.raw)
            .expect("plain derived types always serialise; only `serialize_any` types would not")
    }

    /// Checks every invariant of a [`RawDataset`] and wraps it.
    pub fn validate(raw: RawDataset) -> Result<Dataset, DatasetError> {
        if raw.schema_version != SCHEMA_VERSION {
            return Err(DatasetError::Version {
                found: raw.schema_version,
            });
        }
        if raw.indicators.is_empty() {
            return Err(DatasetError::Empty("indicators"));
        }
        if raw.cities.is_empty() {
            return Err(DatasetError::Empty("cities"));
        }
        UniqueIds::check(
            "source",
            raw.sources.iter().map(|s| s.id.as_str()).collect(),
        )?;
        let article_ids = UniqueIds::check(
            "article",
            raw.articles.iter().map(|a| a.id.as_str()).collect(),
        )?;
        UniqueIds::check(
            "indicator",
            raw.indicators.iter().map(|i| i.id.as_str()).collect(),
        )?;
        UniqueIds::check(
            "indicator code",
            raw.indicators.iter().map(|i| i.code.as_str()).collect(),
        )?;
        UniqueIds::check(
            "preset",
            raw.presets.iter().map(|p| p.id.as_str()).collect(),
        )?;
        let city_ids =
            UniqueIds::check("city", raw.cities.iter().map(|c| c.id.as_str()).collect())?;

        for source in &raw.sources {
            let item = format!("source {}", source.id);
            for (field, value) in [
                ("name", &source.name),
                ("url", &source.url),
                ("licence", &source.licence),
                ("retrieved", &source.retrieved),
            ] {
                if value.trim().is_empty() {
                    return Err(invalid(&item, format!("has no {field}")));
                }
            }
        }
        for indicator in &raw.indicators {
            let item = format!("indicator {}", indicator.id);
            if indicator.code.is_empty() || !indicator.code.bytes().all(|b| b.is_ascii_lowercase())
            {
                return Err(invalid(&item, "its URL code must be lowercase letters"));
            }
            match raw.sources.iter().find(|s| s.id == indicator.source) {
                None => {
                    return Err(invalid(
                        &item,
                        format!("cites unknown source “{}”", indicator.source),
                    ));
                }
                Some(source)
                    if source.url != indicator.source_url
                        || source.licence != indicator.licence =>
                {
                    return Err(invalid(
                        &item,
                        "its source address or licence differs from its source's",
                    ));
                }
                Some(_) => {}
            }
            if indicator.default_weight > MAX_WEIGHT {
                return Err(invalid(&item, "default weight is above the maximum"));
            }
            if indicator.year != 0 && !(1900..=2100).contains(&indicator.year) {
                return Err(invalid(&item, "has an implausible year"));
            }
            let range = indicator.plausible_range;
            if !(range.min.is_finite() && range.max.is_finite() && range.min <= range.max) {
                return Err(invalid(&item, "has an empty or non-finite plausible range"));
            }
        }
        for article in &raw.articles {
            if let Some(unknown) = article.city_list.iter().find(|id| !city_ids.contains(id)) {
                return Err(invalid(
                    format!("article {}", article.id),
                    format!("lists city “{unknown}”, which is not in the dataset"),
                ));
            }
        }
        for preset in &raw.presets {
            if preset.weights.len() != raw.indicators.len() {
                return Err(invalid(
                    format!("preset {}", preset.id),
                    "needs one weight per indicator",
                ));
            }
            if preset.weights.iter().any(|&weight| weight > MAX_WEIGHT) {
                return Err(invalid(
                    format!("preset {}", preset.id),
                    "has a weight above the maximum",
                ));
            }
        }
        if let Some(population) = &raw.population
            && !raw.sources.iter().any(|s| s.id == population.source)
        {
            return Err(invalid("population", "cites an unknown source"));
        }
        if let Some(institutions) = &raw.institutions
            && !raw
                .indicators
                .iter()
                .any(|i| i.id == institutions.indicator)
        {
            return Err(invalid("institutions", "break down an unknown indicator"));
        }
        for city in &raw.cities {
            let item = format!("city {}", city.id);
            if city.population.is_some_and(|p| !(p.is_finite() && p > 0.0)) {
                return Err(invalid(
                    &item,
                    "has a population that is not a positive number",
                ));
            }
            if !city.placed_at_company_hq.is_empty()
                && city.placed_at_company_hq.len() != raw.indicators.len()
            {
                return Err(invalid(
                    &item,
                    "needs no company-HQ slots or one per indicator",
                ));
            }
            let parts = city.placed_at_company_hq.iter().zip(&city.values);
            if parts.clone().any(|(part, value)| match (part, value) {
                (Some(part), Some(value)) => !(part.is_finite() && *part >= 0.0 && part <= value),
                (Some(_), None) => true,
                (None, _) => false,
            }) {
                return Err(invalid(&item, "has a company-HQ part outside its value"));
            }
            if !(-90.0..=90.0).contains(&city.lat) || !(-180.0..=180.0).contains(&city.lon) {
                return Err(invalid(&item, "has coordinates off the globe"));
            }
            if city.values.len() != raw.indicators.len() {
                return Err(invalid(&item, "needs one value slot per indicator"));
            }
            for (indicator, value) in raw.indicators.iter().zip(&city.values) {
                if let Some(value) = value
                    && !indicator.plausible_range.contains(*value)
                {
                    return Err(invalid(
                        &item,
                        format!(
                            "value {value} for {} is outside its plausible range",
                            indicator.id
                        ),
                    ));
                }
            }
            for fact in &city.facts {
                if !article_ids.contains(&fact.article) {
                    return Err(invalid(
                        &item,
                        format!("cites unknown article “{}”", fact.article),
                    ));
                }
                if fact.quote.trim().is_empty() {
                    return Err(invalid(&item, "has an empty quote"));
                }
            }
        }

        let cities_by_id = city_ids.order;
        Ok(Dataset { raw, cities_by_id })
    }

    /// The dataset's edition label.
    pub fn edition(&self) -> &str {
        &self.raw.edition
    }

    /// Whether the dataset is synthetic (stress mode).
    pub fn is_synthetic(&self) -> bool {
        self.raw.synthetic
    }

    /// The indicators, in slider order.
    pub fn indicators(&self) -> &[Indicator] {
        &self.raw.indicators
    }

    /// The cities, in file order.
    pub fn cities(&self) -> &[City] {
        &self.raw.cities
    }

    /// The sources.
    pub fn sources(&self) -> &[Source] {
        &self.raw.sources
    }

    /// The seed articles.
    pub fn articles(&self) -> &[Article] {
        &self.raw.articles
    }

    /// The weight presets.
    pub fn presets(&self) -> &[Preset] {
        &self.raw.presets
    }

    /// The source with the given id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.raw.sources.iter().find(|source| source.id == id)
    }

    /// The article with the given id.
    pub fn article(&self, id: &str) -> Option<&Article> {
        self.raw.articles.iter().find(|article| article.id == id)
    }

    /// The position of the city with the given id.
    pub fn city_index(&self, id: &str) -> Option<usize> {
        find_in_order(&self.cities_by_id, &|city| &self.raw.cities[city].id, id)
    }

    /// The default weight of every indicator, in order.
    pub fn default_weights(&self) -> Vec<u8> {
        self.raw
            .indicators
            .iter()
            .map(|i| i.default_weight)
            .collect()
    }

    /// The raw, serialisable form.
    pub fn raw(&self) -> &RawDataset {
        &self.raw
    }
}
