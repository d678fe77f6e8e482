//! The poverty-review survey sheet (phiếu rà soát): one row per household with its code, its
//! income per person per month or its score A, its members, and the answers to the 12
//! indicators. Reading validates every row with `SurveyAnswers::validate` and names the row and
//! the column of each error; the store then checks the household against the campaign.

use ansinh_core::poverty::SurveyAnswers;
use chrono::NaiveDate;

/// A survey row that passed every check this crate can make without the database. The
/// settlement inside `answers` is a placeholder: the store sets it from the campaign's commune.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyRow {
    pub line: usize,
    pub household_code: String,
    pub answers: SurveyAnswers,
    pub surveyor: String,
    pub surveyed_on: NaiveDate,
}
