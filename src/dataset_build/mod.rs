//! The data-build step: turns the public source files in `shared/data/` and the curated
//! metadata in `data/` into the bundled `public/data/cities.json`, and the Natural Earth land
//! polygons into `public/data/land.svg`.
//!
//! It is a native tool (`cargo run --bin build-dataset`), never part of the app. Every figure it
//! writes is copied from a source file; the only hand-written inputs are classifications and
//! words (indicator metadata, the country table, catchment notes, seed-article quotes), kept in
//! `data/` where they can be reviewed. It refuses inputs licensed non-commercial or
//! no-derivatives, checks every seed quote against the article's text, validates the result
//! with [`Dataset::validate`], and writes it deterministically, so a rebuild reproduces the
//! committed file byte for byte.

pub mod land;
pub mod licence;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::dataset::{
    Article, City, Dataset, DatasetError, Indicator, InstitutionCount, InstitutionsInfo, Kind,
    MethodSection, PlacedBy, PopulationInfo, Preset, RawDataset, Region, SCHEMA_VERSION, SeedFact,
    Source,
};
use crate::domain::top_list;

/// Why the build failed.
#[derive(Debug)]
pub enum BuildError {
    /// A file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        error: std::io::Error,
    },
    /// A file's content is malformed; the message says where.
    Input {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// An input's licence forbids shipping what is derived from it.
    Licence {
        /// The input file.
        file: String,
        /// The licence it declares.
        licence: String,
    },
    /// The assembled dataset broke an invariant.
    Invalid(DatasetError),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            BuildError::Input { path, problem } => write!(f, "{}: {problem}", path.display()),
            BuildError::Licence { file, licence } => write!(
                f,
                "{file} is licensed {licence:?}, which forbids commercial use or derivatives; it cannot ship"
            ),
            BuildError::Invalid(error) => write!(f, "the built dataset is invalid: {error}"),
        }
    }
}

impl std::error::Error for BuildError {}

fn input_error(path: &Path, problem: impl Into<String>) -> BuildError {
    BuildError::Input {
        path: path.to_owned(),
        problem: problem.into(),
    }
}

fn read_text(path: &Path) -> Result<String, BuildError> {
    std::fs::read_to_string(path).map_err(|error| BuildError::Io {
        path: path.to_owned(),
        error,
    })
}

/// Where the build reads from.
#[derive(Debug, Clone)]
pub struct BuildInputs {
    /// The curated metadata folder, `data/` in the project.
    pub curated_dir: PathBuf,
    /// The public source files, `../shared/data`.
    pub source_dir: PathBuf,
    /// The seed articles, `../shared/seeds`.
    pub seeds_dir: PathBuf,
}

#[derive(Debug, Deserialize)]
struct Metadata {
    edition: String,
    sources: Vec<Source>,
    inputs: Vec<InputFile>,
    countries: Vec<Country>,
    catchment_notes: HashMap<String, String>,
    indicators: Vec<IndicatorSpec>,
    presets: Vec<PresetSpec>,
    population: PopulationSpec,
    institutions: InstitutionsSpec,
    methodology: Vec<MethodSection>,
}

/// Where the cities' population figures come from, and what they are.
#[derive(Debug, Deserialize)]
struct PopulationSpec {
    #[serde(flatten)]
    info: PopulationInfo,
    input: PopulationInput,
}

#[derive(Debug, Deserialize)]
struct PopulationInput {
    file: String,
    key: String,
    column: String,
    /// The column that lists the agglomerations summed into the figure.
    components: String,
}

/// Where each city's institution counts come from, and how many ship.
#[derive(Debug, Deserialize)]
struct InstitutionsSpec {
    indicator: String,
    input: InstitutionsInput,
    /// How many of a city's largest institutions are listed; the rest ship as one sum.
    shown: usize,
}

#[derive(Debug, Deserialize)]
struct InstitutionsInput {
    file: String,
    key: String,
}

/// The name of the institution file's row that sums every institution under its 1-paper
/// threshold.
const OTHER_INSTITUTIONS: &str = "(others)";

#[derive(Debug, Deserialize)]
struct InputFile {
    file: String,
    source: String,
}

#[derive(Debug, Deserialize)]
struct Country {
    code: String,
    name: String,
    region: Region,
}

#[derive(Debug, Deserialize)]
struct IndicatorSpec {
    #[serde(flatten)]
    indicator: Indicator,
    input: Option<ColumnInput>,
    /// The column of the part of `input` that the company-HQ rule placed.
    company_hq_input: Option<ColumnInput>,
    derived: Option<Derived>,
}

