//! Allowance dossiers still being processed on the reference day, so the dossier screens show
//! real work: mostly people who turned 80 a few weeks ago and applied under 5c, then newly
//! certified disabled people, a few poor single mothers, poor elderly people and orphans.
//!
//! Each dossier goes through the steps of the procedure in force on the day it was received
//! (`ansinh_core::assistance::dossier::Procedure::default_on`), each some working days after
//! the previous one: usually within its deadline, sometimes late. Those not decided by the
//! reference day are the open ones, so the slow ones are overrepresented among them, as in a
//! real queue; the decision is left to the leader.

use ansinh_core::assistance::dossier::Procedure;
use ansinh_core::assistance::{Child, DisabilityCertificate, Facts, Group, Household, Severity};
use ansinh_core::calendar::WorkCalendar;
use ansinh_core::registry::PersonRecord;
use ansinh_core::{DatePrecision, PartialDate, Sex};
use chrono::{Days, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

/// A dossier received at the commune and not yet decided.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenDossier {
    pub person_id: Uuid,
    pub group: Group,
    /// The application form (Mẫu số 1a … 1đ).
    pub form: &'static str,
    pub documents: &'static str,
    pub received_on: NaiveDate,
    /// What the commune verified (household standing, certificate, children).
    pub circumstances: Facts,
    pub address: String,
    /// The steps done so far, in the procedure's order: (step code, day done).
    pub steps: Vec<(String, NaiveDate)>,
}

/// New dossiers per 100,000 persons of a band who are not beneficiaries, received in the
/// [`WINDOW_DAYS`] before the reference day: (group, lowest age, highest age, women only,
/// rate).
const NEW: [(Group, i32, i32, bool, u32); 6] = [
    (Group::K6, 16, 59, false, 24),
    (Group::K6, 60, 79, false, 80),
    (Group::K6, 0, 15, false, 12),
    (Group::K4, 20, 54, true, 16),
    (Group::K5A, 60, 79, false, 16),
    (Group::K1, 0, 15, false, 6),
];

/// How far back an open dossier can have been received, in days.
const WINDOW_DAYS: u64 = 75;

/// Makes the open dossiers of a generation.
pub(crate) struct DossierMaker {
    as_of: NaiveDate,
    calendar: WorkCalendar,
    /// Multiplies the [`NEW`] rates at small scales (see [`DossierMaker::new`]).
    boost: u32,
}

impl DossierMaker {
    /// At scale 1 about a hundred new dossiers besides the 5c ones are open, two or three per
    /// commune. The demo's small scales would leave most communes with none, so their rates
    /// are multiplied by 1 / scale (at most 100×): at the demo's 0.05 about 100 are open, in
    /// most communes.
    pub(crate) fn new(as_of: NaiveDate, calendar: WorkCalendar, scale: f64) -> DossierMaker {
        let boost = if scale > 0.0 {
            (1.0 / scale).round().clamp(1.0, 100.0) as u32
        } else {
            1
        };
        DossierMaker {
            as_of,
            calendar,
            boost,
        }
    }

