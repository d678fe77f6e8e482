### Registry: persons, households, areas, import and export.
### English. Every message here must also be in the other language's file.
## Fields

hint-pid = 12 digits on the ID card; leave empty if unknown.
hint-birth = dd/mm/yyyy; if only the month or year is known: mm/yyyy or yyyy.
hint-phone = For example 0905123456.
hint-death = dd/mm/yyyy; leave empty if alive.
hint-household_code = Letters, digits, '-', '_', '/' or '.'; at most 30 characters.

## Persons

persons-title = Persons
persons-new = Add a person
persons-edit = Edit person
persons-search_label = Name or personal ID
persons-placeholder = e.g. nguyen thi ai van or 046185000123
persons-none = No person matches.
persons-no_pid = no personal ID
person-legacy = Legacy record without a personal ID: matched by name, birth date and area.
person-data_copy = Copy of personal data
person-data_copy_hint = A JSON file with the person's record and its whole log of access and changes, to hand to that person on request (Decree 13/2023/ND-CP). Making the copy is recorded in the log.
person-no_household = not in a household

## Households

households-title = Households
households-new = Add a household
households-search_label = Household code or head's name
households-placeholder = e.g. HO-19900-0001 or tran van binh
households-none = No household matches.
households-no_head = no head
household-title = Household
household-current = Current members
household-past = Former members
household-no_members = The household has no members yet.
household-joined = Joined
household-left = Left
household-move_out = Move out
household-add = Add a member
household-find = Find a person by name
household-pick = Choose the person
household-by_pid = or type the personal ID
household-by_pid_hint = The person must already be in the registry.
household-date = Date
household-reason = Reason
household-add_submit = Add to household
household-need_person = Choose a person from the results or type a personal ID.
household-unknown_pid = No person with this personal ID in your scope.
household-added = Member added.
household-moved_out = Move-out recorded.
household-not_member = This person is not a current member of the household.

## Areas

areas-title = Administrative areas
areas-on_date = Units in force on
areas-show = Show
areas-today = today
areas-code = Code
areas-name = Name
areas-merged = Former units merged in (before 01/07/2025)
areas-became = Since 01/07/2025 part of
areas-source = Source: Resolution 1675/NQ-UBTVQH15 on the 2025 reorganisation of Huế's communes; the public catalogue shipped with ansinh.
areas-bad_date = The date must be dd/mm/yyyy.

## Import and export

transfer-title = Import and export
import-title = Import from an Excel or CSV file
import-lead = Choose the layout and the file. ansinh checks the whole file first (writing nothing); then you read the report and confirm.
import-layout = Layout
layout-persons = Persons
layout-households = Households
import-file = File
import-check = Check the file
import-templates = Download a blank template
import-report = File check report
import-result = Import result
import-rows = data rows
import-rows_ok = good rows
import-rows_bad = rows with errors
import-created = records created
import-seconds = seconds
import-errors = Errors by row and column
import-row = Row
import-column = Column
import-reason = Problem
import-rejected_download = Download the rejected rows (.xlsx) to fix and import again
import-skip_bad = Skip the rows with errors and import the good ones
import-skip_hint = Unless ticked, nothing of a file with errors is imported.
import-confirm = Confirm the import
import-another = Import another file
import-all_ok = Every row is good. Press “Confirm the import” to write them to the registry.
import-none_ok = No row is good: fix the file and try again.
import-not_written = Nothing was written because the file has rows with errors. Fix the file, or import again and tick “skip the rows with errors”.
import-written = Import finished.
import-expired = The uploaded file is gone (over 30 minutes, or you signed out). Upload it again.
import-running = This file is being imported now (another confirmation is running). Wait a moment and reload to see the result; the file is imported only once.
import-no_file = Choose an .xlsx or .csv file.
export-title = Export lists
export-lead = Exported files use the import layouts, so they can be corrected and imported again.

## Relations to the head of household

relation-head = Head
relation-spouse = Spouse
relation-child = Child
relation-child-in-law = Child-in-law
relation-parent = Parent
relation-parent-in-law = Parent-in-law
relation-grandparent = Grandparent
relation-grandchild = Grandchild
relation-sibling = Sibling
relation-other = Other

## Reasons for joining or leaving a household

reason-birth = Birth
reason-moved-in = Moved in
reason-registered = First registration
reason-moved-out = Moved away
reason-death = Death
reason-split = Household split
reason-correction = Correction

## Sexes

sex-male = Male
sex-female = Female

## Settlements (of an area)

settlement-urban = urban
settlement-rural = rural

## Messages with variables (the numbers and dates come formatted)

persons-opened = The record has been opened { $count } times (details in the audit log).
areas-communes_in_force = { $communes } commune-level units in force on { $date }; two-level local government since 01/07/2025.
areas-former_by_district = Former units by district (until { $date })
areas-units_in_force = { $districts } districts and { $communes } commune-level units in force on { $date }.
areas-by_district = Units by district on { $date }
import-limit = An .xlsx or .csv (UTF-8) file, at most { $mib } MiB.
import-too_large = The file is over the { $mib } MiB limit; split it and import the parts.
import-more_errors = … and { $count } more errors (all are in the rejected-rows file).
