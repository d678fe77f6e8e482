//! Writing a run's lines, the one statement that differs between the backends. SQLite binds
//! the lines to prepared multi-row inserts on the connection's own handle
//! ([`crate::direct`]): through sqlx it had to take them as one JSON array expanded by
//! `json_each`, and building and parsing that text took a third of the write. PostgreSQL takes one array per column
//! through `unnest`, one statement per 50,000 lines, where a VALUES list of 2,000 rows and
//! 22,000 parameters had to be parsed and planned for every chunk.

use ansinh_core::assistance::Group;
use ansinh_core::payroll::Line;
use std::fmt::Write;

use chrono::{Datelike, NaiveDate};
use sqlx::{PgConnection, SqliteConnection};
use uuid::Uuid;

use super::SOCIAL_ASSISTANCE;

/// One line to write: beneficiary, commune, line.
pub(super) type NewLine = (Uuid, Uuid, Line<Group>);

const COLUMNS: &str = "INSERT INTO payroll_lines (run_id, line_no, programme, beneficiary_id,
    area_id, kind, for_month, group_code, coefficient, base_level, amount) ";

/// Lines per PostgreSQL statement: big enough that parsing is negligible, small enough that a
/// national run (3.3 M lines) does not build arrays of hundreds of megabytes.
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
                    month.clear();
                    let day = line.for_month.first_day();
                    write!(month, "{:04}-{:02}-01", day.year(), day.month())
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
        let sql = format!(
            "{COLUMNS} SELECT $1, CAST($2 + t.n AS INTEGER), $3, t.b, t.a, t.k, t.m, t.g, t.c, t.bl, t.amt
             FROM unnest($4::uuid[], $5::uuid[], $6::text[], $7::date[], $8::text[], $9::int[],
                $10::bigint[], $11::bigint[]) WITH ORDINALITY AS t(b, a, k, m, g, c, bl, amt, n)"
        );
        for (n, chunk) in lines.chunks(CHUNK).enumerate() {
            let beneficiaries: Vec<Uuid> = chunk.iter().map(|x| x.0).collect();
            let areas: Vec<Uuid> = chunk.iter().map(|x| x.1).collect();
            let kinds: Vec<&str> = chunk.iter().map(|x| x.2.kind.code()).collect();
            let months: Vec<NaiveDate> = chunk.iter().map(|x| x.2.for_month.first_day()).collect();
            let groups: Vec<Option<&str>> =
                chunk.iter().map(|x| x.2.group.map(Group::code)).collect();
            let coefficients: Vec<Option<i32>> = chunk.iter().map(|x| x.2.coefficient).collect();
            let base_levels: Vec<Option<i64>> = chunk.iter().map(|x| x.2.base_level).collect();
            let amounts: Vec<i64> = chunk.iter().map(|x| x.2.amount).collect();
            sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(run)
                .bind((after + n * CHUNK) as i32)
                .bind(SOCIAL_ASSISTANCE)
                .bind(beneficiaries)
                .bind(areas)
                .bind(kinds)
                .bind(months)
                .bind(groups)
                .bind(coefficients)
                .bind(base_levels)
                .bind(amounts)
                .execute(&mut *self)
                .await?;
        }
        Ok(())
    }
}
