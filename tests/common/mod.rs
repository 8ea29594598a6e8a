//! Small hand-made datasets for the integration tests.

use ai_cities_index::domain::dataset::{
    City, Dataset, Direction, Group, Indicator, Kind, PlausibleRange, RawDataset, Region,
    SCHEMA_VERSION, Scope, Source, Transform,
};

/// A city-scope count indicator `id`, weight 1 by default.
pub fn indicator(id: &str, direction: Direction, transform: Transform) -> Indicator {
    Indicator {
        id: id.into(),
        code: id.chars().filter(char::is_ascii_lowercase).collect(),
        label: id.into(),
        group: Group::Research,
        unit: "units".into(),
        scope: Scope::City,
        period: "2025".into(),
        year: 2025,
        direction,
        transform,
        kind: Kind::Count,
        default_weight: 1,
        weight_reason: String::new(),
        description: "test".into(),
        source: "test".into(),
        source_url: "#".into(),
        licence: "CC0".into(),
        caveats: vec![],
        plausible_range: PlausibleRange {
            min: 0.0,
            max: 1e12,
        },
    }
}

/// A valid dataset of `indicators` and cities named in `rows`, each with its values.
pub fn dataset(indicators: Vec<Indicator>, rows: Vec<(&str, Vec<Option<f64>>)>) -> Dataset {
    let cities = rows
        .into_iter()
        .map(|(name, values)| City {
            id: name.to_lowercase(),
            name: name.into(),
            country: "XX".into(),
            country_name: "Testland".into(),
            region: Region::Europe,
            lat: 0.0,
            lon: 0.0,
            values,
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
        indicators,
        sources: vec![Source {
            id: "test".into(),
            name: "test".into(),
            url: "#".into(),
            licence: "CC0".into(),
            revision: "1".into(),
            retrieved: "2026-11-22".into(),
            usage: "test".into(),
        }],
        articles: vec![],
        presets: vec![],
        population: None,
        institutions: None,
        methodology: vec![],
        cities,
    })
    .expect("valid test dataset")
}
