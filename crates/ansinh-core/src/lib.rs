//! Domain types and rules of ansinh. This crate does no IO, runs no async code and reads no
//! clock: callers pass "today" in, so every rule is a pure function that tests can pin down.

pub mod access;
pub mod area;
pub mod assistance;
pub mod calendar;
pub mod date;
pub mod duplicate;
pub mod ethnicity;
pub mod household;
pub mod name;
pub mod payroll;
pub mod person;
pub mod pid;
pub mod poverty;
pub mod registry;

pub use area::{Area, AreaCatalog, AreaKind, AreaLevel, Settlement};
pub use date::{DatePrecision, PartialDate};
pub use ethnicity::Ethnicity;
pub use household::{MoveReason, Relation};
pub use person::{Field, FieldError, PersonDraft, Sex, ValidPerson};
pub use pid::{PersonalId, PidError};
