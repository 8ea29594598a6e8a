//! A small ordered set: a sorted vector without duplicates.

use std::borrow::Borrow;

/// A set kept as a sorted vector without duplicates. It iterates in order, as a `BTreeSet` does,
/// so a view's regions and countries always encode to the same URL. For the handful of items a
/// filter holds it is as fast, and its code is a few binary searches: putting it in place of the
/// `BTreeSet`s and the `BTreeMap` the app used took 15 KB (6 KB gzipped) off the WebAssembly.
///
/// ```
/// use ai_cities_index::domain::sorted_set::SortedSet;
/// let mut set = SortedSet::from(["fr", "de"]);
/// assert!(set.insert("it"));
/// assert!(!set.insert("de"));
/// assert_eq!(set.iter().copied().collect::<Vec<_>>(), ["de", "fr", "it"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortedSet<T>(Vec<T>);

impl<T> Default for SortedSet<T> {
    fn default() -> Self {
        SortedSet(Vec::new())
    }
}

impl<T: Ord> SortedSet<T> {
    /// An empty set.
    pub fn new() -> Self {
        SortedSet::default()
    }

    /// Adds `value`; false if it was already there.
    pub fn insert(&mut self, value: T) -> bool {
        match self.0.binary_search(&value) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, value);
                true
            }
        }
    }

    /// Removes `value`; false if it was not there.
    pub fn remove<Q: Ord + ?Sized>(&mut self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        match self.position(value) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    /// Whether `value` is in the set.
    pub fn contains<Q: Ord + ?Sized>(&self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.position(value).is_ok()
    }

    fn position<Q: Ord + ?Sized>(&self, value: &Q) -> Result<usize, usize>
    where
        T: Borrow<Q>,
    {
        self.0.binary_search_by(|item| item.borrow().cmp(value))
    }
}

impl<T> SortedSet<T> {
    /// The items, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }

    /// How many items the set holds.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Removes every item.
    pub fn clear(&mut self) {
        self.0.clear();
    }
}

impl<T> IntoIterator for SortedSet<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    /// The items, in order.
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<T: Ord> FromIterator<T> for SortedSet<T> {
    /// Inserts the items one by one: quadratic, which is nothing for the few dozen items of a
    /// filter, and it adds no sort routine to the WebAssembly for each item type.
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut set = SortedSet::new();
        for item in items {
            set.insert(item);
        }
        set
    }
}

impl<T: Ord, const N: usize> From<[T; N]> for SortedSet<T> {
    fn from(items: [T; N]) -> Self {
        items.into_iter().collect()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    proptest! {
        #[test]
        fn it_holds_what_a_btree_set_holds(
            operations in prop::collection::vec((any::<bool>(), 0u8..16), 0..64)
        ) {
            let mut set = SortedSet::new();
            let mut model = BTreeSet::new();
            for (insert, value) in operations {
                if insert {
                    prop_assert_eq!(set.insert(value), model.insert(value));
                } else {
                    prop_assert_eq!(set.remove(&value), model.remove(&value));
                }
                prop_assert_eq!(set.len(), model.len());
                prop_assert!(set.iter().eq(model.iter()));
                prop_assert!((0u8..16).all(|v| set.contains(&v) == model.contains(&v)));
            }
        }

        #[test]
        fn collecting_sorts_and_drops_duplicates(values in prop::collection::vec(0u8..16, 0..32)) {
            let set: SortedSet<u8> = values.iter().copied().collect();
            let model: BTreeSet<u8> = values.into_iter().collect();
            prop_assert!(set.iter().eq(model.iter()));
        }
    }
}
