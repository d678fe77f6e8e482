//! Reading a record's fields in order, whatever carries them, so the payroll's parsers are
//! written once: a PostgreSQL row ([`PgColumns`]), a row stepped directly on SQLite
//! ([`crate::direct::Columns`]) or a packed text record ([`crate::packed::Fields`]).

use chrono::NaiveDate;
use sqlx::Row;
use sqlx::postgres::{PgRow, Postgres};
use uuid::Uuid;

use crate::error::{Result, StoreError};

/// The fields of one record, in order. Each reader turns a value of the wrong type, a NULL
/// where none may be or a missing field into [`StoreError::Corrupt`], naming its table.
pub(crate) trait Record<'a> {
    /// An error naming the record's table and `what` was wrong.
    fn corrupt(&self, what: &str) -> StoreError;
    /// A code or other text field.
    fn text(&mut self) -> Result<&'a str>;
    fn uuid(&mut self) -> Result<Uuid>;
    fn date(&mut self) -> Result<NaiveDate>;
    fn optional_date(&mut self) -> Result<Option<NaiveDate>>;
    fn optional_int(&mut self) -> Result<Option<i32>>;
    fn flag(&mut self) -> Result<bool>;
}

/// The columns of one PostgreSQL row, read in order.
pub(crate) struct PgColumns<'r> {
    row: &'r PgRow,
    next: usize,
    table: &'static str,
}

impl<'r> PgColumns<'r> {
    pub(crate) fn new(row: &'r PgRow, table: &'static str) -> PgColumns<'r> {
        PgColumns {
            row,
            next: 0,
            table,
        }
    }

    fn get<T: sqlx::Decode<'r, Postgres> + sqlx::Type<Postgres>>(
        &mut self,
        what: &str,
    ) -> Result<T> {
        let i = self.next;
        self.next += 1;
        self.row.try_get(i).map_err(|_| self.corrupt(what))
    }
}

impl<'r> Record<'r> for PgColumns<'r> {
    fn corrupt(&self, what: &str) -> StoreError {
        StoreError::Corrupt(format!(
            "{} row, column {}: {what}",
            self.table,
            self.next - 1
        ))
    }

    fn text(&mut self) -> Result<&'r str> {
        self.get("text")
    }

    fn uuid(&mut self) -> Result<Uuid> {
        self.get("id")
    }

    fn date(&mut self) -> Result<NaiveDate> {
        self.get("date")
    }

    fn optional_date(&mut self) -> Result<Option<NaiveDate>> {
        self.get("date")
    }

    fn optional_int(&mut self) -> Result<Option<i32>> {
        self.get("number")
    }

    fn flag(&mut self) -> Result<bool> {
        self.get("flag")
    }
}
