//! Errors of the store, each with a stable code that the web and CLI layers show.

use ansinh_core::FieldError;
use ansinh_core::RowError;
use ansinh_core::accounts::AccountsError;
use ansinh_core::assistance::AssistanceError;
use ansinh_core::error::ErrorKind;
use ansinh_core::payroll::PayrollError;
use ansinh_core::poverty::PovertyError;
use ansinh_core::registry::RegistryError;

/// What a store call can fail with. Infrastructure failures, the generic refusals (not found,
/// forbidden, a version conflict, invalid fields, bad rows of a file) and one variant per
/// capability's error enum; [`StoreError::kind`] says which are refusals.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "địa chỉ cơ sở dữ liệu không hỗ trợ '{0}': dùng sqlite://đường-dẫn hoặc postgres://… (unsupported database URL scheme)"
    )]
    UnknownScheme(String),
    #[error("không kết nối được cơ sở dữ liệu: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("không chạy được migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Any other database error. Converting a `sqlx::Error` recognises the refusals of the
    /// migrations' triggers first (see `From<sqlx::Error>`).
    #[error("lỗi cơ sở dữ liệu: {0}")]
    Db(#[source] sqlx::Error),
    #[error("dữ liệu hỏng trong cơ sở dữ liệu: {0}")]
    Corrupt(String),
    #[error("không tìm thấy {entity} {key}")]
    NotFound { entity: &'static str, key: String },
    #[error("không có quyền: {0}")]
    Forbidden(String),
    #[error("bản ghi đã bị người khác sửa (phiên bản {expected} ≠ {found}); hãy tải lại")]
    Conflict { expected: i32, found: i32 },
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// A file refused as a whole because of these rows; nothing was written.
    #[error("tệp có {} dòng lỗi, không ghi gì: {}", .0.len(), .0.iter().take(5).map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Rows(Vec<RowError>),
    #[error(transparent)]
    Registry(#[from] RegistryError),
    /// A decision or fact refused by the social-assistance rules; every error is kept so a form
    /// shows them together (never empty).
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Assistance(Vec<AssistanceError>),
    #[error(transparent)]
    Payroll(#[from] PayrollError),
    #[error(transparent)]
    Poverty(#[from] PovertyError),
    #[error(transparent)]
    Accounts(#[from] AccountsError),
    #[error(transparent)]
    Backup(#[from] crate::backup::BackupError),
}

ansinh_core::coded! {
    StoreError {
        UnknownScheme => "db.unknown_scheme", Failure,
        Connect => "db.connect", Failure,
        Migrate => "db.migrate", Failure,
        Db => "db.error", Failure,
        Corrupt => "db.corrupt", Failure,
        NotFound => "not_found", Refusal,
        Forbidden => "forbidden", Refusal,
        Conflict => "conflict", Refusal,
        Invalid => "registry.invalid", Refusal,
    }
    delegate {
        // A file's rows carry the field codes of their first error.
        Self::Rows(errors) => (errors.first().map_or("file.rows", |e| e.code), ErrorKind::Refusal),
        Self::Registry(e) => (e.code(), e.kind()),
        Self::Assistance(errors) => errors
            .first()
            .map_or(("assistance", ErrorKind::Refusal), |e| (e.code(), e.kind())),
        Self::Payroll(e) => (e.code(), e.kind()),
        Self::Poverty(e) => (e.code(), e.kind()),
        Self::Accounts(e) => (e.code(), e.kind()),
        Self::Backup(e) => (e.code(), e.kind()),
    }
}

impl StoreError {
    /// The codes a [`StoreError::Rows`] or an empty [`StoreError::Assistance`] fall back to.
    pub const FALLBACK_CODES: &'static [(&'static str, ErrorKind)] = &[
        ("file.rows", ErrorKind::Refusal),
        ("assistance", ErrorKind::Refusal),
    ];
}

impl From<AssistanceError> for StoreError {
    fn from(e: AssistanceError) -> Self {
        StoreError::Assistance(vec![e])
    }
}

impl From<sqlx::Error> for StoreError {
    /// A refusal by a trigger that guards an approved poverty review (its message starts with
    /// `poverty.approved`, on both backends) becomes the review's own error with that code, so
    /// a write that slipped past the store's checks reads like the checks' refusal.
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db) if db.message().contains("poverty.approved") => {
                StoreError::Poverty(PovertyError::ApprovedImmutable)
            }
            _ => StoreError::Db(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The result of a task the store spawned (a read on its own thread), with the task's panic
/// carried on to the caller as if it had run in place.
pub(crate) async fn joined<T>(task: tokio::task::JoinHandle<Result<T>>) -> Result<T> {
    match task.await {
        Ok(result) => result,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(_) => Err(sqlx::Error::WorkerCrashed.into()),
    }
}

/// True when a database error is a UNIQUE violation (either backend), so callers can turn a
/// race between two inserts into the same clear message as the pre-check.
pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => db.is_unique_violation(),
        _ => false,
    }
}
