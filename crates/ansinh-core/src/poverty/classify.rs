//! Classifying a household: poor (hộ nghèo), near-poor (hộ cận nghèo), average living standard
//! (hộ có mức sống trung bình) or none of these, with the reason as data.
//!
//! Two methods:
//! - income (Nghị định 07/2021/NĐ-CP Điều 3; ND 351/2025 from 2027): income per person per month
//!   at or below the line is poor when the household lacks at least the threshold number of
//!   indicators (3), near-poor otherwise; above the line and at or below the ceiling it is the
//!   average living standard;
//! - score (Thông tư 07/2021/TT-BLĐTBXH): score A at or below the A line (140 rural, 175 urban)
//!   is poor when score B (10 points per indicator lacked) reaches 30, near-poor otherwise. The
//!   score tables say nothing about the average band, so above the A line a household is
//!   simply not poor.
//!
//! Every comparison is "at or below" (≤) as the texts write it: an income exactly at the line is
//! under it, exactly at the ceiling is in the band, and exactly 3 indicators lacked is poor.
//! Classification is integer arithmetic on `Copy` values and allocates nothing; only the
//! display sentence builds a string.

use crate::area::Settlement;

use super::indicator::Deprivations;
use super::number::{format_vnd, thousands};
use super::standard::{Standard, YearStandards};

/// What the review measured for the means of a household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Means {
    /// Income per person per month, VND.
    Income(i64),
    /// Score A of the scoring method (points; higher is better off).
    ScoreA(u16),
}

/// A household as the classifier needs it: where it lives, its means and what it lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Assessment {
    pub settlement: Settlement,
    pub means: Means,
    pub deprivations: Deprivations,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    Poor,
    NearPoor,
    AverageLivingStandard,
    NotPoor,
}

impl Class {
    pub const ALL: [Class; 4] = [
        Class::Poor,
        Class::NearPoor,
        Class::AverageLivingStandard,
        Class::NotPoor,
    ];

    /// Storage code.
    pub fn code(self) -> &'static str {
        match self {
            Class::Poor => "ngheo",
            Class::NearPoor => "can_ngheo",
            Class::AverageLivingStandard => "muc_song_trung_binh",
            Class::NotPoor => "khong_ngheo",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Class::ALL.into_iter().find(|c| c.code() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Class::Poor => "Hộ nghèo",
            Class::NearPoor => "Hộ cận nghèo",
            Class::AverageLivingStandard => "Hộ có mức sống trung bình",
            Class::NotPoor => "Hộ không nghèo",
        }
    }

    /// The index 0–3, for arrays of per-class counters.
    pub fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Income,
    Score,
}

/// Why a household got its class: the figures compared, so a screen or a report can show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    pub method: Method,
    pub settlement: Settlement,
    /// The household's income (VND/person/month) or score A.
    pub value: i64,
    /// The poverty line (VND) or the score-A line it was compared with.
    pub line: i64,
    /// The average-living-standard ceiling (income method only; `None` when unknown).
    pub ceiling: Option<i64>,
    pub ceiling_confirmed: bool,
    /// The indicators lacked that the standard counts.
    pub deprivations: Deprivations,
    /// Indicators lacked from which a household under the line is poor.
    pub deprivation_threshold: u8,
    /// Score B and its threshold (score method only).
    pub score_b: Option<(u16, u16)>,
    /// The standard's period, for the legal basis.
    pub from_year: i32,
    pub to_year: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classification {
    pub class: Class,
    pub reason: Reason,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClassifyError {
    #[error("chuẩn nghèo giai đoạn {period} chưa có bảng chấm điểm: hãy rà soát theo thu nhập")]
    ScoreMethodUndefined { period: String },
}

crate::coded! {
    ClassifyError {
        ScoreMethodUndefined => "poverty.score_undefined", Refusal,
    }
}

impl Standard {
    /// Classifies a household under this standard. The caller makes sure the standard is the
    /// household's settlement (see [`YearStandards::classify`]).
    pub fn classify(&self, a: &Assessment) -> Result<Classification, ClassifyError> {
        let deprivations = a.deprivations.within(self.indicators);
        let lacks_enough = deprivations.count() >= self.deprivation_threshold;
        let mut reason = Reason {
            method: Method::Income,
            settlement: self.settlement,
            value: 0,
            line: self.poverty_line,
            ceiling: None,
            ceiling_confirmed: false,
            deprivations,
            deprivation_threshold: self.deprivation_threshold,
            score_b: None,
            from_year: self.from_year,
            to_year: self.to_year,
        };
        let class = match a.means {
            Means::Income(income) => {
                reason.value = income;
                reason.ceiling = self.average_ceiling;
                reason.ceiling_confirmed = self.average_ceiling_confirmed;
                if income <= self.poverty_line {
                    if lacks_enough {
                        Class::Poor
                    } else {
                        Class::NearPoor
                    }
                } else if self.average_ceiling.is_some_and(|c| income <= c) {
                    Class::AverageLivingStandard
                } else {
                    Class::NotPoor
                }
            }
            Means::ScoreA(score_a) => {
                let lines = self
                    .score
                    .ok_or_else(|| ClassifyError::ScoreMethodUndefined {
                        period: self.period_vi(),
                    })?;
                let b = u16::from(deprivations.count()) * lines.b_per_indicator;
                reason.method = Method::Score;
                reason.value = i64::from(score_a);
                reason.line = i64::from(lines.a_line);
                reason.score_b = Some((b, lines.b_threshold));
                if score_a <= lines.a_line {
                    if b >= lines.b_threshold {
                        Class::Poor
                    } else {
                        Class::NearPoor
                    }
                } else {
                    Class::NotPoor
                }
            }
        };
        Ok(Classification { class, reason })
    }
}

impl YearStandards<'_> {
    /// Classifies a household by the standard of its settlement for this year.
    pub fn classify(&self, a: &Assessment) -> Result<Classification, ClassifyError> {
        self.get(a.settlement).classify(a)
    }
}

