//! Benchmarks of the pure core on synthetic data from the seeded generator: the scoring and
//! ranking kernel beside a simple lower bound (one pass over the values plus a sort), the
//! normalisation, the filter and the URL codec, at 61, 1,000, 10,000 and 100,000 cities; and
//! the rank bands at 61 cities × 15 indicators × 2,000 draws and 10,000 × 12 × 500, beside
//! their lower bound (the multiply-adds and one sort per draw); and, for each of 61 cities, the
//! best rank (whether it can be first) and the best and worst rank together.
//!
//! `cargo bench --bench core`

use std::hint::black_box;

use ai_cities_index::domain::bands::{BandRequest, MethodChoice, bands};
use ai_cities_index::domain::dataset::Dataset;
use ai_cities_index::domain::filter::{CityFilter, SearchIndex};
use ai_cities_index::domain::reach::{best_rank, reach};
use ai_cities_index::domain::score::{
    IndicatorScores, Method, NameOrder, RADIX_SORT_ABOVE, Weights, rank,
};
use ai_cities_index::domain::synthetic;
use ai_cities_index::domain::view_state::{ViewState, decode, encode};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

const SIZES: [usize; 4] = [61, 1_000, 10_000, 100_000];
const INDICATORS: usize = 12;
const SEED: u64 = 2026;

fn sliders() -> Vec<u8> {
    (0..INDICATORS).map(|i| (i % 4) as u8 * 3 + 1).collect()
}

/// The least any ranking must do: one weighted pass over the scores, then a sort of one key per
/// city by the cheaper of the kernels' sorts at its size: `sort_unstable` up to
/// [`RADIX_SORT_ABOVE`] keys, a radix sort by level above. The scores are a plain column-major
/// matrix, one column per indicator, and the pass is branch-free and runs down each column, as
/// the kernel's does: as cheap as a pass gets.
fn lower_bound(columns: &[f64], weights: &[f64], sums: &mut [(f64, f64)], keys: &mut Vec<u64>) {
    sums.fill((0.0, 0.0));
    for (column, &weight) in columns.chunks_exact(sums.len()).zip(weights) {
        for ((sum, covered), &score) in sums.iter_mut().zip(column) {
            let present = !score.is_nan();
            *sum += weight * if present { score } else { 0.0 };
            *covered += if present { weight } else { 0.0 };
        }
    }
    keys.clear();
    keys.extend(sums.iter().enumerate().map(|(city, &(sum, covered))| {
        let mean = if covered > 0.0 { sum / covered } else { 0.0 };
        ((1e8 - mean * 1e6) as u64) << 32 | city as u64
    }));
    if keys.len() > RADIX_SORT_ABOVE {
        radsort::sort_by_key(keys, |&key| (key >> 32) as u32);
    } else {
        keys.sort_unstable();
    }
}

fn ranking(c: &mut Criterion) {
    let mut group = c.benchmark_group("rank");
    for size in SIZES {
        let dataset = synthetic::generate(size, INDICATORS, SEED);
        let table = IndicatorScores::compute(dataset.indicators(), dataset.cities());
        let order = NameOrder::new(dataset.cities());
        let weights = Weights::from_sliders(&sliders());
        group.bench_with_input(BenchmarkId::new("kernel", size), &size, |b, &size| {
            b.iter(|| rank(black_box(&table), black_box(&weights), &order, 0..size, 0.5));
        });

        let columns: Vec<f64> = (0..INDICATORS)
            .flat_map(|i| (0..size).map(move |city| (city, i)))
            .map(|(city, i)| table.get(city, i).unwrap_or(f64::NAN))
            .collect();
        let mut sums = vec![(0.0, 0.0); size];
        let mut keys = Vec::with_capacity(size);
        group.bench_with_input(BenchmarkId::new("lower_bound", size), &size, |b, _| {
            b.iter(|| {
                lower_bound(
                    black_box(&columns),
                    black_box(weights.as_slice()),
                    &mut sums,
                    &mut keys,
                )
            });
        });
    }
    group.finish();
}

