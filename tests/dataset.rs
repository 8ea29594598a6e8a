//! The bundled dataset: it parses, it is complete and sourced, and it is exactly what the data
//! build makes from the public source files.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use ai_cities_index::dataset_build::{self, BuildError, BuildInputs, land};
use ai_cities_index::domain::dataset::{Dataset, Scope};
use ai_cities_index::domain::score::{IndicatorScores, NameOrder, Weights, rank};

const COMMITTED: &str = include_str!("../public/data/cities.json");

fn dataset() -> Dataset {
    Dataset::from_json(COMMITTED).expect("the committed dataset is valid")
}

/// The shared raw data: `$AI_CITIES_SHARED`, or `../shared` beside the checkout.
fn shared_dir() -> PathBuf {
    match std::env::var_os("AI_CITIES_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    }
}

fn inputs(curated_dir: PathBuf) -> BuildInputs {
    BuildInputs {
        curated_dir,
        source_dir: shared_dir().join("data"),
        seeds_dir: shared_dir().join("seeds"),
    }
}

#[test]
fn the_committed_dataset_parses_and_holds_the_61_cities() {
    let data = dataset();
    assert_eq!(data.cities().len(), 61);
    assert!(!data.is_synthetic());
    let ids: HashSet<&str> = data.cities().iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), 61, "city ids are unique");
}

#[test]
fn every_indicator_has_a_source_with_licence_and_a_year() {
    let data = dataset();
    for indicator in data.indicators() {
        let source = data.source(&indicator.source).expect("the source exists");
        assert!(!source.licence.trim().is_empty(), "{}", indicator.id);
        assert!(!source.url.trim().is_empty(), "{}", indicator.id);
        assert!((2000..=2026).contains(&indicator.year), "{}", indicator.id);
        assert!(
            !indicator.caveats.is_empty(),
            "{} states its caveats",
            indicator.id
        );
    }
}

#[test]
fn coordinates_are_on_the_globe_and_values_are_plausible() {
    let data = dataset();
    for city in data.cities() {
        assert!((-90.0..=90.0).contains(&city.lat) && (-180.0..=180.0).contains(&city.lon));
        for (indicator, value) in data.indicators().iter().zip(&city.values) {
            if let Some(value) = value {
                assert!(
                    indicator.plausible_range.contains(*value),
                    "{} {}",
                    city.id,
                    indicator.id
                );
            }
        }
    }
}

#[test]
fn every_seed_city_is_present_and_every_fact_names_its_article() {
    let data = dataset();
    let seeded: HashSet<&str> = data
        .articles()
        .iter()
        .flat_map(|a| a.city_list.iter().map(String::as_str))
        .collect();
    assert_eq!(seeded.len(), 14, "the seed lists name 14 distinct cities");
    for id in &seeded {
        let city = &data.cities()[data.city_index(id).expect("seed city present")];
        assert!(!city.facts.is_empty(), "{id} has the articles' statements");
    }
    for fact in data.cities().iter().flat_map(|c| &c.facts) {
        assert!(data.article(&fact.article).is_some());
    }
}

#[test]
fn national_indicators_repeat_one_value_per_country() {
    let data = dataset();
    for (column, indicator) in data.indicators().iter().enumerate() {
        if indicator.scope != Scope::National {
            continue;
        }
        for a in data.cities() {
            for b in data.cities().iter().filter(|b| b.country == a.country) {
                assert_eq!(
                    a.values[column], b.values[column],
                    "{} {}",
                    indicator.id, a.country
                );
            }
        }
    }
}

#[test]
fn nothing_derived_from_csrankings_ships() {
    let data = dataset();
    for source in data.sources() {
        assert!(
            !source.name.to_lowercase().contains("csrankings"),
            "{}",
            source.id
        );
        assert!(
            !source.url.to_lowercase().contains("csrankings"),
            "{}",
            source.id
        );
    }
}

#[test]
fn the_default_weights_rank_every_city() {
    let data = dataset();
    let table = IndicatorScores::compute(data.indicators(), data.cities());
    let ranking = rank(
        &table,
        &Weights::from_sliders(&data.default_weights()),
        &NameOrder::new(data.cities()),
        0..data.cities().len(),
    );
    assert!(ranking.entries.iter().all(|entry| entry.rank.is_some()));
}

#[test]
fn the_committed_files_equal_a_fresh_build() {
    if !shared_dir().join("data/PROVENANCE.md").exists() {
        eprintln!("skipped: ../shared/data is not present");
        return;
    }
    let built = dataset_build::build(&inputs(Path::new(env!("CARGO_MANIFEST_DIR")).join("data")))
        .expect("the build succeeds");
    assert!(
        dataset_build::to_json(&built) == COMMITTED,
        "run `cargo run --bin build-dataset`"
    );

    let atlas =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/world-atlas/land-110m.json");
    if let Ok(topojson) = std::fs::read_to_string(atlas) {
        let committed = include_str!("../public/data/land.svg");
        assert!(
            land::land_svg(&topojson).expect("valid atlas") == committed,
            "land.svg is stale"
        );
    }
}

/// Builds from a copy of the curated inputs in which `file` has its first `from` replaced by
/// `to`; the copy is removed afterwards.
fn build_with_altered_input(file: &str, from: &str, to: &str) -> Result<Dataset, BuildError> {
    let curated = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let scratch = std::env::temp_dir().join(format!(
        "aci-{}-{}",
        file.trim_end_matches(".json"),
        std::process::id()
    ));
    std::fs::create_dir_all(&scratch).expect("temp dir");
    for name in ["metadata.json", "seed_articles.json"] {
        let text = std::fs::read_to_string(curated.join(name)).expect("curated input");
        let text = if name == file {
            let altered = text.replacen(from, to, 1);
            assert_ne!(text, altered, "{from:?} is in {file}");
            altered
        } else {
            text
        };
        std::fs::write(scratch.join(name), text).expect("write");
    }
    let result = dataset_build::build(&inputs(scratch.clone()));
    std::fs::remove_dir_all(&scratch).ok();
    result
}

#[test]
fn the_build_refuses_a_non_commercial_input() {
    if !shared_dir().join("data/PROVENANCE.md").exists() {
        return;
    }
    let result = build_with_altered_input(
        "metadata.json",
        "\"licence\": \"CC0 1.0\"",
        "\"licence\": \"CC BY-NC-ND 4.0\"",
    );
    assert!(
        matches!(result, Err(BuildError::Licence { .. })),
        "{result:?}"
    );
}

#[test]
fn the_build_refuses_a_quote_the_article_does_not_contain() {
    if !shared_dir().join("seeds").exists() {
        return;
    }
    let result = build_with_altered_input("seed_articles.json", "£54,617", "£64,617");
    assert!(
        matches!(result, Err(BuildError::Input { .. })),
        "{result:?}"
    );
}
