### Social assistance: dossiers and rules.
### Vietnamese (the default language). Every message here must also be in the other language's file.
## History and audit

dossiers-title = Hồ sơ đề nghị trợ cấp xã hội hằng tháng
dossiers-open_only = Chỉ hồ sơ đang giải quyết
dossiers-all = Tất cả hồ sơ
dossiers-none = Không có hồ sơ nào đang giải quyết.
dossiers-person = Người đề nghị
dossiers-group = Nhóm đối tượng
dossiers-received = Ngày nhận
dossiers-next = Bước tiếp theo
dossiers-due = Hạn
dossiers-overdue = Quá hạn
dossiers-intake = Tiếp nhận hồ sơ
dossiers-form = Mẫu đơn
dossiers-household = Hộ gia đình
dossiers-poor = Hộ nghèo
dossiers-near_poor = Hộ cận nghèo
dossiers-other = Khác
dossiers-documents = Giấy tờ đã nhận
dossiers-take_in = Tiếp nhận
dossiers-pid_unknown = Không tìm thấy người có số định danh này trong địa bàn của tài khoản
dossiers-choose = Hãy chọn một giá trị
dossiers-steps = Các bước giải quyết (ngày làm việc)
dossiers-step = Bước
dossiers-actor = Người thực hiện
dossiers-days = Số ngày
dossiers-done = Đã thực hiện
dossiers-decide = Quyết định trợ cấp
dossiers-decision_no = Số quyết định
dossiers-decision_date = Ngày ký
dossiers-grant = Ghi quyết định hưởng
dossiers-reject = Không giải quyết
dossiers-reason = Lý do
dossiers-bad_coefficient = Hệ số không đúng dạng
rules-title = Quy định đang áp dụng
rules-on_date = Áp dụng ngày
rules-show = Xem
rules-assistance = Trợ giúp xã hội hằng tháng và hỗ trợ
rules-key = Mã
rules-condition = Điều kiện
rules-value = Giá trị
rules-from = Từ ngày
rules-to = Đến ngày
rules-basis = Căn cứ
rules-status = Đối chiếu
rules-confirmed = Đã đối chiếu
rules-unconfirmed = Chưa xác nhận
rules-base = mức chuẩn
rules-local = Tỉnh quy định
rules-poverty = Chuẩn nghèo đa chiều năm
rules-settlement = Khu vực
rules-line = Chuẩn nghèo (thu nhập/người/tháng)
rules-ceiling = Mức sống trung bình đến
rules-threshold = Thiếu hụt từ (chỉ số) là hộ nghèo
rules-score = Phương pháp chấm điểm
rules-holidays = Ngày nghỉ lễ, Tết năm
rules-unconfirmed_note = Dòng “Chưa xác nhận” lấy từ nguồn thứ cấp, chưa đối chiếu văn bản gốc; vẫn được áp dụng cho đến khi có dòng mới.

## Beneficiary groups (NĐ 20/2021 Điều 5; looked up by the group's code, as the core names them)

assistance-group-k1 = Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng
assistance-group-k2 = Người từ 16 đến 22 tuổi đang học (thuộc khoản 1)
assistance-group-k3 = Trẻ em nhiễm HIV/AIDS thuộc hộ nghèo
assistance-group-k4 = Người đơn thân nghèo đang nuôi con
assistance-group-k5a = Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng
assistance-group-k5b = Người từ đủ 75 đến 80 tuổi thuộc hộ nghèo, cận nghèo ở vùng đặc biệt khó khăn
assistance-group-k5c = Người từ đủ 80 tuổi không có lương hưu, trợ cấp hằng tháng
assistance-group-k5d = Người cao tuổi nghèo không người phụng dưỡng được nhận chăm sóc tại cộng đồng
assistance-group-k6 = Người khuyết tật nặng, đặc biệt nặng
assistance-group-k7 = Trẻ em dưới 3 tuổi thuộc hộ nghèo, cận nghèo ở vùng đặc biệt khó khăn
assistance-group-k8 = Người nhiễm HIV/AIDS thuộc hộ nghèo không có thu nhập ổn định

## Kinds of rule rows (looked up by the kind's code)

assistance-rule-base_level = Mức chuẩn trợ giúp xã hội
assistance-rule-coefficient = Hệ số trợ cấp xã hội hằng tháng
assistance-rule-care_coefficient = Hệ số hỗ trợ kinh phí chăm sóc, nuôi dưỡng
assistance-rule-facility_coefficient = Hệ số trợ cấp nuôi dưỡng tại cơ sở
assistance-rule-multiple = Bội số mức chuẩn (hỗ trợ một lần)

## Who takes a step of a dossier (looked up by the actor's code)

assistance-actor-commune_officer = Công chức văn hóa - xã hội cấp xã
assistance-actor-commune_chairman = Chủ tịch UBND cấp xã
assistance-actor-commune_office = Phòng Văn hóa - Xã hội cấp xã
assistance-actor-district_office = Phòng Lao động - Thương binh và Xã hội cấp huyện
assistance-actor-district_chairman = Chủ tịch UBND cấp huyện
assistance-actor-province_department = Sở phụ trách bảo trợ xã hội
assistance-actor-province_chairman = Chủ tịch UBND cấp tỉnh

## Where a dossier stands (looked up by the status's code)

assistance-status-open = đang giải quyết
assistance-status-granted = đã có quyết định hưởng
assistance-status-rejected = không đủ điều kiện

## The shipped procedures and their steps (by the procedure's code, then the step's)

assistance-procedure-nd20_district = Thủ tục theo NĐ 20/2021/NĐ-CP (cấp huyện quyết định)
assistance-procedure-nd147_commune = Thủ tục từ 01/7/2025 (cấp xã quyết định)
assistance-procedure-province_variant = Thủ tục cấp tỉnh quyết định (phương án)
assistance-step-nd20_district-review = Rà soát hồ sơ, trình Chủ tịch UBND xã xét duyệt
assistance-step-nd20_district-posting = Niêm yết công khai kết quả xét duyệt
assistance-step-nd20_district-complaint = Xem xét, kết luận khiếu nại
assistance-step-nd20_district-transfer = Gửi văn bản đề nghị kèm hồ sơ lên Phòng LĐTBXH
assistance-step-nd20_district-appraisal = Thẩm định, trình Chủ tịch UBND huyện
assistance-step-nd20_district-decision = Quyết định trợ cấp xã hội hằng tháng
assistance-step-nd147_commune-review = Rà soát hồ sơ, trình Chủ tịch UBND xã xét duyệt
assistance-step-nd147_commune-posting = Niêm yết công khai kết quả xét duyệt
assistance-step-nd147_commune-complaint = Xem xét, kết luận khiếu nại
assistance-step-nd147_commune-appraisal = Thẩm định, trình Chủ tịch UBND xã
assistance-step-nd147_commune-decision = Quyết định trợ cấp xã hội hằng tháng
assistance-step-province_variant-review = Rà soát hồ sơ, trình Chủ tịch UBND xã xét duyệt
assistance-step-province_variant-posting = Niêm yết công khai kết quả xét duyệt
assistance-step-province_variant-complaint = Xem xét, kết luận khiếu nại
assistance-step-province_variant-transfer = Gửi văn bản đề nghị kèm hồ sơ lên Sở
assistance-step-province_variant-appraisal = Thẩm định, trình Chủ tịch UBND tỉnh
assistance-step-province_variant-decision = Quyết định trợ cấp xã hội hằng tháng
