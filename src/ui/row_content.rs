//! What one row of the ranked list shows: its texts, classes and attributes, worked out from
//! plain facts about the city at that place, with no web types, so it is tested natively.
//! [`crate::ui::ranked_list`] binds each field to its element; a new column is a field here and
//! its binding there.

use crate::domain::bands::Band;
use crate::domain::dataset::Group;
use crate::domain::format::{fixed, format_score, movement};
use crate::domain::html::group_class;
use crate::domain::score::{RankedCity, Unranked};

/// What the list knows about the city at one place of the ranking, as [`RowContent::of`] takes
/// it.
pub struct RowFacts<'a> {
    /// The ranking's entry for the city.
    pub entry: RankedCity,
    /// Its id, name and country's name.
    pub label: (&'a str, &'a str, &'a str),
    /// The share of the weight its data covers, 0–1.
    pub coverage: f64,
    /// What each indicator adds to its score, by column.
    pub parts: &'a [Option<f64>],
    /// Each indicator's group, by column: the bar is drawn from them.
    pub groups: &'a [Group],
    /// Its rank under the default weights.
    pub default_rank: Option<u32>,
    /// Its rank band, once the analysis has one.
    pub band: Option<Band>,
    /// How many rows the ranking has.
    pub set_size: usize,
    /// Whether the pointer or keyboard focus is on the city, in the map or the list.
    pub highlighted: bool,
    /// Whether it is the selected city.
    pub selected: bool,
}

/// Everything one row shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RowContent {
    /// The city in the row; `None` for a row past the end of the ranking (while a virtualised
    /// window catches up), which shows nothing.
    pub city: Option<usize>,
    /// The city's id, for `data-city-id`.
    pub id: String,
    pub name: String,
    pub country: String,
    /// The rank, or "–" for a city without one.
    pub rank: String,
    pub score: String,
    /// The classes of the score's text: a fixed box, as wide as four characters ("99.9"), so a
    /// new score lays out that box alone; "100.0" and "no score" take the width they need.
    pub score_class: &'static str,
    /// The movement against the default weights, as a symbol.
    pub movement: String,
    /// The movement in words: the symbol's accessible name.
    pub movement_spoken: String,
    pub movement_class: &'static str,
    /// The stacked contribution bar, as its element's `background-image`.
    pub bar: String,
    /// The rank band and how much of the weight the city's data covers, when short of all.
    pub coverage: String,
    /// The rank band drawn along the row: where it starts and ends along the ranks 1 to
    /// `set_size`, as CSS percentages, each its element's own custom property; both `0%`
    /// without a band.
    pub band: [String; 2],
    pub set_size: usize,
    /// The row's classes, which mark it highlighted or selected.
    pub row_class: &'static str,
    /// Whether it is the selected city, for `aria-current`.
    pub selected: bool,
}

impl RowContent {
    /// A row past the end of a ranking of `set_size` rows.
    pub fn empty(set_size: usize) -> RowContent {
        RowContent {
            set_size,
            row_class: "city-row",
            ..RowContent::default()
        }
    }

    /// The row of the city that `facts` describe.
    pub fn of(facts: RowFacts<'_>) -> RowContent {
        let RowFacts {
            entry,
            label: (id, name, country),
            coverage,
            parts,
            groups,
            default_rank,
            band,
            set_size,
            highlighted,
            selected,
        } = facts;
        let gained = entry
            .rank
            .and_then(|now| Some(i64::from(default_rank?) - i64::from(now)));
        let (movement, movement_spoken) = movement(gained);
        let score = entry.score.map(format_score);
        let data = match (entry.score, entry.unranked) {
            (Some(_), _) | (None, Some(Unranked::TooLittleData)) if coverage < 0.999 => {
                Some(format!("{}% data", fixed(coverage * 100.0, 0)))
            }
            _ => None,
        };
        let drawn = band.map_or_else(|| NO_BAND.map(str::to_owned), |b| band_ends(b, set_size));
        let band = band.map(|b| format!("#{}–{}", b.best, b.worst));
        RowContent {
            city: Some(entry.city),
            id: id.to_owned(),
            name: name.to_owned(),
            country: country.to_owned(),
            rank: entry
                .rank
                .map_or_else(|| "–".into(), |rank| rank.to_string()),
            score_class: if score.as_ref().is_some_and(|s| s.len() <= 4) {
                "city-row__value"
            } else {
                "city-row__value city-row__value--wide"
            },
            score: score.unwrap_or_else(|| match entry.unranked {
                Some(Unranked::TooLittleData) => "too little data".into(),
                _ => "no score".into(),
            }),
            movement,
            movement_spoken,
            movement_class: match gained {
                Some(g) if g > 0 => "city-row__move up",
                Some(g) if g < 0 => "city-row__move down",
                _ => "city-row__move",
            },
            bar: contribution_bar(groups, parts),
            coverage: [band, data]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
            band: drawn,
            set_size,
            row_class: match (highlighted, selected) {
                (false, false) => "city-row",
                (true, false) => "city-row is-highlighted",
                (false, true) => "city-row is-selected",
                (true, true) => "city-row is-highlighted is-selected",
            },
            selected,
        }
    }
}

