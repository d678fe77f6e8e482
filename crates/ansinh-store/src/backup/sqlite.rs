//! SQLite: a backup is `VACUUM INTO` a temporary file; a restore checks and migrates a copy of
//! the backup beside the database, then renames it over the database file.
//!
//! Why `VACUUM INTO` rather than the online backup API (`sqlite3_backup_*`): it is one
//! statement on a pooled connection through sqlx, with the file name bound as a value (no
//! quoting); it reads in one read transaction, so the copy is consistent however long it
//! takes while other connections keep writing (the backup API restarts its copy whenever
//! another connection writes, unless it copies everything in one step, which is the same read
//! transaction); and its output is compact (no free pages), which makes the file smaller to
//! keep and quicker to check at restore. SQLite does not sync that output, so it is written
//! under a temporary name and synced before it is renamed to the backup's name.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{ConnectOptions, Connection, SqliteConnection, SqlitePool};

use super::{BackupError, Partial, SQLITE_MAGIC, check_migrations, expect_kind};
use crate::SQLITE_MIGRATIONS;
use crate::db::Db;
use crate::error::{Result, StoreError};

/// Writes a consistent copy of the database into the new file `into`.
pub(super) async fn backup(pool: &SqlitePool, into: &Path) -> Result<()> {
    let into = into.to_str().ok_or_else(|| BackupError::Io {
        what: format!("sao lưu vào {}", into.display()),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "đường dẫn không phải UTF-8",
        ),
    })?;
    // The file name is a bound value, never SQL text: a quote in it is just a character.
    sqlx::query("VACUUM INTO $1")
        .bind(into)
        .execute(pool)
        .await?;
    Ok(())
}

/// Puts the backup `file` in place of the database of `url`; says whether data was replaced.
pub(super) async fn restore(url: &str, file: &Path, force: bool) -> Result<bool> {
    if url.contains(":memory:") {
        return Err(BackupError::InMemory.into());
    }
    crate::db::disable_sqlite_memstatus();
    let target = SqliteConnectOptions::from_str(url)
        .map_err(StoreError::Connect)?
        .get_filename()
        .to_path_buf();
    expect_kind(file, SQLITE_MAGIC).await?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(BackupError::io(format!("tạo thư mục {}", dir.display())))?;
    }
    // The backup itself is never opened for writing: its copy is checked and migrated.
    let copy = Partial::beside(&target, "restore");
    let started = std::time::Instant::now();
    tokio::fs::copy(file, copy.path())
        .await
        .map_err(BackupError::io(format!(
            "chép {} sang {}",
            file.display(),
            copy.path().display()
        )))?;
    let copied = started.elapsed();
    prepare(file, copy.path()).await?;
    tracing::info!(
        copy_ms = copied.as_millis() as u64,
        check_ms = (started.elapsed() - copied).as_millis() as u64,
        "backup copied, checked and migrated"
    );

    let exists = tokio::fs::try_exists(&target)
        .await
        .map_err(BackupError::io(format!("xem tệp {}", target.display())))?;
    if !exists {
        copy.install(&target).await?;
        return Ok(false);
    }
    // One connection to the target: it reads whether the target holds data, then holds the
    // file exclusively while the copy is renamed over it.
    let opts = SqliteConnectOptions::new()
        .filename(&target)
        .busy_timeout(Duration::ZERO);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts)
        .await
        .map_err(StoreError::Connect)?;
    let replaced = swap(&pool, &target, copy, force).await;
    pool.close().await;
    replaced
}

/// Checks the copy of a backup (it opens, `integrity_check` is ok, its migrations are known)
/// and migrates it, leaving it one self-contained file.
async fn prepare(file: &Path, copy: &Path) -> Result<()> {
    let mut conn = SqliteConnectOptions::new()
        .filename(copy)
        // integrity_check reads every index beside its table: with SQLite's default 2 MiB of
        // cache it re-read the file from the kernel (30 s at SF 1), with 64 MiB 18 s.
        .pragma("cache_size", "-65536")
        .connect()
        .await
        .map_err(|e| BackupError::unreadable(file, e))?;
    let prepared = check_and_migrate(&mut conn, file).await;
    conn.close().await?;
    prepared
}

async fn check_and_migrate(conn: &mut SqliteConnection, file: &Path) -> Result<()> {
    let report: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| BackupError::unreadable(file, e))?;
    if report != ["ok"] {
        let found = report
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ");
        return Err(BackupError::unreadable(file, format!("integrity_check: {found}")).into());
    }
    // A rollback journal: whatever mode the backup was in, every page stays in the one file.
    sqlx::query("PRAGMA journal_mode = DELETE")
        .execute(&mut *conn)
        .await?;
    // No such table is no ansinh database, which the check says.
    let applied: Vec<super::Applied> =
        sqlx::query_as("SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut *conn)
            .await
            .unwrap_or_default();
    check_migrations(file, &applied, &SQLITE_MIGRATIONS)?;
    SQLITE_MIGRATIONS.run(&mut *conn).await?;
    Ok(())
}

/// Renames the prepared copy over `target`, refusing a target that holds data unless `force`
/// and one that another connection has open. Switching the target out of WAL needs every other
/// connection closed (SQLite refuses at once otherwise) and takes its WAL back into the file;
/// the exclusive transaction then keeps newcomers out until the rename is done.
async fn swap(pool: &SqlitePool, target: &Path, copy: Partial, force: bool) -> Result<bool> {
    let replaced = super::refuse_data_unless_forced(&Db::Sqlite(pool.clone()), force).await?;
    let in_use = || BackupError::TargetInUse(target.display().to_string());
    let mut conn = pool.acquire().await?;
    let mode: String = match sqlx::query_scalar("PRAGMA journal_mode = DELETE")
        .fetch_one(&mut *conn)
        .await
    {
        Ok(mode) => mode,
        Err(e) if is_busy(&e) => return Err(in_use().into()),
        Err(e) => return Err(e.into()),
    };
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(in_use().into());
    }
    let held = match conn.begin_with("BEGIN EXCLUSIVE").await {
        Ok(tx) => tx,
        Err(e) if is_busy(&e) => return Err(in_use().into()),
        Err(e) => return Err(e.into()),
    };
    let installed = copy.install(target).await;
    // The old file is gone from the directory; its lock goes with this transaction.
    held.rollback().await?;
    installed?;
    Ok(replaced)
}

/// SQLITE_BUSY or SQLITE_LOCKED (any extended code of either).
fn is_busy(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => db
            .code()
            .and_then(|c| c.parse::<i32>().ok())
            .is_some_and(|c| matches!(c & 0xff, 5 | 6)),
        _ => false,
    }
}
