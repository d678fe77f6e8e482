//! The registry's spreadsheets: persons and households read and written in one layout.

pub mod households;
pub mod layout;
pub mod persons;
pub mod write;
