### Accounts: administration, API tokens and the audit log.
### Vietnamese (the default language). Every message here must also be in the other language's file.
## Administration: accounts and API tokens

admin-title = Quản trị tài khoản
admin-users = Tài khoản cán bộ
admin-username = Tên đăng nhập
admin-name = Họ tên
admin-role = Vai trò
admin-areas = Địa bàn
admin-areas_hint = Mã địa bàn, cách nhau dấu phẩy: 46 cho cả tỉnh, hoặc mã xã/phường như 19900
admin-whole_province = Cả tỉnh (thành phố Huế)
admin-state = Trạng thái
admin-actions = Thao tác
admin-active_tag = Đang dùng
admin-disabled_tag = Đã khoá
admin-must_change_tag = Chờ đổi mật khẩu
admin-disable = Khoá
admin-enable = Mở khoá
admin-temp_password = Mật khẩu tạm
admin-temp_password_hint = Ít nhất 10 ký tự, không chứa tên đăng nhập hay họ tên, không dễ đoán; người dùng phải đổi ở lần đăng nhập đầu
admin-reset = Đặt lại mật khẩu
admin-unblock = Gỡ chặn đăng nhập
admin-unblock_hint = Bỏ thời gian chờ sau các lần nhập sai mật khẩu, để tài khoản đăng nhập lại được ngay từ mọi nơi
admin-unblocked = Đã gỡ chặn đăng nhập: tài khoản đăng nhập lại được ngay từ mọi nơi.
admin-new_user = Thêm tài khoản
admin-create_user = Tạo tài khoản
admin-choose_role = Chọn vai trò
admin-tokens = Mã truy cập API
admin-tokens_lead = Cho các hệ thống kết nối (Cổng dịch vụ công, cơ sở dữ liệu dân cư): mỗi mã có vai trò và địa bàn như một tài khoản.
admin-no_tokens = Chưa cấp mã truy cập nào.
admin-token_name = Tên hệ thống
admin-issued = Cấp lúc · bởi
admin-last_used = Dùng lần cuối
admin-revoked_tag = Đã thu hồi
admin-revoke = Thu hồi
admin-new_token = Cấp mã mới
admin-create_token = Cấp mã
admin-secret_title = Mã truy cập mới
admin-secret_once = Mã chỉ hiện một lần này: hãy chép và trao cho bên kết nối qua kênh an toàn. Hệ thống chỉ lưu bản băm của mã.
admin-created = Đã tạo tài khoản.
admin-disabled = Đã khoá tài khoản và kết thúc các phiên của nó.
admin-enabled = Đã mở khoá tài khoản.
admin-reset_done = Đã đặt mật khẩu tạm; người dùng phải đổi khi đăng nhập.
admin-revoked = Đã thu hồi mã truy cập.
audit-title = Nhật ký hệ thống
audit-actor = Người thực hiện
audit-action = Hành động
audit-all_actions = Mọi hành động
audit-filter = Lọc
audit-none = Không có mục nào.
audit-at = Thời điểm
audit-entity = Đối tượng
audit-details = Chi tiết
action-create = Tạo mới
action-update = Sửa
action-view = Xem hồ sơ
action-import = Nhập tệp
action-bulk_load = Nạp hàng loạt
action-move_in = Vào hộ
action-move_out = Rời hộ
action-duplicate_check = Rà soát trùng
action-denied = Bị từ chối
action-login = Đăng nhập
action-login_failed = Đăng nhập sai
action-logout = Đăng xuất
action-backup = Sao lưu
action-restore = Khôi phục

## Why a new password is refused (the core's rule, ansinh_core::accounts::password)

pw-too_short = mật khẩu cần ít nhất { $min } ký tự
pw-contains_username = mật khẩu không được chứa tên đăng nhập
pw-contains_name = mật khẩu không được chứa họ tên người dùng
pw-repeated = mật khẩu lặp lại một ký tự hoặc một cụm ký tự (như aaaa, abcabc) nên rất dễ đoán
pw-sequence = mật khẩu là một dãy ký tự liền nhau (như abcd, 6789) nên rất dễ đoán
pw-common = mật khẩu là một mật khẩu hoặc một từ thông dụng nên rất dễ đoán
pw-guessable = mật khẩu quá dễ đoán (hàng phím liền nhau, ngày tháng, năm hoặc tên riêng)

## Roles

role-admin = Quản trị hệ thống
role-province-officer = Cán bộ tỉnh
role-commune-officer = Cán bộ xã
role-leader = Lãnh đạo
role-inspector = Thanh tra
