//! Writing a run's lines, the one statement that differs between the backends. Both take many
//! lines in one bound value, expanded by the database: SQLite a JSON array through
//! `json_each`, PostgreSQL one array per column through `unnest`. One statement per 50,000
//! lines, where a VALUES list of 2,000 rows and 22,000 parameters had to be parsed (and on
//! PostgreSQL planned) for every chunk, and every parameter cost an allocation and a bind.

use ansinh_core::assistance::Group;
use ansinh_core::payroll::Line;
use chrono::{Datelike, NaiveDate};
use sqlx::{PgConnection, SqliteConnection};
use uuid::Uuid;

use super::SOCIAL_ASSISTANCE;

/// One line to write: beneficiary, commune, line.
pub(super) type NewLine = (Uuid, Uuid, Line<Group>);

const COLUMNS: &str = "INSERT INTO payroll_lines (run_id, line_no, programme, beneficiary_id,
    area_id, kind, for_month, group_code, coefficient, base_level, amount) ";

/// Lines per statement: big enough that parsing is negligible, small enough that a national
/// run (3.3 M lines) does not build one value of hundreds of megabytes.
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

impl WriteLines for SqliteConnection {
    async fn write_lines(
        &mut self,
        run: Uuid,
        after: usize,
        lines: &[NewLine],
    ) -> Result<(), sqlx::Error> {
        let sql = format!(
            "{COLUMNS} SELECT $1, $2 + j.key + 1, $3, unhex(j.value ->> 0), unhex(j.value ->> 1),
                j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6, j.value ->> 7
             FROM json_each($4) AS j"
        );
        for (n, chunk) in lines.chunks(CHUNK).enumerate() {
            sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(run)
                .bind((after + n * CHUNK) as i64)
                .bind(SOCIAL_ASSISTANCE)
                .bind(json_rows(chunk))
                .execute(&mut *self)
                .await?;
        }
        Ok(())
    }
}

/// The lines as one JSON array of arrays, `[beneficiary, commune, kind, month, group,
/// coefficient, base level, amount]`, ids as 32 hex digits (SQLite's `unhex` turns them into
/// the 16-byte blobs it stores). Only ids, codes, numbers and dates, none of which needs
/// escaping in JSON.
fn json_rows(lines: &[NewLine]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(lines.len() * 128 + 2);
    let mut put = |args: std::fmt::Arguments| {
        out.write_fmt(args)
            .expect("writing to a String cannot fail")
    };
    put(format_args!("["));
    for (i, (ben, area, l)) in lines.iter().enumerate() {
        put(format_args!(
            "{}[\"{}\",\"{}\",\"{}\",\"{:04}-{:02}-01\",",
            if i > 0 { "," } else { "" },
            ben.simple(),
            area.simple(),
            l.kind.code(),
            l.for_month.first_day().year(),
            l.for_month.first_day().month(),
        ));
        match l.group {
            Some(g) => put(format_args!("\"{}\",", g.code())),
            None => put(format_args!("null,")),
        }
        match l.coefficient {
            Some(c) => put(format_args!("{c},")),
            None => put(format_args!("null,")),
        }
        match l.base_level {
            Some(b) => put(format_args!("{b},")),
            None => put(format_args!("null,")),
        }
        put(format_args!("{}]", l.amount));
    }
    put(format_args!("]"));
    out
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
