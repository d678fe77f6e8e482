//! The registry: persons and households, their validation, the records every writer produces,
//! and the scoring of probable duplicates. One person is the same person in every capability.

pub mod duplicate;
pub mod error;
pub mod household;
pub mod person;
pub mod records;

pub use error::RegistryError;
pub use records::{HouseholdRecord, MemberRecord, PersonRecord};
