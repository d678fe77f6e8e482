//! The report forms of the poverty review as one XLSX workbook, a sheet per form, after the
//! report set of Thông tư 07/2021/TT-BLĐTBXH Phụ lục VII (titles from
//! `ansinh_core::poverty::ReportKind`; the official numbering is unconfirmed and the sheets say
//! so). Counts are numbers with a thousands format and rates are percentages, so Excel shows
//! them in the reader's locale (17.034 and 2,27% on a Vietnamese system).

use ansinh_core::poverty::{
    AreaStats, ByArea, Cause, Class, Deprivations, HouseholdGroup, Indicator, MovementLine,
    Movements, PovertyList, Ratio, ReportKind,
};
use rust_xlsxwriter::{Format as CellFormat, Workbook, Worksheet};

use crate::error::FileError;

/// How a report row names its commune.
pub trait AreaLabel {
    fn code(&self) -> &str;
    fn name(&self) -> &str;
}

/// One household of a detailed list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListLine {
    pub area_code: String,
    pub area_name: String,
    pub household_code: String,
    pub head_name: String,
    pub ethnicity: String,
    pub address: String,
    pub members: Option<i32>,
    pub deprivations: Deprivations,
    pub reason: String,
}

pub struct PovertyForms<'a, K> {
    pub year: i32,
    /// "theo địa bàn năm 2023" or "theo địa bàn hiện nay".
    pub basis_vi: &'a str,
    pub stats: &'a ByArea<K, AreaStats>,
    /// Absent when there is no previous year to compare with.
    pub movements: Option<&'a ByArea<K, Movements>>,
    pub poor: &'a [ListLine],
    pub near_poor: &'a [ListLine],
}

struct Formats {
    title: CellFormat,
    header: CellFormat,
    count: CellFormat,
    rate: CellFormat,
    total: CellFormat,
    total_rate: CellFormat,
    note: CellFormat,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            title: CellFormat::new().set_bold().set_font_size(13),
            header: CellFormat::new()
                .set_bold()
                .set_text_wrap()
                .set_border(rust_xlsxwriter::FormatBorder::Thin),
            count: CellFormat::new().set_num_format("#,##0"),
            rate: CellFormat::new().set_num_format("0.00%"),
            total: CellFormat::new().set_bold().set_num_format("#,##0"),
            total_rate: CellFormat::new().set_bold().set_num_format("0.00%"),
            note: CellFormat::new().set_italic().set_font_size(9),
        }
    }
}

fn ratio(r: Ratio) -> f64 {
    r.basis_points().map(|b| b as f64 / 10_000.0).unwrap_or(0.0)
}

/// Writes the title block and the header row; returns the first data row.
fn head(
    ws: &mut Worksheet,
    f: &Formats,
    kind: ReportKind,
    year: i32,
    basis: &str,
    headers: &[&str],
) -> Result<u32, FileError> {
    ws.set_name(sheet_name(kind))?;
    ws.write_string_with_format(
        0,
        0,
        format!("Biểu {}: {} năm {year}", kind.sequence(), kind.title_vi()),
        &f.title,
    )?;
    ws.write_string_with_format(
        1,
        0,
        format!("Số liệu {basis}. Số thứ tự biểu theo bộ biểu Phụ lục VII Thông tư 07/2021/TT-BLĐTBXH, chưa đối chiếu bản chính thức."),
        &f.note,
    )?;
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(3, i as u16, *h, &f.header)?;
        ws.set_column_width(i as u16, if i == 1 { 28 } else { 13 })?;
    }
    ws.set_row_height(3, 45)?;
    ws.set_freeze_panes(4, 2)?;
    Ok(4)
}

fn sheet_name(kind: ReportKind) -> String {
    let short = match kind {
        ReportKind::Summary => "Tổng hợp",
        ReportKind::PoorMovement => "Diễn biến nghèo",
        ReportKind::NearPoorMovement => "Diễn biến cận nghèo",
        ReportKind::PoorDeprivationCounts => "Thiếu hụt nghèo (số hộ)",
        ReportKind::PoorDeprivationRates => "Thiếu hụt nghèo (tỷ lệ)",
        ReportKind::NearPoorDeprivationCounts => "Thiếu hụt cận nghèo (số)",
        ReportKind::NearPoorDeprivationRates => "Thiếu hụt cận nghèo (tỷ lệ)",
        ReportKind::ByGroup => "Theo nhóm",
        ReportKind::ByEthnicity => "Theo dân tộc",
        ReportKind::ByCause => "Theo nguyên nhân",
        ReportKind::ChildDeprivations => "Thiếu hụt trẻ em",
        ReportKind::PoorMultidimensionalSummary => "Tổng hợp nghèo đa chiều",
        ReportKind::NearPoorMultidimensionalSummary => "Tổng hợp cận nghèo",
        ReportKind::NearPoorList => "DS hộ cận nghèo",
        ReportKind::PoorList => "DS hộ nghèo",
    };
    format!("{:02} {short}", kind.sequence())
}

