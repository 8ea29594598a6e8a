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
//! 3. **Coverage rule.** A city whose data covers less than a minimum share of the total weight
//!    is listed, not ranked: it has too little data to rank, since most of its score would rest
//!    on weights renormalised away. So a ranked city's score rests on at least that share of
//!    the weight, and no city outranks another on weight that it has no data for beyond that.
//! 4. **Ranking.** Cities are ordered by score, highest first. Scores are compared at a
//!    resolution of 10⁻⁶ points, so that rounding noise cannot split a tie; tied cities share a
//!    rank (1, 2, 2, 4) and are ordered by name. Cities with too little data follow the ranked
//!    ones, by name, and then cities with no value on any weighted indicator, without a rank.
//!    With every weight at zero there is no ranking at all ([`Ranking::no_weights`]).
//!
//! In the per-capita view ([`Basis::PerMillion`]) each count indicator is divided by the
//! city's catchment population, in millions, before step 1; national indicators do not apply
//! to a city's population, so they have no value and no weight there.

use super::dataset::{City, Direction, Indicator, Kind, Scope, Transform};
use super::filter::fold;
use super::text_order::order_by_text;

/// Scores are compared in steps of this size, in points.
pub const SCORE_RESOLUTION: f64 = 1e-6;

/// The score every city gets on an indicator whose values are all equal.
pub const FLAT_INDICATOR_SCORE: f64 = 50.0;

/// The default share of the total weight a city's data must cover for it to be ranked.
///
/// Half: a ranked city's score then rests mostly on measured values, never mostly on weights
/// renormalised away, and a city with data on only a minority of what is weighted is listed
/// as having too little data.
pub const DEFAULT_MIN_COVERAGE_PERCENT: u8 = 50;

/// What the indicator values are taken per: the city as a whole, or each million inhabitants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Basis {
    /// The values as published.
    #[default]
    Absolute,
    /// Count indicators per million inhabitants of the city's catchment.
    PerMillion,
}

impl Basis {
    /// Whether an indicator has values on this basis: national figures do not apply per head
    /// of a city.
    pub fn applies_to(self, indicator: &Indicator) -> bool {
        self == Basis::Absolute || indicator.scope == Scope::City
    }

    /// The value of indicator `column` for `city` on this basis: a count divided by the
    /// catchment's population in millions (`None` without a population figure), any other
    /// value as it is, and `None` where the basis does not apply.
    pub fn value(self, indicator: &Indicator, city: &City, column: usize) -> Option<f64> {
        let value = city.values.get(column).copied().flatten()?;
        match self {
            Basis::Absolute => Some(value),
            Basis::PerMillion if !self.applies_to(indicator) => None,
            Basis::PerMillion => match indicator.kind {
                Kind::Count => city
                    .population
                    .filter(|&people| people > 0.0)
                    .map(|people| value / (people / 1e6)),
                Kind::Measure | Kind::TopList { .. } => Some(value),
            },
        }
    }
}

/// The 0–100 score of every city on every indicator. It does not depend on the weights.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorScores {
    city_count: usize,
    indicator_count: usize,
    /// Column-major, one column per indicator, so that the ranking's pass reads each column
    /// straight through; `NaN` marks a missing value and never leaves this module.
    scores: Vec<f64>,
    /// What the weighted mean averages, in the same layout, where it is not the scores
    /// themselves (the geometric mean's `ln(1 + s)`).
    terms: Option<Vec<f64>>,
    /// How the terms' weighted mean becomes a city score.
    aggregation: Aggregation,
}

fn transformed(transform: Transform, value: f64) -> f64 {
    match transform {
        Transform::Linear => value,
        Transform::Log => value.max(0.0).ln_1p(),
    }
}

/// How an indicator's values become 0–100 scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Normalisation {
    /// `100 · (t − min) / (max − min)`: the lowest value scores 0, the highest 100.
    #[default]
    MinMax,
    /// The share of the other cities with a value that the city is at least as good as: the
    /// best scores 100, the worst 0, whatever the gaps between them.
    Percentile,
    /// The value as a share of the best, `100 · t / max` (where lower is better, the best
    /// value's share of the city's, `100 · min / t`).
    ShareOfLeader,
}

