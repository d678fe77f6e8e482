//! The survey answers a reviewer (rà soát viên) records for a household, their validation, and
//! the deprivations derived from them.
//!
//! Each indicator is answered in its own domain (a count, an area, a source from a fixed list,
//! or yes/no), and the deprivation follows from the indicator's threshold, so the thresholds
//! live here in one place and a report can show both the answer and the verdict. The
//! thresholds come from RULES §1.1 and are UNCONFIRMED against the Phụ lục of ND 07/2021 (see
//! [`Indicator::threshold_confirmed`]).
//!
//! Numbers arrive as `i64`, the way forms and files hand them over, so that a negative or absurd
//! value is reported with its field rather than lost in a cast. Every error of a household is
//! collected, as for persons.

use std::fmt;

use crate::area::Settlement;
use crate::name::fold;

use super::classify::{Assessment, Means};
use super::indicator::{Deprivations, Indicator};

/// Above this an income is a typing error, not a rich household: 1,000,000,000 VND per person
/// per month is over 400 times the highest poverty line.
pub const MAX_INCOME: i64 = 1_000_000_000;
/// A sanity bound on score A, not a legal one: the Phụ lục III scale is UNCONFIRMED, but lines
/// of 140 and 175 make a score over 1,000 certainly a typing error.
pub const MAX_SCORE_A: i64 = 1_000;
/// A sanity bound on household size.
pub const MAX_MEMBERS: i64 = 50;
/// A sanity bound on a household's floor area: 10,000 m², in tenths.
pub const MAX_FLOOR_AREA_TENTHS: i64 = 100_000;
/// Floor area per person under which a household is deprived (indicator 8): 8 m², in tenths.
pub const MIN_FLOOR_AREA_TENTHS_PER_PERSON: i64 = 80;
/// Main structures of a house (walls, columns, roof) made of non-durable materials from which
/// the house is not durable (indicator 7).
pub const NON_DURABLE_PARTS_DEPRIVED: i64 = 2;

/// The children of a household as the child-deprivation report (Biểu 11) counts them. The
/// indicators about children (3 nutrition, 6 school attendance, and 4 health insurance for
/// those aged 6 or over) are answered per household ("at least one child…"); the report counts
/// children, so the survey records how many there are and how many of them lack each service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ChildCounts {
    /// Members under 16.
    pub under_16: u16,
    /// Of whom malnourished (indicator 3).
    pub malnourished: u16,
    /// Of whom aged 6 to under 16 without health insurance (indicator 4).
    pub without_health_insurance: u16,
    /// Of whom aged 3 to under 16 not at the school level of their age (indicator 6).
    pub not_at_school_level: u16,
}

/// Where the household's domestic water comes from (indicator 9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WaterSource {
    Piped,
    DrilledWell,
    ProtectedDugWell,
    ProtectedSpring,
    Rainwater,
    Bottled,
    UnprotectedDugWell,
    UnprotectedSpring,
    SurfaceWater,
    Other,
}

impl WaterSource {
    pub const ALL: [WaterSource; 10] = [
        WaterSource::Piped,
        WaterSource::DrilledWell,
        WaterSource::ProtectedDugWell,
        WaterSource::ProtectedSpring,
        WaterSource::Rainwater,
        WaterSource::Bottled,
        WaterSource::UnprotectedDugWell,
        WaterSource::UnprotectedSpring,
        WaterSource::SurfaceWater,
        WaterSource::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            WaterSource::Piped => "nuoc_may",
            WaterSource::DrilledWell => "gieng_khoan",
            WaterSource::ProtectedDugWell => "gieng_dao_bao_ve",
            WaterSource::ProtectedSpring => "khe_mo_bao_ve",
            WaterSource::Rainwater => "nuoc_mua",
            WaterSource::Bottled => "nuoc_dong_binh",
            WaterSource::UnprotectedDugWell => "gieng_dao_khong_bao_ve",
            WaterSource::UnprotectedSpring => "khe_mo_khong_bao_ve",
            WaterSource::SurfaceWater => "nuoc_mat",
            WaterSource::Other => "khac",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            WaterSource::Piped => "Nước máy",
            WaterSource::DrilledWell => "Giếng khoan",
            WaterSource::ProtectedDugWell => "Giếng đào được bảo vệ",
            WaterSource::ProtectedSpring => "Nước khe, mó được bảo vệ",
            WaterSource::Rainwater => "Nước mưa",
            WaterSource::Bottled => "Nước đóng chai, đóng bình",
            WaterSource::UnprotectedDugWell => "Giếng đào không được bảo vệ",
            WaterSource::UnprotectedSpring => "Nước khe, mó không được bảo vệ",
            WaterSource::SurfaceWater => "Nước sông, suối, ao, hồ",
            WaterSource::Other => "Nguồn khác",
        }
    }

    /// The clean sources of RULES §1.1 (piped, drilled well, protected dug well, protected
    /// spring, rainwater, bottled); the list is UNCONFIRMED.
    pub fn is_clean(self) -> bool {
        matches!(
            self,
            WaterSource::Piped
                | WaterSource::DrilledWell
                | WaterSource::ProtectedDugWell
                | WaterSource::ProtectedSpring
                | WaterSource::Rainwater
                | WaterSource::Bottled
        )
    }

    /// Accepts the code or the label, with or without diacritics.
    pub fn parse(raw: &str) -> Result<Self, SurveyError> {
        parse_listed(&WaterSource::ALL, raw, Self::code, Self::label_vi).ok_or_else(|| {
            SurveyError::OutOfDomain {
                field: SurveyField::WaterSource,
                value: raw.trim().to_string(),
            }
        })
    }
}

/// The household's toilet (indicator 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ToiletType {
    Septic,
    SemiSeptic,
    PourFlush,
    DoubleVault,
    VentilatedPit,
    Unhygienic,
    OverWater,
    None,
}

