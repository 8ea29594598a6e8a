//! Best and worst ranks: small cases checked by hand, and the promise about dominance.

use ai_cities_index::domain::dataset::{
    City, Dataset, Direction, Group, Indicator, Kind, PlausibleRange, RawDataset, Region,
    SCHEMA_VERSION, Scope, Source, Transform,
};
use ai_cities_index::domain::reach::reach;
use ai_cities_index::domain::score::{IndicatorScores, NameOrder};

fn indicator(id: &str) -> Indicator {
    Indicator {
        id: id.into(),
        code: id.into(),
        label: id.into(),
        group: Group::Research,
        unit: "points".into(),
        scope: Scope::City,
        period: "2025".into(),
        year: 2025,
        direction: Direction::HigherIsBetter,
        transform: Transform::Linear,
        kind: Kind::Measure,
        default_weight: 1,
        weight_reason: String::new(),
        description: "test".into(),
        source: "test".into(),
        source_url: "#".into(),
        licence: "CC0".into(),
        caveats: vec![],
        plausible_range: PlausibleRange {
            min: 0.0,
            max: 100.0,
        },
    }
}

/// Cities named by letter, each with its values on indicators `a` and `b`.
fn dataset(rows: &[(&str, [f64; 2])]) -> Dataset {
    let cities = rows
        .iter()
        .map(|(name, values)| City {
            id: name.to_lowercase(),
            name: (*name).into(),
            country: "XX".into(),
            country_name: "Testland".into(),
            region: Region::Europe,
            lat: 0.0,
            lon: 0.0,
            values: values.iter().map(|&v| Some(v)).collect(),
            catchment_note: None,
            facts: vec![],
            population: None,
            population_components: None,
            placed_at_company_hq: vec![],
            institutions: vec![],
            other_institutions_papers: None,
        })
        .collect();
    Dataset::validate(RawDataset {
        schema_version: SCHEMA_VERSION,
        edition: "test".into(),
        synthetic: true,
        indicators: vec![indicator("a"), indicator("b")],
        sources: vec![Source {
            id: "test".into(),
            name: "test".into(),
            url: "#".into(),
            licence: "CC0".into(),
            revision: "1".into(),
            retrieved: "2026-12-02".into(),
            usage: "test".into(),
        }],
        articles: vec![],
        presets: vec![],
        population: None,
        institutions: None,
        methodology: vec![],
        cities,
    })
    .expect("a valid dataset")
}

fn reach_of(rows: &[(&str, [f64; 2])], city: usize) -> ai_cities_index::domain::reach::Reach {
    let data = dataset(rows);
    let table = IndicatorScores::compute(data.indicators(), data.cities());
    let members: Vec<usize> = (0..rows.len()).collect();
    reach(&table, &NameOrder::new(data.cities()), city, &members).expect("a reach")
}

#[test]
fn a_balanced_city_leads_when_its_smallest_lead_is_positive() {
    // Min–max keeps the values: A (100, 0), B (0, 100), C (60, 60). With equal weights C scores
    // 60 against 50 and 50, a lead of 10, the largest any weights give it.
    let found = reach_of(
        &[
            ("A", [100.0, 0.0]),
            ("B", [0.0, 100.0]),
            ("C", [60.0, 60.0]),
        ],
        2,
    );
    assert_eq!(found.best.rank, 1);
    assert!(found.best.exact);
    assert!(
        (found.best.weights[0] - 0.5).abs() < 1e-6 && (found.best.weights[1] - 0.5).abs() < 1e-6
    );
    // All weight on a: A 100, C 60, B 0: second, and no weights put it last.
    assert_eq!(found.worst.rank, 2);
    assert!(!found.worst.exact);
}

#[test]
fn a_city_that_is_nowhere_best_cannot_be_first() {
    // C (40, 40): its largest smallest lead is −10, at equal weights, so it is never first; one
    // indicator alone puts it second.
    let found = reach_of(
        &[
            ("A", [100.0, 0.0]),
            ("B", [0.0, 100.0]),
            ("C", [40.0, 40.0]),
        ],
        2,
    );
    assert_eq!(found.best.rank, 2);
    assert!(!found.best.exact);
    // Equal weights put it behind both: last, exactly.
    assert_eq!(found.worst.rank, 3);
    assert!(found.worst.exact);
}

#[test]
fn a_dominated_city_is_never_reported_as_able_to_be_first() {
    // C beats D on both indicators, so no weights put D first: second at best.
    let found = reach_of(
        &[("C", [60.0, 60.0]), ("D", [50.0, 30.0]), ("E", [0.0, 0.0])],
        1,
    );
    assert_eq!(found.best.rank, 2);
    assert!(!found.best.exact);
    // Where D only ties C on a, the programme's best lead is 0, a tie; C still dominates D, so
    // D is not reported as exactly able to be first, though a alone ties it for first.
    let tied = reach_of(
        &[("C", [60.0, 60.0]), ("D", [60.0, 30.0]), ("E", [0.0, 0.0])],
        1,
    );
    assert!(!tied.best.exact);
}