/// A column of a source file, looked up by city id, ISO country code or country name.
#[derive(Debug, Deserialize)]
struct ColumnInput {
    file: String,
    key: String,
    column: String,
}

#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum Derived {
    SeedListMentions,
    SeedJobsRank,
}

#[derive(Debug, Deserialize)]
struct PresetSpec {
    id: String,
    label: String,
    description: String,
    weights: HashMap<String, u8>,
}

#[derive(Debug, Deserialize)]
struct SeedArticles {
    articles: Vec<SeedArticle>,
}

#[derive(Debug, Deserialize)]
struct SeedArticle {
    #[serde(flatten)]
    article: Article,
    seed_file: String,
    facts: Vec<CityFact>,
}

#[derive(Debug, Deserialize)]
struct CityFact {
    city: String,
    quote: String,
}

/// The article whose city list is the ranked AI-jobs list.
const JOBS_LIST_ARTICLE: &str = "E";

/// A CSV file as rows of named cells.
struct Table {
    path: PathBuf,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(path: &Path) -> Result<Table, BuildError> {
        let text = read_text(path)?;
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|error| input_error(path, error.to_string()))?
            .iter()
            .map(str::to_owned)
            .collect();
        let rows = reader
            .records()
            .map(|record| {
                record
                    .map(|r| r.iter().map(str::to_owned).collect())
                    .map_err(|error| input_error(path, error.to_string()))
            })
            .collect::<Result<_, _>>()?;
        Ok(Table {
            path: path.to_owned(),
            headers,
            rows,
        })
    }

    fn column(&self, name: &str) -> Result<usize, BuildError> {
        self.headers
            .iter()
            .position(|header| header == name)
            .ok_or_else(|| input_error(&self.path, format!("has no column {name:?}")))
    }

    /// Maps the `key` column to the `value` column; a blank cell is `None`.
    fn lookup(&self, key: &str, value: &str) -> Result<HashMap<String, Option<f64>>, BuildError> {
        let (key, value) = (self.column(key)?, self.column(value)?);
        self.rows
            .iter()
            .map(|row| {
                let cell = row[value].trim();
                let number = if cell.is_empty() {
                    None
                } else {
                    Some(cell.parse::<f64>().map_err(|_| {
                        input_error(
                            &self.path,
                            format!("{cell:?} in row {:?} is not a number", row[key]),
                        )
                    })?)
                };
                Ok((row[key].clone(), number))
            })
            .collect()
    }

    fn text(&self, row: &[String], column: &str) -> Result<String, BuildError> {
        Ok(row[self.column(column)?].clone())
    }

    fn number(&self, row: &[String], column: &str) -> Result<f64, BuildError> {
        let cell = self.text(row, column)?;
        cell.trim()
            .parse()
            .map_err(|_| input_error(&self.path, format!("{column} {cell:?} is not a number")))
    }
}

