//! The payroll engine: for one beneficiary and one run month, the regular line and the
//! adjustments (arrears and recoveries) of earlier months whose facts changed.

use std::collections::BTreeMap;
use std::fmt;

use super::error::PayrollError;
use super::month::Month;

/// What one benefit programme owes a beneficiary for one month. Social assistance implements
/// it now; the people-with-merit allowances will implement it the same way.
pub trait Programme {
    /// Everything about the beneficiary the amounts depend on.
    type Facts;
    /// The dated rule data (base levels, coefficients) the amounts are computed from.
    type Rules;
    /// The beneficiary group a line is counted under in reports.
    type Group: Clone + Ord + fmt::Debug;
    /// The programme's own error type; it carries the engine's errors too.
    type Error: From<PayrollError>;

    /// What is due for `month`, one item per component, the principal component first. Empty
    /// when nothing is due. Most beneficiaries have one component; a programme that pays two
    /// entitlements together (a poor single parent who is also elderly or disabled gets both)
    /// returns two.
    fn due(
        &self,
        facts: &Self::Facts,
        month: Month,
        rules: &Self::Rules,
    ) -> Result<Vec<Due<Self::Group>>, Self::Error>;
}

/// One component of what is due for a month: base level × coefficient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due<G> {
    pub group: G,
    /// VND per month.
    pub base_level: i64,
    /// Hundredths: 150 means 1.5.
    pub coefficient: i32,
    /// VND: `base_level × coefficient / 100`, rounded to the nearest đồng.
    pub amount: i64,
}

impl<G> Due<G> {
    pub fn new(group: G, base_level: i64, coefficient: i32) -> Due<G> {
        Due {
            group,
            base_level,
            coefficient,
            amount: apply_coefficient(base_level, coefficient),
        }
    }
}

/// `base × coefficient / 100` in whole đồng, halves rounded up. Base levels are set in
/// thousands of đồng, so with coefficients in hundredths the result is exact in practice; the
/// rounding only matters for a local level that is not a multiple of 100.
pub fn apply_coefficient(base: i64, coefficient: i32) -> i64 {
    let hundredths = base * i64::from(coefficient);
    (hundredths + 50).div_euclid(100)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LineKind {
    /// The month being paid (chi thường xuyên).
    Regular,
    /// More is due for an earlier month than was paid (truy lĩnh).
    Arrears,
    /// Less is due for an earlier month than was paid (truy thu).
    Recovery,
}

impl LineKind {
    pub fn code(self) -> &'static str {
        match self {
            LineKind::Regular => "regular",
            LineKind::Arrears => "arrears",
            LineKind::Recovery => "recovery",
        }
    }

    pub fn from_code(s: &str) -> Option<LineKind> {
        [LineKind::Regular, LineKind::Arrears, LineKind::Recovery]
            .into_iter()
            .find(|k| k.code() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            LineKind::Regular => "Chi thường xuyên",
            LineKind::Arrears => "Truy lĩnh",
            LineKind::Recovery => "Truy thu",
        }
    }
}

/// One payroll line. The group, coefficient and base level describe what was due for
/// `for_month`; they are `None` only on a recovery for a month in which nothing at all was due
/// (after a death or loss of eligibility reported late).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<G> {
    pub kind: LineKind,
    pub for_month: Month,
    /// VND; negative on a recovery.
    pub amount: i64,
    pub group: Option<G>,
    pub coefficient: Option<i32>,
    pub base_level: Option<i64>,
}

impl<G: Clone> Line<G> {
    fn from_due(kind: LineKind, for_month: Month, amount: i64, due: &Due<G>) -> Line<G> {
        Line {
            kind,
            for_month,
            amount,
            group: Some(due.group.clone()),
            coefficient: Some(due.coefficient),
            base_level: Some(due.base_level),
        }
    }
}

/// The inputs of one beneficiary's run besides the facts and rules.
#[derive(Debug, Clone, Copy)]
pub struct Run<'a> {
    /// The month being paid.
    pub month: Month,
    /// Net amount of the locked lines of each earlier month (regular and adjustments, by the
    /// month they are *for*). A month nobody paid is absent or 0.
    pub paid: &'a BTreeMap<Month, i64>,
    /// The earliest month whose facts or rules changed since the last locked run. `None`: nothing
    /// changed, so earlier months are not looked at.
    pub recalc_from: Option<Month>,
}

/// The lines for one beneficiary: adjustments for each month `m` in `[recalc_from, month)` whose
/// due differs from what was paid, then the regular lines of `month`, in that order.
///
/// An adjustment is `due(m) − paid(m)`, positive as arrears and negative as recovery. When
/// nothing was paid for `m` it is split into one line per component (each is simply owed in
/// full); otherwise the paid amount is one number that cannot be split, so the difference is
/// one line counted under the month's principal component.
pub fn compute<P: Programme>(
    programme: &P,
    facts: &P::Facts,
    rules: &P::Rules,
    run: &Run<'_>,
) -> Result<Vec<Line<P::Group>>, P::Error> {
    // Paying a month that already has locked lines would pay it twice; changes to it are made
    // by the next run's adjustments instead.
    if let Some((&paid, _)) = run.paid.range(run.month..).next() {
        return Err(PayrollError::AlreadyPaid {
            run: run.month,
            paid,
        }
        .into());
    }
    let mut lines = Vec::new();
    if let Some(from) = run.recalc_from {
        for m in from.until(run.month) {
            let due = programme.due(facts, m, rules)?;
            let paid = run.paid.get(&m).copied().unwrap_or(0);
            adjust(&mut lines, m, &due, paid);
        }
    }
    for due in programme.due(facts, run.month, rules)? {
        lines.push(Line::from_due(
            LineKind::Regular,
            run.month,
            due.amount,
            &due,
        ));
    }
    Ok(lines)
}

