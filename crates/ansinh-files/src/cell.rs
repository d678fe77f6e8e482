//! One cell's text on its way into or out of a file: the rules every reader and writer of the
//! crate shares, so that what ansinh writes it reads back as it was.
//!
//! - **Formula injection (CSV).** A spreadsheet opening a CSV file runs a cell that begins with
//!   `=`, `+`, `-`, `@`, a tab or a carriage return as a formula (`=HYPERLINK(…)` typed into an
//!   address would become a link in every officer's export). Every CSV cell ansinh writes
//!   goes through [`csv_cell`], which puts an apostrophe before such a cell, as OWASP
//!   recommends; the readers take it off again ([`unquoted`]). XLSX cells are written as
//!   strings (never as formulas), which no spreadsheet evaluates.
//! - **Excel's cell limit.** An XLSX cell holds at most 32,767 characters (UTF-16 code units);
//!   the readers refuse a longer cell of either format, and [`write_text`], through which every
//!   XLSX writer of the crate writes its text, cuts a longer text and says so, rather than
//!   failing the whole file (a rejected-rows file echoes what was uploaded, and its "Lỗi"
//!   column joins every reason of a row).

use std::borrow::Cow;

use rust_xlsxwriter::{Format as CellFormat, Worksheet, XlsxError};

/// The most characters one cell may hold: Excel's limit, counted as Excel counts them (UTF-16
/// code units, so a character outside the Basic Multilingual Plane counts twice).
pub const EXCEL_MAX_CELL: usize = 32_767;

/// What ends a text cut to fit an XLSX cell, so the officer knows the cell is not whole.
pub const TRUNCATED: &str = "…(cắt bớt)";

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text's length as Excel counts it.
pub fn excel_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Whether a text is longer than `max` characters as Excel counts them.
pub fn longer_than(s: &str, max: usize) -> bool {
    // UTF-8 never takes fewer bytes than UTF-16 takes code units, so short texts need no count.
    s.len() > max && excel_len(s) > max
}

/// Whether a cell would start a formula once the apostrophes before it are taken off.
fn formula_like(s: &str) -> bool {
    s.trim_start_matches('\'').starts_with(FORMULA_START)
}

/// A cell as a CSV file carries it; every CSV cell the crate writes, header or not, goes
/// through here. A cell that would start a formula gets an apostrophe in front, and so does one
/// that already starts with apostrophes before such a character (`'=x`), so that [`unquoted`]
/// gives every text back exactly. In a column the layout declares `numeric`, a number is
/// written as it is, negative ones included (`-5` runs nothing); anything else there is text.
pub fn csv_cell(s: &str, numeric: bool) -> Cow<'_, str> {
    if !formula_like(s) || numeric && s.trim().parse::<f64>().is_ok_and(f64::is_finite) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(format!("'{s}"))
    }
}

/// A cell as read from a file, without the apostrophe that [`csv_cell`] puts before a formula
/// character. Files of both formats lose it, since a CSV file opened in Excel and saved as
/// .xlsx keeps the apostrophe in the text.
pub fn unquoted(mut s: String) -> String {
    if s.starts_with('\'') && formula_like(&s) {
        s.remove(0);
    }
    s
}

/// A text cell of an XLSX file that ansinh reads back (exports, templates, rejected rows): only
/// a text starting with an apostrophe before a formula character needs one more, or
/// [`unquoted`] would take its own off on reading.
pub fn xlsx_reimportable(s: &str) -> Cow<'_, str> {
    if s.starts_with('\'') {
        csv_cell(s, false)
    } else {
        Cow::Borrowed(s)
    }
}

/// A text cut to Excel's cell limit, ending in [`TRUNCATED`] when it had to be cut.
pub fn excel_text(s: &str) -> Cow<'_, str> {
    if !longer_than(s, EXCEL_MAX_CELL) {
        return Cow::Borrowed(s);
    }
    let room = EXCEL_MAX_CELL - excel_len(TRUNCATED);
    let mut used = 0;
    let end = s
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > room
        })
        .map_or(s.len(), |(i, _)| i);
    Cow::Owned(format!("{}{TRUNCATED}", &s[..end]))
}

/// Writes a text cell, cut to Excel's limit; every XLSX writer of the crate writes its text
/// through here, so that no value can make a whole file fail.
pub fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: Option<&CellFormat>,
) -> Result<(), XlsxError> {
    let text = excel_text(text);
    match format {
        Some(format) => ws.write_string_with_format(row, col, text, format)?,
        None => ws.write_string(row, col, text)?,
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_get_an_apostrophe_and_lose_it_on_reading() {
        for s in [
            "=HYPERLINK(\"http://x\"&A1,\"Xem\")",
            "+84905123456",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "'=1",
            "''-x",
        ] {
            let written = csv_cell(s, false);
            assert!(written.starts_with('\''), "{s:?}");
            assert_eq!(unquoted(written.into_owned()), s);
        }
        for s in ["12 Lê Lợi", "", "'quoted'", "a=b", " =1"] {
            assert_eq!(csv_cell(s, false), s);
            assert_eq!(unquoted(s.to_string()), s);
        }
    }

    #[test]
    fn number_columns_keep_their_numbers() {
        assert_eq!(csv_cell("-5", true), "-5");
        assert_eq!(csv_cell("12", true), "12");
        assert_eq!(csv_cell("-5", false), "'-5");
        assert_eq!(csv_cell("-2+3", true), "'-2+3");
        assert_eq!(csv_cell("-inf", true), "'-inf");
        assert_eq!(csv_cell("=1", true), "'=1");
    }

    #[test]
    fn reimportable_xlsx_text_keeps_its_own_apostrophe() {
        assert_eq!(xlsx_reimportable("=1"), "=1");
        assert_eq!(xlsx_reimportable("'=1"), "''=1");
        assert_eq!(unquoted(xlsx_reimportable("'=1").into_owned()), "'=1");
        assert_eq!(xlsx_reimportable("'abc"), "'abc");
    }

    #[test]
    fn long_text_is_cut_to_excels_limit_as_excel_counts() {
        let short = "a".repeat(EXCEL_MAX_CELL);
        assert_eq!(excel_text(&short), short.as_str());
        let long = "ả".repeat(EXCEL_MAX_CELL + 1);
        let cut = excel_text(&long);
        assert_eq!(excel_len(&cut), EXCEL_MAX_CELL);
        assert!(cut.ends_with(TRUNCATED));
        // A character outside the BMP counts twice and is never split.
        let emoji = "😀".repeat(EXCEL_MAX_CELL / 2 + 1);
        let cut = excel_text(&emoji);
        assert!(excel_len(&cut) <= EXCEL_MAX_CELL);
        assert!(cut.ends_with(TRUNCATED));
    }
}