fn normalise_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Builds the dataset from its inputs.
pub fn build(inputs: &BuildInputs) -> Result<Dataset, BuildError> {
    let metadata_path = inputs.curated_dir.join("metadata.json");
    let metadata: Metadata = serde_json::from_str(&read_text(&metadata_path)?)
        .map_err(|error| input_error(&metadata_path, error.to_string()))?;
    let articles_path = inputs.curated_dir.join("seed_articles.json");
    let seed: SeedArticles = serde_json::from_str(&read_text(&articles_path)?)
        .map_err(|error| input_error(&articles_path, error.to_string()))?;

    let mut tables: HashMap<String, Table> = HashMap::new();
    for input in &metadata.inputs {
        let source = metadata
            .sources
            .iter()
            .find(|source| source.id == input.source)
            .ok_or_else(|| {
                input_error(
                    &metadata_path,
                    format!("{} cites unknown source {}", input.file, input.source),
                )
            })?;
        licence::check_shippable(&input.file, &source.licence)?;
        let table = Table::read(&inputs.source_dir.join(&input.file))?;
        tables.insert(input.file.clone(), table);
    }
    let table = |file: &str| {
        tables.get(file).ok_or_else(|| {
            input_error(
                &metadata_path,
                format!("{file} is not declared under inputs"),
            )
        })
    };

    for article in &seed.articles {
        let path = inputs.seeds_dir.join(&article.seed_file);
        let text = normalise_space(&read_text(&path)?);
        for fact in &article.facts {
            if !text.contains(&normalise_space(&fact.quote)) {
                return Err(input_error(
                    &path,
                    format!(
                        "does not contain the quote attributed to it: {:?}",
                        fact.quote
                    ),
                ));
            }
        }
    }

    let cities_table = table("cities.csv")?;
    let countries: HashMap<&str, &Country> = metadata
        .countries
        .iter()
        .map(|country| (country.code.as_str(), country))
        .collect();
    let mut cities = Vec::new();
    for row in &cities_table.rows {
        let id = cities_table.text(row, "city_id")?;
        let code = cities_table.text(row, "country_iso2")?;
        let country = countries.get(code.as_str()).ok_or_else(|| {
            input_error(
                &metadata_path,
                format!("country {code} of {id} is not in the country table"),
            )
        })?;
        let facts = seed
            .articles
            .iter()
            .flat_map(|article| {
                article
                    .facts
                    .iter()
                    .filter(|fact| fact.city == id)
                    .map(|fact| SeedFact {
                        article: article.article.id.clone(),
                        quote: fact.quote.clone(),
                    })
            })
            .collect();
        cities.push(City {
            name: cities_table.text(row, "city")?,
            country: code.clone(),
            country_name: country.name.clone(),
            region: country.region,
            lat: cities_table.number(row, "lat")?,
            lon: cities_table.number(row, "lon")?,
            values: Vec::with_capacity(metadata.indicators.len()),
            placed_at_company_hq: Vec::with_capacity(metadata.indicators.len()),
            population: None,
            population_components: None,
            institutions: Vec::new(),
            other_institutions_papers: None,
            catchment_note: metadata.catchment_notes.get(&id).cloned(),
            facts,
            id,
        });
    }

    for spec in &metadata.indicators {
        let values: Vec<Option<f64>> = match (&spec.input, spec.derived) {
            (Some(input), None) => column_values(input, table(&input.file)?, &cities, inputs)?,
            (None, Some(derived)) => cities
                .iter()
                .map(|city| derived_value(derived, spec.indicator.kind, &seed.articles, &city.id))
                .collect(),
            _ => {
                return Err(input_error(
                    &metadata_path,
                    format!(
                        "indicator {} needs exactly one of input and derived",
                        spec.indicator.id
                    ),
                ));
            }
        };
        let hq_parts = match &spec.company_hq_input {
            Some(input) => column_values(input, table(&input.file)?, &cities, inputs)?,
            None => vec![None; cities.len()],
        };
        for ((city, value), hq_part) in cities.iter_mut().zip(values).zip(hq_parts) {
            city.values.push(value);
            city.placed_at_company_hq.push(hq_part);
        }
    }
    if cities
        .iter()
        .all(|city| city.placed_at_company_hq.iter().all(Option::is_none))
    {
        for city in &mut cities {
            city.placed_at_company_hq.clear();
        }
    }

    let population = &metadata.population.input;
    let population_table = table(&population.file)?;
    let (key, components) = (
        population_table.column(&population.key)?,
        population_table.column(&population.components)?,
    );
    let figures = population_table.lookup(&population.key, &population.column)?;
    for city in &mut cities {
        let row = population_table
            .rows
            .iter()
            .find(|row| row[key] == city.id)
            .ok_or_else(|| {
                input_error(
                    &population_table.path,
                    format!("has no row for city {}", city.id),
                )
            })?;
        city.population = figures.get(&city.id).copied().flatten();
        city.population_components = city
            .population
            .and_then(|_| Some(row[components].trim().to_owned()).filter(|text| !text.is_empty()));
    }

    let spec = &metadata.institutions;
    let counted = metadata
        .indicators
        .iter()
        .position(|i| i.indicator.id == spec.indicator)
        .ok_or_else(|| {
            input_error(
                &metadata_path,
                format!(
                    "institutions break down unknown indicator {}",
                    spec.indicator
                ),
            )
        })?;
    let institutions = table(&spec.input.file)?;
    for city in &mut cities {
        let listed = city_institutions(institutions, &spec.input.key, &city.id, spec.shown)?;
        let total = city.values[counted];
        city.other_institutions_papers = total.map(|total| {
            let shown: f64 = listed.iter().map(|i| i.papers).sum();
            round_hundredths((total - shown).max(0.0))
        });
        if !listed.is_empty() && total.is_none() {
            return Err(input_error(
                &institutions.path,
                format!("lists institutions for {}, which has no count", city.id),
            ));
        }
        city.institutions = listed;
    }

    let indicators: Vec<Indicator> = metadata
        .indicators
        .iter()
        .map(|spec| {
            let mut indicator = spec.indicator.clone();
            if let Some(source) = metadata.sources.iter().find(|s| s.id == indicator.source) {
                indicator.source_url = source.url.clone();
                indicator.licence = source.licence.clone();
            }
            indicator
        })
        .collect();
    let presets = metadata
        .presets
        .iter()
        .map(|spec| {
            if let Some(unknown) = spec
                .weights
                .keys()
                .find(|id| !indicators.iter().any(|i| &i.id == *id))
            {
                return Err(input_error(
                    &metadata_path,
                    format!("preset {} weights unknown indicator {unknown}", spec.id),
                ));
            }
            Ok(Preset {
                id: spec.id.clone(),
                label: spec.label.clone(),
                description: spec.description.clone(),
                weights: indicators
                    .iter()
                    .map(|i| spec.weights.get(&i.id).copied().unwrap_or(0))
                    .collect(),
            })
        })
        .collect::<Result<_, _>>()?;

    Dataset::validate(RawDataset {
        schema_version: SCHEMA_VERSION,
        edition: metadata.edition,
        synthetic: false,
        indicators,
        sources: metadata.sources,
        articles: seed.articles.into_iter().map(|a| a.article).collect(),
        presets,
        population: Some(metadata.population.info),
        institutions: Some(InstitutionsInfo {
            indicator: metadata.institutions.indicator,
        }),
        methodology: metadata.methodology,
        cities,
    })
    .map_err(BuildError::Invalid)
}

