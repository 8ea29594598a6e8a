//! Which cities a view shows: region, country and search filters.
//!
//! Filtering only hides cities. It never changes a score: indicator scores are normalised over
//! the whole dataset, so a city keeps its score whichever filter is on.

use super::dataset::{City, Dataset};
use super::view_state::ViewState;

/// Folds text for matching: lower case, and common Latin accents removed, so that
/// "sao paulo" finds "São Paulo" and "tubingen" finds "Tübingen".
///
/// ```
/// use ai_cities_index::domain::filter::fold;
/// assert_eq!(fold("São Paulo"), "sao paulo");
/// assert_eq!(fold("TÜBINGEN"), "tubingen");
/// ```
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
            'ñ' | 'ń' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
            'ý' | 'ÿ' => 'y',
            'ś' | 'š' => 's',
            'ź' | 'ż' | 'ž' => 'z',
            'ł' => 'l',
            other => other,
        })
        .collect()
}

/// Whether `city` passes the filters of `state`; `folded_search` is `fold(&state.search)`.
pub fn is_visible(city: &City, state: &ViewState, folded_search: &str) -> bool {
    (state.regions.is_empty() || state.regions.contains(&city.region))
        && (state.countries.is_empty() || state.countries.contains(&city.country))
        && (folded_search.is_empty()
            || fold(&city.name).contains(folded_search)
            || fold(&city.country_name).contains(folded_search))
}

/// The indices of the cities `state` shows, in dataset order.
pub fn visible_cities(dataset: &Dataset, state: &ViewState) -> Vec<usize> {
    let folded_search = fold(&state.search);
    dataset
        .cities()
        .iter()
        .enumerate()
        .filter(|(_, city)| is_visible(city, state, &folded_search))
        .map(|(index, _)| index)
        .collect()
}
