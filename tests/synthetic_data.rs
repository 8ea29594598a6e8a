//! Lookups, validation and filters over generated datasets.

use ai_cities_index::domain::dataset::{Dataset, DatasetError};
use ai_cities_index::domain::filter::{CityFilter, SearchIndex};
use ai_cities_index::domain::synthetic;
use std::collections::BTreeSet;

#[test]
fn every_city_is_found_by_its_id_and_nothing_else_is() {
    let dataset = synthetic::generate(200, 3, 7);
    for (index, city) in dataset.cities().iter().enumerate() {
        assert_eq!(dataset.city_index(&city.id), Some(index));
    }
    assert_eq!(dataset.city_index("no-such-city"), None);
    assert_eq!(dataset.city_index(""), None);
}

#[test]
fn a_repeated_or_empty_id_is_refused() {
    let mut raw = synthetic::generate(20, 3, 7).raw().clone();
    raw.cities[12].id = raw.cities[4].id.clone();
    let id = raw.cities[4].id.clone();
    assert_eq!(
        Dataset::validate(raw.clone()),
        Err(DatasetError::DuplicateId { kind: "city", id })
    );
    raw.cities[12].id = String::new();
    assert!(matches!(
        Dataset::validate(raw),
        Err(DatasetError::Invalid { item, .. }) if item == "city"
    ));
}

#[test]
fn an_empty_filter_shows_every_city() {
    let dataset = synthetic::generate(20, 3, 4);
    assert_eq!(
        CityFilter::default().visible_cities(&dataset, &SearchIndex::new(&dataset)),
        (0..20).collect::<Vec<_>>()
    );
    assert!(!CityFilter::default().is_active());
}

#[test]
fn regions_and_search_narrow_the_cities() {
    let dataset = synthetic::generate(50, 3, 4);
    let region = dataset.cities()[0].region;
    let filter = CityFilter {
        regions: BTreeSet::from([region]),
        ..CityFilter::default()
    };
    let shown = filter.visible_cities(&dataset, &SearchIndex::new(&dataset));
    assert!(shown.contains(&0));
    assert!(shown.iter().all(|&c| dataset.cities()[c].region == region));
    let search = CityFilter {
        search: "city 17".into(),
        ..CityFilter::default()
    };
    assert_eq!(
        search.visible_cities(&dataset, &SearchIndex::new(&dataset)),
        vec![16]
    );
}
