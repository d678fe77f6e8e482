//! Backend-specific statements outside the migrations, kept here in one place.

use crate::Store;
use crate::db::Db;
use crate::error::Result;

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
/// Used where rows are packed into strings in SQL ([`crate::assistance::facts`]).
pub(crate) fn uuid_text(backend: crate::db::Backend, column: &str) -> String {
    match backend {
        crate::db::Backend::Sqlite => format!("hex({column})"),
        crate::db::Backend::Postgres => format!("CAST({column} AS TEXT)"),
    }
}
