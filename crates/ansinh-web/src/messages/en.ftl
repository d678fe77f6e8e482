### Shared by every page: navigation, footer, pager, common buttons and fields, errors, sign-in and password, home, history.
### English. Every message here must also be in the other language's file.
skip = Skip to main content
footer = Labour, people with merit and social affairs information system of Huế
nav-label = Main sections
nav-home = Home
nav-persons = Persons
nav-households = Households
nav-areas = Areas
nav-transfer = Import/Export
nav-audit = Audit log
nav-admin = Administration
nav-login = Sign in
nav-logout = Sign out
search = Search
save = Save
saved = Changes saved.
cancel = Cancel
edit = Edit
all_communes = All communes in your scope
pager = Pages
pager-first = « First page
pager-next = Next page »
pager-older = Older »
form-has_errors = The form has errors: see the message under each field.

## Login and password

login-title = Sign in
login-lead = Use the account your administrator gave you.
login-expired = Your session has expired. Please sign in again.
login-username = User name
login-password = Password
login-submit = Sign in
login-failed = Wrong user name or password.
pw-title = Change password
pw-forced = This is your first sign-in: set a password of your own before you start.
pw-rules = The new password needs at least 10 characters, must not contain your user name or full name, and must not be easy to guess (no repeated characters, no runs such as abcd or 1234, no common password). A long sentence of a few words that you remember makes a good password.
pw-current = Current password
pw-new = New password
pw-again = New password again
pw-submit = Change password
pw-wrong_current = The current password is wrong.
pw-mismatch = The two new passwords differ.
pw-same = The new password must differ from the current one.

## Errors

err-request_id = Request id
err-home = Back to home
err-400 = Bad request
err-400-msg = The server did not understand this request. Go back and try again.
err-403 = Not allowed
err-403-msg = Your account may not see or change this. The attempt has been recorded.
err-csrf = Invalid form
err-csrf-msg = The form was stale or not sent from ansinh, so nothing was changed. Reload the page and try again.
err-404 = Not found
err-404-msg = This page or record does not exist.
err-413 = File too large
err-413-msg = The upload exceeds the server's limit.
err-429 = Too many attempts
err-429-msg = Too many failed sign-ins, so there is a wait. Please try again in a few seconds or minutes; an administrator can clear it at once.
err-422 = Not done
err-422-msg = The request was refused by a rule; nothing was changed.
err-500 = Server error
err-500-msg = Something went wrong. Tell your administrator and give the request id below.

## Home

home-title = Overview
home-scope = Your scope
home-persons = persons
home-households = households
home-communes = communes
home-tasks = Common tasks
home-import = Import an Excel/CSV file
home-export = Export lists
home-audit = Browse the audit log
home-admin = Manage accounts and API tokens
scope-communes = communes

## Fields

field-pid = Personal ID
field-full_name = Full name
field-sex = Sex
field-birth = Date of birth
field-ethnicity = Ethnic group
field-commune = Commune
field-phone = Phone
field-death = Date of death
field-household = Household
field-household_code = Household code
field-address = Address
field-head = Head of household
field-relation = Relation to the head
field-settlement = Urban/rural
field-updated = Last updated
field-person = Person
field-reason = Reason
field-joined_on = Joined on
field-left_on = Left on
choose = — choose —

## History and audit

history-title = Change history
history-none = No change recorded yet.
history-by = by
history-field = Field
history-before = Before
nav-rules = Rules
nav-payroll = Payroll
nav-dossiers = Dossiers
nav-review = Poverty review
history-open_record = Open record
history-after = After

## Administration: accounts and API tokens

entity-person = Person
entity-household = Household
entity-user = Account
entity-registry = Registry
entity-database = Database
field-display_name = Name
field-role = Role
field-areas = Areas
field-must_change = Must change password
field-disabled = Disabled
