//! The interface's words in Vietnamese (the default) and English. Templates receive a [`Tr`]
//! and ask it for a message by key; the labels of roles, relations and the like come from
//! `ansinh-core` in Vietnamese, with their English equivalents kept here.
//!
//! Validation messages from the core and the store stay Vietnamese in both languages: they are
//! written once, next to the rules, and officers read them in Vietnamese.

use std::collections::HashMap;
use std::sync::LazyLock;

use ansinh_core::access::Role;
use ansinh_core::{MoveReason, Relation, Settlement, Sex};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn from_code(s: &str) -> Option<Lang> {
        match s {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// (key, Vietnamese, English).
const MESSAGES: &[(&str, &str, &str)] = &[
    ("skip", "Bỏ qua, đến nội dung chính", "Skip to main content"),
    (
        "footer",
        "Hệ thống thông tin lao động, người có công và xã hội thành phố Huế",
        "Labour, people with merit and social affairs information system of Huế",
    ),
    ("nav-label", "Mục chính", "Main sections"),
    ("nav-home", "Trang chủ", "Home"),
    ("nav-persons", "Nhân khẩu", "Persons"),
    ("nav-households", "Hộ gia đình", "Households"),
    ("nav-areas", "Địa bàn", "Areas"),
    ("nav-transfer", "Nhập/Xuất", "Import/Export"),
    ("nav-audit", "Nhật ký", "Audit log"),
    ("nav-admin", "Quản trị", "Administration"),
    ("nav-login", "Đăng nhập", "Sign in"),
    ("nav-logout", "Đăng xuất", "Sign out"),
    ("search", "Tìm", "Search"),
    ("save", "Lưu", "Save"),
    ("saved", "Đã lưu thay đổi.", "Changes saved."),
    ("cancel", "Hủy", "Cancel"),
    ("edit", "Sửa", "Edit"),
    (
        "all_communes",
        "Tất cả xã/phường trong phạm vi",
        "All communes in your scope",
    ),
    ("pager", "Phân trang", "Pages"),
    ("pager-first", "« Trang đầu", "« First page"),
    ("pager-next", "Trang sau »", "Next page »"),
    ("pager-older", "Cũ hơn »", "Older »"),
    (
        "form-has_errors",
        "Biểu mẫu có lỗi: xem thông báo bên dưới từng ô.",
        "The form has errors: see the message under each field.",
    ),
    // Login and password.
    ("login-title", "Đăng nhập", "Sign in"),
    (
        "login-lead",
        "Dùng tài khoản do quản trị hệ thống cấp.",
        "Use the account your administrator gave you.",
    ),
    (
        "login-expired",
        "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.",
        "Your session has expired. Please sign in again.",
    ),
    ("login-username", "Tên đăng nhập", "User name"),
    ("login-password", "Mật khẩu", "Password"),
    ("login-submit", "Đăng nhập", "Sign in"),
    (
        "login-failed",
        "Tên đăng nhập hoặc mật khẩu không đúng.",
        "Wrong user name or password.",
    ),
    (
        "login-csrf",
        "Biểu mẫu đăng nhập đã cũ. Hãy thử lại.",
        "The sign-in form had expired. Please try again.",
    ),
    ("pw-title", "Đổi mật khẩu", "Change password"),
    (
        "pw-forced",
        "Đây là lần đăng nhập đầu tiên: hãy đặt mật khẩu mới của riêng bạn trước khi làm việc.",
        "This is your first sign-in: set a password of your own before you start.",
    ),
    (
        "pw-rules",
        "Mật khẩu mới cần ít nhất 10 ký tự và không chứa tên đăng nhập. Một câu dài dễ nhớ là mật khẩu tốt.",
        "The new password needs at least 10 characters and must not contain your user name. A long sentence you remember makes a good password.",
    ),
    ("pw-current", "Mật khẩu hiện tại", "Current password"),
    ("pw-new", "Mật khẩu mới", "New password"),
    ("pw-again", "Nhập lại mật khẩu mới", "New password again"),
    ("pw-submit", "Đổi mật khẩu", "Change password"),
    (
        "pw-wrong_current",
        "Mật khẩu hiện tại không đúng.",
        "The current password is wrong.",
    ),
    (
        "pw-mismatch",
        "Hai lần nhập mật khẩu mới không khớp.",
        "The two new passwords differ.",
    ),
    (
        "pw-same",
        "Mật khẩu mới phải khác mật khẩu hiện tại.",
        "The new password must differ from the current one.",
    ),
    ("pw-done", "Đã đổi mật khẩu.", "Password changed."),
    // Errors.
    ("err-request_id", "Mã yêu cầu", "Request id"),
    ("err-home", "Về trang chủ", "Back to home"),
    ("err-400", "Yêu cầu không hợp lệ", "Bad request"),
    (
        "err-400-msg",
        "Máy chủ không hiểu yêu cầu này. Hãy quay lại và thử lại.",
        "The server did not understand this request. Go back and try again.",
    ),
    ("err-403", "Không có quyền", "Not allowed"),
    (
        "err-403-msg",
        "Tài khoản của bạn không được phép xem hoặc thay đổi nội dung này. Lần truy cập đã được ghi lại.",
        "Your account may not see or change this. The attempt has been recorded.",
    ),
    ("err-csrf", "Biểu mẫu không hợp lệ", "Invalid form"),
    (
        "err-csrf-msg",
        "Biểu mẫu đã cũ hoặc không được gửi từ ansinh, nên không có gì được thay đổi. Hãy tải lại trang và thử lại.",
        "The form was stale or not sent from ansinh, so nothing was changed. Reload the page and try again.",
    ),
    ("err-404", "Không tìm thấy", "Not found"),
    (
        "err-404-msg",
        "Trang hoặc hồ sơ này không có.",
        "This page or record does not exist.",
    ),
    ("err-413", "Tệp quá lớn", "File too large"),
    (
        "err-413-msg",
        "Nội dung gửi lên vượt giới hạn của máy chủ.",
        "The upload exceeds the server's limit.",
    ),
    ("err-429", "Quá nhiều lần thử", "Too many attempts"),
    (
        "err-429-msg",
        "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau một phút.",
        "Too many failed sign-ins. Please try again in a minute.",
    ),
    ("err-500", "Lỗi máy chủ", "Server error"),
    (
        "err-500-msg",
        "Đã có lỗi khi xử lý yêu cầu. Hãy báo cho quản trị hệ thống kèm mã yêu cầu dưới đây.",
        "Something went wrong. Tell your administrator and give the request id below.",
    ),
    // Home.
    ("home-title", "Tổng quan", "Overview"),
    ("home-scope", "Phạm vi của bạn", "Your scope"),
    ("home-persons", "nhân khẩu", "persons"),
    ("home-households", "hộ gia đình", "households"),
    ("home-communes", "xã/phường", "communes"),
    ("home-tasks", "Việc thường làm", "Common tasks"),
    (
        "home-import",
        "Nhập tệp Excel/CSV",
        "Import an Excel/CSV file",
    ),
    ("home-export", "Xuất danh sách", "Export lists"),
    ("home-audit", "Xem nhật ký", "Browse the audit log"),
    (
        "home-admin",
        "Quản lý tài khoản và mã truy cập API",
        "Manage accounts and API tokens",
    ),
    ("scope-province", "toàn thành phố", "whole city"),
    ("scope-communes", "xã/phường", "communes"),
    // Fields.
    ("field-pid", "Số định danh", "Personal ID"),
    ("field-full_name", "Họ và tên", "Full name"),
    ("field-sex", "Giới tính", "Sex"),
    ("field-birth", "Ngày sinh", "Date of birth"),
    ("field-ethnicity", "Dân tộc", "Ethnic group"),
    ("field-commune", "Xã/phường", "Commune"),
    ("field-phone", "Số điện thoại", "Phone"),
    ("field-death", "Ngày mất", "Date of death"),
    ("field-household", "Hộ gia đình", "Household"),
    ("field-household_code", "Mã hộ", "Household code"),
    ("field-address", "Địa chỉ", "Address"),
    ("field-head", "Chủ hộ", "Head of household"),
    (
        "field-relation",
        "Quan hệ với chủ hộ",
        "Relation to the head",
    ),
    ("field-settlement", "Khu vực", "Urban/rural"),
    ("field-updated", "Cập nhật lần cuối", "Last updated"),
    ("field-version", "Phiên bản", "Version"),
    ("field-person", "Nhân khẩu", "Person"),
    ("field-reason", "Lý do", "Reason"),
    ("field-joined_on", "Ngày vào hộ", "Joined on"),
    ("field-left_on", "Ngày rời hộ", "Left on"),
    (
        "hint-pid",
        "12 chữ số trên căn cước; để trống nếu chưa có.",
        "12 digits on the ID card; leave empty if unknown.",
    ),
    (
        "hint-birth",
        "dd/mm/yyyy; nếu chỉ biết tháng hoặc năm: mm/yyyy hoặc yyyy.",
        "dd/mm/yyyy; if only the month or year is known: mm/yyyy or yyyy.",
    ),
    ("hint-phone", "Ví dụ 0905123456.", "For example 0905123456."),
    (
        "hint-death",
        "dd/mm/yyyy; để trống nếu còn sống.",
        "dd/mm/yyyy; leave empty if alive.",
    ),
    (
        "hint-household_code",
        "Chữ, số, '-', '_', '/' hoặc '.'; tối đa 30 ký tự.",
        "Letters, digits, '-', '_', '/' or '.'; at most 30 characters.",
    ),
    ("choose", "— chọn —", "— choose —"),
    // Persons.
    ("persons-title", "Nhân khẩu", "Persons"),
    ("persons-new", "Thêm nhân khẩu", "Add a person"),
    ("persons-edit", "Sửa nhân khẩu", "Edit person"),
    (
        "persons-search_label",
        "Họ tên hoặc số định danh",
        "Name or personal ID",
    ),
    (
        "persons-placeholder",
        "ví dụ: nguyen thi ai van hoặc 046185000123",
        "e.g. nguyen thi ai van or 046185000123",
    ),
    (
        "persons-none",
        "Không có nhân khẩu nào khớp.",
        "No person matches.",
    ),
    ("persons-no_pid", "chưa có số định danh", "no personal ID"),
    (
        "person-legacy",
        "Hồ sơ cũ chưa có số định danh: được đối chiếu theo họ tên, ngày sinh và địa bàn.",
        "Legacy record without a personal ID: matched by name, birth date and area.",
    ),
    (
        "person-no_household",
        "chưa thuộc hộ nào",
        "not in a household",
    ),
    (
        "person-conflict",
        "Bản ghi đã bị người khác sửa trong lúc bạn sửa. Trang dưới đây là bản mới nhất; hãy nhập lại thay đổi của bạn.",
        "Someone else changed this record while you were editing. Below is the latest version; enter your change again.",
    ),
    // Households.
    ("households-title", "Hộ gia đình", "Households"),
    ("households-new", "Thêm hộ gia đình", "Add a household"),
    (
        "households-search_label",
        "Mã hộ hoặc họ tên chủ hộ",
        "Household code or head's name",
    ),
    (
        "households-placeholder",
        "ví dụ: HO-19900-0001 hoặc tran van binh",
        "e.g. HO-19900-0001 or tran van binh",
    ),
    (
        "households-none",
        "Không có hộ nào khớp.",
        "No household matches.",
    ),
    ("households-no_head", "chưa có chủ hộ", "no head"),
    ("household-title", "Hộ", "Household"),
    (
        "household-current",
        "Thành viên hiện tại",
        "Current members",
    ),
    ("household-past", "Thành viên trước đây", "Former members"),
    (
        "household-no_members",
        "Hộ chưa có thành viên.",
        "The household has no members yet.",
    ),
    ("household-joined", "Vào hộ", "Joined"),
    ("household-left", "Rời hộ", "Left"),
    ("household-move_out", "Chuyển đi", "Move out"),
    ("household-add", "Thêm thành viên", "Add a member"),
    (
        "household-find",
        "Tìm nhân khẩu theo họ tên",
        "Find a person by name",
    ),
    ("household-pick", "Chọn nhân khẩu", "Choose the person"),
    (
        "household-by_pid",
        "hoặc nhập số định danh",
        "or type the personal ID",
    ),
    (
        "household-by_pid_hint",
        "Người này phải đã có trong sổ đăng ký.",
        "The person must already be in the registry.",
    ),
    ("household-date", "Ngày", "Date"),
    ("household-reason", "Lý do", "Reason"),
    ("household-add_submit", "Thêm vào hộ", "Add to household"),
    (
        "household-need_person",
        "Hãy chọn một nhân khẩu trong kết quả tìm hoặc nhập số định danh.",
        "Choose a person from the results or type a personal ID.",
    ),
    (
        "household-unknown_pid",
        "Không có nhân khẩu với số định danh này trong phạm vi của bạn.",
        "No person with this personal ID in your scope.",
    ),
    ("household-added", "Đã thêm thành viên.", "Member added."),
    (
        "household-moved_out",
        "Đã ghi nhận chuyển đi.",
        "Move-out recorded.",
    ),
    (
        "household-not_member",
        "Người này không phải thành viên hiện tại của hộ.",
        "This person is not a current member of the household.",
    ),
    // Areas.
    ("areas-title", "Địa bàn hành chính", "Administrative areas"),
    (
        "areas-on_date",
        "Đơn vị có hiệu lực ngày",
        "Units in force on",
    ),
    ("areas-show", "Xem", "Show"),
    ("areas-today", "hôm nay", "today"),
    ("areas-code", "Mã", "Code"),
    ("areas-name", "Tên", "Name"),
    (
        "areas-merged",
        "Đơn vị cũ đã hợp nhất (trước 01/07/2025)",
        "Former units merged in (before 01/07/2025)",
    ),
    (
        "areas-became",
        "Từ 01/07/2025 thuộc",
        "Since 01/07/2025 part of",
    ),
    (
        "areas-source",
        "Nguồn: Nghị quyết 1675/NQ-UBTVQH15 về sắp xếp đơn vị hành chính cấp xã của thành phố Huế năm 2025; danh mục dữ liệu công khai đi kèm ansinh.",
        "Source: Resolution 1675/NQ-UBTVQH15 on the 2025 reorganisation of Huế's communes; the public catalogue shipped with ansinh.",
    ),
    (
        "areas-bad_date",
        "Ngày phải có dạng dd/mm/yyyy.",
        "The date must be dd/mm/yyyy.",
    ),
    // Import and export.
    (
        "transfer-title",
        "Nhập và xuất dữ liệu",
        "Import and export",
    ),
    (
        "import-title",
        "Nhập từ tệp Excel hoặc CSV",
        "Import from an Excel or CSV file",
    ),
    (
        "import-lead",
        "Chọn mẫu và tệp. ansinh kiểm tra toàn bộ tệp trước (không ghi gì), rồi bạn xem báo cáo và xác nhận.",
        "Choose the layout and the file. ansinh checks the whole file first (writing nothing); then you read the report and confirm.",
    ),
    ("import-layout", "Mẫu tệp", "Layout"),
    ("layout-persons", "Nhân khẩu", "Persons"),
    ("layout-households", "Hộ gia đình", "Households"),
    ("import-file", "Tệp", "File"),
    ("import-check", "Kiểm tra tệp", "Check the file"),
    (
        "import-templates",
        "Tải mẫu nhập liệu",
        "Download a blank template",
    ),
    ("import-report", "Báo cáo kiểm tra tệp", "File check report"),
    ("import-result", "Kết quả nhập", "Import result"),
    ("import-rows", "dòng dữ liệu", "data rows"),
    ("import-rows_ok", "dòng hợp lệ", "good rows"),
    ("import-rows_bad", "dòng có lỗi", "rows with errors"),
    ("import-created", "bản ghi đã tạo", "records created"),
    ("import-seconds", "giây", "seconds"),
    (
        "import-errors",
        "Lỗi theo dòng và cột",
        "Errors by row and column",
    ),
    ("import-row", "Dòng", "Row"),
    ("import-column", "Cột", "Column"),
    ("import-reason", "Lỗi", "Problem"),
    (
        "import-rejected_download",
        "Tải các dòng lỗi (.xlsx) để sửa và nhập lại",
        "Download the rejected rows (.xlsx) to fix and import again",
    ),
    (
        "import-skip_bad",
        "Bỏ qua dòng lỗi, chỉ nhập các dòng hợp lệ",
        "Skip the rows with errors and import the good ones",
    ),
    (
        "import-skip_hint",
        "Nếu không chọn, tệp có lỗi sẽ không được nhập dòng nào.",
        "Unless ticked, nothing of a file with errors is imported.",
    ),
    ("import-confirm", "Xác nhận nhập", "Confirm the import"),
    ("import-another", "Nhập tệp khác", "Import another file"),
    (
        "import-all_ok",
        "Mọi dòng đều hợp lệ. Bấm “Xác nhận nhập” để ghi vào sổ đăng ký.",
        "Every row is good. Press “Confirm the import” to write them to the registry.",
    ),
    (
        "import-none_ok",
        "Không có dòng nào hợp lệ: hãy sửa tệp và thử lại.",
        "No row is good: fix the file and try again.",
    ),
    (
        "import-not_written",
        "Không ghi gì vì tệp có dòng lỗi. Hãy sửa tệp, hoặc nhập lại và chọn “bỏ qua dòng lỗi”.",
        "Nothing was written because the file has rows with errors. Fix the file, or import again and tick “skip the rows with errors”.",
    ),
    ("import-written", "Đã nhập xong.", "Import finished."),
    (
        "import-expired",
        "Tệp đã tải lên không còn (quá 30 phút hoặc đã đăng xuất). Hãy tải tệp lên lại.",
        "The uploaded file is gone (over 30 minutes, or you signed out). Upload it again.",
    ),
    (
        "import-no_file",
        "Hãy chọn một tệp .xlsx hoặc .csv.",
        "Choose an .xlsx or .csv file.",
    ),
    ("export-title", "Xuất danh sách", "Export lists"),
    (
        "export-lead",
        "Tệp xuất có cùng mẫu với tệp nhập, nên có thể sửa rồi nhập lại.",
        "Exported files use the import layouts, so they can be corrected and imported again.",
    ),
    // History and audit.
    ("history-title", "Lịch sử thay đổi", "Change history"),
    (
        "history-none",
        "Chưa có thay đổi nào được ghi.",
        "No change recorded yet.",
    ),
    ("history-by", "bởi", "by"),
    ("history-field", "Thông tin", "Field"),
    ("history-before", "Trước", "Before"),
    ("nav-rules", "Quy định", "Rules"),
    ("nav-payroll", "Chi trả", "Payroll"),
    ("nav-dossiers", "Hồ sơ trợ cấp", "Dossiers"),
    (
        "dossiers-title",
        "Hồ sơ đề nghị trợ cấp xã hội hằng tháng",
        "Monthly allowance dossiers",
    ),
    (
        "dossiers-open_only",
        "Chỉ hồ sơ đang giải quyết",
        "Open dossiers only",
    ),
    ("dossiers-all", "Tất cả hồ sơ", "All dossiers"),
    (
        "dossiers-none",
        "Không có hồ sơ nào đang giải quyết.",
        "No open dossier.",
    ),
    ("dossiers-person", "Người đề nghị", "Applicant"),
    ("dossiers-group", "Nhóm đối tượng", "Group"),
    ("dossiers-received", "Ngày nhận", "Received"),
    ("dossiers-next", "Bước tiếp theo", "Next step"),
    ("dossiers-due", "Hạn", "Due"),
    ("dossiers-overdue", "Quá hạn", "Overdue"),
    ("dossiers-intake", "Tiếp nhận hồ sơ", "Take in a dossier"),
    ("dossiers-form", "Mẫu đơn", "Form"),
    ("dossiers-household", "Hộ gia đình", "Household"),
    ("dossiers-poor", "Hộ nghèo", "Poor"),
    ("dossiers-near_poor", "Hộ cận nghèo", "Near-poor"),
    ("dossiers-other", "Khác", "Other"),
    (
        "dossiers-documents",
        "Giấy tờ đã nhận",
        "Documents received",
    ),
    ("dossiers-take_in", "Tiếp nhận", "Take in"),
    (
        "dossiers-pid_format",
        "Số định danh gồm 12 chữ số",
        "A personal ID has 12 digits",
    ),
    (
        "dossiers-pid_unknown",
        "Không tìm thấy người có số định danh này trong địa bàn của tài khoản",
        "No person with this ID in your area",
    ),
    ("dossiers-choose", "Hãy chọn một giá trị", "Choose a value"),
    (
        "dossiers-steps",
        "Các bước giải quyết (ngày làm việc)",
        "Procedure steps (working days)",
    ),
    ("dossiers-step", "Bước", "Step"),
    ("dossiers-actor", "Người thực hiện", "Done by"),
    ("dossiers-days", "Số ngày", "Days"),
    ("dossiers-done", "Đã thực hiện", "Done"),
    ("dossiers-decide", "Quyết định trợ cấp", "Decision"),
    ("dossiers-decision_no", "Số quyết định", "Decision number"),
    ("dossiers-decision_date", "Ngày ký", "Signed on"),
    ("dossiers-grant", "Ghi quyết định hưởng", "Record the grant"),
    ("dossiers-reject", "Không giải quyết", "Reject"),
    ("dossiers-reason", "Lý do", "Reason"),
    (
        "dossiers-bad_coefficient",
        "Hệ số không đúng dạng",
        "Coefficient not understood",
    ),
    ("nav-review", "Rà soát nghèo", "Poverty review"),
    (
        "review-title",
        "Rà soát hộ nghèo, hộ cận nghèo năm",
        "Poverty review",
    ),
    ("review-year", "Năm rà soát", "Review year"),
    ("review-report", "Kết quả rà soát năm", "Review results"),
    (
        "review-standard_note",
        "Phân loại theo chuẩn nghèo áp dụng cho năm",
        "Classified with the standard of",
    ),
    (
        "review-none",
        "Chưa có đợt rà soát nào trong phạm vi tài khoản cho năm này.",
        "No review in your area for this year yet.",
    ),
    ("review-listed", "Hộ trong danh sách", "Households listed"),
    ("review-surveyed", "Đã có phiếu", "Surveyed"),
    ("review-approved_on", "Phê duyệt", "Approved"),
    ("review-open", "Mở đợt rà soát", "Open a review"),
    ("review-steps", "Các bước ở xã", "Commune steps"),
    ("review-date", "Ngày", "Date"),
    ("review-record_step", "Ghi ngày", "Record"),
    ("review-approve", "Phê duyệt kết quả", "Approve results"),
    (
        "review-list",
        "Danh sách hộ rà soát",
        "Households to review",
    ),
    ("review-classify", "Phân loại", "Classify"),
    (
        "review-classify_hint",
        "Tính lại được nhiều lần cho đến khi phê duyệt.",
        "Can be repeated until approval.",
    ),
    ("review-basis", "Lý do rà soát", "Listed because"),
    ("review-basis_poor", "Hộ nghèo năm trước", "Poor last year"),
    (
        "review-basis_near_poor",
        "Hộ cận nghèo năm trước",
        "Near-poor last year",
    ),
    (
        "review-basis_applied",
        "Có giấy đề nghị (Mẫu 01)",
        "Applied (form 01)",
    ),
    ("review-surveyed_on", "Ngày rà soát", "Surveyed on"),
    ("review-class", "Kết quả", "Result"),
    ("review-survey", "Nhập phiếu", "Enter survey"),
    ("review-resurvey", "Nhập lại", "Re-enter"),
    ("review-survey_title", "Phiếu rà soát", "Survey"),
    ("review-means", "Thu nhập", "Income"),
    ("review-members", "Số nhân khẩu", "Household members"),
    ("review-method", "Phương pháp", "Method"),
    (
        "review-income",
        "Thu nhập bình quân (đồng/người/tháng)",
        "Income (VND/person/month)",
    ),
    ("review-score", "Điểm A (chấm điểm)", "Score A"),
    ("review-value", "Giá trị", "Value"),
    (
        "review-indicators",
        "12 chỉ số thiếu hụt dịch vụ xã hội cơ bản",
        "The 12 deprivation indicators",
    ),
    ("review-yes", "Có", "Yes"),
    ("review-no", "Không", "No"),
    ("review-surveyor", "Người rà soát", "Surveyor"),
    ("review-save_survey", "Lưu phiếu", "Save survey"),
    ("review-basis_areas", "Địa bàn", "Areas"),
    (
        "review-areas_of_year",
        "Xã/phường của năm đó",
        "Communes of that year",
    ),
    (
        "review-areas_today",
        "40 xã/phường hiện nay",
        "Today's 40 communes",
    ),
    (
        "review-campaigns_approved",
        "Đợt rà soát đã phê duyệt",
        "Reviews approved",
    ),
    (
        "review-rates",
        "Tỷ lệ hộ nghèo, cận nghèo",
        "Poverty and near-poverty rates",
    ),
    ("review-households", "Tổng số hộ", "Households"),
    ("review-poor", "Hộ nghèo", "Poor"),
    ("review-poor_rate", "Tỷ lệ nghèo", "Poverty rate"),
    ("review-near_poor", "Hộ cận nghèo", "Near-poor"),
    (
        "review-near_poor_rate",
        "Tỷ lệ cận nghèo",
        "Near-poverty rate",
    ),
    (
        "review-movements",
        "Diễn biến so với năm trước (toàn phạm vi)",
        "Movements against the previous year",
    ),
    ("review-province_total", "Toàn phạm vi", "All"),
    (
        "review-forms_xlsx",
        "Tải các biểu báo cáo (XLSX, Phụ lục VII)",
        "Download the report forms (XLSX)",
    ),
    (
        "review-add_applicants",
        "Hộ có giấy đề nghị rà soát (mã hộ)",
        "Applicant households (codes)",
    ),
    ("review-add", "Thêm vào danh sách", "Add to the list"),
    (
        "review-need_codes",
        "Nhập ít nhất một mã hộ.",
        "Enter at least one household code.",
    ),
    (
        "review-children",
        "Trẻ em dưới 16 tuổi (cho biểu thiếu hụt của trẻ em)",
        "Children under 16 (for the child deprivation form)",
    ),
    (
        "review-children_hint",
        "Ô \"trong đó\" để trống là 0.",
        "An empty \"of whom\" count is 0.",
    ),
    (
        "review-forms",
        "Biểu báo cáo để in (Phụ lục VII)",
        "Printable report forms",
    ),
    ("review-forms_all", "In tất cả các biểu", "Print every form"),
    (
        "review-forms_hint",
        "Khổ A4 ngang; dùng lệnh In của trình duyệt (Ctrl+P).",
        "A4 landscape; use the browser's Print (Ctrl+P).",
    ),
    ("review-form_no", "Biểu", "Form"),
    ("review-form_empty", "Không có dòng nào.", "No rows."),
    ("review-back_to_report", "Kết quả rà soát", "Review results"),
    (
        "review-people_committee",
        "Ủy ban nhân dân",
        "People's Committee",
    ),
    (
        "review-motto",
        "Độc lập - Tự do - Hạnh phúc",
        "Independence - Freedom - Happiness",
    ),
    (
        "review-country",
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        "Socialist Republic of Vietnam",
    ),
    ("review-prepared_by", "Người lập biểu", "Prepared by"),
    ("review-head_of_unit", "Thủ trưởng đơn vị", "Head of unit"),
    (
        "review-sign",
        "(Ký, ghi rõ họ tên)",
        "(Signature and full name)",
    ),
    (
        "review-sign_seal",
        "(Ký, ghi rõ họ tên, đóng dấu)",
        "(Signature, full name and seal)",
    ),
    (
        "payroll-title",
        "Chi trả trợ cấp xã hội hằng tháng",
        "Monthly social assistance payroll",
    ),
    ("payroll-month", "Tháng", "Month"),
    ("payroll-show", "Xem", "Show"),
    ("payroll-province", "Toàn tỉnh", "Whole province"),
    ("payroll-scope", "Phạm vi", "Scope"),
    ("payroll-state", "Trạng thái", "State"),
    ("payroll-people", "Số đối tượng", "Beneficiaries"),
    ("payroll-regular", "Trợ cấp tháng", "Monthly allowance"),
    ("payroll-arrears", "Truy lĩnh", "Arrears"),
    ("payroll-recovery", "Truy thu", "Recovered"),
    ("payroll-net", "Tổng chi", "Net paid"),
    ("payroll-lines", "Số dòng", "Lines"),
    ("payroll-created", "Người lập", "Computed by"),
    (
        "payroll-none",
        "Chưa có bảng chi nào cho tháng này.",
        "No payroll for this month yet.",
    ),
    ("payroll-run", "Lập bảng chi", "Compute payroll"),
    ("payroll-run_scope", "Phạm vi lập", "Compute for"),
    (
        "payroll-run_hint",
        "Lập lại một bảng nháp cho kết quả y hệt nếu dữ liệu không đổi; bảng đã khóa không bao giờ thay đổi.",
        "Re-computing a draft gives the same lines if nothing changed; a locked month never changes.",
    ),
    (
        "payroll-by_group",
        "Theo nhóm đối tượng",
        "By beneficiary group",
    ),
    ("payroll-by_commune", "Theo xã/phường", "By commune"),
    ("payroll-group", "Nhóm", "Group"),
    ("payroll-total", "Tổng cộng", "Total"),
    (
        "payroll-recovery_only",
        "Thu hồi các tháng không còn hưởng",
        "Recovery of months no longer due",
    ),
    ("payroll-approve", "Phê duyệt bảng chi", "Approve"),
    ("payroll-lock", "Khóa sổ (đã chi)", "Lock (paid)"),
    ("payroll-lists", "Danh sách chi trả", "Payment list"),
    ("payroll-print", "In", "Print"),
    (
        "payroll-print_hint",
        "In bằng Ctrl+P, khổ A4 dọc",
        "Print with Ctrl+P, A4 portrait",
    ),
    ("payroll-back", "Về tháng", "Back to month"),
    ("payroll-no", "STT", "No."),
    ("payroll-name", "Họ và tên", "Full name"),
    ("payroll-birth_year", "Năm sinh", "Year of birth"),
    ("payroll-address", "Địa chỉ", "Address"),
    ("payroll-coefficient", "Hệ số", "Coefficient"),
    ("payroll-monthly", "Mức hưởng", "Monthly amount"),
    (
        "payroll-adjustment",
        "Truy lĩnh/truy thu",
        "Arrears/recovery",
    ),
    ("payroll-sum", "Tổng", "Total"),
    ("payroll-sign", "Ký nhận", "Signature"),
    ("rules-title", "Quy định đang áp dụng", "Rules in force"),
    ("rules-on_date", "Áp dụng ngày", "In force on"),
    ("rules-show", "Xem", "Show"),
    (
        "rules-assistance",
        "Trợ giúp xã hội hằng tháng và hỗ trợ",
        "Social assistance and support",
    ),
    ("rules-kind", "Loại", "Kind"),
    ("rules-key", "Mã", "Code"),
    ("rules-condition", "Điều kiện", "Condition"),
    ("rules-value", "Giá trị", "Value"),
    ("rules-from", "Từ ngày", "From"),
    ("rules-to", "Đến ngày", "Until"),
    ("rules-basis", "Căn cứ", "Legal basis"),
    ("rules-status", "Đối chiếu", "Checked"),
    ("rules-confirmed", "Đã đối chiếu", "Confirmed"),
    ("rules-unconfirmed", "Chưa xác nhận", "Unconfirmed"),
    ("rules-base", "mức chuẩn", "base level"),
    ("rules-local", "Tỉnh quy định", "Provincial"),
    (
        "rules-poverty",
        "Chuẩn nghèo đa chiều năm",
        "Multidimensional poverty standard for",
    ),
    ("rules-settlement", "Khu vực", "Area type"),
    (
        "rules-line",
        "Chuẩn nghèo (thu nhập/người/tháng)",
        "Poverty line (income/person/month)",
    ),
    (
        "rules-ceiling",
        "Mức sống trung bình đến",
        "Average living standard up to",
    ),
    (
        "rules-threshold",
        "Thiếu hụt từ (chỉ số) là hộ nghèo",
        "Poor from (indicators lacked)",
    ),
    ("rules-score", "Phương pháp chấm điểm", "Scoring method"),
    (
        "rules-holidays",
        "Ngày nghỉ lễ, Tết năm",
        "Public holidays in",
    ),
    (
        "rules-unconfirmed_note",
        "Dòng “Chưa xác nhận” lấy từ nguồn thứ cấp, chưa đối chiếu văn bản gốc; vẫn được áp dụng cho đến khi có dòng mới.",
        "“Unconfirmed” rows come from secondary sources not yet checked against the legal text; they apply until a new row replaces them.",
    ),
    ("history-open_record", "Mở hồ sơ", "Open record"),
    ("history-after", "Sau", "After"),
    // Administration: accounts and API tokens.
    (
        "admin-title",
        "Quản trị tài khoản",
        "Accounts and API tokens",
    ),
    ("admin-users", "Tài khoản cán bộ", "Officers' accounts"),
    ("admin-username", "Tên đăng nhập", "User name"),
    ("admin-name", "Họ tên", "Full name"),
    ("admin-role", "Vai trò", "Role"),
    ("admin-areas", "Địa bàn", "Areas"),
    (
        "admin-areas_hint",
        "Mã địa bàn, cách nhau dấu phẩy: 46 cho cả tỉnh, hoặc mã xã/phường như 19900",
        "Area codes separated by commas: 46 for the province, or commune codes such as 19900",
    ),
    (
        "admin-whole_province",
        "Cả tỉnh (thành phố Huế)",
        "The whole province (Huế)",
    ),
    ("admin-state", "Trạng thái", "State"),
    ("admin-actions", "Thao tác", "Actions"),
    ("admin-active_tag", "Đang dùng", "Active"),
    ("admin-disabled_tag", "Đã khoá", "Disabled"),
    (
        "admin-must_change_tag",
        "Chờ đổi mật khẩu",
        "Must change password",
    ),
    ("admin-disable", "Khoá", "Disable"),
    ("admin-enable", "Mở khoá", "Enable"),
    ("admin-temp_password", "Mật khẩu tạm", "Temporary password"),
    (
        "admin-temp_password_hint",
        "Ít nhất 10 ký tự; người dùng phải đổi ở lần đăng nhập đầu",
        "At least 10 characters; the user must change it at the first sign-in",
    ),
    ("admin-reset", "Đặt lại mật khẩu", "Reset password"),
    ("admin-new_user", "Thêm tài khoản", "New account"),
    ("admin-create_user", "Tạo tài khoản", "Create account"),
    ("admin-choose_role", "Chọn vai trò", "Choose a role"),
    ("admin-tokens", "Mã truy cập API", "API tokens"),
    (
        "admin-tokens_lead",
        "Cho các hệ thống kết nối (Cổng dịch vụ công, cơ sở dữ liệu dân cư): mỗi mã có vai trò và địa bàn như một tài khoản.",
        "For connected systems (the public-service portal, the population database): each token has a role and areas, like an account.",
    ),
    (
        "admin-no_tokens",
        "Chưa cấp mã truy cập nào.",
        "No API token issued yet.",
    ),
    ("admin-token_name", "Tên hệ thống", "System name"),
    ("admin-issued", "Cấp lúc · bởi", "Issued · by"),
    ("admin-last_used", "Dùng lần cuối", "Last used"),
    ("admin-revoked_tag", "Đã thu hồi", "Revoked"),
    ("admin-revoke", "Thu hồi", "Revoke"),
    ("admin-new_token", "Cấp mã mới", "Issue a token"),
    ("admin-create_token", "Cấp mã", "Issue token"),
    ("admin-secret_title", "Mã truy cập mới", "New API token"),
    (
        "admin-secret_once",
        "Mã chỉ hiện một lần này: hãy chép và trao cho bên kết nối qua kênh an toàn. Hệ thống chỉ lưu bản băm của mã.",
        "This token is shown this once: copy it and hand it over through a safe channel. Only its hash is stored.",
    ),
    ("admin-created", "Đã tạo tài khoản.", "Account created."),
    (
        "admin-disabled",
        "Đã khoá tài khoản và kết thúc các phiên của nó.",
        "Account disabled and its sessions ended.",
    ),
    ("admin-enabled", "Đã mở khoá tài khoản.", "Account enabled."),
    (
        "admin-reset_done",
        "Đã đặt mật khẩu tạm; người dùng phải đổi khi đăng nhập.",
        "Temporary password set; the user must change it at sign-in.",
    ),
    (
        "admin-revoked",
        "Đã thu hồi mã truy cập.",
        "API token revoked.",
    ),
    ("audit-title", "Nhật ký hệ thống", "Audit log"),
    ("audit-actor", "Người thực hiện", "User"),
    ("audit-action", "Hành động", "Action"),
    ("audit-all_actions", "Mọi hành động", "All actions"),
    ("audit-filter", "Lọc", "Filter"),
    ("audit-none", "Không có mục nào.", "No entries."),
    ("audit-at", "Thời điểm", "When"),
    ("audit-entity", "Đối tượng", "Record"),
    ("audit-details", "Chi tiết", "Details"),
    ("action-create", "Tạo mới", "Created"),
    ("action-update", "Sửa", "Changed"),
    ("action-view", "Xem hồ sơ", "Opened"),
    ("action-import", "Nhập tệp", "Imported"),
    ("action-bulk_load", "Nạp hàng loạt", "Bulk load"),
    ("action-move_in", "Vào hộ", "Joined household"),
    ("action-move_out", "Rời hộ", "Left household"),
    ("action-duplicate_check", "Rà soát trùng", "Duplicate check"),
    ("action-denied", "Bị từ chối", "Refused"),
    ("action-login", "Đăng nhập", "Signed in"),
    ("action-login_failed", "Đăng nhập sai", "Failed sign-in"),
    ("action-logout", "Đăng xuất", "Signed out"),
    ("entity-person", "Nhân khẩu", "Person"),
    ("entity-household", "Hộ", "Household"),
    ("entity-user", "Tài khoản", "Account"),
    ("entity-registry", "Sổ đăng ký", "Registry"),
    ("field-display_name", "Họ tên", "Name"),
    ("field-role", "Vai trò", "Role"),
    ("field-areas", "Địa bàn", "Areas"),
    (
        "field-must_change",
        "Phải đổi mật khẩu",
        "Must change password",
    ),
    ("field-disabled", "Đã khóa", "Disabled"),
];

static CATALOG: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> =
    LazyLock::new(|| {
        MESSAGES
            .iter()
            .map(|(k, vi, en)| (*k, (*vi, *en)))
            .collect()
    });

/// The translator handed to templates as `t`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn is_vi(&self) -> bool {
        self.lang == Lang::Vi
    }

    /// The message for a key; an unknown key shows itself, so a missing entry is visible in the
    /// page rather than blank (a unit test keeps templates and catalogue in step).
    pub fn s(&self, key: &str) -> &'static str {
        match CATALOG.get(key) {
            Some((vi, en)) => match self.lang {
                Lang::Vi => vi,
                Lang::En => en,
            },
            None => {
                tracing::warn!(key, "missing message");
                "?"
            }
        }
    }

    /// Picks between two texts made at run time (messages with numbers in them).
    pub fn pick(&self, vi: String, en: String) -> String {
        match self.lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    pub fn role(&self, r: Role) -> &'static str {
        match self.lang {
            Lang::Vi => r.label_vi(),
            Lang::En => r.label_en(),
        }
    }

    pub fn sex(&self, s: Sex) -> &'static str {
        match (self.lang, s) {
            (Lang::Vi, Sex::Male) => "Nam",
            (Lang::Vi, Sex::Female) => "Nữ",
            (Lang::En, Sex::Male) => "Male",
            (Lang::En, Sex::Female) => "Female",
        }
    }

    pub fn relation(&self, r: Relation) -> &'static str {
        match self.lang {
            Lang::Vi => r.label_vi(),
            Lang::En => match r {
                Relation::Head => "Head",
                Relation::Spouse => "Spouse",
                Relation::Child => "Child",
                Relation::ChildInLaw => "Child-in-law",
                Relation::Parent => "Parent",
                Relation::ParentInLaw => "Parent-in-law",
                Relation::Grandparent => "Grandparent",
                Relation::Grandchild => "Grandchild",
                Relation::Sibling => "Sibling",
                Relation::Other => "Other",
            },
        }
    }

    pub fn reason(&self, r: MoveReason) -> &'static str {
        match self.lang {
            Lang::Vi => r.label_vi(),
            Lang::En => match r {
                MoveReason::Birth => "Birth",
                MoveReason::MovedIn => "Moved in",
                MoveReason::Registered => "First registration",
                MoveReason::MovedOut => "Moved away",
                MoveReason::Death => "Death",
                MoveReason::Split => "Household split",
                MoveReason::Correction => "Correction",
            },
        }
    }

    pub fn settlement(&self, s: Settlement) -> &'static str {
        match self.lang {
            Lang::Vi => s.label_vi(),
            Lang::En => match s {
                Settlement::Urban => "urban",
                Settlement::Rural => "rural",
            },
        }
    }

    /// The label of an audit action code; unknown codes show as they are.
    pub fn action(&self, code: &str) -> String {
        let key = format!("action-{code}");
        match CATALOG.get(key.as_str()) {
            Some(_) => self.s(&key).to_string(),
            None => code.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_both_languages_are_filled() {
        let mut seen = std::collections::HashSet::new();
        for (k, vi, en) in MESSAGES {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!vi.is_empty() && !en.is_empty(), "{k}");
        }
    }

    /// Every `t.s("…")` in a template (each capability's folder included) names a message of
    /// the catalogue.
    #[test]
    fn templates_use_known_keys() {
        let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates")];
        let mut checked = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for part in text.split("t.s(\"").skip(1) {
                    let key = part.split('"').next().unwrap();
                    assert!(
                        CATALOG.contains_key(key),
                        "{}: unknown message key {key}",
                        path.display()
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 20, "only {checked} templates found");
    }

    #[test]
    fn english_labels() {
        let t = Tr::new(Lang::En);
        assert_eq!(t.s("nav-persons"), "Persons");
        assert_eq!(t.relation(Relation::Spouse), "Spouse");
        assert_eq!(Tr::new(Lang::Vi).sex(Sex::Female), "Nữ");
        assert_eq!(t.action("login_failed"), "Failed sign-in");
        assert_eq!(t.action("something"), "something");
    }
}
