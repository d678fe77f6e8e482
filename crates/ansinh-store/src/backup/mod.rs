//! Backups of the whole database, and restoring one: `ansinh backup FILE`, `ansinh restore FILE`.
//!
//! - **SQLite** (`sqlite.rs`): `VACUUM INTO` a temporary file beside FILE, which is renamed to
//!   FILE once complete and synced. `VACUUM INTO` reads the database in one read transaction,
//!   so the copy is consistent while the server keeps writing (WAL: readers do not block
//!   writers). A restore copies the backup to a temporary file beside the database, checks and
//!   migrates that copy, then renames it over the database file while holding it exclusively:
//!   a crash before the rename leaves the old database, one after it the complete new one.
//! - **PostgreSQL** (`postgres.rs`): `pg_dump --format=custom` and `pg_restore
//!   --single-transaction`, the server's own tools, given the URL without its password (which
//!   they read from `PGPASSWORD`). The restore commits as a whole or not at all.
//!
//! Either way the backup is checked before the target is touched (it opens, it is whole, its
//! migrations are this binary's or older), a target that holds data is replaced only when the
//! caller forces it, the migrations run afterwards, and the backup and the restore each leave an
//! audit entry.

mod postgres;
mod sqlite;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sqlx::migrate::Migrator;

use crate::audit::{Action, Entity};
use crate::db::Db;
use crate::error::{Result, StoreError};
use crate::registry::persons::RegistryCounts;
use crate::{Actor, Store};

/// The database as a whole, backed up or restored.
pub const DATABASE: Entity = Entity::new("database");

/// Tables the store fills by itself when it opens a database (migrations, the shipped area
/// catalogue): rows there do not make a restore target "hold data".
const SEEDED: &[&str] = &["_sqlx_migrations", "areas", "area_successors"];

/// Why a backup or a restore was refused or failed. Nothing was changed by a refusal: the
/// target database is as it was.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("cơ sở dữ liệu đích nằm trong bộ nhớ (sqlite::memory:): không có tệp để khôi phục vào")]
    InMemory,
    #[error("tệp {0} đã có: chọn tên khác (bản sao lưu cũ không bị ghi đè)")]
    FileExists(String),
    #[error("không tìm thấy tệp sao lưu {0}")]
    NotFound(String),
    #[error("tệp {file} không phải bản sao lưu dùng được: {why}")]
    Unreadable { file: String, why: String },
    #[error(
        "bản sao lưu có migration {version} mà phiên bản ansinh này không có (hoặc khác): hãy khôi phục bằng phiên bản đã tạo bản sao lưu"
    )]
    UnknownMigration { version: i64 },
    #[error(
        "cơ sở dữ liệu đích đã có dữ liệu (bảng {tables}): thêm --force để thay toàn bộ bằng bản sao lưu"
    )]
    TargetHasData { tables: String },
    #[error(
        "cơ sở dữ liệu {0} đang được tiến trình khác mở (máy chủ web?): dừng tiến trình đó rồi khôi phục lại"
    )]
    TargetInUse(String),
    #[error(
        "cơ sở dữ liệu đích có cấu trúc mới hơn bản sao lưu (migration {version}): hãy khôi phục vào một cơ sở dữ liệu trống (dropdb, createdb)"
    )]
    TargetNewer { version: i64 },
    #[error(
        "không tìm thấy {tool} (đã tìm: {searched}): cài gói postgresql-client cùng phiên bản với máy chủ"
    )]
    ToolMissing {
        tool: &'static str,
        searched: String,
    },
    #[error("{tool} thất bại: {why}")]
    ToolFailed { tool: &'static str, why: String },
    #[error("lỗi tệp khi {what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
}

ansinh_core::coded! {
    BackupError {
        InMemory => "backup.in_memory", Refusal,
        FileExists => "backup.file_exists", Refusal,
        NotFound => "backup.not_found", Refusal,
        Unreadable => "backup.unreadable", Refusal,
        UnknownMigration => "backup.unknown_migration", Refusal,
        TargetHasData => "backup.target_has_data", Refusal,
        TargetInUse => "backup.target_in_use", Refusal,
        TargetNewer => "backup.target_newer", Refusal,
        ToolMissing => "backup.tool_missing", Failure,
        ToolFailed => "backup.tool_failed", Failure,
        Io => "backup.io", Failure,
    }
}

