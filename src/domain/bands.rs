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
use super::score::{
    Aggregation, IndicatorScores, Method, Normalisation, RankBuffers, Weights, rank_each,
};

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

/// The score tables that `request`'s draws rank with, each with its method: the view's
/// method alone, or with method uncertainty every normalisation and aggregation on the view's
/// basis, the view's own among them.
pub fn method_tables(dataset: &Dataset, request: &BandRequest) -> Vec<(Method, IndicatorScores)> {
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
    methods
        .into_iter()
        .map(|method| {
            let table =
                IndicatorScores::compute_with(method, dataset.indicators(), dataset.cities());
            (method, table)
        })
        .collect()
}

/// The bands of every city that some draw ranked, in city order.
pub fn bands(dataset: &Dataset, request: &BandRequest) -> Vec<Band> {
    bands_from(&method_tables(dataset, request), request)
}

/// [`bands`] over the tables [`method_tables`] gave, for a caller that also needs one of them.
pub fn bands_from(tables: &[(Method, IndicatorScores)], request: &BandRequest) -> Vec<Band> {
    let Some(city_count) = tables.first().map(|(_, table)| table.city_count()) else {
        return Vec::new();
    };
    let mut members: Vec<usize> = request
        .members
        .iter()
        .map(|&c| c as usize)
        .filter(|&c| c < city_count)
        .collect();
    members.sort_unstable();
    members.dedup();

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
    let samples = request.samples.max(1);
    let mut tally = RankTally::new(members.len(), samples);
    let mut draw = Weights::from_values(vec![0.0; request.weights.len()]);
    let mut values = vec![0.0; request.weights.len()];
    let mut buffers = RankBuffers::default();
    for sample in 0..samples as usize {
        for (&i, gamma) in weighted.iter().zip(&gammas) {
            values[i] = gamma.map_or(1.0, |g| g.sample(&mut rng));
        }
        draw.refill(values.iter().copied());
        let (_, table) = &tables[rng.random_range(0..tables.len())];
        rank_each(
            table,
            &draw,
            &members,
            request.min_coverage,
            &mut buffers,
            |slot, rank| tally.record(sample, slot, rank),
        );
    }
    tally.bands(&members)
}

/// Each member's ranks over the draws, kept as compactly as the query allows.
enum Ranks {
    /// Where there are no more members than draws, so that the counts take no more room than
    /// the ranks would: `counts[slot · (members + 1) + rank]`, how many draws gave the member
    /// in that slot that rank. A percentile is then read off the counts, with no sort.
    Counts(Vec<u32>),
    /// Otherwise the ranks themselves, one row of members per draw, `ranks[draw · members +
    /// slot]`, 0 where the draw did not rank the member. Each draw writes its own row, which
    /// stays in cache; a row per member would take a cache miss for every rank written.
    ByDraw(Vec<u32>),
}

/// The ranks of the draws so far, of the members by their slot: their place among the members.
struct RankTally {
    members: usize,
    samples: usize,
    ranks: Ranks,
}

/// How many members' ranks [`RankTally::bands`] reads at a time from each row of draws: 4
/// cache lines of 64 bytes, so that each visit to a row's memory page reads several lines.
const MEMBERS_PER_READ: usize = 64;

impl RankTally {
    fn new(members: usize, samples: u32) -> RankTally {
        RankTally::with_layout(members, samples, members > samples as usize)
    }

    /// A tally of `members` members that keeps the ranks by draw, or counts them.
    fn with_layout(members: usize, samples: u32, by_draw: bool) -> RankTally {
        let (count, samples) = (members, samples as usize);
        RankTally {
            members: count,
            samples,
            ranks: if by_draw {
                Ranks::ByDraw(vec![0; count * samples])
            } else {
                Ranks::Counts(vec![0; count * (count + 1)])
            },
        }
    }

    /// Records that draw `sample` ranked the member in `slot` at `rank`, from 1 to the number
    /// of members; anything else is no rank of theirs, and is left out.
    fn record(&mut self, sample: usize, slot: usize, rank: u32) {
        let members = self.members;
        if slot >= members || rank == 0 || rank as usize > members {
            return;
        }
        match &mut self.ranks {
            Ranks::Counts(counts) => counts[slot * (members + 1) + rank as usize] += 1,
            Ranks::ByDraw(ranks) => {
                if let Some(kept) = ranks.get_mut(sample * members + slot) {
                    *kept = rank;
                }
            }
        }
    }

