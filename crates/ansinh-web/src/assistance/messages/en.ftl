### Social assistance: dossiers and rules.
### English. Every message here must also be in the other language's file.
## History and audit

dossiers-title = Monthly allowance dossiers
dossiers-open_only = Open dossiers only
dossiers-all = All dossiers
dossiers-none = No open dossier.
dossiers-person = Applicant
dossiers-group = Group
dossiers-received = Received
dossiers-next = Next step
dossiers-due = Due
dossiers-overdue = Overdue
dossiers-intake = Take in a dossier
dossiers-form = Form
dossiers-household = Household
dossiers-poor = Poor
dossiers-near_poor = Near-poor
dossiers-other = Other
dossiers-documents = Documents received
dossiers-take_in = Take in
dossiers-pid_unknown = No person with this ID in your area
dossiers-choose = Choose a value
dossiers-steps = Procedure steps (working days)
dossiers-step = Step
dossiers-actor = Done by
dossiers-days = Days
dossiers-done = Done
dossiers-decide = Decision
dossiers-decision_no = Decision number
dossiers-decision_date = Signed on
dossiers-grant = Record the grant
dossiers-reject = Reject
dossiers-reason = Reason
dossiers-bad_coefficient = Coefficient not understood
rules-title = Rules in force
rules-on_date = In force on
rules-show = Show
rules-assistance = Social assistance and support
rules-key = Code
rules-condition = Condition
rules-value = Value
rules-from = From
rules-to = Until
rules-basis = Legal basis
rules-status = Checked
rules-confirmed = Confirmed
rules-unconfirmed = Unconfirmed
rules-base = base level
rules-local = Provincial
rules-poverty = Multidimensional poverty standard for
rules-settlement = Area type
rules-line = Poverty line (income/person/month)
rules-ceiling = Average living standard up to
rules-threshold = Poor from (indicators lacked)
rules-score = Scoring method
rules-holidays = Public holidays in
rules-unconfirmed_note = “Unconfirmed” rows come from secondary sources not yet checked against the legal text; they apply until a new row replaces them.

## Beneficiary groups (NĐ 20/2021 Điều 5; looked up by the group's code, as the core names them)

assistance-group-k1 = Child under 16 with no source of support
assistance-group-k2 = Person aged 16 to 22 still in education (formerly under clause 1)
assistance-group-k3 = Child with HIV/AIDS in a poor household
assistance-group-k4 = Poor single parent raising a child
assistance-group-k5a = Elderly person in a poor household with no one to support them
assistance-group-k5b = Person aged 75 to 80 in a poor or near-poor household in an extremely disadvantaged area
assistance-group-k5c = Person aged 80 or over with no pension or monthly allowance
assistance-group-k5d = Poor elderly person with no one to support them, cared for in the community
assistance-group-k6 = Person with a severe or extremely severe disability
assistance-group-k7 = Child under 3 in a poor or near-poor household in an extremely disadvantaged area
assistance-group-k8 = Person with HIV/AIDS in a poor household with no stable income

## Kinds of rule rows (looked up by the kind's code)

assistance-rule-base_level = Social assistance base level
assistance-rule-coefficient = Monthly social allowance coefficient
assistance-rule-care_coefficient = Care and nurture support coefficient
assistance-rule-facility_coefficient = Nurture allowance coefficient in a social assistance facility
assistance-rule-multiple = Multiple of the base level (one-off support)

## Who takes a step of a dossier (looked up by the actor's code)

assistance-actor-commune_officer = Commune culture and social affairs officer
assistance-actor-commune_chairman = Chairman of the commune People's Committee
assistance-actor-commune_office = Commune Office of Culture and Social Affairs
assistance-actor-district_office = District Office of Labour, Invalids and Social Affairs
assistance-actor-district_chairman = Chairman of the district People's Committee
assistance-actor-province_department = Provincial department in charge of social assistance
assistance-actor-province_chairman = Chairman of the provincial People's Committee

## Where a dossier stands (looked up by the status's code)

assistance-status-open = in progress
assistance-status-granted = allowance granted
assistance-status-rejected = not eligible

## The shipped procedures and their steps (by the procedure's code, then the step's)

assistance-procedure-nd20_district = Procedure of Decree 20/2021/NĐ-CP (decided at district level)
assistance-procedure-nd147_commune = Procedure from 01/07/2025 (decided at commune level)
assistance-procedure-province_variant = Procedure decided at province level (variant)
assistance-step-nd20_district-review = Review the dossier and submit it to the commune chairman for approval
assistance-step-nd20_district-posting = Post the result of the review publicly
assistance-step-nd20_district-complaint = Examine complaints and conclude on them
assistance-step-nd20_district-transfer = Send the request with the dossier to the district Office of Labour, Invalids and Social Affairs
assistance-step-nd20_district-appraisal = Appraise and submit to the district chairman
assistance-step-nd20_district-decision = Decide on the monthly social allowance
assistance-step-nd147_commune-review = Review the dossier and submit it to the commune chairman for approval
assistance-step-nd147_commune-posting = Post the result of the review publicly
assistance-step-nd147_commune-complaint = Examine complaints and conclude on them
assistance-step-nd147_commune-appraisal = Appraise and submit to the commune chairman
assistance-step-nd147_commune-decision = Decide on the monthly social allowance
assistance-step-province_variant-review = Review the dossier and submit it to the commune chairman for approval
assistance-step-province_variant-posting = Post the result of the review publicly
assistance-step-province_variant-complaint = Examine complaints and conclude on them
assistance-step-province_variant-transfer = Send the request with the dossier to the provincial department
assistance-step-province_variant-appraisal = Appraise and submit to the provincial chairman
assistance-step-province_variant-decision = Decide on the monthly social allowance
