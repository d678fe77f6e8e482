//! The poverty-review survey sheet (phiếu rà soát): one row per household with its code, its
//! income per person per month or its score A, its members, and the answers to the 12
//! indicators. Reading validates every row with `SurveyAnswers::validate` and names the row and
//! the column of each error; the store then checks the household against the campaign.

use std::collections::HashMap;

use ansinh_core::Settlement;
use ansinh_core::date::format_vn;
use ansinh_core::name::fold;
use ansinh_core::poverty::{
    MeansAnswer, SurveyAnswers, SurveyError, SurveyField, SurveyRow, ToiletType, WaterSource,
    survey::parse_area_tenths,
};
use ansinh_core::registry::household::validate_household_code;
use ansinh_core::{PartialDate, RowError};
use rust_xlsxwriter::{Format as CellFormat, Workbook};

use crate::cell::write_text;
use crate::error::FileError;
use crate::read::Table;

/// The sheet's name in the workbook.
pub const SURVEY_SHEET: &str = "Phiếu rà soát";

/// The columns, in order: (header, the survey field it answers, an example, how to fill it).
/// Yes/no columns take "Có" or "Không"; the water and toilet columns take a label or a code
/// of the lists in `ansinh_core::poverty::survey`.
/// The four child counts are optional columns: a sheet without them records no counts.
pub const SURVEY_COLUMNS: [(&str, Option<SurveyField>, &str); 22] = [
    ("Mã hộ", None, "HO-19900-000001"),
    ("Số nhân khẩu", Some(SurveyField::Members), "4"),
    (
        "Thu nhập bình quân đầu người/tháng (đồng)",
        Some(SurveyField::Income),
        "1.350.000",
    ),
    ("Điểm A", Some(SurveyField::ScoreA), ""),
    (
        "Có người không có việc làm ổn định",
        Some(SurveyField::Employment),
        "Có",
    ),
    ("Số người phụ thuộc", Some(SurveyField::Dependants), "1"),
    (
        "Có trẻ em dưới 16 tuổi suy dinh dưỡng",
        Some(SurveyField::Nutrition),
        "Không",
    ),
    (
        "Có người từ 6 tuổi trở lên không có bảo hiểm y tế",
        Some(SurveyField::HealthInsurance),
        "Không",
    ),
    (
        "Có người 16–30 tuổi không đạt trình độ giáo dục theo độ tuổi",
        Some(SurveyField::AdultEducation),
        "Không",
    ),
    (
        "Có trẻ em 3–dưới 16 tuổi không đi học đúng cấp",
        Some(SurveyField::ChildSchooling),
        "Không",
    ),
    (
        "Số kết cấu chính không bền chắc (tường, cột, mái: 0–3)",
        Some(SurveyField::HousingStructure),
        "2",
    ),
    ("Diện tích nhà ở (m²)", Some(SurveyField::FloorArea), "28,5"),
    (
        "Nguồn nước sinh hoạt",
        Some(SurveyField::WaterSource),
        "Giếng khoan",
    ),
    ("Loại nhà tiêu", Some(SurveyField::Toilet), "Tự hoại"),
    (
        "Có sử dụng dịch vụ viễn thông",
        Some(SurveyField::Telecom),
        "Có",
    ),
    (
        "Có phương tiện tiếp cận thông tin",
        Some(SurveyField::InformationDevice),
        "Có",
    ),
    (
        "Số trẻ em dưới 16 tuổi",
        Some(SurveyField::ChildrenUnder16),
        "2",
    ),
    (
        "Số trẻ em suy dinh dưỡng",
        Some(SurveyField::ChildrenMalnourished),
        "0",
    ),
    (
        "Số trẻ em 6–dưới 16 tuổi không có bảo hiểm y tế",
        Some(SurveyField::ChildrenWithoutHealthInsurance),
        "0",
    ),
    (
        "Số trẻ em 3–dưới 16 tuổi không đi học đúng cấp",
        Some(SurveyField::ChildrenNotAtSchoolLevel),
        "0",
    ),
    ("Người rà soát", None, "Nguyễn Văn A"),
    ("Ngày rà soát", None, "15/10/2023"),
];