impl ToiletType {
    pub const ALL: [ToiletType; 8] = [
        ToiletType::Septic,
        ToiletType::SemiSeptic,
        ToiletType::PourFlush,
        ToiletType::DoubleVault,
        ToiletType::VentilatedPit,
        ToiletType::Unhygienic,
        ToiletType::OverWater,
        ToiletType::None,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ToiletType::Septic => "tu_hoai",
            ToiletType::SemiSeptic => "ban_tu_hoai",
            ToiletType::PourFlush => "tham_doi_nuoc",
            ToiletType::DoubleVault => "hai_ngan",
            ToiletType::VentilatedPit => "chim_co_ong_thong_hoi",
            ToiletType::Unhygienic => "khong_hop_ve_sinh",
            ToiletType::OverWater => "cau_ca",
            ToiletType::None => "khong_co",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            ToiletType::Septic => "Tự hoại",
            ToiletType::SemiSeptic => "Bán tự hoại",
            ToiletType::PourFlush => "Thấm dội nước",
            ToiletType::DoubleVault => "Hai ngăn",
            ToiletType::VentilatedPit => "Chìm có ống thông hơi",
            ToiletType::Unhygienic => "Nhà tiêu khác, không hợp vệ sinh",
            ToiletType::OverWater => "Cầu cá, cầu tõm",
            ToiletType::None => "Không có nhà tiêu",
        }
    }

    /// RULES §1.1 names septic, semi-septic and pour-flush and ends with "…"; double-vault and
    /// ventilated pit latrines are added as the other hygienic types of the health ministry's
    /// latrine standard. The whole list is UNCONFIRMED.
    pub fn is_hygienic(self) -> bool {
        matches!(
            self,
            ToiletType::Septic
                | ToiletType::SemiSeptic
                | ToiletType::PourFlush
                | ToiletType::DoubleVault
                | ToiletType::VentilatedPit
        )
    }

    /// Accepts the code or the label, with or without diacritics.
    pub fn parse(raw: &str) -> Result<Self, SurveyError> {
        parse_listed(&ToiletType::ALL, raw, Self::code, Self::label_vi).ok_or_else(|| {
            SurveyError::OutOfDomain {
                field: SurveyField::Toilet,
                value: raw.trim().to_string(),
            }
        })
    }
}

fn parse_listed<T: Copy>(
    all: &[T],
    raw: &str,
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Option<T> {
    let s = raw.trim();
    // Stored answers carry the code: find it before folding labels, which allocates a string
    // per label tried (a third of the time of classifying 100,000 stored surveys). No code
    // folds to the label of another answer (tested), so this finds what it found before.
    if let Some(t) = all.iter().copied().find(|&t| code(t) == s) {
        return Some(t);
    }
    let key = fold(s);
    all.iter().copied().find(|&t| fold(label(t)) == key)
}

/// What the household's means were measured by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MeansAnswer {
    /// Income per person per month, VND.
    Income(i64),
    /// Score A of the scoring method.
    ScoreA(i64),
}

/// What a reviewer records for one household. `None` is a question not answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SurveyAnswers {
    pub settlement: Settlement,
    /// Members of the household (nhân khẩu).
    pub members: i64,
    pub means: MeansAnswer,
    /// 1. A member has no regular, stable job.
    pub member_without_stable_job: Option<bool>,
    /// 2. Number of dependants (người phụ thuộc) among the members.
    pub dependants: Option<i64>,
    /// 3. A child under 16 is malnourished.
    pub malnourished_child: Option<bool>,
    /// 4. Someone aged 6 or over has no health insurance.
    pub member_without_health_insurance: Option<bool>,
    /// 5. Someone aged 16–30 is neither in training nor at the level expected for their age.
    pub youth_below_expected_education: Option<bool>,
    /// 6. A child aged 3 to under 16 is not at the school level of their age.
    pub child_not_at_expected_school_level: Option<bool>,
    /// 7. How many of the 3 main structures (walls, columns, roof) are of non-durable
    ///    materials, 0–3.
    pub non_durable_main_parts: Option<i64>,
    /// 8. The household's floor area in tenths of a square metre (31,5 m² = 315).
    pub floor_area_tenths_m2: Option<i64>,
    /// 9.
    pub water_source: Option<WaterSource>,
    /// 10.
    pub toilet: Option<ToiletType>,
    /// 11. At least one member uses a telecom service (phone or internet).
    pub uses_telecom: Option<bool>,
    /// 12. The household has a device to reach information (TV, radio, computer, phone…).
    pub has_information_device: Option<bool>,
    /// Members under 16 (for the child-deprivation report). With the three counts below it is
    /// recorded all together or not at all: surveys made before the counts were asked, and
    /// sheets without their columns, have none.
    pub children_under_16: Option<i64>,
    /// Of those children, how many are malnourished.
    pub children_malnourished: Option<i64>,
    /// Of those children, how many aged 6 to under 16 have no health insurance.
    pub children_without_health_insurance: Option<i64>,
    /// Of those children, how many aged 3 to under 16 are not at the school level of their age.
    pub children_not_at_school_level: Option<i64>,
}

/// The questions of the survey, named in error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SurveyField {
    Members,
    Income,
    ScoreA,
    Employment,
    Dependants,
    Nutrition,
    HealthInsurance,
    AdultEducation,
    ChildSchooling,
    HousingStructure,
    FloorArea,
    WaterSource,
    Toilet,
    Telecom,
    InformationDevice,
    ChildrenUnder16,
    ChildrenMalnourished,
    ChildrenWithoutHealthInsurance,
    ChildrenNotAtSchoolLevel,
}

