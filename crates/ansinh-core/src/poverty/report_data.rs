//! The data of a year's report set as the store returns it: the counters per commune, the
//! movements against the previous year and the detailed lists of poor and near-poor
//! households. Plain data: the store reads and aggregates it, the files crate turns it into
//! the forms (the workbook and the printable pages).

use crate::ethnicity::Ethnicity;

use super::{AreaStats, ByArea, Class, Deprivations, Movements};

/// Which communes the report's rows are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaBasis {
    /// The communes in force in the report's year (133 before 1/7/2025 in Huế).
    AsOfYear,
    /// Today's communes: each old commune's figures are added to the commune it became. Use
    /// this to compare years across the reorganisation.
    Today,
}

/// A report row's commune. Ordered by code, so tables list communes by code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AreaKey {
    pub code: String,
    pub name: String,
}

/// One line of the detailed list of poor or near-poor households.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedHousehold {
    pub area: AreaKey,
    pub household_code: String,
    pub head_name: Option<String>,
    pub head_ethnicity: Option<Ethnicity>,
    pub address: String,
    pub members: Option<i32>,
    pub class: Class,
    pub deprivations: Deprivations,
    pub reason_vi: String,
}

#[derive(Debug, Clone)]
pub struct PovertyReport {
    pub year: i32,
    pub basis: AreaBasis,
    pub stats: ByArea<AreaKey, AreaStats>,
    /// Against the previous year's results; empty lines when there are none.
    pub movements: ByArea<AreaKey, Movements>,
    pub has_previous_year: bool,
    pub poor: Vec<ListedHousehold>,
    pub near_poor: Vec<ListedHousehold>,
    /// How many of the year's campaigns (within the report) are approved, of how many.
    pub campaigns_approved: usize,
    pub campaigns: usize,
}
