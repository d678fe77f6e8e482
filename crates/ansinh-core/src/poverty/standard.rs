//! The poverty standards (chuẩn nghèo) as dated rule data: one [`Standard`] per period and
//! settlement, parsed from `data/rules/poverty-standards.csv` (compiled in, so no IO).
//!
//! Which standard applies is decided by a year, the year whose poverty list is being set
//! ([`StandardBook::for_year`]):
//! - 2022–2025: Nghị định 07/2021/NĐ-CP Điều 3;
//! - 2026: the same values, kept by Nghị định 351/2025/NĐ-CP;
//! - 2027–2030: Nghị định 351/2025/NĐ-CP, 2,200,000 rural / 2,800,000 urban.
//!
//! Years before 2022 used Quyết định 59/2015/QĐ-TTg, which ansinh does not ship.
//!
//! What RULES marks UNCONFIRMED is kept as data with a flag, never hidden in code:
//! - the average-living-standard ceilings of ND 07 (2,250,000 / 3,000,000) carry
//!   `average_ceiling_confirmed = false`;
//! - ND 351 has no known average band (the ceiling is empty, so no household is classed as
//!   "mức sống trung bình" for 2027–2030) and no known score table (the score method is refused);
//! - ND 351's indicator list is unknown, so its rows provisionally list the 12 indicators of
//!   ND 07 with `indicators_confirmed = false`.
//!
//! The year is the caller's to choose: the annual review held at the end of year N sets the
//! lists for year N+1 (the review of late 2021 was the first under ND 07), so pass the year the
//! results apply to. That mapping is ansinh's reading of QĐ 24/2021 and is UNCONFIRMED.

use crate::area::Settlement;

use super::indicator::Deprivations;

/// The score lines of the scoring method (Thông tư 07/2021/TT-BLĐTBXH, Phụ lục III–IV).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoreLines {
    /// Score A at or below which a household is poor or near-poor (140 rural / 175 urban).
    pub a_line: u16,
    /// Points of score B per indicator lacked (10).
    pub b_per_indicator: u16,
    /// Score B from which a household under the A line is poor rather than near-poor (30).
    pub b_threshold: u16,
}

/// One standard for one settlement over a range of years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standard {
    /// First year in force.
    pub from_year: i32,
    /// Last year in force (inclusive, as decrees write "giai đoạn 2022–2025").
    pub to_year: i32,
    pub settlement: Settlement,
    /// Income per person per month, in VND, at or below which a household is poor or
    /// near-poor.
    pub poverty_line: i64,
    /// Income per person per month, in VND, up to which (and above the line) a household has
    /// an average living standard; `None` when the period's band is not known.
    pub average_ceiling: Option<i64>,
    pub average_ceiling_confirmed: bool,
    /// Number of indicators lacked from which a household under the line is poor (3).
    pub deprivation_threshold: u8,
    /// `None` when the period has no known score table.
    pub score: Option<ScoreLines>,
    /// The indicators this standard counts.
    pub indicators: Deprivations,
    pub indicators_confirmed: bool,
    /// The poverty line and thresholds were found in agreeing sources (marked P or S in
    /// RULES, not UNCONFIRMED).
    pub confirmed: bool,
    /// The legal text, in Vietnamese, for display and for the reason of a classification.
    pub legal_basis: String,
}

impl Standard {
    pub fn covers(&self, year: i32) -> bool {
        (self.from_year..=self.to_year).contains(&year)
    }

    /// "2022–2025", or "2026" for a single year.
    pub fn period_vi(&self) -> String {
        if self.from_year == self.to_year {
            self.from_year.to_string()
        } else {
            format!("{}–{}", self.from_year, self.to_year)
        }
    }
}

/// The standards of both settlements for one year: what a whole review needs, looked up once.
#[derive(Debug, Clone, Copy)]
pub struct YearStandards<'a> {
    pub year: i32,
    pub rural: &'a Standard,
    pub urban: &'a Standard,
}

impl<'a> YearStandards<'a> {
    pub fn get(&self, settlement: Settlement) -> &'a Standard {
        match settlement {
            Settlement::Rural => self.rural,
            Settlement::Urban => self.urban,
        }
    }
}

/// All known standards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandardBook {
    standards: Vec<Standard>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("dữ liệu chuẩn nghèo dòng {line}: {reason}")]
pub struct StandardDataError {
    pub line: u64,
    pub reason: String,
}

impl StandardDataError {
    pub fn code(&self) -> &'static str {
        "poverty.standard_data"
    }
}

