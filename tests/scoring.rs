//! Scoring and ranking: unit tests of the documented method, and property tests against it.

use ai_cities_index::domain::dataset::{Dataset, Direction, Kind, Scope, Transform};
use ai_cities_index::domain::score::{
    Aggregation, Basis, FLAT_INDICATOR_SCORE, IndicatorScores, Method, NameOrder, Normalisation,
    Ranking, SCORE_RESOLUTION, Unranked, Weights, city_score, contributions, rank,
};
use ai_cities_index::domain::synthetic;
use ai_cities_index::domain::top_list;
use proptest::prelude::*;

mod common;
use common::{dataset, indicator};

fn ranking_of(dataset: &Dataset, weights: &[f64]) -> Ranking {
    let table = IndicatorScores::compute(dataset.indicators(), dataset.cities());
    rank(
        &table,
        &Weights::from_values(weights.iter().copied()),
        &NameOrder::new(dataset.cities()),
        0..dataset.cities().len(),
        0.0,
    )
}

fn names(dataset: &Dataset, ranking: &Ranking) -> Vec<(String, Option<u32>)> {
    ranking
        .entries
        .iter()
        .map(|e| (dataset.cities()[e.city].name.clone(), e.rank))
        .collect()
}

#[test]
fn min_max_maps_the_range_to_0_and_100() {
    let data = dataset(
        vec![indicator("a", Direction::HigherIsBetter, Transform::Linear)],
        vec![
            ("X", vec![Some(10.0)]),
            ("Y", vec![Some(20.0)]),
            ("Z", vec![Some(15.0)]),
        ],
    );
    let table = IndicatorScores::compute(data.indicators(), data.cities());
    assert_eq!(table.get(0, 0), Some(0.0));
    assert_eq!(table.get(1, 0), Some(100.0));
    assert_eq!(table.get(2, 0), Some(50.0));
}

#[test]
fn lower_is_better_inverts_and_log_compresses() {
    let data = dataset(
        vec![
            indicator("rank", Direction::LowerIsBetter, Transform::Linear),
            indicator("count", Direction::HigherIsBetter, Transform::Log),
        ],
        vec![
            ("X", vec![Some(1.0), Some(0.0)]),
            ("Y", vec![Some(10.0), Some(9.0)]),
            ("Z", vec![Some(4.0), Some(99.0)]),
        ],
    );
    let table = IndicatorScores::compute(data.indicators(), data.cities());
    assert_eq!(table.get(0, 0), Some(100.0));
    assert_eq!(table.get(1, 0), Some(0.0));
    // ln(1+9) / ln(1+99) = 0.5 exactly in real numbers.
    let log_score = table.get(1, 1).expect("value present");
    assert!((log_score - 50.0).abs() < 1e-9, "{log_score}");
}

#[test]
fn an_indicator_without_spread_scores_everyone_the_same() {
    let data = dataset(
        vec![indicator("a", Direction::HigherIsBetter, Transform::Linear)],
        vec![
            ("X", vec![Some(3.0)]),
            ("Y", vec![Some(3.0)]),
            ("Z", vec![None]),
        ],
    );
    let table = IndicatorScores::compute(data.indicators(), data.cities());
    assert_eq!(table.get(0, 0), Some(FLAT_INDICATOR_SCORE));
    assert_eq!(table.get(2, 0), None);
}

#[test]
fn a_missing_value_is_left_out_not_counted_as_zero() {
    let data = dataset(
        vec![
            indicator("a", Direction::HigherIsBetter, Transform::Linear),
            indicator("b", Direction::HigherIsBetter, Transform::Linear),
        ],
        vec![
            ("X", vec![Some(10.0), None]),
            ("Y", vec![Some(0.0), Some(5.0)]),
            ("Z", vec![Some(5.0), Some(0.0)]),
        ],
    );
    let table = IndicatorScores::compute(data.indicators(), data.cities());
    let weights = Weights::from_sliders(&[1, 3]);
    let x = ai_cities_index::domain::score::city_score(&table, &weights, 0);
    assert_eq!(x.score, Some(100.0));
    assert!((x.coverage - 0.25).abs() < 1e-12);
    let parts = contributions(&table, &weights, 0);
    assert_eq!(parts, vec![Some(100.0), None]);
}

