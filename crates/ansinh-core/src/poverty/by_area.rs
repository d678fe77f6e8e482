//! Counters kept per area and for the whole province in one pass, so every report has its
//! commune rows and its total row from the same rows.

use std::collections::BTreeMap;

/// Per-area tallies and their total. The area key is the caller's (an area `Uuid`, a commune
/// code…); a `BTreeMap` keeps report rows in a stable order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByArea<K, T> {
    pub areas: BTreeMap<K, T>,
    pub total: T,
}

impl<K: Ord + Clone, T: Default> Default for ByArea<K, T> {
    fn default() -> Self {
        ByArea {
            areas: BTreeMap::new(),
            total: T::default(),
        }
    }
}

impl<K: Ord + Clone, T: Default> ByArea<K, T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies `update` to the area's tally and to the total. The key is cloned only the first
    /// time an area is seen.
    pub fn record(&mut self, area: &K, update: impl Fn(&mut T)) {
        match self.areas.get_mut(area) {
            Some(t) => update(t),
            None => {
                let mut t = T::default();
                update(&mut t);
                self.areas.insert(area.clone(), t);
            }
        }
        update(&mut self.total);
    }
}