impl Classification {
    /// One Vietnamese sentence for the screen and the village meeting's minutes, e.g. "Hộ
    /// nghèo: thu nhập bình quân 1.500.000 đồng/người/tháng, không vượt chuẩn nghèo nông thôn
    /// 1.500.000 đồng; thiếu hụt 3 chỉ số (Việc làm; Dinh dưỡng; Bảo hiểm y tế), từ 3 chỉ số
    /// trở lên."
    pub fn sentence_vi(&self) -> String {
        let r = &self.reason;
        let area = r.settlement.label_vi();
        let lacks = {
            let n = r.deprivations.count();
            let names: Vec<&str> = r.deprivations.iter().map(|i| i.name_vi()).collect();
            if n == 0 {
                "không thiếu hụt chỉ số nào".to_string()
            } else {
                format!("thiếu hụt {n} chỉ số ({})", names.join("; "))
            }
        };
        let period = if r.from_year == r.to_year {
            r.from_year.to_string()
        } else {
            format!("{}–{}", r.from_year, r.to_year)
        };
        let label = self.class.label_vi();
        match r.method {
            Method::Income => {
                let income = format!("thu nhập bình quân {}/người/tháng", format_vnd(r.value));
                let line = format!("chuẩn nghèo {area} {}", format_vnd(r.line));
                match self.class {
                    Class::Poor => format!(
                        "{label}: {income}, không vượt {line}; {lacks}, từ {} chỉ số trở lên \
                         (chuẩn giai đoạn {period}).",
                        r.deprivation_threshold
                    ),
                    Class::NearPoor => format!(
                        "{label}: {income}, không vượt {line}; {lacks}, dưới {} chỉ số \
                         (chuẩn giai đoạn {period}).",
                        r.deprivation_threshold
                    ),
                    Class::AverageLivingStandard => format!(
                        "{label}: {income}, trên {line} và không vượt mức sống trung bình {}{} \
                         (chuẩn giai đoạn {period}).",
                        format_vnd(r.ceiling.unwrap_or_default()),
                        unconfirmed(r.ceiling_confirmed)
                    ),
                    Class::NotPoor => match r.ceiling {
                        Some(c) => format!(
                            "{label}: {income}, trên mức sống trung bình {}{} (chuẩn giai \
                             đoạn {period}).",
                            format_vnd(c),
                            unconfirmed(r.ceiling_confirmed)
                        ),
                        None => format!(
                            "{label}: {income}, trên {line}; chuẩn mức sống trung bình giai \
                             đoạn {period} chưa được xác định."
                        ),
                    },
                }
            }
            Method::Score => {
                let (b, b_threshold) = r.score_b.unwrap_or_default();
                let a = format!("điểm A = {}", thousands(r.value));
                let a_line = format!("{} điểm ({area})", thousands(r.line));
                match self.class {
                    Class::Poor => format!(
                        "{label}: {a}, không vượt {a_line}; điểm B = {b} ({lacks}), từ \
                         {b_threshold} điểm trở lên."
                    ),
                    Class::NearPoor => format!(
                        "{label}: {a}, không vượt {a_line}; điểm B = {b} ({lacks}), dưới \
                         {b_threshold} điểm."
                    ),
                    _ => format!("{label}: {a}, trên {a_line}."),
                }
            }
        }
    }
}