impl SurveyField {
    /// The child counts, in the order of the form and the sheet.
    pub const CHILD_COUNTS: [SurveyField; 4] = [
        SurveyField::ChildrenUnder16,
        SurveyField::ChildrenMalnourished,
        SurveyField::ChildrenWithoutHealthInsurance,
        SurveyField::ChildrenNotAtSchoolLevel,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SurveyField::Members => "members",
            SurveyField::Income => "income",
            SurveyField::ScoreA => "score_a",
            SurveyField::Employment => "employment",
            SurveyField::Dependants => "dependants",
            SurveyField::Nutrition => "nutrition",
            SurveyField::HealthInsurance => "health_insurance",
            SurveyField::AdultEducation => "adult_education",
            SurveyField::ChildSchooling => "child_schooling",
            SurveyField::HousingStructure => "housing_structure",
            SurveyField::FloorArea => "floor_area",
            SurveyField::WaterSource => "water_source",
            SurveyField::Toilet => "toilet",
            SurveyField::Telecom => "telecom",
            SurveyField::InformationDevice => "information_device",
            SurveyField::ChildrenUnder16 => "children_under_16",
            SurveyField::ChildrenMalnourished => "children_malnourished",
            SurveyField::ChildrenWithoutHealthInsurance => "children_without_health_insurance",
            SurveyField::ChildrenNotAtSchoolLevel => "children_not_at_school_level",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            SurveyField::Members => "Số nhân khẩu",
            SurveyField::Income => "Thu nhập bình quân đầu người/tháng",
            SurveyField::ScoreA => "Điểm A",
            SurveyField::Employment => "Việc làm",
            SurveyField::Dependants => "Số người phụ thuộc",
            SurveyField::Nutrition => "Dinh dưỡng",
            SurveyField::HealthInsurance => "Bảo hiểm y tế",
            SurveyField::AdultEducation => "Trình độ giáo dục của người lớn",
            SurveyField::ChildSchooling => "Tình trạng đi học của trẻ em",
            SurveyField::HousingStructure => "Số kết cấu chính không bền chắc",
            SurveyField::FloorArea => "Diện tích nhà ở",
            SurveyField::WaterSource => "Nguồn nước sinh hoạt",
            SurveyField::Toilet => "Loại nhà tiêu",
            SurveyField::Telecom => "Sử dụng dịch vụ viễn thông",
            SurveyField::InformationDevice => "Phương tiện tiếp cận thông tin",
            SurveyField::ChildrenUnder16 => "Số trẻ em dưới 16 tuổi",
            SurveyField::ChildrenMalnourished => "Số trẻ em suy dinh dưỡng",
            SurveyField::ChildrenWithoutHealthInsurance => {
                "Số trẻ em từ 6 đến dưới 16 tuổi không có bảo hiểm y tế"
            }
            SurveyField::ChildrenNotAtSchoolLevel => {
                "Số trẻ em từ 3 đến dưới 16 tuổi không đi học đúng cấp"
            }
        }
    }

    /// The indicator this question decides, if any. The child counts decide none: they are
    /// checked against the indicators' yes/no answers and feed the child-deprivation report.
    pub fn indicator(self) -> Option<Indicator> {
        Some(match self {
            SurveyField::Members
            | SurveyField::Income
            | SurveyField::ScoreA
            | SurveyField::ChildrenUnder16
            | SurveyField::ChildrenMalnourished
            | SurveyField::ChildrenWithoutHealthInsurance
            | SurveyField::ChildrenNotAtSchoolLevel => return None,
            SurveyField::Employment => Indicator::Employment,
            SurveyField::Dependants => Indicator::Dependants,
            SurveyField::Nutrition => Indicator::Nutrition,
            SurveyField::HealthInsurance => Indicator::HealthInsurance,
            SurveyField::AdultEducation => Indicator::AdultEducation,
            SurveyField::ChildSchooling => Indicator::ChildSchooling,
            SurveyField::HousingStructure => Indicator::HousingQuality,
            SurveyField::FloorArea => Indicator::FloorArea,
            SurveyField::WaterSource => Indicator::Water,
            SurveyField::Toilet => Indicator::Toilet,
            SurveyField::Telecom => Indicator::Telecom,
            SurveyField::InformationDevice => Indicator::InformationDevices,
        })
    }
}

impl fmt::Display for SurveyField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_vi())
    }
}

/// One thing wrong with a survey, naming its field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SurveyError {
    #[error("{0}: chưa có câu trả lời")]
    Missing(SurveyField),
    #[error("Số nhân khẩu phải từ 1 trở lên (nhận {0})")]
    MembersZero(i64),
    #[error("Số nhân khẩu {0} lớn hơn {MAX_MEMBERS}: kiểm tra lại")]
    MembersAbsurd(i64),
    #[error("Thu nhập bình quân đầu người/tháng không thể âm (nhận {0})")]
    IncomeNegative(i64),
    #[error("Thu nhập bình quân đầu người/tháng {0} đồng vượt {MAX_INCOME} đồng: kiểm tra lại")]
    IncomeAbsurd(i64),
    #[error("Điểm A phải từ 0 đến {MAX_SCORE_A} (nhận {0})")]
    ScoreOutOfRange(i64),
    #[error("{field}: giá trị '{value}' không hợp lệ ({})", expected_vi(*field))]
    OutOfDomain { field: SurveyField, value: String },
    #[error("Số người phụ thuộc ({dependants}) lớn hơn số nhân khẩu ({members})")]
    DependantsExceedMembers { dependants: i64, members: i64 },
    #[error("Số trẻ em dưới 16 tuổi ({children}) lớn hơn số nhân khẩu ({members})")]
    ChildrenExceedMembers { children: i64, members: i64 },
    #[error("{field} ({count}) lớn hơn số trẻ em dưới 16 tuổi ({children})")]
    ChildCountExceedsChildren {
        field: SurveyField,
        count: i64,
        children: i64,
    },
    /// A child count that says the opposite of the indicator's yes/no answer.
    #[error("{field} là {count} nhưng câu hỏi '{indicator}' trả lời '{}': hai câu trả lời mâu thuẫn", if *answer { "Có" } else { "Không" })]
    ChildCountContradicts {
        field: SurveyField,
        count: i64,
        indicator: SurveyField,
        answer: bool,
    },
}

