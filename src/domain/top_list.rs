//! How a ranked top-N list becomes an indicator.
//!
//! A top-N list ranks its top N and says nothing more; a city it does not name is known not to
//! be in its top N. So a listed city scores points by its place, `N` for first down to 1 for
//! last, and a city off the list scores 0. Being on the list, at any place, never scores below
//! being off it, and the indicator is complete: no city is missing from it.

/// The points of a city at `place` (1 is first) on a list of `size` places; 0 for a city the
/// list does not name, or a place beyond the list's size.
///
/// ```
/// use ai_cities_index::domain::top_list::points;
/// assert_eq!(points(Some(1), 10), 10.0);
/// assert_eq!(points(Some(10), 10), 1.0);
/// assert_eq!(points(None, 10), 0.0);
/// ```
pub fn points(place: Option<usize>, size: u16) -> f64 {
    match place {
        Some(place) if (1..=usize::from(size)).contains(&place) => {
            (usize::from(size) + 1 - place) as f64
        }
        _ => 0.0,
    }
}

/// The place on a list of `size` places that `points` stand for; `None` for a city off it.
///
/// ```
/// use ai_cities_index::domain::top_list::place;
/// assert_eq!(place(10.0, 10), Some(1));
/// assert_eq!(place(0.0, 10), None);
/// ```
pub fn place(points: f64, size: u16) -> Option<u16> {
    let size_points = f64::from(size);
    (points >= 1.0 && points <= size_points).then(|| (size_points + 1.0 - points.round()) as u16)
}
