//! Turns the bytes of an XLSX or CSV file into a table of text cells with the row numbers the
//! officer sees. It knows no layout beyond which headers hold personal IDs.

use std::io::Cursor;
use std::path::Path;

use calamine::{DataRef, ExcelDateTime, Reader, Xlsx, XlsxError};

use crate::archive::check_archive;
use crate::cell::{longer_than, unquoted};
use crate::error::FileError;
use crate::registry::layout::{column_letter, is_id_header};

/// The file formats the registry reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Xlsx,
    Csv,
}

impl Format {
    /// The format named by a file's extension, whatever its case.
    pub fn from_path(path: &Path) -> Result<Self, FileError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" => Ok(Format::Xlsx),
            "csv" => Ok(Format::Csv),
            _ => Err(FileError::UnsupportedFormat(format!(".{ext}"))),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }

    /// The media type for downloads.
    pub fn mime_type(self) -> &'static str {
        match self {
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// Bounds on what one upload may hold, so a huge or hostile file is refused before it costs
/// memory and time. The defaults are what the largest real file needs, with room to spare
/// (docs/import-template.md lists them for officers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The file as uploaded: 50 MiB, which a million rows of the persons layout just fit
    /// (ansinh's own export of them is ~50 MB as .xlsx).
    pub max_bytes: u64,
    /// Data rows of the sheet: 1,000,000. Excel's sheet stops at 1,048,576 rows, so the
    /// province's 1.2 million persons come in more than one file anyway.
    pub max_rows: usize,
    /// Columns up to the last one with data in any row: 64. The widest layout, the survey
    /// sheet, has 22 columns (the registry's 11 and 5, each with "Lỗi" in a rejected file);
    /// the room left lets a file with a few foreign columns be told which ones
    /// (`file.header_unknown`), while a row is never padded to thousands of empty cells.
    pub max_columns: usize,
    /// Characters of one cell, as Excel counts them: 32,767, Excel's own limit, so nothing an
    /// officer could have typed in Excel is refused (the longest field, an address, is 300).
    pub max_cell_chars: usize,
    /// What an .xlsx file may inflate to, all its parts together: 768 MiB. The largest file
    /// the other limits allow, a million persons, inflates to ~510 MB (its sheet ~415 MB, its
    /// shared strings ~92 MB, measured on ansinh's export); Excel's XML is somewhat wordier.
    pub max_inflated_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 50 * 1024 * 1024,
            max_rows: 1_000_000,
            max_columns: 64,
            max_cell_chars: crate::cell::EXCEL_MAX_CELL,
            max_inflated_bytes: 768 * 1024 * 1024,
        }
    }
}

/// A file's first sheet as text: the header row and the non-blank rows under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
}

/// One row, padded to the width of the headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// The spreadsheet row number as the user sees it; the header is row 1.
    pub line: usize,
    pub cells: Vec<String>,
}

impl Table {
    /// Whether any row has something in the given column; untitled columns only matter then.
    pub fn column_has_data(&self, index: usize) -> bool {
        self.rows
            .iter()
            .any(|r| r.cells.get(index).is_some_and(|c| !c.trim().is_empty()))
    }
}

/// A cell before the header is known: numbers are kept apart from text because a number in an
/// ID column needs its lost leading zero back.
enum Cell {
    Text(String),
    Whole(String),
}

impl Cell {
    fn is_blank(&self) -> bool {
        match self {
            Cell::Text(s) | Cell::Whole(s) => s.trim().is_empty(),
        }
    }

    fn into_text(self, id_column: bool) -> String {
        match self {
            // A 12-digit ID typed into a number cell loses its leading 0 (every province code
            // starts with 0), an accident common enough to repair silently.
            Cell::Whole(s) if id_column && s.len() == 11 => format!("0{s}"),
            Cell::Whole(s) => s,
            // The apostrophe ansinh's CSV writer puts before a formula character comes off.
            Cell::Text(s) => unquoted(s),
        }
    }
}

struct RawRow {
    line: usize,
    cells: Vec<Cell>,
}

/// Reads the first worksheet of an XLSX file or a CSV file into a table. The first non-blank
/// row is the header; blank rows are skipped and trailing empty columns dropped.
pub fn read_table(bytes: &[u8], format: Format, limits: &Limits) -> Result<Table, FileError> {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > limits.max_bytes {
        return Err(FileError::TooLarge {
            size,
            max: limits.max_bytes,
        });
    }
    let rows = match format {
        Format::Xlsx => read_xlsx_guarded(bytes, limits)?,
        Format::Csv => read_csv(bytes, limits)?,
    };
    into_table(rows)
}