crate::coded! {
    SurveyError {
        Missing => "poverty.missing", Refusal,
        MembersZero => "poverty.members_zero", Refusal,
        MembersAbsurd => "poverty.members_absurd", Refusal,
        IncomeNegative => "poverty.income_negative", Refusal,
        IncomeAbsurd => "poverty.income_absurd", Refusal,
        ScoreOutOfRange => "poverty.score_range", Refusal,
        OutOfDomain => "poverty.out_of_domain", Refusal,
        DependantsExceedMembers => "poverty.dependants_exceed", Refusal,
        ChildrenExceedMembers => "poverty.children_exceed", Refusal,
        ChildCountExceedsChildren => "poverty.child_count_exceeds", Refusal,
        ChildCountContradicts => "poverty.child_count_contradicts", Refusal,
    }
}

impl SurveyError {
    pub fn field(&self) -> SurveyField {
        match self {
            SurveyError::Missing(f) | SurveyError::OutOfDomain { field: f, .. } => *f,
            SurveyError::MembersZero(_) | SurveyError::MembersAbsurd(_) => SurveyField::Members,
            SurveyError::IncomeNegative(_) | SurveyError::IncomeAbsurd(_) => SurveyField::Income,
            SurveyError::ScoreOutOfRange(_) => SurveyField::ScoreA,
            SurveyError::DependantsExceedMembers { .. } => SurveyField::Dependants,
            SurveyError::ChildrenExceedMembers { .. } => SurveyField::ChildrenUnder16,
            SurveyError::ChildCountExceedsChildren { field, .. }
            | SurveyError::ChildCountContradicts { field, .. } => *field,
        }
    }
}

fn expected_vi(field: SurveyField) -> &'static str {
    match field {
        SurveyField::Dependants => "phải từ 0 trở lên",
        SurveyField::HousingStructure => "phải từ 0 đến 3",
        SurveyField::FloorArea => "phải từ 0 đến 10.000 m²",
        SurveyField::WaterSource => "không có trong danh mục nguồn nước",
        SurveyField::Toilet => "không có trong danh mục loại nhà tiêu",
        SurveyField::ChildrenUnder16
        | SurveyField::ChildrenMalnourished
        | SurveyField::ChildrenWithoutHealthInsurance
        | SurveyField::ChildrenNotAtSchoolLevel => "phải từ 0 trở lên",
        _ => "ngoài miền giá trị",
    }
}

/// More than half of the members are dependants (indicator 2): 2 × dependants > members, so
/// exactly half is not deprived.
pub fn dependants_deprived(dependants: i64, members: i64) -> bool {
    2 * dependants > members
}

/// At least 2 of the 3 main structures are non-durable (indicator 7).
pub fn housing_deprived(non_durable_main_parts: i64) -> bool {
    non_durable_main_parts >= NON_DURABLE_PARTS_DEPRIVED
}

/// Floor area per person under 8 m² (indicator 8), compared without division: area < 8 ×
/// members, so 31,9 m² for 4 people (7,975 m² each) is deprived and 32,0 m² is not.
pub fn floor_area_deprived(floor_area_tenths_m2: i64, members: i64) -> bool {
    floor_area_tenths_m2 < MIN_FLOOR_AREA_TENTHS_PER_PERSON * members
}