#[test]
fn ties_share_a_rank_and_are_ordered_by_name() {
    let data = dataset(
        vec![indicator("a", Direction::HigherIsBetter, Transform::Linear)],
        vec![
            ("Delta", vec![Some(1.0)]),
            ("Charlie", vec![Some(5.0)]),
            ("Bravo", vec![Some(5.0)]),
            ("Alpha", vec![Some(9.0)]),
            ("Echo", vec![None]),
        ],
    );
    let ranking = ranking_of(&data, &[1.0]);
    assert_eq!(
        names(&data, &ranking),
        vec![
            ("Alpha".into(), Some(1)),
            ("Bravo".into(), Some(2)),
            ("Charlie".into(), Some(2)),
            ("Delta".into(), Some(4)),
            ("Echo".into(), None),
        ]
    );
}

#[test]
fn all_weights_at_zero_is_a_no_weights_state_not_nan() {
    let data = synthetic::generate(10, 3, 4);
    let ranking = ranking_of(&data, &[0.0, 0.0, 0.0]);
    assert!(ranking.no_weights);
    assert_eq!(ranking.entries.len(), 10);
    assert!(
        ranking
            .entries
            .iter()
            .all(|e| e.rank.is_none() && e.score.is_none())
    );
}

#[test]
fn a_sparse_city_can_pass_the_leader_when_its_missing_values_renormalise() {
    // Documented limit of renormalising over present values: the leader on `b` (X) has a
    // low score on `a`, while Y has no `a` at all, so raising `b` lifts Y faster than X.
    let data = dataset(
        vec![
            indicator("a", Direction::HigherIsBetter, Transform::Linear),
            indicator("b", Direction::HigherIsBetter, Transform::Linear),
        ],
        vec![
            ("X", vec![Some(5.0), Some(100.0)]),
            ("Y", vec![None, Some(99.0)]),
            ("Z", vec![Some(10.0), Some(0.0)]),
        ],
    );
    let before = ranking_of(&data, &[10.0, 0.0]);
    let after = ranking_of(&data, &[10.0, 1.0]);
    let rank_of = |r: &Ranking, city| r.rank_by_city(3)[city];
    assert_eq!(rank_of(&before, 0), Some(2));
    assert_eq!(rank_of(&after, 1), Some(1));
    assert_eq!(
        rank_of(&after, 0),
        Some(3),
        "X leads b, yet raising b moved it down"
    );
}

fn complete_dataset() -> impl Strategy<Value = (Dataset, Vec<f64>)> {
    (2usize..30, 1usize..6).prop_flat_map(|(cities, indicators)| {
        (
            proptest::collection::vec(
                proptest::collection::vec(0.0f64..1000.0, indicators),
                cities,
            ),
            proptest::collection::vec(0u8..=10, indicators),
            proptest::collection::vec(any::<bool>(), indicators),
        )
            .prop_map(move |(rows, weights, lower)| {
                let indicators = lower
                    .iter()
                    .enumerate()
                    .map(|(i, &lower)| {
                        let id = ["a", "b", "c", "d", "e", "f"][i];
                        let direction = if lower {
                            Direction::LowerIsBetter
                        } else {
                            Direction::HigherIsBetter
                        };
                        let transform = if i % 2 == 0 {
                            Transform::Log
                        } else {
                            Transform::Linear
                        };
                        indicator(id, direction, transform)
                    })
                    .collect();
                let names: Vec<String> = (0..rows.len()).map(|i| format!("City{i:03}")).collect();
                let rows = names
                    .iter()
                    .zip(rows)
                    .map(|(name, values)| (name.as_str(), values.into_iter().map(Some).collect()))
                    .collect();
                (
                    dataset(indicators, rows),
                    weights.into_iter().map(f64::from).collect(),
                )
            })
    })
}

