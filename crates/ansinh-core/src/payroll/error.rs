//! The payroll's refusals, with stable `payroll.…` codes. Nothing was written.

use super::lifecycle::RunState;
use super::month::Month;
use crate::assistance::AssistanceError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayrollError {
    /// A beneficiary's run month already has locked lines (the engine's refusal; a run skips
    /// that beneficiary).
    #[error("tháng {} đã có khoản chi đã khóa; không lập bảng chi cho tháng {} lần nữa", .paid.format_vn(), .run.format_vn())]
    AlreadyPaid { run: Month, paid: Month },
    #[error("bảng chi tháng {} đã khóa; điều chỉnh được tính vào tháng sau", .0.format_vn())]
    Locked(Month),
    #[error("bảng chi tháng {} đã duyệt; không lập lại", .0.format_vn())]
    Approved(Month),
    #[error("tháng {} đã có bảng chi {} chồng phạm vi (toàn tỉnh và từng xã không lập cùng nhau)", .month.format_vn(), .other)]
    Overlap { month: Month, other: String },
    #[error("bảng chi đang ở trạng thái {}, cần {}", .found.label_vi(), .expected.label_vi())]
    WrongState { found: RunState, expected: RunState },
    #[error("dữ liệu của {0} đối tượng đã thay đổi sau khi lập bảng nháp; hãy lập lại bảng chi")]
    Stale(i64),
    #[error("một đối tượng đã có dòng chi thường xuyên tháng {} trong bảng chi khác (nháp) của xã cũ; lập lại bảng chi của xã đó trước", .0.format_vn())]
    PaidElsewhere(Month),
    /// Another request created, approved or locked the month's run while this one computed it.
    #[error("bảng chi tháng {} vừa được người khác lập, duyệt hoặc khóa cùng lúc; hãy tải lại trang rồi làm lại", .0.format_vn())]
    Concurrent(Month),
    #[error("kết quả chi trả của bảng chi này đã được nhập")]
    ResultsRecorded,
    /// The programme's rules refused a beneficiary's month; the run wrote nothing.
    #[error("không tính được bảng chi: {0}")]
    Rules(Box<AssistanceError>),
}

crate::coded! {
    PayrollError {
        AlreadyPaid => "payroll.already_paid", Refusal,
        Locked => "payroll.locked", Refusal,
        Approved => "payroll.approved", Refusal,
        Overlap => "payroll.overlap", Refusal,
        WrongState => "payroll.wrong_state", Refusal,
        Stale => "payroll.stale", Refusal,
        PaidElsewhere => "payroll.paid_elsewhere", Refusal,
        Concurrent => "payroll.concurrent", Refusal,
        ResultsRecorded => "payroll.results_recorded", Refusal,
    }
    delegate {
        Self::Rules(e) => (e.code(), e.kind()),
    }
}