/// The values of a column for each city, looked up by city id, ISO country code or country name.
/// A city-keyed file must have a row for every city; a blank cell is `None`.
fn column_values(
    input: &ColumnInput,
    table: &Table,
    cities: &[City],
    inputs: &BuildInputs,
) -> Result<Vec<Option<f64>>, BuildError> {
    let lookup = table.lookup(&input.key, &input.column)?;
    cities
        .iter()
        .map(|city| {
            let key = match input.key.as_str() {
                "city_id" => &city.id,
                "iso2_code" => &city.country,
                _ => &city.country_name,
            };
            match (input.key.as_str(), lookup.get(key)) {
                ("city_id", None) => Err(input_error(
                    &inputs.source_dir.join(&input.file),
                    format!("has no row for city {}", city.id),
                )),
                (_, value) => Ok(value.copied().flatten()),
            }
        })
        .collect()
}

/// A figure rounded to the hundredths the source files are written in.
fn round_hundredths(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// The `shown` largest institutions of `city` in the institution file, largest first (ties by
/// name, then country). The file's row of the institutions under its threshold is not one.
fn city_institutions(
    table: &Table,
    key: &str,
    city: &str,
    shown: usize,
) -> Result<Vec<InstitutionCount>, BuildError> {
    let key = table.column(key)?;
    let mut listed = Vec::new();
    for row in table.rows.iter().filter(|row| row[key] == city) {
        let institution = table.text(row, "institution")?;
        if institution == OTHER_INSTITUTIONS {
            continue;
        }
        let papers = table.number(row, "frac")?;
        let placed_by = table.text(row, "placed_by")?;
        let placed_by =
            serde_json::from_value::<PlacedBy>(serde_json::Value::String(placed_by.clone()))
                .map_err(|_| {
                    input_error(
                        &table.path,
                        format!("unknown placement {placed_by:?} for {institution}"),
                    )
                })?;
        listed.push(InstitutionCount {
            institution,
            country: table.text(row, "country")?,
            papers,
            placed_by,
        });
    }
    listed.sort_by(|a, b| {
        b.papers
            .total_cmp(&a.papers)
            .then_with(|| a.institution.cmp(&b.institution))
            .then_with(|| a.country.cmp(&b.country))
    });
    listed.truncate(shown);
    Ok(listed)
}

fn derived_value(
    derived: Derived,
    kind: Kind,
    articles: &[SeedArticle],
    city: &str,
) -> Option<f64> {
    match derived {
        Derived::SeedListMentions => {
            let listing = articles.iter().filter(|a| !a.article.city_list.is_empty());
            Some(
                listing
                    .filter(|a| a.article.city_list.iter().any(|id| id == city))
                    .count() as f64,
            )
        }
        Derived::SeedJobsRank => {
            let Kind::TopList { size } = kind else {
                return None;
            };
            let list = &articles
                .iter()
                .find(|a| a.article.id == JOBS_LIST_ARTICLE)?
                .article
                .city_list;
            let place = list.iter().position(|id| id == city).map(|at| at + 1);
            Some(top_list::points(place, size))
        }
    }
}

/// Serialises a dataset the way it is committed: pretty JSON with a final newline.
pub fn to_json(dataset: &Dataset) -> String {
    let mut text =
        serde_json::to_string_pretty(dataset.raw()).expect("a dataset always serialises");
    text.push('\n');
    text
}
