//! The URL codec: round trips, and bad input falling back per field with a report.

use ai_cities_index::domain::dataset::{Dataset, Region};
use ai_cities_index::domain::map_view::MapView;
use ai_cities_index::domain::projection::MapPoint;
use ai_cities_index::domain::score::{Aggregation, Normalisation};
use ai_cities_index::domain::synthetic;
use ai_cities_index::domain::view_state::{
    MAX_SEARCH_CHARS, OwnSource, Panel, ViewState, decode, decode_stress, encode,
};
use proptest::prelude::*;
use std::collections::BTreeSet;

fn dataset() -> Dataset {
    synthetic::generate(40, 12, 3)
}

#[test]
fn the_default_view_encodes_to_nothing_and_decodes_from_nothing() {
    let data = dataset();
    let decoded = decode("", &data);
    assert_eq!(decoded.state, ViewState::defaults(&data));
    assert!(decoded.ignored.is_empty());
    assert_eq!(encode(&decoded.state, &data), "");
}

#[test]
fn garbage_falls_back_per_field_and_is_reported() {
    let data = dataset();
    let decoded = decode(
        "?w=a3zz9b11c&r=eu.mars&c=xx.qq&city=atlantis&view=wide&stress=lots&junk=%FF&q=ok",
        &data,
    );
    let state = &decoded.state;
    let mut expected = data.default_weights();
    expected[0] = 3;
    assert_eq!(state.weights, expected, "a3 applies; the rest fall back");
    assert_eq!(state.regions, BTreeSet::from([Region::Europe]));
    assert_eq!(state.countries, BTreeSet::from(["XX".to_owned()]));
    assert_eq!(state.selected, None);
    assert_eq!(state.panel, Panel::Ranking);
    assert_eq!(state.stress, None);
    assert_eq!(state.search, "ok");
    let reported: Vec<(&str, &str)> = decoded
        .ignored
        .iter()
        .map(|i| (i.key.as_str(), i.value.as_str()))
        .collect();
    assert_eq!(
        reported,
        vec![
            ("r", "mars"),
            ("c", "qq"),
            ("city", "atlantis"),
            ("view", "wide"),
            ("stress", "lots"),
            ("junk", "\u{FFFD}"),
            ("w", "zz9"),
            ("w", "b11"),
            ("w", "c"),
        ]
    );
}

#[test]
fn a_truncated_weight_string_keeps_what_it_can() {
    let data = dataset();
    let decoded = decode("w=a7b", &data);
    assert_eq!(decoded.state.weights[0], 7);
    assert_eq!(decoded.state.weights[1], data.default_weights()[1]);
    assert_eq!(decoded.ignored.len(), 1);
}

#[test]
fn a_repeated_key_keeps_the_first() {
    let data = dataset();
    let decoded = decode("q=one&q=two", &data);
    assert_eq!(decoded.state.search, "one");
    assert_eq!(decoded.ignored[0].value, "two");
}

#[test]
fn overlong_search_is_cut_and_reported() {
    let data = dataset();
    let long = "é".repeat(MAX_SEARCH_CHARS + 5);
    let decoded = decode(&format!("q={long}"), &data);
    assert_eq!(decoded.state.search.chars().count(), MAX_SEARCH_CHARS);
    assert_eq!(decoded.ignored[0].value, "é".repeat(5));
}

#[test]
fn stress_is_read_on_its_own() {
    assert_eq!(decode_stress("a=1&stress=10000"), Ok(Some(10_000)));
    assert_eq!(decode_stress(""), Ok(None));
    assert!(decode_stress("stress=0").is_err());
    assert!(decode_stress("stress=100001").is_err());
}

fn view_state(data: &Dataset) -> impl Strategy<Value = ViewState> {
    let indicators = data.indicators().len();
    let countries: Vec<String> = data.cities().iter().map(|c| c.country.clone()).collect();
    let cities: Vec<String> = data.cities().iter().map(|c| c.id.clone()).collect();
    (
        proptest::collection::vec(0u8..=10, indicators),
        proptest::collection::btree_set(proptest::sample::select(Region::ALL.to_vec()), 0..4),
        proptest::collection::btree_set(proptest::sample::select(countries), 0..2),
        "([^\\s]([^\\n]{0,40}[^\\s])?)?",
        (
            proptest::option::of(proptest::sample::select(cities.clone())),
            proptest::option::of(proptest::sample::select(cities)),
        ),
        (any::<bool>(), any::<bool>()),
        (1.0..20.0_f64, 0.0..1000.0_f64, 0.0..500.0_f64)
            .prop_map(|(zoom, x, y)| MapView::new(zoom, MapPoint { x, y })),
        (
            proptest::option::of(1u32..=100_000),
            proptest::option::of(prop_oneof![
                "[0-9a-f]{16}".prop_map(OwnSource::Kept),
                "[^\\s]{1,60}".prop_map(OwnSource::Address),
            ]),
        ),
        (
            any::<bool>(),
            0u8..=100,
            0usize..3,
            any::<bool>(),
            0u8..5,
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                weights,
                regions,
                countries,
                search,
                (selected, compared),
                (method, embed),
                map,
                (stress, own),
                (
                    per_capita,
                    min_coverage_percent,
                    normalisation,
                    geometric,
                    band_spread,
                    method_uncertainty,
                ),
            )| ViewState {
                weights,
                regions: regions.into_iter().collect(),
                countries: countries.into_iter().collect(),
                search,
                selected,
                compared,
                panel: if method {
                    Panel::Methodology
                } else {
                    Panel::Ranking
                },
                stress,
                own,
                per_capita,
                min_coverage_percent,
                normalisation: [
                    Normalisation::MinMax,
                    Normalisation::Percentile,
                    Normalisation::ShareOfLeader,
                ][normalisation],
                aggregation: if geometric {
                    Aggregation::Geometric
                } else {
                    Aggregation::Arithmetic
                },
                band_spread,
                method_uncertainty,
                map,
                embed,
            },
        )
}

proptest! {
    #[test]
    fn decoding_an_encoded_view_gives_it_back(state in view_state(&dataset())) {
        let data = dataset();
        let query = encode(&state, &data);
        let decoded = decode(&query, &data);
        prop_assert!(decoded.ignored.is_empty(), "{:?} from {}", decoded.ignored, query);
        prop_assert_eq!(decoded.state, state);
    }

    #[test]
    fn any_query_decodes_without_panicking_to_a_valid_view(query in ".{0,200}") {
        let data = dataset();
        let decoded = decode(&query, &data);
        prop_assert_eq!(decoded.state.weights.len(), data.indicators().len());
        prop_assert!(decoded.state.weights.iter().all(|&w| w <= 10));
        prop_assert!(decoded.state.search.chars().count() <= MAX_SEARCH_CHARS);
        let again = decode(&encode(&decoded.state, &data), &data);
        prop_assert_eq!(again.state, decoded.state);
    }
}
