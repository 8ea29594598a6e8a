//! Ordering items by text keys, and finding an item in such an order.

/// The positions `0..count`, ordered by `key(position)`; positions with equal keys come in no
/// particular order. Every ordering of the dataset's items by text goes through it (ids in
/// [`crate::domain::dataset`], names in [`crate::domain::score::NameOrder`]).
///
/// ```
/// use ai_cities_index::domain::text_order::order_by_text;
/// let names = ["Paris", "Berlin", "Rome"];
/// assert_eq!(order_by_text(names.len(), &|i| (names[i], "")), vec![1, 0, 2]);
/// ```
pub fn order_by_text<'a>(count: usize, key: &dyn Fn(usize) -> (&'a str, &'a str)) -> Vec<usize> {
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_unstable_by(|&a, &b| key(a).cmp(&key(b)));
    order
}

/// The position whose `text(position)` is `wanted`, searched in `order`: positions ordered by
/// that text, as [`order_by_text`] orders them by it.
///
/// ```
/// use ai_cities_index::domain::text_order::{find_in_order, order_by_text};
/// let ids = ["rome", "berlin", "paris"];
/// let order = order_by_text(ids.len(), &|i| (ids[i], ""));
/// assert_eq!(find_in_order(&order, &|i| ids[i], "paris"), Some(2));
/// assert_eq!(find_in_order(&order, &|i| ids[i], "oslo"), None);
/// ```
pub fn find_in_order<'a>(
    order: &[usize],
    text: &dyn Fn(usize) -> &'a str,
    wanted: &str,
) -> Option<usize> {
    let at = order
        .binary_search_by(|&position| text(position).cmp(wanted))
        .ok()?;
    Some(order[at])
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn it_orders_every_position_by_its_key(
            keys in prop::collection::vec(("[a-c]{0,3}", "[a-c]{0,2}"), 0..40)
        ) {
            let order = order_by_text(keys.len(), &|i| (keys[i].0.as_str(), keys[i].1.as_str()));
            let mut positions = order.clone();
            positions.sort_unstable();
            prop_assert_eq!(positions, (0..keys.len()).collect::<Vec<_>>());
            prop_assert!(order.windows(2).all(|pair| keys[pair[0]] <= keys[pair[1]]));
        }
    }
}
