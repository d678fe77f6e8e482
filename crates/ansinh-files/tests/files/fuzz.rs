//! Fuzzing every reader of the files officers bring: a CSV or XLSX file into a table, then the
//! table through every import layout (persons, households, surveys, a paying agent's results).
//!
//! The property, for every input: no panic (not even one the XLSX reader's guard would turn
//! into a refusal), no hang (each case runs under a time limit, `ansinh_testkit::fuzz`), no
//! more memory than a small multiple of the file, and a clear result: the file is refused with
//! one of `FileError`'s codes, or its table has rows in order under the header's width, and
//! every layout either refuses the file with a code or gives each row exactly one outcome,
//! accepted or refused with errors that carry the row's line and a code. What ansinh writes
//! (exports, rejected rows, survey sheets) reads back as it was written.
//!
//! Inputs: arbitrary bytes; CSV files of the layouts with one field of a row mutated and random
//! delimiters, quoting, line endings, blank lines, byte-order mark and encoding; XLSX files
//! made by the crate's own writers, then with bytes flipped, cut or spliced, or unpacked, one
//! XML part edited and packed again with odd entries (duplicated, missing, renamed, stored
//! or deflated). The files of `tests/corpus/` go through every reader too.
//! `PROPTEST_CASES=20000 cargo test -p ansinh-files fuzz` runs a long session.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::sync::Once;

use ansinh_core::payroll::{Month, PaymentListRow};
use ansinh_core::pid::PROVINCE_CODES;
use ansinh_core::registry::person::validate_person;
use ansinh_core::registry::{HouseholdExport, PersonExport};
use ansinh_core::{PersonDraft, PersonalId, Relation, RowError, Sex};
use ansinh_files::cell::{longer_than, unquoted};
use ansinh_files::payroll::payments::RESULT_HEADERS;
use ansinh_files::poverty::surveys::SURVEY_COLUMNS;
use ansinh_files::registry::layout::{HOUSEHOLD_COLUMNS, PERSON_COLUMNS};
use ansinh_files::{
    FileError, Format, Layout, Limits, ListHeading, Table, parse_households, parse_payment_results,
    parse_persons, parse_surveys, read_table, rejected_rows, render_payment_list, write_households,
    write_payment_list, write_persons, write_rejected, write_survey_template, write_surveys,
    write_template,
};
use ansinh_testkit::fuzz::{config, listed, mutate, mutation, peak_bytes, text, typed_name};
use proptest::prelude::*;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::today;

// ---- the property -------------------------------------------------------------------------

thread_local! {
    /// The panics of this thread since the last read, caught or not.
    static PANICS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Notes every panic with its place, then reports it as before; the XLSX reader catches the
/// panics of what it calls and refuses the file, which must not hide one.
fn note_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let place = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let _ = PANICS.try_with(|p| p.borrow_mut().push(format!("{place}: {info}")));
            report(info);
        }));
    });
}

/// What one read may hold at once: 64 MiB, and 64 bytes per byte of the file beyond that.
fn memory_budget(len: usize) -> usize {
    (64 << 20) + 64 * len
}

/// Reads a file within the default limits and checks the property; the table when it was read.
fn read_checked(bytes: &[u8], format: Format) -> Result<Option<Table>, TestCaseError> {
    note_panics();
    PANICS.with(|p| p.borrow_mut().clear());
    let (read, peak) = peak_bytes(|| read_table(bytes, format, &Limits::default()));
    let panics = PANICS.with(|p| p.take());
    prop_assert!(
        panics.is_empty(),
        "{format:?} read gave {read:?} after {panics:?}"
    );
    prop_assert!(
        peak <= memory_budget(bytes.len()),
        "{format:?}: {peak} bytes held to read {} bytes",
        bytes.len()
    );
    match read {
        Ok(table) => {
            check_table(&table)?;
            Ok(Some(table))
        }
        Err(e) => {
            prop_assert!(listed(e.code(), FileError::CODES), "{e:?}");
            Ok(None)
        }
    }
}

/// A table's shape, and every layout's outcome on it.
fn check_table(table: &Table) -> Result<(), TestCaseError> {
    prop_assert!(!table.rows.is_empty());
    let mut previous = 1;
    for row in &table.rows {
        prop_assert!(row.line > previous, "line {} after {previous}", row.line);
        previous = row.line;
        prop_assert_eq!(row.cells.len(), table.headers.len());
    }
    let persons = parse_persons(table, today());
    check_outcome(table, persons, |r| r.line)?;
    check_outcome(table, parse_households(table), |r| r.line)?;
    check_outcome(table, parse_surveys(table), |r| r.line)?;
    check_outcome(table, parse_payment_results(table), |r| r.line)
}