impl BackupError {
    pub(crate) fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> BackupError {
        let what = what.into();
        move |source| BackupError::Io { what, source }
    }

    fn unreadable(file: &Path, why: impl ToString) -> BackupError {
        BackupError::Unreadable {
            file: file.display().to_string(),
            why: why.to_string(),
        }
    }
}

/// What a backup wrote.
#[derive(Debug, Clone)]
pub struct BackupSummary {
    pub file: PathBuf,
    pub bytes: u64,
    /// The database's counts when the backup started.
    pub counts: RegistryCounts,
    pub elapsed: Duration,
}

/// What a restore put in place.
#[derive(Debug, Clone)]
pub struct RestoreSummary {
    pub file: PathBuf,
    pub bytes: u64,
    /// The restored database's counts (its restore entry not included).
    pub counts: RegistryCounts,
    /// True when the target held data that the restore replaced (`force`).
    pub replaced: bool,
    pub elapsed: Duration,
}

impl Store {
    /// Writes a consistent copy of the whole database to `file`, which must not exist yet, and
    /// records it in the audit log. The server may keep running meanwhile.
    pub async fn backup(&self, actor: &Actor, file: &Path) -> Result<BackupSummary> {
        let started = Instant::now();
        let exists = tokio::fs::try_exists(file)
            .await
            .map_err(BackupError::io(format!("xem tệp {}", file.display())))?;
        if exists {
            return Err(BackupError::FileExists(file.display().to_string()).into());
        }
        if let Some(dir) = parent(file) {
            tokio::fs::create_dir_all(dir)
                .await
                .map_err(BackupError::io(format!("tạo thư mục {}", dir.display())))?;
        }
        let counts = self.counts().await?;
        let partial = Partial::beside(file, "partial");
        match &self.db {
            Db::Sqlite(pool) => sqlite::backup(pool, partial.path()).await?,
            Db::Postgres(pool) => postgres::backup(pool, self.url.as_str(), partial.path()).await?,
        }
        let bytes = partial.install(file).await?;
        let note = format!("sao lưu vào {}: {bytes} byte", file.display());
        self.log_event(actor, Action::Backup, DATABASE, None, Some(&note))
            .await?;
        let elapsed = started.elapsed();
        tracing::info!(
            backend = self.backend().name(),
            bytes,
            ms = elapsed.as_millis() as u64,
            "backup written"
        );
        Ok(BackupSummary {
            file: file.to_path_buf(),
            bytes,
            counts,
            elapsed,
        })
    }

    /// Replaces the database at `url` with the backup in `file` and opens it (migrated).
    ///
    /// The backup is checked first: it opens, it is whole (SQLite's `integrity_check`, or
    /// `pg_restore` reads all of it), and its migrations are ones this binary knows. A target
    /// that holds data (rows outside the tables the store seeds) is refused unless `force`.
    /// Any refusal or failure leaves the target as it was.
    pub async fn restore(
        url: &str,
        file: &Path,
        force: bool,
        actor: &Actor,
    ) -> Result<(Store, RestoreSummary)> {
        let started = Instant::now();
        let bytes = match tokio::fs::metadata(file).await {
            Ok(m) if m.is_file() => m.len(),
            _ => return Err(BackupError::NotFound(file.display().to_string()).into()),
        };
        let replaced = match url.split_once(':').map(|(scheme, _)| scheme) {
            Some("sqlite") => sqlite::restore(url, file, force).await?,
            Some("postgres" | "postgresql") => postgres::restore(url, file, force).await?,
            other => {
                let scheme = other.filter(|s| !s.is_empty()).unwrap_or(url);
                return Err(StoreError::UnknownScheme(scheme.to_string()));
            }
        };
        let store = Store::open(url).await?;
        let counts = store.counts().await?;
        let note = format!("khôi phục từ {}: {bytes} byte", file.display());
        store
            .log_event(actor, Action::Restore, DATABASE, None, Some(&note))
            .await?;
        let elapsed = started.elapsed();
        tracing::info!(
            backend = store.backend().name(),
            bytes,
            replaced,
            ms = elapsed.as_millis() as u64,
            "backup restored"
        );
        Ok((
            store,
            RestoreSummary {
                file: file.to_path_buf(),
                bytes,
                counts,
                replaced,
                elapsed,
            },
        ))
    }
}

