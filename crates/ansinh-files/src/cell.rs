//! One cell's text on its way into or out of a file: the rules every reader and writer of the
//! crate shares, so that what ansinh writes it reads back as it was.
//!
//! - **Excel's cell limit.** An XLSX cell holds at most 32,767 characters (UTF-16 code units);
//!   the readers refuse a longer cell of either format.

/// The most characters one cell may hold: Excel's limit, counted as Excel counts them (UTF-16
/// code units, so a character outside the Basic Multilingual Plane counts twice).
pub const EXCEL_MAX_CELL: usize = 32_767;

/// A text's length as Excel counts it.
pub fn excel_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Whether a text is longer than `max` characters as Excel counts them.
pub fn longer_than(s: &str, max: usize) -> bool {
    // UTF-8 never takes fewer bytes than UTF-16 takes code units, so short texts need no count.
    s.len() > max && excel_len(s) > max
}