/// A layout's outcome: a coded refusal of the file, or each row of the table exactly once,
/// accepted or refused with errors naming its line, a column and a code.
fn check_outcome<R>(
    table: &Table,
    parsed: Result<(Vec<R>, Vec<RowError>), FileError>,
    line: impl Fn(&R) -> usize,
) -> Result<(), TestCaseError> {
    let (rows, errors) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            prop_assert!(listed(e.code(), FileError::CODES), "{e:?}");
            return Ok(());
        }
    };
    let lines: BTreeSet<usize> = table.rows.iter().map(|r| r.line).collect();
    let accepted: BTreeSet<usize> = rows.iter().map(line).collect();
    prop_assert_eq!(accepted.len(), rows.len(), "a line accepted twice");
    let mut refused = BTreeSet::new();
    for e in &errors {
        let (kind, detail) = e.code.split_once('.').unwrap_or(("", ""));
        prop_assert!(
            !kind.is_empty()
                && !detail.is_empty()
                && e.code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'.' || b == b'_'),
            "{e:?}"
        );
        prop_assert!(!e.column.is_empty() && !e.message.is_empty(), "{e:?}");
        prop_assert!(lines.contains(&e.line), "{e:?} names no row");
        refused.insert(e.line);
    }
    prop_assert!(accepted.is_disjoint(&refused));
    prop_assert_eq!(&accepted | &refused, lines);
    Ok(())
}

// ---- CSV shaped like the layouts ------------------------------------------------------------

/// A valid row of a layout, the `i`-th of its file (keys differ from row to row).
fn valid_row(layout: u8, i: usize) -> (Vec<&'static str>, Vec<String>) {
    let serial = u32::try_from(i).unwrap();
    let id = PersonalId::compose("046", Sex::Female, 1985, serial)
        .unwrap()
        .to_string();
    let code = format!("HO-19900-{i:04}");
    match layout % 4 {
        0 => (
            PERSON_COLUMNS.iter().map(|c| c.header).collect(),
            PERSON_COLUMNS
                .iter()
                .map(|c| match c.header {
                    "STT" => (i + 1).to_string(),
                    "Số định danh" => id.clone(),
                    "Mã hộ" => code.clone(),
                    _ => c.example.to_string(),
                })
                .collect(),
        ),
        1 => (
            HOUSEHOLD_COLUMNS.iter().map(|c| c.header).collect(),
            HOUSEHOLD_COLUMNS
                .iter()
                .map(|c| match c.header {
                    "STT" => (i + 1).to_string(),
                    "Mã hộ" => code.clone(),
                    "Số định danh chủ hộ" => id.clone(),
                    _ => c.example.to_string(),
                })
                .collect(),
        ),
        2 => (
            SURVEY_COLUMNS.iter().map(|(h, _, _)| *h).collect(),
            SURVEY_COLUMNS
                .iter()
                .enumerate()
                .map(|(c, (_, _, example))| {
                    if c == 0 {
                        code.clone()
                    } else {
                        example.to_string()
                    }
                })
                .collect(),
        ),
        _ => (
            RESULT_HEADERS.to_vec(),
            vec![id, "07/2024".into(), "1.080.000".into(), "Có".into()],
        ),
    }
}

/// How a CSV file is written: what separates fields, whether every field is quoted, what ends
/// a line, a byte-order mark, and the encoding.
#[derive(Debug, Clone)]
struct CsvStyle {
    delimiter: char,
    quote_all: bool,
    ending: &'static str,
    final_ending: bool,
    bom: bool,
    encoding: Encoding,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Encoding {
    Utf8,
    /// One byte per character, '?' for what does not fit (a legacy code page).
    Latin1,
    Utf16Le,
}

fn csv_style() -> impl Strategy<Value = CsvStyle> {
    (
        prop_oneof![4 => Just(','), 4 => Just(';'), 1 => Just('\t'), 1 => Just('|')],
        any::<bool>(),
        proptest::sample::select(&["\n", "\r\n", "\r"][..]),
        any::<bool>(),
        any::<bool>(),
        prop_oneof![8 => Just(Encoding::Utf8), 1 => Just(Encoding::Latin1), 1 => Just(Encoding::Utf16Le)],
    )
        .prop_map(|(delimiter, quote_all, ending, final_ending, bom, encoding)| CsvStyle {
            delimiter,
            quote_all,
            ending,
            final_ending,
            bom,
            encoding,
        })
}

/// What is done to one row: nothing, or one field replaced by arbitrary text, edited, or made
/// as long as a cell may be (or one character longer).
#[derive(Debug, Clone)]
enum RowEdit {
    None,
    Replace(usize, String),
    Edit(usize, (u8, usize, char)),
    Long(usize, bool),
}

fn row_edit() -> impl Strategy<Value = RowEdit> {
    prop_oneof![
        3 => Just(RowEdit::None),
        4 => (any::<usize>(), text()).prop_map(|(f, t)| RowEdit::Replace(f, t)),
        4 => (any::<usize>(), mutation()).prop_map(|(f, m)| RowEdit::Edit(f, m)),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(f, over)| RowEdit::Long(f, over)),
    ]
}

