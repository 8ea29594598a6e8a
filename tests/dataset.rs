//! The bundled dataset: it parses, it is complete and sourced, and it is exactly what the data
//! build makes from the public source files.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use ai_cities_index::dataset_build::{self, BuildError, BuildInputs, land};
use ai_cities_index::domain::dataset::{Dataset, Kind, Scope};
use ai_cities_index::domain::score::{IndicatorScores, NameOrder, Weights, rank};

const COMMITTED: &str = include_str!("../public/data/cities.json");
const COMMITTED_POSTCARD: &[u8] = include_bytes!("../public/data/cities.bin");
const COMMITTED_FULL_POSTCARD: &[u8] = include_bytes!("../public/data/cities-full.bin");

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

/// Whether the shared raw data is there for a test that needs it. Under CI (`CI` set) it must
/// be, so its absence fails the test; elsewhere the test says it was skipped.
fn shared_data_present(test: &str) -> bool {
    if shared_dir().join("data/PROVENANCE.md").exists() && shared_dir().join("seeds").exists() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test} needs ../shared (or $AI_CITIES_SHARED), which CI provides"
    );
    eprintln!("skipped {test}: ../shared is not present");
    false
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
        0.5,
    );
    assert!(ranking.entries.iter().all(|entry| entry.rank.is_some()));
}

#[test]
fn the_committed_files_equal_a_fresh_build() {
    if !shared_data_present("the_committed_files_equal_a_fresh_build") {
        return;
    }
    let built = dataset_build::build(&inputs(Path::new(env!("CARGO_MANIFEST_DIR")).join("data")))
        .expect("the build succeeds");
    assert!(
        dataset_build::to_json(&built) == COMMITTED,
        "run `cargo run --bin build-dataset`"
    );
    assert!(
        built.to_postcard() == COMMITTED_FULL_POSTCARD,
        "cities-full.bin is stale: run `cargo run --bin build-dataset`"
    );
    assert!(
        built.first_view().to_postcard() == COMMITTED_POSTCARD,
        "cities.bin is stale: run `cargo run --bin build-dataset`"
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
    if !shared_data_present("the_build_refuses_a_non_commercial_input") {
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
    if !shared_data_present("the_build_refuses_a_quote_the_article_does_not_contain") {
        return;
    }
    let result = build_with_altered_input("seed_articles.json", "£54,617", "£64,617");
    assert!(
        matches!(result, Err(BuildError::Input { .. })),
        "{result:?}"
    );
}

#[test]
fn the_defaults_and_presets_weigh_no_country_figure_unless_their_name_says_so() {
    let data = dataset();
    let national: Vec<usize> = (0..data.indicators().len())
        .filter(|&i| data.indicators()[i].scope == Scope::National)
        .collect();
    assert!(!national.is_empty());
    let defaults = data.default_weights();
    assert!(national.iter().all(|&i| defaults[i] == 0), "the defaults");
    for preset in data.presets() {
        let weighs_national = national.iter().any(|&i| preset.weights[i] > 0);
        let says_so = preset.label.contains("country figures");
        assert!(
            !weighs_national || says_so,
            "preset {} weighs country figures",
            preset.id
        );
    }
}

#[test]
fn every_default_weight_states_its_reason() {
    for indicator in dataset().indicators() {
        assert!(
            indicator
                .weight_reason
                .starts_with(&format!("{}: ", indicator.default_weight)),
            "{}",
            indicator.id
        );
    }
}

#[test]
fn sources_without_a_licence_say_so_in_the_same_words() {
    const WORDS: &str = "no licence stated by the source; this site redistributes only aggregated counts, with attribution";
    let data = dataset();
    for id in ["paperlists", "cb_insights_unicorns", "top500"] {
        assert_eq!(data.source(id).expect("the source").licence, WORDS, "{id}");
    }
    for indicator in data.indicators() {
        let source = data.source(&indicator.source).expect("the source");
        assert_eq!(indicator.licence, source.licence, "{}", indicator.id);
    }
}

#[test]
fn top_list_indicators_are_complete_and_within_their_size() {
    let data = dataset();
    for (column, indicator) in data.indicators().iter().enumerate() {
        let Kind::TopList { size } = indicator.kind else {
            continue;
        };
        let values: Vec<Option<f64>> = data.cities().iter().map(|c| c.values[column]).collect();
        assert!(
            values
                .iter()
                .all(|v| v.is_some_and(|v| (0.0..=f64::from(size)).contains(&v)))
        );
        let listed = values.iter().filter(|v| v.is_some_and(|v| v > 0.0)).count();
        assert_eq!(
            listed,
            usize::from(size),
            "{} lists {size} cities",
            indicator.id
        );
    }
}

#[test]
fn the_company_hq_part_of_a_research_count_lies_within_it_and_the_institutions_add_up() {
    let data = dataset();
    let counted = data
        .indicators()
        .iter()
        .position(|i| Some(&i.id) == data.raw().institutions.as_ref().map(|m| &m.indicator))
        .expect("the institutions break down an indicator");
    for city in data.cities() {
        let Some(total) = city.values[counted] else {
            continue;
        };
        let listed: f64 = city.institutions.iter().map(|i| i.papers).sum();
        let others = city.other_institutions_papers.unwrap_or(0.0);
        assert!(
            (listed + others - total).abs() <= 0.01 * (city.institutions.len() + 2) as f64,
            "{}",
            city.id
        );
    }
}

#[test]
fn most_cities_have_a_catchment_population() {
    let with = dataset()
        .cities()
        .iter()
        .filter(|c| c.population.is_some())
        .count();
    assert_eq!(
        with, 59,
        "Cambridge (UK) and Kyoto have no UN agglomeration of their own"
    );
}

#[test]
fn the_app_s_postcard_files_hold_the_committed_json_dataset() {
    assert_eq!(
        Dataset::from_postcard(COMMITTED_FULL_POSTCARD),
        Ok(dataset())
    );
    assert_eq!(
        Dataset::from_postcard(COMMITTED_POSTCARD),
        Ok(dataset().first_view())
    );
}

#[test]
fn the_methodology_states_the_coverage_default_and_lists_each_insert_once() {
    use ai_cities_index::domain::score::DEFAULT_MIN_COVERAGE_PERCENT;
    let data = dataset();
    let text: String = data
        .raw()
        .methodology
        .iter()
        .flat_map(|s| s.paragraphs.iter().map(|p| p.text.as_str()))
        .collect();
    assert!(text.contains(&format!("The default is {DEFAULT_MIN_COVERAGE_PERCENT}%")));
    let inserts: Vec<_> = data
        .raw()
        .methodology
        .iter()
        .filter_map(|s| s.insert)
        .collect();
    assert_eq!(inserts.len(), 3);
    assert!(
        data.first_view().raw().methodology.is_empty(),
        "the first view leaves it out"
    );
}