fn into_table(rows: Vec<RawRow>) -> Result<Table, FileError> {
    let mut rows = rows.into_iter();
    let header = rows
        .next()
        .ok_or(FileError::Empty("không có dòng tiêu đề"))?;
    let headers: Vec<String> = header
        .cells
        .into_iter()
        .map(|c| c.into_text(false).trim().to_string())
        .collect();
    let id_columns: Vec<bool> = headers.iter().map(|h| is_id_header(h)).collect();
    let mut out = Vec::new();
    for raw in rows {
        let cells: Vec<String> = raw
            .cells
            .into_iter()
            .enumerate()
            .map(|(i, c)| c.into_text(id_columns.get(i).copied().unwrap_or(false)))
            .collect();
        out.push(TableRow {
            line: raw.line,
            cells,
        });
    }
    if out.is_empty() {
        return Err(FileError::Empty(
            "chỉ có dòng tiêu đề, không có dòng dữ liệu nào",
        ));
    }
    // Rows longer than the header keep their cells under untitled columns, so data typed
    // beside the table is reported rather than silently lost.
    let width = out
        .iter()
        .map(|r| r.cells.len())
        .chain([headers.len()])
        .max()
        .unwrap_or(0);
    let mut headers = headers;
    headers.resize(width, String::new());
    for row in &mut out {
        row.cells.resize(width, String::new());
    }
    Ok(Table { headers, rows: out })
}

/// Drops trailing blank cells; `None` for a row with nothing in it.
fn trimmed(mut cells: Vec<Cell>) -> Option<Vec<Cell>> {
    while cells.last().is_some_and(Cell::is_blank) {
        cells.pop();
    }
    (!cells.is_empty()).then_some(cells)
}

/// Counts data rows against the limit; the first row kept is the header and not counted.
fn push_row(out: &mut Vec<RawRow>, row: RawRow, max_rows: usize) -> Result<(), FileError> {
    if out.len() > max_rows {
        return Err(FileError::TooManyRows { max: max_rows });
    }
    out.push(row);
    Ok(())
}

/// Refuses a cell longer than the limit, naming it as the officer sees it (`line` is the
/// spreadsheet row, `col` the 0-based column).
fn check_cell(text: &str, line: usize, col: usize, limits: &Limits) -> Result<(), FileError> {
    if longer_than(text, limits.max_cell_chars) {
        return Err(FileError::CellTooLong {
            place: format!("ô ở dòng {line}, cột {}", column_letter(col)),
            max: limits.max_cell_chars,
        });
    }
    Ok(())
}

/// Refuses data in a column past the limit (`col` is 0-based).
fn check_column(line: usize, col: usize, limits: &Limits) -> Result<(), FileError> {
    if col >= limits.max_columns {
        return Err(FileError::TooManyColumns {
            line,
            column: column_letter(col),
            max: limits.max_columns,
        });
    }
    Ok(())
}

/// The XLSX parser works on untrusted input; a panic in it must become a refusal of the file,
/// not a crash of the request that uploaded it.
fn read_xlsx_guarded(bytes: &[u8], limits: &Limits) -> Result<Vec<RawRow>, FileError> {
    std::panic::catch_unwind(|| {
        check_archive(bytes, limits)?;
        read_xlsx(bytes, limits)
    })
    .unwrap_or_else(|_| {
        Err(FileError::NotXlsx(
            "tệp .xlsx bị hỏng, không đọc được; hãy mở bằng Excel và lưu lại".to_string(),
        ))
    })
}

fn not_xlsx(bytes: &[u8], e: &XlsxError) -> FileError {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let text = if matches!(e, XlsxError::Password) {
        "tệp .xlsx được đặt mật khẩu; hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại"
    } else if bytes.starts_with(OLE) {
        "tệp là bảng tính Excel 97–2003 (.xls) hoặc tài liệu cũ được đổi tên thành .xlsx; hãy mở bằng Excel và chọn Lưu thành → 'Sổ làm việc Excel (.xlsx)'"
    } else if !bytes.starts_with(ZIP) {
        "tệp không phải là bảng tính Excel .xlsx (có thể là tệp khác được đổi tên); hãy mở bằng Excel và lưu lại dạng .xlsx"
    } else {
        "tệp .xlsx bị hỏng hoặc không phải bảng tính Excel; hãy mở bằng Excel và lưu lại"
    };
    FileError::NotXlsx(text.to_string())
}