/// How a city's indicator scores combine into its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Aggregation {
    /// The weighted arithmetic mean: fully compensatory, so a strong indicator makes up for a
    /// weak one point for point.
    #[default]
    Arithmetic,
    /// The weighted geometric mean of the scores plus one, less one:
    /// `exp(Σ wᵢ · ln(1 + sᵢ) ÷ Σ wᵢ) − 1`. A weak indicator cannot be bought back by a strong
    /// one; the one point added keeps a score of 0 from zeroing the whole mean, and maps 0 to 0
    /// and 100 to 100.
    Geometric,
}

impl Normalisation {
    /// Every normalisation, in the order the page offers them.
    pub const ALL: [Normalisation; 3] = [
        Normalisation::MinMax,
        Normalisation::Percentile,
        Normalisation::ShareOfLeader,
    ];

    /// Its code in URLs.
    pub fn code(self) -> &'static str {
        match self {
            Normalisation::MinMax => "minmax",
            Normalisation::Percentile => "pct",
            Normalisation::ShareOfLeader => "lead",
        }
    }

    /// Its name on the page.
    pub fn label(self) -> &'static str {
        match self {
            Normalisation::MinMax => "Min–max",
            Normalisation::Percentile => "Percentile rank",
            Normalisation::ShareOfLeader => "Share of the leader",
        }
    }
}

impl Aggregation {
    /// Every aggregation, in the order the page offers them.
    pub const ALL: [Aggregation; 2] = [Aggregation::Arithmetic, Aggregation::Geometric];

    /// Its code in URLs.
    pub fn code(self) -> &'static str {
        match self {
            Aggregation::Arithmetic => "mean",
            Aggregation::Geometric => "geo",
        }
    }

    /// Its name on the page.
    pub fn label(self) -> &'static str {
        match self {
            Aggregation::Arithmetic => "Arithmetic mean",
            Aggregation::Geometric => "Geometric mean",
        }
    }

    /// The term of a score that the weighted mean averages.
    fn term(self, score: f64) -> f64 {
        match self {
            Aggregation::Arithmetic => score,
            Aggregation::Geometric => score.ln_1p(),
        }
    }

    /// The city score of a weighted mean of terms.
    fn finish(self, mean_term: f64) -> f64 {
        match self {
            Aggregation::Arithmetic => mean_term,
            Aggregation::Geometric => mean_term.exp_m1(),
        }
    }
}

/// Every methodological choice that the scores depend on, besides the weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Method {
    /// What the values are taken per.
    pub basis: Basis,
    /// How values become scores.
    pub normalisation: Normalisation,
    /// How scores combine.
    pub aggregation: Aggregation,
}

/// The 0–100 scores of one indicator's `(row, transformed value)` pairs.
fn normalised(
    normalisation: Normalisation,
    direction: Direction,
    values: &[(usize, f64)],
) -> Vec<f64> {
    let (min, max) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(_, t)| {
            (lo.min(t), hi.max(t))
        });
    // No values, or all equal: no spread to score.
    if values.is_empty() || max <= min {
        return vec![FLAT_INDICATOR_SCORE; values.len()];
    }
    let higher = direction == Direction::HigherIsBetter;
    let scores: Vec<f64> = match normalisation {
        Normalisation::MinMax => values
            .iter()
            .map(|&(_, t)| {
                if higher {
                    100.0 * (t - min) / (max - min)
                } else {
                    100.0 * (max - t) / (max - min)
                }
            })
            .collect(),
        Normalisation::Percentile => {
            let mut sorted: Vec<f64> = values.iter().map(|&(_, t)| t).collect();
            sorted.sort_unstable_by(f64::total_cmp);
            let others = (values.len() - 1) as f64;
            values
                .iter()
                .map(|&(_, t)| {
                    let at_most = sorted.partition_point(|&u| u <= t);
                    let at_least = sorted.len() - sorted.partition_point(|&u| u < t);
                    let beaten = if higher { at_most } else { at_least };
                    100.0 * (beaten - 1) as f64 / others
                })
                .collect()
        }
        Normalisation::ShareOfLeader => values
            .iter()
            .map(|&(_, t)| match (higher, t > 0.0) {
                (true, _) if max > 0.0 => 100.0 * t.max(0.0) / max,
                (false, true) if min > 0.0 => 100.0 * min / t,
                (false, false) => 100.0,
                _ => FLAT_INDICATOR_SCORE,
            })
            .collect(),
    };
    scores
        .into_iter()
        .map(|s: f64| s.clamp(0.0, 100.0))
        .collect()
}

