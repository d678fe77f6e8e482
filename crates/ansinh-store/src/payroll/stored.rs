//! What a re-run of a draft keeps: the stored lines that, from the first, are the lines just
//! computed. A re-run of an unchanged draft then writes no line at all, and a beneficiary
//! added since the last run (ids are time-ordered, so new ones come last) costs one line.
//! Measured on SQLite at SF 1: deleting and writing again the 60,595 lines of 12/2023 took
//! 0.6–0.9 s of a 1.1–1.4 s re-run; reading them packed takes a fraction of that.

use ansinh_core::assistance::Group;
use ansinh_core::payroll::{Line, LineKind, Month};
use uuid::Uuid;

use crate::columns::Record;
use crate::db::Backend;
use crate::error::Result;
use crate::packed::{Fields, records};
use crate::tuning;

/// The lines of a run (`$1`), packed into one row in no particular order.
pub(super) fn packed_lines_sql(backend: Backend) -> String {
    let id = |column: &str| tuning::uuid_text(backend, column);
    // `concat_ws` skips NULLs, which would shift the fields: optional ones become ''.
    let opt = |column: &str| format!("COALESCE(CAST({column} AS TEXT), '')");
    format!(
        "SELECT COUNT(*), string_agg(concat_ws(',', line_no, {}, {}, kind, for_month, {}, {}, {},
            amount), ';')
         FROM payroll_lines WHERE run_id = $1",
        id("beneficiary_id"),
        id("area_id"),
        opt("group_code"),
        opt("coefficient"),
        opt("base_level"),
    )
}

/// A stored line: its number, beneficiary, commune and line.
type StoredRecord = (i64, Uuid, Uuid, Line<Group>);

/// The stored lines of the draft being re-run (none for a new run), matched against the new
/// lines as they are computed, part after part, in order.
#[derive(Debug)]
pub(super) struct Rewrite {
    stored: Vec<StoredRecord>,
    /// Lines placed so far, kept or written: the last line's number.
    placed: usize,
    /// Stored lines `1..=kept` are the first new lines, number for number.
    kept: usize,
    /// A new line differed from the stored one at its place (or had none): everything from
    /// there on is written.
    diverged: bool,
}

/// What to do with the next part of the new lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Step {
    /// Delete the stored lines numbered above this first (where the new lines diverge).
    pub delete_after: Option<usize>,
    /// The part's first `keep` lines are stored already.
    pub keep: usize,
    /// The number of the line before the part's first line to write.
    pub write_after: usize,
}

impl Rewrite {
    /// A new run: nothing is stored.
    pub(super) fn new_run() -> Rewrite {
        Rewrite {
            stored: Vec::new(),
            placed: 0,
            kept: 0,
            diverged: false,
        }
    }

    /// A re-run of a draft whose lines were read with [`packed_lines_sql`].
    pub(super) fn of_draft(packed: &[(i64, Option<String>)]) -> Result<Rewrite> {
        let mut stored: Vec<StoredRecord> = records(packed, "payroll line")?
            .iter()
            .map(|r| parse(r))
            .collect::<Result<_>>()?;
        // Packed in any order and sorted here: an `ORDER BY` inside the aggregate made
        // PostgreSQL sort the records' text, on disk at national size (2.9 M lines).
        stored.sort_unstable_by_key(|r| r.0);
        Ok(Rewrite {
            stored,
            ..Rewrite::new_run()
        })
    }

    /// Places the next part of the new lines, which follow the ones placed before.
    pub(super) fn step(&mut self, part: &[(Uuid, Uuid, Line<Group>)]) -> Step {
        let mut step = Step {
            delete_after: None,
            keep: 0,
            write_after: self.placed,
        };
        if !self.diverged {
            let same = |(i, new): (usize, &(Uuid, Uuid, Line<Group>))| {
                let no = self.placed + i;
                self.stored.get(no).is_some_and(|(line_no, b, a, line)| {
                    (*line_no, *b, *a, line) == (no as i64 + 1, new.0, new.1, &new.2)
                })
            };
            step.keep = part.iter().enumerate().take_while(|&x| same(x)).count();
            self.kept += step.keep;
            step.write_after += step.keep;
            if step.keep < part.len() {
                self.diverged = true;
                step.delete_after = (self.stored.len() > self.kept).then_some(self.kept);
            }
        }
        self.placed += part.len();
        step
    }

    /// After the last part: the stored lines to delete past the new ones, if the new lines
    /// are a shorter prefix of the stored ones.
    pub(super) fn finish(&self) -> Option<usize> {
        (!self.diverged && self.stored.len() > self.placed).then_some(self.placed)
    }

    /// Stored lines kept as they were.
    pub(super) fn kept(&self) -> usize {
        self.kept
    }

    /// Stored lines replaced or deleted.
    pub(super) fn replaced(&self) -> usize {
        self.stored.len() - self.kept
    }
}

