//! Monthly payment lists (danh sách chi trả) per commune and the paying agent's result file.
//!
//! The list has the columns of the forms communes sign: STT, họ tên, năm sinh, địa chỉ, nhóm
//! đối tượng, hệ số, mức hưởng, truy lĩnh/truy thu, tổng, ký nhận (left empty for the
//! signature), amounts in whole đồng with thousands separators, and a total row. The result
//! file the post office or bank sends back has one row per beneficiary: the beneficiary id (or
//! the personal ID), the month, the amount and whether it was paid.

use ansinh_core::payroll::Month;
use rust_xlsxwriter::{Format as CellFormat, FormatAlign, FormatBorder, Workbook};

use crate::error::{FileError, RowError};
use crate::read::Table;

/// The headers of the payment list, in order.
pub const LIST_HEADERS: [&str; 10] = [
    "STT",
    "Họ và tên",
    "Năm sinh",
    "Địa chỉ",
    "Nhóm đối tượng",
    "Hệ số",
    "Mức hưởng (đồng)",
    "Truy lĩnh/truy thu (đồng)",
    "Tổng (đồng)",
    "Ký nhận",
];

/// One beneficiary's row of a payment list: the month's allowance and the net of the
/// adjustments for earlier months.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentListRow {
    pub full_name: String,
    pub birth_year: i32,
    pub address: String,
    /// Group code(s), e.g. "K5A" or "K4+K5A".
    pub group: String,
    /// Hundredths; 0 when nothing is due this month (recovery only).
    pub coefficient: i32,
    pub monthly: i64,
    pub adjustment: i64,
}

impl PaymentListRow {
    pub fn total(&self) -> i64 {
        self.monthly + self.adjustment
    }
}

/// One commune's list as an XLSX workbook (the bytes of the file).
pub fn write_payment_list(title: &str, rows: &[PaymentListRow]) -> Result<Vec<u8>, FileError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Danh sách chi trả").map_err(xlsx)?;
    let bold = CellFormat::new().set_bold();
    let head = CellFormat::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center);
    let text = CellFormat::new().set_border(FormatBorder::Thin);
    let money = CellFormat::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("#,##0");
    let coef = CellFormat::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("0.0#");
    let total_money = money.clone().set_bold();
    ws.write_string_with_format(0, 0, title, &bold)
        .map_err(xlsx)?;
    for (c, h) in LIST_HEADERS.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &head)
            .map_err(xlsx)?;
    }
    let widths = [6.0, 28.0, 9.0, 36.0, 14.0, 7.0, 14.0, 16.0, 14.0, 16.0];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(xlsx)?;
    }
    let mut sums = (0i64, 0i64);
    for (i, r) in rows.iter().enumerate() {
        let row = 3 + i as u32;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &text)
            .map_err(xlsx)?;
        ws.write_string_with_format(row, 1, &r.full_name, &text)
            .map_err(xlsx)?;
        ws.write_number_with_format(row, 2, f64::from(r.birth_year), &text)
            .map_err(xlsx)?;
        ws.write_string_with_format(row, 3, &r.address, &text)
            .map_err(xlsx)?;
        ws.write_string_with_format(row, 4, &r.group, &text)
            .map_err(xlsx)?;
        // Hundredths to a displayed decimal: the cell is a number so the sheet can sum it;
        // the amounts below are whole đồng and stay exact in a double.
        ws.write_number_with_format(row, 5, f64::from(r.coefficient) / 100.0, &coef)
            .map_err(xlsx)?;
        ws.write_number_with_format(row, 6, r.monthly as f64, &money)
            .map_err(xlsx)?;
        ws.write_number_with_format(row, 7, r.adjustment as f64, &money)
            .map_err(xlsx)?;
        ws.write_number_with_format(row, 8, r.total() as f64, &money)
            .map_err(xlsx)?;
        ws.write_string_with_format(row, 9, "", &text)
            .map_err(xlsx)?;
        sums.0 += r.monthly;
        sums.1 += r.adjustment;
    }
    let last = 3 + rows.len() as u32;
    ws.write_string_with_format(last, 1, "Tổng cộng", &bold)
        .map_err(xlsx)?;
    ws.write_number_with_format(last, 6, sums.0 as f64, &total_money)
        .map_err(xlsx)?;
    ws.write_number_with_format(last, 7, sums.1 as f64, &total_money)
        .map_err(xlsx)?;
    ws.write_number_with_format(last, 8, (sums.0 + sums.1) as f64, &total_money)
        .map_err(xlsx)?;
    wb.save_to_buffer().map_err(xlsx)
}