impl IndicatorScores {
    /// Normalises every indicator min–max over the cities that have a value for it.
    pub fn compute(indicators: &[Indicator], cities: &[City]) -> IndicatorScores {
        IndicatorScores::compute_with(Method::default(), indicators, cities)
    }

    /// Normalises every indicator, its values taken on the method's basis, over the cities
    /// that have a value for it, ready to combine as the method says.
    pub fn compute_with(
        method: Method,
        indicators: &[Indicator],
        cities: &[City],
    ) -> IndicatorScores {
        let (city_count, indicator_count) = (cities.len(), indicators.len());
        let mut scores = vec![f64::NAN; city_count * indicator_count];
        for (column, indicator) in indicators.iter().enumerate() {
            let values: Vec<(usize, f64)> = cities
                .iter()
                .enumerate()
                .filter_map(|(row, city)| {
                    let value = method.basis.value(indicator, city, column)?;
                    value
                        .is_finite()
                        .then(|| (row, transformed(indicator.transform, value)))
                })
                .collect();
            let column_scores = normalised(method.normalisation, indicator.direction, &values);
            for (&(row, _), score) in values.iter().zip(column_scores) {
                scores[column * city_count + row] = score;
            }
        }
        let terms = match method.aggregation {
            Aggregation::Arithmetic => None,
            Aggregation::Geometric => Some(
                scores
                    .iter()
                    .map(|&s| Aggregation::Geometric.term(s))
                    .collect(),
            ),
        };
        IndicatorScores {
            city_count,
            indicator_count,
            scores,
            terms,
            aggregation: method.aggregation,
        }
    }

    /// What the weighted mean averages for `city` on `indicator`: its score, or under the
    /// geometric mean `ln(1 + score)`; `None` where the city has no value. A city's score rises
    /// and falls with the weighted mean of these terms.
    pub fn term(&self, city: usize, indicator: usize) -> Option<f64> {
        if city >= self.city_count {
            return None;
        }
        let term = *self.all_terms().get(indicator * self.city_count + city)?;
        (!term.is_nan()).then_some(term)
    }

    /// How many cities the table covers.
    pub fn city_count(&self) -> usize {
        self.city_count
    }

    /// How many indicators the table covers.
    pub fn indicator_count(&self) -> usize {
        self.indicator_count
    }

    /// The score of `city` on `indicator`, or `None` where the city has no value.
    pub fn get(&self, city: usize, indicator: usize) -> Option<f64> {
        if city >= self.city_count {
            return None;
        }
        let score = *self.scores.get(indicator * self.city_count + city)?;
        (!score.is_nan()).then_some(score)
    }

    /// What the weighted mean averages, in the table's layout.
    fn all_terms(&self) -> &[f64] {
        self.terms.as_deref().unwrap_or(&self.scores)
    }