/// One table with a row per commune and a total row: `values` gives each row's cells as
/// (number, is-rate).
fn by_area<K: AreaLabel, T>(
    ws: &mut Worksheet,
    f: &Formats,
    first: u32,
    table: &ByArea<K, T>,
    values: impl Fn(&T) -> Vec<(f64, bool)>,
) -> Result<(), FileError> {
    let mut r = first;
    for (k, t) in &table.areas {
        ws.write_string(r, 0, k.code())?;
        ws.write_string(r, 1, k.name())?;
        for (i, (v, rate)) in values(t).into_iter().enumerate() {
            ws.write_number_with_format(r, 2 + i as u16, v, if rate { &f.rate } else { &f.count })?;
        }
        r += 1;
    }
    ws.write_string_with_format(r, 1, "Tổng cộng", &f.total)?;
    for (i, (v, rate)) in values(&table.total).into_iter().enumerate() {
        ws.write_number_with_format(
            r,
            2 + i as u16,
            v,
            if rate { &f.total_rate } else { &f.total },
        )?;
    }
    Ok(())
}

/// Writes the workbook of the report set.
/// The line under each form's title that says which communes its rows are.
pub fn basis_vi(year: i32, today_areas: bool) -> String {
    if today_areas {
        "theo địa bàn xã/phường hiện nay (quy đổi qua sắp xếp năm 2025)".to_string()
    } else {
        format!("theo địa bàn xã/phường năm {year}")
    }
}

