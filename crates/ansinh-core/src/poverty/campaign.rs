//! The life of a commune's review campaign as pure data, after QĐ 24/2021/QĐ-TTg: open (list
//! and surveys) → classified (results computed; the village meeting, the public posting and
//! the end of complaints are recorded in that order) → approved (final). The store reads a
//! campaign, asks [`Review`] for the transition and writes the result.

use chrono::NaiveDate;

use super::error::PovertyError;
use crate::date::format_vn;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CampaignState {
    /// The list and the surveys are being made.
    Open,
    /// Results computed; the commune steps run; surveys may still be corrected and classified
    /// again.
    Classified,
    /// Approved: the year's results of the commune are final.
    Approved,
}

impl CampaignState {
    pub fn code(self) -> &'static str {
        match self {
            CampaignState::Open => "open",
            CampaignState::Classified => "classified",
            CampaignState::Approved => "approved",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        [
            CampaignState::Open,
            CampaignState::Classified,
            CampaignState::Approved,
        ]
        .into_iter()
        .find(|c| c.code() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            CampaignState::Open => "đang rà soát",
            CampaignState::Classified => "đã phân loại",
            CampaignState::Approved => "đã phê duyệt",
        }
    }
}

/// The commune steps of QĐ 24/2021 after classification, in their order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// Họp dân: the village meeting that agrees the results.
    Meeting,
    /// Niêm yết công khai: public posting of the results.
    Posting,
    /// Hết thời hạn khiếu nại: complaints answered and closed.
    ComplaintsClosed,
}

impl Step {
    /// The steps in the order they are taken.
    pub const ORDER: [Step; 3] = [Step::Meeting, Step::Posting, Step::ComplaintsClosed];

    pub fn label_vi(self) -> &'static str {
        match self {
            Step::Meeting => "họp dân thống nhất kết quả",
            Step::Posting => "niêm yết công khai",
            Step::ComplaintsClosed => "kết thúc giải quyết khiếu nại",
        }
    }

    /// The step taken just before this one, if any.
    pub fn previous(self) -> Option<Step> {
        let pos = Step::ORDER
            .iter()
            .position(|s| *s == self)
            .expect("every step is in the order");
        pos.checked_sub(1).map(|p| Step::ORDER[p])
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CampaignSteps {
    pub meeting_on: Option<NaiveDate>,
    pub posted_on: Option<NaiveDate>,
    pub complaints_closed_on: Option<NaiveDate>,
    pub approved_on: Option<NaiveDate>,
}

impl CampaignSteps {
    pub fn get(&self, step: Step) -> Option<NaiveDate> {
        match step {
            Step::Meeting => self.meeting_on,
            Step::Posting => self.posted_on,
            Step::ComplaintsClosed => self.complaints_closed_on,
        }
    }

    fn set(&mut self, step: Step, on: NaiveDate) {
        match step {
            Step::Meeting => self.meeting_on = Some(on),
            Step::Posting => self.posted_on = Some(on),
            Step::ComplaintsClosed => self.complaints_closed_on = Some(on),
        }
    }
}

/// What the transitions need to know of one campaign: its year and commune (for the
/// messages), its state and the steps recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Review<'a> {
    pub year: i32,
    /// The commune's name, as the messages show it.
    pub area: &'a str,
    pub state: CampaignState,
    pub steps: CampaignSteps,
}

/// The approval's name in the messages.
const APPROVAL: &str = "phê duyệt";

