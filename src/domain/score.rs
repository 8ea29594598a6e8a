//! Scoring and ranking: from raw values and weights to a ranked list.
//!
//! The method, which the methodology panel states in the same words:
//!
//! 1. **Indicator scores.** For each indicator, take every city that has a value, apply the
//!    indicator's transform (`ln(1 + x)` for log indicators), and rescale min–max to 0–100:
//!    `s = 100 · (t − min) / (max − min)`, or `100 · (max − t) / (max − min)` where lower is
//!    better. If every city has the same value there is no spread to score, and each gets 50.
//!    This step does not depend on the weights, so [`IndicatorScores`] computes it once.
//! 2. **City score.** The weighted mean of the city's indicator scores,
//!    `S = Σ wᵢ·sᵢ / Σ wᵢ`, over the indicators the city has a value for. A missing value is left
//!    out and the remaining weights renormalise; it never counts as zero. The share of the total
//!    weight the city's data covers is its *coverage*. Scaling every weight by the same factor
//!    changes nothing.
//! 3. **Ranking.** Cities are ordered by score, highest first. Scores are compared at a
//!    resolution of 10⁻⁶ points, so that rounding noise cannot split a tie; tied cities share a
//!    rank (1, 2, 2, 4) and are ordered by name. Cities with no value on any weighted indicator
//!    are listed after the ranked ones, without a rank. With every weight at zero there is no
//!    ranking at all ([`Ranking::no_weights`]).

use super::dataset::{City, Direction, Indicator, Transform};
use super::filter::fold;

/// Scores are compared in steps of this size, in points.
pub const SCORE_RESOLUTION: f64 = 1e-6;

/// The score every city gets on an indicator whose values are all equal.
pub const FLAT_INDICATOR_SCORE: f64 = 50.0;

/// The 0–100 score of every city on every indicator. It does not depend on the weights.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorScores {
    indicator_count: usize,
    /// Row-major, one row per city; `NaN` marks a missing value and never leaves this module.
    scores: Vec<f64>,
}

fn transformed(transform: Transform, value: f64) -> f64 {
    match transform {
        Transform::Linear => value,
        Transform::Log => value.max(0.0).ln_1p(),
    }
}

impl IndicatorScores {
    /// Normalises every indicator over the cities that have a value for it.
    pub fn compute(indicators: &[Indicator], cities: &[City]) -> IndicatorScores {
        let indicator_count = indicators.len();
        let mut scores = vec![f64::NAN; cities.len() * indicator_count];
        for (column, indicator) in indicators.iter().enumerate() {
            let values = || {
                cities.iter().enumerate().filter_map(move |(row, city)| {
                    let value = city.values.get(column).copied().flatten()?;
                    value
                        .is_finite()
                        .then(|| (row, transformed(indicator.transform, value)))
                })
            };
            let (min, max) = values()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, t)| {
                    (lo.min(t), hi.max(t))
                });
            let spread = max - min;
            for (row, t) in values() {
                let score = if spread > 0.0 {
                    match indicator.direction {
                        Direction::HigherIsBetter => 100.0 * (t - min) / spread,
                        Direction::LowerIsBetter => 100.0 * (max - t) / spread,
                    }
                } else {
                    FLAT_INDICATOR_SCORE
                };
                scores[row * indicator_count + column] = score.clamp(0.0, 100.0);
            }
        }
        IndicatorScores {
            indicator_count,
            scores,
        }
    }

    /// How many cities the table covers.
    pub fn city_count(&self) -> usize {
        self.scores
            .len()
            .checked_div(self.indicator_count)
            .unwrap_or(0)
    }

    /// How many indicators the table covers.
    pub fn indicator_count(&self) -> usize {
        self.indicator_count
    }

    /// The score of `city` on `indicator`, or `None` where the city has no value.
    pub fn get(&self, city: usize, indicator: usize) -> Option<f64> {
        let score = *self.scores.get(city * self.indicator_count + indicator)?;
        (!score.is_nan()).then_some(score)
    }

    fn row(&self, city: usize) -> &[f64] {
        &self.scores[city * self.indicator_count..(city + 1) * self.indicator_count]
    }
}

