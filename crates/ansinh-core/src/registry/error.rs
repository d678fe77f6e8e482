//! The registry's refusals: what the store finds wrong with a person, a household or a
//! membership that only the database can know, with stable `registry.…` codes.

use chrono::NaiveDate;

use crate::date::format_vn;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    #[error("số định danh {0} đã có trong sổ đăng ký")]
    DuplicatePid(String),
    #[error("mã hộ {0} đã có trong sổ đăng ký")]
    DuplicateHouseholdCode(String),
    #[error("mã xã/phường {code} không có hiệu lực ngày {on}")]
    UnknownArea { code: String, on: String },
    #[error("ngày chuyển đến {} trước ngày sinh của {name}", format_vn(*.on))]
    JoinBeforeBirth { on: NaiveDate, name: String },
    #[error("{name} đã ở trong hộ {household}")]
    AlreadyMember { name: String, household: String },
    #[error("ngày chuyển {} trước ngày vào hộ {household} ({})", format_vn(*.on), format_vn(*.joined))]
    MoveBeforeJoin {
        on: NaiveDate,
        household: String,
        joined: NaiveDate,
    },
    #[error("{0} không ở hộ nào")]
    NotInHousehold(String),
    #[error("ngày rời hộ {} trước ngày vào hộ {household}", format_vn(*.on))]
    LeaveBeforeJoin { on: NaiveDate, household: String },
    #[error("nạp hàng loạt bị hủy: bảng {table} đã có bản ghi trùng khóa ({detail})")]
    BulkDuplicate { table: String, detail: String },
    /// The blocking key of the duplicate search put too many people in one block: a bug or
    /// absurd data, not the user's to fix.
    #[error("khối so trùng (xã, năm sinh {year}) có {size} người: khóa phân khối sai")]
    DuplicateBlockTooLarge { year: i32, size: usize },
    #[error("con trỏ trang '{0}' không hợp lệ")]
    BadCursor(String),
}

crate::coded! {
    RegistryError {
        DuplicatePid => "registry.duplicate_pid", Refusal,
        DuplicateHouseholdCode => "registry.duplicate_household_code", Refusal,
        UnknownArea => "registry.unknown_area", Refusal,
        JoinBeforeBirth => "registry.join_before_birth", Refusal,
        AlreadyMember => "registry.already_member", Refusal,
        MoveBeforeJoin => "registry.move_before_join", Refusal,
        NotInHousehold => "registry.not_in_household", Refusal,
        LeaveBeforeJoin => "registry.leave_before_join", Refusal,
        BulkDuplicate => "registry.bulk_duplicate", Refusal,
        DuplicateBlockTooLarge => "registry.duplicate_block", Failure,
        BadCursor => "registry.bad_cursor", Refusal,
    }
}
