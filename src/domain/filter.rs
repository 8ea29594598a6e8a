//! Which cities a view shows: region, country and search filters.
//!
//! Filtering only hides cities. It never changes a score: indicator scores are normalised over
//! the whole dataset, so a city keeps its score whichever filter is on.

use std::collections::BTreeSet;

use super::dataset::{City, Dataset, Region};
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

/// Every city's name and country, folded once, so a search does not fold them per keystroke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchIndex(Vec<(String, String)>);

impl SearchIndex {
    /// Folds the names and countries of `dataset`'s cities, in dataset order.
    pub fn new(dataset: &Dataset) -> SearchIndex {
        SearchIndex(
            dataset
                .cities()
                .iter()
                .map(|city| (fold(&city.name), fold(&city.country_name)))
                .collect(),
        )
    }

    fn matches(&self, city: usize, folded_search: &str) -> bool {
        self.0.get(city).is_some_and(|(name, country)| {
            name.contains(folded_search) || country.contains(folded_search)
        })
    }
}

/// The parts of a view that decide which cities show.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CityFilter {
    /// Regions to show; empty shows all.
    pub regions: BTreeSet<Region>,
    /// Countries to show, upper-case ISO codes; empty shows all.
    pub countries: BTreeSet<String>,
    /// Text that a city's name or country must contain.
    pub search: String,
}

impl CityFilter {
    /// The filter of a view.
    pub fn of(state: &ViewState) -> CityFilter {
        CityFilter {
            regions: state.regions.clone(),
            countries: state.countries.clone(),
            search: state.search.clone(),
        }
    }

    /// Whether any filter is set.
    pub fn is_active(&self) -> bool {
        !self.regions.is_empty() || !self.countries.is_empty() || !self.search.is_empty()
    }

    /// The indices of the cities that pass, in dataset order; `index` is the dataset's
    /// [`SearchIndex`].
    pub fn visible_cities(&self, dataset: &Dataset, index: &SearchIndex) -> Vec<usize> {
        let folded_search = fold(&self.search);
        let admits = |(position, city): &(usize, &City)| {
            (self.regions.is_empty() || self.regions.contains(&city.region))
                && (self.countries.is_empty() || self.countries.contains(&city.country))
                && (folded_search.is_empty() || index.matches(*position, &folded_search))
        };
        dataset
            .cities()
            .iter()
            .enumerate()
            .filter(admits)
            .map(|(position, _)| position)
            .collect()
    }
}
