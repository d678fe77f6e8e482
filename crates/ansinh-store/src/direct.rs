//! Direct calls on a SQLite connection's own handle, through rusqlite, for the payroll's bulk
//! reads and writes.
//!
//! Why: sqlx runs each SQLite connection on a worker thread that hands every row over to the
//! async side and copies every bound value, about 11 µs a row. A payroll at SF 1 reads a
//! quarter of a million rows and writes 62,000 lines; through sqlx it had to pack them into
//! text values (`string_agg` on the way in, a JSON array through `json_each` on the way out),
//! and formatting and parsing that text was half of the run. Here the same SQL runs on the
//! same connection, inside the same transaction, but rows are stepped and values bound by
//! SQLite's C API directly. sqlx documents this (`SqliteConnection::lock_handle`): while the
//! handle is locked its worker thread makes no call on it.
//!
//! Errors come back as `sqlx::Error::Database`, so callers (and [`crate::error`]) handle one
//! kind of database error whichever path ran the statement.

use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use sqlx::error::{DatabaseError, ErrorKind};
use sqlx::sqlite::LockedSqliteHandle;
use sqlx::{SqliteConnection, SqlitePool};
use uuid::Uuid;

use crate::StoreError;
use crate::columns::Record;
use crate::packed::parse_date;

/// Runs `f` on `conn`'s handle. It runs on the calling thread but outside the async worker's
/// duties: on a multi-threaded runtime the worker hands its other tasks over first
/// (`block_in_place`), so a second of SQLite work does not stall the server's other requests.
pub(crate) async fn with_handle<T>(
    conn: &mut SqliteConnection,
    f: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<T>,
) -> Result<T, sqlx::Error> {
    let mut locked = conn.lock_handle().await?;
    let run = || on_locked(&mut locked, f);
    let out = match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(run),
        _ => run(),
    };
    out.map_err(|e| sqlx::Error::Database(Box::new(DirectError(e))))
}

/// Calls `f` with a rusqlite connection over `locked`'s handle: the one place that makes one.
fn on_locked<T, E: From<rusqlite::Error>>(
    locked: &mut LockedSqliteHandle<'_>,
    f: impl FnOnce(&rusqlite::Connection) -> Result<T, E>,
) -> Result<T, E> {
    let raw = locked.as_raw_handle();
    // SAFETY: the handle is valid and no other thread calls on it while `locked` lives
    // (sqlx's guarantee above), which is longer than this call. A connection made by
    // `from_handle` never closes the handle, and it is dropped here, with every statement it
    // prepared.
    let direct = unsafe { rusqlite::Connection::from_handle(raw.as_ptr()) }?;
    f(&direct)
}

/// A rusqlite error dressed as a database error of sqlx.
#[derive(Debug)]
pub(crate) struct DirectError(rusqlite::Error);

impl fmt::Display for DirectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for DirectError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

impl DatabaseError for DirectError {
    fn message(&self) -> &str {
        match &self.0 {
            rusqlite::Error::SqliteFailure(_, Some(message)) => message,
            _ => "sqlite error",
        }
    }

    fn code(&self) -> Option<Cow<'_, str>> {
        match &self.0 {
            rusqlite::Error::SqliteFailure(e, _) => Some(e.extended_code.to_string().into()),
            _ => None,
        }
    }

    fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
        self
    }

    fn kind(&self) -> ErrorKind {
        use rusqlite::ffi;
        match &self.0 {
            rusqlite::Error::SqliteFailure(e, _) => match e.extended_code {
                ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                    ErrorKind::UniqueViolation
                }
                ffi::SQLITE_CONSTRAINT_FOREIGNKEY => ErrorKind::ForeignKeyViolation,
                ffi::SQLITE_CONSTRAINT_NOTNULL => ErrorKind::NotNullViolation,
                ffi::SQLITE_CONSTRAINT_CHECK => ErrorKind::CheckViolation,
                _ => ErrorKind::Other,
            },
            _ => ErrorKind::Other,
        }
    }
}

/// Runs `f` on a connection of `pool` on a thread of the blocking pool, so that several reads
/// run at once, each on its own connection, as they did on sqlx's worker threads.
pub(crate) async fn read<T: Send + 'static>(
    pool: &SqlitePool,
    f: impl FnOnce(&rusqlite::Connection) -> crate::Result<T> + Send + 'static,
) -> crate::Result<T> {
    let mut conn = pool.acquire().await?;
    let runtime = tokio::runtime::Handle::current();
    let job = tokio::task::spawn_blocking(move || {
        // Waiting for the lock is a message to sqlx's worker thread and its answer; it needs
        // no reactor, so blocking on it here is sound on either kind of runtime.
        let mut locked = runtime.block_on(conn.lock_handle())?;
        on_locked(&mut locked, f)
    });
    crate::error::joined(job).await
}

impl From<rusqlite::Error> for crate::StoreError {
    fn from(e: rusqlite::Error) -> Self {
        sqlx::Error::Database(Box::new(DirectError(e))).into()
    }
}

/// The columns of one row stepped on SQLite, read in order.
pub(crate) struct Columns<'r> {
    row: &'r rusqlite::Row<'r>,
    next: usize,
    table: &'static str,
}

impl<'r> Columns<'r> {
    pub(crate) fn new(row: &'r rusqlite::Row<'r>, table: &'static str) -> Columns<'r> {
        Columns {
            row,
            next: 0,
            table,
        }
    }

    fn value(&mut self) -> crate::Result<ValueRef<'r>> {
        let i = self.next;
        self.next += 1;
        self.row
            .get_ref(i)
            .map_err(|_| self.corrupt("too few fields"))
    }

