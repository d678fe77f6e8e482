### Payroll: monthly runs and lists.
### English. Every message here must also be in the other language's file.
## History and audit

payroll-title = Monthly social assistance payroll
payroll-month = Month
payroll-show = Show
payroll-province = Whole province
payroll-scope = Scope
payroll-state = State
payroll-people = Beneficiaries
payroll-regular = Monthly allowance
payroll-arrears = Arrears
payroll-recovery = Recovered
payroll-net = Net paid
payroll-lines = Lines
payroll-created = Computed by
payroll-none = No payroll for this month yet.
payroll-run = Compute payroll
payroll-run_scope = Compute for
payroll-run_hint = Re-computing a draft gives the same lines if nothing changed; a locked month never changes.
payroll-by_group = By beneficiary group
payroll-by_commune = By commune
payroll-group = Group
payroll-total = Total
payroll-recovery_only = Recovery of months no longer due
payroll-approve = Approve
payroll-lock = Lock (paid)
payroll-lists = Payment list
payroll-print = Print
payroll-print_hint = Print with Ctrl+P, A4 portrait
payroll-back = Back to month
payroll-coefficient = Coefficient

## States of a run (looked up by the state's code)

payroll-run-draft = Draft
payroll-run-approved = Approved
payroll-run-locked = Locked