fn unconfirmed(confirmed: bool) -> &'static str {
    if confirmed {
        ""
    } else {
        " (mức chưa được xác nhận từ văn bản gốc)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::poverty::indicator::Indicator;
    use crate::poverty::standard::StandardBook;

    fn lacking(n: usize) -> Deprivations {
        Deprivations::of(&Indicator::ALL[..n])
    }

    fn income(settlement: Settlement, vnd: i64, lacks: usize) -> Assessment {
        Assessment {
            settlement,
            means: Means::Income(vnd),
            deprivations: lacking(lacks),
        }
    }

    fn class_in(year: i32, a: Assessment) -> Class {
        let book = StandardBook::shipped().unwrap();
        book.for_year(year).unwrap().classify(&a).unwrap().class
    }

    use Settlement::{Rural, Urban};

    #[test]
    fn income_exactly_at_the_line_is_under_it() {
        assert_eq!(class_in(2024, income(Rural, 1_500_000, 3)), Class::Poor);
        assert_eq!(class_in(2024, income(Rural, 1_500_000, 2)), Class::NearPoor);
        assert_eq!(
            class_in(2024, income(Rural, 1_500_001, 3)),
            Class::AverageLivingStandard
        );
        assert_eq!(class_in(2024, income(Urban, 2_000_000, 5)), Class::Poor);
        assert_eq!(
            class_in(2024, income(Urban, 2_000_001, 5)),
            Class::AverageLivingStandard
        );
        assert_eq!(class_in(2024, income(Rural, 0, 0)), Class::NearPoor);
    }

    #[test]
    fn three_deprivations_is_poor_two_is_near_poor() {
        assert_eq!(class_in(2023, income(Urban, 1_000_000, 3)), Class::Poor);
        assert_eq!(class_in(2023, income(Urban, 1_000_000, 2)), Class::NearPoor);
        assert_eq!(class_in(2023, income(Urban, 1_000_000, 12)), Class::Poor);
        assert_eq!(class_in(2023, income(Urban, 1_000_000, 0)), Class::NearPoor);
    }

    #[test]
    fn deprivations_do_not_matter_above_the_line() {
        assert_eq!(
            class_in(2023, income(Rural, 1_600_000, 12)),
            Class::AverageLivingStandard
        );
    }

    #[test]
    fn average_band_ceiling_is_inclusive() {
        assert_eq!(
            class_in(2022, income(Rural, 2_250_000, 0)),
            Class::AverageLivingStandard
        );
        assert_eq!(class_in(2022, income(Rural, 2_250_001, 0)), Class::NotPoor);
        assert_eq!(
            class_in(2022, income(Urban, 3_000_000, 0)),
            Class::AverageLivingStandard
        );
        assert_eq!(class_in(2022, income(Urban, 3_000_001, 0)), Class::NotPoor);
    }

    #[test]
    fn urban_and_rural_differ_at_the_same_income() {
        assert_eq!(
            class_in(2025, income(Rural, 1_800_000, 4)),
            Class::AverageLivingStandard
        );
        assert_eq!(class_in(2025, income(Urban, 1_800_000, 4)), Class::Poor);
        assert_eq!(class_in(2025, income(Rural, 2_500_000, 0)), Class::NotPoor);
        assert_eq!(
            class_in(2025, income(Urban, 2_500_000, 0)),
            Class::AverageLivingStandard
        );
    }

    #[test]
    fn the_year_decides_the_standard() {
        // 1,800,000 rural: above the ND 07 line (kept in 2026), under the ND 351 line of 2027.
        assert_eq!(
            class_in(2026, income(Rural, 1_800_000, 3)),
            Class::AverageLivingStandard
        );
        assert_eq!(class_in(2027, income(Rural, 1_800_000, 3)), Class::Poor);
        assert_eq!(class_in(2027, income(Rural, 1_800_000, 2)), Class::NearPoor);
        assert_eq!(class_in(2027, income(Rural, 2_200_000, 2)), Class::NearPoor);
        assert_eq!(class_in(2027, income(Urban, 2_800_000, 3)), Class::Poor);
        // ND 351 has no known average band: above its line is simply not poor.
        assert_eq!(class_in(2027, income(Rural, 2_200_001, 0)), Class::NotPoor);
    }

    fn score(settlement: Settlement, a: u16, lacks: usize) -> Assessment {
        Assessment {
            settlement,
            means: Means::ScoreA(a),
            deprivations: lacking(lacks),
        }
    }

    #[test]
    fn score_method_edges() {
        assert_eq!(class_in(2024, score(Rural, 140, 3)), Class::Poor);
        assert_eq!(class_in(2024, score(Rural, 140, 2)), Class::NearPoor);
        assert_eq!(class_in(2024, score(Rural, 141, 3)), Class::NotPoor);
        assert_eq!(class_in(2024, score(Urban, 175, 3)), Class::Poor);
        assert_eq!(class_in(2024, score(Urban, 176, 12)), Class::NotPoor);
        assert_eq!(class_in(2024, score(Urban, 141, 0)), Class::NearPoor);
        let book = StandardBook::shipped().unwrap();
        let c = book
            .for_year(2024)
            .unwrap()
            .classify(&score(Rural, 140, 3))
            .unwrap();
        assert_eq!(c.reason.score_b, Some((30, 30)));
        assert_eq!(c.reason.method, Method::Score);
    }

    #[test]
    fn score_method_is_refused_without_a_score_table() {
        let book = StandardBook::shipped().unwrap();
        let err = book
            .for_year(2027)
            .unwrap()
            .classify(&score(Rural, 100, 3))
            .unwrap_err();
        assert_eq!(err.code(), "poverty.score_undefined");
        assert!(err.to_string().contains("2027–2030"));
    }

    #[test]
    fn only_the_standards_indicators_count() {
        let text = "from_year,to_year,settlement,poverty_line,average_ceiling,\
                    average_ceiling_confirmed,deprivation_threshold,score_a_line,\
                    score_b_per_indicator,score_b_threshold,indicators,indicators_confirmed,\
                    confirmed,legal_basis\n\
                    2030,2030,rural,100,,false,2,,,,VL NPT,false,true,x\n";
        let book = StandardBook::parse(text).unwrap();
        let s = book.get(2030, Rural).unwrap();
        // Lacking DD and BHYT does not count when the standard only knows VL and NPT.
        let a = Assessment {
            settlement: Rural,
            means: Means::Income(50),
            deprivations: Deprivations::of(&[
                Indicator::Employment,
                Indicator::Nutrition,
                Indicator::HealthInsurance,
            ]),
        };
        let c = s.classify(&a).unwrap();
        assert_eq!(c.class, Class::NearPoor);
        assert_eq!(c.reason.deprivations.count(), 1);
    }

    #[test]
    fn the_reason_holds_the_figures_and_reads_as_a_sentence() {
        let book = StandardBook::shipped().unwrap();
        let y = book.for_year(2024).unwrap();
        let c = y.classify(&income(Rural, 1_500_000, 3)).unwrap();
        assert_eq!(c.reason.value, 1_500_000);
        assert_eq!(c.reason.line, 1_500_000);
        assert_eq!(c.reason.ceiling, Some(2_250_000));
        assert_eq!(c.reason.deprivations.count(), 3);
        assert_eq!(
            c.sentence_vi(),
            "Hộ nghèo: thu nhập bình quân 1.500.000 đồng/người/tháng, không vượt chuẩn nghèo \
             nông thôn 1.500.000 đồng; thiếu hụt 3 chỉ số (Việc làm; Người phụ thuộc trong hộ \
             gia đình; Dinh dưỡng), từ 3 chỉ số trở lên (chuẩn giai đoạn 2022–2025)."
        );
        let avg = y.classify(&income(Urban, 2_500_000, 0)).unwrap();
        assert!(avg.sentence_vi().contains("chưa được xác nhận"));
        let near = y.classify(&income(Urban, 10, 0)).unwrap();
        assert!(near.sentence_vi().contains("không thiếu hụt chỉ số nào"));
        let not_poor = book
            .for_year(2027)
            .unwrap()
            .classify(&income(Rural, 5_000_000, 0))
            .unwrap();
        assert!(not_poor.sentence_vi().contains("chưa được xác định"));
        let scored = y.classify(&score(Urban, 150, 2)).unwrap();
        assert_eq!(
            scored.sentence_vi(),
            "Hộ cận nghèo: điểm A = 150, không vượt 175 điểm (thành thị); điểm B = 20 (thiếu \
             hụt 2 chỉ số (Việc làm; Người phụ thuộc trong hộ gia đình)), dưới 30 điểm."
        );
    }

    #[test]
    fn class_codes_round_trip() {
        for c in Class::ALL {
            assert_eq!(Class::from_code(c.code()), Some(c));
        }
    }
}
