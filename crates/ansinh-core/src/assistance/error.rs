//! Errors of the social-assistance rules, with stable codes and Vietnamese messages.

use std::fmt;

use chrono::NaiveDate;

use super::dossier::DossierError;
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
    #[error("cần mẫu đơn đề nghị (Mẫu số 1a…1đ)")]
    FormMissing,
    #[error("ngày nhận hồ sơ ở tương lai")]
    ReceivedInFuture,
    #[error("ngày thực hiện ở tương lai")]
    StepInFuture,
    /// A batch of dossiers (the generator's) with a receipt or a step after today.
    #[error("ngày nhận hồ sơ hoặc ngày thực hiện ở tương lai")]
    DatesInFuture,
    /// The dossier is granted or rejected already (the payload is its status, as shown).
    #[error("hồ sơ {0}")]
    DossierNotOpen(String),
    #[error("hồ sơ {0}: không ghi thêm bước")]
    DossierClosedToSteps(String),
    #[error("hồ sơ đã được giải quyết trước đó")]
    DossierAlreadyDecided,
    #[error("cần số quyết định")]
    DecisionNumberMissing,
    #[error("số quyết định {0} đã được ghi cho đối tượng này")]
    DecisionNumberTaken(String),
    #[error("cần nêu lý do không giải quyết")]
    RejectReasonMissing,
    #[error("ngày trả lời trước ngày nhận hồ sơ")]
    AnswerBeforeReceipt,
    #[error("đối tượng đang bị tạm dừng chi trả")]
    AlreadySuspended,
    #[error("đối tượng không bị tạm dừng chi trả")]
    NotSuspended,
    #[error("tháng cuối tạm dừng {} trước tháng bắt đầu {}", .last.format_vn(), .from.format_vn())]
    ResumeBeforeSuspension { last: Month, from: Month },
    #[error("người này đã có hồ sơ đối tượng bảo trợ xã hội")]
    AlreadyBeneficiary,
    #[error(transparent)]
    Dossier(#[from] DossierError),
    #[error(transparent)]
    Rule(#[from] RuleError),
    #[error(transparent)]
    Payroll(#[from] PayrollError),
}

crate::coded! {
    AssistanceError {
        UnknownGroup => "assistance.unknown_group", Refusal,
        NotEligible => "assistance.not_eligible", Refusal,
        CoefficientMismatch => "assistance.coefficient_mismatch", Refusal,
        DecisionBeforeDossier => "assistance.decision_before_dossier", Refusal,
        EndedBeforeDecision => "assistance.ended_before_decision", Refusal,
        DuplicateGrant => "assistance.duplicate_grant", Refusal,
        FormMissing => "assistance.form_missing", Refusal,
        ReceivedInFuture => "assistance.received_in_future", Refusal,
        StepInFuture => "assistance.step_in_future", Refusal,
        DatesInFuture => "assistance.dates_in_future", Refusal,
        DossierNotOpen => "assistance.dossier_not_open", Refusal,
        DossierClosedToSteps => "assistance.dossier_closed_to_steps", Refusal,
        DossierAlreadyDecided => "assistance.dossier_already_decided", Refusal,
        DecisionNumberMissing => "assistance.decision_number_missing", Refusal,
        DecisionNumberTaken => "assistance.decision_number_taken", Refusal,
        RejectReasonMissing => "assistance.reject_reason_missing", Refusal,
        AnswerBeforeReceipt => "assistance.answer_before_receipt", Refusal,
        AlreadySuspended => "assistance.already_suspended", Refusal,
        NotSuspended => "assistance.not_suspended", Refusal,
        ResumeBeforeSuspension => "assistance.resume_before_suspension", Refusal,
        AlreadyBeneficiary => "assistance.already_beneficiary", Refusal,
    }
    delegate {
        Self::Dossier(e) => (e.code(), e.kind()),
        Self::Rule(e) => (e.code(), e.kind()),
        Self::Payroll(e) => (e.code(), e.kind()),
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