impl Db {
    /// The database's own tables (sqlx's `_sqlx_migrations` included, SQLite's internal
    /// `sqlite_*` not), by name.
    pub async fn table_names(&self) -> Result<Vec<String>> {
        let sql = match self {
            Db::Sqlite(_) => {
                "SELECT name FROM sqlite_master
                 WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
            }
            Db::Postgres(_) => {
                "SELECT table_name::text FROM information_schema.tables
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
            }
        };
        db_run!(self, pool => Ok(sqlx::query_scalar(sql).fetch_all(pool).await?))
    }

    /// The tables that hold rows the store did not seed itself (see [`SEEDED`]).
    pub(crate) async fn tables_with_data(&self) -> Result<Vec<String>> {
        let mut holding = Vec::new();
        for table in self.table_names().await? {
            if SEEDED.contains(&table.as_str()) {
                continue;
            }
            let sql = format!("SELECT 1 FROM {} LIMIT 1", quote_ident(&table));
            let any = db_run!(self, pool => sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_optional(pool)
                .await?
                .is_some());
            if any {
                holding.push(table);
            }
        }
        Ok(holding)
    }
}

/// A table name from the catalogue as an SQL identifier (both backends quote with `"`).
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Refuses a target that holds data unless forced; says whether data will be replaced.
pub(crate) async fn refuse_data_unless_forced(target: &Db, force: bool) -> Result<bool> {
    let holding = target.tables_with_data().await?;
    if holding.is_empty() {
        return Ok(false);
    }
    if !force {
        let mut tables = holding
            .iter()
            .take(6)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if holding.len() > 6 {
            tables.push_str(", …");
        }
        return Err(BackupError::TargetHasData { tables }.into());
    }
    Ok(true)
}

/// One applied migration as a backup records it: version, checksum, success.
pub(crate) type Applied = (i64, Vec<u8>, bool);

/// Checks a backup's migrations against the ones this binary carries: each applied one must
/// be known with the same checksum (the backup is this version's or older). Returns the
/// versions applied.
pub(crate) fn check_migrations(
    file: &Path,
    applied: &[Applied],
    known: &Migrator,
) -> Result<BTreeSet<i64>, BackupError> {
    if applied.is_empty() {
        return Err(BackupError::unreadable(
            file,
            "không có bảng _sqlx_migrations: không phải cơ sở dữ liệu ansinh",
        ));
    }
    for (version, checksum, success) in applied {
        if !success {
            return Err(BackupError::unreadable(
                file,
                format!("migration {version} chưa chạy xong khi sao lưu"),
            ));
        }
        let same = known
            .iter()
            .any(|m| m.version == *version && m.checksum.as_ref() == checksum.as_slice());
        if !same {
            return Err(BackupError::UnknownMigration { version: *version });
        }
    }
    Ok(applied.iter().map(|(v, _, _)| *v).collect())
}

/// The first bytes of a file, to tell a SQLite database from a PostgreSQL archive.
pub(crate) async fn magic(file: &Path) -> Result<Vec<u8>, BackupError> {
    use tokio::io::AsyncReadExt;
    let mut f = tokio::fs::File::open(file)
        .await
        .map_err(|_| BackupError::NotFound(file.display().to_string()))?;
    let mut head = vec![0u8; 16];
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..]).await {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) => return Err(BackupError::io(format!("đọc {}", file.display()))(e)),
        }
    }
    head.truncate(n);
    Ok(head)
}

pub(crate) const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
pub(crate) const PG_MAGIC: &[u8] = b"PGDMP";

