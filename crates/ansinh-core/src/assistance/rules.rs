//! The amounts and coefficients of social assistance as dated rule rows.
//!
//! Every number the decree sets (the base level, each coefficient, each multiple of the base
//! level) is a row with its period of validity and its legal basis, never a constant in code,
//! because decrees change them (the base level went from 360,000 to 500,000 on 1/7/2024). The
//! national rows ship in `data/rules/social-assistance.csv`, compiled in; the store can add
//! rows, for instance a province's higher base level decided by its People's Council
//! (Điều 4 khoản 3), which carries the province code in `area`.
//!
//! Values: the base level is VND per month; every other value is in hundredths (a coefficient
//! of 1.5 is `150`, a multiple of 20 × the base level is `2000`). Periods are half-open:
//! `valid_to` is the first day the row no longer applies. A monthly amount uses the rows in
//! force on the first day of the month.
//!
//! When several rows apply (a national and a local one, or two conditions that both hold) the
//! highest value wins: a province may only set levels *not lower* than the national ones
//! (Điều 4 khoản 3 điểm a).

use chrono::NaiveDate;

use super::care::{Care, Lump};
use super::condition::{Condition, Subject};
use super::group::Group;
use crate::payroll::Month;

const SHIPPED: &str = include_str!("../../../../data/rules/social-assistance.csv");
const COLUMNS: [&str; 9] = [
    "kind",
    "key",
    "area",
    "condition",
    "value",
    "valid_from",
    "valid_to",
    "confirmed",
    "legal_basis",
];

/// What a rule row sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleKind {
    /// Mức chuẩn trợ giúp xã hội, VND per month (Điều 4); key `BASE`.
    BaseLevel,
    /// The monthly allowance coefficient of a group (Điều 6); key: the group code.
    Coefficient,
    /// Monthly support to a household or person caring for a beneficiary (Điều 20); key: a
    /// [`Care`] code.
    CareCoefficient,
    /// Monthly nurture allowance in a social-assistance facility (Điều 25 khoản 1); key
    /// `NURTURE`.
    FacilityCoefficient,
    /// A one-off amount as a multiple of the base level (funeral, injury); key: a [`Lump`] code.
    Multiple,
}

pub const BASE_KEY: &str = "BASE";
pub const NURTURE_KEY: &str = "NURTURE";

impl RuleKind {
    pub const ALL: [RuleKind; 5] = [
        RuleKind::BaseLevel,
        RuleKind::Coefficient,
        RuleKind::CareCoefficient,
        RuleKind::FacilityCoefficient,
        RuleKind::Multiple,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RuleKind::BaseLevel => "base_level",
            RuleKind::Coefficient => "coefficient",
            RuleKind::CareCoefficient => "care_coefficient",
            RuleKind::FacilityCoefficient => "facility_coefficient",
            RuleKind::Multiple => "multiple",
        }
    }

    pub fn from_code(s: &str) -> Option<RuleKind> {
        RuleKind::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            RuleKind::BaseLevel => "Mức chuẩn trợ giúp xã hội",
            RuleKind::Coefficient => "Hệ số trợ cấp xã hội hằng tháng",
            RuleKind::CareCoefficient => "Hệ số hỗ trợ kinh phí chăm sóc, nuôi dưỡng",
            RuleKind::FacilityCoefficient => "Hệ số trợ cấp nuôi dưỡng tại cơ sở",
            RuleKind::Multiple => "Bội số mức chuẩn (hỗ trợ một lần)",
        }
    }

    fn knows_key(self, key: &str) -> bool {
        match self {
            RuleKind::BaseLevel => key == BASE_KEY,
            RuleKind::Coefficient => Group::from_code(key).is_some(),
            RuleKind::CareCoefficient => Care::from_code(key).is_some(),
            RuleKind::FacilityCoefficient => key == NURTURE_KEY,
            RuleKind::Multiple => Lump::from_code(key).is_some(),
        }
    }
}

/// One dated rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRow {
    pub kind: RuleKind,
    pub key: String,
    /// `None` for a national rule; a province code for a local one.
    pub area: Option<String>,
    pub condition: Condition,
    /// VND for the base level; hundredths for everything else.
    pub value: i64,
    pub valid_from: NaiveDate,
    /// Exclusive; `None` while in force.
    pub valid_to: Option<NaiveDate>,
    /// Checked against a primary legal text. An unconfirmed row (e.g. the 500,000 base level,
    /// known so far only from secondary sources) is still applied; screens flag it.
    pub confirmed: bool,
    pub legal_basis: String,
}