/// Weights as the scoring kernel takes them: one finite, non-negative number per indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights(Vec<f64>);

impl Weights {
    /// Converts slider weights; they are small integers and always valid.
    pub fn from_sliders(sliders: &[u8]) -> Weights {
        Weights(sliders.iter().map(|&w| f64::from(w)).collect())
    }

    /// Takes arbitrary numbers; negative, infinite and NaN weights become zero.
    pub fn from_values(values: impl IntoIterator<Item = f64>) -> Weights {
        Weights(
            values
                .into_iter()
                .map(|w| if w.is_finite() && w > 0.0 { w } else { 0.0 })
                .collect(),
        )
    }

    /// The weights, in indicator order.
    pub fn as_slice(&self) -> &[f64] {
        &self.0
    }

    /// The sum of all weights; zero means there is nothing to rank by.
    pub fn total(&self) -> f64 {
        self.0.iter().sum()
    }
}

/// A city's weighted score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CityScore {
    /// The weighted mean, 0–100, or `None` if the city has no value on any weighted indicator.
    pub score: Option<f64>,
    /// The share of the total weight that the city's data covers, 0–1.
    pub coverage: f64,
}

/// Scores one city. `weights` must have one entry per indicator.
pub fn city_score(table: &IndicatorScores, weights: &Weights, city: usize) -> CityScore {
    let (weighted_sum, covered_weight) = weighted_sums(table.row(city), weights.as_slice());
    let total = weights.total();
    CityScore {
        score: (covered_weight > 0.0).then(|| (weighted_sum / covered_weight).clamp(0.0, 100.0)),
        coverage: if total > 0.0 {
            covered_weight / total
        } else {
            0.0
        },
    }
}

#[inline]
fn weighted_sums(row: &[f64], weights: &[f64]) -> (f64, f64) {
    let mut weighted_sum = 0.0;
    let mut covered_weight = 0.0;
    for (&score, &weight) in row.iter().zip(weights) {
        if weight > 0.0 && !score.is_nan() {
            weighted_sum += weight * score;
            covered_weight += weight;
        }
    }
    (weighted_sum, covered_weight)
}

/// How much each indicator adds to a city's score, in points; the parts sum to the score.
///
/// `None` marks a missing value; an indicator with zero weight contributes `Some(0.0)`.
pub fn contributions(table: &IndicatorScores, weights: &Weights, city: usize) -> Vec<Option<f64>> {
    let row = table.row(city);
    let (_, covered_weight) = weighted_sums(row, weights.as_slice());
    row.iter()
        .zip(weights.as_slice())
        .map(|(&score, &weight)| {
            if score.is_nan() {
                None
            } else if covered_weight > 0.0 {
                Some(weight * score / covered_weight)
            } else {
                Some(0.0)
            }
        })
        .collect()
}

/// The position of every city when sorted by name, then id: the tie-breaker of the ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameOrder(Vec<u32>);

impl NameOrder {
    /// Computes the order of the given cities: by name folded as search folds it (case and
    /// common accents ignored, so "São Paulo" sorts as "sao paulo"), then by id.
    pub fn new(cities: &[City]) -> NameOrder {
        let folded: Vec<String> = cities.iter().map(|city| fold(&city.name)).collect();
        let mut by_name: Vec<usize> = (0..cities.len()).collect();
        by_name.sort_by(|&a, &b| {
            folded[a]
                .cmp(&folded[b])
                .then_with(|| cities[a].id.cmp(&cities[b].id))
        });
        let mut position = vec![0; cities.len()];
        for (place, city) in by_name.into_iter().enumerate() {
            position[city] = u32::try_from(place).unwrap_or(u32::MAX);
        }
        NameOrder(position)
    }

    /// The city's position in name order.
    pub fn position(&self, city: usize) -> u32 {
        self.0.get(city).copied().unwrap_or(u32::MAX)
    }
}