/// Refuses a file that is not a backup of `expected`'s kind, naming what it is instead.
pub(crate) async fn expect_kind(file: &Path, expected: &[u8]) -> Result<(), BackupError> {
    let head = magic(file).await?;
    if head.starts_with(expected) {
        return Ok(());
    }
    let why = if head.starts_with(SQLITE_MAGIC) {
        "đây là tệp SQLite, cơ sở dữ liệu đích là PostgreSQL"
    } else if head.starts_with(PG_MAGIC) {
        "đây là bản sao lưu PostgreSQL (pg_dump), cơ sở dữ liệu đích là SQLite"
    } else {
        "không phải tệp SQLite hay bản sao lưu pg_dump"
    };
    Err(BackupError::unreadable(file, why))
}

fn parent(path: &Path) -> Option<&Path> {
    path.parent().filter(|d| !d.as_os_str().is_empty())
}

/// A file being written beside its final path, removed (with any SQLite journal of it) unless
/// it was installed.
pub(crate) struct Partial {
    path: PathBuf,
    installed: bool,
}

impl Partial {
    /// `.NAME.<uuid>.<what>` in `file`'s directory, so the final rename stays on one file system.
    pub(crate) fn beside(file: &Path, what: &str) -> Partial {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "ansinh".into());
        let tmp = format!(".{name}.{}.{what}", uuid::Uuid::now_v7().simple());
        let path = match parent(file) {
            Some(dir) => dir.join(tmp),
            None => PathBuf::from(tmp),
        };
        Partial {
            path,
            installed: false,
        }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Syncs the file, renames it to `file` and syncs the directory; returns its size.
    pub(crate) async fn install(mut self, file: &Path) -> Result<u64, BackupError> {
        let bytes = sync_file(&self.path).await?;
        tokio::fs::rename(&self.path, file)
            .await
            .map_err(BackupError::io(format!("đổi tên thành {}", file.display())))?;
        self.installed = true;
        sync_dir(file).await?;
        Ok(bytes)
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if self.installed {
            return;
        }
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let mut p = self.path.clone().into_os_string();
            p.push(suffix);
            // Best effort: a leftover dot-file is harmless and named for what it was.
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
}

/// Writes a file's data to disk; returns its size.
pub(crate) async fn sync_file(path: &Path) -> Result<u64, BackupError> {
    let what = || format!("ghi {} xuống đĩa", path.display());
    let f = tokio::fs::File::open(path)
        .await
        .map_err(BackupError::io(what()))?;
    f.sync_all().await.map_err(BackupError::io(what()))?;
    Ok(f.metadata().await.map_err(BackupError::io(what()))?.len())
}

/// Writes a directory entry (a rename into it) to disk.
pub(crate) async fn sync_dir(file: &Path) -> Result<(), BackupError> {
    let dir = parent(file).unwrap_or(Path::new("."));
    let what = || format!("ghi thư mục {} xuống đĩa", dir.display());
    let d = tokio::fs::File::open(dir)
        .await
        .map_err(BackupError::io(what()))?;
    d.sync_all().await.map_err(BackupError::io(what()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote_ident("persons"), "\"persons\"");
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn migrations_must_be_known_with_their_checksums() {
        let known = &crate::SQLITE_MIGRATIONS;
        let first = known.iter().next().unwrap();
        let file = Path::new("x");
        let ok = [(first.version, first.checksum.to_vec(), true)];
        assert_eq!(
            check_migrations(file, &ok, known).unwrap(),
            [first.version].into()
        );
        let changed = [(first.version, vec![0u8; 4], true)];
        assert_eq!(
            check_migrations(file, &changed, known).unwrap_err().code(),
            "backup.unknown_migration"
        );
        let newer = [(9_999, vec![], true)];
        assert_eq!(
            check_migrations(file, &newer, known).unwrap_err().code(),
            "backup.unknown_migration"
        );
        let failed = [(first.version, first.checksum.to_vec(), false)];
        assert_eq!(
            check_migrations(file, &failed, known).unwrap_err().code(),
            "backup.unreadable"
        );
        assert_eq!(
            check_migrations(file, &[], known).unwrap_err().code(),
            "backup.unreadable"
        );
    }
}
