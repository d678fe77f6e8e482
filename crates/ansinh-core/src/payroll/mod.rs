//! A generic monthly payroll: what a benefit programme owes one beneficiary for a month, and
//! how earlier months are corrected when facts are learnt late.
//!
//! A programme (social assistance now, the people-with-merit allowances later) implements
//! [`Programme::due`]: the amount due for one month from the facts and the dated rules. The
//! engine, [`compute`], turns that into payroll lines for a run month `M`:
//!
//! - a **regular** line per component of `due(M)`;
//! - for each earlier month `m` in `[recalc_from, M)`, an **adjustment** of `due(m) − paid(m)`
//!   when it is not zero: **arrears** (truy lĩnh) when positive, **recovery** (truy thu) when
//!   negative.
//!
//! `paid(m)` is the net of the locked lines *for* month `m` (its regular line plus any later
//! adjustment for it), so a late decision (start month in the past), a late death report,
//! a base level raised retroactively and a month left unpaid all come out of the same
//! subtraction.
//!
//! Invariants, tested in this module and in `assistance::programme`:
//!
//! - **No double payment.** A month whose locked lines already equal what is due produces no
//!   line. After the lines of a run are locked, every month in `[recalc_from, M]` has
//!   `paid(m) == due(m)`, so re-running with no change produces no adjustment. A run month that
//!   already has locked lines is refused ([`PayrollError::AlreadyPaid`]).
//! - **Determinism.** The same facts, rules and inputs give the same lines in the same order:
//!   adjustments by month, then the regular lines; within a month, the programme's component
//!   order (principal first).
//! - **Totals are sums.** [`totals`], [`totals_by_group`] and [`totals_by_key`] add the lines
//!   they group and nothing else, so every partition adds up to the sum of the lines.
//! - Money is integer VND (`i64`); coefficients are integer hundredths (`150` = 1.5).

mod engine;
mod error;
mod lifecycle;
mod month;
pub mod payments;
mod totals;

pub use engine::{Due, Line, LineKind, Programme, Run, apply_coefficient, compute};
pub use error::PayrollError;
pub use lifecycle::{RunAction, RunState};
pub use month::{Month, MonthError, Months};
pub use payments::{PaymentListRow, PaymentResultRow};
pub use totals::{Totals, totals, totals_by_group, totals_by_key};
