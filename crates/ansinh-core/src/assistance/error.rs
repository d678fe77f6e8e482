//! Errors of the social-assistance rules, with stable codes and Vietnamese messages.

use std::fmt;

use chrono::NaiveDate;

use super::group::Group;
use super::rules::RuleError;
use crate::payroll::{Month, PayrollError};

/// A coefficient in hundredths written the Vietnamese way: `150` → "1,5", `200` → "2,0",
/// `125` → "1,25".
pub fn format_coefficient(hundredths: i32) -> String {
    let (whole, frac) = (hundredths / 100, (hundredths % 100).abs());
    if frac % 10 == 0 {
        format!("{whole},{}", frac / 10)
    } else {
        format!("{whole},{frac:02}")
    }
}

/// Why a person does not qualify for a group in a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ineligible {
    NotBorn,
    Dead,
    InFacility,
    TooYoung(i32),
    TooOld(i32),
    NotPoor,
    NotPoorOrNearPoor,
    NotStudying,
    NoHiv,
    HasPension,
    NotInDisadvantagedArea,
    NoCertificate,
    NoChildren,
}

impl Ineligible {
    pub fn code(self) -> &'static str {
        match self {
            Ineligible::NotBorn => "not_born",
            Ineligible::Dead => "dead",
            Ineligible::InFacility => "in_facility",
            Ineligible::TooYoung(_) => "too_young",
            Ineligible::TooOld(_) => "too_old",
            Ineligible::NotPoor => "not_poor",
            Ineligible::NotPoorOrNearPoor => "not_poor_or_near_poor",
            Ineligible::NotStudying => "not_studying",
            Ineligible::NoHiv => "no_hiv",
            Ineligible::HasPension => "has_pension",
            Ineligible::NotInDisadvantagedArea => "not_in_disadvantaged_area",
            Ineligible::NoCertificate => "no_certificate",
            Ineligible::NoChildren => "no_children",
        }
    }
}

impl fmt::Display for Ineligible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ineligible::NotBorn => f.write_str("chưa sinh"),
            Ineligible::Dead => f.write_str("đã chết"),
            Ineligible::InFacility => {
                f.write_str("đang hưởng trợ cấp nuôi dưỡng tại cơ sở trợ giúp xã hội")
            }
            Ineligible::TooYoung(age) => write!(f, "chưa đủ {age} tuổi"),
            Ineligible::TooOld(age) => write!(f, "đã đủ {age} tuổi từ tháng trước"),
            Ineligible::NotPoor => f.write_str("không thuộc hộ nghèo"),
            Ineligible::NotPoorOrNearPoor => f.write_str("không thuộc hộ nghèo, hộ cận nghèo"),
            Ineligible::NotStudying => f.write_str("không còn đi học"),
            Ineligible::NoHiv => f.write_str("không có xác nhận nhiễm HIV/AIDS"),
            Ineligible::HasPension => {
                f.write_str("đang hưởng lương hưu, trợ cấp bảo hiểm xã hội hoặc trợ cấp xã hội hằng tháng")
            }
            Ineligible::NotInDisadvantagedArea => f.write_str(
                "không sống ở xã, thôn đặc biệt khó khăn vùng đồng bào dân tộc thiểu số và miền núi",
            ),
            Ineligible::NoCertificate => {
                f.write_str("chưa có giấy xác nhận khuyết tật nặng hoặc đặc biệt nặng")
            }
            Ineligible::NoChildren => f.write_str(
                "không có con dưới 16 tuổi hoặc con từ 16 đến 22 tuổi đang đi học",
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssistanceError {
    #[error("nhóm đối tượng '{0}' không có trong Điều 5 Nghị định 20/2021/NĐ-CP")]
    UnknownGroup(String),
    #[error("không đủ điều kiện nhóm {group} tháng {}: {reason}", .month.format_vn())]
    NotEligible {
        group: Group,
        month: Month,
        reason: Ineligible,
    },
    #[error("quyết định nhóm {group} ghi hệ số {}, nhưng theo quy định tháng {} hệ số là {}", format_coefficient(*.claimed), .month.format_vn(), format_coefficient(*.expected))]
    CoefficientMismatch {
        group: Group,
        month: Month,
        claimed: i32,
        expected: i32,
    },
    #[error("nhóm {group}: ngày quyết định {} trước ngày nhận đủ hồ sơ {}", crate::date::format_vn(*.decided), crate::date::format_vn(*.dossier))]
    DecisionBeforeDossier {
        group: Group,
        decided: NaiveDate,
        dossier: NaiveDate,
    },
    #[error("nhóm {group}: ngày thôi hưởng {} trước ngày quyết định {}", crate::date::format_vn(*.ended), crate::date::format_vn(*.decided))]
    EndedBeforeDecision {
        group: Group,
        ended: NaiveDate,
        decided: NaiveDate,
    },
    #[error("hai quyết định cùng nhóm {0} có thời gian hưởng chồng nhau")]
    DuplicateGrant(Group),
    #[error(transparent)]
    Rule(#[from] RuleError),
    #[error(transparent)]
    Payroll(#[from] PayrollError),
}

impl AssistanceError {
    pub fn code(&self) -> &'static str {
        match self {
            AssistanceError::UnknownGroup(_) => "assistance.unknown_group",
            AssistanceError::NotEligible { .. } => "assistance.not_eligible",
            AssistanceError::CoefficientMismatch { .. } => "assistance.coefficient_mismatch",
            AssistanceError::DecisionBeforeDossier { .. } => "assistance.decision_before_dossier",
            AssistanceError::EndedBeforeDecision { .. } => "assistance.ended_before_decision",
            AssistanceError::DuplicateGrant(_) => "assistance.duplicate_grant",
            AssistanceError::Rule(e) => e.code(),
            AssistanceError::Payroll(e) => e.code(),
        }
    }
}

/// Parses a group code, with the error a form or an import shows.
pub fn parse_group(code: &str) -> Result<Group, AssistanceError> {
    Group::from_code(code.trim())
        .ok_or_else(|| AssistanceError::UnknownGroup(code.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coefficients_print_with_a_decimal_comma() {
        assert_eq!(format_coefficient(150), "1,5");
        assert_eq!(format_coefficient(200), "2,0");
        assert_eq!(format_coefficient(100), "1,0");
        assert_eq!(format_coefficient(125), "1,25");
        assert_eq!(format_coefficient(2000), "20,0");
    }

    #[test]
    fn unknown_group_codes_are_refused() {
        assert_eq!(parse_group(" K5A ").unwrap(), Group::K5A);
        let err = parse_group("5.1").unwrap_err();
        assert_eq!(err.code(), "assistance.unknown_group");
        assert_eq!(
            err.to_string(),
            "nhóm đối tượng '5.1' không có trong Điều 5 Nghị định 20/2021/NĐ-CP"
        );
    }
}