fn normalisation_and_filter(c: &mut Criterion) {
    let mut group = c.benchmark_group("prepare");
    for size in SIZES {
        let dataset = synthetic::generate(size, INDICATORS, SEED);
        group.bench_with_input(BenchmarkId::new("normalise", size), &size, |b, _| {
            b.iter(|| {
                IndicatorScores::compute(
                    black_box(dataset.indicators()),
                    black_box(dataset.cities()),
                )
            });
        });
        let filter = CityFilter {
            search: "city 1".into(),
            ..CityFilter::default()
        };
        let index = SearchIndex::new(&dataset);
        group.bench_with_input(BenchmarkId::new("search_filter", size), &size, |b, _| {
            b.iter(|| black_box(&filter).visible_cities(black_box(&dataset), &index));
        });
    }
    group.finish();
}

fn url_codec(c: &mut Criterion) {
    let dataset = synthetic::generate(61, INDICATORS, SEED);
    let mut state = ViewState::defaults(&dataset);
    state.weights = sliders();
    state.search = "san francisco".into();
    state.selected = Some("syn-7".into());
    let query = encode(&state, &dataset);
    c.bench_function("url/encode", |b| {
        b.iter(|| encode(black_box(&state), &dataset))
    });
    c.bench_function("url/decode", |b| {
        b.iter(|| decode(black_box(&query), &dataset))
    });
}

fn rank_bands(c: &mut Criterion) {
    let mut group = c.benchmark_group("bands");
    group.sample_size(10);
    for (cities, indicators, samples) in [(61, 15, 2_000), (10_000, 12, 500)] {
        let dataset = synthetic::generate(cities, indicators, SEED);
        let request = BandRequest {
            weights: (0..indicators).map(|i| (i % 4) as f64 + 1.0).collect(),
            method: MethodChoice::of(Method::default()),
            method_uncertainty: false,
            min_coverage: 0.5,
            concentration: 20.0,
            samples,
            seed: SEED,
            members: (0..cities as u32).collect(),
        };
        let label = format!("{cities}x{indicators}x{samples}");
        group.bench_function(BenchmarkId::new("bands", &label), |b| {
            b.iter(|| bands(black_box(&dataset), black_box(&request)))
        });
        let table = IndicatorScores::compute(dataset.indicators(), dataset.cities());
        let columns: Vec<f64> = (0..indicators)
            .flat_map(|i| (0..cities).map(move |city| (city, i)))
            .map(|(city, i)| table.get(city, i).unwrap_or(f64::NAN))
            .collect();
        let (mut sums, mut keys) = (vec![(0.0, 0.0); cities], Vec::with_capacity(cities));
        group.bench_function(BenchmarkId::new("lower_bound", &label), |b| {
            b.iter(|| {
                for _ in 0..samples {
                    lower_bound(&columns, &request.weights, &mut sums, &mut keys);
                }
            })
        });
    }
    group.finish();
}

/// Best and worst rank of every one of the bundled dataset's 61 cities (the generator's cities
/// all have gaps, so no indicator would be complete among them).
fn best_and_worst_ranks(c: &mut Criterion) {
    let dataset = Dataset::from_postcard(include_bytes!("../public/data/cities.bin"))
        .expect("the bundled dataset");
    let table = IndicatorScores::compute(dataset.indicators(), dataset.cities());
    let order = NameOrder::new(dataset.cities());
    let members: Vec<usize> = (0..dataset.cities().len()).collect();
    assert!(reach(&table, &order, 0, &members).is_some());
    // The budget's question: whether each city can be first, and its best rank if not.
    c.bench_function("reach/first place, 61 cities", |b| {
        b.iter(|| {
            for &city in &members {
                black_box(best_rank(&table, &order, city, &members));
            }
        })
    });
    c.bench_function("reach/best and worst, 61 cities", |b| {
        b.iter(|| {
            for &city in &members {
                black_box(reach(&table, &order, city, &members));
            }
        })
    });
}

criterion_group!(
    benches,
    ranking,
    normalisation_and_filter,
    url_codec,
    rank_bands,
    best_and_worst_ranks
);
criterion_main!(benches);
