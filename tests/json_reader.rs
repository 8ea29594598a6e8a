//! The JSON reader the browser build uses for the dataset, checked against serde_json and
//! `str::parse` as oracles: it accepts the same texts, reads strings to the same values and
//! numbers as the data build writes them exactly (others within a few units in the last place),
//! and reads every dataset serde writes back to the same dataset.

use ai_cities_index::domain::dataset::{Dataset, DatasetError};
use ai_cities_index::domain::json::{MAX_DEPTH, Reader};
use ai_cities_index::domain::synthetic;
use proptest::prelude::*;

/// Whether the reader takes `text` as one JSON value.
fn reader_accepts(text: &str) -> bool {
    let mut reader = Reader::new(text);
    reader.skip().and_then(|()| reader.finish()).is_ok()
}

fn serde_accepts(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok()
}

/// Text made of JSON's own pieces, so that random strings are often valid JSON and the
/// invalid ones fail in interesting places.
fn json_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just(",".to_owned()),
        Just(":".to_owned()),
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("fals".to_owned()),
        Just("\"k\"".to_owned()),
        Just("\"".to_owned()),
        Just("\\".to_owned()),
        Just("\\u00e9".to_owned()),
        Just("\\ud83d\\ude00".to_owned()),
        Just("\\ud83d".to_owned()),
        Just("-".to_owned()),
        Just("0".to_owned()),
        Just("12".to_owned()),
        Just(".5".to_owned()),
        Just("e-3".to_owned()),
        Just("E+".to_owned()),
        Just("é".to_owned()),
        Just("\t".to_owned()),
        Just("\u{1}".to_owned()),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn the_reader_accepts_exactly_what_serde_json_accepts(text in json_like()) {
        prop_assert_eq!(reader_accepts(&text), serde_accepts(&text), "{:?}", text);
    }

    #[test]
    fn strings_read_back_as_serde_json_wrote_them(value in any::<String>()) {
        let text = serde_json::to_string(&value).expect("strings serialise");
        prop_assert_eq!(Reader::new(&text).string(), Ok(value));
    }

    #[test]
    fn numbers_of_up_to_15_digits_read_back_exactly(
        mantissa in 0_u64..1_000_000_000_000_000,
        point in 0_usize..16,
        power_of_ten in -22_i32..=22,
        negative in any::<bool>(),
    ) {
        let digits = mantissa.to_string();
        let point = point.min(digits.len() - 1);
        let exponent = power_of_ten + point as i32;
        let sign = if negative { "-" } else { "" };
        let (whole, fraction) = digits.split_at(digits.len() - point);
        let decimal = if fraction.is_empty() {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}.{fraction}")
        };
        for text in [decimal.clone(), format!("{decimal}e{exponent}")] {
            let expected: f64 = text.parse().expect("valid number text");
            prop_assert_eq!(Reader::new(&text).number(), Ok(expected), "{}", text);
        }
    }

    #[test]
    fn any_number_reads_back_within_a_few_units_in_the_last_place(
        value in any::<f64>().prop_filter("normal", |v| v.is_normal() && v.abs() > 1e-290),
    ) {
        let text = serde_json::to_string(&value).expect("finite numbers serialise");
        let read = Reader::new(&text).number().expect("a number");
        let apart = (read.to_bits() as i64 - value.to_bits() as i64).unsigned_abs();
        prop_assert!(apart <= MAX_ULPS_APART, "{} read as {:e}, {} ulps apart", text, read, apart);
    }

    #[test]
    fn synthetic_datasets_read_back_as_serde_json_wrote_them(
        cities in 1_usize..40,
        indicators in 1_usize..13,
        seed in any::<u64>(),
    ) {
        let dataset = with_data_build_precision(synthetic::generate(cities, indicators, seed));
        let text = serde_json::to_string(dataset.raw()).expect("datasets serialise");
        prop_assert_eq!(Dataset::from_json(&text), Ok(dataset));
    }
}

/// How far a number beyond the exact fast path may be read from its closest `f64`: twice the
/// worst seen in two million random numbers.
const MAX_ULPS_APART: u64 = 16;

/// The dataset with every figure rounded to four decimals, as the data build writes figures
/// (the generator's are full-precision random numbers).
fn with_data_build_precision(dataset: Dataset) -> Dataset {
    let mut raw = dataset.raw().clone();
    let round = |value: f64| (value * 1e4).round() / 1e4;
    for city in &mut raw.cities {
        city.lat = round(city.lat);
        city.lon = round(city.lon);
        for value in city.values.iter_mut().flatten() {
            *value = round(*value);
        }
    }
    Dataset::validate(raw).expect("rounding keeps the dataset valid")
}

#[test]
fn the_bundled_dataset_reads_as_serde_json_reads_it() {
    let text = include_str!("../public/data/cities.json");
    let by_serde: ai_cities_index::domain::dataset::RawDataset =
        serde_json::from_str(text).expect("the bundled dataset is valid JSON");
    let dataset = Dataset::from_json(text).expect("the bundled dataset is valid");
    assert_eq!(dataset.raw(), &by_serde);
}

#[test]
fn an_error_names_the_line_and_column() {
    let error = Dataset::from_json("{\n  \"schema_version\": 1,\n  \"edition\": 7\n}")
        .expect_err("the edition must be a string");
    assert_eq!(
        error,
        DatasetError::Syntax("expected a string at line 3, column 14".to_owned())
    );
}

#[test]
fn a_missing_key_is_named() {
    let error = Dataset::from_json(r#"{"schema_version": 1}"#).expect_err("keys are missing");
    assert!(
        error.to_string().contains("missing key `edition`"),
        "{error}"
    );
}

#[test]
fn nesting_past_the_limit_is_refused_without_exhausting_the_stack() {
    let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
    assert!(!reader_accepts(&deep));
    let limit = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
    assert!(reader_accepts(&limit));
    assert!(!reader_accepts(&"[".repeat(100_000)));
}

#[test]
fn an_error_inside_a_multibyte_character_points_at_it_without_panicking() {
    let mut reader = Reader::new("\"\\é\"");
    assert_eq!(
        reader.string().map_err(|error| error.to_string()),
        Err("invalid escape at line 1, column 3".to_owned())
    );
}

#[test]
fn an_error_column_counts_characters_not_bytes() {
    let mut reader = Reader::new("\"ñé\" x");
    assert_eq!(reader.string().as_deref(), Ok("ñé"));
    assert_eq!(
        reader.finish().map_err(|error| error.to_string()),
        Err("unexpected text after the JSON value at line 1, column 6".to_owned())
    );
}
