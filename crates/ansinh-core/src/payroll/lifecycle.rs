//! The life of a payroll run as pure data: draft → approved → locked. A draft can be computed
//! again; an approved run only locked; a locked run never changes (corrections go into a later
//! month). The store reads a run's state, asks [`RunState::apply`] and writes the result.

use super::error::PayrollError;
use super::month::Month;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunState {
    Draft,
    Approved,
    Locked,
}

/// What is asked of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunAction {
    /// Compute (or re-compute) the month's lines into a draft.
    Compute,
    /// Phê duyệt: what was reviewed becomes what will be paid.
    Approve,
    /// Khóa sổ: the lines become what was paid.
    Lock,
    /// Record the paying agent's result, which only a locked run has.
    RecordResults,
}

impl RunState {
    pub fn code(self) -> &'static str {
        match self {
            RunState::Draft => "draft",
            RunState::Approved => "approved",
            RunState::Locked => "locked",
        }
    }

    pub fn from_code(s: &str) -> Option<RunState> {
        [RunState::Draft, RunState::Approved, RunState::Locked]
            .into_iter()
            .find(|x| x.code() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            RunState::Draft => "Nháp",
            RunState::Approved => "Đã duyệt",
            RunState::Locked => "Đã khóa",
        }
    }

    /// The state a run of `month` is in after `action`, or why the action is refused. `None`
    /// is a month without a run yet (only computing starts one).
    /// No transition depends on the day: a month is computed, approved and locked ahead of
    /// its payment as well as after it.
    pub fn apply(
        current: Option<RunState>,
        action: RunAction,
        month: Month,
    ) -> Result<RunState, PayrollError> {
        use RunAction::*;
        use RunState::*;
        let wrong =
            |found: RunState, expected: RunState| Err(PayrollError::WrongState { found, expected });
        match (current, action) {
            (None | Some(Draft), Compute) => Ok(Draft),
            (Some(Approved), Compute) => Err(PayrollError::Approved(month)),
            (Some(Locked), Compute) => Err(PayrollError::Locked(month)),
            (None, Approve) => wrong(Draft, Draft),
            (Some(Draft), Approve) => Ok(Approved),
            (Some(found), Approve) => wrong(found, Draft),
            (None, Lock) => wrong(Draft, Approved),
            (Some(Approved), Lock) => Ok(Locked),
            (Some(found), Lock) => wrong(found, Approved),
            (Some(Locked), RecordResults) => Ok(Locked),
            (found, RecordResults) => wrong(found.unwrap_or(Draft), Locked),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RunAction::*;
    use super::RunState::*;
    use super::*;

    fn july() -> Month {
        Month::new(2024, 7).unwrap()
    }

    fn code(r: Result<RunState, PayrollError>) -> &'static str {
        r.map(|_| "ok").unwrap_or_else(|e| e.code())
    }

    #[test]
    fn a_month_is_computed_into_a_draft_and_recomputed_while_draft() {
        assert_eq!(RunState::apply(None, Compute, july()), Ok(Draft));
        assert_eq!(RunState::apply(Some(Draft), Compute, july()), Ok(Draft));
    }

    #[test]
    fn approving_a_draft_and_locking_an_approved_run() {
        assert_eq!(RunState::apply(Some(Draft), Approve, july()), Ok(Approved));
        assert_eq!(RunState::apply(Some(Approved), Lock, july()), Ok(Locked));
        assert_eq!(
            RunState::apply(Some(Locked), RecordResults, july()),
            Ok(Locked)
        );
    }

    #[test]
    fn re_running_an_approved_or_locked_month_is_refused() {
        let e = RunState::apply(Some(Locked), Compute, july()).unwrap_err();
        assert_eq!(e, PayrollError::Locked(july()));
        assert_eq!(e.code(), "payroll.locked");
        assert_eq!(
            e.to_string(),
            "bảng chi tháng 07/2024 đã khóa; điều chỉnh được tính vào tháng sau"
        );
        let e = RunState::apply(Some(Approved), Compute, july()).unwrap_err();
        assert_eq!(e, PayrollError::Approved(july()));
        assert_eq!(
            e.to_string(),
            "bảng chi tháng 07/2024 đã duyệt; không lập lại"
        );
    }

    #[test]
    fn steps_out_of_order_are_refused_with_the_state_found_and_needed() {
        let e = RunState::apply(Some(Draft), Lock, july()).unwrap_err();
        assert_eq!(
            e,
            PayrollError::WrongState {
                found: Draft,
                expected: Approved
            }
        );
        assert_eq!(
            e.to_string(),
            "bảng chi đang ở trạng thái Nháp, cần Đã duyệt"
        );
        for (state, action) in [
            (Some(Approved), Approve),
            (Some(Locked), Approve),
            (Some(Locked), Lock),
            (None, Approve),
            (None, Lock),
            (Some(Draft), RecordResults),
            (Some(Approved), RecordResults),
            (None, RecordResults),
        ] {
            assert_eq!(
                code(RunState::apply(state, action, july())),
                "payroll.wrong_state",
                "{state:?} {action:?}"
            );
        }
    }

    #[test]
    fn states_round_trip_through_their_codes() {
        for s in [Draft, Approved, Locked] {
            assert_eq!(RunState::from_code(s.code()), Some(s));
        }
        assert_eq!(RunState::from_code("paid"), None);
    }
}