    /// The band of each of `members`, in their order, that some draw ranked.
    fn bands(&self, members: &[usize]) -> Vec<Band> {
        let mut found = Vec::with_capacity(members.len());
        match &self.ranks {
            Ranks::Counts(counts) => {
                for (row, &city) in counts.chunks_exact(self.members + 1).zip(members) {
                    found.extend(self.band_of_counts(city, row));
                }
            }
            Ranks::ByDraw(ranks) => {
                let mut columns: Vec<Vec<u32>> = (0..MEMBERS_PER_READ)
                    .map(|_| Vec::with_capacity(self.samples))
                    .collect();
                for first in (0..self.members).step_by(MEMBERS_PER_READ) {
                    let width = MEMBERS_PER_READ.min(self.members - first);
                    columns.iter_mut().for_each(Vec::clear);
                    for row in ranks.chunks_exact(self.members) {
                        for (column, &rank) in columns.iter_mut().zip(&row[first..first + width]) {
                            if rank > 0 {
                                column.push(rank);
                            }
                        }
                    }
                    for (column, &city) in columns.iter_mut().zip(&members[first..first + width]) {
                        found.extend(self.band_of_ranks(city, column));
                    }
                }
            }
        }
        found
    }

    /// The band of `city` from how many draws gave it each rank, `counts[rank]`.
    fn band_of_counts(&self, city: usize, counts: &[u32]) -> Option<Band> {
        let ranked: u32 = counts.iter().sum();
        let [best, median, worst] = percentile_places(ranked as usize)?.map(|place| {
            let mut seen = 0;
            let at = counts.iter().position(|&count| {
                seen += count as usize;
                seen > place
            });
            at.map_or(0, |rank| rank as u32)
        });
        Some(self.band(
            city,
            [best, median, worst],
            counts.get(1).copied().unwrap_or(0),
            ranked,
        ))
    }

    /// The band of `city` from the ranks the draws gave it, in any order; it reorders them.
    fn band_of_ranks(&self, city: usize, ranks: &mut [u32]) -> Option<Band> {
        let [best, median, worst] = percentile_places(ranks.len())?;
        // The median's selection leaves the smaller ranks before it and the larger after, so
        // each end is found in its half.
        let (lower, &mut middle, upper) = ranks.select_nth_unstable(median);
        let end = |half: &mut [u32], place: usize| half.select_nth_unstable(place).1.to_owned();
        let found = [
            if best < median {
                end(lower, best)
            } else {
                middle
            },
            middle,
            if worst > median {
                end(upper, worst - median - 1)
            } else {
                middle
            },
        ];
        let firsts = ranks.iter().filter(|&&rank| rank == 1).count() as u32;
        Some(self.band(city, found, firsts, ranks.len() as u32))
    }

    fn band(&self, city: usize, [best, median, worst]: [u32; 3], firsts: u32, ranked: u32) -> Band {
        let draws = self.samples.max(1) as f64;
        Band {
            city: city as u32,
            best,
            median,
            worst,
            first_share: f64::from(firsts) / draws,
            ranked_share: f64::from(ranked) / draws,
        }
    }
}

/// Where the 5th, 50th and 95th percentiles sit among `ranked` sorted ranks: at place
/// `round((ranked − 1) · p)`; `None` without ranks.
fn percentile_places(ranked: usize) -> Option<[usize; 3]> {
    let last = ranked.checked_sub(1)? as f64;
    Some([0.05, 0.5, 0.95].map(|p| (last * p).round() as usize))
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn counted_and_kept_ranks_give_the_percentiles_of_the_sorted_ranks(
            draws in proptest::collection::vec(proptest::collection::vec(1u32..=20, 20), 1..40),
        ) {
            // More members than one read of the rows of draws takes.
            let members: Vec<usize> = (0..20).collect();
            let samples = draws.len() as u32;
            let mut tallies = [false, true].map(|by_draw| RankTally::with_layout(20, samples, by_draw));
            for (sample, draw) in draws.iter().enumerate() {
                for tally in &mut tallies {
                    // City 3 is ranked in no draw whose first rank is 4.
                    for (city, &rank) in draw.iter().enumerate().filter(|&(city, _)| city != 3 || draw[0] != 4) {
                        tally.record(sample, city, rank);
                    }
                }
            }
            let found = tallies.each_ref().map(|tally| tally.bands(&members));
            for &city in &members {
                let mut ranks: Vec<u32> = draws
                    .iter()
                    .filter(|draw| city != 3 || draw[0] != 4)
                    .map(|draw| draw[city])
                    .collect();
                ranks.sort_unstable();
                let expected = (!ranks.is_empty()).then(|| {
                    let at = |p: f64| ranks[((ranks.len() - 1) as f64 * p).round() as usize];
                    let firsts = ranks.iter().filter(|&&r| r == 1).count() as f64;
                    let share = |n: f64| n / f64::from(samples);
                    (at(0.05), at(0.5), at(0.95), share(firsts), share(ranks.len() as f64))
                });
                for bands in &found {
                    let band = bands
                        .iter()
                        .find(|b| b.city as usize == city)
                        .map(|b| (b.best, b.median, b.worst, b.first_share, b.ranked_share));
                    prop_assert_eq!(band, expected);
                }
            }
        }
    }
}