impl Review<'_> {
    /// Refused once approved: the list, the surveys, the facts and the results of an approved
    /// review do not change.
    pub fn changeable(&self) -> Result<(), PovertyError> {
        match self.state {
            CampaignState::Approved => Err(PovertyError::Approved {
                year: self.year,
                area: self.area.to_string(),
            }),
            CampaignState::Open | CampaignState::Classified => Ok(()),
        }
    }

    /// Classifying (again) an open or classified campaign leaves it classified.
    pub fn classify(&self) -> Result<CampaignState, PovertyError> {
        self.changeable().map(|()| CampaignState::Classified)
    }

    /// Steps and approval need a classified, unapproved campaign.
    fn classified(&self, action: &'static str) -> Result<(), PovertyError> {
        self.changeable()?;
        match self.state {
            CampaignState::Open => Err(PovertyError::NotClassified {
                year: self.year,
                area: self.area.to_string(),
                action,
            }),
            _ => Ok(()),
        }
    }

    /// Records the date of a commune step: after classification, after the previous step
    /// (meeting ≤ posting ≤ end of complaints), and not after `today`.
    pub fn record_step(
        &self,
        step: Step,
        on: NaiveDate,
        today: NaiveDate,
    ) -> Result<CampaignSteps, PovertyError> {
        self.classified(step.label_vi())?;
        if let Some(prev) = step.previous() {
            match self.steps.get(prev) {
                None => {
                    return Err(PovertyError::StepMissing {
                        missing: prev.label_vi(),
                        action: format!("ghi bước {}", step.label_vi()),
                    });
                }
                Some(d) if on < d => {
                    return Err(step_order(step.label_vi(), on, prev, d));
                }
                Some(_) => {}
            }
        }
        not_after_today(step.label_vi(), on, today)?;
        let mut steps = self.steps;
        steps.set(step, on);
        Ok(steps)
    }

    /// Approves the campaign on `on`: every step recorded, none after `on`, and `on` not
    /// after `today`. Returns the steps with the approval day.
    pub fn approve(
        &self,
        on: NaiveDate,
        today: NaiveDate,
    ) -> Result<(CampaignState, CampaignSteps), PovertyError> {
        self.classified(APPROVAL)?;
        for step in Step::ORDER {
            match self.steps.get(step) {
                None => {
                    return Err(PovertyError::StepMissing {
                        missing: step.label_vi(),
                        action: APPROVAL.into(),
                    });
                }
                Some(d) if on < d => return Err(step_order(APPROVAL, on, step, d)),
                Some(_) => {}
            }
        }
        not_after_today(APPROVAL, on, today)?;
        let mut steps = self.steps;
        steps.approved_on = Some(on);
        Ok((CampaignState::Approved, steps))
    }
}

fn step_order(step: &str, on: NaiveDate, previous: Step, previous_on: NaiveDate) -> PovertyError {
    PovertyError::StepOrder {
        step: step.to_string(),
        on: format_vn(on),
        previous: previous.label_vi(),
        previous_on: format_vn(previous_on),
    }
}