    /// The city's terms in indicator order, `NaN` where it has no value.
    fn city_row(&self, city: usize) -> impl Iterator<Item = f64> + '_ {
        self.all_terms()
            .chunks_exact(self.city_count.max(1))
            .map(move |column| column.get(city).copied().unwrap_or(f64::NAN))
    }

    /// The terms of every city on one indicator, in city order.
    fn column(&self, indicator: usize) -> &[f64] {
        let start = indicator * self.city_count;
        &self.all_terms()[start..start + self.city_count]
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

    /// Converts slider weights for indicators taken on `basis`: an indicator the basis does not
    /// apply to weighs nothing, so it neither scores nor counts against a city's coverage.
    pub fn on_basis(sliders: &[u8], indicators: &[Indicator], basis: Basis) -> Weights {
        Weights(
            sliders
                .iter()
                .zip(indicators)
                .map(|(&w, indicator)| {
                    if basis.applies_to(indicator) {
                        f64::from(w)
                    } else {
                        0.0
                    }
                })
                .collect(),
        )
    }

    /// Takes arbitrary numbers; negative, infinite and NaN weights become zero.
    pub fn from_values(values: impl IntoIterator<Item = f64>) -> Weights {
        let mut weights = Weights(Vec::new());
        weights.refill(values);
        weights
    }

    /// Takes new values as [`Weights::from_values`] does, in the same allocation.
    pub fn refill(&mut self, values: impl IntoIterator<Item = f64>) {
        self.0.clear();
        self.0.extend(
            values
                .into_iter()
                .map(|w| if w.is_finite() && w > 0.0 { w } else { 0.0 }),
        );
    }

    /// The weights, in indicator order.
    pub fn as_slice(&self) -> &[f64] {
        &self.0
    }

    /// The sum of all weights; zero means there is nothing to rank by.
    pub fn total(&self) -> f64 {
        self.0.iter().sum()
    }

    /// The share of the total weight, 0–1, that the indicators at `columns` carry together; 0
    /// when nothing is weighted. Columns past the end carry nothing.
    pub fn share(&self, columns: impl IntoIterator<Item = usize>) -> f64 {
        let total = self.total();
        if total <= 0.0 {
            return 0.0;
        }
        let part: f64 = columns
            .into_iter()
            .filter_map(|column| self.0.get(column))
            .sum();
        part / total
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
    let (weighted_sum, covered_weight) = weighted_sums(table.city_row(city), weights.as_slice());
    let total = weights.total();
    CityScore {
        score: (covered_weight > 0.0).then(|| {
            table
                .aggregation
                .finish(weighted_sum / covered_weight)
                .clamp(0.0, 100.0)
        }),
        coverage: if total > 0.0 {
            covered_weight / total
        } else {
            0.0
        },
    }
}

/// One indicator's terms of a city's two sums: `(w·s, w)` where the city has a value, and
/// `(0, 0)` where it has none.
///
/// Adding `0.0` leaves a sum bit for bit as if the term were skipped, and so does a zero weight
/// (weights and scores are finite and non-negative). So there is no branch: missing values are
/// scattered at random, and a branch on each would often be mispredicted.
#[inline]
fn terms(score: f64, weight: f64) -> (f64, f64) {
    let present = !score.is_nan();
    (
        weight * if present { score } else { 0.0 },
        if present { weight } else { 0.0 },
    )
}

/// `(Σ wᵢ·sᵢ, Σ wᵢ)` over the indicators a city has a value for, given its scores in
/// indicator order.
fn weighted_sums(scores: impl Iterator<Item = f64>, weights: &[f64]) -> (f64, f64) {
    scores.zip(weights).fold(
        (0.0, 0.0),
        |(weighted_sum, covered_weight), (score, &weight)| {
            let (weighted, covered) = terms(score, weight);
            (weighted_sum + weighted, covered_weight + covered)
        },
    )
}

/// [`weighted_sums`] of every city at once, by city, into `weighted_sums` and
/// `covered_weights`. The terms are added in the same order, so the sums are the same to the
/// bit, but one indicator column at a time: a straight run through memory. A column of zero
/// weight would add `0.0` everywhere, so it is skipped.
fn weighted_sums_by_city(
    table: &IndicatorScores,
    weights: &[f64],
    weighted_sums: &mut Vec<f64>,
    covered_weights: &mut Vec<f64>,
) {
    for sums in [&mut *weighted_sums, &mut *covered_weights] {
        sums.clear();
        sums.resize(table.city_count(), 0.0);
    }
    for (indicator, &weight) in weights.iter().enumerate().take(table.indicator_count()) {
        if weight != 0.0 {
            add_column(
                table.column(indicator),
                weight,
                weighted_sums,
                covered_weights,
            );
        }
    }
}

/// Adds the [`terms`] of one indicator's `scores`, at `weight`, to each city's two sums.
fn add_column(scores: &[f64], weight: f64, weighted_sums: &mut [f64], covered_weights: &mut [f64]) {
    #[cfg(target_arch = "wasm32")]
    let (scores, weighted_sums, covered_weights) =
        add_column_in_pairs(scores, weight, weighted_sums, covered_weights);
    let cities = weighted_sums.iter_mut().zip(covered_weights.iter_mut());
    for ((weighted_sum, covered_weight), &score) in cities.zip(scores) {
        let (weighted, covered) = terms(score, weight);
        *weighted_sum += weighted;
        *covered_weight += covered;
    }
}

/// [`add_column`] two cities at a time, in WebAssembly's 128-bit lanes, as far as the cities
/// pair up; it hands back what is left, the last city of an odd count. The app's wasm is built
/// for size, which leaves loops unvectorised, and the ranking's pass over every city is the
/// one loop whose time a user feels: a slider's drag over 100,000 places of their own runs it
/// once a move. The lanes do [`terms`]'s arithmetic, so the sums are the same to the bit: a
/// missing score (`NaN`, unequal to itself) is masked to `0.0`, and so is its weight.
#[cfg(target_arch = "wasm32")]
fn add_column_in_pairs<'a>(
    scores: &'a [f64],
    weight: f64,
    weighted_sums: &'a mut [f64],
    covered_weights: &'a mut [f64],
) -> (&'a [f64], &'a mut [f64], &'a mut [f64]) {
    use core::arch::wasm32::{
        f64x2, f64x2_add, f64x2_eq, f64x2_extract_lane, f64x2_mul, f64x2_splat, v128_and,
    };
    let weight_pair = f64x2_splat(weight);
    let (score_pairs, scores_left) = scores.as_chunks::<2>();
    let (weighted_pairs, weighted_left) = weighted_sums.as_chunks_mut::<2>();
    let (covered_pairs, covered_left) = covered_weights.as_chunks_mut::<2>();
    let cities = weighted_pairs.iter_mut().zip(covered_pairs.iter_mut());
    for ((weighted, covered), &[first, second]) in cities.zip(score_pairs) {
        let scores = f64x2(first, second);
        let present = f64x2_eq(scores, scores);
        let weighted_sum = f64x2_add(
            f64x2(weighted[0], weighted[1]),
            f64x2_mul(weight_pair, v128_and(scores, present)),
        );
        let covered_weight = f64x2_add(
            f64x2(covered[0], covered[1]),
            v128_and(weight_pair, present),
        );
        *weighted = [
            f64x2_extract_lane::<0>(weighted_sum),
            f64x2_extract_lane::<1>(weighted_sum),
        ];
        *covered = [
            f64x2_extract_lane::<0>(covered_weight),
            f64x2_extract_lane::<1>(covered_weight),
        ];
    }
    (scores_left, weighted_left, covered_left)
}