/// The band of a row without one: drawn, but empty, so the row's foot keeps what it paints
/// whether the analysis has a band for it or not, and a band that comes or goes only repaints.
const NO_BAND: [&str; 2] = ["0%", "0%"];

/// Where the rank band from `band.best` to `band.worst` starts and ends along the ranks 1 to
/// `set_size`: each rank is a cell `100 / set_size` percent wide, so a band of one rank is
/// still drawn.
fn band_ends(band: Band, set_size: usize) -> [String; 2] {
    let cells = set_size.max(1) as f64;
    let at = |rank: u32| (f64::from(rank) / cells * 100.0).clamp(0.0, 100.0);
    [band.best.saturating_sub(1), band.worst].map(|rank| format!("{}%", fixed(at(rank), 2)))
}

/// The stacked contribution bar as one CSS gradient, its element's `background-image`: a band
/// per run of same-group indicators, as wide as the points they add (a score of 100 fills the
/// bar). One property per row keeps a rerank to one DOM write per row.
fn contribution_bar(groups: &[Group], parts: &[Option<f64>]) -> String {
    let mut stops = String::from("linear-gradient(90deg");
    let mut start = 0.0_f64;
    let mut column = 0;
    while column < groups.len() {
        let group = groups[column];
        let mut width = 0.0;
        while column < groups.len() && groups[column] == group {
            width += parts.get(column).copied().flatten().unwrap_or(0.0).max(0.0);
            column += 1;
        }
        let end = (start + width).min(100.0);
        if end > start {
            stops.push_str(&format!(
                ",var(--{}) {}% {}%",
                group_class(group),
                fixed(start, 2),
                fixed(end, 2)
            ));
        }
        start = end;
    }
    stops.push_str(&format!(",transparent {}%)", fixed(start, 2)));
    stops
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(entry: RankedCity, parts: &'a [Option<f64>], groups: &'a [Group]) -> RowFacts<'a> {
        RowFacts {
            entry,
            label: ("lon", "London", "United Kingdom"),
            coverage: 1.0,
            parts,
            groups,
            default_rank: Some(4),
            band: None,
            set_size: 61,
            highlighted: false,
            selected: false,
        }
    }

    #[test]
    fn the_bar_has_one_band_per_group_run_and_skips_empty_ones() {
        let groups = [
            Group::Research,
            Group::Research,
            Group::Industry,
            Group::Recognition,
        ];
        let bar = contribution_bar(&groups, &[Some(10.0), Some(5.0), None, Some(20.0)]);
        assert_eq!(
            bar,
            "linear-gradient(90deg,var(--research) 0.00% 15.00%,var(--recognition) 15.00% 35.00%,transparent 35.00%)"
        );
    }

    #[test]
    fn a_ranked_row_shows_its_rank_score_movement_band_and_coverage() {
        let entry = RankedCity {
            city: 7,
            rank: Some(2),
            unranked: None,
            score: Some(87.4),
        };
        let row = RowContent::of(RowFacts {
            coverage: 0.8,
            band: Some(Band {
                city: 7,
                best: 1,
                median: 2,
                worst: 5,
                first_share: 0.1,
                ranked_share: 1.0,
            }),
            selected: true,
            ..facts(entry, &[], &[])
        });
        assert_eq!(row.city, Some(7));
        assert_eq!(row.rank, "2");
        assert_eq!(row.score, "87.4");
        assert_eq!(row.score_class, "city-row__value");
        assert_eq!(row.movement, "▲2");
        assert_eq!(row.movement_class, "city-row__move up");
        assert_eq!(row.coverage, "#1–5 · 80% data");
        // Ranks 1 to 5 of 61: from 0% to 5/61 of the way.
        assert_eq!(row.band, ["0.00%", "8.20%"]);
        assert_eq!(row.row_class, "city-row is-selected");
        assert!(row.selected);
    }

    #[test]
    fn an_unranked_row_says_why_and_has_no_movement() {
        let entry = RankedCity {
            city: 3,
            rank: None,
            unranked: Some(Unranked::TooLittleData),
            score: None,
        };
        let row = RowContent::of(RowFacts {
            coverage: 0.3,
            highlighted: true,
            ..facts(entry, &[], &[])
        });
        assert_eq!(row.rank, "–");
        assert_eq!(row.score, "too little data");
        assert_eq!(row.score_class, "city-row__value city-row__value--wide");
        assert_eq!(row.movement, "");
        assert_eq!(row.movement_class, "city-row__move");
        assert_eq!(row.coverage, "30% data");
        assert_eq!(row.band, NO_BAND.map(str::to_owned));
        assert_eq!(row.row_class, "city-row is-highlighted");
    }
}