const CODE: usize = 0;
/// The columns of the child counts.
const CHILDREN: std::ops::Range<usize> = 16..20;
const SURVEYOR: usize = 20;
const DATE: usize = 21;

fn header_of(field: SurveyField) -> &'static str {
    SURVEY_COLUMNS
        .iter()
        .find(|(_, f, _)| *f == Some(field))
        .map(|(h, _, _)| *h)
        .unwrap_or("")
}

/// "Có"/"Không" (also x, 1/0, yes/no, without diacritics).
fn yes_no(raw: &str, field: SurveyField) -> Result<Option<bool>, SurveyError> {
    match fold(raw.trim()).as_str() {
        "" => Ok(None),
        "co" | "x" | "1" | "yes" | "c" => Ok(Some(true)),
        "khong" | "0" | "no" | "k" => Ok(Some(false)),
        _ => Err(SurveyError::OutOfDomain {
            field,
            value: raw.trim().to_string(),
        }),
    }
}

/// A whole number as officers type it: "1.350.000", "1 350 000", "-5"; empty is `None`.
fn number(raw: &str, field: SurveyField) -> Result<Option<i64>, SurveyError> {
    let s: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '\u{a0}'))
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    let digits = s.strip_prefix('-').unwrap_or(&s);
    if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SurveyError::OutOfDomain {
            field,
            value: raw.trim().to_string(),
        });
    }
    s.parse().map(Some).map_err(|_| SurveyError::OutOfDomain {
        field,
        value: raw.trim().to_string(),
    })
}

