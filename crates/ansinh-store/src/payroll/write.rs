//! Writing a run's lines, the one statement that differs between the backends. SQLite binds
//! the lines to prepared multi-row inserts on the connection's own handle ([`crate::direct`]):
//! through sqlx it had to take them as one JSON array expanded by `json_each`, and building and
//! parsing that text took a third of the write. PostgreSQL takes them through `COPY` in the
//! binary format, one statement per 50,000 lines: an `INSERT … SELECT FROM unnest(…)` of one
//! array per column first spread the arrays into a materialised function scan (0.07-0.11 s of
//! a 0.47-0.73 s insert of an SF 1 month), and VALUES lists had to be parsed and planned.

use std::fmt::Write;

use ansinh_core::assistance::Group;
use ansinh_core::payroll::Line;
use sqlx::{PgConnection, SqliteConnection};
use uuid::Uuid;

use super::SOCIAL_ASSISTANCE;
use crate::pgcopy::Writer;

/// One line to write: beneficiary, commune, line.
pub(super) type NewLine = (Uuid, Uuid, Line<Group>);

const COLUMNS: &str = "INSERT INTO payroll_lines (run_id, line_no, programme, beneficiary_id,
    area_id, kind, for_month, group_code, coefficient, base_level, amount) ";

/// Lines per PostgreSQL `COPY`: a national run (3.3 M lines) never builds one buffer of
/// hundreds of megabytes, and the locked-run trigger's transition table of one statement stays
/// within the run's `work_mem` (`tuning::BulkWrite::hold_transition_tables`).
const CHUNK: usize = 50_000;

pub(super) trait WriteLines {
    /// Inserts `lines` into run `run`, numbered from `after + 1`.
    async fn write_lines(
        &mut self,
        run: Uuid,
        after: usize,
        lines: &[NewLine],
    ) -> Result<(), sqlx::Error>;
}

/// Lines per SQLite statement (11 parameters each, under SQLite's limit of 32,766). One line per
/// statement cost more than the insert itself: each statement copies the pages it changes to
/// a statement journal first (the locked-run trigger could abort it), and a statement of 500
/// lines copies each page once.
const SQLITE_ROWS: usize = 500;

impl WriteLines for SqliteConnection {
    async fn write_lines(
        &mut self,
        run: Uuid,
        after: usize,
        lines: &[NewLine],
    ) -> Result<(), sqlx::Error> {
        crate::direct::with_handle(self, |db| {
            let insert = |rows: usize| {
                let values = vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"; rows].join(", ");
                db.prepare(&format!("{COLUMNS} VALUES {values}"))
            };
            let mut full = None;
            let mut month = String::with_capacity(10);
            for (n, chunk) in lines.chunks(SQLITE_ROWS).enumerate() {
                let mut partial;
                let statement = if chunk.len() == SQLITE_ROWS {
                    match &mut full {
                        Some(s) => s,
                        None => full.insert(insert(SQLITE_ROWS)?),
                    }
                } else {
                    partial = insert(chunk.len())?;
                    &mut partial
                };
                let mut p = 0;
                let mut bind = |value: &dyn rusqlite::ToSql| {
                    p += 1;
                    statement.raw_bind_parameter(p, value)
                };
                for (i, (beneficiary, area, line)) in chunk.iter().enumerate() {
                    // The text sqlx binds for a date, which the other statements compare.
                    month.clear();
                    write!(month, "{}", line.for_month.first_day())
                        .expect("writing to a String cannot fail");
                    bind(&run.as_bytes().as_slice())?;
                    bind(&((after + n * SQLITE_ROWS + i + 1) as i64))?;
                    bind(&SOCIAL_ASSISTANCE)?;
                    bind(&beneficiary.as_bytes().as_slice())?;
                    bind(&area.as_bytes().as_slice())?;
                    bind(&line.kind.code())?;
                    bind(&month.as_str())?;
                    bind(&line.group.map(Group::code))?;
                    bind(&line.coefficient)?;
                    bind(&line.base_level)?;
                    bind(&line.amount)?;
                }
                statement.raw_execute()?;
            }
            Ok(())
        })
        .await
    }
}

