//! Monthly payment lists (danh sách chi trả) per commune and the paying agent's result file.
//!
//! The list has the columns of the forms communes sign: STT, họ tên, năm sinh, địa chỉ, nhóm
//! đối tượng, hệ số, mức hưởng, truy lĩnh/truy thu, tổng, ký nhận (left empty for the
//! signature), amounts in whole đồng with thousands separators, and a total row. It is written
//! as an XLSX workbook for the paying agent ([`write_payment_list`]) and as one self-contained
//! printable page ([`render_payment_list`], A4, with the signature block), which both the web
//! and the command line serve, so the two cannot differ. The result file the post office or
//! bank sends back has one row per beneficiary: the beneficiary id (or the personal ID), the
//! month, the amount and whether it was paid.

use ansinh_core::Area;
use ansinh_core::RowError;
use ansinh_core::assistance::format_coefficient;
use ansinh_core::payroll::{Month, PaymentListRow, PaymentResultRow};
use ansinh_core::poverty::number::thousands;
use askama::Template;
use rust_xlsxwriter::{Format as CellFormat, FormatAlign, FormatBorder, Workbook};

use crate::cell::write_text;
use crate::error::FileError;
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

/// Who issues a commune's list and for which month: the heading of the printed page and the
/// title of both files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListHeading {
    /// The province or centrally-run city, e.g. "Thành phố Huế".
    pub province: String,
    /// The commune or ward, e.g. "Phường Thuận An".
    pub commune: String,
    pub month: Month,
}

impl ListHeading {
    /// The heading of `commune`'s list for `month`; `province` is its parent unit, if known.
    pub fn new(commune: &Area, province: Option<&Area>, month: Month) -> ListHeading {
        ListHeading {
            province: province.map(|p| p.name.clone()).unwrap_or_default(),
            commune: commune.name.clone(),
            month,
        }
    }

    /// "Danh sách chi trả trợ cấp xã hội tháng 07/2024 — Phường Thuận An".
    pub fn title(&self) -> String {
        format!(
            "Danh sách chi trả trợ cấp xã hội tháng {} — {}",
            self.month.format_vn(),
            self.commune
        )
    }
}

/// The stylesheet of the printed list, inlined into a standalone file and served by the web
/// (whose content-security policy refuses inline styles) at [`ListLinks::stylesheet`].
pub const PAYMENT_LIST_CSS: &str = include_str!("../../templates/payment_list.css");

/// What the web adds to the printed list: its stylesheet by address instead of inline, and on
/// screen (hidden on paper) the way back, the XLSX file and how to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListLinks {
    pub stylesheet: String,
    pub back_href: String,
    pub back: String,
    pub xlsx_href: String,
    pub print_hint: String,
}

/// A row as printed: every figure already written the Vietnamese way.
struct PrintedRow {
    no: usize,
    name: String,
    birth_year: i32,
    address: String,
    group: String,
    coefficient: String,
    monthly: String,
    adjustment: String,
    total: String,
}

#[derive(Template)]
#[template(path = "payment_list.html")]
struct PrintedList<'a> {
    css: &'static str,
    title: String,
    authority: String,
    commune: String,
    month: String,
    links: Option<&'a ListLinks>,
    rows: Vec<PrintedRow>,
    people: String,
    monthly: String,
    adjustment: String,
    total: String,
}

/// One commune's list as a self-contained HTML page to print on A4: the administrative heading,
/// the table (its header repeated on every page), the totals and the signature block. Amounts
/// are whole đồng written `1.234.000`, coefficients `1,5`. Without `links` the page carries its
/// stylesheet and is a file to keep or mail; with them it is the web's page.
pub fn render_payment_list(
    heading: &ListHeading,
    rows: &[PaymentListRow],
    links: Option<&ListLinks>,
) -> Result<String, FileError> {
    let mut sums = (0i64, 0i64);
    let printed = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            sums.0 += r.monthly;
            sums.1 += r.adjustment;
            PrintedRow {
                no: i + 1,
                name: r.full_name.clone(),
                birth_year: r.birth_year,
                address: r.address.clone(),
                // Two groups paid together ("K4+K6") may break after the plus, nowhere else.
                group: r.group.replace('+', "+\u{200B}"),
                // A recovery-only row has nothing due this month, hence no coefficient.
                coefficient: if r.coefficient == 0 {
                    String::new()
                } else {
                    format_coefficient(r.coefficient)
                },
                monthly: thousands(r.monthly),
                adjustment: if r.adjustment == 0 {
                    String::new()
                } else {
                    thousands(r.adjustment)
                },
                total: thousands(r.total()),
            }
        })
        .collect();
    let authority = if heading.province.is_empty() {
        String::new()
    } else {
        format!("Ủy ban nhân dân {}", heading.province)
    };
    PrintedList {
        css: PAYMENT_LIST_CSS,
        title: heading.title(),
        authority,
        commune: heading.commune.clone(),
        month: heading.month.format_vn(),
        links,
        rows: printed,
        people: thousands(rows.len() as i64),
        monthly: thousands(sums.0),
        adjustment: thousands(sums.1),
        total: thousands(sums.0 + sums.1),
    }
    .render()
    .map_err(|e| FileError::Write(e.to_string()))
}

