//! The registry's rows as files carry them: the rows an import brings (checked as far as can be
//! without the database) and the rows an export writes (text as the officer should read it).
//! Plain data: the files crate reads and writes them, the store takes and returns them.

use chrono::NaiveDate;

use crate::date::PartialDate;
use crate::pid::PersonalId;
use crate::registry::household::Relation;
use crate::registry::person::{Sex, ValidPerson};

/// A person row that passed every check that can be made without the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub line: usize,
    pub person: ValidPerson,
    /// Present together with `relation` or not at all.
    pub household_code: Option<String>,
    pub relation: Option<Relation>,
}

/// A household row that passed every check that can be made without the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdRow {
    pub line: usize,
    pub code: String,
    pub area_code: String,
    /// Trimmed, with single spaces.
    pub address: String,
    pub head_personal_id: Option<PersonalId>,
}

/// One person as an export row: text as the officer should read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonExport {
    /// Empty for legacy records without an ID.
    pub personal_id: String,
    pub full_name: String,
    /// "Nam" or "Nữ".
    pub sex: String,
    pub birth: PartialDate,
    /// The group's name, e.g. "Kinh".
    pub ethnicity: String,
    pub area_code: String,
    pub phone: String,
    pub death_date: Option<NaiveDate>,
    pub household_code: String,
    /// A [`Relation::label_vi`], empty without a household.
    pub relation: String,
}

impl PersonExport {
    /// The export row of a validated person, with the household membership if any.
    pub fn from_valid(p: &ValidPerson, household: Option<(&str, Relation)>) -> Self {
        PersonExport {
            personal_id: p
                .personal_id
                .as_ref()
                .map(|id| id.to_string())
                .unwrap_or_default(),
            full_name: p.full_name.clone(),
            sex: sex_label(p.sex).to_string(),
            birth: p.birth,
            ethnicity: p.ethnicity.name().to_string(),
            area_code: p.area_code.clone(),
            phone: p.phone.clone().unwrap_or_default(),
            death_date: p.death_date,
            household_code: household.map(|(c, _)| c.to_string()).unwrap_or_default(),
            relation: household
                .map(|(_, r)| r.label_vi().to_string())
                .unwrap_or_default(),
        }
    }
}

/// The sex as the layout writes it, capitalised like the other labels of the file.
pub fn sex_label(sex: Sex) -> &'static str {
    match sex {
        Sex::Male => "Nam",
        Sex::Female => "Nữ",
    }
}

/// One household as an export row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdExport {
    pub code: String,
    pub area_code: String,
    pub address: String,
    /// Empty when the head has no ID or the household no head.
    pub head_personal_id: String,
}
