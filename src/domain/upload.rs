//! Bring your own data: a CSV or JSON file of places and indicators, read into a [`Dataset`] that
//! the explorer ranks as it ranks the bundled one.
//!
//! # The format
//!
//! **CSV.** The first row names the columns. `name`, `lat` and `lon` are required, `country` and
//! `region` are optional, and every other column is a numeric indicator. Then one row per place.
//! An empty cell is a missing value, and stays missing.
//!
//! Before the places, rows whose first cell starts with `#` describe the indicators, one cell
//! per indicator column (the cells under `name`, `lat`, … stay empty):
//!
//! | row | cells | without it |
//! | --- | --- | --- |
//! | `#direction` | `higher` or `lower`: which raw value is better | `higher` |
//! | `#transform` | `linear`, or `log` for counts spread over orders of magnitude | `linear` |
//! | `#unit` | the unit, in words | none stated |
//! | `#source` | where the figures come from | “your file” |
//! | `#year` | the latest year the figures describe | not stated |
//! | `#weight` | the default weight, 0–10 | 1 for every indicator |
//! | `#preset Name` | a named set of weights, 0–10 | no presets |
//!
//! ```csv
//! name,country,lat,lon,papers,rent
//! #direction,,,,higher,lower
//! #transform,,,,log,linear
//! Berlin,Germany,52.52,13.40,1234,18.5
//! Lisbon,Portugal,38.72,-9.14,310,
//! ```
//!
//! **JSON.** The same, as an object:
//!
//! ```json
//! { "indicators": [{ "name": "papers", "direction": "higher", "transform": "log" },
//!                  { "name": "rent", "direction": "lower" }],
//!   "places": [{ "name": "Berlin", "country": "Germany", "lat": 52.52, "lon": 13.4,
//!                "values": { "papers": 1234, "rent": 18.5 } }],
//!   "presets": [{ "name": "Research", "weights": { "papers": 5 } }] }
//! ```
//!
//! Indicators take the same keys as the CSV's `#` rows (`unit`, `source`, `year`, `weight`); a
//! value that is `null` or absent is missing.
//!
//! # Errors
//!
//! A file that cannot be ranked as it is, is refused as a whole: [`read_upload`] returns every
//! [`Problem`] it found (the first [`SHOWN_PROBLEMS`] of them, and their count), each with its
//! place in the file. Nothing is guessed or repaired.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::dataset::{
    City, Dataset, Direction, Group, Indicator, Kind, MAX_WEIGHT, PlausibleRange, Preset,
    RawDataset, Region, SCHEMA_VERSION, Scope, Source, Transform,
};
use super::synthetic::letters_code;

/// The largest file the explorer reads, in bytes: 50 MiB, five times a 100,000-place,
/// 12-indicator CSV, and well inside what a browser tab holds twice over while it parses.
pub const MAX_UPLOAD_BYTES: usize = 50 * 1024 * 1024;

/// How many problems a refusal lists; the rest are counted.
pub const SHOWN_PROBLEMS: usize = 10;

/// The most indicators a file may have: as many as the weights panel can show as sliders
/// without becoming a wall.
pub const MAX_INDICATORS: usize = 64;

/// How many hexadecimal digits name a file: its 64-bit XXH3 hash.
const HASH_DIGITS: usize = 16;

/// The name a file's bytes are stored and linked under: their 64-bit XXH3 hash, in hexadecimal.
/// Not a cryptographic hash, and none is needed: a name only tells apart the files one person
/// keeps in one browser, where two that differ share one with a chance of about one in 10^19.
/// XXH3 hashes a 10 MB file in a few milliseconds, where SHA-256 in the worker's WebAssembly
/// takes over half a second.
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

/// Whether `text` has the form of a [`content_hash`].
pub fn is_content_hash(text: &str) -> bool {
    text.len() == HASH_DIGITS && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Location {
    /// The file as a whole.
    File,
    /// A line, counted from 1.
    Line(u64),
    /// A cell: its line, counted from 1, and its column, counted from 1 (for CSV, the field's
    /// position in its row; for JSON, the byte's in its line, as serde_json counts it).
    Cell {
        /// The line.
        line: u64,
        /// The column.
        column: u64,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => f.write_str("the file"),
            Location::Line(line) => write!(f, "line {line}"),
            Location::Cell { line, column } => write!(f, "line {line}, column {column}"),
        }
    }
}

