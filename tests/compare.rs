//! Dominance and the explanation of a pair's order.

use ai_cities_index::domain::compare::{dominates, dominators, explain, pair};
use ai_cities_index::domain::score::{
    Aggregation, IndicatorScores, Method, Normalisation, Weights, city_score,
};
use ai_cities_index::domain::synthetic;
use proptest::prelude::*;

proptest! {
    /// The promise dominance makes: no weighting, under any normalisation or aggregation,
    /// puts the dominated city above the one that dominates it.
    #[test]
    fn no_weighting_puts_a_dominated_city_above_its_dominator(
        seed in any::<u64>(),
        weights in proptest::collection::vec(0.0f64..10.0, 4),
        normalisation in 0usize..3,
        geometric in any::<bool>(),
    ) {
        let data = synthetic::generate(30, 4, seed);
        let method = Method {
            normalisation: Normalisation::ALL[normalisation],
            aggregation: if geometric { Aggregation::Geometric } else { Aggregation::Arithmetic },
            ..Method::default()
        };
        let table = IndicatorScores::compute_with(method, data.indicators(), data.cities());
        let weights = Weights::from_values(weights);
        for worse in 0..data.cities().len() {
            for better in dominators(&table, worse, 0..data.cities().len()) {
                let (b, w) = (city_score(&table, &weights, better), city_score(&table, &weights, worse));
                prop_assert_eq!(b.coverage, w.coverage);
                if let (Some(b), Some(w)) = (b.score, w.score) {
                    prop_assert!(b >= w - 1e-9, "{} dominates {} yet scores {} < {}", better, worse, b, w);
                }
            }
        }
    }
}

#[test]
fn a_city_better_everywhere_dominates_and_the_sentence_names_why() {
    let data = synthetic::generate(40, 3, 11);
    let table = IndicatorScores::compute(data.indicators(), data.cities());
    let found = (0..40)
        .flat_map(|a| (0..40).map(move |b| (a, b)))
        .find(|&(a, b)| dominates(&table, a, b));
    let (better, worse) = found.expect("forty random cities hold a dominated pair");
    assert!(!dominates(&table, worse, better));
    let weights = Weights::from_sliders(&[1, 1, 1]);
    let compared = pair(&table, &weights, better, worse);
    let sentence = explain(&compared, ("Alpha", "Beta"), data.indicators());
    assert!(
        sentence.starts_with("Alpha is above Beta mainly because of "),
        "{sentence}"
    );
    assert!(
        sentence.ends_with("Beta leads on nothing you weight."),
        "{sentence}"
    );
    let reversed = explain(
        &pair(&table, &weights, worse, better),
        ("Beta", "Alpha"),
        data.indicators(),
    );
    assert!(reversed.starts_with("Alpha is above Beta"), "{reversed}");
    let lead: f64 = compared.parts.iter().map(|part| part.lead()).sum();
    let gap = compared.first_score.expect("a score") - compared.second_score.expect("a score");
    assert!(
        (lead - gap).abs() < 1e-9,
        "the parts' leads add up to the gap"
    );
}
