### Payroll: monthly runs and lists.
### Vietnamese (the default language). Every message here must also be in the other language's file.
## History and audit

payroll-title = Chi trả trợ cấp xã hội hằng tháng
payroll-month = Tháng
payroll-show = Xem
payroll-province = Toàn tỉnh
payroll-scope = Phạm vi
payroll-state = Trạng thái
payroll-people = Số đối tượng
payroll-regular = Trợ cấp tháng
payroll-arrears = Truy lĩnh
payroll-recovery = Truy thu
payroll-net = Tổng chi
payroll-lines = Số dòng
payroll-created = Người lập
payroll-none = Chưa có bảng chi nào cho tháng này.
payroll-run = Lập bảng chi
payroll-run_scope = Phạm vi lập
payroll-run_hint = Lập lại một bảng nháp cho kết quả y hệt nếu dữ liệu không đổi; bảng đã khóa không bao giờ thay đổi.
payroll-by_group = Theo nhóm đối tượng
payroll-by_commune = Theo xã/phường
payroll-group = Nhóm
payroll-total = Tổng cộng
payroll-recovery_only = Thu hồi các tháng không còn hưởng
payroll-approve = Phê duyệt bảng chi
payroll-lock = Khóa sổ (đã chi)
payroll-lists = Danh sách chi trả
payroll-print = In
payroll-print_hint = In bằng Ctrl+P, khổ A4 dọc
payroll-back = Về tháng
payroll-coefficient = Hệ số

## States of a run (looked up by the state's code)

payroll-run-draft = Nháp
payroll-run-approved = Đã duyệt
payroll-run-locked = Đã khóa
