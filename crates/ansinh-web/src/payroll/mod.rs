//! The monthly payroll on the web: a month's runs, computing, approving and locking, a run's
//! totals and the communes' payment lists.

pub mod api;
pub mod runs;
