//! Picking from small weighted tables.
//!
//! Every distribution in the generator (surnames, household kinds, phone networks...) is a short
//! list of items with integer weights. Integer weights keep the tables readable ("Nguyễn 3700 per
//! 10 000") and make a pick a single bounded random draw plus a binary search, so the stream of
//! random numbers, and therefore the output, does not depend on floating-point rounding.

use rand::Rng;

/// Items with cumulative integer weights.
#[derive(Debug, Clone)]
pub(crate) struct Table<T> {
    items: Vec<T>,
    cumulative: Vec<u32>,
    total: u32,
}

impl<T: Copy> Table<T> {
    /// Builds a table; panics on an empty table or a zero total, which are programming errors
    /// in the built-in data.
    pub(crate) fn new(entries: impl IntoIterator<Item = (T, u32)>) -> Self {
        let mut items = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0u32;
        for (item, weight) in entries {
            total = total.checked_add(weight).expect("weights fit in u32");
            items.push(item);
            cumulative.push(total);
        }
        assert!(total > 0, "a weighted table needs a positive total weight");
        Table {
            items,
            cumulative,
            total,
        }
    }

    /// Draws one item with probability proportional to its weight.
    pub(crate) fn pick<R: Rng + ?Sized>(&self, rng: &mut R) -> T {
        let x = rng.random_range(0..self.total);
        self.items[self.cumulative.partition_point(|&c| c <= x)]
    }

    /// The items with their probabilities, for tests and documentation.
    #[cfg(test)]
    pub(crate) fn probabilities(&self) -> Vec<(T, f64)> {
        let mut previous = 0;
        self.items
            .iter()
            .zip(&self.cumulative)
            .map(|(item, &c)| {
                let p = f64::from(c - previous) / f64::from(self.total);
                previous = c;
                (*item, p)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn picks_follow_the_weights_and_skip_zero_weights() {
        let table = Table::new([('a', 1), ('b', 0), ('c', 3)]);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut counts = [0u32; 3];
        for _ in 0..40_000 {
            match table.pick(&mut rng) {
                'a' => counts[0] += 1,
                'b' => counts[1] += 1,
                _ => counts[2] += 1,
            }
        }
        assert_eq!(counts[1], 0);
        let share_c = f64::from(counts[2]) / 40_000.0;
        assert!((share_c - 0.75).abs() < 0.01, "{share_c}");
        assert_eq!(table.probabilities()[2].1, 0.75);
    }
}
