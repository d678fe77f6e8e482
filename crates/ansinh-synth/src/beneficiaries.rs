//! Synthetic social-assistance beneficiaries chosen among the generated persons, so that each
//! person's age matches the group (80+ for 5c, under 16 for orphans, …) and the upland
//! communes (A Lưới, Nam Đông, …) carry the groups tied to extremely disadvantaged areas (5b,
//! 7).
//!
//! Calibration: at scale factor 1 the province pays about 60,800 people; in 12/2023 (base
//! 360,000) that is about 32 billion đồng, an average coefficient of about 1.46. Each person is
//! drawn with a probability per age band and group ([`RATES`], per 10,000 persons of the band)
//! set so that the expected counts give that mix; the store test computes December 2023 with
//! the real engine and checks the totals. Everything comes from a ChaCha8 stream seeded by the
//! generation seed and the batch number, so a configuration always gives the same records.
//!
//! Nothing is drawn for the dead or for persons born after the reference month, and every
//! decision is dated before 12/2023 with a dossier a few weeks earlier, so the records pass
//! `ansinh_core::assistance::check`.

use std::collections::HashSet;

use ansinh_core::assistance::{
    BeneficiaryRecord, Child, DisabilityCertificate, Facts, Grant, Group, Household, Severity,
};
use ansinh_core::payroll::Month;
use ansinh_core::registry::PersonRecord;
use ansinh_core::{Area, DatePrecision, PartialDate, Sex};
use chrono::{Datelike, Days, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use crate::communes::{Profile, commune_profile};

/// The month the calibration refers to; ages are reckoned at its first day.
pub fn reference_month() -> Month {
    Month::new(2023, 12).expect("valid month")
}

/// Draw rates per 10,000 persons of an age band (lowland, upland): (group, lowland, upland).
/// Tuned against the engine (see the module documentation).
const RATES: [(Band, Group, u32, u32); 12] = [
    (Band::Over80, Group::K5C, 8_500, 8_500),
    (Band::Over80, Group::K5A, 500, 700),
    (Band::Over80, Group::K6, 600, 520),
    (Band::From75To80, Group::K5B, 0, 7_000),
    (Band::From60To80, Group::K5A, 300, 560),
    (Band::From60To80, Group::K6, 467, 525),
    (Band::Adult, Group::K6, 204, 240),
    (Band::Adult, Group::K4, 633, 1_260),
    (Band::Adult, Group::K8, 17, 17),
    (Band::Student, Group::K2, 106, 150),
    (Band::Child, Group::K1, 76, 133),
    (Band::Child, Group::K6, 104, 104),
];

/// Under-3 children in upland communes (khoản 7), per 10,000.
const K7_UPLAND: u32 = 1_800;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Band {
    Child,
    Student,
    Adult,
    From60To80,
    From75To80,
    Over80,
}

fn in_band(band: Band, age: i32) -> bool {
    match band {
        Band::Child => age < 16,
        Band::Student => (16..22).contains(&age),
        Band::Adult => (16..60).contains(&age),
        Band::From60To80 => (60..80).contains(&age),
        Band::From75To80 => (75..80).contains(&age),
        Band::Over80 => age >= 80,
    }
}

/// Ages in whole years on a day, from the birth date as recorded.
fn age_on(birth: NaiveDate, day: NaiveDate) -> i32 {
    let mut age = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// Chooses the beneficiaries of one batch of generated persons.
pub struct BeneficiaryDraw {
    seed: u64,
    upland: HashSet<Uuid>,
    batch: u64,
}

impl BeneficiaryDraw {
    /// `communes`: the communes the persons were generated in.
    pub fn new(seed: u64, communes: &[Area]) -> BeneficiaryDraw {
        let upland = communes
            .iter()
            .filter(|a| commune_profile(&a.code, a.settlement()) == Profile::Mountain)
            .map(|a| a.id)
            .collect();
        BeneficiaryDraw {
            seed,
            upland,
            batch: 0,
        }
    }

    /// The beneficiaries among the persons of the next batch.
    pub fn draw(&mut self, persons: &[PersonRecord]) -> Vec<BeneficiaryRecord> {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed ^ 0xB7C0_5A11 ^ (self.batch << 20));
        self.batch += 1;
        let reference = reference_month().first_day();
        let mut out = Vec::new();
        for p in persons {
            if p.death_date.is_some() || p.birth.date >= reference {
                continue;
            }
            let age = age_on(p.birth.date, reference);
            let upland = self.upland.contains(&p.area_id);
            let roll: u32 = rng.random_range(0..10_000);
            let mut acc = 0;
            let mut chosen = None;
            for (band, group, low, up) in RATES {
                if !in_band(band, age) {
                    continue;
                }
                acc += if upland { up } else { low };
                if roll < acc {
                    chosen = Some(group);
                    break;
                }
            }
            if chosen.is_none() && upland && age < 3 && roll < K7_UPLAND {
                chosen = Some(Group::K7);
            }
            let Some(group) = chosen else { continue };
            if group == Group::K4 && (p.sex != Sex::Female || !(20..55).contains(&age)) {
                continue;
            }
            out.push(build(&mut rng, p, group, age, upland, out.len()));
        }
        out
    }
}

fn build(
    rng: &mut ChaCha8Rng,
    p: &PersonRecord,
    group: Group,
    age: i32,
    upland: bool,
    n: usize,
) -> BeneficiaryRecord {
    let reference = reference_month().first_day();
    let mut facts = Facts::new(p.birth);
    facts.disadvantaged_area = upland;
    // The decision: some day in the last years, not before the person could qualify.
    let earliest = NaiveDate::from_ymd_opt(2019, 1, 1).expect("valid date");
    let qualifies = match group {
        Group::K5C => shift_years(p.birth.date, 80),
        Group::K5B => shift_years(p.birth.date, 75),
        Group::K5A => shift_years(p.birth.date, 60),
        Group::K2 => shift_years(p.birth.date, 16),
        _ => p.birth.date,
    };
    let span = (reference - earliest.max(qualifies)).num_days().max(1);
    let decided = earliest.max(qualifies) + Days::new(rng.random_range(0..span) as u64);
    let dossier = decided - Days::new(rng.random_range(10..40));
    match group {
        Group::K5A | Group::K7 => facts.household = Household::Poor,
        Group::K3 | Group::K8 => {
            facts.household = Household::Poor;
            facts.hiv = true;
        }
        Group::K5B => facts.household = Household::NearPoor,
        Group::K4 => {
            facts.household = Household::Poor;
            let children: u64 = if rng.random_range(0..100) < 85 { 1 } else { 2 };
            for i in 0..children {
                // Born before the decision, so the parent qualifies from its month, and
                // young enough to be under 16 in the reference month.
                let birth = decided - Days::new(30 + 400 * i + rng.random_range(0..365 * 7));
                facts.children.push(Child {
                    birth: PartialDate {
                        date: birth,
                        precision: DatePrecision::Day,
                    },
                    studying: false,
                    left_on: None,
                });
            }
        }
        Group::K2 => facts.studying = true,
        Group::K6 => {
            let extreme = rng.random_range(0..100) < 12;
            facts.disability.push(DisabilityCertificate {
                issued_on: dossier.max(p.birth.date),
                severity: if extreme {
                    Severity::Extreme
                } else {
                    Severity::Severe
                },
            });
            // Some disabled elderly are also 80+ without a pension: only the higher is paid.
            if age >= 80 && rng.random_range(0..100) < 30 {
                facts.grants.push(grant(Group::K5C, dossier, decided));
            }
        }
        _ => {}
    }
    facts.grants.insert(0, grant(group, dossier, decided));
    let decision_numbers = (0..facts.grants.len())
        .map(|i| format!("{}/{}/QĐ-UBND", n * 2 + i + 1, decided.year()))
        .collect();
    BeneficiaryRecord {
        id: uuid::Builder::from_random_bytes(rng.random()).into_uuid(),
        person_id: p.id,
        area_id: p.area_id,
        address: String::new(),
        facts,
        decision_numbers,
        suspensions: Vec::new(),
    }
}

fn grant(group: Group, dossier: NaiveDate, decided: NaiveDate) -> Grant {
    Grant {
        group,
        dossier_on: dossier.min(decided),
        decided_on: decided,
        ended_on: None,
        coefficient: None,
    }
}

fn shift_years(d: NaiveDate, years: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year() + years, d.month(), d.day().min(28)).expect("valid date")
}

/// Deaths that the commune reports late: about 0.5 % of the beneficiaries, each dying in one
/// of the three months before `reported` (for the benchmark and the demo's history, which lock
/// those months first and then record the deaths).
pub fn late_deaths(seed: u64, beneficiaries: &[Uuid], reported: Month) -> Vec<(Uuid, NaiveDate)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xDEAD_1A7E);
    beneficiaries
        .iter()
        .filter_map(|id| {
            if rng.random_range(0..1000) >= 5 {
                return None;
            }
            let month = reported.plus(-rng.random_range(1..=3));
            let day = month.first_day() + Days::new(rng.random_range(0..28));
            Some((*id, day))
        })
        .collect()
}
