//! The payroll's files: a commune's payment list and the paying agent's result.

pub mod payments;