impl RuleRow {
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|to| date < to)
    }

    fn applies_in(&self, area: Option<&str>) -> bool {
        self.area.is_none() || self.area.as_deref() == area
    }

    fn overlaps(&self, other: &RuleRow) -> bool {
        let ends_before =
            |a: &RuleRow, b: &RuleRow| a.valid_to.is_some_and(|to| to <= b.valid_from);
        !ends_before(self, other) && !ends_before(other, self)
    }

    fn describe(&self) -> String {
        format!(
            "{} {} ({}{}{})",
            self.kind.code(),
            self.key,
            self.area.as_deref().unwrap_or("toàn quốc"),
            if self.condition.atoms().is_empty() {
                ""
            } else {
                ", "
            },
            self.condition
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("dữ liệu quy định dòng {line}: {error}")]
    AtLine { line: usize, error: Box<RuleError> },
    #[error("tệp quy định không đọc được: {0}")]
    Csv(String),
    #[error("tệp quy định cần các cột {expected}, có {found}")]
    Columns { expected: String, found: String },
    #[error("loại quy định '{0}' không rõ")]
    UnknownKind(String),
    #[error("nhóm đối tượng '{0}' không có trong Điều 5 Nghị định 20/2021/NĐ-CP")]
    UnknownGroup(String),
    #[error("mã '{key}' không dùng được cho loại quy định {kind}")]
    UnknownKey { kind: &'static str, key: String },
    #[error(
        "điều kiện '{0}' không đúng dạng (age<N, age>=N, severity=severe|extreme, count=N, count>=N, nối bằng &)"
    )]
    BadCondition(String),
    #[error("giá trị '{0}' không phải số nguyên")]
    BadValue(String),
    #[error("{rule}: giá trị phải lớn hơn 0, có {value}")]
    NonPositive { rule: String, value: i64 },
    #[error("ngày '{0}' không đúng dạng yyyy-mm-dd")]
    BadDate(String),
    #[error("{rule}: ngày hết hiệu lực phải sau ngày bắt đầu {from}")]
    EmptyPeriod { rule: String, from: NaiveDate },
    #[error("cột xác nhận '{0}' phải là yes hoặc no")]
    BadFlag(String),
    #[error("{rule}: hai dòng có hiệu lực chồng nhau (từ {first} và từ {second})")]
    Overlap {
        rule: String,
        first: NaiveDate,
        second: NaiveDate,
    },
    #[error("không có quy định {kind} {key} có hiệu lực ngày {date}")]
    Missing {
        kind: &'static str,
        key: String,
        date: NaiveDate,
    },
}

crate::coded! {
    RuleError {
        Csv => "rule.csv", Refusal,
        Columns => "rule.columns", Refusal,
        UnknownKind => "rule.unknown_kind", Refusal,
        UnknownGroup => "rule.unknown_group", Refusal,
        UnknownKey => "rule.unknown_key", Refusal,
        BadCondition => "rule.bad_condition", Refusal,
        BadValue => "rule.bad_value", Refusal,
        NonPositive => "rule.non_positive", Refusal,
        BadDate => "rule.bad_date", Refusal,
        EmptyPeriod => "rule.empty_period", Refusal,
        BadFlag => "rule.bad_flag", Refusal,
        Overlap => "rule.overlap", Refusal,
        Missing => "rule.missing", Refusal,
    }
    delegate {
        Self::AtLine { error, .. } => (error.code(), error.kind()),
    }
}

/// A validated set of rule rows.
#[derive(Debug, Clone)]
pub struct RuleBook {
    rows: Vec<RuleRow>,
}

impl RuleBook {
    /// The national rules shipped with the program.
    pub fn shipped() -> Result<RuleBook, RuleError> {
        RuleBook::new(RuleBook::parse_csv(SHIPPED)?)
    }