/// Parses an area as officers write it, "31,5" or "31.5" or "32", into tenths of a square
/// metre; more than one decimal digit is refused rather than rounded.
pub fn parse_area_tenths(raw: &str) -> Result<i64, SurveyError> {
    let s = raw.trim();
    let bad = || SurveyError::OutOfDomain {
        field: SurveyField::FloorArea,
        value: s.to_string(),
    };
    let (whole, tenth) = match s.split_once([',', '.']) {
        Some((w, t)) if t.len() == 1 => (w, t),
        Some(_) => return Err(bad()),
        None => (s, "0"),
    };
    let digits = |p: &str| !p.is_empty() && p.len() <= 9 && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(tenth) {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let tenth: i64 = tenth.parse().map_err(|_| bad())?;
    Ok(whole * 10 + tenth)
}

impl SurveyAnswers {
    /// The four child counts in form order.
    fn child_answers(&self) -> [Option<i64>; 4] {
        [
            self.children_under_16,
            self.children_malnourished,
            self.children_without_health_insurance,
            self.children_not_at_school_level,
        ]
    }

    /// The child counts when they were recorded and are valid (see [`SurveyAnswers::validate`],
    /// which reports why they are not).
    pub fn child_counts(&self) -> Option<ChildCounts> {
        let [under_16, malnourished, insurance, school] = self
            .child_answers()
            .map(|v| v.and_then(|n| u16::try_from(n).ok()));
        let under_16 = under_16?;
        let counts = ChildCounts {
            under_16,
            malnourished: malnourished?,
            without_health_insurance: insurance?,
            not_at_school_level: school?,
        };
        let within = [
            counts.malnourished,
            counts.without_health_insurance,
            counts.not_at_school_level,
        ]
        .iter()
        .all(|n| *n <= under_16);
        (within && i64::from(under_16) <= self.members).then_some(counts)
    }

    /// The child counts: all four or none; none negative; the children no more than the
    /// members and each count no more than the children; and no count that contradicts its
    /// indicator's yes/no answer (malnourished or out-of-school children when the answer was
    /// "no", none when it was "yes"; a child of 6 or over without insurance when nobody of 6 or
    /// over lacks it).
    fn check_children(&self, members: Option<i64>, errors: &mut Vec<SurveyError>) {
        let answers = self.child_answers();
        if answers.iter().all(Option::is_none) {
            return;
        }
        let mut counts = [0i64; 4];
        let mut complete = true;
        for ((field, answer), count) in SurveyField::CHILD_COUNTS
            .into_iter()
            .zip(answers)
            .zip(&mut counts)
        {
            match answer {
                None => {
                    errors.push(SurveyError::Missing(field));
                    complete = false;
                }
                Some(n) if n < 0 => {
                    errors.push(SurveyError::OutOfDomain {
                        field,
                        value: n.to_string(),
                    });
                    complete = false;
                }
                Some(n) => *count = n,
            }
        }
        if !complete {
            return;
        }
        let [children, malnourished, uninsured, out_of_school] = counts;
        if let Some(m) = members
            && children > m
        {
            errors.push(SurveyError::ChildrenExceedMembers {
                children,
                members: m,
            });
            return;
        }
        for (field, count) in
            SurveyField::CHILD_COUNTS[1..]
                .iter()
                .zip([malnourished, uninsured, out_of_school])
        {
            if count > children {
                errors.push(SurveyError::ChildCountExceedsChildren {
                    field: *field,
                    count,
                    children,
                });
            }
        }
        let contradicts = |field, count: i64, indicator, answer: Option<bool>, both_ways: bool| {
            let c = match answer {
                Some(false) => count > 0,
                Some(true) => both_ways && count == 0,
                None => false,
            };
            c.then_some(SurveyError::ChildCountContradicts {
                field,
                count,
                indicator,
                answer: answer.unwrap_or_default(),
            })
        };
        errors.extend(
            [
                contradicts(
                    SurveyField::ChildrenMalnourished,
                    malnourished,
                    SurveyField::Nutrition,
                    self.malnourished_child,
                    true,
                ),
                // Indicator 4 is about anyone aged 6 or over: a "yes" may be an adult's.
                contradicts(
                    SurveyField::ChildrenWithoutHealthInsurance,
                    uninsured,
                    SurveyField::HealthInsurance,
                    self.member_without_health_insurance,
                    false,
                ),
                contradicts(
                    SurveyField::ChildrenNotAtSchoolLevel,
                    out_of_school,
                    SurveyField::ChildSchooling,
                    self.child_not_at_expected_school_level,
                    true,
                ),
            ]
            .into_iter()
            .flatten(),
        );
    }

    /// Checks every answer and derives the deprivations. All errors are returned together.
    /// Nothing is allocated unless there is an error.
    pub fn validate(&self) -> Result<Assessment, Vec<SurveyError>> {
        let mut errors = Vec::new();
        let mut lacks = Deprivations::NONE;

        let members = match self.members {
            m if m < 1 => {
                errors.push(SurveyError::MembersZero(m));
                None
            }
            m if m > MAX_MEMBERS => {
                errors.push(SurveyError::MembersAbsurd(m));
                None
            }
            m => Some(m),
        };

        let means = match self.means {
            MeansAnswer::Income(v) if v < 0 => Err(SurveyError::IncomeNegative(v)),
            MeansAnswer::Income(v) if v > MAX_INCOME => Err(SurveyError::IncomeAbsurd(v)),
            MeansAnswer::Income(v) => Ok(Means::Income(v)),
            MeansAnswer::ScoreA(v) => u16::try_from(v)
                .ok()
                .filter(|a| i64::from(*a) <= MAX_SCORE_A)
                .map(Means::ScoreA)
                .ok_or(SurveyError::ScoreOutOfRange(v)),
        };
        let means = means.map_err(|e| errors.push(e)).ok();

        let mut yes_no = |answer: Option<bool>, field: SurveyField| match answer {
            Some(deprived) => lacks.set(field.indicator().expect("indicator field"), deprived),
            None => errors.push(SurveyError::Missing(field)),
        };
        yes_no(self.member_without_stable_job, SurveyField::Employment);
        yes_no(self.malnourished_child, SurveyField::Nutrition);
        yes_no(
            self.member_without_health_insurance,
            SurveyField::HealthInsurance,
        );
        yes_no(
            self.youth_below_expected_education,
            SurveyField::AdultEducation,
        );
        yes_no(
            self.child_not_at_expected_school_level,
            SurveyField::ChildSchooling,
        );
        yes_no(self.uses_telecom.map(|u| !u), SurveyField::Telecom);
        yes_no(
            self.has_information_device.map(|h| !h),
            SurveyField::InformationDevice,
        );

        let out_of_domain = |field, value: i64| SurveyError::OutOfDomain {
            field,
            value: value.to_string(),
        };
        match self.dependants {
            None => errors.push(SurveyError::Missing(SurveyField::Dependants)),
            Some(d) if d < 0 => errors.push(out_of_domain(SurveyField::Dependants, d)),
            Some(d) => {
                if let Some(m) = members {
                    if d > m {
                        errors.push(SurveyError::DependantsExceedMembers {
                            dependants: d,
                            members: m,
                        });
                    } else {
                        lacks.set(Indicator::Dependants, dependants_deprived(d, m));
                    }
                }
            }
        }
        match self.non_durable_main_parts {
            None => errors.push(SurveyError::Missing(SurveyField::HousingStructure)),
            Some(n) if !(0..=3).contains(&n) => {
                errors.push(out_of_domain(SurveyField::HousingStructure, n));
            }
            Some(n) => lacks.set(Indicator::HousingQuality, housing_deprived(n)),
        }
        match self.floor_area_tenths_m2 {
            None => errors.push(SurveyError::Missing(SurveyField::FloorArea)),
            Some(a) if !(0..=MAX_FLOOR_AREA_TENTHS).contains(&a) => {
                errors.push(SurveyError::OutOfDomain {
                    field: SurveyField::FloorArea,
                    value: format!(
                        "{}{},{} m²",
                        if a < 0 { "-" } else { "" },
                        a.unsigned_abs() / 10,
                        a.unsigned_abs() % 10
                    ),
                });
            }
            Some(a) => {
                if let Some(m) = members {
                    lacks.set(Indicator::FloorArea, floor_area_deprived(a, m));
                }
            }
        }
        match self.water_source {
            None => errors.push(SurveyError::Missing(SurveyField::WaterSource)),
            Some(w) => lacks.set(Indicator::Water, !w.is_clean()),
        }
        match self.toilet {
            None => errors.push(SurveyError::Missing(SurveyField::Toilet)),
            Some(t) => lacks.set(Indicator::Toilet, !t.is_hygienic()),
        }

        self.check_children(members, &mut errors);

        match means {
            Some(means) if errors.is_empty() => Ok(Assessment {
                settlement: self.settlement,
                means,
                deprivations: lacks,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A complete, valid survey of a 4-person rural household that lacks nothing.
    fn good() -> SurveyAnswers {
        SurveyAnswers {
            settlement: Settlement::Rural,
            members: 4,
            means: MeansAnswer::Income(1_200_000),
            member_without_stable_job: Some(false),
            dependants: Some(1),
            malnourished_child: Some(false),
            member_without_health_insurance: Some(false),
            youth_below_expected_education: Some(false),
            child_not_at_expected_school_level: Some(false),
            non_durable_main_parts: Some(0),
            floor_area_tenths_m2: Some(600),
            water_source: Some(WaterSource::Piped),
            toilet: Some(ToiletType::Septic),
            uses_telecom: Some(true),
            has_information_device: Some(true),
            children_under_16: None,
            children_malnourished: None,
            children_without_health_insurance: None,
            children_not_at_school_level: None,
        }
    }

    fn lacks(s: SurveyAnswers) -> Deprivations {
        s.validate().unwrap().deprivations
    }

    fn only(i: Indicator) -> Deprivations {
        Deprivations::of(&[i])
    }

    #[test]
    fn a_complete_survey_gives_the_assessment() {
        let a = good().validate().unwrap();
        assert_eq!(a.means, Means::Income(1_200_000));
        assert_eq!(a.settlement, Settlement::Rural);
        assert!(a.deprivations.is_empty());
    }

    #[test]
    fn floor_area_edge_is_eight_square_metres_per_person() {
        let area = |tenths, members| SurveyAnswers {
            floor_area_tenths_m2: Some(tenths),
            members,
            dependants: Some(0),
            ..good()
        };
        assert_eq!(lacks(area(79, 1)), only(Indicator::FloorArea));
        assert_eq!(lacks(area(80, 1)), Deprivations::NONE);
        // 31,9 m² for 4 people is 7,975 m² each: deprived; 32,0 m² is exactly 8.
        assert_eq!(lacks(area(319, 4)), only(Indicator::FloorArea));
        assert_eq!(lacks(area(320, 4)), Deprivations::NONE);
        assert_eq!(lacks(area(0, 1)), only(Indicator::FloorArea));
        assert!(floor_area_deprived(159, 2));
        assert!(!floor_area_deprived(160, 2));
    }

    #[test]
    fn any_floor_area_is_refused_with_its_value_not_a_panic() {
        // The fuzzing harness's find: i64::MIN has no absolute value in an i64.
        for (tenths, shown) in [
            (i64::MIN, "-922337203685477580,8 m²"),
            (-15, "-1,5 m²"),
            (MAX_FLOOR_AREA_TENTHS + 1, "10000,1 m²"),
        ] {
            let errors = SurveyAnswers {
                floor_area_tenths_m2: Some(tenths),
                ..good()
            }
            .validate()
            .unwrap_err();
            assert_eq!(
                errors,
                [SurveyError::OutOfDomain {
                    field: SurveyField::FloorArea,
                    value: shown.to_string(),
                }]
            );
        }
    }

    #[test]
    fn dependants_edge_is_more_than_half() {
        let dep = |d| SurveyAnswers {
            dependants: Some(d),
            ..good()
        };
        assert_eq!(lacks(dep(2)), Deprivations::NONE);
        assert_eq!(lacks(dep(3)), only(Indicator::Dependants));
        assert_eq!(lacks(dep(4)), only(Indicator::Dependants));
        assert!(!dependants_deprived(1, 3));
        assert!(dependants_deprived(2, 3));
    }

    #[test]
    fn housing_edge_is_two_non_durable_structures() {
        let parts = |n| SurveyAnswers {
            non_durable_main_parts: Some(n),
            ..good()
        };
        assert_eq!(lacks(parts(1)), Deprivations::NONE);
        assert_eq!(lacks(parts(2)), only(Indicator::HousingQuality));
        assert_eq!(lacks(parts(3)), only(Indicator::HousingQuality));
    }

    #[test]
    fn water_and_toilet_come_from_fixed_lists() {
        let clean = WaterSource::ALL.iter().filter(|w| w.is_clean()).count();
        assert_eq!(clean, 6);
        for w in WaterSource::ALL {
            let expected = if w.is_clean() {
                Deprivations::NONE
            } else {
                only(Indicator::Water)
            };
            let s = SurveyAnswers {
                water_source: Some(w),
                ..good()
            };
            assert_eq!(lacks(s), expected, "{}", w.code());
            assert_eq!(WaterSource::parse(w.code()).unwrap(), w);
        }
        assert_eq!(
            WaterSource::parse("gieng khoan").unwrap(),
            WaterSource::DrilledWell
        );
        for t in ToiletType::ALL {
            let s = SurveyAnswers {
                toilet: Some(t),
                ..good()
            };
            assert_eq!(lacks(s).contains(Indicator::Toilet), !t.is_hygienic());
            assert_eq!(ToiletType::parse(t.label_vi()).unwrap(), t);
        }
        assert!(!ToiletType::OverWater.is_hygienic());
        assert!(ToiletType::PourFlush.is_hygienic());
        let e = WaterSource::parse("nước giếng thần").unwrap_err();
        assert_eq!(e.code(), "poverty.out_of_domain");
        assert_eq!(e.field(), SurveyField::WaterSource);
        assert!(
            e.to_string()
                .starts_with("Nguồn nước sinh hoạt: giá trị 'nước giếng thần'")
        );
        assert_eq!(
            ToiletType::parse("hố xí bay").unwrap_err().field(),
            SurveyField::Toilet
        );
    }

    #[test]
    fn yes_no_answers_set_their_indicator() {
        type Change = fn(&mut SurveyAnswers);
        let cases: [(Change, Indicator); 7] = [
            (
                |s| s.member_without_stable_job = Some(true),
                Indicator::Employment,
            ),
            (|s| s.malnourished_child = Some(true), Indicator::Nutrition),
            (
                |s| s.member_without_health_insurance = Some(true),
                Indicator::HealthInsurance,
            ),
            (
                |s| s.youth_below_expected_education = Some(true),
                Indicator::AdultEducation,
            ),
            (
                |s| s.child_not_at_expected_school_level = Some(true),
                Indicator::ChildSchooling,
            ),
            (|s| s.uses_telecom = Some(false), Indicator::Telecom),
            (
                |s| s.has_information_device = Some(false),
                Indicator::InformationDevices,
            ),
        ];
        for (change, indicator) in cases {
            let mut s = good();
            change(&mut s);
            assert_eq!(lacks(s), only(indicator));
        }
    }

    fn errors(s: SurveyAnswers) -> Vec<(&'static str, SurveyField)> {
        s.validate()
            .unwrap_err()
            .iter()
            .map(|e| (e.code(), e.field()))
            .collect()
    }

    #[test]
    fn members_must_be_sane() {
        let m = |members| SurveyAnswers {
            members,
            dependants: Some(0),
            ..good()
        };
        assert_eq!(
            errors(m(0)),
            [("poverty.members_zero", SurveyField::Members)]
        );
        assert_eq!(
            errors(m(-1)),
            [("poverty.members_zero", SurveyField::Members)]
        );
        assert_eq!(
            errors(m(51)),
            [("poverty.members_absurd", SurveyField::Members)]
        );
        assert!(m(50).validate().is_ok());
        assert!(
            SurveyError::MembersZero(0)
                .to_string()
                .contains("Số nhân khẩu")
        );
    }

    #[test]
    fn income_and_score_must_be_sane() {
        let means = |m| SurveyAnswers { means: m, ..good() };
        assert_eq!(
            errors(means(MeansAnswer::Income(-1))),
            [("poverty.income_negative", SurveyField::Income)]
        );
        assert_eq!(
            errors(means(MeansAnswer::Income(MAX_INCOME + 1))),
            [("poverty.income_absurd", SurveyField::Income)]
        );
        assert!(means(MeansAnswer::Income(MAX_INCOME)).validate().is_ok());
        assert!(means(MeansAnswer::Income(0)).validate().is_ok());
        assert_eq!(
            errors(means(MeansAnswer::ScoreA(-1))),
            [("poverty.score_range", SurveyField::ScoreA)]
        );
        assert_eq!(
            errors(means(MeansAnswer::ScoreA(1_001))),
            [("poverty.score_range", SurveyField::ScoreA)]
        );
        assert_eq!(
            means(MeansAnswer::ScoreA(140)).validate().unwrap().means,
            Means::ScoreA(140)
        );
        assert_eq!(
            SurveyError::IncomeAbsurd(MAX_INCOME + 1).to_string(),
            "Thu nhập bình quân đầu người/tháng 1000000001 đồng vượt 1000000000 đồng: kiểm tra lại"
        );
    }

    #[test]
    fn counts_and_areas_outside_their_domain() {
        assert_eq!(
            errors(SurveyAnswers {
                dependants: Some(-1),
                ..good()
            }),
            [("poverty.out_of_domain", SurveyField::Dependants)]
        );
        assert_eq!(
            errors(SurveyAnswers {
                dependants: Some(5),
                ..good()
            }),
            [("poverty.dependants_exceed", SurveyField::Dependants)]
        );
        assert_eq!(
            errors(SurveyAnswers {
                non_durable_main_parts: Some(4),
                ..good()
            }),
            [("poverty.out_of_domain", SurveyField::HousingStructure)]
        );
        assert_eq!(
            errors(SurveyAnswers {
                floor_area_tenths_m2: Some(-5),
                ..good()
            }),
            [("poverty.out_of_domain", SurveyField::FloorArea)]
        );
        let huge = SurveyAnswers {
            floor_area_tenths_m2: Some(MAX_FLOOR_AREA_TENTHS + 1),
            ..good()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            huge[0].to_string(),
            "Diện tích nhà ở: giá trị '10000,1 m²' không hợp lệ (phải từ 0 đến 10.000 m²)"
        );
    }

    #[test]
    fn every_error_is_collected_and_unanswered_questions_are_named() {
        let s = SurveyAnswers {
            members: 0,
            means: MeansAnswer::Income(-5),
            member_without_stable_job: None,
            dependants: None,
            malnourished_child: None,
            member_without_health_insurance: None,
            youth_below_expected_education: None,
            child_not_at_expected_school_level: None,
            non_durable_main_parts: None,
            floor_area_tenths_m2: None,
            water_source: None,
            toilet: None,
            uses_telecom: None,
            has_information_device: None,
            ..good()
        };
        let errs = s.validate().unwrap_err();
        assert_eq!(errs.len(), 2 + 12);
        assert_eq!(
            errs.iter()
                .filter(|e| e.code() == "poverty.missing")
                .count(),
            12
        );
        let indicators: Deprivations = errs
            .iter()
            .filter_map(|e| e.field().indicator())
            .fold(Deprivations::NONE, Deprivations::with);
        assert_eq!(indicators, Deprivations::ALL);
        assert_eq!(
            SurveyError::Missing(SurveyField::Toilet).to_string(),
            "Loại nhà tiêu: chưa có câu trả lời"
        );
    }

    /// `good()` with its child counts: under 16, malnourished, uninsured, out of school.
    fn with_children(counts: [i64; 4]) -> SurveyAnswers {
        SurveyAnswers {
            children_under_16: Some(counts[0]),
            children_malnourished: Some(counts[1]),
            children_without_health_insurance: Some(counts[2]),
            children_not_at_school_level: Some(counts[3]),
            ..good()
        }
    }

    #[test]
    fn child_counts_are_all_or_none_and_agree_with_the_indicators() {
        // Not recorded: valid, and no counts.
        assert_eq!(good().child_counts(), None);
        let two = with_children([2, 0, 0, 0]);
        assert!(two.validate().is_ok());
        assert_eq!(
            two.child_counts(),
            Some(ChildCounts {
                under_16: 2,
                ..ChildCounts::default()
            })
        );
        // One count without the others names the missing ones.
        let partial = SurveyAnswers {
            children_under_16: Some(2),
            ..good()
        };
        assert_eq!(
            errors(partial),
            [
                ("poverty.missing", SurveyField::ChildrenMalnourished),
                (
                    "poverty.missing",
                    SurveyField::ChildrenWithoutHealthInsurance
                ),
                ("poverty.missing", SurveyField::ChildrenNotAtSchoolLevel),
            ]
        );
        assert_eq!(
            errors(with_children([-1, 0, 0, 0])),
            [("poverty.out_of_domain", SurveyField::ChildrenUnder16)]
        );
        // More children than members, more malnourished than children.
        assert_eq!(
            errors(with_children([5, 0, 0, 0])),
            [("poverty.children_exceed", SurveyField::ChildrenUnder16)]
        );
        let sick = SurveyAnswers {
            malnourished_child: Some(true),
            ..with_children([1, 2, 0, 0])
        };
        assert_eq!(
            errors(sick),
            [(
                "poverty.child_count_exceeds",
                SurveyField::ChildrenMalnourished
            )]
        );
        // A count that says the opposite of its indicator, both ways for nutrition.
        let e = errors(with_children([2, 1, 0, 0]));
        assert_eq!(
            e,
            [(
                "poverty.child_count_contradicts",
                SurveyField::ChildrenMalnourished
            )]
        );
        let none_counted = SurveyAnswers {
            child_not_at_expected_school_level: Some(true),
            ..with_children([2, 0, 0, 0])
        };
        assert_eq!(
            errors(none_counted),
            [(
                "poverty.child_count_contradicts",
                SurveyField::ChildrenNotAtSchoolLevel
            )]
        );
        // Insurance: a child without it needs the household's "yes"; a "yes" may be an adult's.
        assert_eq!(
            errors(with_children([2, 0, 1, 0])),
            [(
                "poverty.child_count_contradicts",
                SurveyField::ChildrenWithoutHealthInsurance
            )]
        );
        let adult_uninsured = SurveyAnswers {
            member_without_health_insurance: Some(true),
            ..with_children([2, 0, 0, 0])
        };
        assert!(adult_uninsured.validate().is_ok());
        let msg = SurveyAnswers {
            malnourished_child: Some(false),
            ..with_children([3, 1, 0, 0])
        }
        .validate()
        .unwrap_err()[0]
            .to_string();
        assert_eq!(
            msg,
            "Số trẻ em suy dinh dưỡng là 1 nhưng câu hỏi 'Dinh dưỡng' trả lời 'Không': hai câu \
             trả lời mâu thuẫn"
        );
        // The counts do not change the deprivations: the yes/no answers decide them.
        let all = SurveyAnswers {
            malnourished_child: Some(true),
            member_without_health_insurance: Some(true),
            child_not_at_expected_school_level: Some(true),
            ..with_children([3, 1, 2, 3])
        };
        assert_eq!(
            lacks(all),
            Deprivations::of(&[
                Indicator::Nutrition,
                Indicator::HealthInsurance,
                Indicator::ChildSchooling
            ])
        );
        assert_eq!(all.child_counts().unwrap().not_at_school_level, 3);
    }

    #[test]
    fn no_code_reads_as_the_label_of_another_answer() {
        // Parsing tries every code before any label; that finds what trying each answer's code
        // and label in turn found only while no code folds to another answer's label.
        for w in WaterSource::ALL {
            for other in WaterSource::ALL.into_iter().filter(|o| *o != w) {
                assert_ne!(fold(w.code()), fold(other.label_vi()), "{w:?}");
            }
        }
        for t in ToiletType::ALL {
            assert_eq!(ToiletType::parse(t.code()).unwrap(), t);
            for other in ToiletType::ALL.into_iter().filter(|o| *o != t) {
                assert_ne!(fold(t.code()), fold(other.label_vi()), "{t:?}");
            }
        }
    }

    #[test]
    fn areas_parse_with_a_decimal_comma() {
        assert_eq!(parse_area_tenths("31,5").unwrap(), 315);
        assert_eq!(parse_area_tenths("31.5").unwrap(), 315);
        assert_eq!(parse_area_tenths(" 32 ").unwrap(), 320);
        assert_eq!(parse_area_tenths("7,9").unwrap(), 79);
        for bad in ["", "-3", "3,25", "abc", "3,", ",5", "1.000,5"] {
            assert_eq!(
                parse_area_tenths(bad).unwrap_err().field(),
                SurveyField::FloorArea,
                "{bad}"
            );
        }
    }
}