pub fn write_poverty_forms<K: AreaLabel>(
    forms: &PovertyForms<'_, K>,
) -> Result<Vec<u8>, FileError> {
    let f = Formats::new();
    let mut book = Workbook::new();
    let (year, basis) = (forms.year, forms.basis_vi);
    let area_cols = ["Mã", "Xã/phường"];
    let with_areas = |rest: Vec<String>| -> Vec<String> {
        area_cols
            .iter()
            .map(|s| s.to_string())
            .chain(rest)
            .collect()
    };
    let refs = |v: &[String]| -> Vec<String> { v.to_vec() };

    // 1. Summary.
    {
        let ws = book.add_worksheet();
        let headers = with_areas(vec![
            "Tổng số hộ".into(),
            "Số hộ nghèo".into(),
            "Tỷ lệ hộ nghèo".into(),
            "Số hộ cận nghèo".into(),
            "Tỷ lệ hộ cận nghèo".into(),
            "Hộ có mức sống trung bình".into(),
            "Trong đó: hộ làm nông, lâm, ngư, diêm nghiệp".into(),
        ]);
        let h: Vec<&str> = headers.iter().map(String::as_str).collect();
        let first = head(ws, &f, ReportKind::Summary, year, basis, &h)?;
        by_area(ws, &f, first, forms.stats, |s| {
            vec![
                (s.households as f64, false),
                (s.count(Class::Poor) as f64, false),
                (ratio(s.rate(PovertyList::Poor)), true),
                (s.count(Class::NearPoor) as f64, false),
                (ratio(s.rate(PovertyList::NearPoor)), true),
                (s.count(Class::AverageLivingStandard) as f64, false),
                (s.average_farming() as f64, false),
            ]
        })?;
    }
    // 2–3. Movements.
    if let Some(m) = forms.movements {
        for (kind, list) in [
            (ReportKind::PoorMovement, PovertyList::Poor),
            (ReportKind::NearPoorMovement, PovertyList::NearPoor),
        ] {
            let ws = book.add_worksheet();
            let headers = with_areas(
                MovementLine::ALL
                    .iter()
                    .map(|l| l.label_vi(list).to_string())
                    .collect(),
            );
            let h: Vec<&str> = headers.iter().map(String::as_str).collect();
            let first = head(ws, &f, kind, year, basis, &h)?;
            by_area(ws, &f, first, m, |mv| {
                mv.get(list)
                    .lines()
                    .iter()
                    .map(|(_, n)| (*n as f64, false))
                    .collect()
            })?;
        }
    }
    // 4–7. Deprivations.
    for (kind, list, rates) in [
        (ReportKind::PoorDeprivationCounts, PovertyList::Poor, false),
        (ReportKind::PoorDeprivationRates, PovertyList::Poor, true),
        (
            ReportKind::NearPoorDeprivationCounts,
            PovertyList::NearPoor,
            false,
        ),
        (
            ReportKind::NearPoorDeprivationRates,
            PovertyList::NearPoor,
            true,
        ),
    ] {
        let ws = book.add_worksheet();
        let mut cols = vec![format!("Số {}", list.label_vi())];
        cols.extend(
            Indicator::ALL
                .iter()
                .map(|i| format!("{}. {}", i.number(), i.name_vi())),
        );
        let headers = with_areas(refs(&cols));
        let h: Vec<&str> = headers.iter().map(String::as_str).collect();
        let first = head(ws, &f, kind, year, basis, &h)?;
        by_area(ws, &f, first, forms.stats, |s| {
            std::iter::once((s.list_count(list) as f64, false))
                .chain(Indicator::ALL.iter().map(|i| {
                    if rates {
                        (ratio(s.deprivation_rate(list, *i)), true)
                    } else {
                        (s.deprivation_count(list, *i) as f64, false)
                    }
                }))
                .collect()
        })?;
    }
    // 8. Groups.
    {
        let ws = book.add_worksheet();
        let mut cols = Vec::new();
        for list in [PovertyList::Poor, PovertyList::NearPoor] {
            cols.extend(
                HouseholdGroup::ALL
                    .iter()
                    .map(|g| format!("{} – {}", list.label_vi(), g.label_vi())),
            );
        }
        let headers = with_areas(cols);
        let h: Vec<&str> = headers.iter().map(String::as_str).collect();
        let first = head(ws, &f, ReportKind::ByGroup, year, basis, &h)?;
        by_area(ws, &f, first, forms.stats, |s| {
            [PovertyList::Poor, PovertyList::NearPoor]
                .iter()
                .flat_map(|l| {
                    HouseholdGroup::ALL
                        .iter()
                        .map(move |g| (s.group_count(*l, *g) as f64, false))
                })
                .collect()
        })?;
    }
    // 9. Ethnicity: the province's rows, one per group present.
    {
        let ws = book.add_worksheet();
        let first = head(
            ws,
            &f,
            ReportKind::ByEthnicity,
            year,
            basis,
            &["Mã", "Dân tộc", "Số hộ nghèo", "Số hộ cận nghèo"],
        )?;
        let total = &forms.stats.total;
        let mut present: Vec<_> = total
            .ethnicities_present(PovertyList::Poor)
            .map(|(e, _)| e)
            .collect();
        present.extend(
            total
                .ethnicities_present(PovertyList::NearPoor)
                .map(|(e, _)| e),
        );
        present.sort_by_key(|e| e.code());
        present.dedup();
        for (i, e) in present.iter().enumerate() {
            let r = first + i as u32;
            ws.write_number(r, 0, f64::from(e.code()))?;
            ws.write_string(r, 1, e.name())?;
            ws.write_number_with_format(
                r,
                2,
                total.ethnicity_count(PovertyList::Poor, *e) as f64,
                &f.count,
            )?;
            ws.write_number_with_format(
                r,
                3,
                total.ethnicity_count(PovertyList::NearPoor, *e) as f64,
                &f.count,
            )?;
        }
    }
    // 10. Causes.
    {
        let ws = book.add_worksheet();
        let mut cols = Vec::new();
        for list in [PovertyList::Poor, PovertyList::NearPoor] {
            cols.extend(
                Cause::ALL
                    .iter()
                    .map(|c| format!("{} – {}", list.label_vi(), c.label_vi())),
            );
        }
        let headers = with_areas(cols);
        let h: Vec<&str> = headers.iter().map(String::as_str).collect();
        let first = head(ws, &f, ReportKind::ByCause, year, basis, &h)?;
        by_area(ws, &f, first, forms.stats, |s| {
            [PovertyList::Poor, PovertyList::NearPoor]
                .iter()
                .flat_map(|l| {
                    Cause::ALL
                        .iter()
                        .map(move |c| (s.cause_count(*l, *c) as f64, false))
                })
                .collect()
        })?;
    }
    // 14–15. Detailed lists.
    for (kind, lines) in [
        (ReportKind::NearPoorList, forms.near_poor),
        (ReportKind::PoorList, forms.poor),
    ] {
        let ws = book.add_worksheet();
        let first = head(
            ws,
            &f,
            kind,
            year,
            basis,
            &[
                "STT",
                "Xã/phường",
                "Mã hộ",
                "Họ tên chủ hộ",
                "Dân tộc",
                "Địa chỉ",
                "Số nhân khẩu",
                "Chỉ số thiếu hụt",
                "Căn cứ phân loại",
            ],
        )?;
        ws.set_column_width(5, 30)?;
        ws.set_column_width(8, 80)?;
        for (i, l) in lines.iter().enumerate() {
            let r = first + i as u32;
            ws.write_number(r, 0, (i + 1) as f64)?;
            ws.write_string(r, 1, format!("{} ({})", l.area_name, l.area_code))?;
            ws.write_string(r, 2, &l.household_code)?;
            ws.write_string(r, 3, &l.head_name)?;
            ws.write_string(r, 4, &l.ethnicity)?;
            ws.write_string(r, 5, &l.address)?;
            if let Some(m) = l.members {
                ws.write_number(r, 6, f64::from(m))?;
            }
            ws.write_string(r, 7, l.deprivations.to_string())?;
            ws.write_string(r, 8, &l.reason)?;
        }
    }
    book.save_to_buffer()
        .map_err(|e| FileError::Write(e.to_string()))
}