    fn parse_date(&self, value: ValueRef<'_>) -> crate::Result<NaiveDate> {
        match value {
            ValueRef::Text(t) => std::str::from_utf8(t).ok().and_then(parse_date),
            _ => None,
        }
        .ok_or_else(|| self.corrupt("date"))
    }
}

impl<'r> Record<'r> for Columns<'r> {
    fn corrupt(&self, what: &str) -> StoreError {
        StoreError::Corrupt(format!(
            "{} row, column {}: {what}",
            self.table,
            self.next - 1
        ))
    }

    fn text(&mut self) -> crate::Result<&'r str> {
        match self.value()? {
            ValueRef::Text(t) => std::str::from_utf8(t).map_err(|_| self.corrupt("text")),
            _ => Err(self.corrupt("text")),
        }
    }

    fn uuid(&mut self) -> crate::Result<Uuid> {
        match self.value()? {
            ValueRef::Blob(b) => Uuid::from_slice(b).map_err(|_| self.corrupt("id")),
            _ => Err(self.corrupt("id")),
        }
    }

    fn date(&mut self) -> crate::Result<NaiveDate> {
        let value = self.value()?;
        self.parse_date(value)
    }

    fn optional_date(&mut self) -> crate::Result<Option<NaiveDate>> {
        match self.value()? {
            ValueRef::Null => Ok(None),
            value => self.parse_date(value).map(Some),
        }
    }

    fn optional_int(&mut self) -> crate::Result<Option<i32>> {
        match self.value()? {
            ValueRef::Null => Ok(None),
            ValueRef::Integer(i) => i32::try_from(i)
                .map(Some)
                .map_err(|_| self.corrupt("number")),
            _ => Err(self.corrupt("number")),
        }
    }

    /// SQLite stores booleans as 1/0.
    fn flag(&mut self) -> crate::Result<bool> {
        match self.value()? {
            ValueRef::Integer(1) => Ok(true),
            ValueRef::Integer(0) => Ok(false),
            _ => Err(self.corrupt("flag")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::is_unique_violation;

    fn as_sqlx(e: rusqlite::Error) -> sqlx::Error {
        sqlx::Error::Database(Box::new(DirectError(e)))
    }

    #[test]
    fn errors_keep_their_kind_and_message() {
        let db = rusqlite::Connection::open_in_memory().unwrap();
        db.execute_batch(
            "CREATE TABLE t (k INTEGER UNIQUE, v INTEGER CHECK (v > 0));
             CREATE TRIGGER t_guard BEFORE INSERT ON t WHEN NEW.k = 9
             BEGIN SELECT RAISE(ABORT, 'payroll run is locked'); END;
             INSERT INTO t VALUES (1, 1);",
        )
        .unwrap();
        let twice = as_sqlx(db.execute("INSERT INTO t VALUES (1, 2)", []).unwrap_err());
        assert!(is_unique_violation(&twice), "{twice}");
        let check = as_sqlx(db.execute("INSERT INTO t VALUES (2, 0)", []).unwrap_err());
        assert!(!is_unique_violation(&check));
        let sqlx::Error::Database(e) = &check else {
            panic!("{check}")
        };
        assert_eq!(e.kind(), ErrorKind::CheckViolation);
        let refused = as_sqlx(db.execute("INSERT INTO t VALUES (9, 1)", []).unwrap_err());
        let sqlx::Error::Database(e) = &refused else {
            panic!("{refused}")
        };
        assert_eq!(e.message(), "payroll run is locked");
        assert!(!is_unique_violation(&refused));
    }

    #[test]
    fn columns_read_in_order_and_name_what_is_wrong() {
        let db = rusqlite::Connection::open_in_memory().unwrap();
        let mut statement = db
            .prepare(
                "SELECT X'00112233445566778899AABBCCDDEEFF', '2024-07-01', NULL, 150, 1, 'poor', 2",
            )
            .unwrap();
        let mut rows = statement.query([]).unwrap();
        let row = rows.next().unwrap().unwrap();
        let mut c = Columns::new(row, "beneficiary");
        assert_eq!(
            c.uuid().unwrap(),
            Uuid::parse_str("00112233-4455-6677-8899-aabbccddeeff").unwrap()
        );
        assert_eq!(
            c.date().unwrap(),
            NaiveDate::from_ymd_opt(2024, 7, 1).unwrap()
        );
        assert_eq!(c.optional_date().unwrap(), None);
        assert_eq!(c.optional_int().unwrap(), Some(150));
        assert!(c.flag().unwrap());
        assert_eq!(c.text().unwrap(), "poor");
        // 2 is not a flag; then there is no eighth column.
        let err = c.flag().unwrap_err();
        assert_eq!(
            err.to_string(),
            StoreError::Corrupt("beneficiary row, column 6: flag".into()).to_string()
        );
        assert!(matches!(c.text(), Err(StoreError::Corrupt(_))));
    }

    #[test]
    fn a_text_is_not_an_id() {
        let db = rusqlite::Connection::open_in_memory().unwrap();
        let mut statement = db
            .prepare("SELECT '00112233445566778899aabbccddeeff', X'0011'")
            .unwrap();
        let mut rows = statement.query([]).unwrap();
        let row = rows.next().unwrap().unwrap();
        let mut c = Columns::new(row, "grant");
        assert!(matches!(c.uuid(), Err(StoreError::Corrupt(_))));
        assert!(matches!(c.uuid(), Err(StoreError::Corrupt(_))));
    }
}
