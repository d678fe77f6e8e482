//! The poverty review's refusals, with stable `poverty.…` codes. `poverty.approved` is also
//! the start of the message of the triggers that guard an approved review (migration 0010),
//! which the store turns into [`PovertyError::ApprovedImmutable`].

use super::survey::SurveyError;

/// What the review refuses, each with a stable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PovertyError {
    #[error(
        "kết quả rà soát năm {year} của {area} đã được phê duyệt: không thể thay đổi; sai sót được điều chỉnh trong kỳ rà soát sau"
    )]
    Approved { year: i32, area: String },
    /// The database refused to change a row of an approved review (its triggers), when the
    /// write came past the checks that give [`PovertyError::Approved`].
    #[error(
        "kết quả rà soát đã được phê duyệt: không thể sửa hoặc xóa kết quả, phiếu, danh sách và dữ kiện hộ của xã/phường trong năm đó; sai sót được điều chỉnh trong kỳ rà soát sau"
    )]
    ApprovedImmutable,
    #[error("đợt rà soát {area} năm {year} chưa phân loại: chưa thể {action}")]
    NotClassified {
        year: i32,
        area: String,
        action: &'static str,
    },
    #[error("chưa ghi bước {missing}: chưa thể {action}")]
    StepMissing {
        missing: &'static str,
        action: String,
    },
    #[error("ngày {step} ({on}) trước ngày {previous} ({previous_on})")]
    StepOrder {
        step: String,
        on: String,
        previous: &'static str,
        previous_on: String,
    },
    #[error("hộ {code} không thuộc {area} trong năm {year}: không thể rà soát trong đợt này")]
    OutsideArea {
        code: String,
        area: String,
        year: i32,
    },
    #[error(
        "hộ {code} không có trong danh sách rà soát năm {year} của {area}: thêm hộ vào danh sách (giấy đề nghị Mẫu số 01) trước"
    )]
    NotListed {
        code: String,
        area: String,
        year: i32,
    },
    #[error("hộ {code} có hai phiếu khảo sát trong cùng đợt rà soát")]
    SurveyedTwice { code: String },
    #[error("{area}: còn {count} hộ trong danh sách chưa có phiếu khảo sát (ví dụ {example})")]
    MissingSurveys {
        area: String,
        count: usize,
        example: String,
    },
    #[error("phiếu khảo sát không hợp lệ: {}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<SurveyError>),
    #[error("xã/phường {code} không có hộ nào trong năm {year}: không mở được đợt rà soát")]
    NoHouseholds { code: String, year: i32 },
    #[error("{code} không phải là xã/phường")]
    NotACommune { code: String },
    #[error("chuẩn nghèo: {0}")]
    Standard(String),
    #[error("chưa có kết quả rà soát năm {year}")]
    NoResults { year: i32 },
    /// A commune step or the approval dated after the day it is recorded.
    #[error("ngày {step} ({on}) ở tương lai")]
    InFuture { step: String, on: String },
}

crate::coded! {
    PovertyError {
        Approved => "poverty.approved", Refusal,
        ApprovedImmutable => "poverty.approved", Refusal,
        NotClassified => "poverty.not_classified", Refusal,
        StepMissing => "poverty.step_missing", Refusal,
        StepOrder => "poverty.step_order", Refusal,
        OutsideArea => "poverty.outside_area", Refusal,
        NotListed => "poverty.not_listed", Refusal,
        SurveyedTwice => "poverty.surveyed_twice", Refusal,
        MissingSurveys => "poverty.missing_surveys", Refusal,
        Invalid => "poverty.invalid_survey", Refusal,
        NoHouseholds => "poverty.no_households", Refusal,
        NotACommune => "poverty.not_a_commune", Refusal,
        Standard => "poverty.standard", Refusal,
        NoResults => "poverty.no_results", Refusal,
        InFuture => "poverty.in_future", Refusal,
    }
}
