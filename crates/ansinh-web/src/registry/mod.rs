//! The registry on the web: persons and households (lists, records, forms, moves), the areas
//! over time, spreadsheet imports with their dry run and exports, and its JSON API.

pub mod api;
pub mod areas;
pub mod export;
pub mod households;
pub mod import;
pub mod persons;