/// One reason a file cannot be ranked, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// Where it is.
    pub location: Location,
    /// What is wrong, in words, without the location.
    pub message: String,
}

impl Problem {
    fn at(location: Location, message: impl Into<String>) -> Problem {
        Problem {
            location,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Location::File => f.write_str(&self.message),
            ref location => write!(f, "{location}: {}", self.message),
        }
    }
}

/// Why a file was refused: its first problems, and how many it has in all.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Refusal {
    /// The first [`SHOWN_PROBLEMS`] problems, in the order of the file.
    pub problems: Vec<Problem>,
    /// How many problems the file has, shown or not.
    pub total: usize,
}

impl Refusal {
    fn one(problem: Problem) -> Refusal {
        Refusal {
            problems: vec![problem],
            total: 1,
        }
    }
}

/// The problems found so far, of which the first [`SHOWN_PROBLEMS`] are kept.
#[derive(Default)]
struct Problems {
    kept: Vec<Problem>,
    total: usize,
}

impl Problems {
    fn push(&mut self, location: Location, message: impl Into<String>) {
        self.total += 1;
        if self.kept.len() < SHOWN_PROBLEMS {
            self.kept.push(Problem::at(location, message));
        }
    }

    fn into_result<T>(self, value: T) -> Result<T, Refusal> {
        if self.total == 0 {
            Ok(value)
        } else {
            Err(Refusal {
                problems: self.kept,
                total: self.total,
            })
        }
    }
}

/// The two formats a file may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values.
    Csv,
    /// JSON.
    Json,
}

impl Format {
    /// The format of `bytes`, a file named `file_name`: by the name's extension, else JSON if
    /// the text starts with `{`, else CSV.
    pub fn of(file_name: &str, bytes: &[u8]) -> Format {
        let lower = file_name.to_ascii_lowercase();
        if lower.ends_with(".json") {
            return Format::Json;
        }
        if lower.ends_with(".csv") {
            return Format::Csv;
        }
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Format::Json,
            _ => Format::Csv,
        }
    }
}

/// What the file says about one indicator.
#[derive(Debug, Clone, PartialEq)]
struct Column {
    name: String,
    direction: Direction,
    transform: Transform,
    unit: Option<String>,
    source: Option<String>,
    year: Option<u16>,
    weight: u8,
}

impl Column {
    fn named(name: String) -> Column {
        Column {
            name,
            direction: Direction::HigherIsBetter,
            transform: Transform::Linear,
            unit: None,
            source: None,
            year: None,
            weight: 1,
        }
    }

    /// Takes the description `key` (one of [`DESCRIPTIONS`]) as `text` says it, or says why
    /// `text` is not one: a CSV's `#key` row and a JSON indicator's `key` read alike.
    fn describe(&mut self, key: &str, text: &str) -> Result<(), String> {
        match key {
            "direction" => {
                self.direction = direction_named(text)
                    .ok_or_else(|| format!("“{text}” is not a direction: higher or lower"))?;
            }
            "transform" => {
                self.transform = transform_named(text)
                    .ok_or_else(|| format!("“{text}” is not a transform: linear or log"))?;
            }
            "unit" => self.unit = Some(text.to_owned()),
            "source" => self.source = Some(text.to_owned()),
            "year" => match text.parse::<u16>() {
                Ok(year) if (1900..=2100).contains(&year) => self.year = Some(year),
                _ => return Err(format!("“{text}” is not a year from 1900 to 2100")),
            },
            "weight" => self.weight = weight(text)?,
            other => {
                return Err(format!(
                    "“{other}” is not something a file says of an indicator"
                ));
            }
        }
        Ok(())
    }
}

/// What a file may say of each indicator besides its name, as [`Column::describe`] reads it.
const DESCRIPTIONS: [&str; 6] = ["direction", "transform", "unit", "source", "year", "weight"];

/// One place as the file gives it, before the checks that need every place.
struct Place {
    location: Location,
    name: String,
    country: Option<String>,
    region: Region,
    lat: f64,
    lon: f64,
    values: Vec<Option<f64>>,
}

/// The file read into columns, places and presets.
struct Table {
    columns: Vec<Column>,
    places: Vec<Place>,
    presets: Vec<(String, Vec<u8>)>,
}

