//! Domain types and rules of ansinh. This crate does no IO, runs no async code and reads no
//! clock: callers pass "today" in, so every rule is a pure function that tests can pin down.

// The kernel: value types every capability shares.
pub mod access;
pub mod area;
pub mod calendar;
pub mod date;
pub mod error;
pub mod ethnicity;
pub mod name;
pub mod pid;
pub mod row;

// The capabilities, one folder each (the same names in every crate); accounts has only its
// errors here.
pub mod accounts;
pub mod assistance;
pub mod payroll;
pub mod poverty;
pub mod registry;

pub use area::{Area, AreaCatalog, AreaKind, AreaLevel, Settlement};
pub use date::{DatePrecision, PartialDate};
pub use ethnicity::Ethnicity;
pub use pid::{PersonalId, PidError};
pub use registry::household::{MoveReason, Relation};
pub use registry::person::{Field, FieldError, PersonDraft, Sex, ValidPerson};
pub use row::RowError;