    /// Validates the rows: known kind and key, value above 0, a non-empty period, and no two
    /// rows for the same kind, key, area and condition in force on the same day.
    pub fn new(rows: Vec<RuleRow>) -> Result<RuleBook, RuleError> {
        for (i, row) in rows.iter().enumerate() {
            if !row.kind.knows_key(&row.key) {
                return Err(if row.kind == RuleKind::Coefficient {
                    RuleError::UnknownGroup(row.key.clone())
                } else {
                    RuleError::UnknownKey {
                        kind: row.kind.code(),
                        key: row.key.clone(),
                    }
                });
            }
            if row.value <= 0 {
                return Err(RuleError::NonPositive {
                    rule: row.describe(),
                    value: row.value,
                });
            }
            if row.valid_to.is_some_and(|to| to <= row.valid_from) {
                return Err(RuleError::EmptyPeriod {
                    rule: row.describe(),
                    from: row.valid_from,
                });
            }
            let same = |o: &&RuleRow| {
                o.kind == row.kind
                    && o.key == row.key
                    && o.area == row.area
                    && o.condition == row.condition
            };
            if let Some(other) = rows[..i].iter().filter(same).find(|o| o.overlaps(row)) {
                return Err(RuleError::Overlap {
                    rule: row.describe(),
                    first: other.valid_from.min(row.valid_from),
                    second: other.valid_from.max(row.valid_from),
                });
            }
        }
        Ok(RuleBook { rows })
    }

    /// The book with more rows (e.g. a province's own levels from the store), validated again
    /// as a whole.
    pub fn with_rows(self, extra: Vec<RuleRow>) -> Result<RuleBook, RuleError> {
        let mut rows = self.rows;
        rows.extend(extra);
        RuleBook::new(rows)
    }

    /// Parses the CSV layout of `data/rules/social-assistance.csv`. Errors carry the line.
    pub fn parse_csv(text: &str) -> Result<Vec<RuleRow>, RuleError> {
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| RuleError::Csv(e.to_string()))?
            .clone();
        if headers.iter().ne(COLUMNS) {
            return Err(RuleError::Columns {
                expected: COLUMNS.join(","),
                found: headers.iter().collect::<Vec<_>>().join(","),
            });
        }
        let mut out = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| RuleError::Csv(e.to_string()))?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            let fields: Vec<&str> = record.iter().map(str::trim).collect();
            let row = parse_row(&fields).map_err(|error| RuleError::AtLine {
                line,
                error: Box::new(error),
            })?;
            out.push(row);
        }
        Ok(out)
    }

    pub fn rows(&self) -> &[RuleRow] {
        &self.rows
    }

    /// The rows in force on a date, ordered by kind, key, area and condition: the admin
    /// screen's list.
    pub fn in_force_on(&self, date: NaiveDate) -> Vec<&RuleRow> {
        let mut out: Vec<&RuleRow> = self.rows.iter().filter(|r| r.in_force_on(date)).collect();
        out.sort_by(|a, b| {
            (a.kind, &a.key, &a.area, &a.condition).cmp(&(b.kind, &b.key, &b.area, &b.condition))
        });
        out
    }

    /// The highest-valued row of a kind and key in force on `date` whose condition holds,
    /// among the national rows and those of `area`.
    pub fn find(
        &self,
        kind: RuleKind,
        key: &str,
        date: NaiveDate,
        area: Option<&str>,
        subject: &Subject,
    ) -> Option<&RuleRow> {
        self.rows
            .iter()
            .filter(|r| r.kind == kind && r.key == key && r.in_force_on(date))
            .filter(|r| r.applies_in(area) && r.condition.holds(subject))
            .max_by_key(|r| (r.value, r.area.is_some()))
    }

    /// Like [`RuleBook::find`], but a missing rule is an error.
    pub fn require(
        &self,
        kind: RuleKind,
        key: &str,
        date: NaiveDate,
        area: Option<&str>,
        subject: &Subject,
    ) -> Result<&RuleRow, RuleError> {
        self.find(kind, key, date, area, subject)
            .ok_or_else(|| RuleError::Missing {
                kind: kind.code(),
                key: key.to_string(),
                date,
            })
    }

    /// The base level for a month: the highest of the national level and the province's own
    /// level in force on the first day of the month.
    pub fn base_level(&self, month: Month, area: Option<&str>) -> Result<&RuleRow, RuleError> {
        self.base_level_on(month.first_day(), area)
    }

    /// The base level in force on a day (for one-off support such as a funeral).
    pub fn base_level_on(
        &self,
        date: NaiveDate,
        area: Option<&str>,
    ) -> Result<&RuleRow, RuleError> {
        self.require(
            RuleKind::BaseLevel,
            BASE_KEY,
            date,
            area,
            &Subject::default(),
        )
    }
}

