//! The best and the worst rank a city can reach under any non-negative weights.
//!
//! Whether it can be first has an exact answer over the indicators on which every ranked city
//! has a value: there a city's score is linear in the weights, so a linear programme finds the
//! weights that maximise its smallest lead over every other city, `max t` subject to
//! `Σ wₖ (xᵢₖ − xⱼₖ) ≥ t` for every other city `j`, `Σ wₖ = 1`, `w ≥ 0` (`x` the terms the
//! mean averages). It can be first exactly when that lead is at least 0. Being last is the
//! same programme with the signs turned round. Where the answer is no, the heuristic tries the
//! programme's weights and each indicator alone, and reports the best (or worst) rank found:
//! a rank the city does reach, not always the best (or worst) there is.
//! A city that another dominates is never reported as able to be first.

use microlp::{ComparisonOp, OptimizationDirection, Problem};
use serde::{Deserialize, Serialize};

use super::compare::dominates;
use super::score::{IndicatorScores, NameOrder, Weights, rank};

/// A lead this small is a tie: the solver's own feasibility tolerance.
const TIE: f64 = 1e-7;

/// A rank a city can reach, and the weights that give it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reached {
    /// The rank.
    pub rank: u32,
    /// Whether it is the exact best (or worst) rank, or only the best (or worst) found.
    pub exact: bool,
    /// Weights that give it, one per indicator, summing to 1.
    pub weights: Vec<f64>,
}

/// The best and worst ranks of a city.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reach {
    /// The best rank.
    pub best: Reached,
    /// The worst rank.
    pub worst: Reached,
    /// The indicators the weights range over: those every ranked city has a value on.
    pub indicators: Vec<usize>,
}

/// The other members whose lead constraints can bind: a rival is left out when another rival
/// is at least as strong (or, with `behind`, at least as weak) on every column, since then
/// `city`'s lead over it is never the smaller of the two; of rivals with the same terms on
/// every column, the first is kept. The programme keeps its answer and sheds most of its rows.
fn binding_rivals(
    table: &IndicatorScores,
    city: usize,
    members: &[usize],
    columns: &[usize],
    behind: bool,
) -> Option<Vec<usize>> {
    let rivals: Vec<usize> = members.iter().copied().filter(|&m| m != city).collect();
    let terms: Vec<Vec<f64>> = rivals
        .iter()
        .map(|&rival| {
            columns
                .iter()
                .map(|&column| table.term(rival, column))
                .collect()
        })
        .collect::<Option<_>>()?;
    // Whether rival `a` makes rival `b`'s constraint redundant.
    let covers = |a: usize, b: usize| {
        let as_strong = terms[a]
            .iter()
            .zip(&terms[b])
            .all(|(&x, &y)| if behind { x <= y } else { x >= y });
        as_strong && (a < b || terms[a] != terms[b])
    };
    Some(
        (0..rivals.len())
            .filter(|&b| !(0..rivals.len()).any(|a| a != b && covers(a, b)))
            .map(|b| rivals[b])
            .collect(),
    )
}

/// The weights over `columns` that maximise `city`'s smallest lead (or, with `behind`, its
/// smallest deficit) over the other `members`, and that lead.
fn extreme_weights(
    table: &IndicatorScores,
    city: usize,
    members: &[usize],
    columns: &[usize],
    behind: bool,
) -> Option<(Vec<f64>, f64)> {
    let mut problem = Problem::new(OptimizationDirection::Maximize);
    let weights: Vec<_> = columns
        .iter()
        .map(|_| problem.add_var(0.0, (0.0, 1.0)))
        .collect();
    let lead = problem.add_var(1.0, (f64::NEG_INFINITY, f64::INFINITY));
    problem.add_constraint(
        weights
            .iter()
            .map(|&w| (w, 1.0))
            .collect::<Vec<_>>()
            .as_slice(),
        ComparisonOp::Eq,
        1.0,
    );
    let sign = if behind { -1.0 } else { 1.0 };
    for other in binding_rivals(table, city, members, columns, behind)? {
        let mut terms: Vec<_> = columns
            .iter()
            .zip(&weights)
            .map(|(&column, &w)| {
                let gap = table.term(city, column)? - table.term(other, column)?;
                Some((w, sign * gap))
            })
            .collect::<Option<_>>()?;
        terms.push((lead, -1.0));
        problem.add_constraint(terms.as_slice(), ComparisonOp::Ge, 0.0);
    }
    let solution = problem.solve().ok()?.into_solution().ok()?;
    let found = weights
        .iter()
        .map(|&w| solution.var_value(w).max(0.0))
        .collect();
    Some((found, solution.var_value(lead)))
}