/// A file of a layout as cells: its header (columns in any order and spelling, maybe one
/// unknown or one missing) and rows, each maybe with blank lines before it.
#[derive(Debug, Clone)]
struct Sheet {
    headers: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

fn sheet() -> impl Strategy<Value = Sheet> {
    (
        0..4u8,
        proptest::collection::vec((0..3usize, row_edit()), 1..8),
        any::<u64>(),
        prop_oneof![6 => Just(None), 1 => any::<usize>().prop_map(Some)],
        prop_oneof![6 => Just(false), 1 => Just(true)],
        0..3usize,
        proptest::collection::vec(0..5u8, 24),
    )
        .prop_map(
            |(layout, edits, order, drop, unknown, blank_before_header, spelling)| {
                let (headers, _) = valid_row(layout, 0);
                // A permutation of the columns from the seed.
                let mut columns: Vec<usize> = (0..headers.len()).collect();
                let mut seed = order;
                for i in (1..columns.len()).rev() {
                    columns.swap(i, usize::try_from(seed % (i as u64 + 1)).unwrap());
                    seed = seed.rotate_left(7) ^ 0x9e37_79b9_7f4a_7c15;
                }
                if let Some(d) = drop {
                    columns.remove(d % columns.len());
                }
                let pick = |cells: &[String]| -> Vec<String> {
                    let mut out: Vec<String> = columns.iter().map(|&c| cells[c].clone()).collect();
                    if unknown {
                        out.push("ghi chú".into());
                    }
                    out
                };
                // Headers as officers retype them: in capitals, without diacritics, padded.
                let header_cells: Vec<String> = headers
                    .iter()
                    .zip(&spelling)
                    .map(|(h, how)| match how {
                        1 => h.to_uppercase(),
                        2 => ansinh_core::name::fold(h),
                        3 => format!("  {h} "),
                        _ => h.to_string(),
                    })
                    .collect();
                let mut rows = Vec::new();
                for (i, (blank, edit)) in edits.into_iter().enumerate() {
                    let (_, mut cells) = valid_row(layout, i);
                    let field = |f: usize| f % cells.len();
                    match edit {
                        RowEdit::None => {}
                        RowEdit::Replace(f, t) => {
                            let f = field(f);
                            cells[f] = t;
                        }
                        RowEdit::Edit(f, (e, at, c)) => {
                            let f = field(f);
                            cells[f] = mutate(&cells[f], e, at, c);
                        }
                        RowEdit::Long(f, over) => {
                            let f = field(f);
                            cells[f] = "Ấ".repeat(32_767 + usize::from(over));
                        }
                    }
                    rows.push((
                        if i == 0 {
                            blank_before_header + blank
                        } else {
                            blank
                        },
                        pick(&cells),
                    ));
                }
                Sheet {
                    headers: pick(&header_cells),
                    rows,
                }
            },
        )
}

fn csv_field(cell: &str, style: &CsvStyle) -> String {
    let special = cell.contains([style.delimiter, '"', '\r', '\n']);
    if style.quote_all || special {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// The bytes of a sheet written in a style. The blank lines counted before the first row go
/// before the header.
fn csv_file(sheet: &Sheet, style: &CsvStyle) -> Vec<u8> {
    let mut text = String::new();
    let line = |cells: &[String]| -> String {
        let fields: Vec<String> = cells.iter().map(|c| csv_field(c, style)).collect();
        fields.join(&style.delimiter.to_string())
    };
    let (first_blank, _) = sheet.rows[0];
    text.push_str(&style.ending.repeat(first_blank));
    text.push_str(&line(&sheet.headers));
    for (i, (blank, cells)) in sheet.rows.iter().enumerate() {
        text.push_str(style.ending);
        if i > 0 {
            text.push_str(&style.ending.repeat(*blank));
        }
        text.push_str(&line(cells));
    }
    if style.final_ending {
        text.push_str(style.ending);
    }
    let mut bytes = Vec::new();
    match style.encoding {
        Encoding::Utf8 => {
            if style.bom {
                bytes.extend_from_slice(b"\xEF\xBB\xBF");
            }
            bytes.extend_from_slice(text.as_bytes());
        }
        Encoding::Latin1 => {
            bytes.extend(
                text.chars()
                    .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')),
            );
        }
        Encoding::Utf16Le => {
            if style.bom {
                bytes.extend_from_slice(b"\xFF\xFE");
            }
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        }
    }
    bytes
}

/// The table a reader must make of a sheet written in UTF-8 with ',' or ';': rows at the lines
/// a spreadsheet shows (blank lines count, breaks inside a quoted cell do not), the formula
/// guard off, blank rows and trailing blank cells gone, every row as wide as the widest.
fn expected_table(sheet: &Sheet) -> Result<Table, &'static str> {
    let blank = |c: &String| c.trim().is_empty();
    // Blank as written (an apostrophe before a tab is not blank), then without the guard.
    let cells = |row: &[String]| -> Vec<String> {
        let mut out = row.to_vec();
        while out.last().is_some_and(blank) {
            out.pop();
        }
        out.into_iter().map(unquoted).collect()
    };
    let all = std::iter::once(&sheet.headers).chain(sheet.rows.iter().map(|(_, r)| r));
    if all.flatten().any(|c| longer_than(c, 32_767)) {
        return Err("file.cell_too_long");
    }
    let headers: Vec<String> = cells(&sheet.headers)
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut line = 1 + sheet.rows[0].0;
    let mut rows = Vec::new();
    for (i, (blanks, row)) in sheet.rows.iter().enumerate() {
        line += 1 + if i > 0 { *blanks } else { 0 };
        let cells = cells(row);
        if !cells.is_empty() {
            rows.push(ansinh_files::TableRow { line, cells });
        }
    }
    if rows.is_empty() {
        return Err("file.empty");
    }
    let width = rows
        .iter()
        .map(|r| r.cells.len())
        .chain([headers.len()])
        .max()
        .unwrap_or(0);
    let mut headers = headers;
    headers.resize(width, String::new());
    for r in &mut rows {
        r.cells.resize(width, String::new());
    }
    Ok(Table { headers, rows })
}

// ---- XLSX: the writers' files, damaged ------------------------------------------------------

/// An XLSX file of one of the crate's writers, with the cells of a sheet where it takes text.
fn workbook(kind: u8, sheet: &Sheet) -> Vec<u8> {
    let texts: Vec<&String> = sheet.rows.iter().flat_map(|(_, r)| r).collect();
    let some = |i: usize| texts.get(i).map_or(String::new(), |s| (*s).clone());
    match kind % 6 {
        0 => {
            let table = Table {
                headers: sheet.headers.clone(),
                rows: sheet
                    .rows
                    .iter()
                    .enumerate()
                    .map(|(i, (_, cells))| ansinh_files::TableRow {
                        line: i + 2,
                        cells: cells.clone(),
                    })
                    .collect(),
            };
            let errors: Vec<RowError> = table
                .rows
                .iter()
                .map(|r| RowError {
                    line: r.line,
                    column: some(0),
                    code: "x.y",
                    message: some(1),
                })
                .collect();
            write_rejected(
                &table.headers,
                &rejected_rows(&table, &errors),
                Format::Xlsx,
            )
            .unwrap()
        }
        1 => write_template(Layout::Persons, Format::Xlsx).unwrap(),
        2 => write_template(Layout::Households, Format::Xlsx).unwrap(),
        3 => write_survey_template().unwrap(),
        4 => {
            let households: Vec<HouseholdExport> = sheet
                .rows
                .iter()
                .map(|(_, r)| HouseholdExport {
                    code: r.first().cloned().unwrap_or_default(),
                    area_code: r.get(1).cloned().unwrap_or_default(),
                    address: r.get(2).cloned().unwrap_or_default(),
                    head_personal_id: r.get(3).cloned().unwrap_or_default(),
                })
                .collect();
            write_households(&households, Format::Xlsx).unwrap()
        }
        5 => {
            let rows: Vec<PaymentListRow> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| PaymentListRow {
                    full_name: (*t).clone(),
                    birth_year: 1900 + i32::try_from(i).unwrap(),
                    address: some(i + 1),
                    group: some(i + 2),
                    coefficient: i32::try_from(i).unwrap() * 50,
                    monthly: 360_000 * i64::try_from(i).unwrap(),
                    adjustment: -1_080_000,
                })
                .collect();
            let heading = ListHeading {
                province: some(0),
                commune: some(1),
                month: Month::new(2024, 7).unwrap(),
            };
            let html = render_payment_list(&heading, &rows, None).unwrap();
            assert!(html.starts_with("<!doctype html>"));
            write_payment_list(&heading, &rows).unwrap()
        }
        _ => {
            let rows: Vec<PersonExport> = Vec::new();
            let _ = write_persons(&rows, Format::Xlsx).unwrap();
            write_template(Layout::Persons, Format::Xlsx).unwrap()
        }
    }
}

/// A damage to a file's bytes.
#[derive(Debug, Clone)]
enum ByteEdit {
    Flip(usize, u8),
    Set(usize, u8),
    Cut(usize),
    Insert(usize, Vec<u8>),
    /// A range copied over another place.
    Copy(usize, usize, usize),
    Zero(usize, usize),
}

fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    prop_oneof![
        (any::<usize>(), 1..=255u8).prop_map(|(at, bits)| ByteEdit::Flip(at, bits)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| ByteEdit::Set(at, b)),
        any::<usize>().prop_map(ByteEdit::Cut),
        (
            any::<usize>(),
            proptest::collection::vec(any::<u8>(), 1..16)
        )
            .prop_map(|(at, b)| ByteEdit::Insert(at, b)),
        (any::<usize>(), any::<usize>(), 1..512usize).prop_map(|(a, b, n)| ByteEdit::Copy(a, b, n)),
        (any::<usize>(), 1..64usize).prop_map(|(at, n)| ByteEdit::Zero(at, n)),
    ]
}

