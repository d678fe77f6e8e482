//! Writing a run's lines, the one statement that differs between the backends. SQLite takes
//! multi-row INSERTs of bound values. PostgreSQL takes the lines as arrays, one per column,
//! expanded by `unnest`: one statement to parse and plan per 50,000 lines, where a VALUES list
//! of 2,000 rows and 22,000 parameters had to be parsed and planned for every chunk.

use ansinh_core::assistance::Group;
use ansinh_core::payroll::Line;
use chrono::NaiveDate;
use sqlx::{PgConnection, QueryBuilder, SqliteConnection};
use uuid::Uuid;

use super::SOCIAL_ASSISTANCE;
use crate::assistance::CHUNK;

/// One line to write: beneficiary, commune, line.
pub(super) type NewLine = (Uuid, Uuid, Line<Group>);

const COLUMNS: &str = "INSERT INTO payroll_lines (run_id, line_no, programme, beneficiary_id,
    area_id, kind, for_month, group_code, coefficient, base_level, amount) ";

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
        for (n, chunk) in lines.chunks(CHUNK).enumerate() {
            let mut qb = QueryBuilder::new(COLUMNS);
            qb.push_values(chunk.iter().enumerate(), |mut b, (i, (ben, area, l))| {
                b.push_bind(run)
                    .push_bind((after + n * CHUNK + i + 1) as i32)
                    .push_bind(SOCIAL_ASSISTANCE)
                    .push_bind(*ben)
                    .push_bind(*area)
                    .push_bind(l.kind.code())
                    .push_bind(l.for_month.first_day())
                    .push_bind(l.group.map(Group::code))
                    .push_bind(l.coefficient)
                    .push_bind(l.base_level)
                    .push_bind(l.amount);
            });
            qb.build().execute(&mut *self).await?;
        }
        Ok(())
    }
}

/// Lines per statement on PostgreSQL: big enough that parsing is negligible, small enough
/// that a national run (3.3 M lines) does not build one message of hundreds of megabytes.
const PG_CHUNK: usize = 50_000;

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
        for (n, chunk) in lines.chunks(PG_CHUNK).enumerate() {
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
                .bind((after + n * PG_CHUNK) as i32)
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
