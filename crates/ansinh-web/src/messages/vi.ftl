### Shared by every page: navigation, footer, pager, common buttons and fields, errors, sign-in and password, home, history.
### Vietnamese (the default language). Every message here must also be in the other language's file.
skip = Bỏ qua, đến nội dung chính
footer = Hệ thống thông tin lao động, người có công và xã hội thành phố Huế
nav-label = Mục chính
nav-home = Trang chủ
nav-persons = Nhân khẩu
nav-households = Hộ gia đình
nav-areas = Địa bàn
nav-transfer = Nhập/Xuất
nav-audit = Nhật ký
nav-admin = Quản trị
nav-login = Đăng nhập
nav-logout = Đăng xuất
search = Tìm
save = Lưu
saved = Đã lưu thay đổi.
cancel = Hủy
edit = Sửa
all_communes = Tất cả xã/phường trong phạm vi
pager = Phân trang
pager-first = « Trang đầu
pager-next = Trang sau »
pager-older = Cũ hơn »
form-has_errors = Biểu mẫu có lỗi: xem thông báo bên dưới từng ô.

## Login and password

login-title = Đăng nhập
login-lead = Dùng tài khoản do quản trị hệ thống cấp.
login-expired = Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.
login-username = Tên đăng nhập
login-password = Mật khẩu
login-submit = Đăng nhập
login-failed = Tên đăng nhập hoặc mật khẩu không đúng.
pw-title = Đổi mật khẩu
pw-forced = Đây là lần đăng nhập đầu tiên: hãy đặt mật khẩu mới của riêng bạn trước khi làm việc.
pw-rules = Mật khẩu mới cần ít nhất 10 ký tự, không chứa tên đăng nhập hay họ tên, và không dễ đoán (không lặp ký tự, không là dãy như abcd hay 1234, không là mật khẩu thông dụng). Một câu dài gồm vài từ, dễ nhớ với bạn, là mật khẩu tốt.
pw-current = Mật khẩu hiện tại
pw-new = Mật khẩu mới
pw-again = Nhập lại mật khẩu mới
pw-submit = Đổi mật khẩu
pw-wrong_current = Mật khẩu hiện tại không đúng.
pw-mismatch = Hai lần nhập mật khẩu mới không khớp.
pw-same = Mật khẩu mới phải khác mật khẩu hiện tại.

## Errors

err-request_id = Mã yêu cầu
err-home = Về trang chủ
err-400 = Yêu cầu không hợp lệ
err-400-msg = Máy chủ không hiểu yêu cầu này. Hãy quay lại và thử lại.
err-403 = Không có quyền
err-403-msg = Tài khoản của bạn không được phép xem hoặc thay đổi nội dung này. Lần truy cập đã được ghi lại.
err-csrf = Biểu mẫu không hợp lệ
err-csrf-msg = Biểu mẫu đã cũ hoặc không được gửi từ ansinh, nên không có gì được thay đổi. Hãy tải lại trang và thử lại.
err-404 = Không tìm thấy
err-404-msg = Trang hoặc hồ sơ này không có.
err-413 = Tệp quá lớn
err-413-msg = Nội dung gửi lên vượt giới hạn của máy chủ.
err-429 = Quá nhiều lần thử
err-429-msg = Đăng nhập sai nhiều lần nên tạm phải chờ. Vui lòng thử lại sau ít giây hoặc ít phút; quản trị hệ thống có thể gỡ chặn ngay.
err-422 = Không thực hiện được
err-422-msg = Yêu cầu bị từ chối theo quy định; không có gì được thay đổi.
err-500 = Lỗi máy chủ
err-500-msg = Đã có lỗi khi xử lý yêu cầu. Hãy báo cho quản trị hệ thống kèm mã yêu cầu dưới đây.

## Home

home-title = Tổng quan
home-scope = Phạm vi của bạn
home-persons = nhân khẩu
home-households = hộ gia đình
home-communes = xã/phường
home-tasks = Việc thường làm
home-import = Nhập tệp Excel/CSV
home-export = Xuất danh sách
home-audit = Xem nhật ký
home-admin = Quản lý tài khoản và mã truy cập API
scope-communes = xã/phường

## Fields

field-pid = Số định danh
field-full_name = Họ và tên
field-sex = Giới tính
field-birth = Ngày sinh
field-ethnicity = Dân tộc
field-commune = Xã/phường
field-phone = Số điện thoại
field-death = Ngày mất
field-household = Hộ gia đình
field-household_code = Mã hộ
field-address = Địa chỉ
field-head = Chủ hộ
field-relation = Quan hệ với chủ hộ
field-settlement = Khu vực
field-updated = Cập nhật lần cuối
field-person = Nhân khẩu
field-reason = Lý do
field-joined_on = Ngày vào hộ
field-left_on = Ngày rời hộ
choose = — chọn —

## History and audit

history-title = Lịch sử thay đổi
history-none = Chưa có thay đổi nào được ghi.
history-by = bởi
history-field = Thông tin
history-before = Trước
nav-rules = Quy định
nav-payroll = Chi trả
nav-dossiers = Hồ sơ trợ cấp
nav-review = Rà soát nghèo
history-open_record = Mở hồ sơ
history-after = Sau

## Administration: accounts and API tokens

entity-person = Nhân khẩu
entity-household = Hộ
entity-user = Tài khoản
entity-registry = Sổ đăng ký
entity-database = Cơ sở dữ liệu
field-display_name = Họ tên
field-role = Vai trò
field-areas = Địa bàn
field-must_change = Phải đổi mật khẩu
field-disabled = Đã khóa