/// How much each indicator adds to a city's score, in points; the parts sum to the score.
///
/// Under the geometric mean an indicator's part is its share of the mean of the logarithms,
/// scaled to the score. `None` marks a missing value; an indicator with zero weight contributes
/// `Some(0.0)`.
pub fn contributions(table: &IndicatorScores, weights: &Weights, city: usize) -> Vec<Option<f64>> {
    let (weighted_sum, covered_weight) = weighted_sums(table.city_row(city), weights.as_slice());
    let mean_term = if covered_weight > 0.0 {
        weighted_sum / covered_weight
    } else {
        0.0
    };
    let points_per_term = if mean_term > 0.0 {
        table.aggregation.finish(mean_term).clamp(0.0, 100.0) / mean_term
    } else {
        0.0
    };
    table
        .city_row(city)
        .zip(weights.as_slice())
        .map(|(term, &weight)| {
            if term.is_nan() {
                None
            } else if covered_weight > 0.0 {
                Some(weight * term / covered_weight * points_per_term)
            } else {
                Some(0.0)
            }
        })
        .collect()
}

/// The order of the cities by name, then id: the tie-breaker of the ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameOrder {
    /// For each place in name order, the city there.
    city_at: Vec<u32>,
}

impl NameOrder {
    /// Computes the order of the given cities: by name folded as search folds it (case and
    /// common accents ignored, so "São Paulo" sorts as "sao paulo"), then by id.
    pub fn new(cities: &[City]) -> NameOrder {
        let folded: Vec<String> = cities.iter().map(|city| fold(&city.name)).collect();
        // Ids are unique, so no two cities have the same key and the order is the one order.
        let by_name = order_by_text(cities.len(), &|city| {
            (folded[city].as_str(), cities[city].id.as_str())
        });
        let city_at = by_name
            .into_iter()
            .map(|city| u32::try_from(city).unwrap_or(u32::MAX))
            .collect();
        NameOrder { city_at }
    }

    /// The cities in name order.
    pub fn cities(&self) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.city_at.iter().map(|&city| city as usize)
    }
}

/// Why a city of a ranking holds no rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unranked {
    /// Its data covers less than the coverage rule's share of the total weight.
    TooLittleData,
    /// It has no value on any weighted indicator.
    NoData,
}