/// One row of a ranking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankedCity {
    /// The city's index in the dataset.
    pub city: usize,
    /// The rank, shared by ties; `None` for a city with no score.
    pub rank: Option<u32>,
    /// The city's score, in steps of [`SCORE_RESOLUTION`] (the precision ranks are decided
    /// at), and its coverage.
    pub score: CityScore,
}

/// The cities of one view, in rank order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ranking {
    /// Every city of the view exactly once: ranked cities first, then unscored ones by name.
    pub entries: Vec<RankedCity>,
    /// True when every weight is zero, so nothing is ranked.
    pub no_weights: bool,
}

impl Ranking {
    /// The rank of every city of the dataset in this ranking, indexed by city; `None` for
    /// cities outside the view or without a score.
    pub fn rank_by_city(&self, city_count: usize) -> Vec<Option<u32>> {
        let mut ranks = vec![None; city_count];
        for entry in &self.entries {
            if let Some(slot) = ranks.get_mut(entry.city) {
                *slot = entry.rank;
            }
        }
        ranks
    }
}

fn quantised(score: f64) -> u64 {
    // Scores are clamped to 0–100, so this fits in 27 bits.
    (score.clamp(0.0, 100.0) / SCORE_RESOLUTION).round() as u64
}

const QUANTISED_MAX: u64 = (100.0 / SCORE_RESOLUTION) as u64;

/// The key level of cities without a score: after every scored city.
const UNSCORED: u64 = (QUANTISED_MAX + 1) << 32;

/// Ranks the cities `members` (indices into the dataset) by their weighted score.
///
/// ```
/// use ai_cities_index::domain::score::{rank, IndicatorScores, NameOrder, Weights};
/// # let dataset = ai_cities_index::domain::synthetic::generate(5, 3, 7);
/// let table = IndicatorScores::compute(dataset.indicators(), dataset.cities());
/// let order = NameOrder::new(dataset.cities());
/// let ranking = rank(&table, &Weights::from_sliders(&[1, 1, 1]), &order, 0..5);
/// assert_eq!(ranking.entries.len(), 5);
/// assert_eq!(ranking.entries[0].rank, Some(1));
/// ```
pub fn rank(
    table: &IndicatorScores,
    weights: &Weights,
    name_order: &NameOrder,
    members: impl IntoIterator<Item = usize>,
) -> Ranking {
    let no_weights = weights.total() <= 0.0;
    // One small sort item per city, carrying all the ranking needs so that nothing is looked up
    // at random afterwards: the key (scored cities first, by falling quantised score, then by
    // name), the city and its coverage. 16 bytes, where a whole entry would be 40.
    let mut items: Vec<(u64, u32, f32)> = members
        .into_iter()
        .map(|city| {
            let score = if no_weights {
                CityScore {
                    score: None,
                    coverage: 0.0,
                }
            } else {
                city_score(table, weights, city)
            };
            let name = u64::from(name_order.position(city));
            let key = match score.score {
                Some(value) => ((QUANTISED_MAX - quantised(value)) << 32) | name,
                None => UNSCORED | name,
            };
            (
                key,
                u32::try_from(city).unwrap_or(u32::MAX),
                score.coverage as f32,
            )
        })
        .collect();
    items.sort_unstable_by_key(|&(key, _, _)| key);

    let mut entries = Vec::with_capacity(items.len());
    let mut previous: Option<(u64, u32)> = None;
    for (place, (key, city, coverage)) in items.into_iter().enumerate() {
        let level = key >> 32;
        let (rank, score) = if level > QUANTISED_MAX {
            (None, None)
        } else {
            let rank = match previous {
                Some((previous_level, previous_rank)) if previous_level == level => previous_rank,
                _ => u32::try_from(place + 1).unwrap_or(u32::MAX),
            };
            previous = Some((level, rank));
            (
                Some(rank),
                Some((QUANTISED_MAX - level) as f64 * SCORE_RESOLUTION),
            )
        };
        entries.push(RankedCity {
            city: city as usize,
            rank,
            score: CityScore {
                score,
                coverage: f64::from(coverage),
            },
        });
    }
    Ranking {
        entries,
        no_weights,
    }
}
