//! Records of the registry as the store writes them: validated, with their keys assigned.
//! Both the synthetic generator and the importers produce these, and the store's bulk loader
//! takes them, so every way into the registry goes through the same shapes.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::date::PartialDate;
use crate::ethnicity::Ethnicity;
use crate::pid::PersonalId;
use crate::registry::household::{MoveReason, Relation};
use crate::registry::person::{Sex, ValidPerson};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRecord {
    pub id: Uuid,
    pub personal_id: Option<PersonalId>,
    /// NFC, normalised by [`crate::name::normalize_name`].
    pub full_name: String,
    pub sex: Sex,
    pub birth: PartialDate,
    pub ethnicity: Ethnicity,
    /// The commune of residence (an area id in force when the record was made).
    pub area_id: Uuid,
    pub phone: Option<String>,
    pub death_date: Option<NaiveDate>,
}

impl PersonRecord {
    /// Builds a record from a validated person whose area code the caller has resolved.
    pub fn from_valid(id: Uuid, p: ValidPerson, area_id: Uuid) -> Self {
        PersonRecord {
            id,
            personal_id: p.personal_id,
            full_name: p.full_name,
            sex: p.sex,
            birth: p.birth,
            ethnicity: p.ethnicity,
            area_id,
            phone: p.phone,
            death_date: p.death_date,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdRecord {
    pub id: Uuid,
    pub code: String,
    pub area_id: Uuid,
    pub address: String,
    pub head_id: Option<Uuid>,
}

/// A person's membership of a household from a date; `left_on` closes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRecord {
    pub household_id: Uuid,
    pub person_id: Uuid,
    pub relation: Relation,
    pub joined_on: NaiveDate,
    pub join_reason: MoveReason,
}
