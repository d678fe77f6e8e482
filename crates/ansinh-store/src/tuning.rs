//! Backend-specific statements outside the migrations, kept here in one place.

use sqlx::{PgConnection, SqliteConnection};

use crate::Store;
use crate::db::Db;
use crate::error::Result;

/// Planner settings for one transaction that writes many rows into tables with foreign keys.
pub(crate) trait BulkWrite {
    /// Makes PostgreSQL's foreign-key checks cheap until the transaction ends; nothing to do on
    /// SQLite, whose checks are index lookups without a planner. Two settings, measured on the
    /// 36 967 results of an SF 1 classification (`EXPLAIN ANALYZE` of the insert):
    /// - our connections force a custom plan per run (`db.rs`, for the search), and that also
    ///   applies to the hidden query of every foreign-key check, so each inserted row planned
    ///   one query per foreign key: 2.8 s of checks instead of 1.3 s with reusable plans;
    /// - at the default `random_page_cost` (4, a spinning disk) the check against the 279 rows
    ///   of `areas` was planned as a sequential scan of its four pages, 15–20 µs a row; 1.1 (an
    ///   SSD, or a database in memory) makes it the primary-key lookup, a third of that.
    async fn plan_for_bulk_writes(&mut self) -> Result<()>;

    /// Keeps in memory the rows a statement-level trigger is handed (its transition table):
    /// the locked-run check of `payroll_lines` (migration 0005) sees up to 50,000 lines per
    /// statement. At the default `work_mem` (4 MB) PostgreSQL wrote them to a temporary file
    /// first, and inserting the 61,000 lines of an SF 1 month took 0.45-0.58 s instead of
    /// 0.36-0.38 s (`EXPLAIN ANALYZE`, 11/2026). Nothing to do on SQLite, whose triggers run
    /// row by row.
    async fn hold_transition_tables(&mut self) -> Result<()>;
}

impl BulkWrite for SqliteConnection {
    async fn plan_for_bulk_writes(&mut self) -> Result<()> {
        Ok(())
    }

    async fn hold_transition_tables(&mut self) -> Result<()> {
        Ok(())
    }
}

impl BulkWrite for PgConnection {
    async fn plan_for_bulk_writes(&mut self) -> Result<()> {
        sqlx::query("SET LOCAL plan_cache_mode = auto")
            .execute(&mut *self)
            .await?;
        sqlx::query("SET LOCAL random_page_cost = 1.1")
            .execute(&mut *self)
            .await?;
        Ok(())
    }

    async fn hold_transition_tables(&mut self) -> Result<()> {
        sqlx::query("SET LOCAL work_mem = '32MB'")
            .execute(&mut *self)
            .await?;
        Ok(())
    }
}

/// For the rest of the transaction, joins look rows up through indexes instead of hashing a
/// whole table. The payroll's facts join 71,000 beneficiaries (at SF 1) with their persons:
/// PostgreSQL's estimate preferred hashing all 1.17 million persons, 0.31 s, where index-only
/// lookups in `persons_dates` (migration 0015) take 0.13-0.17 s.
pub(crate) async fn prefer_index_lookups(conn: &mut PgConnection) -> Result<()> {
    sqlx::query("SET LOCAL enable_hashjoin = off")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

impl Store {
    /// Refreshes the planner's statistics after a large load, so that the first searches use
    /// the name indexes instead of guessing from an empty table. Must not run inside a
    /// transaction (PostgreSQL's VACUUM refuses to).
    pub async fn analyze(&self) -> Result<()> {
        match &self.db {
            Db::Sqlite(pool) => {
                sqlx::query("PRAGMA analysis_limit = 1000")
                    .execute(pool)
                    .await?;
                sqlx::query("ANALYZE").execute(pool).await?;
                sqlx::query("PRAGMA optimize").execute(pool).await?;
            }
            Db::Postgres(pool) => {
                // VACUUM as well: it sets the visibility map (index-only scans) and leaves
                // autovacuum nothing to do in the minutes after a load, when it would compete
                // with the first users for the CPU.
                sqlx::query("VACUUM (ANALYZE)").execute(pool).await?;
            }
        }
        Ok(())
    }

    /// Writes the SQLite WAL back into the main file (a no-op on PostgreSQL), so a copied
    /// database file is complete.
    pub async fn checkpoint(&self) -> Result<()> {
        if let Db::Sqlite(pool) = &self.db {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(pool)
                .await?;
        }
        Ok(())
    }
}

/// An SQL expression giving a UUID column as text that `Uuid::parse_str` reads: SQLite stores
/// UUIDs as 16-byte BLOBs (hex digits, no hyphens), PostgreSQL as `uuid` (the hyphenated form).
/// Used where rows are packed into strings in SQL ([`crate::payroll`]'s stored lines).
pub(crate) fn uuid_text(backend: crate::db::Backend, column: &str) -> String {
    match backend {
        crate::db::Backend::Sqlite => format!("hex({column})"),
        crate::db::Backend::Postgres => format!("CAST({column} AS TEXT)"),
    }
}

/// A UUID as an SQL literal of the column type each backend stores: a 16-byte BLOB on SQLite,
/// a `uuid` on PostgreSQL. Only hex digits and hyphens, so it is safe to write into SQL.
pub(crate) fn uuid_literal(backend: crate::db::Backend, id: uuid::Uuid) -> String {
    match backend {
        crate::db::Backend::Sqlite => format!("X'{}'", id.simple()),
        crate::db::Backend::Postgres => format!("CAST('{}' AS uuid)", id.hyphenated()),
    }
}