/// One row of a ranking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankedCity {
    /// The city's index in the dataset.
    pub city: usize,
    /// The rank, shared by ties; `None` for a city without one.
    pub rank: Option<u32>,
    /// Why the city has no rank; `None` for a ranked city.
    pub unranked: Option<Unranked>,
    /// The city's score, in steps of [`SCORE_RESOLUTION`] (the precision ranks are decided
    /// at); `None` for a city without a rank. Its coverage is
    /// [`city_score`]'s to tell, for the few rows a view shows.
    pub score: Option<f64>,
}

/// The cities of one view, in rank order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ranking {
    /// Every city of the view exactly once: ranked cities first, then those with too little
    /// data, then those with none, each of the two by name.
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

    /// How many cities hold a rank.
    pub fn ranked_count(&self) -> usize {
        self.entries.iter().filter(|e| e.rank.is_some()).count()
    }
}

/// `score` in steps of [`SCORE_RESOLUTION`], rounded half away from zero as `f64::round`
/// does, without its call into the maths library: the fraction after truncation is exact.
fn quantised(score: f64) -> u64 {
    // Scores are clamped to 0–100, so this fits in 27 bits.
    let steps = score.clamp(0.0, 100.0) / SCORE_RESOLUTION;
    // Through `i64`, which x86-64 converts to and from `f64` in one instruction each, where
    // `u64` takes several; the steps are never negative and fit it many times over.
    let whole = steps as i64;
    (whole + i64::from(steps - whole as f64 >= 0.5)) as u64
}

const QUANTISED_MAX: u64 = (100.0 / SCORE_RESOLUTION) as u64;

/// The key level of cities with too little data: after every ranked city.
const TOO_LITTLE_DATA: u64 = (QUANTISED_MAX + 1) << 32;

/// The key level of cities without a score: after every other city.
const UNSCORED: u64 = (QUANTISED_MAX + 2) << 32;

/// What a ranking's pass works in. A caller that ranks many weight vectors over the same
/// table, as the rank bands do, keeps one and hands it to [`rank_each`], so that no pass
/// allocates.
#[derive(Debug, Clone, Default)]
pub struct RankBuffers {
    weighted_sums: Vec<f64>,
    covered_weights: Vec<f64>,
    keys: Vec<u64>,
}

/// The sort keys of `members`, pairs of a tag and a city, sorted as `order` says, in
/// `buffers`: one key per city, all the order needs. The key's level (its upper half) puts
/// scored cities first, by falling quantised score, then those with too little data, then those
/// with none; its lower half is the city's tag, which leads back to the city (the city itself
/// for [`rank`], its place in `members` for [`rank_each`]). Keys of 8 bytes move half the bytes
/// of items that carry the city along.
fn sorted_keys<'a>(
    table: &IndicatorScores,
    weights: &Weights,
    members: impl IntoIterator<Item = (u32, usize)>,
    min_coverage: f64,
    order: KeyOrder,
    buffers: &'a mut RankBuffers,
) -> &'a [u64] {
    let total = weights.total();
    let required_weight = min_coverage.clamp(0.0, 1.0) * total;
    let RankBuffers {
        weighted_sums,
        covered_weights,
        keys,
    } = buffers;
    keys.clear();
    let members = members
        .into_iter()
        .filter(|&(_, city)| city < table.city_count());
    if total > 0.0 {
        weighted_sums_by_city(table, weights.as_slice(), weighted_sums, covered_weights);
        let aggregation = table.aggregation;
        keys.extend(members.map(|(tag, city)| {
            let (weighted_sum, covered_weight) = (
                weighted_sums.get(city).copied().unwrap_or(0.0),
                covered_weights.get(city).copied().unwrap_or(0.0),
            );
            let level = if covered_weight > 0.0 && covered_weight < required_weight {
                TOO_LITTLE_DATA
            } else if covered_weight > 0.0 {
                let score = aggregation.finish(weighted_sum / covered_weight);
                (QUANTISED_MAX - quantised(score)) << 32
            } else {
                UNSCORED
            };
            level | u64::from(tag)
        }));
    } else {
        weighted_sums.clear();
        covered_weights.clear();
        keys.extend(members.map(|(tag, _)| UNSCORED | u64::from(tag)));
    }
    sort_keys(keys, order);
    keys
}