fn xlsx(e: rust_xlsxwriter::XlsxError) -> FileError {
    FileError::Write(e.to_string())
}

/// The headers of the result file, in order. "Mã đối tượng" may hold the beneficiary id or the
/// personal ID.
pub const RESULT_HEADERS: [&str; 4] = ["Mã đối tượng", "Tháng", "Số tiền", "Đã nhận"];

/// One row of the paying agent's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentResultRow {
    pub line: usize,
    /// The beneficiary id (UUID) or the 12-digit personal ID, as written.
    pub beneficiary: String,
    pub month: Month,
    pub amount: i64,
    pub paid: bool,
}

/// Parses the result file's cells; every bad cell becomes a row error.
pub fn parse_payment_results(
    table: &Table,
) -> Result<(Vec<PaymentResultRow>, Vec<RowError>), FileError> {
    let find = |h: &str| {
        table
            .headers
            .iter()
            .position(|x| x.trim().eq_ignore_ascii_case(h))
    };
    let mut cols = [0usize; 4];
    for (i, h) in RESULT_HEADERS.iter().enumerate() {
        cols[i] = find(h).ok_or_else(|| FileError::HeaderMissing(vec![*h]))?;
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for row in &table.rows {
        let cell = |i: usize| row.cells.get(cols[i]).map(|s| s.trim()).unwrap_or("");
        let err = |col: usize, code: &'static str, message: String| RowError {
            line: row.line,
            column: RESULT_HEADERS[col].to_string(),
            code,
            message,
        };
        let before = errors.len();
        let beneficiary = cell(0).to_string();
        if beneficiary.is_empty() {
            errors.push(err(
                0,
                "payment.missing_beneficiary",
                "thiếu mã đối tượng".into(),
            ));
        }
        let month = Month::parse(cell(1)).or_else(|_| parse_vn_month(cell(1)));
        if month.is_err() {
            errors.push(err(
                1,
                "payment.bad_month",
                format!("tháng '{}' không đúng dạng mm/yyyy", cell(1)),
            ));
        }
        let amount = parse_amount(cell(2));
        if amount.is_none() {
            errors.push(err(
                2,
                "payment.bad_amount",
                format!("số tiền '{}' không phải số nguyên đồng", cell(2)),
            ));
        }
        let paid = match cell(3).to_lowercase().as_str() {
            "có" | "co" | "x" | "yes" | "1" | "đã nhận" | "da nhan" => Some(true),
            "không" | "khong" | "no" | "0" | "chưa nhận" | "chua nhan" | "" => Some(false),
            _ => None,
        };
        if paid.is_none() {
            errors.push(err(
                3,
                "payment.bad_flag",
                format!("cột Đã nhận '{}' phải là Có hoặc Không", cell(3)),
            ));
        }
        if errors.len() == before {
            rows.push(PaymentResultRow {
                line: row.line,
                beneficiary,
                month: month.expect("checked"),
                amount: amount.expect("checked"),
                paid: paid.expect("checked"),
            });
        }
    }
    Ok((rows, errors))
}

fn parse_vn_month(raw: &str) -> Result<Month, ()> {
    let (m, y) = raw.split_once('/').ok_or(())?;
    Month::new(
        y.trim().parse().map_err(|_| ())?,
        m.trim().parse().map_err(|_| ())?,
    )
    .map_err(|_| ())
}

/// Whole đồng, with or without thousands separators ("1.080.000", "1,080,000", "1080000"),
/// negative for a recovery. A spreadsheet number cell arrives as "1080000" (or "1080000.0").
fn parse_amount(raw: &str) -> Option<i64> {
    let raw = raw.strip_suffix(".0").unwrap_or(raw);
    let (neg, digits) = match raw.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    let cleaned: String = digits
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' '))
        .collect();
    if cleaned.is_empty() || !cleaned.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let v: i64 = cleaned.parse().ok()?;
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_with_separators() {
        assert_eq!(parse_amount("1.080.000"), Some(1_080_000));
        assert_eq!(parse_amount("1,080,000"), Some(1_080_000));
        assert_eq!(parse_amount("750000.0"), Some(750_000));
        assert_eq!(parse_amount("-540000"), Some(-540_000));
        assert_eq!(parse_amount("abc"), None);
        assert_eq!(parse_amount(""), None);
    }
}
