//! The registry's verbs: import, export, search, and the integrity check.

pub mod check;
pub mod export;
pub mod import;
pub mod search;
