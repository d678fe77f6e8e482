//! What can go wrong with one row of a file an officer brings (persons, households, surveys,
//! a paying agent's result): one shape for every capability, so a report of refused rows reads
//! the same wherever it comes from. The files crate produces these while reading; the store
//! adds the ones only the database can find.

use std::fmt;

/// One thing wrong in one row: the row's number as the officer sees it in the spreadsheet
/// (the header is row 1) and the column's Vietnamese header, so the report points at a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub column: String,
    pub code: &'static str,
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "dòng {}, cột {}: {}",
            self.line, self.column, self.message
        )
    }
}
