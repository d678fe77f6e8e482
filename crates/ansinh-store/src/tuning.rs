//! Backend-specific statements outside the migrations, kept here in one place.

use crate::Store;
use crate::db::Db;
use crate::error::Result;

impl Store {
    /// Refreshes the planner's statistics after a large load, so that the first searches use
    /// the name indexes instead of guessing from an empty table.
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
                sqlx::query("ANALYZE").execute(pool).await?;
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