fn parse(record: &str) -> Result<(i64, Uuid, Uuid, Line<Group>)> {
    let mut f = Fields::new(record, "payroll line");
    let line_no = f.text()?.parse().map_err(|_| f.corrupt("line number"))?;
    let beneficiary = f.uuid()?;
    let area = f.uuid()?;
    let kind = f.text()?;
    let kind = LineKind::from_code(kind).ok_or_else(|| f.corrupt("kind"))?;
    let for_month = Month::of(f.date()?);
    let group = match f.text()? {
        "" => None,
        code => Some(Group::from_code(code).ok_or_else(|| f.corrupt("group"))?),
    };
    let coefficient = f.optional_int()?;
    let base_level = match f.text()? {
        "" => None,
        s => Some(s.parse().map_err(|_| f.corrupt("base level"))?),
    };
    let amount = f.text()?.parse().map_err(|_| f.corrupt("amount"))?;
    Ok((
        line_no,
        beneficiary,
        area,
        Line {
            kind,
            for_month,
            amount,
            group,
            coefficient,
            base_level,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::StoreError;

    fn line(amount: i64) -> Line<Group> {
        Line {
            kind: LineKind::Regular,
            for_month: Month::new(2024, 7).unwrap(),
            amount,
            group: Some(Group::K6),
            coefficient: Some(20),
            base_level: Some(500_000),
        }
    }

    fn packed(records: &[String]) -> Vec<(i64, Option<String>)> {
        vec![(records.len() as i64, Some(records.join(";")))]
    }

    /// The stored records of `lines` numbered from 1, packed as the database packs them.
    fn stored(lines: &[(Uuid, Uuid, Line<Group>)], first_no: usize) -> Vec<(i64, Option<String>)> {
        let records: Vec<String> = lines
            .iter()
            .enumerate()
            .map(|(i, (b, a, l))| {
                format!(
                    "{},{},{},regular,2024-07-01,K6,20,500000,{}",
                    first_no + i,
                    b.simple(),
                    a.simple(),
                    l.amount
                )
            })
            .collect();
        packed(&records)
    }

    fn lines(amounts: &[i64]) -> Vec<(Uuid, Uuid, Line<Group>)> {
        let (b, a) = (Uuid::now_v7(), Uuid::now_v7());
        amounts.iter().map(|&x| (b, a, line(x))).collect()
    }

    fn step(delete_after: Option<usize>, keep: usize, write_after: usize) -> Step {
        Step {
            delete_after,
            keep,
            write_after,
        }
    }

    #[test]
    fn an_unchanged_draft_keeps_every_line_across_parts() {
        let new = lines(&[1, 2, 3, 4, 5]);
        let mut r = Rewrite::of_draft(&stored(&new, 1)).unwrap();
        assert_eq!(r.step(&new[..2]), step(None, 2, 2));
        assert_eq!(r.step(&new[2..]), step(None, 3, 5));
        assert_eq!((r.finish(), r.kept(), r.replaced()), (None, 5, 0));
    }

    #[test]
    fn the_first_difference_in_any_field_deletes_the_rest_once() {
        let new = lines(&[1, 2, 3, 4, 5]);
        let mut old = new.clone();
        old[3].2.amount = 40;
        let mut r = Rewrite::of_draft(&stored(&old, 1)).unwrap();
        assert_eq!(r.step(&new[..2]), step(None, 2, 2));
        // Line 4 differs: lines 4-5 go, and the part's last two lines are written after 3.
        assert_eq!(r.step(&new[2..]), step(Some(3), 1, 3));
        assert_eq!((r.finish(), r.kept(), r.replaced()), (None, 3, 2));
        // After a difference every later part is written whole.
        let mut r = Rewrite::of_draft(&stored(&old, 1)).unwrap();
        assert_eq!(r.step(&new[..4]), step(Some(3), 3, 3));
        assert_eq!(r.step(&new[4..]), step(None, 0, 4));
    }

    #[test]
    fn fewer_or_more_new_lines_than_stored() {
        let new = lines(&[1, 2, 3]);
        let mut longer = new.clone();
        longer.extend(lines(&[9]));
        // The stored lines go on past the new ones: the extra one is deleted at the end.
        let mut r = Rewrite::of_draft(&stored(&longer, 1)).unwrap();
        assert_eq!(r.step(&new), step(None, 3, 3));
        assert_eq!((r.finish(), r.kept(), r.replaced()), (Some(3), 3, 1));
        // The new lines go on past the stored ones: nothing to delete, the rest is written.
        let mut r = Rewrite::of_draft(&stored(&new, 1)).unwrap();
        assert_eq!(r.step(&longer), step(None, 3, 3));
        assert_eq!(r.finish(), None);
        // A new run writes everything.
        let mut r = Rewrite::new_run();
        assert_eq!(r.step(&new), step(None, 0, 0));
        assert_eq!((r.finish(), r.kept(), r.replaced()), (None, 0, 0));
    }

    #[test]
    fn a_line_number_out_of_place_is_a_difference_even_when_the_line_is_the_same() {
        let new = lines(&[1, 2]);
        let mut r = Rewrite::of_draft(&stored(&new, 2)).unwrap();
        assert_eq!(r.step(&new), step(Some(0), 0, 0));
    }

    #[test]
    fn stored_lines_packed_in_any_order_are_matched_by_number() {
        let new = lines(&[1, 2, 3]);
        let in_order = stored(&new, 1);
        let records: Vec<&str> = in_order[0].1.as_deref().unwrap().split(';').collect();
        let shuffled = packed(&[records[2].into(), records[0].into(), records[1].into()]);
        let mut r = Rewrite::of_draft(&shuffled).unwrap();
        assert_eq!(r.step(&new), step(None, 3, 3));
    }

    #[test]
    fn a_record_that_does_not_parse_is_corrupt_not_a_difference() {
        let (b, a) = (Uuid::now_v7(), Uuid::now_v7());
        let bad = packed(&[format!(
            "1,{},{},paid,2024-07-01,K6,20,500000,1000000",
            b.simple(),
            a.simple()
        )]);
        assert!(matches!(
            Rewrite::of_draft(&bad),
            Err(StoreError::Corrupt(_))
        ));
    }
}
