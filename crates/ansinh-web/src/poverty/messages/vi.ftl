### Poverty review: campaigns, surveys, reports and printed forms.
### Vietnamese (the default language). Every message here must also be in the other language's file.
## History and audit

review-title = Rà soát hộ nghèo, hộ cận nghèo năm
review-year = Năm rà soát
review-report = Kết quả rà soát năm
review-report_empty = Năm này chưa có xã, phường nào được phân loại nên chưa có số liệu. Chọn năm khác, hoặc mở đợt rà soát và phân loại ở trang Rà soát hộ nghèo.
review-standard_note = Phân loại theo chuẩn nghèo áp dụng cho năm
review-none = Chưa có đợt rà soát nào trong phạm vi tài khoản cho năm này.
review-listed = Hộ trong danh sách
review-surveyed = Đã có phiếu
review-approved_on = Phê duyệt
review-open = Mở đợt rà soát
review-steps = Các bước ở xã
review-date = Ngày
review-record_step = Ghi ngày
review-approve = Phê duyệt kết quả
review-list = Danh sách hộ rà soát
review-classify = Phân loại
review-classify_hint = Tính lại được nhiều lần cho đến khi phê duyệt.
review-basis = Lý do rà soát
review-basis_poor = Hộ nghèo năm trước
review-basis_near_poor = Hộ cận nghèo năm trước
review-basis_applied = Có giấy đề nghị (Mẫu 01)
review-surveyed_on = Ngày rà soát
review-class = Kết quả
review-survey = Nhập phiếu
review-resurvey = Nhập lại
review-survey_title = Phiếu rà soát
review-means = Thu nhập
review-members = Số nhân khẩu
review-method = Phương pháp
review-income = Thu nhập bình quân (đồng/người/tháng)
review-score = Điểm A (chấm điểm)
review-value = Giá trị
review-indicators = 12 chỉ số thiếu hụt dịch vụ xã hội cơ bản
review-yes = Có
review-no = Không
review-surveyor = Người rà soát
review-save_survey = Lưu phiếu
review-basis_areas = Địa bàn
review-areas_of_year = Xã/phường của năm đó
review-areas_today = 40 xã/phường hiện nay
review-campaigns_approved = Đợt rà soát đã phê duyệt
review-rates = Tỷ lệ hộ nghèo, cận nghèo
review-households = Tổng số hộ
review-poor = Hộ nghèo
review-poor_rate = Tỷ lệ nghèo
review-near_poor = Hộ cận nghèo
review-near_poor_rate = Tỷ lệ cận nghèo
review-movements = Diễn biến so với năm trước (toàn phạm vi)
review-province_total = Toàn phạm vi
review-forms_xlsx = Tải các biểu báo cáo (XLSX, Phụ lục VII)
review-add_applicants = Hộ có giấy đề nghị rà soát (mã hộ)
review-add = Thêm vào danh sách
review-need_codes = Nhập ít nhất một mã hộ.
review-children = Trẻ em dưới 16 tuổi (cho biểu thiếu hụt của trẻ em)
review-children_hint = Ô "trong đó" để trống là 0.
review-forms = Biểu báo cáo để in (Phụ lục VII)
review-forms_all = In tất cả các biểu
review-forms_hint = Khổ A4 ngang; dùng lệnh In của trình duyệt (Ctrl+P).
review-form_no = Biểu
review-form_empty = Không có dòng nào.
review-back_to_report = Kết quả rà soát
review-people_committee = Ủy ban nhân dân
review-motto = Độc lập - Tự do - Hạnh phúc
review-country = Cộng hòa xã hội chủ nghĩa Việt Nam
review-prepared_by = Người lập biểu
review-head_of_unit = Thủ trưởng đơn vị
review-sign = (Ký, ghi rõ họ tên)
review-sign_seal = (Ký, ghi rõ họ tên, đóng dấu)

## Survey questions, as the reviewer asks them (a yes/no question says which way is the deprivation)

