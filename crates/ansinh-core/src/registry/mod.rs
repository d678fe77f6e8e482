//! The registry: persons and households, their validation, the records every writer produces,
//! and the scoring of probable duplicates. One person is the same person in every capability.

pub mod duplicate;
pub mod error;
pub mod household;
pub mod person;
pub mod records;
pub mod rows;

pub use error::RegistryError;
pub use records::{HouseholdRecord, MemberRecord, PersonRecord};
pub use rows::{HouseholdExport, HouseholdRow, PersonExport, PersonRow, sex_label};
