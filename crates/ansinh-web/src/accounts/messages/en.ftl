### Accounts: administration, API tokens and the audit log.
### English. Every message here must also be in the other language's file.
## Administration: accounts and API tokens

admin-title = Accounts and API tokens
admin-users = Officers' accounts
admin-username = User name
admin-name = Full name
admin-role = Role
admin-areas = Areas
admin-areas_hint = Area codes separated by commas: 46 for the province, or commune codes such as 19900
admin-whole_province = The whole province (Huế)
admin-state = State
admin-actions = Actions
admin-active_tag = Active
admin-disabled_tag = Disabled
admin-must_change_tag = Must change password
admin-disable = Disable
admin-enable = Enable
admin-temp_password = Temporary password
admin-temp_password_hint = At least 10 characters, not containing the user name or full name, not easy to guess; the user must change it at the first sign-in
admin-reset = Reset password
admin-unblock = Clear sign-in wait
admin-unblock_hint = Drop the wait that failed passwords caused, so the account can sign in again at once from anywhere
admin-unblocked = Sign-in wait cleared: the account can sign in again at once from anywhere.
admin-new_user = New account
admin-create_user = Create account
admin-choose_role = Choose a role
admin-tokens = API tokens
admin-tokens_lead = For connected systems (the public-service portal, the population database): each token has a role and areas, like an account.
admin-no_tokens = No API token issued yet.
admin-token_name = System name
admin-issued = Issued · by
admin-last_used = Last used
admin-revoked_tag = Revoked
admin-revoke = Revoke
admin-new_token = Issue a token
admin-create_token = Issue token
admin-secret_title = New API token
admin-secret_once = This token is shown this once: copy it and hand it over through a safe channel. Only its hash is stored.
admin-created = Account created.
admin-disabled = Account disabled and its sessions ended.
admin-enabled = Account enabled.
admin-reset_done = Temporary password set; the user must change it at sign-in.
admin-revoked = API token revoked.
audit-title = Audit log
audit-actor = User
audit-action = Action
audit-all_actions = All actions
audit-filter = Filter
audit-none = No entries.
audit-at = When
audit-entity = Record
audit-details = Details
action-create = Created
action-update = Changed
action-view = Opened
action-import = Imported
action-bulk_load = Bulk load
action-move_in = Joined household
action-move_out = Left household
action-duplicate_check = Duplicate check
action-denied = Refused
action-login = Signed in
action-login_failed = Failed sign-in
action-logout = Signed out
action-backup = Backup
action-restore = Restore

## Why a new password is refused (the core's rule, ansinh_core::accounts::password)

pw-too_short = the password needs at least { $min } characters
pw-contains_username = the password must not contain the user name
pw-contains_name = the password must not contain the user's full name
pw-repeated = the password repeats a character or a group of characters (like aaaa, abcabc), so it is easy to guess
pw-sequence = the password is a run of consecutive characters (like abcd, 6789), so it is easy to guess
pw-common = the password is a common password or word, so it is easy to guess
pw-guessable = the password is too easy to guess (a row of keys, a date, a year or a name)

## Roles

role-admin = Administrator
role-province-officer = Provincial officer
role-commune-officer = Commune officer
role-leader = Leader
role-inspector = Inspector
