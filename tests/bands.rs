//! Rank bands: deterministic, and tight around the current ranking when the draws stay near
//! its weights.

use ai_cities_index::domain::bands::{BandRequest, MethodChoice, bands};
use ai_cities_index::domain::dataset::Dataset;
use ai_cities_index::domain::score::{IndicatorScores, Method, NameOrder, Weights, rank};

const COMMITTED: &[u8] = include_bytes!("../public/data/cities.bin");

fn request(dataset: &Dataset, concentration: f64, seed: u64) -> BandRequest {
    BandRequest {
        weights: dataset
            .default_weights()
            .iter()
            .map(|&w| f64::from(w))
            .collect(),
        method: MethodChoice::of(Method::default()),
        method_uncertainty: false,
        min_coverage: 0.5,
        concentration,
        samples: 400,
        seed,
        members: (0..dataset.cities().len() as u32).collect(),
    }
}

#[test]
fn the_same_seed_gives_the_same_bands_and_another_seed_may_not() {
    let dataset = Dataset::from_postcard(COMMITTED).expect("the dataset");
    let seeded = |seed| bands(&dataset, &request(&dataset, 5.0, seed));
    let once = seeded(7);
    assert_eq!(once, seeded(7));
    assert_eq!(once.len(), dataset.cities().len());
    assert_ne!(once, seeded(8));
}

#[test]
fn with_a_high_concentration_every_band_holds_the_current_rank() {
    let dataset = Dataset::from_postcard(COMMITTED).expect("the dataset");
    let table = IndicatorScores::compute(dataset.indicators(), dataset.cities());
    let weights = Weights::from_sliders(&dataset.default_weights());
    let order = NameOrder::new(dataset.cities());
    let current = rank(&table, &weights, &order, 0..dataset.cities().len(), 0.5)
        .rank_by_city(dataset.cities().len());
    for band in bands(&dataset, &request(&dataset, 100_000.0, 1)) {
        let now = current[band.city as usize].expect("every city is ranked by default");
        assert!(
            band.best <= now && now <= band.worst,
            "{band:?} against rank {now}"
        );
        assert!(band.best <= band.median && band.median <= band.worst);
    }
}

#[test]
fn any_weights_spread_the_bands_and_shares_at_first_add_up() {
    let dataset = Dataset::from_postcard(COMMITTED).expect("the dataset");
    let mut any = request(&dataset, 0.0, 3);
    any.method_uncertainty = true;
    let found = bands(&dataset, &any);
    assert!(
        found.iter().any(|b| b.worst > b.best + 5),
        "some rank moves with the weights"
    );
    let firsts: f64 = found.iter().map(|b| b.first_share).sum();
    assert!(
        firsts >= 1.0 - 1e-9,
        "each draw has a first, ties give several: {firsts}"
    );
}
