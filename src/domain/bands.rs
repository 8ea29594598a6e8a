//! Rank bands: how much a city's rank depends on the weights and the method (SMAA-style rank
//! acceptability).
//!
//! Weight vectors are drawn around the current weights from a Dirichlet distribution over the
//! weighted indicators, `Dirichlet(1 + c · p)`, where `p` is the current weights' share of
//! their total and `c` the concentration: at `c = 0` every mix of the weighted indicators is
//! equally likely ("any weights"), and as `c` grows the draws close in on the current weights
//! ("nearby"). With method uncertainty on, each draw also picks a normalisation and an
//! aggregation at random. Every draw is ranked as the page ranks, coverage rule included, and
//! each city gets the 5th, 50th and 95th percentile of its ranks and its share of draws at
//! first place. The generator is seeded, so the same view always gives the same bands.

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Gamma};
use serde::{Deserialize, Serialize};

use super::dataset::Dataset;
use super::score::{Aggregation, IndicatorScores, Method, NameOrder, Normalisation, Weights, rank};

/// What to compute bands for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandRequest {
    /// The view's weights, one per indicator, already on the view's basis.
    pub weights: Vec<f64>,
    /// The view's method.
    pub method: MethodChoice,
    /// Whether each draw also picks a normalisation and an aggregation.
    pub method_uncertainty: bool,
    /// The coverage rule's minimum share of the weight, 0–1.
    pub min_coverage: f64,
    /// The Dirichlet concentration `c`, 0 ("any weights") and up.
    pub concentration: f64,
    /// How many weight vectors to draw.
    pub samples: u32,
    /// The generator's seed.
    pub seed: u64,
    /// The cities to rank, indices into the dataset.
    pub members: Vec<u32>,
}

/// A [`Method`] as the worker's messages carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodChoice {
    /// Counts per million inhabitants.
    pub per_capita: bool,
    /// The index of the normalisation in [`Normalisation::ALL`].
    pub normalisation: u8,
    /// The index of the aggregation in [`Aggregation::ALL`].
    pub aggregation: u8,
}

impl MethodChoice {
    /// The choice of `method`.
    pub fn of(method: Method) -> MethodChoice {
        let position = |found: Option<usize>| found.map_or(0, |p| p as u8);
        MethodChoice {
            per_capita: method.basis == super::score::Basis::PerMillion,
            normalisation: position(
                Normalisation::ALL
                    .iter()
                    .position(|&n| n == method.normalisation),
            ),
            aggregation: position(
                Aggregation::ALL
                    .iter()
                    .position(|&a| a == method.aggregation),
            ),
        }
    }

    /// The method it stands for.
    pub fn method(self) -> Method {
        Method {
            basis: if self.per_capita {
                super::score::Basis::PerMillion
            } else {
                super::score::Basis::Absolute
            },
            normalisation: Normalisation::ALL
                .get(usize::from(self.normalisation))
                .copied()
                .unwrap_or_default(),
            aggregation: Aggregation::ALL
                .get(usize::from(self.aggregation))
                .copied()
                .unwrap_or_default(),
        }
    }
}

/// One city's band.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Band {
    /// The city's index in the dataset.
    pub city: u32,
    /// The 5th percentile of its ranks (its better end).
    pub best: u32,
    /// The median rank.
    pub median: u32,
    /// The 95th percentile (its worse end).
    pub worst: u32,
    /// The share of draws that put it first, 0–1.
    pub first_share: f64,
    /// The share of draws that ranked it at all, 0–1.
    pub ranked_share: f64,
}

/// The bands of every city that some draw ranked, in city order.
pub fn bands(dataset: &Dataset, request: &BandRequest) -> Vec<Band> {
    let methods: Vec<Method> = if request.method_uncertainty {
        Normalisation::ALL
            .iter()
            .flat_map(|&normalisation| {
                Aggregation::ALL.iter().map(move |&aggregation| Method {
                    normalisation,
                    aggregation,
                    ..request.method.method()
                })
            })
            .collect()
    } else {
        vec![request.method.method()]
    };
    let tables: Vec<IndicatorScores> = methods
        .iter()
        .map(|&method| {
            IndicatorScores::compute_with(method, dataset.indicators(), dataset.cities())
        })
        .collect();
    let order = NameOrder::new(dataset.cities());
    let city_count = dataset.cities().len();
    let members: Vec<usize> = request
        .members
        .iter()
        .map(|&c| c as usize)
        .filter(|&c| c < city_count)
        .collect();

    let total: f64 = request
        .weights
        .iter()
        .filter(|w| w.is_finite() && **w > 0.0)
        .sum();
    let weighted: Vec<usize> = (0..request.weights.len())
        .filter(|&i| request.weights[i].is_finite() && request.weights[i] > 0.0)
        .collect();
    if total <= 0.0 || members.is_empty() {
        return Vec::new();
    }
    let concentration = request.concentration.max(0.0);
    let gammas: Vec<Option<Gamma<f64>>> = weighted
        .iter()
        .map(|&i| Gamma::new(1.0 + concentration * request.weights[i] / total, 1.0).ok())
        .collect();

    let mut rng = SmallRng::seed_from_u64(request.seed);
    let mut ranks: Vec<Vec<u32>> = vec![Vec::new(); city_count];
    let mut firsts = vec![0_u32; city_count];
    let mut draw = vec![0.0; request.weights.len()];
    let samples = request.samples.max(1);
    for _ in 0..samples {
        draw.iter_mut().for_each(|w| *w = 0.0);
        for (&i, gamma) in weighted.iter().zip(&gammas) {
            draw[i] = gamma.map_or(1.0, |g| g.sample(&mut rng));
        }
        let table = &tables[rng.random_range(0..tables.len())];
        let ranking = rank(
            table,
            &Weights::from_values(draw.iter().copied()),
            &order,
            members.iter().copied(),
            request.min_coverage,
        );
        for entry in &ranking.entries {
            if let Some(r) = entry.rank {
                ranks[entry.city].push(r);
                if r == 1 {
                    firsts[entry.city] += 1;
                }
            }
        }
    }
    let percentile = |sorted: &[u32], p: f64| {
        let at = ((sorted.len() - 1) as f64 * p).round() as usize;
        sorted[at.min(sorted.len() - 1)]
    };
    ranks
        .into_iter()
        .enumerate()
        .filter(|(_, city_ranks)| !city_ranks.is_empty())
        .map(|(city, mut city_ranks)| {
            city_ranks.sort_unstable();
            Band {
                city: city as u32,
                best: percentile(&city_ranks, 0.05),
                median: percentile(&city_ranks, 0.5),
                worst: percentile(&city_ranks, 0.95),
                first_share: f64::from(firsts[city]) / f64::from(samples),
                ranked_share: city_ranks.len() as f64 / f64::from(samples),
            }
        })
        .collect()
}

/// How many weight vectors a query draws for a dataset of `cities`: 2,000 for the bundled
/// dataset's size, fewer for stress mode's thousands, so an answer comes within a second.
pub fn samples_for(cities: usize) -> u32 {
    if cities <= 1_000 { 2_000 } else { 200 }
}

/// The Dirichlet concentration of each step of the band-spread control, from "nearby" (0) to
/// "any weights" (the last).
pub const SPREAD_CONCENTRATIONS: [f64; 5] = [200.0, 50.0, 15.0, 4.0, 0.0];

/// The spread step a view starts with.
pub const DEFAULT_SPREAD: u8 = 2;
