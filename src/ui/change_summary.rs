//! The one line under the ranking's heading that says who moved most after a change of the
//! weights or the method ("Toronto ▲5, Austin ▼7"), announced politely to screen readers.

use leptos::prelude::*;

use super::effect;
use super::model::Model;
use crate::domain::rank_moves::{RankMove, largest_moves};

/// How many cities the summary names.
const NAMED: usize = 3;

/// What the summary says.
#[derive(Debug, Clone, PartialEq)]
enum Summary {
    /// Nothing: the first view, or a change of which cities show.
    Quiet,
    /// The ranks are as they were before the change.
    NoneMoved,
    /// The cities that moved most, by name, with the places each gained.
    Moved(Vec<(String, i64)>),
}

/// The cities that moved, with the places each gained, as shown ("Toronto ▲5, Austin ▼7") and
/// as spoken ("Toronto up 5 places, Austin down 7 places").
fn moved_texts(moves: &[(String, i64)]) -> (String, String) {
    let each = |text: fn(&str, i64) -> String| {
        moves
            .iter()
            .map(|(name, gained)| text(name, *gained))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let shown = each(|name, gained| {
        let arrow = if gained > 0 { '▲' } else { '▼' };
        format!("{name} {arrow}{}", gained.abs())
    });
    let spoken = each(|name, gained| {
        let way = if gained > 0 { "up" } else { "down" };
        let places = gained.abs();
        let plural = if places == 1 { "" } else { "s" };
        format!("{name} {way} {places} place{plural}")
    });
    (shown, spoken)
}

/// The summary of the last change. A drag is one change, summed up when it ends.
#[component]
pub fn ChangeSummary() -> impl IntoView {
    let model = Model::expect();
    let summary = RwSignal::new(Summary::Quiet);
    let city_count = model.dataset.with_value(|d| d.cities().len());
    // The visible cities and their ranks when the view last settled.
    let settled = StoredValue::new(None::<(Vec<usize>, Vec<Option<u32>>)>);
    effect(move || {
        if model.dragged_weight.with(Option::is_some) {
            return;
        }
        let ranks = model.ranked.with(|r| r.ranking.rank_by_city(city_count));
        let visible = model.visible.get();
        let now = match settled.get_value() {
            Some((was_visible, before)) if was_visible == visible => {
                let moves = largest_moves(&before, &ranks, NAMED);
                if moves.is_empty() {
                    Summary::NoneMoved
                } else {
                    Summary::Moved(model.dataset.with_value(|d| {
                        moves
                            .iter()
                            .filter_map(
                                |&RankMove {
                                     city,
                                     places_gained,
                                 }| {
                                    Some((d.cities().get(city)?.name.clone(), places_gained))
                                },
                            )
                            .collect()
                    }))
                }
            }
            _ => Summary::Quiet,
        };
        settled.set_value(Some((visible, ranks)));
        if summary.with_untracked(|shown| *shown != now) {
            summary.set(now);
        }
    });
    view! {
        <p class="ranking__moves" data-testid="change-summary" role="status">
            {move || summary.with(|s| match s {
                Summary::Quiet => None,
                Summary::NoneMoved => Some(view! { "No city changed rank." }.into_any()),
                Summary::Moved(moves) => {
                    let (shown, spoken) = moved_texts(moves);
                    Some(view! {
                        "Moved most: "
                        <span aria-hidden="true">{shown}</span>
                        <span class="visually-hidden">{spoken}</span>
                    }.into_any())
                }
            })}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_are_shown_with_arrows_and_spoken_in_words() {
        let moves = [("Toronto".to_owned(), 5), ("Austin".to_owned(), -1)];
        assert_eq!(
            moved_texts(&moves),
            (
                "Toronto ▲5, Austin ▼1".to_owned(),
                "Toronto up 5 places, Austin down 1 place".to_owned()
            )
        );
    }
}
