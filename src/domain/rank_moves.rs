//! Who moved most between two rankings of the same cities: what the page's one-line summary of
//! a change says ("Toronto ▲5, Austin ▼7").

/// A city's move between two rankings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RankMove {
    /// The city's index in the dataset.
    pub city: usize,
    /// Places gained: positive when it rose, negative when it fell.
    pub places_gained: i64,
}

/// The at most `count` cities whose rank changed most from `before` to `after` (each a rank per
/// city in dataset order, `None` for a city without one), largest move first. Only cities ranked
/// in both count: a city that gains or loses a rank has no number of places to report. Equal
/// moves come in order of the rank after, then of the city's index, so the summary is the same
/// for the same change.
pub fn largest_moves(before: &[Option<u32>], after: &[Option<u32>], count: usize) -> Vec<RankMove> {
    let mut moves: Vec<(RankMove, u32)> = before
        .iter()
        .zip(after)
        .enumerate()
        .filter_map(|(city, (&before, &after))| {
            let (before, after) = (before?, after?);
            let places_gained = i64::from(before) - i64::from(after);
            (places_gained != 0).then_some((
                RankMove {
                    city,
                    places_gained,
                },
                after,
            ))
        })
        .collect();
    moves.sort_unstable_by_key(|&(m, after)| {
        (std::cmp::Reverse(m.places_gained.abs()), after, m.city)
    });
    moves.into_iter().take(count).map(|(m, _)| m).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_largest_moves_come_first_and_unchanged_or_unranked_cities_are_left_out() {
        let before = [Some(1), Some(2), Some(3), Some(4), None, Some(6)];
        let after = [Some(4), Some(1), Some(2), Some(3), Some(5), None];
        assert_eq!(
            largest_moves(&before, &after, 2),
            vec![
                RankMove {
                    city: 0,
                    places_gained: -3
                },
                RankMove {
                    city: 1,
                    places_gained: 1
                },
            ]
        );
        assert!(largest_moves(&before, &before, 3).is_empty());
    }

    proptest! {
        #[test]
        fn no_city_left_out_moved_more_than_one_reported(
            ranks in proptest::collection::vec((proptest::option::of(1u32..80), proptest::option::of(1u32..80)), 0..60),
            count in 0usize..6,
        ) {
            let (before, after): (Vec<_>, Vec<_>) = ranks.into_iter().unzip();
            let moves = largest_moves(&before, &after, count);
            prop_assert!(moves.len() <= count);
            prop_assert!(moves.windows(2).all(|w| w[0].places_gained.abs() >= w[1].places_gained.abs()));
            let smallest = moves.last().map_or(i64::MAX, |m| m.places_gained.abs());
            for (city, (b, a)) in before.iter().zip(&after).enumerate() {
                let reported = moves.iter().find(|m| m.city == city);
                match (b, a, reported) {
                    (Some(b), Some(a), Some(m)) => prop_assert_eq!(m.places_gained, i64::from(*b) - i64::from(*a)),
                    (Some(b), Some(a), None) if moves.len() == count => {
                        prop_assert!((i64::from(*b) - i64::from(*a)).abs() <= smallest);
                    }
                    (Some(b), Some(a), None) => prop_assert_eq!(b, a),
                    (_, _, reported) => prop_assert!(reported.is_none()),
                }
            }
        }
    }
}
