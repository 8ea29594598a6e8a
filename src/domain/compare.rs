//! Comparing two cities: whether one beats the other under every weighting (dominance), and
//! what decides their order under the current weights.

use super::dataset::Indicator;
use super::score::{IndicatorScores, Weights, city_score, contributions};

/// Whether `better` Pareto-dominates `worse` in `table`: both have values on the same
/// indicators, `better` scores at least as high on each, and higher on one. Scores keep the
/// order of the values under every normalisation, and both means are weighted means over the
/// same indicators, so then no weighting puts `worse` above `better`.
///
/// ```
/// # use ai_cities_index::domain::{compare::dominates, score::IndicatorScores, synthetic};
/// let dataset = synthetic::generate(5, 3, 1);
/// let table = IndicatorScores::compute(dataset.indicators(), dataset.cities());
/// assert!(!dominates(&table, 0, 0), "no city dominates itself");
/// ```
pub fn dominates(table: &IndicatorScores, better: usize, worse: usize) -> bool {
    let mut strictly = false;
    for indicator in 0..table.indicator_count() {
        match (table.get(better, indicator), table.get(worse, indicator)) {
            (None, None) => {}
            (Some(b), Some(w)) if b >= w => strictly |= b > w,
            _ => return false,
        }
    }
    strictly
}

/// The cities among `members` that dominate `city`, as [`dominates`] defines it.
pub fn dominators(
    table: &IndicatorScores,
    city: usize,
    members: impl IntoIterator<Item = usize>,
) -> Vec<usize> {
    members
        .into_iter()
        .filter(|&other| other != city && dominates(table, other, city))
        .collect()
}

/// One indicator's part in the order of two cities.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairPart {
    /// The indicator's column.
    pub indicator: usize,
    /// What it adds to the first city's score, in points; `None` without a value.
    pub first: Option<f64>,
    /// What it adds to the second city's score.
    pub second: Option<f64>,
}

impl PairPart {
    /// How many points more it gives the first city than the second.
    pub fn lead(&self) -> f64 {
        self.first.unwrap_or(0.0) - self.second.unwrap_or(0.0)
    }
}

/// Two cities side by side under the current weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// The first city's score, if it has one.
    pub first_score: Option<f64>,
    /// The second city's score.
    pub second_score: Option<f64>,
    /// Every weighted indicator's part, in indicator order.
    pub parts: Vec<PairPart>,
}

/// Compares `first` and `second` under `weights`.
pub fn pair(table: &IndicatorScores, weights: &Weights, first: usize, second: usize) -> Pair {
    let (a, b) = (
        contributions(table, weights, first),
        contributions(table, weights, second),
    );
    let parts = weights
        .as_slice()
        .iter()
        .enumerate()
        .filter(|&(_, &w)| w > 0.0)
        .map(|(indicator, _)| PairPart {
            indicator,
            first: a.get(indicator).copied().flatten(),
            second: b.get(indicator).copied().flatten(),
        })
        .collect();
    Pair {
        first_score: city_score(table, weights, first).score,
        second_score: city_score(table, weights, second).score,
        parts,
    }
}

/// A lead of less than this many points is a tie in words.
const NEGLIGIBLE_POINTS: f64 = 0.05;

/// One plain sentence on what decides the order of the two cities named `names`, e.g.
/// “London is above Paris mainly because of flagship papers (+6.1) and unicorns (+3.0); Paris
/// leads on nothing you weight.”
pub fn explain(pair: &Pair, names: (&str, &str), indicators: &[Indicator]) -> String {
    let (first, second) = names;
    let (Some(a), Some(b)) = (pair.first_score, pair.second_score) else {
        return format!(
            "{first} and {second} cannot be compared: one of them has no score under these weights."
        );
    };
    if (a - b).abs() < NEGLIGIBLE_POINTS {
        return format!("{first} and {second} score the same under these weights.");
    }
    let (above, below, sign) = if a > b {
        (first, second, 1.0)
    } else {
        (second, first, -1.0)
    };
    let mut leads: Vec<(f64, &str)> = pair
        .parts
        .iter()
        .filter_map(|part| {
            let label = indicators.get(part.indicator)?.label.as_str();
            Some((sign * part.lead(), label))
        })
        .collect();
    leads.sort_unstable_by(|x, y| y.0.total_cmp(&x.0));
    let named = |leads: &mut dyn Iterator<Item = &(f64, &str)>| -> Vec<String> {
        leads
            .take(2)
            .map(|(points, label)| format!("{label} (+{:.1})", points.abs()))
            .collect()
    };
    let winners = named(&mut leads.iter().filter(|(p, _)| *p >= NEGLIGIBLE_POINTS));
    let losers = named(&mut leads.iter().rev().filter(|(p, _)| *p <= -NEGLIGIBLE_POINTS));
    let because = match winners.as_slice() {
        [] => "on the balance of every indicator".to_owned(),
        [one] => format!("mainly because of {one}"),
        [one, two, ..] => format!("mainly because of {one} and {two}"),
    };
    let other = match losers.as_slice() {
        [] => format!("{below} leads on nothing you weight"),
        [one] => format!("{below} leads on {one}"),
        [one, two, ..] => format!("{below} leads on {one} and {two}"),
    };
    format!("{above} is above {below} {because}; {other}.")
}