/// Reads `bytes`, the file `file_name`, into a dataset, or says precisely why it cannot.
/// `progress` hears the share of the file read so far, from 0 to 1, now and then.
pub fn read_upload(
    file_name: &str,
    bytes: &[u8],
    progress: &mut dyn FnMut(f64),
) -> Result<Dataset, Refusal> {
    let text = check_text(bytes)?;
    let table = match Format::of(file_name, bytes) {
        Format::Csv => read_csv(text, progress)?,
        Format::Json => read_json(text)?,
    };
    progress(1.0);
    into_dataset(file_name, table)
}

/// The file as UTF-8 text, without a byte-order mark, or why it is not a text file the
/// explorer reads.
fn check_text(bytes: &[u8]) -> Result<&str, Refusal> {
    let refuse = |message: String| Err(Refusal::one(Problem::at(Location::File, message)));
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(too_large(bytes.len()));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return refuse("The file is UTF-16 text; save it as UTF-8 and load it again.".into());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return refuse("The file is empty.".into());
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = line_and_column(&bytes[..at]);
        return Err(Refusal::one(Problem::at(
            Location::Cell { line, column },
            "a zero byte: this is a binary file, not CSV or JSON text",
        )));
    }
    std::str::from_utf8(bytes).map_err(|error| {
        let (line, column) = line_and_column(&bytes[..error.valid_up_to()]);
        Refusal::one(Problem::at(
            Location::Cell { line, column },
            "bytes that are not UTF-8 text; save the file as UTF-8 and load it again",
        ))
    })
}

/// The refusal of a file of `size` bytes, over [`MAX_UPLOAD_BYTES`]: the page says it before it
/// reads the file at all.
pub fn too_large(size: usize) -> Refusal {
    Refusal::one(Problem::at(
        Location::File,
        format!(
            "The file is {}, over the limit of {}.",
            megabytes(size),
            megabytes(MAX_UPLOAD_BYTES)
        ),
    ))
}

fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// The line and the character column, both from 1, just after `before`.
fn line_and_column(before: &[u8]) -> (u64, u64) {
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let last_line = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(before, |at| &before[at + 1..]);
    let column = String::from_utf8_lossy(last_line).chars().count() as u64 + 1;
    (line, column)
}

/// The columns every file has besides its indicators.
const NAME: &str = "name";
const COUNTRY: &str = "country";
const REGION: &str = "region";
const LAT: &str = "lat";
const LON: &str = "lon";

/// Where the non-indicator columns are in a CSV header.
struct Layout {
    name: usize,
    lat: usize,
    lon: usize,
    country: Option<usize>,
    region: Option<usize>,
    /// The indicator columns' positions, in order.
    indicators: Vec<usize>,
}

