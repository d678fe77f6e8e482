### Poverty review: campaigns, surveys, reports and printed forms.
### English. Every message here must also be in the other language's file.
## History and audit

review-title = Poverty review
review-year = Review year
review-report = Review results
review-report_empty = No commune of this year has been classified yet, so there are no figures. Choose another year, or open and classify the review on the poverty review page.
review-standard_note = Classified with the standard of
review-none = No review in your area for this year yet.
review-listed = Households listed
review-surveyed = Surveyed
review-approved_on = Approved
review-open = Open a review
review-steps = Commune steps
review-date = Date
review-record_step = Record
review-approve = Approve results
review-list = Households to review
review-classify = Classify
review-classify_hint = Can be repeated until approval.
review-basis = Listed because
review-basis_poor = Poor last year
review-basis_near_poor = Near-poor last year
review-basis_applied = Applied (form 01)
review-surveyed_on = Surveyed on
review-class = Result
review-survey = Enter survey
review-resurvey = Re-enter
review-survey_title = Survey
review-means = Income
review-members = Household members
review-method = Method
review-income = Income (VND/person/month)
review-score = Score A
review-value = Value
review-indicators = The 12 deprivation indicators
review-yes = Yes
review-no = No
review-surveyor = Surveyor
review-save_survey = Save survey
review-basis_areas = Areas
review-areas_of_year = Communes of that year
review-areas_today = Today's 40 communes
review-campaigns_approved = Reviews approved
review-rates = Poverty and near-poverty rates
review-households = Households
review-poor = Poor
review-poor_rate = Poverty rate
review-near_poor = Near-poor
review-near_poor_rate = Near-poverty rate
review-movements = Movements against the previous year
review-province_total = All
review-forms_xlsx = Download the report forms (XLSX)
review-add_applicants = Applicant households (codes)
review-add = Add to the list
review-need_codes = Enter at least one household code.
review-children = Children under 16 (for the child deprivation form)
review-children_hint = An empty "of whom" count is 0.
review-forms = Printable report forms
review-forms_all = Print every form
review-forms_hint = A4 landscape; use the browser's Print (Ctrl+P).
review-form_no = Form
review-form_empty = No rows.
review-back_to_report = Review results
review-people_committee = People's Committee
review-motto = Independence - Freedom - Happiness
review-country = Socialist Republic of Vietnam
review-prepared_by = Prepared by
review-head_of_unit = Head of unit
review-sign = (Signature and full name)
review-sign_seal = (Signature, full name and seal)

## Survey questions, as the reviewer asks them (a yes/no question says which way is the deprivation)

review-q-members = Number of members
review-q-income = Average income per person per month
review-q-score_a = Score A
review-q-employment = Is any member without stable employment?
review-q-dependants = Number of dependants in the household
review-q-nutrition = Is any child under 16 malnourished?
review-q-health_insurance = Is anyone aged 6 or over without health insurance?
review-q-adult_education = Is anyone aged 16–30 out of school and below the education level of their age?
review-q-child_schooling = Is any child aged 3 to under 16 not at school at the level of their age?
review-q-housing_structure = Main structures (walls, columns, roof) that are not durable (0–3)
review-q-floor_area = Floor area of the dwelling (m², e.g. 31,5)
review-q-water_source = Source of household water
review-q-toilet = Type of toilet
review-q-telecom = Does any member use a telephone or the internet?
review-q-information_device = Is there a means of access to information (TV, radio, computer, telephone)?
review-q-children_under_16 = Children under 16 in the household (0 if none)
review-q-children_malnourished = Of whom: malnourished children
review-q-children_without_health_insurance = Of whom: children aged 6 to under 16 without health insurance
review-q-children_not_at_school_level = Of whom: children aged 3 to under 16 not at school at the level of their age

## Sources of household water (looked up by the source's code)

review-water-nuoc_may = Piped water
review-water-gieng_khoan = Drilled well
review-water-gieng_dao_bao_ve = Protected dug well
review-water-khe_mo_bao_ve = Protected spring
review-water-nuoc_mua = Rainwater
review-water-nuoc_dong_binh = Bottled or jar water
review-water-gieng_dao_khong_bao_ve = Unprotected dug well
review-water-khe_mo_khong_bao_ve = Unprotected spring
review-water-nuoc_mat = River, stream, pond or lake water
review-water-khac = Other source

## Types of toilet (looked up by the type's code)

review-toilet-tu_hoai = Septic tank
review-toilet-ban_tu_hoai = Semi-septic tank
review-toilet-tham_doi_nuoc = Pour-flush
review-toilet-hai_ngan = Double-vault
review-toilet-chim_co_ong_thong_hoi = Ventilated pit latrine
review-toilet-khong_hop_ve_sinh = Other, unhygienic toilet
review-toilet-cau_ca = Toilet over a pond or water
review-toilet-khong_co = No toilet

## Classes of a household (looked up by the class's code)

review-class-ngheo = Poor household
review-class-can_ngheo = Near-poor household
review-class-muc_song_trung_binh = Household of average living standard
review-class-khong_ngheo = Non-poor household

## States of a campaign (looked up by the state's code)

review-campaign-open = under review
review-campaign-classified = classified
review-campaign-approved = approved

## The commune steps after classification, written to sit inside a sentence (looked up by the step)

review-step-meeting = village meeting agreeing on the results
review-step-posting = public posting
review-step-complaints_closed = end of complaint settlement

## Lines of the movement report, as each list's report names them (by the list, then the line)

review-movement-poor-start = Households at the start of the period
review-movement-poor-escaped = Escaped poverty
review-movement-poor-to_other_list = Became near-poor
review-movement-poor-other_decrease = Other decreases
review-movement-poor-from_other_list = From the near-poor list
review-movement-poor-relapsed = Fell back into poverty
review-movement-poor-new = Newly poor
review-movement-poor-other_increase = Other increases
review-movement-poor-end = Households at the end of the period
review-movement-near_poor-start = Households at the start of the period
review-movement-near_poor-escaped = Escaped near-poverty
review-movement-near_poor-to_other_list = Became poor
review-movement-near_poor-other_decrease = Other decreases
review-movement-near_poor-from_other_list = From the poor list
review-movement-near_poor-relapsed = Fell back into near-poverty
review-movement-near_poor-new = Newly near-poor
review-movement-near_poor-other_increase = Other increases
review-movement-near_poor-end = Households at the end of the period