fn damage(bytes: &mut Vec<u8>, edit: &ByteEdit) {
    let len = bytes.len().max(1);
    match edit {
        ByteEdit::Flip(at, bits) => {
            if let Some(b) = bytes.get_mut(at % len) {
                *b ^= bits;
            }
        }
        ByteEdit::Set(at, v) => {
            if let Some(b) = bytes.get_mut(at % len) {
                *b = *v;
            }
        }
        ByteEdit::Cut(at) => bytes.truncate(at % len),
        ByteEdit::Insert(at, junk) => {
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, junk.iter().copied());
        }
        ByteEdit::Copy(from, to, n) => {
            let (from, to) = (from % len, to % len);
            let piece: Vec<u8> = bytes.iter().skip(from).take(*n).copied().collect();
            for (i, b) in piece.into_iter().enumerate() {
                if let Some(slot) = bytes.get_mut(to + i) {
                    *slot = b;
                }
            }
        }
        ByteEdit::Zero(at, n) => {
            for b in bytes.iter_mut().skip(at % len).take(*n) {
                *b = 0;
            }
        }
    }
}

// ---- XLSX: the writers' parts, edited and packed again ---------------------------------------

/// The parts of a zip archive, in order.
fn unpack(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            (entry.name().unwrap().into_owned(), data)
        })
        .collect()
}