/// How far [`sorted_keys`] sorts the keys.
#[derive(Clone, Copy)]
enum KeyOrder {
    /// By level, ties in the order the keys were made: the ranking's order, whose keys are made
    /// in name order.
    Stable,
    /// By level alone, ties in any order: enough for each city's rank.
    Level,
}

/// Above this many keys a radix sort by level (`radsort`, four passes over a `u32`) beats
/// `sort_unstable` of the whole keys. Measured natively, with the copy of the keys in both: at
/// 61 keys the radix sort takes 3 times as long, at 500 the same, at 1,000 12% less and at
/// 10,000 34% less. The ranking's order takes the radix sort at any size, for its stability: at
/// 61 keys its microsecond is not worth a second sort's code in the page's download.
pub const RADIX_SORT_ABOVE: usize = 1_000;

fn sort_keys(keys: &mut [u64], order: KeyOrder) {
    match order {
        KeyOrder::Level if keys.len() <= RADIX_SORT_ABOVE => keys.sort_unstable(),
        KeyOrder::Stable | KeyOrder::Level => {
            radsort::sort_by_key(keys, |&key| (key >> 32) as u32);
        }
    }
}

/// Each of the sorted `keys` with its rank: its place in the order, shared by ties (1, 2, 2,
/// 4), or `None` for a city with too little data or none.
fn key_ranks(keys: &[u64]) -> impl Iterator<Item = (u64, Option<u32>)> + '_ {
    let mut previous: Option<(u64, u32)> = None;
    keys.iter().enumerate().map(move |(place, &key)| {
        let level = key >> 32;
        if level > QUANTISED_MAX {
            return (key, None);
        }
        let rank = match previous {
            Some((previous_level, previous_rank)) if previous_level == level => previous_rank,
            _ => u32::try_from(place + 1).unwrap_or(u32::MAX),
        };
        previous = Some((level, rank));
        (key, Some(rank))
    })
}

/// Ranks the cities `members` (indices into the dataset) by their weighted score, ranking only
/// those whose data covers at least `min_coverage` (0–1) of the total weight. `name_order` must
/// be of the same cities as `table`; a city outside either is left out.
///
/// ```
/// use ai_cities_index::domain::score::{rank, IndicatorScores, NameOrder, Weights};
/// # let dataset = ai_cities_index::domain::synthetic::generate(5, 3, 7);
/// let table = IndicatorScores::compute(dataset.indicators(), dataset.cities());
/// let order = NameOrder::new(dataset.cities());
/// let ranking = rank(&table, &Weights::from_sliders(&[1, 1, 1]), &order, 0..5, 0.5);
/// assert_eq!(ranking.entries.len(), 5);
/// assert_eq!(ranking.entries[0].rank, Some(1));
/// ```
pub fn rank(
    table: &IndicatorScores,
    weights: &Weights,
    name_order: &NameOrder,
    members: impl IntoIterator<Item = usize>,
    min_coverage: f64,
) -> Ranking {
    let mut buffers = RankBuffers::default();
    let mut member = vec![false; name_order.cities().len()];
    for city in members {
        if let Some(member) = member.get_mut(city) {
            *member = true;
        }
    }
    // Made in name order and sorted stably, the keys break ties by name.
    let members = name_order
        .cities()
        .filter(|&city| member.get(city).copied().unwrap_or(false))
        .map(|city| (city as u32, city));
    let keys = sorted_keys(
        table,
        weights,
        members,
        min_coverage,
        KeyOrder::Stable,
        &mut buffers,
    );
    let entries = key_ranks(keys)
        .map(|(key, rank)| {
            let city = key as u32 as usize;
            let unranked = match rank {
                Some(_) => None,
                None if key >= UNSCORED => Some(Unranked::NoData),
                None => Some(Unranked::TooLittleData),
            };
            let score = rank.map(|_| (QUANTISED_MAX - (key >> 32)) as f64 * SCORE_RESOLUTION);
            RankedCity {
                city,
                rank,
                unranked,
                score,
            }
        })
        .collect();
    Ranking {
        entries,
        no_weights: weights.total() <= 0.0,
    }
}