fn sparse_dataset() -> impl Strategy<Value = (Dataset, Vec<f64>, Vec<bool>)> {
    (1usize..40, 1usize..8, any::<u64>()).prop_flat_map(|(cities, indicators, seed)| {
        (
            Just(synthetic::generate(cities, indicators, seed)),
            proptest::collection::vec(0.0f64..10.0, indicators),
            proptest::collection::vec(any::<bool>(), cities),
        )
    })
}

proptest! {
    #[test]
    fn the_ranking_orders_as_a_comparison_sort_by_score_then_name((data, weights, _) in sparse_dataset()) {
        let table = IndicatorScores::compute(data.indicators(), data.cities());
        let weights = Weights::from_values(weights);
        let order = NameOrder::new(data.cities());
        let mut name_position = vec![0; data.cities().len()];
        for (position, city) in order.cities().enumerate() {
            name_position[city] = position;
        }
        let mut expected: Vec<(Option<u64>, usize, usize)> = (0..data.cities().len())
            .map(|city| {
                let score = city_score(&table, &weights, city).score;
                let steps = score.map(|s| (s / SCORE_RESOLUTION).round() as u64);
                (steps, name_position[city], city)
            })
            .collect();
        expected.sort_by(|a, b| match (a.0, b.0) {
            (Some(x), Some(y)) => y.cmp(&x).then(a.1.cmp(&b.1)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.1.cmp(&b.1),
        });
        let ranking = rank(&table, &weights, &order, 0..data.cities().len(), 0.0);
        let listed: Vec<usize> = ranking.entries.iter().map(|e| e.city).collect();
        let expected: Vec<usize> = expected.into_iter().map(|(_, _, city)| city).collect();
        prop_assert_eq!(listed, expected);
    }

    #[test]
    fn the_ranking_is_a_permutation_of_the_filtered_cities((data, weights, keep) in sparse_dataset()) {
        let table = IndicatorScores::compute(data.indicators(), data.cities());
        let members: Vec<usize> = keep.iter().enumerate().filter(|(_, k)| **k).map(|(i, _)| i).collect();
        let ranking = rank(&table, &Weights::from_values(weights), &NameOrder::new(data.cities()), members.clone(), 0.0);
        let mut listed: Vec<usize> = ranking.entries.iter().map(|e| e.city).collect();
        listed.sort_unstable();
        prop_assert_eq!(listed, members);
    }

    #[test]
    fn scores_stay_within_0_and_100_and_ranks_follow_scores((data, weights, _) in sparse_dataset()) {
        let ranking = ranking_of(&data, &weights);
        let table = IndicatorScores::compute(data.indicators(), data.cities());
        let weights = Weights::from_values(weights);
        let mut previous: Option<(f64, u32)> = None;
        let mut seen_unscored = false;
        for (place, entry) in ranking.entries.iter().enumerate() {
            match (entry.score, entry.rank) {
                (Some(score), Some(rank)) => {
                    prop_assert!(!seen_unscored, "a scored city after an unscored one");
                    prop_assert!((0.0..=100.0).contains(&score));
                    prop_assert!(rank as usize <= place + 1);
                    if let Some((previous_score, previous_rank)) = previous {
                        prop_assert!(score <= previous_score + 1e-6);
                        prop_assert!(rank >= previous_rank);
                    }
                    previous = Some((score, rank));
                }
                (None, None) => seen_unscored = true,
                other => prop_assert!(false, "score and rank disagree: {:?}", other),
            }
            let coverage = city_score(&table, &weights, entry.city).coverage;
            prop_assert!((0.0..=1.0 + 1e-12).contains(&coverage));
        }
    }

    #[test]
    fn scaling_every_weight_changes_nothing((data, weights, _) in sparse_dataset(), k in 1u32..50) {
        let scaled: Vec<f64> = weights.iter().map(|w| w * f64::from(k)).collect();
        let base = ranking_of(&data, &weights);
        let after = ranking_of(&data, &scaled);
        let order = |r: &Ranking| r.entries.iter().map(|e| (e.city, e.rank)).collect::<Vec<_>>();
        prop_assert_eq!(order(&base), order(&after));
        for (a, b) in base.entries.iter().zip(&after.entries) {
            match (a.score, b.score) {
                (Some(x), Some(y)) => prop_assert!((x - y).abs() <= SCORE_RESOLUTION + 1e-9),
                (x, y) => prop_assert_eq!(x, y),
            }
        }
    }

    #[test]
    fn contributions_add_up_to_the_score((data, weights, _) in sparse_dataset()) {
        let table = IndicatorScores::compute(data.indicators(), data.cities());
        let weights = Weights::from_values(weights);
        for city in 0..data.cities().len() {
            let score = ai_cities_index::domain::score::city_score(&table, &weights, city);
            let sum: f64 = contributions(&table, &weights, city).into_iter().flatten().sum();
            prop_assert!((score.score.unwrap_or(0.0) - sum).abs() < 1e-9);
        }
    }

    /// Where every city has every value, raising an indicator's weight never lowers the rank
    /// of the city that leads it (see the test above for why missing values are excluded).
    #[test]
    fn raising_a_weight_never_lowers_the_leaders_rank(
        (data, weights) in complete_dataset(), pick in any::<prop::sample::Index>(), raise in 1u8..=10
    ) {
        let indicator = pick.index(weights.len());
        let table = IndicatorScores::compute(data.indicators(), data.cities());
        let leaders: Vec<usize> = (0..data.cities().len())
            .filter(|&c| table.get(c, indicator) == Some(100.0))
            .collect();
        let mut raised = weights.clone();
        raised[indicator] += f64::from(raise);
        let before = ranking_of(&data, &weights).rank_by_city(data.cities().len());
        let after = ranking_of(&data, &raised).rank_by_city(data.cities().len());
        for leader in leaders {
            let (b, a) = (before[leader].unwrap_or(u32::MAX), after[leader].expect("the leader is scored"));
            prop_assert!(a <= b, "leader {} went from {} to {}", leader, b, a);
        }
    }
}

proptest! {
    /// The coverage rule, stated precisely: every city that holds a rank has data covering at
    /// least the minimum share of the total weight, and a city below that share holds no rank
    /// and is listed after every ranked city. So no city outranks another while more than
    /// `1 − min_coverage` of the weight falls on indicators it has no data for.
    #[test]
    fn under_the_coverage_rule_no_city_outranks_another_on_weight_it_has_no_data_for(
        (data, weights, _) in sparse_dataset(),
        min_coverage in 0.0f64..=1.0,
    ) {
        let table = IndicatorScores::compute(data.indicators(), data.cities());
        let weights = Weights::from_values(weights);
        let names = NameOrder::new(data.cities());
        let ranking = rank(&table, &weights, &names, 0..data.cities().len(), min_coverage);
        let mut seen_unranked = false;
        for entry in &ranking.entries {
            let coverage = city_score(&table, &weights, entry.city).coverage;
            match entry.rank {
                Some(_) => {
                    prop_assert!(!seen_unranked, "a ranked city is listed after an unranked one");
                    prop_assert!(coverage * weights.total() >= min_coverage * weights.total() - 1e-9);
                    prop_assert_eq!(entry.unranked, None);
                }
                None => {
                    seen_unranked = true;
                    let expected = if coverage > 0.0 { Unranked::TooLittleData } else { Unranked::NoData };
                    prop_assert_eq!(entry.unranked, Some(expected));
                }
            }
        }
    }

    /// Being on a top-N list, at any place, never scores below being off it, on its points
    /// and on the 0–100 score made from them.
    #[test]
    fn a_listed_city_never_scores_below_an_unlisted_one(
        size in 1u16..=20,
        places in proptest::collection::vec(proptest::option::of(1usize..=20), 2..30),
    ) {
        let points: Vec<f64> = places.iter().map(|&place| top_list::points(place, size)).collect();
        let on_list = |place: Option<usize>| place.is_some_and(|p| p <= usize::from(size));
        let mut list = indicator("list", Direction::HigherIsBetter, Transform::Linear);
        list.kind = Kind::TopList { size };
        let names: Vec<String> = (0..points.len()).map(|i| format!("City{i:03}")).collect();
        let rows = names.iter().zip(&points).map(|(n, &p)| (n.as_str(), vec![Some(p)])).collect();
        let data = dataset(vec![list], rows);
        let table = IndicatorScores::compute(data.indicators(), data.cities());
        for (a, &place_a) in places.iter().enumerate() {
            for (b, &place_b) in places.iter().enumerate() {
                if on_list(place_a) && !on_list(place_b) {
                    prop_assert!(points[a] > points[b]);
                    prop_assert!(table.get(a, 0) >= table.get(b, 0));
                }
            }
            prop_assert_eq!(top_list::place(points[a], size).map(usize::from), place_a.filter(|_| on_list(place_a)));
        }
    }
}

#[test]
fn per_capita_divides_counts_by_the_population_in_millions_and_drops_national_figures() {
    let mut count = indicator("count", Direction::HigherIsBetter, Transform::Linear);
    count.kind = Kind::Count;
    let mut list = indicator("list", Direction::HigherIsBetter, Transform::Linear);
    list.kind = Kind::TopList { size: 3 };
    let mut national = indicator("national", Direction::HigherIsBetter, Transform::Linear);
    national.scope = Scope::National;
    national.kind = Kind::Measure;
    let mut raw = dataset(
        vec![count, list, national],
        vec![
            ("Big", vec![Some(100.0), Some(3.0), Some(5.0)]),
            ("Small", vec![Some(10.0), Some(0.0), Some(5.0)]),
            ("Unknown", vec![Some(50.0), Some(2.0), Some(5.0)]),
        ],
    )
    .raw()
    .clone();
    raw.cities[0].population = Some(10e6);
    raw.cities[1].population = Some(0.5e6);
    let data = Dataset::validate(raw).expect("valid");
    let (indicators, cities) = (data.indicators(), data.cities());
    let per = Basis::PerMillion;
    assert_eq!(per.value(&indicators[0], &cities[0], 0), Some(10.0));
    assert_eq!(per.value(&indicators[0], &cities[1], 0), Some(20.0));
    assert_eq!(
        per.value(&indicators[0], &cities[2], 0),
        None,
        "no population, no figure"
    );
    assert_eq!(
        per.value(&indicators[1], &cities[1], 1),
        Some(0.0),
        "a list is not divided"
    );
    assert_eq!(
        per.value(&indicators[2], &cities[0], 2),
        None,
        "national: not applicable"
    );
    let method = Method {
        basis: per,
        ..Method::default()
    };
    let table = IndicatorScores::compute_with(method, indicators, cities);
    assert_eq!(table.get(1, 0), Some(100.0), "Small leads per head");
    assert_eq!(table.get(0, 2), None);
    let weights = Weights::on_basis(&[1, 1, 5], indicators, per);
    assert_eq!(weights.as_slice(), &[1.0, 1.0, 0.0]);
    let ranking = rank(&table, &weights, &NameOrder::new(cities), 0..3, 0.5);
    let order: Vec<usize> = ranking.entries.iter().map(|e| e.city).collect();
    assert_eq!(
        order,
        vec![2, 0, 1],
        "Unknown ranks on its list points alone: 50% coverage"
    );
    let ranks: Vec<Option<u32>> = ranking.entries.iter().map(|e| e.rank).collect();
    assert_eq!(
        ranks,
        vec![Some(1), Some(2), Some(2)],
        "Big and Small tie at 50"
    );
    let stricter = rank(&table, &weights, &NameOrder::new(cities), 0..3, 0.51);
    assert_eq!(stricter.entries[2].unranked, Some(Unranked::TooLittleData));
}

proptest! {
    /// Every normalisation gives the best value 100 and keeps the order of the values.
    #[test]
    fn each_normalisation_maps_the_best_to_100_and_keeps_the_order(
        values in proptest::collection::vec(0.0f64..1e6, 2..30),
        lower in any::<bool>(),
        pick in 0usize..3,
    ) {
        let normalisation = [Normalisation::MinMax, Normalisation::Percentile, Normalisation::ShareOfLeader][pick];
        let direction = if lower { Direction::LowerIsBetter } else { Direction::HigherIsBetter };
        let names: Vec<String> = (0..values.len()).map(|i| format!("City{i:03}")).collect();
        let rows = names.iter().zip(&values).map(|(n, &v)| (n.as_str(), vec![Some(v)])).collect();
        let data = dataset(vec![indicator("a", direction, Transform::Linear)], rows);
        let method = Method { normalisation, ..Method::default() };
        let table = IndicatorScores::compute_with(method, data.indicators(), data.cities());
        let better = |a: f64, b: f64| if lower { a < b } else { a > b };
        let spread = values.iter().any(|&v| v != values[0]);
        for (a, &va) in values.iter().enumerate() {
            let score = table.get(a, 0).expect("a value");
            prop_assert!((0.0..=100.0).contains(&score));
            let best = values.iter().all(|&v| !better(v, va));
            if best && spread {
                prop_assert!((score - 100.0).abs() < 1e-9, "the best scores {}", score);
            }
            for (b, &vb) in values.iter().enumerate() {
                if better(va, vb) {
                    prop_assert!(score >= table.get(b, 0).expect("a value"));
                }
            }
        }
    }
}

#[test]
fn the_geometric_mean_of_complete_equal_weight_data_has_its_closed_form() {
    let data = dataset(
        vec![
            indicator("a", Direction::HigherIsBetter, Transform::Linear),
            indicator("b", Direction::HigherIsBetter, Transform::Linear),
        ],
        vec![
            ("Low", vec![Some(0.0), Some(0.0)]),
            ("Mid", vec![Some(10.0), Some(5.0)]),
            ("High", vec![Some(20.0), Some(10.0)]),
        ],
    );
    let method = Method {
        aggregation: Aggregation::Geometric,
        ..Method::default()
    };
    let table = IndicatorScores::compute_with(method, data.indicators(), data.cities());
    let weights = Weights::from_sliders(&[1, 1]);
    // Min–max gives Mid 50 on both, so (√(51 · 51)) − 1 = 50; an unbalanced city is pulled
    // below its arithmetic mean.
    let mid = city_score(&table, &weights, 1).score.expect("a score");
    assert!((mid - 50.0).abs() < 1e-9, "{mid}");
    assert_eq!(city_score(&table, &weights, 0).score, Some(0.0));
    assert!((city_score(&table, &weights, 2).score.expect("a score") - 100.0).abs() < 1e-9);
    let unbalanced = dataset(
        vec![
            indicator("a", Direction::HigherIsBetter, Transform::Linear),
            indicator("b", Direction::HigherIsBetter, Transform::Linear),
        ],
        vec![
            ("X", vec![Some(0.0), Some(100.0)]),
            ("Y", vec![Some(100.0), Some(0.0)]),
            ("Z", vec![Some(100.0), Some(100.0)]),
        ],
    );
    let table = IndicatorScores::compute_with(method, unbalanced.indicators(), unbalanced.cities());
    let x = city_score(&table, &weights, 0).score.expect("a score");
    assert!((x - (101.0f64.sqrt() - 1.0)).abs() < 1e-9, "{x}");
    let parts: f64 = contributions(&table, &weights, 0)
        .into_iter()
        .flatten()
        .sum();
    assert!((parts - x).abs() < 1e-9, "the parts sum to the score");
}

#[test]
fn shares_of_the_total_weight_split_it_and_are_zero_with_nothing_weighted() {
    let weights = Weights::from_sliders(&[3, 1, 0, 4]);
    assert!((weights.share([0]) - 0.375).abs() < 1e-12);
    assert_eq!(weights.share([2]), 0.0);
    assert!((weights.share([0, 1]) - 0.5).abs() < 1e-12);
    assert!((weights.share(0..4) - 1.0).abs() < 1e-12);
    assert_eq!(weights.share([9]), 0.0);
    assert_eq!(Weights::from_sliders(&[0, 0]).share([0]), 0.0);
}