review-q-members = Số nhân khẩu
review-q-income = Thu nhập bình quân đầu người/tháng
review-q-score_a = Điểm A
review-q-employment = Có thành viên không có việc làm ổn định?
review-q-dependants = Số người phụ thuộc trong hộ
review-q-nutrition = Có trẻ em dưới 16 tuổi suy dinh dưỡng?
review-q-health_insurance = Có người từ 6 tuổi trở lên không có bảo hiểm y tế?
review-q-adult_education = Có người 16–30 tuổi không đi học và không đạt trình độ theo độ tuổi?
review-q-child_schooling = Có trẻ từ 3 đến dưới 16 tuổi không đi học đúng cấp?
review-q-housing_structure = Số kết cấu chính (tường, cột, mái) không bền chắc (0–3)
review-q-floor_area = Diện tích nhà ở (m², ví dụ 31,5)
review-q-water_source = Nguồn nước sinh hoạt
review-q-toilet = Loại nhà tiêu
review-q-telecom = Có thành viên sử dụng điện thoại hoặc internet?
review-q-information_device = Có phương tiện tiếp cận thông tin (ti vi, radio, máy tính, điện thoại)?
review-q-children_under_16 = Số trẻ em dưới 16 tuổi trong hộ (0 nếu không có)
review-q-children_malnourished = Trong đó: số trẻ suy dinh dưỡng
review-q-children_without_health_insurance = Trong đó: số trẻ từ 6 đến dưới 16 tuổi không có bảo hiểm y tế
review-q-children_not_at_school_level = Trong đó: số trẻ từ 3 đến dưới 16 tuổi không đi học đúng cấp

## Sources of household water (looked up by the source's code)

review-water-nuoc_may = Nước máy
review-water-gieng_khoan = Giếng khoan
review-water-gieng_dao_bao_ve = Giếng đào được bảo vệ
review-water-khe_mo_bao_ve = Nước khe, mó được bảo vệ
review-water-nuoc_mua = Nước mưa
review-water-nuoc_dong_binh = Nước đóng chai, đóng bình
review-water-gieng_dao_khong_bao_ve = Giếng đào không được bảo vệ
review-water-khe_mo_khong_bao_ve = Nước khe, mó không được bảo vệ
review-water-nuoc_mat = Nước sông, suối, ao, hồ
review-water-khac = Nguồn khác

## Types of toilet (looked up by the type's code)

review-toilet-tu_hoai = Tự hoại
review-toilet-ban_tu_hoai = Bán tự hoại
review-toilet-tham_doi_nuoc = Thấm dội nước
review-toilet-hai_ngan = Hai ngăn
review-toilet-chim_co_ong_thong_hoi = Chìm có ống thông hơi
review-toilet-khong_hop_ve_sinh = Nhà tiêu khác, không hợp vệ sinh
review-toilet-cau_ca = Cầu cá, cầu tõm
review-toilet-khong_co = Không có nhà tiêu

## Classes of a household (looked up by the class's code)

review-class-ngheo = Hộ nghèo
review-class-can_ngheo = Hộ cận nghèo
review-class-muc_song_trung_binh = Hộ có mức sống trung bình
review-class-khong_ngheo = Hộ không nghèo

## States of a campaign (looked up by the state's code)

review-campaign-open = đang rà soát
review-campaign-classified = đã phân loại
review-campaign-approved = đã phê duyệt

## The commune steps after classification, written to sit inside a sentence (looked up by the step)

review-step-meeting = họp dân thống nhất kết quả
review-step-posting = niêm yết công khai
review-step-complaints_closed = kết thúc giải quyết khiếu nại

## Lines of the movement report, as each list's report names them (by the list, then the line)

review-movement-poor-start = Số hộ đầu kỳ
review-movement-poor-escaped = Thoát nghèo
review-movement-poor-to_other_list = Thành hộ cận nghèo
review-movement-poor-other_decrease = Giảm khác
review-movement-poor-from_other_list = Từ hộ cận nghèo
review-movement-poor-relapsed = Tái nghèo
review-movement-poor-new = Phát sinh mới
review-movement-poor-other_increase = Tăng khác
review-movement-poor-end = Số hộ cuối kỳ
review-movement-near_poor-start = Số hộ đầu kỳ
review-movement-near_poor-escaped = Thoát cận nghèo
review-movement-near_poor-to_other_list = Thành hộ nghèo
review-movement-near_poor-other_decrease = Giảm khác
review-movement-near_poor-from_other_list = Từ hộ nghèo
review-movement-near_poor-relapsed = Tái cận nghèo
review-movement-near_poor-new = Phát sinh mới
review-movement-near_poor-other_increase = Tăng khác
review-movement-near_poor-end = Số hộ cuối kỳ