/// Ranks `members` as [`rank`] does, and hands the place in `members` of each ranked city and
/// its rank to `visit`, in rank order, without building a [`Ranking`]: the pass that the rank
/// bands repeat for every draw of the weights. Cities of equal score share a rank, as in
/// [`rank`], and come in the order of `members`, not of their names.
pub fn rank_each(
    table: &IndicatorScores,
    weights: &Weights,
    members: &[usize],
    min_coverage: f64,
    buffers: &mut RankBuffers,
    mut visit: impl FnMut(usize, u32),
) {
    let members = (0..).zip(members.iter().copied());
    let keys = sorted_keys(
        table,
        weights,
        members,
        min_coverage,
        KeyOrder::Level,
        buffers,
    );
    for (key, rank) in key_ranks(keys) {
        // The cities without a rank come last.
        let Some(rank) = rank else { break };
        visit(key as u32 as usize, rank);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sums_by_column_equal_sums_city_by_city_to_the_bit(
            seed in any::<u64>(),
            weights in proptest::collection::vec(prop_oneof![Just(0.0), 0.0f64..10.0], 6),
        ) {
            let dataset = crate::domain::synthetic::generate(40, 6, seed);
            let table = IndicatorScores::compute(dataset.indicators(), dataset.cities());
            let (mut weighted, mut covered) = (Vec::new(), Vec::new());
            weighted_sums_by_city(&table, &weights, &mut weighted, &mut covered);
            for city in 0..table.city_count() {
                let (one_weighted, one_covered) = weighted_sums(table.city_row(city), &weights);
                prop_assert_eq!(weighted[city].to_bits(), one_weighted.to_bits());
                prop_assert_eq!(covered[city].to_bits(), one_covered.to_bits());
            }
        }

        #[test]
        fn rank_each_visits_the_ranked_cities_of_rank_in_order(
            seed in any::<u64>(),
            weights in proptest::collection::vec(prop_oneof![Just(0.0), 0.0f64..10.0], 5),
            min_coverage in 0.0f64..=1.0,
        ) {
            let dataset = crate::domain::synthetic::generate(30, 5, seed);
            let table = IndicatorScores::compute(dataset.indicators(), dataset.cities());
            let order = NameOrder::new(dataset.cities());
            let weights = Weights::from_values(weights);
            let members: Vec<usize> = (0..30).filter(|city| city % 7 != 3).collect();
            let ranked: Vec<(usize, u32)> = rank(&table, &weights, &order, members.clone(), min_coverage)
                .entries
                .iter()
                .filter_map(|entry| Some((entry.city, entry.rank?)))
                .collect();
            let mut visited = Vec::new();
            let mut buffers = RankBuffers::default();
            for _ in 0..2 {
                visited.clear();
                rank_each(&table, &weights, &members, min_coverage, &mut buffers, |place, r| {
                    visited.push((members[place], r));
                });
                prop_assert!(visited.windows(2).all(|pair| pair[0].1 <= pair[1].1));
                // Cities of equal rank come in another order, so both go in rank, then city order.
                visited.sort_unstable_by_key(|&(city, r)| (r, city));
                let mut expected = ranked.clone();
                expected.sort_unstable_by_key(|&(city, r)| (r, city));
                prop_assert_eq!(&visited, &expected);
            }
        }

        #[test]
        fn quantising_rounds_as_f64_round_does(score in 0.0f64..=100.0) {
            prop_assert_eq!(quantised(score), (score / SCORE_RESOLUTION).round() as u64);
        }

        #[test]
        fn quantising_near_half_steps_rounds_as_f64_round_does(steps in 0u64..100_000_000) {
            let half_way = (steps as f64 + 0.5) * SCORE_RESOLUTION;
            prop_assert_eq!(quantised(half_way), (half_way / SCORE_RESOLUTION).round() as u64);
        }

        #[test]
        fn a_radix_sort_by_level_orders_levels_as_sort_unstable_does(
            levels in proptest::collection::vec(
                0u64..50,
                RADIX_SORT_ABOVE + 1..RADIX_SORT_ABOVE + 99,
            ),
        ) {
            let keys: Vec<u64> =
                levels.iter().zip(0..).map(|(&level, tie)| (level << 32) | tie).collect();
            let mut expected = keys.clone();
            expected.sort_unstable();
            let mut by_level = keys;
            sort_keys(&mut by_level, KeyOrder::Level);
            let level_of = |keys: &[u64]| keys.iter().map(|key| key >> 32).collect::<Vec<_>>();
            prop_assert_eq!(level_of(&by_level), level_of(&expected));
            by_level.sort_unstable();
            prop_assert_eq!(by_level, expected);
        }
    }
}