/// No standard for the year asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StandardError {
    #[error("{}", before_message(*year, *first))]
    BeforeFirst { year: i32, first: i32 },
    #[error("năm {year} chưa có chuẩn nghèo: dữ liệu chuẩn nghèo chỉ có đến hết năm {last}")]
    AfterLast { year: i32, last: i32 },
    #[error("năm {year} không có chuẩn nghèo cho khu vực {}", settlement.label_vi())]
    Missing { year: i32, settlement: Settlement },
}

crate::coded! {
    StandardError {
        BeforeFirst => "poverty.standard_before", Refusal,
        AfterLast => "poverty.standard_after", Refusal,
        Missing => "poverty.standard_missing", Refusal,
    }
}

fn before_message(year: i32, first: i32) -> String {
    let old = if (2016..=2021).contains(&year) {
        "năm 2016–2021 áp dụng chuẩn nghèo tiếp cận đa chiều của Quyết định 59/2015/QĐ-TTg"
    } else {
        "năm đó áp dụng chuẩn nghèo trước năm 2016"
    };
    format!(
        "năm {year} không có chuẩn nghèo trong dữ liệu (bắt đầu từ năm {first}): {old}, ansinh không có chuẩn này"
    )
}

const SHIPPED: &str = include_str!("../../../../data/rules/poverty-standards.csv");

const COLUMNS: [&str; 14] = [
    "from_year",
    "to_year",
    "settlement",
    "poverty_line",
    "average_ceiling",
    "average_ceiling_confirmed",
    "deprivation_threshold",
    "score_a_line",
    "score_b_per_indicator",
    "score_b_threshold",
    "indicators",
    "indicators_confirmed",
    "confirmed",
    "legal_basis",
];

impl StandardBook {
    /// The standards shipped in `data/rules/poverty-standards.csv`.
    pub fn shipped() -> Result<StandardBook, StandardDataError> {
        StandardBook::parse(SHIPPED)
    }

    /// Parses a standards file in the shipped layout, so a province that sets a higher local
    /// standard (RULES §1.2) or learns a confirmed value can supply its own file.
    pub fn parse(text: &str) -> Result<StandardBook, StandardDataError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let header = reader.headers().map_err(|e| StandardDataError {
            line: 1,
            reason: e.to_string(),
        })?;
        if header.iter().ne(COLUMNS) {
            return Err(StandardDataError {
                line: 1,
                reason: format!("tiêu đề phải là {}", COLUMNS.join(",")),
            });
        }
        let mut standards: Vec<Standard> = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| StandardDataError {
                line: e.position().map_or(0, |p| p.line()),
                reason: e.to_string(),
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let standard =
                parse_row(&record).map_err(|reason| StandardDataError { line, reason })?;
            if let Some(other) = standards.iter().find(|o| {
                o.settlement == standard.settlement
                    && o.from_year <= standard.to_year
                    && standard.from_year <= o.to_year
            }) {
                return Err(StandardDataError {
                    line,
                    reason: format!(
                        "giai đoạn {} ({}) trùng với giai đoạn {}",
                        standard.period_vi(),
                        standard.settlement.label_vi(),
                        other.period_vi()
                    ),
                });
            }
            standards.push(standard);
        }
        Ok(StandardBook { standards })
    }

    pub fn standards(&self) -> &[Standard] {
        &self.standards
    }

    /// The standard of one settlement in force in `year`.
    pub fn get(&self, year: i32, settlement: Settlement) -> Result<&Standard, StandardError> {
        if let Some(s) = self
            .standards
            .iter()
            .find(|s| s.settlement == settlement && s.covers(year))
        {
            return Ok(s);
        }
        let first = self.standards.iter().map(|s| s.from_year).min();
        let last = self.standards.iter().map(|s| s.to_year).max();
        Err(match (first, last) {
            (Some(first), _) if year < first => StandardError::BeforeFirst { year, first },
            (_, Some(last)) if year > last => StandardError::AfterLast { year, last },
            _ => StandardError::Missing { year, settlement },
        })
    }

    /// Both settlements' standards for `year`: look this up once per review, then classify
    /// every household with it.
    pub fn for_year(&self, year: i32) -> Result<YearStandards<'_>, StandardError> {
        Ok(YearStandards {
            year,
            rural: self.get(year, Settlement::Rural)?,
            urban: self.get(year, Settlement::Urban)?,
        })
    }
}

