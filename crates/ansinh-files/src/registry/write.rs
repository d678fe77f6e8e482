//! Rows into files: exports, blank templates and the file of rejected rows, all in the layouts
//! of [`crate::registry::layout`] so that whatever is written can be read back.

use std::collections::HashMap;

use ansinh_core::RowError;
use ansinh_core::date::format_vn;
use ansinh_core::registry::{HouseholdExport, PersonExport};
use rust_xlsxwriter::{Format as CellFormat, Workbook, Worksheet};

use crate::cell::{csv_cell, excel_text, write_text, xlsx_reimportable};
use crate::error::FileError;
use crate::read::{Format, Table, TableRow};
use crate::registry::layout::{Col, ERROR_HEADER, Layout};

/// The cell of a person's export row in a column of the layout.
fn person_cell(p: &PersonExport, col: Col) -> String {
    match col {
        Col::PersonalId => p.personal_id.clone(),
        Col::FullName => p.full_name.clone(),
        Col::Sex => p.sex.clone(),
        Col::BirthDate => p.birth.to_string(),
        Col::Ethnicity => p.ethnicity.clone(),
        Col::Area => p.area_code.clone(),
        Col::Phone => p.phone.clone(),
        Col::DeathDate => p.death_date.map(format_vn).unwrap_or_default(),
        Col::HouseholdCode => p.household_code.clone(),
        Col::Relation => p.relation.clone(),
        Col::Stt | Col::Address | Col::HeadPersonalId => String::new(),
    }
}

/// The cell of a household's export row in a column of the layout.
fn household_cell(h: &HouseholdExport, col: Col) -> String {
    match col {
        Col::HouseholdCode => h.code.clone(),
        Col::Area => h.area_code.clone(),
        Col::Address => h.address.clone(),
        Col::HeadPersonalId => h.head_personal_id.clone(),
        _ => String::new(),
    }
}

/// How a column is written to XLSX.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Row numbers: real numbers so that sorting and formulas work on them.
    Number,
    /// Everything else is text in a text-formatted column, so that Excel neither drops the
    /// leading zero of an ID nor turns "03/1985" into a full date.
    Text,
    /// The error column: text, wrapped because the reasons are long.
    Wrapped,
}

struct Column {
    header: String,
    width: f64,
    kind: Kind,
}

fn layout_columns(layout: Layout) -> Vec<Column> {
    layout
        .columns()
        .iter()
        .map(|c| Column {
            header: c.header.to_string(),
            width: c.width,
            kind: if c.col == Col::Stt {
                Kind::Number
            } else {
                Kind::Text
            },
        })
        .collect()
}

/// Writes the persons in the "Nhân khẩu" layout, numbered from 1.
pub fn write_persons(rows: &[PersonExport], format: Format) -> Result<Vec<u8>, FileError> {
    let layout = Layout::Persons;
    let cells = rows.iter().enumerate().map(|(i, p)| {
        layout
            .columns()
            .iter()
            .map(|c| match c.col {
                Col::Stt => (i + 1).to_string(),
                col => person_cell(p, col),
            })
            .collect()
    });
    write_sheet(
        layout.name_vi(),
        &layout_columns(layout),
        cells,
        format,
        None,
    )
}

/// Writes the households in the "Hộ gia đình" layout, numbered from 1.
pub fn write_households(rows: &[HouseholdExport], format: Format) -> Result<Vec<u8>, FileError> {
    let layout = Layout::Households;
    let cells = rows.iter().enumerate().map(|(i, h)| {
        layout
            .columns()
            .iter()
            .map(|c| match c.col {
                Col::Stt => (i + 1).to_string(),
                col => household_cell(h, col),
            })
            .collect()
    });
    write_sheet(
        layout.name_vi(),
        &layout_columns(layout),
        cells,
        format,
        None,
    )
}

/// A blank file of a layout with one valid example row. The XLSX template also has a sheet
/// "Hướng dẫn" explaining every column; CSV has room for none.
pub fn write_template(layout: Layout, format: Format) -> Result<Vec<u8>, FileError> {
    let example: Vec<String> = layout
        .columns()
        .iter()
        .map(|c| c.example.to_string())
        .collect();
    write_sheet(
        layout.name_vi(),
        &layout_columns(layout),
        std::iter::once(example),
        format,
        Some(layout),
    )
}

/// The rejected rows exactly as they were in the input, with a last column "Lỗi" giving the
/// reasons. The reader ignores that column, so the officer can correct this file and import it
/// again as it is.
pub fn write_rejected(
    table_headers: &[String],
    rejected: &[(TableRow, Vec<RowError>)],
    format: Format,
) -> Result<Vec<u8>, FileError> {
    // A rejected file read back and rejected again would otherwise gain a second "Lỗi" column.
    let error_key = ansinh_core::name::fold(ERROR_HEADER);
    let kept: Vec<usize> = (0..table_headers.len())
        .filter(|&i| ansinh_core::name::fold(&table_headers[i]) != error_key)
        .collect();
    let mut columns: Vec<Column> = kept
        .iter()
        .map(|&i| Column {
            header: table_headers[i].clone(),
            width: 16.0,
            kind: Kind::Text,
        })
        .collect();
    columns.push(Column {
        header: ERROR_HEADER.to_string(),
        width: 60.0,
        kind: Kind::Wrapped,
    });
    let rows = rejected.iter().map(|(row, errors)| {
        let mut cells: Vec<String> = kept
            .iter()
            .map(|&i| row.cells.get(i).cloned().unwrap_or_default())
            .collect();
        let reasons: Vec<String> = errors
            .iter()
            .map(|e| format!("{}: {}", e.column, e.message))
            .collect();
        // The reasons quote the cells they are about, so they can pass what a cell may hold;
        // cut to it in both formats, since the reader refuses a longer cell of either (the
        // other cells came from a file and fit already).
        cells.push(excel_text(&reasons.join("; ")).into_owned());
        cells
    });
    write_sheet("Dòng bị từ chối", &columns, rows, format, None)
}