impl WriteLines for PgConnection {
    async fn write_lines(
        &mut self,
        run: Uuid,
        after: usize,
        lines: &[NewLine],
    ) -> Result<(), sqlx::Error> {
        for (n, chunk) in lines.chunks(CHUNK).enumerate() {
            let mut copy = self
                .copy_in_raw(
                    "COPY payroll_lines (run_id, line_no, programme, beneficiary_id, area_id, kind,
                        for_month, group_code, coefficient, base_level, amount)
                     FROM STDIN (FORMAT binary)",
                )
                .await?;
            copy.send(binary_rows(run, after + n * CHUNK, chunk))
                .await?;
            copy.finish().await?;
        }
        Ok(())
    }
}

/// The lines in PostgreSQL's binary `COPY` format ([`crate::pgcopy`]).
fn binary_rows(run: Uuid, after: usize, lines: &[NewLine]) -> Vec<u8> {
    let mut w = Writer::with_capacity(lines.len() * 170);
    for (i, (beneficiary, area, line)) in lines.iter().enumerate() {
        w.row(11);
        w.bytes(run.as_bytes());
        w.bytes(&((after + i + 1) as i32).to_be_bytes());
        w.bytes(SOCIAL_ASSISTANCE.as_bytes());
        w.bytes(beneficiary.as_bytes());
        w.bytes(area.as_bytes());
        w.bytes(line.kind.code().as_bytes());
        w.date(line.for_month.first_day());
        match line.group {
            Some(g) => w.bytes(g.code().as_bytes()),
            None => w.null(),
        }
        match line.coefficient {
            Some(c) => w.bytes(&c.to_be_bytes()),
            None => w.null(),
        }
        match line.base_level {
            Some(b) => w.bytes(&b.to_be_bytes()),
            None => w.null(),
        }
        w.bytes(&line.amount.to_be_bytes());
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use ansinh_core::payroll::{LineKind, Month};
    use chrono::NaiveDate;

    use super::*;

    /// The layout PostgreSQL documents for `COPY … (FORMAT binary)`, byte by byte; the store
    /// tests run real runs through it on PostgreSQL.
    #[test]
    fn binary_rows_follow_the_copy_format() {
        let run = Uuid::from_u128(1);
        let line = |kind, amount, group| Line {
            kind,
            for_month: Month::of(NaiveDate::from_ymd_opt(2000, 2, 1).unwrap()),
            amount,
            group,
            coefficient: group.map(|_| 150),
            base_level: group.map(|_| 500_000),
        };
        let lines = vec![
            (
                Uuid::from_u128(2),
                Uuid::from_u128(3),
                line(LineKind::Regular, 750_000, Some(Group::K1)),
            ),
            (
                Uuid::from_u128(2),
                Uuid::from_u128(3),
                line(LineKind::Recovery, -1, None),
            ),
        ];
        let out = binary_rows(run, 7, &lines);
        assert_eq!(&out[..11], b"PGCOPY\n\xff\r\n\0");
        assert_eq!(&out[11..19], &[0; 8]);
        assert_eq!(&out[out.len() - 2..], &[0xff, 0xff]);
        // First tuple: 11 fields, the run's id, then line number 8.
        assert_eq!(&out[19..21], &11i16.to_be_bytes());
        assert_eq!(&out[21..25], &16i32.to_be_bytes());
        assert_eq!(&out[25..41], run.as_bytes());
        assert_eq!(&out[41..45], &4i32.to_be_bytes());
        assert_eq!(&out[45..49], &8i32.to_be_bytes());
        // 1/2/2000 is day 31 after the epoch; the recovery has three NULLs (group, coefficient,
        // base level) before its amount, the last field of the buffer.
        let day = [&4i32.to_be_bytes()[..], &31i32.to_be_bytes()].concat();
        assert_eq!(out.windows(8).filter(|w| *w == day.as_slice()).count(), 2);
        let tail = [
            &(-1i32).to_be_bytes()[..],
            &(-1i32).to_be_bytes(),
            &(-1i32).to_be_bytes(),
            &8i32.to_be_bytes(),
            &(-1i64).to_be_bytes(),
            &(-1i16).to_be_bytes(),
        ]
        .concat();
        assert!(out.ends_with(&tail));
    }
}