/// Values a spreadsheet's XML may carry where a reader expects something sensible: cell
/// references out of the sheet or out of order, huge or negative numbers, dates out of range,
/// indexes past every table, types that do not exist.
const ODD_VALUES: &[&str] = &[
    "A0",
    "XFD1048577",
    "XFE1",
    "ZZZZ99999999999",
    "A4294967296",
    "A-1",
    "",
    "0",
    "-1",
    "4294967295",
    "18446744073709551616",
    "1e308",
    "-1e308",
    "NaN",
    "inf",
    "2958466",
    "-693594",
    "1.5e-320",
    "s",
    "str",
    "inlineStr",
    "b",
    "e",
    "d",
    "n",
    "9999999",
    "1048576",
    "16384",
    "&#0;",
    "&#x10FFFF;",
    "&lt;",
    "]]>",
    "<c/>",
    "<row/>",
    "</sheetData>",
    "<v>1</v>",
    "_x0000_",
    "_xD800_",
    "1904",
    "true",
    "1:16384",
    "99999:1",
    "A1",
    "A2",
    "C1",
    "XFD1",
    "A1048576",
    "B99",
    "A1:A1",
    "B2:A1",
];

/// One edit of an XML part: a value in quotes or between tags replaced by an odd one, a piece
/// removed, a piece repeated, a tag opened or closed out of turn.
#[derive(Debug, Clone)]
enum XmlEdit {
    Value(usize, &'static str),
    Text(usize, String),
    Remove(usize, usize),
    Repeat(usize, usize),
    Tag(usize, &'static str),
}

fn xml_edit() -> impl Strategy<Value = XmlEdit> {
    let odd = proptest::sample::select(ODD_VALUES);
    prop_oneof![
        4 => (any::<usize>(), odd.clone()).prop_map(|(at, v)| XmlEdit::Value(at, v)),
        2 => (any::<usize>(), text()).prop_map(|(at, t)| XmlEdit::Text(at, t)),
        1 => (any::<usize>(), 1..200usize).prop_map(|(at, n)| XmlEdit::Remove(at, n)),
        1 => (any::<usize>(), 1..400usize).prop_map(|(at, n)| XmlEdit::Repeat(at, n)),
        1 => (any::<usize>(), proptest::sample::select(&[
            "<row r=\"1\">", "</row>", "<c r=\"A1\" t=\"s\"><v>99999</v></c>", "<c r=\"B1\" s=\"999\"><v>45000</v></c>",
            "<c r=\"C1\" t=\"d\"><v>9999-99-99T99:99:99</v></c>", "<c r=\"A1\" t=\"e\"><v>#REF!</v></c>",
            "<sheetData>", "</worksheet>", "<!--", "<![CDATA[", "<?xml version=\"1.0\"?>",
            "<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>", "<xf numFmtId=\"14\"/>",
            "<sheet name=\"x\" sheetId=\"1\" r:id=\"rId99\"/>", "<si><t>", "<row r=\"0\"><c r=\"A1\"><v>1</v></c></row>",
        ][..])).prop_map(|(at, t)| XmlEdit::Tag(at, t)),
    ]
}

/// The byte index just after the `n`-th character (modulo how many there are) that `starts`
/// picks; `None` when it picks none.
fn nth_place(xml: &str, n: usize, starts: impl Fn(char) -> bool) -> Option<usize> {
    let places: Vec<usize> = xml
        .char_indices()
        .filter(|&(_, c)| starts(c))
        .map(|(i, _)| i + 1)
        .collect();
    (!places.is_empty()).then(|| places[n % places.len()].min(xml.len()))
}

fn edit_xml(xml: &str, edit: &XmlEdit) -> String {
    let boundary = |at: usize| {
        let mut at = at % (xml.len() + 1);
        while !xml.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    match edit {
        // The value after a quote or a '>' is replaced up to the next quote or '<'.
        XmlEdit::Value(n, v) => match nth_place(xml, *n, |c| c == '"' || c == '>') {
            Some(start) => {
                let end = xml[start..]
                    .find(['"', '<'])
                    .map_or(xml.len(), |e| start + e);
                format!("{}{v}{}", &xml[..start], &xml[end..])
            }
            None => xml.to_string(),
        },
        XmlEdit::Text(n, t) => match nth_place(xml, *n, |c| c == '>') {
            Some(at) => format!("{}{t}{}", &xml[..at], &xml[at..]),
            None => xml.to_string(),
        },
        XmlEdit::Remove(at, len) => {
            let start = boundary(*at);
            let end = boundary(start + len);
            let end = if end < start { start } else { end };
            format!("{}{}", &xml[..start], &xml[end..])
        }
        XmlEdit::Repeat(at, len) => {
            let start = boundary(*at);
            let end = boundary(start.saturating_add(*len).min(xml.len()));
            let end = end.max(start);
            format!("{}{}{}", &xml[..end], &xml[start..end], &xml[end..])
        }
        XmlEdit::Tag(n, tag) => match nth_place(xml, *n, |c| c == '>') {
            Some(at) => format!("{}{tag}{}", &xml[..at], &xml[at..]),
            None => xml.to_string(),
        },
    }
}

/// Odd entries of an archive: one dropped, one twice, one renamed (case, a leading slash,
/// backslashes, a parent directory), a directory entry, an empty part, a nested archive, a
/// part of junk, the parts in another order.
#[derive(Debug, Clone)]
enum EntryEdit {
    Drop(usize),
    Duplicate(usize),
    Rename(usize, u8),
    Directory,
    Empty(usize),
    Nested(usize),
    Junk(Vec<u8>),
    Reverse,
}

fn entry_edit() -> impl Strategy<Value = EntryEdit> {
    prop_oneof![
        any::<usize>().prop_map(EntryEdit::Drop),
        any::<usize>().prop_map(EntryEdit::Duplicate),
        (any::<usize>(), any::<u8>()).prop_map(|(i, how)| EntryEdit::Rename(i, how)),
        Just(EntryEdit::Directory),
        any::<usize>().prop_map(EntryEdit::Empty),
        any::<usize>().prop_map(EntryEdit::Nested),
        proptest::collection::vec(any::<u8>(), 0..64).prop_map(EntryEdit::Junk),
        Just(EntryEdit::Reverse),
    ]
}

fn edit_entries(parts: &mut Vec<(String, Vec<u8>)>, edit: &EntryEdit) {
    let n = parts.len().max(1);
    match edit {
        EntryEdit::Drop(i) if !parts.is_empty() => {
            parts.remove(i % n);
        }
        EntryEdit::Duplicate(i) if !parts.is_empty() => {
            let part = parts[i % n].clone();
            parts.push(part);
        }
        EntryEdit::Rename(i, how) if !parts.is_empty() => {
            let name = &mut parts[i % n].0;
            *name = match how % 4 {
                0 => name.to_uppercase(),
                1 => format!("/{name}"),
                2 => name.replace('/', "\\"),
                _ => format!("../{name}"),
            };
        }
        EntryEdit::Directory => parts.push(("xl/worksheets/".into(), Vec::new())),
        EntryEdit::Empty(i) if !parts.is_empty() => parts[i % n].1.clear(),
        EntryEdit::Nested(i) if !parts.is_empty() => {
            let inner = pack(&parts[..1], &[false]);
            parts[i % n].1 = inner;
        }
        EntryEdit::Junk(bytes) => parts.push(("xl/media/image1.png".into(), bytes.clone())),
        EntryEdit::Reverse => parts.reverse(),
        _ => {}
    }
}

/// The parts packed again, each stored or deflated as `deflate` says (cycling).
fn pack(parts: &[(String, Vec<u8>)], deflate: &[bool]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (i, (name, data)) in parts.iter().enumerate() {
        let method = if deflate
            .get(i % deflate.len().max(1))
            .copied()
            .unwrap_or(false)
        {
            CompressionMethod::Deflated
        } else {
            CompressionMethod::Stored
        };
        let options = SimpleFileOptions::default().compression_method(method);
        // The writer refuses a name twice (or one it cannot write): the copy goes in under
        // another name, or not at all.
        if zip.start_file(name.as_str(), options).is_err()
            && zip.start_file(format!("{name}.{i}"), options).is_err()
        {
            continue;
        }
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

// ---- exports read back ------------------------------------------------------------------------

/// Persons that validate, with a household each or not: the export's rows.
fn people() -> impl Strategy<Value = Vec<(PersonExport, PersonDraft)>> {
    proptest::collection::vec(
        (
            typed_name(),
            any::<bool>(),
            (1900..=2026i32, 1..=12u32, 1..=28u32, 0..3u8),
            proptest::sample::select(PROVINCE_CODES.map(|(c, _)| c).to_vec()),
            any::<bool>(),
            "0[35789][0-9]{8}",
            proptest::option::of("[A-Za-z0-9_/.-]{1,20}"),
            proptest::sample::select(Relation::ALL.to_vec()),
        ),
        1..6,
    )
    .prop_map(|people| {
        people
            .into_iter()
            .enumerate()
            .filter_map(
                |(
                    i,
                    (
                        name,
                        female,
                        (y, m, d, precision),
                        province,
                        with_id,
                        phone,
                        household,
                        relation,
                    ),
                )| {
                    let sex = if female { Sex::Female } else { Sex::Male };
                    let id =
                        PersonalId::compose(province, sex, y, u32::try_from(i).unwrap()).unwrap();
                    let birth = match precision {
                        0 => format!("{d}/{m}/{y}"),
                        1 => format!("{m}/{y}"),
                        _ => y.to_string(),
                    };
                    let draft = PersonDraft {
                        personal_id: if with_id {
                            id.to_string()
                        } else {
                            String::new()
                        },
                        full_name: name,
                        sex: if female { "nữ" } else { "Nam" }.into(),
                        birth_date: birth,
                        ethnicity: String::new(),
                        area_code: "19900".into(),
                        phone,
                        death_date: String::new(),
                    };
                    let person = validate_person(&draft, today()).ok()?;
                    // One head per household: the i-th person's household is its own.
                    let household = household.map(|h| format!("{h}{i}"));
                    let membership = household
                        .as_deref()
                        .filter(|h| h.len() <= 30)
                        .map(|h| (h, relation));
                    Some((PersonExport::from_valid(&person, membership), draft))
                },
            )
            .collect()
    })
}

// ---- the properties ---------------------------------------------------------------------------

/// Bytes shaped a little like CSV: separators, quotes and line ends among short words.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..2048),
        "([a-zA-Zà-ỹ0-9 ]{0,6}[,;\"\r\n']{0,3}){0,60}".prop_map(String::into_bytes),
        text().prop_map(String::into_bytes),
    ]
}

// Cases by what one costs: a few bytes read, a CSV file of a layout, an XLSX file written and
// read (about 1, 4 and 9 ms in a debug build).
proptest! {
    #![proptest_config(config(8_192))]

    #[test]
    fn fuzz_any_bytes_as_csv_and_as_xlsx(bytes in csvish()) {
        read_checked(&bytes, Format::Csv)?;
        read_checked(&bytes, Format::Xlsx)?;
        let mut zipped = b"PK\x03\x04".to_vec();
        zipped.extend_from_slice(&bytes);
        read_checked(&zipped, Format::Xlsx)?;
    }
}

proptest! {
    #![proptest_config(config(1_024))]

    #[test]
    fn fuzz_csv_of_the_layouts(sheet in sheet(), style in csv_style()) {
        let bytes = csv_file(&sheet, &style);
        let table = read_checked(&bytes, Format::Csv)?;
        if style.encoding == Encoding::Utf8 && matches!(style.delimiter, ',' | ';') {
            // Read exactly as a spreadsheet shows it.
            match (expected_table(&sheet), table) {
                (Ok(expected), Some(table)) => prop_assert_eq!(table, expected),
                (Ok(expected), None) => {
                    let e = read_table(&bytes, Format::Csv, &Limits::default()).unwrap_err();
                    prop_assert!(false, "refused: {e:?}, expected {expected:?}");
                }
                (Err(code), read) => {
                    let e = read_table(&bytes, Format::Csv, &Limits::default()).map(|_| read.is_some());
                    prop_assert_eq!(e.map_err(|e| e.code()), Err(code));
                }
            }
        }
    }

    #[test]
    fn fuzz_households_read_back_as_written(
        households in proptest::collection::vec(("[A-Za-z0-9_/.-]{1,25}", "[0-9]{1,6}", text(), any::<bool>()), 1..6),
        xlsx in any::<bool>(),
    ) {
        let format = if xlsx { Format::Xlsx } else { Format::Csv };
        let exports: Vec<HouseholdExport> = households
            .iter()
            .enumerate()
            .map(|(i, (code, area, address, head))| HouseholdExport {
                code: format!("{code}{i}"),
                area_code: area.clone(),
                address: address.clone(),
                head_personal_id: if *head { PersonalId::compose("046", Sex::Male, 1970, u32::try_from(i).unwrap()).unwrap().to_string() } else { String::new() },
            })
            .collect();
        let bytes = write_households(&exports, format).unwrap();
        let table = read_checked(&bytes, format)?.unwrap();
        let (rows, errors) = parse_households(&table).unwrap();
        let refused: BTreeSet<usize> = errors.iter().map(|e| e.line).collect();
        for (i, e) in exports.iter().enumerate() {
            let line = i + 2;
            let address = e.address.split_whitespace().collect::<Vec<_>>().join(" ");
            match rows.iter().find(|r| r.line == line) {
                Some(r) => {
                    prop_assert_eq!(&r.code, &e.code);
                    prop_assert_eq!(&r.address, &address);
                    prop_assert_eq!(r.head_personal_id.as_ref().map(|p| p.to_string()).unwrap_or_default(), e.head_personal_id.clone());
                }
                // Only an address empty or too long is refused.
                None => prop_assert!(
                    refused.contains(&line) && (address.is_empty() || address.chars().count() > 300),
                    "{e:?}: {errors:?}"
                ),
            }
        }
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn fuzz_rejected_rows_read_back_as_uploaded(sheet in sheet(), xlsx in any::<bool>()) {
        let style = CsvStyle { delimiter: ',', quote_all: false, ending: "\r\n", final_ending: true, bom: false, encoding: Encoding::Utf8 };
        let Some(table) = read_checked(&csv_file(&sheet, &style), Format::Csv)? else { return Ok(()) };
        let errors = match parse_persons(&table, today()) {
            Ok((_, errors)) => errors,
            Err(_) => match parse_surveys(&table) {
                Ok((_, errors)) => errors,
                Err(_) => return Ok(()),
            },
        };
        let rejected = rejected_rows(&table, &errors);
        if rejected.is_empty() {
            return Ok(());
        }
        let format = if xlsx { Format::Xlsx } else { Format::Csv };
        let bytes = write_rejected(&table.headers, &rejected, format).unwrap();
        let back = read_checked(&bytes, format)?;
        prop_assert!(back.is_some(), "{:?}", read_table(&bytes, format, &Limits::default()));
        let back = back.unwrap();
        prop_assert_eq!(back.rows.len(), rejected.len());
        // A cell of spaces is as good as empty to every layout; the XLSX reader drops it.
        let cells = |cells: &[String]| -> Vec<String> {
            cells.iter().map(|c| if c.trim().is_empty() { String::new() } else { c.clone() }).collect()
        };
        for ((row, _), again) in rejected.iter().zip(&back.rows) {
            prop_assert_eq!(cells(&again.cells[..row.cells.len()]), cells(&row.cells));
        }
    }

    #[test]
    fn fuzz_xlsx_of_the_writers_with_bytes_damaged(
        kind in any::<u8>(),
        sheet in sheet(),
        edits in proptest::collection::vec(byte_edit(), 1..6),
    ) {
        let mut bytes = workbook(kind, &sheet);
        prop_assert!(read_checked(&bytes, Format::Xlsx)?.is_some());
        for edit in &edits {
            damage(&mut bytes, edit);
        }
        read_checked(&bytes, Format::Xlsx)?;
    }

    #[test]
    fn fuzz_xlsx_of_the_writers_with_parts_edited(
        kind in any::<u8>(),
        sheet in sheet(),
        part in any::<usize>(),
        xml in proptest::collection::vec(xml_edit(), 0..4),
        entries in proptest::collection::vec(entry_edit(), 0..3),
        deflate in proptest::collection::vec(any::<bool>(), 1..4),
    ) {
        let mut parts = unpack(&workbook(kind, &sheet));
        // The sheet, the shared strings or the styles most of the time; any part otherwise.
        let preferred: Vec<usize> = parts
            .iter()
            .enumerate()
            .filter(|(_, (n, _))| n.contains("sheet1") || n.contains("sharedStrings") || n.contains("styles") || n.contains("workbook.xml"))
            .map(|(i, _)| i)
            .collect();
        let target = if part % 4 != 0 && !preferred.is_empty() { preferred[part % preferred.len()] } else { part % parts.len() };
        let mut xml_text = String::from_utf8_lossy(&parts[target].1).into_owned();
        for edit in &xml {
            xml_text = edit_xml(&xml_text, edit);
        }
        parts[target].1 = xml_text.into_bytes();
        for edit in &entries {
            edit_entries(&mut parts, edit);
        }
        read_checked(&pack(&parts, &deflate), Format::Xlsx)?;
    }

    #[test]
    fn fuzz_exports_read_back_as_written(people in people(), xlsx in any::<bool>()) {
        let format = if xlsx { Format::Xlsx } else { Format::Csv };
        let exports: Vec<PersonExport> = people.iter().map(|(e, _)| e.clone()).collect();
        let bytes = write_persons(&exports, format).unwrap();
        if exports.is_empty() {
            return Ok(());
        }
        let table = read_checked(&bytes, format)?.unwrap();
        let (rows, errors) = parse_persons(&table, today()).unwrap();
        prop_assert!(errors.is_empty(), "{errors:?}");
        prop_assert_eq!(rows.len(), people.len());
        for (row, (export, draft)) in rows.iter().zip(&people) {
            prop_assert_eq!(&row.person, &validate_person(draft, today()).unwrap());
            prop_assert_eq!(row.household_code.as_deref().unwrap_or(""), export.household_code.as_str());
        }
    }

    #[test]
    fn fuzz_survey_sheets_read_back_as_written(sheet in sheet()) {
        // The sheet of the surveys that a sheet of the survey layout gives, written and read.
        let style = CsvStyle { delimiter: ',', quote_all: true, ending: "\n", final_ending: false, bom: true, encoding: Encoding::Utf8 };
        let Some(table) = read_checked(&csv_file(&sheet, &style), Format::Csv)? else { return Ok(()) };
        let Ok((rows, _)) = parse_surveys(&table) else { return Ok(()) };
        if rows.is_empty() {
            return Ok(());
        }
        let bytes = write_surveys(&rows).unwrap();
        let again = read_checked(&bytes, Format::Xlsx)?.unwrap();
        let (back, errors) = parse_surveys(&again).unwrap();
        prop_assert!(errors.is_empty(), "{errors:?}");
        prop_assert_eq!(back.len(), rows.len());
        for (a, b) in back.iter().zip(&rows) {
            prop_assert_eq!((&a.household_code, &a.answers, &a.surveyor, a.surveyed_on), (&b.household_code, &b.answers, &b.surveyor, b.surveyed_on));
        }
    }
}

// ---- the corpus -------------------------------------------------------------------------------

/// Every file of the seed corpus, hand-picked nasty inputs, through both readers and every
/// layout, under the same property.
#[test]
fn fuzz_corpus_goes_through_every_reader() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 20,
        "{} files in {}",
        files.len(),
        dir.display()
    );
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        for format in [Format::Csv, Format::Xlsx] {
            if let Err(e) = read_checked(&bytes, format) {
                panic!("{} as {format:?}: {e}", path.display());
            }
        }
    }
}
