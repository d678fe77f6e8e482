//! Reading and writing the registry's spreadsheets (XLSX and CSV with Vietnamese headers).
//!
//! The crate knows no database. An import is `read_table` (bytes into text cells with the row
//! numbers the officer sees) followed by `parse_persons` or `parse_households` (cells into
//! validated rows plus row-numbered errors); the store then resolves area codes, household
//! codes and ID uniqueness against the database. An export is `write_persons` or
//! `write_households`; `write_template` gives a blank file to fill and `write_rejected` the
//! rows an import refused, with their reasons, ready to fix and import again.
//!
//! The layouts themselves are described once, in [`registry::layout`]. Each capability's
//! files sit in its folder, named as in the other crates.

// Shared: the file formats, reading a sheet into cells (after the checks of an XLSX archive),
// the rules of one cell's text in and out of files, the error.
pub mod archive;
pub mod cell;
pub mod error;
pub mod read;

// The capabilities, one folder each (the same names as in the other crates).
pub mod payroll;
pub mod poverty;
pub mod registry;

pub use error::FileError;
pub use payroll::payments::{
    ListHeading, ListLinks, PAYMENT_LIST_CSS, parse_payment_results, render_payment_list,
    write_payment_list,
};
pub use poverty::surveys::{parse_surveys, write_survey_template, write_surveys};
pub use read::{Format, Limits, Table, TableRow, read_table};
pub use registry::households::parse_households;
pub use registry::layout::Layout;
pub use registry::persons::parse_persons;
pub use registry::write::{
    rejected_rows, write_households, write_persons, write_rejected, write_template,
};