/// Reads the survey sheet: every row validated by `SurveyAnswers::validate`, each error named by
/// row and column. A household twice in the file is refused on its later rows. The settlement of
/// the answers is a placeholder, set by the store from the campaign.
pub fn parse_surveys(table: &Table) -> Result<(Vec<SurveyRow>, Vec<RowError>), FileError> {
    let keys: Vec<String> = table.headers.iter().map(|h| fold(h.trim())).collect();
    let mut index = [usize::MAX; SURVEY_COLUMNS.len()];
    let mut missing = Vec::new();
    for (i, (h, _, _)) in SURVEY_COLUMNS.iter().enumerate() {
        match keys.iter().position(|k| *k == fold(h)) {
            Some(p) => index[i] = p,
            // Score A and income are alternatives, the child counts optional; the others are
            // required.
            None if i == 3 || i == 2 || CHILDREN.contains(&i) => {}
            None => missing.push(*h),
        }
    }
    if !missing.is_empty() {
        return Err(FileError::HeaderMissing(missing));
    }
    let mut rows = Vec::with_capacity(table.rows.len());
    let mut errors = Vec::new();
    let mut first: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let cell = |i: usize| row.cells.get(index[i]).map(String::as_str).unwrap_or("");
        let mut survey_errors: Vec<SurveyError> = Vec::new();
        let mut other: Vec<(usize, &'static str, String)> = Vec::new();
        let code = match validate_household_code(cell(CODE)) {
            Ok(c) => match first.get(&c) {
                Some(line) => {
                    other.push((
                        CODE,
                        "poverty.surveyed_twice",
                        format!("hộ {c} đã có phiếu ở dòng {line}"),
                    ));
                    None
                }
                None => {
                    first.insert(c.clone(), row.line);
                    Some(c)
                }
            },
            Err(e) => {
                other.push((CODE, e.code, e.message));
                None
            }
        };
        let mut num = |i: usize| {
            let (_, f, _) = SURVEY_COLUMNS[i];
            number(cell(i), f.expect("numeric columns answer a field"))
                .map_err(|e| survey_errors.push(e))
                .ok()
                .flatten()
        };
        let members = num(1);
        let income = if index[2] == usize::MAX { None } else { num(2) };
        let score = if index[3] == usize::MAX { None } else { num(3) };
        let dependants = num(5);
        let parts = num(10);
        let [children, malnourished, uninsured, out_of_school] =
            [0, 1, 2, 3].map(|k| match CHILDREN.start + k {
                i if index[i] == usize::MAX => None,
                i => num(i),
            });
        let mut yn = |i: usize| {
            let (_, f, _) = SURVEY_COLUMNS[i];
            yes_no(cell(i), f.expect("yes/no columns answer a field"))
                .map_err(|e| survey_errors.push(e))
                .ok()
                .flatten()
        };
        let employment = yn(4);
        let nutrition = yn(6);
        let insurance = yn(7);
        let education = yn(8);
        let schooling = yn(9);
        let telecom = yn(14);
        let device = yn(15);
        let area = match cell(11).trim() {
            "" => None,
            s => parse_area_tenths(s).map_err(|e| survey_errors.push(e)).ok(),
        };
        let water = match cell(12).trim() {
            "" => None,
            s => WaterSource::parse(s)
                .map_err(|e| survey_errors.push(e))
                .ok(),
        };
        let toilet = match cell(13).trim() {
            "" => None,
            s => ToiletType::parse(s).map_err(|e| survey_errors.push(e)).ok(),
        };
        let means = match (income, score) {
            (Some(v), None) => Some(MeansAnswer::Income(v)),
            (None, Some(v)) => Some(MeansAnswer::ScoreA(v)),
            (None, None) => {
                other.push((
                    2,
                    "poverty.missing",
                    "ghi thu nhập bình quân đầu người/tháng hoặc điểm A".into(),
                ));
                None
            }
            (Some(_), Some(_)) => {
                other.push((
                    2,
                    "poverty.income_and_score",
                    "chỉ ghi một trong hai: thu nhập hoặc điểm A".into(),
                ));
                None
            }
        };
        let surveyor = cell(SURVEYOR)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if surveyor.is_empty() {
            other.push((SURVEYOR, "poverty.missing", "ghi tên người rà soát".into()));
        }
        let date = match PartialDate::parse(cell(DATE)) {
            Ok(d) if d.precision == ansinh_core::DatePrecision::Day => Some(d.date),
            Ok(_) | Err(_) => {
                other.push((
                    DATE,
                    "date.format",
                    format!(
                        "ngày rà soát '{}' phải có dạng dd/mm/yyyy",
                        cell(DATE).trim()
                    ),
                ));
                None
            }
        };
        let answers = SurveyAnswers {
            settlement: Settlement::Rural,
            members: members.unwrap_or(0),
            means: means.unwrap_or(MeansAnswer::Income(0)),
            member_without_stable_job: employment,
            dependants,
            malnourished_child: nutrition,
            member_without_health_insurance: insurance,
            youth_below_expected_education: education,
            child_not_at_expected_school_level: schooling,
            non_durable_main_parts: parts,
            floor_area_tenths_m2: area,
            water_source: water,
            toilet,
            uses_telecom: telecom,
            has_information_device: device,
            children_under_16: children,
            children_malnourished: malnourished,
            children_without_health_insurance: uninsured,
            children_not_at_school_level: out_of_school,
        };
        // The core's checks, unless a cell already failed to parse (its error says more).
        if survey_errors.is_empty()
            && let Err(es) = answers.validate()
        {
            survey_errors.extend(
                es.into_iter()
                    .filter(|e| !(matches!(e, SurveyError::MembersZero(0)) && members.is_none())),
            );
            if members.is_none() {
                survey_errors.push(SurveyError::Missing(SurveyField::Members));
            }
        }
        let bad = !survey_errors.is_empty() || !other.is_empty();
        for e in survey_errors {
            errors.push(RowError {
                line: row.line,
                column: header_of(e.field()).to_string(),
                code: e.code(),
                message: e.to_string(),
            });
        }
        for (i, code, message) in other {
            errors.push(RowError {
                line: row.line,
                column: SURVEY_COLUMNS[i].0.to_string(),
                code,
                message,
            });
        }
        if let (false, Some(code), Some(surveyed_on)) = (bad, code, date) {
            rows.push(SurveyRow {
                line: row.line,
                household_code: code,
                answers,
                surveyor,
                surveyed_on,
            });
        }
    }
    Ok((rows, errors))
}