fn read_csv(text: &str, progress: &mut dyn FnMut(f64)) -> Result<Table, Refusal> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(error)) => return Err(Refusal::one(csv_problem(&error))),
        None => {
            return Err(Refusal::one(Problem::at(
                Location::File,
                "The file is empty.",
            )));
        }
    };
    let layout = csv_layout(&header)?;
    let mut columns: Vec<Column> = layout
        .indicators
        .iter()
        .map(|&at| Column::named(header[at].trim().to_owned()))
        .collect();
    let width = header.len();
    let mut problems = Problems::default();
    let mut presets = Vec::new();
    let mut places = Vec::new();
    let mut meta_rows_done = false;
    // Each place's name, lowercased, and the line it is first on: a duplicate is found even in
    // a file whose rows have other problems.
    let mut first_lines: HashMap<String, u64> = HashMap::new();
    let step = (text.len() / 100).max(1 << 16);
    let mut next_report = step;
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let problem = csv_problem(&error);
                problems.push(problem.location, problem.message);
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        let offset = record.position().map_or(0, |p| p.byte() as usize);
        if offset >= next_report {
            progress(offset as f64 / text.len() as f64);
            next_report = offset + step;
        }
        if record.len() == 1 && record[0].trim().is_empty() {
            continue;
        }
        if record.len() != width {
            problems.push(
                Location::Line(line),
                format!("{} fields where the header has {width}", record.len()),
            );
            continue;
        }
        let first = record[0].trim();
        if let Some(key) = first.strip_prefix('#') {
            if meta_rows_done {
                problems.push(
                    Location::Cell { line, column: 1 },
                    format!("a “#{key}” row after the first place; describe the indicators above the places"),
                );
                continue;
            }
            let cells: Vec<(u64, &str)> = layout
                .indicators
                .iter()
                .map(|&at| (at as u64 + 1, record[at].trim()))
                .collect();
            read_meta_row(
                key.trim(),
                line,
                &cells,
                &mut columns,
                &mut presets,
                &mut problems,
            );
            continue;
        }
        meta_rows_done = true;
        let cell = |at: usize| record[at].trim();
        let at = |at: usize| Location::Cell {
            line,
            column: at as u64 + 1,
        };
        let name = cell(layout.name);
        let lat = coordinate(cell(layout.lat), LAT, at(layout.lat), &mut problems);
        let lon = coordinate(cell(layout.lon), LON, at(layout.lon), &mut problems);
        let region = layout
            .region
            .map_or(Ok(Region::Unstated), |column| {
                region_of(cell(column)).map_err(|why| problems.push(at(column), why))
            })
            .ok();
        let values: Vec<Option<f64>> = layout
            .indicators
            .iter()
            .zip(&columns)
            .map(|(&column, indicator)| value(cell(column), indicator, at(column), &mut problems))
            .collect();
        if name.is_empty() {
            problems.push(at(layout.name), "a place with no name");
            continue;
        }
        if let Some(first) = first_lines.get(&name.to_lowercase()) {
            problems.push(
                Location::Line(line),
                format!("a second place named “{name}” (the first is at line {first})"),
            );
            continue;
        }
        first_lines.insert(name.to_lowercase(), line);
        if let (Some(lat), Some(lon), Some(region)) = (lat, lon, region) {
            places.push(Place {
                location: Location::Line(line),
                name: name.to_owned(),
                country: layout
                    .country
                    .map(|column| cell(column).to_owned())
                    .filter(|country| !country.is_empty()),
                region,
                lat,
                lon,
                values,
            });
        }
    }
    problems.into_result(Table {
        columns,
        places,
        presets,
    })
}

fn csv_problem(error: &csv::Error) -> Problem {
    let location = error
        .position()
        .map_or(Location::File, |p| Location::Line(p.line()));
    let message = match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "bytes that are not UTF-8 text".to_owned(),
        _ => format!("the CSV cannot be read: {error}"),
    };
    Problem::at(location, message)
}

/// Finds the required and optional columns of a CSV header.
fn csv_layout(header: &csv::StringRecord) -> Result<Layout, Refusal> {
    let mut problems = Problems::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut found: HashMap<&str, usize> = HashMap::new();
    let mut indicators = Vec::new();
    for (at, cell) in header.iter().enumerate() {
        let name = cell.trim();
        let location = Location::Cell {
            line: 1,
            column: at as u64 + 1,
        };
        if name.is_empty() {
            problems.push(location, "a column with no name");
            continue;
        }
        if let Some(first) = seen.insert(name.to_lowercase(), at) {
            problems.push(
                location,
                format!(
                    "a second column named “{name}” (the first is column {})",
                    first + 1
                ),
            );
            continue;
        }
        match [NAME, COUNTRY, REGION, LAT, LON]
            .into_iter()
            .find(|known| known.eq_ignore_ascii_case(name))
        {
            Some(known) => _ = found.insert(known, at),
            None if name.starts_with('#') => {
                problems.push(
                    location,
                    "a column name that starts with “#”, which marks a description row",
                );
            }
            None => indicators.push(at),
        }
    }
    for required in [NAME, LAT, LON] {
        if !found.contains_key(required) {
            problems.push(Location::Line(1), format!("no “{required}” column"));
        }
    }
    if indicators.is_empty() {
        problems.push(
            Location::Line(1),
            "no indicator column: add a column of numbers to rank on",
        );
    } else if indicators.len() > MAX_INDICATORS {
        problems.push(
            Location::Line(1),
            format!(
                "{} indicator columns; the limit is {MAX_INDICATORS}",
                indicators.len()
            ),
        );
    }
    let layout = Layout {
        name: found.get(NAME).copied().unwrap_or_default(),
        lat: found.get(LAT).copied().unwrap_or_default(),
        lon: found.get(LON).copied().unwrap_or_default(),
        country: found.get(COUNTRY).copied(),
        region: found.get(REGION).copied(),
        indicators,
    };
    problems.into_result(layout)
}