/// What a city's best and worst ranks range over: the `members` it is ranked among, and the
/// indicators every one of them has a value on.
struct Setting<'a> {
    table: &'a IndicatorScores,
    order: &'a NameOrder,
    city: usize,
    members: &'a [usize],
    columns: Vec<usize>,
}

impl<'a> Setting<'a> {
    /// `None` if there are no such indicators, or `city` is not a member.
    fn new(
        table: &'a IndicatorScores,
        order: &'a NameOrder,
        city: usize,
        members: &'a [usize],
    ) -> Option<Setting<'a>> {
        let columns: Vec<usize> = (0..table.indicator_count())
            .filter(|&column| members.iter().all(|&m| table.term(m, column).is_some()))
            .collect();
        (!columns.is_empty() && members.contains(&city)).then_some(Setting {
            table,
            order,
            city,
            members,
            columns,
        })
    }

    /// Weights over the columns as weights over every indicator.
    fn spread(&self, weights: &[f64]) -> Vec<f64> {
        let mut all = vec![0.0; self.table.indicator_count()];
        for (&column, &w) in self.columns.iter().zip(weights) {
            all[column] = w;
        }
        all
    }

    fn rank_under(&self, weights: &[f64]) -> Option<u32> {
        rank(
            self.table,
            &Weights::from_values(weights.iter().copied()),
            self.order,
            self.members.iter().copied(),
            0.0,
        )
        .rank_by_city(self.table.city_count())
        .get(self.city)
        .copied()
        .flatten()
    }

    /// The heuristic's answer: of the programme's weights `first` and each indicator alone,
    /// the weights that give the best rank by `better`.
    fn found(&self, first: Vec<f64>, better: fn(u32, u32) -> bool) -> Option<Reached> {
        let alone = self.columns.iter().map(|&column| {
            let mut alone = vec![0.0; self.table.indicator_count()];
            alone[column] = 1.0;
            alone
        });
        let (rank, weights) = std::iter::once(first)
            .chain(alone)
            .filter_map(|weights| Some((self.rank_under(&weights)?, weights)))
            .reduce(|kept, next| if better(next.0, kept.0) { next } else { kept })?;
        Some(Reached {
            rank,
            exact: false,
            weights,
        })
    }

    fn best(&self) -> Option<Reached> {
        let (table, city, members) = (self.table, self.city, self.members);
        let dominated = members
            .iter()
            .any(|&other| other != city && dominates(table, other, city));
        let (weights, lead) = extreme_weights(table, city, members, &self.columns, false)?;
        let weights = self.spread(&weights);
        if lead >= -TIE && !dominated {
            Some(Reached {
                rank: 1,
                exact: true,
                weights,
            })
        } else {
            self.found(weights, |a, b| a < b)
        }
    }

    fn worst(&self) -> Option<Reached> {
        let (weights, lead) =
            extreme_weights(self.table, self.city, self.members, &self.columns, true)?;
        let weights = self.spread(&weights);
        if lead >= -TIE {
            Some(Reached {
                rank: self.rank_under(&weights)?,
                exact: true,
                weights,
            })
        } else {
            self.found(weights, |a, b| a > b)
        }
    }
}

/// The best rank `city` can reach among `members` under any non-negative weights on the
/// indicators every member has a value on, ties broken by `order`: first, exactly, when it
/// can be first, and otherwise the heuristic's best. `None` if there are no such indicators,
/// or the solver fails.
pub fn best_rank(
    table: &IndicatorScores,
    order: &NameOrder,
    city: usize,
    members: &[usize],
) -> Option<Reached> {
    Setting::new(table, order, city, members)?.best()
}

/// The best and worst ranks `city` can reach among `members`, as [`best_rank`] finds the best;
/// `None` if there are no indicators every member has a value on, or the solver fails.
pub fn reach(
    table: &IndicatorScores,
    order: &NameOrder,
    city: usize,
    members: &[usize],
) -> Option<Reach> {
    let setting = Setting::new(table, order, city, members)?;
    Some(Reach {
        best: setting.best()?,
        worst: setting.worst()?,
        indicators: setting.columns,
    })
}