fn not_after_today(step: &str, on: NaiveDate, today: NaiveDate) -> Result<(), PovertyError> {
    if on > today {
        return Err(PovertyError::InFuture {
            step: step.to_string(),
            on: format_vn(on),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2024, 12, 31);

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    fn review(state: CampaignState, steps: CampaignSteps) -> Review<'static> {
        Review {
            year: 2024,
            area: "Phường Thuận An",
            state,
            steps,
        }
    }

    fn all_steps() -> CampaignSteps {
        CampaignSteps {
            meeting_on: Some(d(2024, 11, 1)),
            posted_on: Some(d(2024, 11, 3)),
            complaints_closed_on: Some(d(2024, 11, 10)),
            approved_on: None,
        }
    }

    #[test]
    fn steps_are_recorded_in_order_after_classification() {
        let r = review(CampaignState::Classified, CampaignSteps::default());
        let steps = r
            .record_step(Step::Meeting, d(2024, 11, 1), today())
            .unwrap();
        assert_eq!(steps.meeting_on, Some(d(2024, 11, 1)));
        let r = review(CampaignState::Classified, steps);
        let steps = r
            .record_step(Step::Posting, d(2024, 11, 1), today())
            .unwrap();
        assert_eq!(
            steps.posted_on,
            Some(d(2024, 11, 1)),
            "the same day is in order"
        );
        let r = review(CampaignState::Classified, steps);
        let steps = r
            .record_step(Step::ComplaintsClosed, d(2024, 11, 10), today())
            .unwrap();
        assert_eq!(steps.complaints_closed_on, Some(d(2024, 11, 10)));
        // A step recorded again (a correction) keeps the order with the one before it.
        let r = review(CampaignState::Classified, steps);
        let again = r
            .record_step(Step::Meeting, d(2024, 10, 30), today())
            .unwrap();
        assert_eq!(again.meeting_on, Some(d(2024, 10, 30)));
    }

    #[test]
    fn a_step_out_of_order_is_refused() {
        let r = review(CampaignState::Classified, CampaignSteps::default());
        let e = r
            .record_step(Step::Posting, d(2024, 11, 3), today())
            .unwrap_err();
        assert_eq!(e.code(), "poverty.step_missing");
        assert_eq!(
            e.to_string(),
            "chưa ghi bước họp dân thống nhất kết quả: chưa thể ghi bước niêm yết công khai"
        );
        let r = review(
            CampaignState::Classified,
            CampaignSteps {
                meeting_on: Some(d(2024, 11, 5)),
                ..CampaignSteps::default()
            },
        );
        let e = r
            .record_step(Step::Posting, d(2024, 11, 3), today())
            .unwrap_err();
        assert_eq!(e.code(), "poverty.step_order");
        assert_eq!(
            e.to_string(),
            "ngày niêm yết công khai (03/11/2024) trước ngày họp dân thống nhất kết quả (05/11/2024)"
        );
    }

    #[test]
    fn steps_need_a_classified_unapproved_campaign() {
        let open = review(CampaignState::Open, CampaignSteps::default());
        let e = open
            .record_step(Step::Meeting, d(2024, 11, 1), today())
            .unwrap_err();
        assert_eq!(e.code(), "poverty.not_classified");
        assert_eq!(
            e.to_string(),
            "đợt rà soát Phường Thuận An năm 2024 chưa phân loại: chưa thể họp dân thống nhất kết quả"
        );
        let approved = review(CampaignState::Approved, all_steps());
        let e = approved
            .record_step(Step::Meeting, d(2024, 11, 1), today())
            .unwrap_err();
        assert_eq!(e.code(), "poverty.approved");
    }

    #[test]
    fn approving_needs_every_step_on_or_before_the_approval() {
        let r = review(CampaignState::Classified, all_steps());
        let (state, steps) = r.approve(d(2024, 11, 15), today()).unwrap();
        assert_eq!(state, CampaignState::Approved);
        assert_eq!(steps.approved_on, Some(d(2024, 11, 15)));
        let e = r.approve(d(2024, 11, 9), today()).unwrap_err();
        assert_eq!(e.code(), "poverty.step_order");
        assert_eq!(
            e.to_string(),
            "ngày phê duyệt (09/11/2024) trước ngày kết thúc giải quyết khiếu nại (10/11/2024)"
        );
        let missing = review(
            CampaignState::Classified,
            CampaignSteps {
                complaints_closed_on: None,
                ..all_steps()
            },
        );
        let e = missing.approve(d(2024, 11, 15), today()).unwrap_err();
        assert_eq!(e.code(), "poverty.step_missing");
        assert_eq!(
            e.to_string(),
            "chưa ghi bước kết thúc giải quyết khiếu nại: chưa thể phê duyệt"
        );
    }

    #[test]
    fn approving_an_unclassified_or_approved_campaign_is_refused() {
        let open = review(CampaignState::Open, all_steps());
        let e = open.approve(d(2024, 11, 15), today()).unwrap_err();
        assert_eq!(e.code(), "poverty.not_classified");
        assert_eq!(
            e.to_string(),
            "đợt rà soát Phường Thuận An năm 2024 chưa phân loại: chưa thể phê duyệt"
        );
        let approved = review(CampaignState::Approved, all_steps());
        let e = approved.approve(d(2024, 11, 15), today()).unwrap_err();
        assert_eq!(e.code(), "poverty.approved");
        assert_eq!(approved.classify().unwrap_err().code(), "poverty.approved");
        assert_eq!(
            approved.changeable().unwrap_err().code(),
            "poverty.approved"
        );
    }

    #[test]
    fn classifying_leaves_an_open_or_classified_campaign_classified() {
        for state in [CampaignState::Open, CampaignState::Classified] {
            let r = review(state, CampaignSteps::default());
            assert_eq!(r.classify(), Ok(CampaignState::Classified));
            assert_eq!(r.changeable(), Ok(()));
        }
    }

    #[test]
    fn today_permits_no_step_or_approval_after_it() {
        let r = review(CampaignState::Classified, CampaignSteps::default());
        assert!(r.record_step(Step::Meeting, today(), today()).is_ok());
        let e = r
            .record_step(Step::Meeting, d(2025, 1, 1), today())
            .unwrap_err();
        assert_eq!(e.code(), "poverty.in_future");
        assert_eq!(
            e.to_string(),
            "ngày họp dân thống nhất kết quả (01/01/2025) ở tương lai"
        );
        let r = review(CampaignState::Classified, all_steps());
        assert!(r.approve(today(), today()).is_ok());
        let e = r.approve(d(2025, 1, 1), today()).unwrap_err();
        assert_eq!(e.code(), "poverty.in_future");
    }

    #[test]
    fn states_round_trip_through_their_codes() {
        for s in [
            CampaignState::Open,
            CampaignState::Classified,
            CampaignState::Approved,
        ] {
            assert_eq!(CampaignState::from_code(s.code()), Some(s));
        }
        assert_eq!(CampaignState::from_code("closed"), None);
        assert_eq!(Step::Meeting.previous(), None);
        assert_eq!(Step::ComplaintsClosed.previous(), Some(Step::Posting));
    }
}