fn read_xlsx(bytes: &[u8], limits: &Limits) -> Result<Vec<RawRow>, FileError> {
    let max_rows = limits.max_rows;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| not_xlsx(bytes, &e))?;
    let Some(first) = book.sheet_names().into_iter().next() else {
        return Err(FileError::Empty("tệp .xlsx không có trang tính nào"));
    };
    let mut reader = book
        .worksheet_cells_reader(&first)
        .map_err(|e| not_xlsx(bytes, &e))?;
    let mut out = Vec::new();
    let mut current: Option<(u32, Vec<Cell>)> = None;
    // Cells are streamed rather than loaded as a whole range so that the row limit stops a
    // huge sheet early.
    while let Some(cell) = reader.next_cell().map_err(|e| not_xlsx(bytes, &e))? {
        let (row, col) = cell.get_position();
        let line = usize::try_from(row).unwrap_or(usize::MAX).saturating_add(1);
        let col = usize::try_from(col).unwrap_or(usize::MAX);
        let text = cell_text(cell.get_value());
        if let Some((r, _)) = &current
            && *r != row
        {
            // A sheet's rows come in order (Excel repairs a file where they do not): a row
            // number going back would give two rows of a table one line, and a refused row a
            // line the officer cannot find.
            if row < *r {
                return Err(FileError::NotXlsx(format!(
                    "tệp .xlsx bị hỏng: dòng {line} đứng sau dòng {} trong trang tính; hãy mở bằng Excel và lưu lại",
                    u64::from(*r) + 1
                )));
            }
            let (r, cells) = current.take().expect("checked above");
            if let Some(cells) = trimmed(cells) {
                push_row(&mut out, raw_row(r, cells), max_rows)?;
            }
        }
        let (_, cells) = current.get_or_insert_with(|| (row, Vec::new()));
        if text.is_blank() {
            continue;
        }
        let (Cell::Text(s) | Cell::Whole(s)) = &text;
        check_cell(s, line, col, limits)?;
        check_column(line, col, limits)?;
        if cells.len() <= col {
            cells.resize_with(col + 1, || Cell::Text(String::new()));
        }
        cells[col] = text;
    }
    if let Some((r, cells)) = current
        && let Some(cells) = trimmed(cells)
    {
        push_row(&mut out, raw_row(r, cells), max_rows)?;
    }
    Ok(out)
}

fn raw_row(row: u32, cells: Vec<Cell>) -> RawRow {
    RawRow {
        line: usize::try_from(row).unwrap_or(usize::MAX).saturating_add(1),
        cells,
    }
}

/// The text of a cell as an officer would type it: dates as dd/mm/yyyy, whole numbers without
/// a decimal point.
fn cell_text(value: &DataRef<'_>) -> Cell {
    match value {
        DataRef::Empty => Cell::Text(String::new()),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Int(i) => Cell::Whole(i.to_string()),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.to_string()),
        DataRef::DateTime(dt) => date_text(dt),
        DataRef::DateTimeIso(s) => Cell::Text(iso_date_text(s)),
        DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Text(e.to_string()),
    }
}

fn number_text(f: f64) -> Cell {
    // Integers up to 2^53 are exact in an f64, which covers every ID and code.
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15 {
        Cell::Whole(format!("{f:.0}"))
    } else {
        Cell::Text(f.to_string())
    }
}

fn date_text(dt: &ExcelDateTime) -> Cell {
    if dt.is_duration() {
        return number_text(dt.as_f64());
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    Cell::Text(format!("{d:02}/{m:02}/{y:04}"))
}

/// ISO dates (from some writers' date cells) in the officer's form; anything else unchanged.
fn iso_date_text(s: &str) -> String {
    let date = s.split('T').next().unwrap_or(s);
    match chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") {
        Ok(d) => d.format("%d/%m/%Y").to_string(),
        Err(_) => s.to_string(),
    }
}

