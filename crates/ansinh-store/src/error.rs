//! Errors of the store, each with a stable code that the web and CLI layers show.

use ansinh_core::FieldError;
use ansinh_core::RowError;
use ansinh_core::assistance::AssistanceError;

use crate::payroll::PayrollRefusal;

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
    #[error("không tìm thấy {entity} {key}")]
    NotFound { entity: &'static str, key: String },
    #[error("số định danh {0} đã có trong sổ đăng ký")]
    DuplicatePid(String),
    #[error("mã hộ {0} đã có trong sổ đăng ký")]
    DuplicateHouseholdCode(String),
    #[error("mã xã/phường {code} không có hiệu lực ngày {on}")]
    UnknownArea { code: String, on: String },
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    #[error("bản ghi đã bị người khác sửa (phiên bản {expected} ≠ {found}); hãy tải lại")]
    Conflict { expected: i32, found: i32 },
    #[error("{0}")]
    Rule(String),
    #[error("không có quyền: {0}")]
    Forbidden(String),
    #[error("dữ liệu hỏng trong cơ sở dữ liệu: {0}")]
    Corrupt(String),
    /// A decision or fact refused by the social-assistance rules; every error is kept so a form
    /// shows them together.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Assistance(Vec<AssistanceError>),
    #[error(transparent)]
    Payroll(#[from] PayrollRefusal),
    /// A file refused as a whole because of these rows; nothing was written.
    #[error("tệp có {} dòng lỗi, không ghi gì: {}", .0.len(), .0.iter().take(5).map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Rows(Vec<RowError>),
    #[error(transparent)]
    Review(#[from] crate::poverty::ReviewError),
}

impl StoreError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::UnknownScheme(_) => "db.unknown_scheme",
            StoreError::Connect(_) => "db.connect",
            StoreError::Migrate(_) => "db.migrate",
            StoreError::Db(_) => "db.error",
            StoreError::NotFound { .. } => "not_found",
            StoreError::DuplicatePid(_) => "registry.duplicate_pid",
            StoreError::DuplicateHouseholdCode(_) => "registry.duplicate_household_code",
            StoreError::UnknownArea { .. } => "registry.unknown_area",
            StoreError::Invalid(_) => "registry.invalid",
            StoreError::Conflict { .. } => "conflict",
            StoreError::Rule(_) => "registry.rule",
            StoreError::Forbidden(_) => "forbidden",
            StoreError::Corrupt(_) => "db.corrupt",
            StoreError::Assistance(errors) => errors.first().map_or("assistance", |e| e.code()),
            StoreError::Payroll(e) => e.code(),
            StoreError::Rows(errors) => errors.first().map_or("file.rows", |e| e.code),
            StoreError::Review(e) => e.code(),
        }
    }
}

impl From<sqlx::Error> for StoreError {
    /// A refusal by a trigger that guards an approved poverty review (its message starts with
    /// `poverty.approved`, on both backends) becomes the review's own error with that code, so
    /// a write that slipped past the store's checks reads like the checks' refusal.
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db) if db.message().contains("poverty.approved") => {
                StoreError::Review(crate::poverty::ReviewError::ApprovedImmutable)
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
