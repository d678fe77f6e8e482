//! The registry: areas over time, persons, households and their members, search without
//! diacritics, bulk loads, imports and exports, probable duplicates and the integrity check.

pub mod areas;
pub mod bulk;
pub mod check;
pub mod duplicates;
pub mod export;
pub mod households;
pub mod import;
pub mod persons;
mod scoped;
pub mod search;