fn parse_row(f: &[&str]) -> Result<RuleRow, RuleError> {
    let date = |s: &str| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| RuleError::BadDate(s.to_string()))
    };
    let kind = RuleKind::from_code(f[0]).ok_or_else(|| RuleError::UnknownKind(f[0].to_string()))?;
    let value = f[4]
        .parse::<i64>()
        .map_err(|_| RuleError::BadValue(f[4].to_string()))?;
    let confirmed = match f[7] {
        "yes" => true,
        "no" => false,
        other => return Err(RuleError::BadFlag(other.to_string())),
    };
    Ok(RuleRow {
        kind,
        key: f[1].to_string(),
        area: (!f[2].is_empty()).then(|| f[2].to_string()),
        condition: Condition::parse(f[3])?,
        value,
        valid_from: date(f[5])?,
        valid_to: if f[6].is_empty() {
            None
        } else {
            Some(date(f[6])?)
        },
        confirmed,
        legal_basis: f[8].to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn m(y: i32, mo: u32) -> Month {
        Month::new(y, mo).unwrap()
    }

    fn row(
        kind: RuleKind,
        key: &str,
        value: i64,
        from: NaiveDate,
        to: Option<NaiveDate>,
    ) -> RuleRow {
        RuleRow {
            kind,
            key: key.to_string(),
            area: None,
            condition: Condition::always(),
            value,
            valid_from: from,
            valid_to: to,
            confirmed: true,
            legal_basis: String::new(),
        }
    }

    #[test]
    fn shipped_book_is_valid() {
        let book = RuleBook::shipped().unwrap();
        assert!(book.rows().len() > 30);
        // Every group has a coefficient from the day the decree took effect.
        for g in Group::ALL {
            assert!(
                book.rows()
                    .iter()
                    .any(|r| r.kind == RuleKind::Coefficient && r.key == g.code()),
                "{g}"
            );
        }
    }

    #[test]
    fn base_level_follows_the_dates() {
        // ND 20 Điều 4 khoản 2: 360,000 from 1/7/2021; 500,000 from 1/7/2024 (ND 76/2024,
        // a secondary source so far, hence not confirmed).
        let book = RuleBook::shipped().unwrap();
        let june = book.base_level(m(2024, 6), None).unwrap();
        assert_eq!((june.value, june.confirmed), (360_000, true));
        assert_eq!(june.legal_basis, "NĐ 20/2021/NĐ-CP Điều 4 khoản 2");
        let july = book.base_level(m(2024, 7), None).unwrap();
        assert_eq!((july.value, july.confirmed), (500_000, false));
        let err = book.base_level(m(2021, 6), None).unwrap_err();
        assert_eq!(err.code(), "rule.missing");
        assert_eq!(
            err.to_string(),
            "không có quy định base_level BASE có hiệu lực ngày 2021-06-01"
        );
    }

    #[test]
    fn a_higher_local_base_level_wins_and_a_lower_one_does_not() {
        // A province's People's Council may set a higher level (Điều 4 khoản 3 điểm a).
        let mut high = row(RuleKind::BaseLevel, BASE_KEY, 600_000, d(2025, 1, 1), None);
        high.area = Some("46".into());
        let mut low = row(RuleKind::BaseLevel, BASE_KEY, 400_000, d(2025, 1, 1), None);
        low.area = Some("01".into());
        let book = RuleBook::shipped()
            .unwrap()
            .with_rows(vec![high, low])
            .unwrap();
        assert_eq!(
            book.base_level(m(2025, 3), Some("46")).unwrap().value,
            600_000
        );
        assert_eq!(
            book.base_level(m(2024, 12), Some("46")).unwrap().value,
            500_000
        );
        assert_eq!(
            book.base_level(m(2025, 3), Some("01")).unwrap().value,
            500_000
        );
        assert_eq!(book.base_level(m(2025, 3), None).unwrap().value, 500_000);
    }

    #[test]
    fn lists_what_is_in_force_on_a_day() {
        let book = RuleBook::shipped().unwrap();
        let rows = book.in_force_on(d(2024, 7, 1));
        let bases: Vec<i64> = rows
            .iter()
            .filter(|r| r.kind == RuleKind::BaseLevel)
            .map(|r| r.value)
            .collect();
        assert_eq!(bases, [500_000]);
        assert!(
            rows.windows(2)
                .all(|w| (w[0].kind, &w[0].key) <= (w[1].kind, &w[1].key))
        );
    }

    #[test]
    fn refuses_invalid_rows() {
        let from = d(2021, 7, 1);
        let err =
            RuleBook::new(vec![row(RuleKind::Coefficient, "K9", 150, from, None)]).unwrap_err();
        assert_eq!(err.code(), "rule.unknown_group");
        assert_eq!(
            err.to_string(),
            "nhóm đối tượng 'K9' không có trong Điều 5 Nghị định 20/2021/NĐ-CP"
        );
        let err =
            RuleBook::new(vec![row(RuleKind::Multiple, "PARTY", 100, from, None)]).unwrap_err();
        assert_eq!(err.code(), "rule.unknown_key");
        let err = RuleBook::new(vec![row(RuleKind::Coefficient, "K1", 0, from, None)]).unwrap_err();
        assert_eq!(err.code(), "rule.non_positive");
        let err =
            RuleBook::new(vec![row(RuleKind::Coefficient, "K1", -150, from, None)]).unwrap_err();
        assert_eq!(err.code(), "rule.non_positive");
        let err = RuleBook::new(vec![row(
            RuleKind::Coefficient,
            "K1",
            150,
            from,
            Some(from),
        )])
        .unwrap_err();
        assert_eq!(err.code(), "rule.empty_period");
        let err = RuleBook::new(vec![
            row(
                RuleKind::BaseLevel,
                BASE_KEY,
                360_000,
                from,
                Some(d(2024, 7, 2)),
            ),
            row(RuleKind::BaseLevel, BASE_KEY, 500_000, d(2024, 7, 1), None),
        ])
        .unwrap_err();
        assert_eq!(err.code(), "rule.overlap");
        assert_eq!(
            err.to_string(),
            "base_level BASE (toàn quốc): hai dòng có hiệu lực chồng nhau (từ 2021-07-01 và từ 2024-07-01)"
        );
        // Touching periods, different areas and different conditions do not overlap.
        let mut local = row(RuleKind::BaseLevel, BASE_KEY, 600_000, from, None);
        local.area = Some("46".into());
        let mut older = row(RuleKind::Coefficient, "K1", 150, from, None);
        older.condition = Condition::parse("age>=4").unwrap();
        assert!(
            RuleBook::new(vec![
                row(
                    RuleKind::BaseLevel,
                    BASE_KEY,
                    360_000,
                    from,
                    Some(d(2024, 7, 1))
                ),
                row(RuleKind::BaseLevel, BASE_KEY, 500_000, d(2024, 7, 1), None),
                local,
                row(RuleKind::Coefficient, "K1", 250, from, None),
                older,
            ])
            .is_ok()
        );
    }

    #[test]
    fn csv_errors_name_the_line() {
        let header = COLUMNS.join(",");
        let parse = |body: &str| RuleBook::parse_csv(&format!("{header}\n{body}\n")).unwrap_err();
        let err = parse("coefficient,K1,,,150,2021-07-01,,yes,x\nbonus,K1,,,150,2021-07-01,,yes,x");
        assert_eq!(err.code(), "rule.unknown_kind");
        assert_eq!(
            err.to_string(),
            "dữ liệu quy định dòng 3: loại quy định 'bonus' không rõ"
        );
        assert_eq!(
            parse("coefficient,K1,,,1.5,2021-07-01,,yes,x").code(),
            "rule.bad_value"
        );
        assert_eq!(
            parse("coefficient,K1,,,150,01/07/2021,,yes,x").code(),
            "rule.bad_date"
        );
        assert_eq!(
            parse("coefficient,K1,,,150,2021-07-01,,y,x").code(),
            "rule.bad_flag"
        );
        assert_eq!(
            parse("coefficient,K1,,age=4,150,2021-07-01,,yes,x").code(),
            "rule.bad_condition"
        );
        assert_eq!(parse("coefficient,K1,,,150").code(), "rule.csv");
        assert_eq!(
            RuleBook::parse_csv("kind,key\n").unwrap_err().code(),
            "rule.columns"
        );
    }
}
