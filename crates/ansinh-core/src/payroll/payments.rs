//! The rows of the files a payroll is paid through: a commune's payment list (what each
//! beneficiary receives this month) and the paying agent's result (what was actually handed
//! over). Plain data: the files crate writes and reads them, the store returns and takes them.

use super::Month;

/// One beneficiary's row of a payment list: the month's allowance and the net of the
/// adjustments for earlier months.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentListRow {
    pub full_name: String,
    pub birth_year: i32,
    pub address: String,
    /// Group code(s), e.g. "K5A" or "K4+K5A".
    pub group: String,
    /// Hundredths; 0 when nothing is due this month (recovery only).
    pub coefficient: i32,
    pub monthly: i64,
    pub adjustment: i64,
}

impl PaymentListRow {
    pub fn total(&self) -> i64 {
        self.monthly + self.adjustment
    }
}

/// One row of the paying agent's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentResultRow {
    pub line: usize,
    /// The beneficiary id (UUID) or the 12-digit personal ID, as written.
    pub beneficiary: String,
    pub month: Month,
    pub amount: i64,
    pub paid: bool,
}