    /// Perhaps a new dossier from someone who is not a beneficiary: one random draw per person.
    pub(crate) fn maybe_new(
        &self,
        rng: &mut ChaCha8Rng,
        p: &PersonRecord,
        age: i32,
        upland: bool,
        address: &str,
    ) -> Option<OpenDossier> {
        let roll: u32 = rng.random_range(0..100_000);
        if p.death_date.is_some() {
            return None;
        }
        let mut acc = 0;
        let group = NEW.iter().find_map(|&(group, lo, hi, women, rate)| {
            if (lo..=hi).contains(&age) && (!women || p.sex == Sex::Female) {
                acc += rate * self.boost;
                (roll < acc).then_some(group)
            } else {
                None
            }
        })?;
        let received_on = self.as_of - Days::new(rng.random_range(0..WINDOW_DAYS));
        let mut facts = Facts::new(p.birth);
        facts.disadvantaged_area = upland;
        let documents = match group {
            Group::K6 => {
                let issued_on = received_on - Days::new(rng.random_range(5..120));
                facts.disability.push(DisabilityCertificate {
                    issued_on: issued_on.max(p.birth.date),
                    severity: if rng.random_range(0..100) < 25 {
                        Severity::Extreme
                    } else {
                        Severity::Severe
                    },
                });
                "Tờ khai; giấy xác nhận khuyết tật; CCCD"
            }
            Group::K4 => {
                facts.household = Household::Poor;
                let born = received_on - Days::new(rng.random_range(60..365 * 10));
                facts.children.push(Child {
                    birth: PartialDate {
                        date: born.max(p.birth.date + Days::new(365 * 18)),
                        precision: DatePrecision::Day,
                    },
                    studying: false,
                    left_on: None,
                });
                "Tờ khai; giấy khai sinh của con; CCCD; giấy chứng nhận hộ nghèo"
            }
            Group::K5A => {
                facts.household = Household::Poor;
                "Tờ khai; CCCD; giấy chứng nhận hộ nghèo"
            }
            _ => "Tờ khai; giấy khai sinh; giấy chứng tử của cha, mẹ",
        };
        let Progress::Open(steps) = self.progress(rng, received_on) else {
            // Decided already: such newcomers are not modelled, only the open dossiers.
            return None;
        };
        Some(OpenDossier {
            person_id: p.id,
            group,
            form: form(group),
            documents,
            received_on,
            circumstances: facts,
            address: address.to_string(),
            steps,
        })
    }

    /// The 5c dossier of someone who turned 80 and applied on `received_on`, with the steps
    /// done so far.
    pub(crate) fn elderly(
        &self,
        p: &PersonRecord,
        received_on: NaiveDate,
        steps: Vec<(String, NaiveDate)>,
        address: &str,
    ) -> OpenDossier {
        OpenDossier {
            person_id: p.id,
            group: Group::K5C,
            form: form(Group::K5C),
            documents: "Tờ khai; CCCD",
            received_on,
            circumstances: Facts::new(p.birth),
            address: address.to_string(),
            steps,
        }
    }

    /// How far a dossier received on `received_on` got by the reference day: each step is done
    /// some working days after the previous one, within its deadline five times in six and
    /// late otherwise; no complaint is lodged.
    pub(crate) fn progress(&self, rng: &mut ChaCha8Rng, received_on: NaiveDate) -> Progress {
        let procedure = Procedure::default_on(received_on);
        let mut done = Vec::new();
        let mut start = received_on;
        for step in procedure.steps.iter().filter(|s| !s.only_on_complaint) {
            let days = if rng.random_range(0..6) == 0 {
                step.days + rng.random_range(1..=step.days + 5)
            } else {
                rng.random_range(0..=step.days)
            };
            let on = self.calendar.add_working_days(start, days);
            if on > self.as_of {
                return Progress::Open(done);
            }
            if step.code == DECISION {
                return Progress::Decided(on);
            }
            done.push((step.code.clone(), on));
            start = on;
        }
        Progress::Open(done)
    }
}

/// Where a dossier stands on the reference day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Progress {
    /// Decided on that day.
    Decided(NaiveDate),
    /// Still open, with the steps done so far.
    Open(Vec<(String, NaiveDate)>),
}

/// The step that ends a dossier; the leader records it by deciding.
const DECISION: &str = "DECISION";

/// The application form of a group. Nghị định 20/2021 Điều 7 khoản 1 lists Mẫu số 1a … 1đ
/// without saying here which is whose; the order of Điều 5 suggests children, single parents,
/// the elderly, people with disabilities, people with HIV (unconfirmed, RULES.md §3).
fn form(group: Group) -> &'static str {
    match group {
        Group::K4 => "Mẫu số 1b",
        Group::K5A | Group::K5B | Group::K5C | Group::K5D => "Mẫu số 1c",
        Group::K6 => "Mẫu số 1d",
        Group::K8 => "Mẫu số 1đ",
        Group::K1 | Group::K2 | Group::K3 | Group::K7 => "Mẫu số 1a",
    }
}