/// Reads one `#key` row's `cells` (each with its column) into `columns` or `presets`.
fn read_meta_row(
    key: &str,
    line: u64,
    cells: &[(u64, &str)],
    columns: &mut [Column],
    presets: &mut Vec<(String, Vec<u8>)>,
    problems: &mut Problems,
) {
    let at = |column: u64| Location::Cell { line, column };
    let lower = key.to_ascii_lowercase();
    if let Some(name) = lower.strip_prefix("preset") {
        let name = key[key.len() - name.len()..].trim();
        if name.is_empty() {
            problems.push(at(1), "a “#preset” row needs a name: “#preset Research”");
            return;
        }
        let weights = cells
            .iter()
            .map(|&(column, text)| {
                weight(text).unwrap_or_else(|why| {
                    problems.push(at(column), why);
                    0
                })
            })
            .collect();
        presets.push((name.to_owned(), weights));
        return;
    }
    if !DESCRIPTIONS.contains(&lower.as_str()) {
        problems.push(
            at(1),
            format!("“#{key}” is not a description row: #direction, #transform, #unit, #source, #year, #weight or #preset Name"),
        );
        return;
    }
    for (&(column, text), indicator) in cells.iter().zip(columns.iter_mut()) {
        if !text.is_empty()
            && let Err(why) = indicator.describe(&lower, text)
        {
            problems.push(at(column), why);
        }
    }
}

/// A weight as `text` gives it, 0 for an empty cell, or why it is not one.
fn weight(text: &str) -> Result<u8, String> {
    if text.is_empty() {
        return Ok(0);
    }
    match text.parse::<u8>() {
        Ok(weight) if weight <= MAX_WEIGHT => Ok(weight),
        _ => Err(format!("“{text}” is not a weight from 0 to {MAX_WEIGHT}")),
    }
}

fn direction_named(text: &str) -> Option<Direction> {
    match text.to_ascii_lowercase().as_str() {
        "higher" | "higher is better" | "higher_is_better" => Some(Direction::HigherIsBetter),
        "lower" | "lower is better" | "lower_is_better" => Some(Direction::LowerIsBetter),
        _ => None,
    }
}

fn transform_named(text: &str) -> Option<Transform> {
    match text.to_ascii_lowercase().as_str() {
        "linear" => Some(Transform::Linear),
        "log" => Some(Transform::Log),
        _ => None,
    }
}

fn region_named(text: &str) -> Option<Region> {
    Region::ALL.into_iter().find(|region| {
        region.code().eq_ignore_ascii_case(text) || region.label().eq_ignore_ascii_case(text)
    })
}

fn region_names() -> String {
    let names: Vec<&str> = Region::ALL.iter().map(|region| region.label()).collect();
    names.join(", ")
}

/// A number the file gives as text: std's parser, which takes what a spreadsheet writes
/// (`12`, `-3.5`, `1e6`) and nothing else.
fn number(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|value| value.is_finite())
}

/// The coordinate on `axis` that `text` gives, or `None` after saying why there is none.
fn coordinate(text: &str, axis: &str, location: Location, problems: &mut Problems) -> Option<f64> {
    let checked = if text.is_empty() {
        Err(format!("no {axis}: every place needs its coordinates"))
    } else {
        number(text)
            .ok_or_else(|| format!("{axis} “{text}” is not a number"))
            .and_then(|value| on_globe(axis, value))
    };
    checked.map_err(|why| problems.push(location, why)).ok()
}

/// `value` as a coordinate on `axis` ([`LAT`] or [`LON`]), or why it is off the globe.
fn on_globe(axis: &str, value: f64) -> Result<f64, String> {
    let limit = if axis == LAT { 90.0 } else { 180.0 };
    if (-limit..=limit).contains(&value) {
        Ok(value)
    } else {
        Err(format!(
            "{axis} {value} is off the globe: it must lie from -{limit} to {limit}"
        ))
    }
}

/// The region `text` names, [`Region::Unstated`] for none, or why it is not a region.
fn region_of(text: &str) -> Result<Region, String> {
    if text.is_empty() {
        return Ok(Region::Unstated);
    }
    region_named(text).ok_or_else(|| format!("“{text}” is not a region: {}", region_names()))
}

