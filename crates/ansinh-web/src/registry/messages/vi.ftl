### Registry: persons, households, areas, import and export.
### Vietnamese (the default language). Every message here must also be in the other language's file.
## Fields

hint-pid = 12 chữ số trên căn cước; để trống nếu chưa có.
hint-birth = dd/mm/yyyy; nếu chỉ biết tháng hoặc năm: mm/yyyy hoặc yyyy.
hint-phone = Ví dụ 0905123456.
hint-death = dd/mm/yyyy; để trống nếu còn sống.
hint-household_code = Chữ, số, '-', '_', '/' hoặc '.'; tối đa 30 ký tự.

## Persons

persons-title = Nhân khẩu
persons-new = Thêm nhân khẩu
persons-edit = Sửa nhân khẩu
persons-search_label = Họ tên hoặc số định danh
persons-placeholder = ví dụ: nguyen thi ai van hoặc 046185000123
persons-none = Không có nhân khẩu nào khớp.
persons-no_pid = chưa có số định danh
person-legacy = Hồ sơ cũ chưa có số định danh: được đối chiếu theo họ tên, ngày sinh và địa bàn.
person-data_copy = Bản sao dữ liệu cá nhân
person-data_copy_hint = Tệp JSON gồm thông tin của nhân khẩu và toàn bộ nhật ký truy cập, thay đổi, để giao cho chính người đó khi họ yêu cầu (Nghị định 13/2023/NĐ-CP). Việc lập bản sao được ghi vào nhật ký.
person-no_household = chưa thuộc hộ nào

## Households

households-title = Hộ gia đình
households-new = Thêm hộ gia đình
households-search_label = Mã hộ hoặc họ tên chủ hộ
households-placeholder = ví dụ: HO-19900-0001 hoặc tran van binh
households-none = Không có hộ nào khớp.
households-no_head = chưa có chủ hộ
household-title = Hộ
household-current = Thành viên hiện tại
household-past = Thành viên trước đây
household-no_members = Hộ chưa có thành viên.
household-joined = Vào hộ
household-left = Rời hộ
household-move_out = Chuyển đi
household-add = Thêm thành viên
household-find = Tìm nhân khẩu theo họ tên
household-pick = Chọn nhân khẩu
household-by_pid = hoặc nhập số định danh
household-by_pid_hint = Người này phải đã có trong sổ đăng ký.
household-date = Ngày
household-reason = Lý do
household-add_submit = Thêm vào hộ
household-need_person = Hãy chọn một nhân khẩu trong kết quả tìm hoặc nhập số định danh.
household-unknown_pid = Không có nhân khẩu với số định danh này trong phạm vi của bạn.
household-added = Đã thêm thành viên.
household-moved_out = Đã ghi nhận chuyển đi.
household-not_member = Người này không phải thành viên hiện tại của hộ.

## Areas

areas-title = Địa bàn hành chính
areas-on_date = Đơn vị có hiệu lực ngày
areas-show = Xem
areas-today = hôm nay
areas-code = Mã
areas-name = Tên
areas-merged = Đơn vị cũ đã hợp nhất (trước 01/07/2025)
areas-became = Từ 01/07/2025 thuộc
areas-source = Nguồn: Nghị quyết 1675/NQ-UBTVQH15 về sắp xếp đơn vị hành chính cấp xã của thành phố Huế năm 2025; danh mục dữ liệu công khai đi kèm ansinh.
areas-bad_date = Ngày phải có dạng dd/mm/yyyy.

## Import and export

transfer-title = Nhập và xuất dữ liệu
import-title = Nhập từ tệp Excel hoặc CSV
import-lead = Chọn mẫu và tệp. ansinh kiểm tra toàn bộ tệp trước (không ghi gì), rồi bạn xem báo cáo và xác nhận.
import-layout = Mẫu tệp
layout-persons = Nhân khẩu
layout-households = Hộ gia đình
import-file = Tệp
import-check = Kiểm tra tệp
import-templates = Tải mẫu nhập liệu
import-report = Báo cáo kiểm tra tệp
import-result = Kết quả nhập
import-rows = dòng dữ liệu
import-rows_ok = dòng hợp lệ
import-rows_bad = dòng có lỗi
import-created = bản ghi đã tạo
import-seconds = giây
import-errors = Lỗi theo dòng và cột
import-row = Dòng
import-column = Cột
import-reason = Lỗi
import-rejected_download = Tải các dòng lỗi (.xlsx) để sửa và nhập lại
import-skip_bad = Bỏ qua dòng lỗi, chỉ nhập các dòng hợp lệ
import-skip_hint = Nếu không chọn, tệp có lỗi sẽ không được nhập dòng nào.
import-confirm = Xác nhận nhập
import-another = Nhập tệp khác
import-all_ok = Mọi dòng đều hợp lệ. Bấm “Xác nhận nhập” để ghi vào sổ đăng ký.
import-none_ok = Không có dòng nào hợp lệ: hãy sửa tệp và thử lại.
import-not_written = Không ghi gì vì tệp có dòng lỗi. Hãy sửa tệp, hoặc nhập lại và chọn “bỏ qua dòng lỗi”.
import-written = Đã nhập xong.
import-expired = Tệp đã tải lên không còn (quá 30 phút hoặc đã đăng xuất). Hãy tải tệp lên lại.
import-running = Tệp này đang được nhập (một lần xác nhận khác đang chạy). Chờ một lát rồi tải lại trang để xem kết quả; tệp chỉ được nhập một lần.
import-no_file = Hãy chọn một tệp .xlsx hoặc .csv.
export-title = Xuất danh sách
export-lead = Tệp xuất có cùng mẫu với tệp nhập, nên có thể sửa rồi nhập lại.

## Relations to the head of household

relation-head = Chủ hộ
relation-spouse = Vợ/chồng
relation-child = Con
relation-child-in-law = Con dâu/con rể
relation-parent = Cha/mẹ
relation-parent-in-law = Cha/mẹ vợ/chồng
relation-grandparent = Ông/bà
relation-grandchild = Cháu
relation-sibling = Anh/chị/em
relation-other = Khác

## Reasons for joining or leaving a household

reason-birth = Sinh
reason-moved-in = Chuyển đến
reason-registered = Đăng ký ban đầu
reason-moved-out = Chuyển đi
reason-death = Chết
reason-split = Tách hộ
reason-correction = Sửa sai

## Sexes

sex-male = Nam
sex-female = Nữ

## Settlements (of an area)

settlement-urban = thành thị
settlement-rural = nông thôn

## Messages with variables (the numbers and dates come formatted)

persons-opened = Hồ sơ đã được mở { $count } lần (chi tiết trong nhật ký).
areas-communes_in_force = { $communes } đơn vị cấp xã có hiệu lực ngày { $date }; chính quyền địa phương hai cấp từ 01/07/2025.
areas-former_by_district = Đơn vị cũ theo huyện (đến { $date })
areas-units_in_force = { $districts } huyện/thị xã/quận và { $communes } đơn vị cấp xã có hiệu lực ngày { $date }.
areas-by_district = Đơn vị theo huyện ngày { $date }
import-limit = Tệp .xlsx hoặc .csv (UTF-8), tối đa { $mib } MiB.
import-too_large = Tệp vượt quá giới hạn { $mib } MiB; hãy chia nhỏ tệp rồi nhập từng phần.
import-more_errors = … và { $count } lỗi khác (có đủ trong tệp các dòng lỗi).
