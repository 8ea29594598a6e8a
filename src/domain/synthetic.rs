//! Synthetic datasets for stress mode, benchmarks and tests.
//!
//! Everything here is made up on purpose and says so: the dataset is flagged
//! [`synthetic`](super::dataset::RawDataset::synthetic), every city is named "Synthetic city N",
//! and every source is the generator itself. It is never mixed with the real dataset. The
//! generator is a seeded SplitMix64, so the same `(cities, indicators, seed)` always gives the
//! same dataset, in the browser and natively.

use super::dataset::{
    City, Dataset, Direction, Group, Indicator, Kind, PlausibleRange, RawDataset, Region,
    SCHEMA_VERSION, Scope, Source, Transform,
};

/// The id of the only source a synthetic dataset cites.
pub const SYNTHETIC_SOURCE: &str = "synthetic";

/// Where the generator's algorithm is described.
const SYNTHETIC_URL: &str = "https://en.wikipedia.org/wiki/Xorshift#splitmix64";

/// What stands in for a licence on generated figures.
const SYNTHETIC_LICENCE: &str = "Generated; not a measurement";

/// A small, seeded pseudo-random generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator that starts from `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in `[0, 1)`.
    pub fn next_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const GROUPS: [Group; 5] = [
    Group::Research,
    Group::Industry,
    Group::TalentAndJobs,
    Group::CountryContext,
    Group::Recognition,
];

/// How many indicators the synthetic datasets of stress mode have.
pub const STRESS_INDICATORS: usize = 12;

/// The seed of stress mode's generator, so a stress link always shows the same cities.
pub const STRESS_SEED: u64 = 2026;

/// Stress mode's dataset of `city_count` cities: the page and the analysis worker each make it
/// from the link, and get the same one.
pub fn stress(city_count: usize) -> Dataset {
    generate(city_count, STRESS_INDICATORS, STRESS_SEED)
}

/// Generates a synthetic dataset of `city_count` cities and `indicator_count` indicators.
///
/// About one value in ten is missing, every third indicator is log-transformed and every fifth
/// is lower-is-better, so the generated data exercises every branch of the scoring.
///
/// ```
/// let dataset = ai_cities_index::domain::synthetic::generate(100, 12, 1);
/// assert_eq!(dataset.cities().len(), 100);
/// assert!(dataset.is_synthetic());
/// ```
pub fn generate(city_count: usize, indicator_count: usize, seed: u64) -> Dataset {
    let mut random = SplitMix64::new(seed);
    let indicators: Vec<Indicator> = (0..indicator_count)
        .map(|i| Indicator {
            id: format!("synthetic_{i}"),
            code: letters_code(i),
            label: format!("Synthetic indicator {}", i + 1),
            group: GROUPS[i % GROUPS.len()],
            unit: "synthetic units".into(),
            scope: if i % 4 == 3 {
                Scope::National
            } else {
                Scope::City
            },
            period: "synthetic".into(),
            year: 2026,
            direction: if i % 5 == 4 {
                Direction::LowerIsBetter
            } else {
                Direction::HigherIsBetter
            },
            transform: if i % 3 == 0 {
                Transform::Log
            } else {
                Transform::Linear
            },
            kind: if i % 4 == 3 {
                Kind::Measure
            } else {
                Kind::Count
            },
            default_weight: 1 + (i % 3) as u8,
            weight_reason: String::new(),
            description: "A generated value, not a measurement.".into(),
            source: SYNTHETIC_SOURCE.into(),
            source_url: SYNTHETIC_URL.into(),
            licence: SYNTHETIC_LICENCE.into(),
            caveats: vec!["Synthetic: generated for stress testing.".into()],
            plausible_range: PlausibleRange { min: 0.0, max: 1e9 },
        })
        .collect();
    let cities = (0..city_count)
        .map(|c| {
            let values = (0..indicator_count)
                .map(|_| {
                    let missing = random.next_unit() < 0.1;
                    let value = (random.next_unit() * 12.0).exp() - 1.0;
                    (!missing).then_some(value.max(0.0))
                })
                .collect();
            let lat = random.next_unit() * 120.0 - 55.0;
            let lon = random.next_unit() * 360.0 - 180.0;
            let region = Region::ALL[(random.next_u64() % Region::ALL.len() as u64) as usize];
            City {
                id: format!("syn-{c}"),
                name: format!("Synthetic city {}", c + 1),
                country: "XX".into(),
                country_name: "Synthetic".into(),
                region,
                lat,
                lon,
                values,
                catchment_note: None,
                facts: Vec::new(),
                population: (random.next_unit() >= 0.05)
                    .then(|| (random.next_unit() * 10.0).exp() * 1e4),
                population_components: None,
                placed_at_company_hq: Vec::new(),
                institutions: Vec::new(),
                other_institutions_papers: None,
            }
        })
        .collect();
    let raw = RawDataset {
        schema_version: SCHEMA_VERSION,
        edition: format!("synthetic, {city_count} cities, seed {seed}"),
        synthetic: true,
        indicators,
        sources: vec![Source {
            id: SYNTHETIC_SOURCE.into(),
            name: "Seeded generator (synthetic data)".into(),
            url: SYNTHETIC_URL.into(),
            licence: SYNTHETIC_LICENCE.into(),
            revision: format!("seed {seed}"),
            retrieved: "generated".into(),
            usage: "Stress testing only".into(),
        }],
        articles: Vec::new(),
        presets: Vec::new(),
        population: None,
        institutions: None,
        methodology: Vec::new(),
        cities,
    };
    match Dataset::validate(raw) {
        Ok(dataset) => dataset,
        // The error's Display, not its Debug: `expect` would link `DatasetError`'s Debug impl
        // into the wasm for a message that never shows.
        Err(error) => panic!("the generator made an invalid dataset: {error}"),
    }
}