fn value(
    text: &str,
    indicator: &Column,
    location: Location,
    problems: &mut Problems,
) -> Option<f64> {
    if text.is_empty() {
        return None;
    }
    match number(text) {
        None => {
            problems.push(
                location,
                format!("“{text}” in “{}” is not a number", indicator.name),
            );
            None
        }
        Some(value) => checked_value(value, indicator, location, problems),
    }
}

fn checked_value(
    value: f64,
    indicator: &Column,
    location: Location,
    problems: &mut Problems,
) -> Option<f64> {
    if indicator.transform == Transform::Log && value < 0.0 {
        problems.push(
            location,
            format!(
                "{value} in “{}” is negative, and its log transform needs values of 0 or more",
                indicator.name
            ),
        );
        return None;
    }
    Some(value)
}

/// A JSON file as serde reads it. Each place is kept as its text, read on its own, so that what
/// is wrong with a place is located at its line and column.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonFile<'a> {
    indicators: Vec<JsonIndicator>,
    #[serde(borrow)]
    places: Vec<&'a RawValue>,
    #[serde(default)]
    presets: Vec<JsonPreset>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonIndicator {
    name: String,
    #[serde(default)]
    direction: Option<String>,
    #[serde(default)]
    transform: Option<String>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    year: Option<u16>,
    #[serde(default)]
    weight: Option<u8>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonPlace {
    name: String,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    region: Option<String>,
    lat: f64,
    lon: f64,
    #[serde(default)]
    values: HashMap<String, Option<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonPreset {
    name: String,
    weights: HashMap<String, u8>,
}

/// Finds where slices of a text start, as line and column counted from 1 as serde_json counts
/// them, for slices met in order: each step reads the text only from the last slice on, so the
/// places of a large file are located in one pass.
struct Positions<'a> {
    text: &'a str,
    /// How far the text has been read, in bytes, and the line and where that line starts.
    read: usize,
    line: u64,
    line_start: usize,
}

impl<'a> Positions<'a> {
    fn new(text: &'a str) -> Positions<'a> {
        Positions {
            text,
            read: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// Where `part`, a slice of the text at or after the last one, starts.
    fn start_of(&mut self, part: &str) -> (u64, u64) {
        let offset = (part.as_ptr() as usize)
            .saturating_sub(self.text.as_ptr() as usize)
            .clamp(self.read, self.text.len());
        for (at, &byte) in self.text.as_bytes()[self.read..offset].iter().enumerate() {
            if byte == b'\n' {
                self.line += 1;
                self.line_start = self.read + at + 1;
            }
        }
        self.read = offset;
        (self.line, (offset - self.line_start) as u64 + 1)
    }
}

/// `error`, from reading a part of a file that starts at `start` (its line and column), as a
/// problem located in the whole file.
fn json_problem(error: &serde_json::Error, (line, column): (u64, u64)) -> Problem {
    let location = match error.line() as u64 {
        0 => Location::File,
        1 => Location::Cell {
            line,
            column: column + error.column() as u64 - 1,
        },
        more => Location::Cell {
            line: line + more - 1,
            column: error.column() as u64,
        },
    };
    // serde_json ends its message with the position, which the location gives.
    let message = error.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(what, _)| what);
    Problem::at(location, message.to_owned())
}

fn read_json(text: &str) -> Result<Table, Refusal> {
    let file: JsonFile<'_> =
        serde_json::from_str(text).map_err(|error| Refusal::one(json_problem(&error, (1, 1))))?;
    let mut problems = Problems::default();
    if file.indicators.is_empty() {
        problems.push(
            Location::File,
            "no indicators: “indicators” lists none to rank on",
        );
    } else if file.indicators.len() > MAX_INDICATORS {
        problems.push(
            Location::File,
            format!(
                "{} indicators; the limit is {MAX_INDICATORS}",
                file.indicators.len()
            ),
        );
    }
    let mut columns = Vec::with_capacity(file.indicators.len());
    let mut index: HashMap<String, usize> = HashMap::new();
    for (at, indicator) in file.indicators.into_iter().enumerate() {
        let label = format!("indicator {}", at + 1);
        let name = indicator.name.trim().to_owned();
        if name.is_empty() {
            problems.push(Location::File, format!("{label} has no name"));
        } else if index.insert(name.to_lowercase(), at).is_some() {
            problems.push(Location::File, format!("a second indicator named “{name}”"));
        }
        let mut column = Column::named(name);
        let described = [
            indicator.direction,
            indicator.transform,
            indicator.unit,
            indicator.source,
            indicator.year.map(|year| year.to_string()),
            indicator.weight.map(|weight| weight.to_string()),
        ];
        for (key, text) in DESCRIPTIONS.into_iter().zip(described) {
            if let Some(text) = text.as_deref().map(str::trim).filter(|t| !t.is_empty())
                && let Err(why) = column.describe(key, text)
            {
                problems.push(Location::File, format!("{label}: {why}"));
            }
        }
        columns.push(column);
    }
    let mut places = Vec::with_capacity(file.places.len());
    let mut positions = Positions::new(text);
    for raw in file.places {
        let start = positions.start_of(raw.get());
        let location = Location::Cell {
            line: start.0,
            column: start.1,
        };
        let place: JsonPlace = match serde_json::from_str(raw.get()) {
            Ok(place) => place,
            Err(error) => {
                let problem = json_problem(&error, start);
                problems.push(problem.location, problem.message);
                continue;
            }
        };
        let mut values = vec![None; columns.len()];
        for (key, value) in place.values {
            match index.get(&key.trim().to_lowercase()) {
                None => problems.push(
                    location.clone(),
                    format!("a value for “{key}”, which is not one of the indicators"),
                ),
                Some(&column) => {
                    values[column] = value.and_then(|value| {
                        checked_value(value, &columns[column], location.clone(), &mut problems)
                    });
                }
            }
        }
        let region = region_of(place.region.as_deref().map_or("", str::trim))
            .map_err(|why| problems.push(location.clone(), why))
            .ok();
        let lat = on_globe(LAT, place.lat).map_err(|why| problems.push(location.clone(), why));
        let lon = on_globe(LON, place.lon).map_err(|why| problems.push(location.clone(), why));
        let name = place.name.trim().to_owned();
        if name.is_empty() {
            problems.push(location.clone(), "a place with no name");
            continue;
        }
        if let (Ok(lat), Ok(lon), Some(region)) = (lat, lon, region) {
            places.push(Place {
                location,
                name,
                country: place
                    .country
                    .map(|c| c.trim().to_owned())
                    .filter(|c| !c.is_empty()),
                region,
                lat,
                lon,
                values,
            });
        }
    }
    let mut presets = Vec::with_capacity(file.presets.len());
    for preset in file.presets {
        let mut weights = vec![0; columns.len()];
        for (key, weight) in preset.weights {
            match index.get(&key.trim().to_lowercase()) {
                None => problems.push(
                    Location::File,
                    format!(
                        "preset “{}” weights “{key}”, which is not one of the indicators",
                        preset.name
                    ),
                ),
                Some(_) if weight > MAX_WEIGHT => problems.push(
                    Location::File,
                    format!(
                        "preset “{}”: {weight} is not a weight from 0 to {MAX_WEIGHT}",
                        preset.name
                    ),
                ),
                Some(&column) => weights[column] = weight,
            }
        }
        presets.push((preset.name, weights));
    }
    problems.into_result(Table {
        columns,
        places,
        presets,
    })
}

/// Lowercase letters, digits and hyphens from `text`, for ids.
fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// `base`, or `base-2`, `base-3`, … : the first that `taken` does not hold, which it then does.
fn unique(base: String, taken: &mut HashSet<String>) -> String {
    let base = if base.is_empty() {
        "place".to_owned()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 1;
    while !taken.insert(id.clone()) {
        n += 1;
        id = format!("{base}-{n}");
    }
    id
}

/// The id the file's sources share when an indicator names none.
const FILE_SOURCE: &str = "file";

/// The checks that need every place, then the dataset.
fn into_dataset(file_name: &str, table: Table) -> Result<Dataset, Refusal> {
    let mut problems = Problems::default();
    if table.places.is_empty() {
        problems.push(
            Location::File,
            "no places: add a row per place under the header",
        );
    }
    let mut first_of: HashMap<String, &Location> = HashMap::new();
    for place in &table.places {
        if let Some(first) = first_of.insert(place.name.to_lowercase(), &place.location) {
            problems.push(
                place.location.clone(),
                format!(
                    "a second place named “{}” (the first is at {first})",
                    place.name
                ),
            );
        }
    }
    for (name, _) in &table.presets {
        if table
            .presets
            .iter()
            .filter(|(other, _)| other == name)
            .count()
            > 1
        {
            problems.push(Location::File, format!("two presets named “{name}”"));
            break;
        }
    }
    problems.into_result(())?;

    let file_label = format!("Your file “{file_name}”");
    let mut sources = vec![Source {
        id: FILE_SOURCE.to_owned(),
        name: file_label.clone(),
        url: file_name.to_owned(),
        licence: "Not stated: the file's owner knows its terms".to_owned(),
        revision: "as loaded".to_owned(),
        retrieved: "loaded in this browser".to_owned(),
        usage: "Ranked in your browser; nothing is sent anywhere".to_owned(),
    }];
    let mut source_ids: HashMap<String, String> = HashMap::new();
    let mut indicator_ids = HashSet::new();
    let indicators: Vec<Indicator> = table
        .columns
        .iter()
        .enumerate()
        .map(|(at, column)| {
            let source = match &column.source {
                None => FILE_SOURCE.to_owned(),
                Some(named) => source_ids
                    .entry(named.clone())
                    .or_insert_with(|| {
                        let id = format!("source-{}", sources.len());
                        sources.push(Source {
                            id: id.clone(),
                            name: format!("{named}, as your file states"),
                            ..sources[0].clone()
                        });
                        id
                    })
                    .clone(),
            };
            Indicator {
                id: unique(slug(&column.name), &mut indicator_ids),
                code: letters_code(at),
                label: column.name.clone(),
                group: Group::Other,
                unit: column.unit.clone().unwrap_or_default(),
                scope: Scope::City,
                period: column
                    .year
                    .map_or_else(|| "not stated".to_owned(), |year| year.to_string()),
                year: column.year.unwrap_or(0),
                direction: column.direction,
                transform: column.transform,
                kind: Kind::Measure,
                default_weight: column.weight,
                weight_reason: format!(
                    "{}: the weight your file gives, or 1 where it gives none.",
                    column.weight
                ),
                description: format!("“{}” from {file_label}.", column.name),
                source,
                source_url: file_name.to_owned(),
                licence: sources[0].licence.clone(),
                caveats: vec![
                    "From your file: the explorer has not checked these figures.".to_owned(),
                ],
                plausible_range: PlausibleRange {
                    min: f64::MIN,
                    max: f64::MAX,
                },
            }
        })
        .collect();
    let mut preset_ids = HashSet::new();
    let presets = table
        .presets
        .into_iter()
        .map(|(name, weights)| Preset {
            id: unique(slug(&name), &mut preset_ids),
            description: format!("The weights your file names “{name}”."),
            label: name,
            weights,
        })
        .collect();
    let mut city_ids = HashSet::new();
    let cities = table
        .places
        .into_iter()
        .map(|place| {
            let country_name = place.country.clone().unwrap_or_default();
            City {
                id: unique(slug(&place.name), &mut city_ids),
                country: country_code(&country_name),
                country_name,
                name: place.name,
                region: place.region,
                lat: place.lat,
                lon: place.lon,
                values: place.values,
                catchment_note: None,
                facts: Vec::new(),
                population: None,
                population_components: None,
                placed_at_company_hq: Vec::new(),
                institutions: Vec::new(),
                other_institutions_papers: None,
            }
        })
        .collect();
    let raw = RawDataset {
        schema_version: SCHEMA_VERSION,
        edition: file_label,
        synthetic: false,
        indicators,
        sources,
        articles: Vec::new(),
        presets,
        population: None,
        institutions: None,
        methodology: Vec::new(),
        cities,
    };
    Dataset::validate(raw).map_err(|error| {
        Refusal::one(Problem::at(
            Location::File,
            format!("The file cannot be ranked: {error}."),
        ))
    })
}

/// The code the country filter and the URL use for a country the file names: an ISO-style code
/// as it is, or the name in capitals and hyphens.
fn country_code(name: &str) -> String {
    slug(name).to_ascii_uppercase()
}