/// Pairs each row that has errors with its errors, in file order, ready for
/// [`write_rejected`].
pub fn rejected_rows(table: &Table, errors: &[RowError]) -> Vec<(TableRow, Vec<RowError>)> {
    // Grouped by line first, so that a large file with many errors stays linear.
    let mut by_line: HashMap<usize, Vec<RowError>> = HashMap::new();
    for e in errors {
        by_line.entry(e.line).or_default().push(e.clone());
    }
    table
        .rows
        .iter()
        .filter_map(|row| by_line.remove(&row.line).map(|mine| (row.clone(), mine)))
        .collect()
}

fn write_sheet(
    sheet: &str,
    columns: &[Column],
    rows: impl Iterator<Item = Vec<String>>,
    format: Format,
    guide: Option<Layout>,
) -> Result<Vec<u8>, FileError> {
    match format {
        Format::Csv => write_csv(columns, rows),
        Format::Xlsx => write_xlsx(sheet, columns, rows, guide),
    }
}

fn write_csv(
    columns: &[Column],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<Vec<u8>, FileError> {
    // Excel on Windows reads a CSV without BOM in the local code page and garbles Vietnamese.
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new().from_writer(&mut out);
        // Headers too: those of a rejected-rows file are the uploaded file's.
        for c in columns {
            w.write_field(csv_cell(&c.header, false).as_bytes())?;
        }
        w.write_record(None::<&[u8]>)?;
        for row in rows {
            for (value, c) in row.iter().zip(columns) {
                w.write_field(csv_cell(value, c.kind == Kind::Number).as_bytes())?;
            }
            w.write_record(None::<&[u8]>)?;
        }
        w.flush().map_err(|e| FileError::Write(e.to_string()))?;
    }
    Ok(out)
}

fn write_xlsx(
    sheet: &str,
    columns: &[Column],
    rows: impl Iterator<Item = Vec<String>>,
    guide: Option<Layout>,
) -> Result<Vec<u8>, FileError> {
    let header_format = CellFormat::new().set_bold().set_text_wrap();
    let text = CellFormat::new().set_num_format("@");
    let wrapped = CellFormat::new().set_num_format("@").set_text_wrap();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet)?;
    for (i, c) in columns.iter().enumerate() {
        let col = col_num(i)?;
        ws.set_column_width(col, c.width)?;
        match c.kind {
            Kind::Text => {
                ws.set_column_format(col, &text)?;
            }
            Kind::Wrapped => {
                ws.set_column_format(col, &wrapped)?;
            }
            Kind::Number => {}
        }
        write_text(
            ws,
            0,
            col,
            &xlsx_reimportable(&c.header),
            Some(&header_format),
        )?;
    }
    ws.set_freeze_panes(1, 0)?;
    let mut last_row = 0u32;
    for (r, row) in rows.enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| FileError::Write("quá nhiều dòng".into()))?;
        last_row = r;
        for (i, (value, c)) in row.iter().zip(columns).enumerate() {
            write_cell(ws, r, col_num(i)?, value, c.kind, &text, &wrapped)?;
        }
    }
    if !columns.is_empty() {
        ws.autofilter(0, 0, last_row, col_num(columns.len() - 1)?)?;
    }
    if let Some(layout) = guide {
        write_guide(book.add_worksheet(), layout, &header_format)?;
    }
    Ok(book.save_to_buffer()?)
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: &str,
    kind: Kind,
    text: &CellFormat,
    wrapped: &CellFormat,
) -> Result<(), FileError> {
    if value.is_empty() {
        return Ok(());
    }
    // Strings, never formulas: `=HYPERLINK(…)` in an address stays the text it is.
    let format = match kind {
        Kind::Number => {
            if let Ok(n) = value.parse::<f64>() {
                ws.write_number(row, col, n)?;
                return Ok(());
            }
            None
        }
        Kind::Text => Some(text),
        Kind::Wrapped => Some(wrapped),
    };
    write_text(ws, row, col, &xlsx_reimportable(value), format)?;
    Ok(())
}

/// The second sheet of a template: one line per column, then the allowed values.
fn write_guide(ws: &mut Worksheet, layout: Layout, bold: &CellFormat) -> Result<(), FileError> {
    let wrap = CellFormat::new().set_text_wrap();
    ws.set_name("Hướng dẫn")?;
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 10)?;
    ws.set_column_width(2, 90)?;
    for (i, h) in ["Cột", "Bắt buộc", "Cách ghi"].iter().enumerate() {
        ws.write_string_with_format(0, col_num(i)?, *h, bold)?;
    }
    let mut r = 1u32;
    for c in layout.columns() {
        write_text(ws, r, 0, c.header, Some(bold))?;
        ws.write_string(r, 1, if c.required { "Có" } else { "Không" })?;
        write_text(ws, r, 2, c.guide, Some(&wrap))?;
        r += 1;
    }
    r += 1;
    ws.write_string_with_format(r, 0, "Lưu ý", bold)?;
    for note in layout.guide_notes() {
        write_text(ws, r, 2, &note, Some(&wrap))?;
        r += 1;
    }
    Ok(())
}

fn col_num(i: usize) -> Result<u16, FileError> {
    u16::try_from(i).map_err(|_| FileError::Write("quá nhiều cột".into()))
}