/// The cells of a row as the sheet shows them.
fn cells(r: &SurveyRow) -> [String; SURVEY_COLUMNS.len()] {
    let a = &r.answers;
    let yn = |b: Option<bool>| match b {
        Some(true) => "Có".to_string(),
        Some(false) => "Không".to_string(),
        None => String::new(),
    };
    let n = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
    let (income, score) = match a.means {
        MeansAnswer::Income(v) => (v.to_string(), String::new()),
        MeansAnswer::ScoreA(v) => (String::new(), v.to_string()),
    };
    [
        r.household_code.clone(),
        a.members.to_string(),
        income,
        score,
        yn(a.member_without_stable_job),
        n(a.dependants),
        yn(a.malnourished_child),
        yn(a.member_without_health_insurance),
        yn(a.youth_below_expected_education),
        yn(a.child_not_at_expected_school_level),
        n(a.non_durable_main_parts),
        a.floor_area_tenths_m2
            .map(|t| format!("{},{}", t / 10, t % 10))
            .unwrap_or_default(),
        a.water_source
            .map(|w| w.label_vi().to_string())
            .unwrap_or_default(),
        a.toilet
            .map(|t| t.label_vi().to_string())
            .unwrap_or_default(),
        yn(a.uses_telecom),
        yn(a.has_information_device),
        n(a.children_under_16),
        n(a.children_malnourished),
        n(a.children_without_health_insurance),
        n(a.children_not_at_school_level),
        r.surveyor.clone(),
        format_vn(r.surveyed_on),
    ]
}

/// Writes survey rows as an XLSX sheet in the import layout (the template when `rows` is one
/// example). Numbers are written as numbers, everything else as text.
pub fn write_surveys(rows: &[SurveyRow]) -> Result<Vec<u8>, FileError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(SURVEY_SHEET)?;
    let bold = CellFormat::new().set_bold().set_text_wrap();
    for (i, (h, _, _)) in SURVEY_COLUMNS.iter().enumerate() {
        let col = u16::try_from(i).map_err(|_| FileError::Write("quá nhiều cột".into()))?;
        ws.set_column_width(col, 16)?;
        ws.write_string_with_format(0, col, *h, &bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (r, row) in rows.iter().enumerate() {
        let line = u32::try_from(r + 1).map_err(|_| FileError::Write("quá nhiều dòng".into()))?;
        for (c, v) in cells(row).iter().enumerate() {
            let col = c as u16;
            let numeric = matches!(c, 1 | 2 | 3 | 5 | 10) || CHILDREN.contains(&c);
            match v.parse::<i64>() {
                Ok(x) if numeric => {
                    ws.write_number(line, col, x as f64)?;
                }
                _ if v.is_empty() => {}
                _ => {
                    write_text(ws, line, col, v, None)?;
                }
            }
        }
    }
    book.save_to_buffer()
        .map_err(|e| FileError::Write(e.to_string()))
}

/// The empty sheet with one example row.
pub fn write_survey_template() -> Result<Vec<u8>, FileError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(SURVEY_SHEET)?;
    let bold = CellFormat::new().set_bold().set_text_wrap();
    for (i, (h, _, example)) in SURVEY_COLUMNS.iter().enumerate() {
        let col = i as u16;
        ws.set_column_width(col, 18)?;
        ws.write_string_with_format(0, col, *h, &bold)?;
        ws.write_string(1, col, *example)?;
    }
    ws.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
        .map_err(|e| FileError::Write(e.to_string()))
}
