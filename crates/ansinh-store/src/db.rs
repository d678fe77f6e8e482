//! Which database runs, and the one dispatch through which every query goes.
//!
//! Queries are written once in portable SQL with `$1` placeholders (SQLite accepts `$N` too)
//! and run on either pool through [`db_run!`], which expands the same body for each backend.
//! Backend-specific SQL lives only in `migrations/<backend>/` and in [`crate::tuning`].

use std::fmt;
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

use uuid::Uuid;

use crate::error::{Result, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A database URL kept beside its pool. It may hold a password, so its `Debug` shows nothing
/// of it.
#[derive(Clone)]
pub(crate) struct Url(Arc<str>);

impl Url {
    pub(crate) fn new(url: &str) -> Url {
        Url(url.into())
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Url(…)")
    }
}

/// A connection pool of one of the two backends.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the concrete pool of whichever backend is in use. The body
/// is compiled once per backend, so it must only use SQL both understand.
#[macro_export]
#[doc(hidden)]
macro_rules! db_run {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

impl Db {
    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Opens a pool for `url`: `sqlite://path` (the file is created with its directory),
    /// `sqlite::memory:`, or `postgres://…` / `postgresql://…`. Any other scheme is refused.
    pub async fn connect(url: &str) -> Result<Db> {
        let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or("");
        match scheme {
            "sqlite" => Self::connect_sqlite(url).await,
            "postgres" | "postgresql" => {
                // Search statements are prepared once and run with very different prefixes
                // ("le van" matches 50 000 rows, "le van tam" 30). PostgreSQL's generic plan,
                // chosen after five runs, cannot see that and sorted whole ranges (70 ms at SF1);
                // planning each run with its values costs a fraction of a millisecond.
                let opts = PgConnectOptions::from_str(url)
                    .map_err(StoreError::Connect)?
                    .options([("plan_cache_mode", "force_custom_plan")]);
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await
                    .map_err(StoreError::Connect)?;
                Ok(Db::Postgres(pool))
            }
            other => Err(StoreError::UnknownScheme(if other.is_empty() {
                url.to_string()
            } else {
                other.to_string()
            })),
        }
    }

    async fn connect_sqlite(url: &str) -> Result<Db> {
        disable_sqlite_memstatus();
        let memory = url.contains(":memory:");
        let mut opts = SqliteConnectOptions::from_str(url).map_err(StoreError::Connect)?;
        if !memory {
            let path = opts.get_filename().to_path_buf();
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| StoreError::Connect(sqlx::Error::Io(e)))?;
            }
            opts = opts.create_if_missing(true);
        }
        opts = opts
            .journal_mode(if memory {
                SqliteJournalMode::Memory
            } else {
                SqliteJournalMode::Wal
            })
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // 12 MiB of page cache per pooled connection: eight connections stay within the
            // server's memory budget under load (16 MiB each peaked at 225 MB RSS, 12 MiB at
            // 163 MB; a shared mmap would be faster but counts the mapped file in RSS).
            .pragma("cache_size", "-12288")
            .pragma("temp_store", "memory");
        // An in-memory database lives in one connection; a file serves parallel readers (WAL)
        // while writers queue on the busy timeout.
        let max = if memory { 1 } else { 8 };
        let pool = SqlitePoolOptions::new()
            .max_connections(max)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(opts)
            .await
            .map_err(StoreError::Connect)?;
        Ok(Db::Sqlite(pool))
    }

    pub async fn close(&self) {
        db_run!(self, pool => pool.close().await)
    }
}

/// Switches off SQLite's memory statistics before the library initialises. With them on (the
/// default), every allocation of every connection takes one process-wide mutex; under 50
/// concurrent searches that mutex was the server's largest cost (futex waits in `perf`).
/// Nothing in ansinh reads those statistics.
pub(crate) fn disable_sqlite_memstatus() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: `sqlite3_config` is only valid before `sqlite3_initialize`, which SQLite calls
        // on the first open; this runs before this process opens any SQLite database. If the
        // library was initialised anyway, the call returns SQLITE_MISUSE and changes nothing.
        let rc = unsafe {
            libsqlite3_sys::sqlite3_config(
                libsqlite3_sys::SQLITE_CONFIG_MEMSTATUS,
                0 as std::ffi::c_int,
            )
        };
        if rc != libsqlite3_sys::SQLITE_OK {
            tracing::debug!(
                rc,
                "SQLite was initialised before its memory statistics could be switched off"
            );
        }
    });
}

/// The default SQLite URL for a data directory.
pub fn sqlite_url_for(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("ansinh.sqlite").display())
}

/// `WHERE col IN ($1, …)` for a list of areas; nothing for `None`; a false condition for an
/// empty list, so an empty scope exports nothing rather than everything.
pub(crate) fn in_list(col: &str, areas: Option<&[Uuid]>) -> String {
    match areas {
        None => String::new(),
        Some([]) => "WHERE 1 = 0".to_string(),
        Some(list) => {
            let marks: Vec<String> = (1..=list.len()).map(|i| format!("${i}")).collect();
            format!("WHERE {col} IN ({})", marks.join(", "))
        }
    }
}
