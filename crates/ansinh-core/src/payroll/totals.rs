//! Totals of payroll lines: overall, by beneficiary group and by any key the caller attaches to
//! a line (the commune, the payment point). Every total is a plain sum of the lines it groups,
//! so the totals of a partition always add up to the sum of all lines.

use std::collections::BTreeMap;

use super::engine::{Line, LineKind};

/// Sums of a set of lines by kind. Recoveries are negative.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub regular: i64,
    pub arrears: i64,
    pub recovery: i64,
    pub lines: usize,
}

impl Totals {
    /// What is actually paid out: regular plus arrears minus recoveries.
    pub fn net(&self) -> i64 {
        self.regular + self.arrears + self.recovery
    }

    pub fn add<G>(&mut self, line: &Line<G>) {
        match line.kind {
            LineKind::Regular => self.regular += line.amount,
            LineKind::Arrears => self.arrears += line.amount,
            LineKind::Recovery => self.recovery += line.amount,
        }
        self.lines += 1;
    }

    pub fn merge(&mut self, other: &Totals) {
        self.regular += other.regular;
        self.arrears += other.arrears;
        self.recovery += other.recovery;
        self.lines += other.lines;
    }
}

pub fn totals<'a, G: 'a>(lines: impl IntoIterator<Item = &'a Line<G>>) -> Totals {
    let mut t = Totals::default();
    for line in lines {
        t.add(line);
    }
    t
}

/// Totals by the group on each line; `None` collects recoveries for months in which nothing
/// was due.
pub fn totals_by_group<'a, G: Ord + Clone + 'a>(
    lines: impl IntoIterator<Item = &'a Line<G>>,
) -> BTreeMap<Option<G>, Totals> {
    let mut out: BTreeMap<Option<G>, Totals> = BTreeMap::new();
    for line in lines {
        out.entry(line.group.clone()).or_default().add(line);
    }
    out
}

/// Totals by a key the caller pairs with each line, e.g. the beneficiary's commune code.
pub fn totals_by_key<'a, K: Ord, G: 'a>(
    lines: impl IntoIterator<Item = (K, &'a Line<G>)>,
) -> BTreeMap<K, Totals> {
    let mut out: BTreeMap<K, Totals> = BTreeMap::new();
    for (key, line) in lines {
        out.entry(key).or_default().add(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::payroll::Month;

    fn line(kind: LineKind, amount: i64, group: Option<u8>) -> Line<u8> {
        Line {
            kind,
            for_month: Month::new(2024, 7).unwrap(),
            amount,
            group,
            coefficient: None,
            base_level: None,
        }
    }

    #[test]
    fn splits_by_kind_and_nets() {
        let lines = [
            line(LineKind::Regular, 750_000, Some(1)),
            line(LineKind::Arrears, 210_000, Some(1)),
            line(LineKind::Recovery, -540_000, None),
        ];
        let t = totals(&lines);
        assert_eq!(
            (t.regular, t.arrears, t.recovery),
            (750_000, 210_000, -540_000)
        );
        assert_eq!(t.net(), 420_000);
        assert_eq!(t.lines, 3);
        let by_group = totals_by_group(&lines);
        assert_eq!(by_group[&Some(1)].net(), 960_000);
        assert_eq!(by_group[&None].net(), -540_000);
    }

    fn any_line() -> impl Strategy<Value = (u8, Line<u8>)> {
        (
            0u8..4,
            prop_oneof![
                Just(LineKind::Regular),
                Just(LineKind::Arrears),
                Just(LineKind::Recovery)
            ],
            0i64..5_000_000,
            proptest::option::of(0u8..5),
        )
            .prop_map(|(key, kind, amount, group)| {
                let amount = if kind == LineKind::Recovery {
                    -amount
                } else {
                    amount
                };
                (key, line(kind, amount, group))
            })
    }

    proptest! {
        #[test]
        fn every_partition_adds_up_to_the_sum_of_lines(
            keyed in proptest::collection::vec(any_line(), 0..60)
        ) {
            let lines: Vec<Line<u8>> = keyed.iter().map(|(_, l)| l.clone()).collect();
            let sum: i64 = lines.iter().map(|l| l.amount).sum();
            prop_assert_eq!(totals(&lines).net(), sum);

            let by_group = totals_by_group(&lines);
            prop_assert_eq!(by_group.values().map(Totals::net).sum::<i64>(), sum);
            prop_assert_eq!(by_group.values().map(|t| t.lines).sum::<usize>(), lines.len());

            let by_key = totals_by_key(keyed.iter().map(|(k, l)| (*k, l)));
            prop_assert_eq!(by_key.values().map(Totals::net).sum::<i64>(), sum);
            let mut merged = Totals::default();
            for t in by_key.values() {
                merged.merge(t);
            }
            prop_assert_eq!(merged, totals(&lines));
        }
    }
}