fn parse_row(r: &csv::StringRecord) -> Result<Standard, String> {
    let field = |i: usize| r.get(i).unwrap_or("").trim();
    let year = |i: usize| -> Result<i32, String> {
        field(i)
            .parse()
            .map_err(|_| format!("{} '{}' không phải là năm", COLUMNS[i], field(i)))
    };
    let amount = |i: usize| -> Result<Option<i64>, String> {
        match field(i) {
            "" => Ok(None),
            s => s
                .parse::<i64>()
                .ok()
                .filter(|v| *v > 0)
                .map(Some)
                .ok_or_else(|| format!("{} '{s}' phải là số nguyên dương", COLUMNS[i])),
        }
    };
    let flag = |i: usize| -> Result<bool, String> {
        match field(i) {
            "true" => Ok(true),
            "false" => Ok(false),
            s => Err(format!("{} '{s}' phải là true hoặc false", COLUMNS[i])),
        }
    };
    let small = |i: usize| -> Result<Option<u16>, String> {
        amount(i)?
            .map(|v| u16::try_from(v).map_err(|_| format!("{} '{v}' quá lớn", COLUMNS[i])))
            .transpose()
    };

    let from_year = year(0)?;
    let to_year = year(1)?;
    if to_year < from_year {
        return Err(format!("to_year {to_year} trước from_year {from_year}"));
    }
    let settlement = Settlement::from_code(field(2))
        .ok_or_else(|| format!("settlement '{}' phải là rural hoặc urban", field(2)))?;
    let poverty_line = amount(3)?.ok_or("thiếu poverty_line")?;
    let average_ceiling = amount(4)?;
    if average_ceiling.is_some_and(|c| c <= poverty_line) {
        return Err("average_ceiling phải lớn hơn poverty_line".to_string());
    }
    let indicators = Deprivations::parse_codes(field(10))
        .map_err(|code| format!("indicators: mã chỉ số '{code}' không có"))?;
    let deprivation_threshold = small(6)?
        .and_then(|t| u8::try_from(t).ok())
        .filter(|t| (1..=indicators.count()).contains(t))
        .ok_or_else(|| {
            format!(
                "deprivation_threshold '{}' phải từ 1 đến số chỉ số ({})",
                field(6),
                indicators.count()
            )
        })?;
    let score = match (small(7)?, small(8)?, small(9)?) {
        (None, None, None) => None,
        (Some(a_line), Some(b_per_indicator), Some(b_threshold)) => Some(ScoreLines {
            a_line,
            b_per_indicator,
            b_threshold,
        }),
        _ => return Err("ba cột điểm (score_*) phải cùng có hoặc cùng để trống".to_string()),
    };
    let legal_basis = field(13).to_string();
    if legal_basis.is_empty() {
        return Err("thiếu legal_basis".to_string());
    }
    Ok(Standard {
        from_year,
        to_year,
        settlement,
        poverty_line,
        average_ceiling,
        average_ceiling_confirmed: flag(5)?,
        deprivation_threshold,
        score,
        indicators,
        indicators_confirmed: flag(11)?,
        confirmed: flag(12)?,
        legal_basis,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> StandardBook {
        StandardBook::shipped().unwrap()
    }

    #[test]
    fn shipped_standards_cover_2022_to_2030_for_both_settlements() {
        let book = book();
        assert_eq!(book.standards().len(), 6);
        for year in 2022..=2030 {
            let y = book.for_year(year).unwrap();
            assert_eq!(y.rural.settlement, Settlement::Rural);
            assert_eq!(y.urban.settlement, Settlement::Urban);
            assert_eq!(y.rural.deprivation_threshold, 3);
            assert_eq!(y.rural.indicators, Deprivations::ALL);
        }
    }

    #[test]
    fn nd07_values_and_flags() {
        let book = book();
        for year in [2022, 2025, 2026] {
            let y = book.for_year(year).unwrap();
            assert_eq!(y.rural.poverty_line, 1_500_000);
            assert_eq!(y.urban.poverty_line, 2_000_000);
            assert_eq!(y.rural.average_ceiling, Some(2_250_000));
            assert_eq!(y.urban.average_ceiling, Some(3_000_000));
            assert!(!y.rural.average_ceiling_confirmed);
            assert!(y.rural.indicators_confirmed);
            let score = y.urban.score.unwrap();
            assert_eq!(
                (score.a_line, score.b_per_indicator, score.b_threshold),
                (175, 10, 30)
            );
            assert_eq!(y.rural.score.unwrap().a_line, 140);
        }
        assert!(
            book.for_year(2026)
                .unwrap()
                .rural
                .legal_basis
                .contains("351/2025")
        );
        assert!(
            book.for_year(2025)
                .unwrap()
                .rural
                .legal_basis
                .contains("07/2021")
        );
    }

    #[test]
    fn nd351_values_and_unconfirmed_parts() {
        let book = book();
        let y = book.for_year(2027).unwrap();
        assert_eq!(y.rural.poverty_line, 2_200_000);
        assert_eq!(y.urban.poverty_line, 2_800_000);
        assert_eq!(y.rural.average_ceiling, None);
        assert_eq!(y.rural.score, None);
        assert!(!y.rural.indicators_confirmed);
        assert!(y.rural.confirmed);
        assert_eq!(book.for_year(2030).unwrap().urban.period_vi(), "2027–2030");
    }

    #[test]
    fn years_without_a_standard_say_why() {
        let err = book().for_year(2021).unwrap_err();
        assert_eq!(
            err,
            StandardError::BeforeFirst {
                year: 2021,
                first: 2022
            }
        );
        assert_eq!(err.code(), "poverty.standard_before");
        assert!(err.to_string().contains("59/2015/QĐ-TTg"));
        let err = book().for_year(2031).unwrap_err();
        assert_eq!(err.code(), "poverty.standard_after");
        assert!(err.to_string().contains("2030"));
    }

    fn header() -> String {
        COLUMNS.join(",")
    }

    #[test]
    fn a_gap_or_a_missing_settlement_is_reported() {
        let text = format!(
            "{}\n2022,2025,rural,1500000,,false,3,,,,VL NPT DD,false,true,x\n\
             2027,2030,rural,2200000,,false,3,,,,VL NPT DD,false,true,y\n",
            header()
        );
        let book = StandardBook::parse(&text).unwrap();
        assert_eq!(
            book.get(2026, Settlement::Rural).unwrap_err().code(),
            "poverty.standard_missing"
        );
        assert_eq!(
            book.for_year(2023).unwrap_err(),
            StandardError::Missing {
                year: 2023,
                settlement: Settlement::Urban
            }
        );
    }

    #[test]
    fn bad_files_name_the_line_and_the_problem() {
        let bad = |row: &str| StandardBook::parse(&format!("{}\n{row}\n", header())).unwrap_err();
        let ok = "2022,2025,rural,1500000,2250000,false,3,140,10,30,VL NPT DD,true,true,\"a, b\"";
        assert!(StandardBook::parse(&format!("{}\n{ok}\n", header())).is_ok());
        let e = bad("2025,2022,rural,1500000,,false,3,,,,VL,true,true,x");
        assert_eq!((e.line, e.code()), (2, "poverty.standard_data"));
        assert!(
            bad("2022,2025,town,1500000,,false,3,,,,VL NPT DD,true,true,x")
                .reason
                .contains("settlement")
        );
        assert!(
            bad("2022,2025,rural,-1,,false,3,,,,VL NPT DD,true,true,x")
                .reason
                .contains("poverty_line")
        );
        assert!(
            bad("2022,2025,rural,1500000,1500000,false,3,,,,VL NPT DD,true,true,x")
                .reason
                .contains("average_ceiling")
        );
        assert!(
            bad("2022,2025,rural,1500000,,false,4,,,,VL NPT DD,true,true,x")
                .reason
                .contains("deprivation_threshold")
        );
        assert!(
            bad("2022,2025,rural,1500000,,false,3,140,,,VL NPT DD,true,true,x")
                .reason
                .contains("score")
        );
        assert!(
            bad("2022,2025,rural,1500000,,false,3,,,,VL XX,true,true,x")
                .reason
                .contains("XX")
        );
        assert!(
            bad("2022,2025,rural,1500000,,maybe,3,,,,VL NPT DD,true,true,x")
                .reason
                .contains("true hoặc false")
        );
        assert!(
            bad("2022,2025,rural,1500000,,false,3,,,,VL NPT DD,true,true,")
                .reason
                .contains("legal_basis")
        );
        let overlap = StandardBook::parse(&format!(
            "{}\n2022,2025,rural,1,,false,1,,,,VL,true,true,x\n2025,2026,rural,1,,false,1,,,,VL,true,true,x\n",
            header()
        ))
        .unwrap_err();
        assert_eq!(overlap.line, 3);
        assert!(overlap.reason.contains("trùng"));
        let e = StandardBook::parse("a,b\n").unwrap_err();
        assert_eq!(e.line, 1);
    }
}