fn adjust<G: Clone>(lines: &mut Vec<Line<G>>, m: Month, due: &[Due<G>], paid: i64) {
    let total: i64 = due.iter().map(|d| d.amount).sum();
    let diff = total - paid;
    if diff == 0 {
        return;
    }
    let kind = if diff > 0 {
        LineKind::Arrears
    } else {
        LineKind::Recovery
    };
    match due.first() {
        None => lines.push(Line {
            kind,
            for_month: m,
            amount: diff,
            group: None,
            coefficient: None,
            base_level: None,
        }),
        Some(principal) if paid != 0 => lines.push(Line::from_due(kind, m, diff, principal)),
        Some(_) => {
            for d in due.iter().filter(|d| d.amount != 0) {
                let kind = if d.amount > 0 {
                    LineKind::Arrears
                } else {
                    LineKind::Recovery
                };
                lines.push(Line::from_due(kind, m, d.amount, d));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy programme: a flat amount per month, from a start month through an optional last
    /// month, with a base level that changes in 07/2024 the way the social-assistance one did.
    struct Flat;

    struct FlatFacts {
        from: Month,
        last: Option<Month>,
        coefficient: i32,
    }

    #[derive(Debug)]
    struct FlatError(PayrollError);

    impl From<PayrollError> for FlatError {
        fn from(e: PayrollError) -> Self {
            FlatError(e)
        }
    }

    impl Programme for Flat {
        type Facts = FlatFacts;
        type Rules = ();
        type Group = &'static str;
        type Error = FlatError;

        fn due(
            &self,
            f: &FlatFacts,
            month: Month,
            _: &(),
        ) -> Result<Vec<Due<&'static str>>, FlatError> {
            if month < f.from || f.last.is_some_and(|l| month > l) {
                return Ok(vec![]);
            }
            let base = if month < m(2024, 7) { 360_000 } else { 500_000 };
            Ok(vec![Due::new("G", base, f.coefficient)])
        }
    }

    fn m(y: i32, mo: u32) -> Month {
        Month::new(y, mo).unwrap()
    }

    #[test]
    fn rounds_to_the_dong() {
        assert_eq!(apply_coefficient(360_000, 150), 540_000);
        assert_eq!(apply_coefficient(425_050, 150), 637_575);
        assert_eq!(apply_coefficient(333, 150), 500); // 499.5 rounds up
    }

    #[test]
    fn nothing_changed_means_only_the_regular_line() {
        let facts = FlatFacts {
            from: m(2024, 1),
            last: None,
            coefficient: 150,
        };
        let paid = BTreeMap::new();
        let run = Run {
            month: m(2024, 9),
            paid: &paid,
            recalc_from: None,
        };
        let lines = compute(&Flat, &facts, &(), &run).unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].kind, LineKind::Regular);
        assert_eq!(lines[0].amount, 750_000);
    }

    #[test]
    fn refuses_a_month_that_already_has_locked_lines() {
        let facts = FlatFacts {
            from: m(2024, 1),
            last: None,
            coefficient: 150,
        };
        let paid = BTreeMap::from([(m(2024, 9), 750_000)]);
        let run = Run {
            month: m(2024, 9),
            paid: &paid,
            recalc_from: None,
        };
        let err = compute(&Flat, &facts, &(), &run).unwrap_err().0;
        assert_eq!(err.code(), "payroll.already_paid");
        assert_eq!(
            err.to_string(),
            "tháng 09/2024 đã có khoản chi đã khóa; không lập bảng chi cho tháng 09/2024 lần nữa"
        );
    }

    #[test]
    fn a_retroactive_base_level_is_paid_as_the_difference_only() {
        // 07 and 08/2024 were paid at the old base (540,000); the new base (750,000) is then
        // recorded retroactively, so each month owes 210,000 more.
        let facts = FlatFacts {
            from: m(2024, 1),
            last: None,
            coefficient: 150,
        };
        let paid = BTreeMap::from([(m(2024, 7), 540_000), (m(2024, 8), 540_000)]);
        let run = Run {
            month: m(2024, 9),
            paid: &paid,
            recalc_from: Some(m(2024, 7)),
        };
        let lines = compute(&Flat, &facts, &(), &run).unwrap();
        let got: Vec<(LineKind, String, i64)> = lines
            .iter()
            .map(|l| (l.kind, l.for_month.to_string(), l.amount))
            .collect();
        assert_eq!(
            got,
            [
                (LineKind::Arrears, "2024-07".to_string(), 210_000),
                (LineKind::Arrears, "2024-08".to_string(), 210_000),
                (LineKind::Regular, "2024-09".to_string(), 750_000),
            ]
        );
        assert_eq!(lines[0].base_level, Some(500_000));
    }

    #[test]
    fn months_paid_after_the_end_are_recovered_without_a_group() {
        let facts = FlatFacts {
            from: m(2024, 1),
            last: Some(m(2024, 3)),
            coefficient: 100,
        };
        let paid = BTreeMap::from([(m(2024, 3), 360_000), (m(2024, 4), 360_000)]);
        let run = Run {
            month: m(2024, 5),
            paid: &paid,
            recalc_from: Some(m(2024, 3)),
        };
        let lines = compute(&Flat, &facts, &(), &run).unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].kind, LineKind::Recovery);
        assert_eq!(lines[0].amount, -360_000);
        assert_eq!(lines[0].group, None);
    }
}