fn read_csv(bytes: &[u8], limits: &Limits) -> Result<Vec<RawRow>, FileError> {
    let max_rows = limits.max_rows;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| FileError::Encoding(e.valid_up_to()))?;
    let delimiter = delimiter_of(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    // Row numbers are counted here rather than taken from the csv reader, whose line count
    // lags by one after CRLF endings. Blank lines count, as Excel shows them as empty rows;
    // line breaks inside a quoted cell do not, as Excel keeps such a cell in one row.
    let mut breaks_before = 0usize;
    let mut scanned = 0usize;
    let mut embedded_breaks = 0usize;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(FileError::Malformed(e.to_string())),
        }
        // The record's position is where the reader stood, before the previous terminator
        // and any blank lines; the record itself starts after them.
        let mut start = record
            .position()
            .map_or(scanned, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX))
            .clamp(scanned, text.len());
        while start < text.len() && matches!(text.as_bytes()[start], b'\r' | b'\n') {
            start += 1;
        }
        breaks_before += count_breaks(&text[scanned..start]);
        scanned = start;
        let line = breaks_before + 1 - embedded_breaks;
        embedded_breaks += record.iter().map(count_breaks).sum::<usize>();
        // Trailing blank fields are never kept, so a line of commas costs nothing.
        let used = record
            .iter()
            .enumerate()
            .filter(|(_, f)| !f.trim().is_empty())
            .last()
            .map_or(0, |(i, _)| i + 1);
        if let Some(last) = used.checked_sub(1) {
            check_column(line, last, limits)?;
        }
        for (col, field) in record.iter().take(used).enumerate() {
            check_cell(field, line, col, limits)?;
        }
        let cells: Vec<Cell> = record
            .iter()
            .take(used)
            .map(|f| Cell::Text(f.to_string()))
            .collect();
        if let Some(cells) = trimmed(cells) {
            push_row(&mut out, RawRow { line, cells }, max_rows)?;
        }
    }
    Ok(out)
}

/// The field separator of a CSV file, judged on its first non-blank record: Excel in locales
/// with a decimal comma saves CSV with ';' between fields, so a record with more ';' than ','
/// is separated by ';'. More, not only: one of the survey sheet's headers has commas, which
/// such a file leaves unquoted. Only what stands outside quotes counts, and a record ends at
/// any line break outside quotes, CR alone included (old Mac files).
fn delimiter_of(text: &str) -> u8 {
    let (mut commas, mut semicolons, mut quoted, mut blank) = (0usize, 0usize, false, true);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            _ if quoted => {}
            '\r' | '\n' if blank => {}
            '\r' | '\n' => break,
            ',' => commas += 1,
            ';' => semicolons += 1,
            _ => {}
        }
        blank = blank && c.is_whitespace();
    }
    if semicolons > commas { b';' } else { b',' }
}

/// Line breaks as spreadsheets count them: CRLF, LF or a lone CR each end one line.
fn count_breaks(s: &str) -> usize {
    let b = s.as_bytes();
    b.iter()
        .enumerate()
        .filter(|&(i, &c)| c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_lose_no_digits_and_gain_no_decimals() {
        assert!(matches!(number_text(46185000123.0), Cell::Whole(s) if s == "46185000123"));
        assert!(matches!(number_text(1985.0), Cell::Whole(s) if s == "1985"));
        assert!(matches!(number_text(2.5), Cell::Text(s) if s == "2.5"));
    }

    #[test]
    fn only_id_columns_get_the_zero_back() {
        assert_eq!(
            Cell::Whole("46185000123".into()).into_text(true),
            "046185000123"
        );
        assert_eq!(
            Cell::Whole("46185000123".into()).into_text(false),
            "46185000123"
        );
        assert_eq!(
            Cell::Text("46185000123".into()).into_text(true),
            "46185000123"
        );
        assert_eq!(
            Cell::Whole("4618500012".into()).into_text(true),
            "4618500012"
        );
    }

    #[test]
    fn iso_dates_become_vietnamese() {
        assert_eq!(iso_date_text("1985-03-12T00:00:00"), "12/03/1985");
        assert_eq!(iso_date_text("1985-03-12"), "12/03/1985");
        assert_eq!(iso_date_text("abc"), "abc");
    }

    #[test]
    fn the_separator_is_judged_outside_quotes_on_the_first_record() {
        assert_eq!(delimiter_of("a;b\nc,d"), b';');
        assert_eq!(delimiter_of("a,b\nc;d"), b',');
        assert_eq!(delimiter_of("a;b;(c, d);e\n"), b';');
        assert_eq!(delimiter_of("a;b,c\n"), b',');
        assert_eq!(delimiter_of("\r\n \n\"x, y\";b\n"), b';');
        assert_eq!(delimiter_of("\"a;\nb\",c"), b',');
        // CR alone ends a line too: the commas of the second line are not the header's.
        assert_eq!(delimiter_of("a;b\rc,5;d\r"), b';');
        assert_eq!(delimiter_of(""), b',');
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(
            Format::from_path(Path::new("a/b.XLSX")).unwrap(),
            Format::Xlsx
        );
        assert_eq!(Format::from_path(Path::new("b.csv")).unwrap(), Format::Csv);
        assert_eq!(
            Format::from_path(Path::new("b.xls")).unwrap_err().code(),
            "file.format"
        );
        assert!(Format::from_path(Path::new("b")).is_err());
    }
}
