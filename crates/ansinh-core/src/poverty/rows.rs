//! The survey sheet's rows (phiếu rà soát) as plain data: the files crate reads and writes
//! them, the store records them against a campaign.

use chrono::NaiveDate;

use super::SurveyAnswers;

/// A survey row that passed every check that can be made without the database. The
/// settlement inside `answers` is a placeholder: the store sets it from the campaign's commune.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyRow {
    pub line: usize,
    pub household_code: String,
    pub answers: SurveyAnswers,
    pub surveyor: String,
    pub surveyed_on: NaiveDate,
}