/// `a`, `b`, …, `z`, `ba`, `bb`, …: a letters-only code for indicator `index`.
pub(crate) fn letters_code(mut index: usize) -> String {
    let mut code = String::new();
    loop {
        code.insert(0, char::from(b'a' + (index % 26) as u8));
        index /= 26;
        if index == 0 {
            break code;
        }
    }
}

/// A small generated dataset whose names, labels, sources, notes, article and quote are markup
/// and script, and whose addresses are `javascript:`: for the tests that everything written
/// from data as HTML keeps it as text.
#[cfg(test)]
pub fn with_markup() -> Dataset {
    let mut raw = generate(3, 3, 5).raw().clone();
    raw.indicators[0].label = "<script>alert(1)</script>".into();
    raw.sources[0].url = "javascript:alert(1)".into();
    raw.sources[0].name = "<img src=x onerror=alert(1)>".into();
    for indicator in &mut raw.indicators {
        indicator.source_url = raw.sources[0].url.clone();
    }
    raw.cities[0].name = "<b onmouseover=alert(1)>".into();
    raw.cities[0].catchment_note = Some("<iframe src=x>".into());
    raw.articles = vec![super::dataset::Article {
        id: "A".into(),
        title: "<svg onload=alert(1)>".into(),
        publisher: "Publisher".into(),
        published: "2025".into(),
        url: Some("javascript:alert(1)".into()),
        city_list: Vec::new(),
    }];
    raw.cities[0].facts = vec![super::dataset::SeedFact {
        article: "A".into(),
        quote: "</blockquote><script>alert(1)</script>".into(),
    }];
    match Dataset::validate(raw) {
        Ok(dataset) => dataset,
        Err(error) => panic!("not a valid dataset: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_dataset() {
        assert_eq!(generate(50, 6, 9), generate(50, 6, 9));
        assert_ne!(generate(50, 6, 9), generate(50, 6, 10));
    }

    #[test]
    fn indicator_codes_are_unique_letters() {
        let codes: std::collections::HashSet<String> = (0..800).map(letters_code).collect();
        assert_eq!(codes.len(), 800);
        assert!(
            codes
                .iter()
                .all(|c| c.bytes().all(|b| b.is_ascii_lowercase()))
        );
    }
}
