//! Best and worst ranks: small cases checked by hand, the promise about dominance, and the
//! weights reported for an exact answer checked against every rival.

use ai_cities_index::domain::dataset::{Dataset, Direction, Transform};
use ai_cities_index::domain::reach::{best_rank, reach};
use ai_cities_index::domain::score::{IndicatorScores, NameOrder};
use proptest::prelude::*;

mod common;
use common::{dataset, indicator};

/// Cities named by letter, each with its values on indicators `a` and `b`.
fn two_indicator_dataset(rows: &[(&str, [f64; 2])]) -> Dataset {
    let indicators = ["a", "b"]
        .map(|id| indicator(id, Direction::HigherIsBetter, Transform::Linear))
        .to_vec();
    dataset(
        indicators,
        rows.iter()
            .map(|(name, values)| (*name, values.iter().map(|&v| Some(v)).collect()))
            .collect(),
    )
}

fn reach_of(rows: &[(&str, [f64; 2])], city: usize) -> ai_cities_index::domain::reach::Reach {
    let data = two_indicator_dataset(rows);
    let table = IndicatorScores::compute(data.indicators(), data.cities());
    let members: Vec<usize> = (0..rows.len()).collect();
    reach(&table, &NameOrder::new(data.cities()), city, &members).expect("a reach")
}

#[test]
fn a_balanced_city_leads_when_its_smallest_lead_is_positive() {
    // Min–max keeps the values: A (100, 0), B (0, 100), C (60, 60). With equal weights C scores
    // 60 against 50 and 50, a lead of 10, the largest any weights give it.
    let found = reach_of(
        &[
            ("A", [100.0, 0.0]),
            ("B", [0.0, 100.0]),
            ("C", [60.0, 60.0]),
        ],
        2,
    );
    assert_eq!(found.best.rank, 1);
    assert!(found.best.exact);
    assert!(
        (found.best.weights[0] - 0.5).abs() < 1e-6 && (found.best.weights[1] - 0.5).abs() < 1e-6
    );
    // All weight on a: A 100, C 60, B 0: second, and no weights put it last.
    assert_eq!(found.worst.rank, 2);
    assert!(!found.worst.exact);
}

#[test]
fn a_city_that_is_nowhere_best_cannot_be_first() {
    // C (40, 40): its largest smallest lead is −10, at equal weights, so it is never first; one
    // indicator alone puts it second.
    let found = reach_of(
        &[
            ("A", [100.0, 0.0]),
            ("B", [0.0, 100.0]),
            ("C", [40.0, 40.0]),
        ],
        2,
    );
    assert_eq!(found.best.rank, 2);
    assert!(!found.best.exact);
    // Equal weights put it behind both: last, exactly.
    assert_eq!(found.worst.rank, 3);
    assert!(found.worst.exact);
}

#[test]
fn a_dominated_city_is_never_reported_as_able_to_be_first() {
    // C beats D on both indicators, so no weights put D first: second at best.
    let found = reach_of(
        &[("C", [60.0, 60.0]), ("D", [50.0, 30.0]), ("E", [0.0, 0.0])],
        1,
    );
    assert_eq!(found.best.rank, 2);
    assert!(!found.best.exact);
    // Where D only ties C on a, the programme's best lead is 0, a tie; C still dominates D, so
    // D is not reported as exactly able to be first, though a alone ties it for first.
    let tied = reach_of(
        &[("C", [60.0, 60.0]), ("D", [60.0, 30.0]), ("E", [0.0, 0.0])],
        1,
    );
    assert!(!tied.best.exact);
}

proptest! {
    #[test]
    fn exact_answers_hold_against_every_rival_and_a_lone_lead_can_be_first(
        rows in proptest::collection::vec(proptest::collection::vec(0u8..=20, 3), 3..10),
    ) {
        let indicators = ["a", "b", "c"]
            .map(|id| indicator(id, Direction::HigherIsBetter, Transform::Linear))
            .to_vec();
        let names: Vec<String> = (0..rows.len()).map(|i| format!("City {i:02}")).collect();
        let data = dataset(
            indicators,
            names
                .iter()
                .zip(&rows)
                .map(|(name, values)| (name.as_str(), values.iter().map(|&v| Some(f64::from(v))).collect()))
                .collect(),
        );
        let table = IndicatorScores::compute(data.indicators(), data.cities());
        let order = NameOrder::new(data.cities());
        let members: Vec<usize> = (0..rows.len()).collect();
        let term = |city: usize, weights: &[f64]| -> f64 {
            (0..3).map(|k| weights[k] * table.term(city, k).unwrap_or(0.0)).sum()
        };
        for city in 0..rows.len() {
            let found = reach(&table, &order, city, &members).expect("a reach");
            prop_assert_eq!(best_rank(&table, &order, city, &members), Some(found.best.clone()));
            let rivals = members.iter().filter(|&&m| m != city);
            if found.best.exact {
                let own = term(city, &found.best.weights);
                for &rival in rivals.clone() {
                    prop_assert!(term(rival, &found.best.weights) <= own + 1e-6);
                }
            }
            if found.worst.exact {
                let own = term(city, &found.worst.weights);
                for &rival in rivals.clone() {
                    prop_assert!(term(rival, &found.worst.weights) >= own - 1e-6);
                }
            }
            let leads_alone = (0..3).any(|k| {
                rivals.clone().all(|&rival| table.term(rival, k) < table.term(city, k))
            });
            if leads_alone {
                prop_assert!(found.best.exact && found.best.rank == 1, "{:?}", rows);
            }
        }
    }
}