/// One commune's list as an XLSX workbook (the bytes of the file).
pub fn write_payment_list(
    heading: &ListHeading,
    rows: &[PaymentListRow],
) -> Result<Vec<u8>, FileError> {
    let title = heading.title();
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
    write_text(ws, 0, 0, &title, Some(&bold)).map_err(xlsx)?;
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
        write_text(ws, row, 1, &r.full_name, Some(&text)).map_err(xlsx)?;
        ws.write_number_with_format(row, 2, f64::from(r.birth_year), &text)
            .map_err(xlsx)?;
        write_text(ws, row, 3, &r.address, Some(&text)).map_err(xlsx)?;
        write_text(ws, row, 4, &r.group, Some(&text)).map_err(xlsx)?;
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

    fn heading() -> ListHeading {
        ListHeading {
            province: "Thành phố Huế".into(),
            commune: "Phường Thuận An".into(),
            month: Month::new(2024, 7).unwrap(),
        }
    }

    fn row(name: &str, coefficient: i32, monthly: i64, adjustment: i64) -> PaymentListRow {
        PaymentListRow {
            full_name: name.into(),
            birth_year: 1940,
            address: "Số 3, thôn <An> Hải".into(),
            group: "K5C".into(),
            coefficient,
            monthly,
            adjustment,
        }
    }

    #[test]
    fn the_printed_list_is_one_page_with_vietnamese_figures() {
        let rows = [
            row("Hồ Thị Một", 150, 750_000, 0),
            row("Lê Văn <b>Hai</b>", 0, 0, -540_000),
            row("Trần Ba", 200, 1_000_000, 1_080_000),
        ];
        let html = render_payment_list(&heading(), &rows, None).unwrap();
        assert!(html.starts_with("<!doctype html>"));
        assert!(html.contains("<style>") && !html.contains("<link"));
        assert!(html.contains("Ủy ban nhân dân Thành phố Huế"));
        assert!(html.contains("Tháng 07/2024 — Phường Thuận An"));
        assert!(html.contains("<td class=\"c\">1,5</td>"));
        assert!(html.contains("-540.000") && html.contains("2.080.000"));
        // Totals: 1.750.000 monthly, 540.000 net adjustments, 2.290.000 in all.
        assert!(html.contains("Tổng cộng: 3 người"));
        assert!(html.contains("1.750.000") && html.contains(">540.000<"));
        assert!(html.contains("2.290.000 đồng"));
        // Names and addresses are text, never markup.
        assert!(!html.contains("<b>Hai</b>") && html.contains("&#60;b&#62;Hai"));
        assert!(html.contains("thôn &#60;An&#62; Hải"));
    }

    #[test]
    fn the_web_page_links_its_stylesheet_and_the_way_back() {
        let links = ListLinks {
            stylesheet: "/static/danh-sach.css?v=1".into(),
            back_href: "/chi-tra/1".into(),
            back: "Chi trả".into(),
            xlsx_href: "/chi-tra/1/danh-sach/19900.xlsx".into(),
            print_hint: "Ctrl+P".into(),
        };
        let html = render_payment_list(&heading(), &[], Some(&links)).unwrap();
        assert!(html.contains(r#"<link rel="stylesheet" href="/static/danh-sach.css?v=1">"#));
        assert!(!html.contains("<style>"));
        assert!(html.contains(r#"href="/chi-tra/1/danh-sach/19900.xlsx""#));
        assert!(html.contains("Tổng cộng: 0 người"));
    }

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
