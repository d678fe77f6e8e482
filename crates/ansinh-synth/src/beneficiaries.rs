//! Synthetic social-assistance beneficiaries chosen among the generated persons, so that each
//! person's age matches the group (80+ for 5c, under 16 for orphans, …) and the upland
//! communes (A Lưới, Nam Đông, …) carry the groups tied to extremely disadvantaged areas (5b,
//! 7); with them the events that give the demo a history: deaths reported late, moves to
//! another commune and dossiers still being processed.
//!
//! **Calibration.** Huế paid the monthly allowance to 60,834 people in 2023, "more than 32
//! billion đồng a month" (the 2023 sector report in `shared/source-report`): about 60,800
//! people and 32 billion đồng in 12/2023 at the 360,000 base level, an average coefficient of
//! 1.46. Each person is drawn with a probability per age band and group ([`RATES`], per
//! 100,000 persons of the band) set so that the expected counts give that total; the synth
//! test computes 12/2023 and 07/2024 with the real engine and checks it.
//!
//! **The mix.** Nationally the allowance goes mostly to the elderly and to people with
//! disabilities: of 2.64 million recipients, 1.48 million were 80+ without a pension, 896,000
//! severely or extremely severely disabled, 88,000 poor single parents and 37,000 orphans
//! (Cục Bảo trợ xã hội, cand.com.vn "Cả nước có 2,64 triệu người được nhận trợ cấp xã hội hằng
//! tháng"); of 2.8 million in 2018, 42,434 orphans, over 1.6 million elderly, over 1 million
//! disabled and nearly 4,400 people with HIV (MOLISA, en.vietnamplus.vn "More vulnerable
//! groups supported in 2018"). Of the disability certificates, 266,000 were extremely severe
//! and 501,000 severe. Huế pays 5.2 % of its people, against about 3 % nationally, so it cannot
//! have the national mix: 5c covers at most the people aged 80+ without a pension, about 85 %
//! of them, and the registry holds about 1.65 % of the population aged 80+ in 12/2023 (see
//! `pyramid::BANDS`). With 5c near that ceiling the rest of the 1.46 average has to come from
//! the other groups at a low coefficient, which leaves more poor single parents (1.0 per child)
//! than the national share. At scale 1, seed 7, 12/2023 (the figures `docs/benchmarks.md`
//! quotes): about a third elderly (5a–5d), half disabled, a seventh single parents, and a few
//! percent orphans, former orphans still studying, upland toddlers and people with HIV.
//!
//! **Flows.** The stock is drawn among the people alive on 1/12/2023 (some have died since, as
//! the registry records, and are paid until their death). People who turn 80 after 12/2023 come
//! in under 5c a few weeks after their birthday, as officers process their dossiers, so 07/2024
//! pays about as many people as 12/2023; those whose dossier is not decided by the reference
//! day are open dossiers ([`OpenDossier`]). Every record passes
//! `ansinh_core::assistance::check`.
//!
//! Everything comes from a ChaCha8 stream seeded by the generation seed and the batch number,
//! so a configuration always gives the same records.

use std::collections::{HashMap, HashSet};

use ansinh_core::assistance::age::{age_in, month_turning};
use ansinh_core::assistance::{
    BeneficiaryRecord, Child, DisabilityCertificate, Facts, Grant, Group, Household, Severity,
};
use ansinh_core::calendar::WorkCalendar;
use ansinh_core::payroll::Month;
use ansinh_core::registry::PersonRecord;
use ansinh_core::{Area, DatePrecision, PartialDate, Sex};
use chrono::{Datelike, Days, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use crate::address::Places;
use crate::communes::{Profile, commune_profile};
use crate::dossiers::{DossierMaker, OpenDossier, Progress};
use crate::{Batch, SynthConfig};

/// The month the calibration refers to; ages are reckoned in it.
pub fn reference_month() -> Month {
    Month::new(2023, 12).expect("valid month")
}

/// The age bands the rates apply to, by the age reached in the reference month. A person can
/// be in several (a woman of 30 is an adult and a mother); the rates of all her bands add up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Band {
    /// Under 16.
    Child,
    /// 16 to 21: a former khoản 1 orphan still studying.
    Student,
    /// 16 to 59.
    Adult,
    /// Women of 20 to 54: the single parents of khoản 4.
    Mother,
    /// 60 to 79.
    Old,
    /// 75 to 79: khoản 5 điểm b in the uplands.
    Upland75,
    /// 80 and over.
    Oldest,
    /// Under 3: khoản 7 in the uplands.
    Toddler,
}

fn in_band(band: Band, age: i32, sex: Sex) -> bool {
    match band {
        Band::Child => age < 16,
        Band::Student => (16..22).contains(&age),
        Band::Adult => (16..60).contains(&age),
        Band::Mother => sex == Sex::Female && (20..55).contains(&age),
        Band::Old => (60..80).contains(&age),
        Band::Upland75 => (75..80).contains(&age),
        Band::Oldest => age >= 80,
        Band::Toddler => age < 3,
    }
}

/// Draw rates per 100,000 persons of a band: (band, group, lowland, upland). The shares they
/// give are in the module documentation; tuned against the engine by the synth test.
const RATES: &[(Band, Group, u32, u32)] = &[
    // 80+: most have no pension (5c); some are poor with no one to support them (5a, 2.0) or
    // disabled (2.0 or 2.5, and then also 5c, of which only the higher is paid).
    (Band::Oldest, Group::K5C, 80_000, 80_000),
    (Band::Oldest, Group::K5A, 3_000, 6_000),
    (Band::Oldest, Group::K6, 8_600, 8_600),
    (Band::Upland75, Group::K5B, 0, 45_000),
    (Band::Old, Group::K5A, 1_500, 4_000),
    (Band::Old, Group::K5D, 30, 60),
    (Band::Old, Group::K6, 5_300, 5_300),
    (Band::Adult, Group::K6, 2_970, 2_970),
    (Band::Adult, Group::K8, 50, 50),
    (Band::Mother, Group::K4, 2_950, 5_300),
    (Band::Student, Group::K2, 450, 700),
    (Band::Child, Group::K1, 350, 600),
    (Band::Child, Group::K3, 10, 10),
    (Band::Child, Group::K6, 500, 500),
    (Band::Toddler, Group::K7, 0, 20_000),
];

/// Share of khoản 6 certificates that are "extremely severe" (đặc biệt nặng), per 100: about
/// a third of the certificates nationally, fewer among those the allowance was calibrated on.
const EXTREME: u32 = 20;

/// Per 1,000 beneficiaries aged 60 or more paid in 12/2023: deaths the commune reports only in
/// 01/2024, after 12/2023 was paid and locked (the pipeline records them then). About 0.5 % of
/// all beneficiaries.
const LATE_DEATHS: u32 = 12;

/// Per 1,000 beneficiaries: moves to another commune, recorded after 12/2023 was locked.
const MOVES: u32 = 3;

/// Per 100: people turning 80 after the reference month who apply under 5c, like the stock.
const NEW_80_APPLY: u32 = 79;

/// A beneficiary whose death the commune learns of late: the person died on `died_on`, before
/// the locked month was paid, and the death is recorded afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LateDeath {
    pub beneficiary: Uuid,
    pub died_on: NaiveDate,
}

/// A beneficiary who moves to another commune, with the new address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub beneficiary: Uuid,
    pub to_area: Uuid,
    pub address: String,
}

/// What the draw made of one batch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drawn {
    pub records: Vec<BeneficiaryRecord>,
    pub late_deaths: Vec<LateDeath>,
    pub moves: Vec<Move>,
    pub dossiers: Vec<OpenDossier>,
}

/// A person being drawn, with what the draw needs to know about them.
struct Candidate<'a> {
    person: &'a PersonRecord,
    /// Age reached in the reference month.
    age: i32,
    upland: bool,
    /// The household's address.
    address: &'a str,
}

/// A commune a beneficiary can move to.
struct Destination {
    id: Uuid,
    profile: Profile,
    settlement: ansinh_core::Settlement,
}

/// Chooses the beneficiaries of each batch of generated persons, in order.
pub struct BeneficiaryDraw {
    seed: u64,
    as_of: NaiveDate,
    upland: HashSet<Uuid>,
    destinations: Vec<Destination>,
    places: Places,
    dossiers: DossierMaker,
    batch: u64,
}

impl BeneficiaryDraw {
    /// For the generation `config` over `communes`: the same seed, and nothing decided after
    /// its reference day.
    pub fn new(config: &SynthConfig, communes: &[Area]) -> BeneficiaryDraw {
        let SynthConfig {
            seed, as_of, scale, ..
        } = *config;
        let mut destinations: Vec<Destination> = communes
            .iter()
            .map(|a| Destination {
                id: a.id,
                profile: commune_profile(&a.code, a.settlement()),
                settlement: a.settlement(),
            })
            .collect();
        // The order of `communes` must not change the draw.
        destinations.sort_by_key(|d| d.id);
        let upland = destinations
            .iter()
            .filter(|d| d.profile == Profile::Mountain)
            .map(|d| d.id)
            .collect();
        let calendar = WorkCalendar::shipped().unwrap_or_else(|_| WorkCalendar::weekends_only());
        BeneficiaryDraw {
            seed,
            as_of,
            upland,
            destinations,
            places: Places::new(),
            dossiers: DossierMaker::new(as_of, calendar, scale),
            batch: 0,
        }
    }

    /// The beneficiaries among the persons of the next batch, and their events.
    pub fn draw(&mut self, batch: &Batch) -> Drawn {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed ^ 0xB7C0_5A11 ^ (self.batch << 20));
        // The applications of people who are not beneficiaries have their own stream, so that
        // tuning them changes no beneficiary.
        let mut applications =
            ChaCha8Rng::seed_from_u64(self.seed ^ 0xD055_1E55 ^ (self.batch << 20));
        self.batch += 1;
        let addresses: HashMap<Uuid, &str> = batch
            .households
            .iter()
            .map(|h| (h.id, h.address.as_str()))
            .collect();
        let start = reference_month().first_day();
        let mut out = Drawn::default();
        // Persons and their memberships are generated in pairs, so the household of
        // `persons[i]` is `members[i].household_id`.
        for (p, m) in batch.persons.iter().zip(&batch.members) {
            debug_assert_eq!(p.id, m.person_id);
            if p.birth.date >= start || p.death_date.is_some_and(|d| d < start) {
                continue;
            }
            let c = Candidate {
                person: p,
                age: age_in(p.birth, reference_month()),
                upland: self.upland.contains(&p.area_id),
                address: addresses.get(&m.household_id).copied().unwrap_or_default(),
            };
            let (age, upland) = (c.age, c.upland);
            let roll: u32 = rng.random_range(0..100_000);
            let mut acc = 0;
            let mut chosen = None;
            for &(band, group, low, up) in RATES {
                if !in_band(band, age, p.sex) {
                    continue;
                }
                acc += if upland { up } else { low };
                if roll < acc {
                    chosen = Some(group);
                    break;
                }
            }
            match chosen {
                Some(group) => {
                    let n = out.records.len();
                    let decided = self.stock_decision(&mut rng, p, group);
                    let r = self.build(&mut rng, &c, group, decided, n);
                    out.records.push(r);
                }
                None if (77..80).contains(&age) => self.turning_80(&mut rng, &c, &mut out),
                None => {
                    let new = self
                        .dossiers
                        .maybe_new(&mut applications, p, age, upland, c.address);
                    if let Some(d) = new {
                        out.dossiers.push(d);
                    }
                }
            }
        }
        self.events(&mut rng, &mut out);
        out
    }

    /// A decision before the reference month, not before the person could qualify, in the
    /// years the current decree and its predecessor were applied.
    fn stock_decision(&self, rng: &mut ChaCha8Rng, p: &PersonRecord, group: Group) -> NaiveDate {
        let earliest = NaiveDate::from_ymd_opt(2019, 1, 1).expect("valid date");
        let qualifies = match group {
            // A mother raising a child born after she came of age.
            Group::K4 => month_turning(p.birth, 19).first_day(),
            Group::K5C => month_turning(p.birth, 80).first_day(),
            Group::K5B => month_turning(p.birth, 75).first_day(),
            Group::K5A | Group::K5D => month_turning(p.birth, 60).first_day(),
            Group::K2 => month_turning(p.birth, 16).first_day(),
            _ => p.birth.date,
        };
        let from = earliest.max(qualifies);
        let span = (reference_month().first_day() - from).num_days().max(1);
        from + Days::new(rng.random_range(0..span) as u64)
    }

    /// Someone turning 80 after the reference month: a 5c decision a few weeks after the
    /// birthday if it falls before the reference day, an open dossier if only the application
    /// does.
    fn turning_80(&mut self, rng: &mut ChaCha8Rng, c: &Candidate<'_>, out: &mut Drawn) {
        let p = c.person;
        if rng.random_range(0..100) >= NEW_80_APPLY {
            return;
        }
        let birthday = month_turning(p.birth, 80).first_day().max(p.birth.date);
        let applied = birthday + Days::new(rng.random_range(5..60));
        if applied > self.as_of || p.death_date.is_some_and(|d| d < applied) {
            return;
        }
        match self.dossiers.progress(rng, applied) {
            Progress::Decided(decided) if p.death_date.is_none_or(|d| d >= decided) => {
                let n = out.records.len();
                let mut r = self.build(rng, c, Group::K5C, decided, n);
                r.facts.grants[0].dossier_on = applied;
                out.records.push(r);
            }
            Progress::Open(steps) if p.death_date.is_none() => {
                out.dossiers
                    .push(self.dossiers.elderly(p, applied, steps, c.address));
            }
            _ => {}
        }
    }

    /// Late deaths and moves among the batch's beneficiaries paid in the reference month.
    fn events(&self, rng: &mut ChaCha8Rng, out: &mut Drawn) {
        let start = reference_month().first_day();
        let late_window = NaiveDate::from_ymd_opt(2023, 10, 1).expect("valid date");
        for r in &out.records {
            // Only people alive in the registry today, decided well before the window, and old
            // enough that dying is the common way out.
            let g = &r.facts.grants[0];
            if r.facts.died_on.is_some() || g.decided_on >= late_window || g.decided_on >= start {
                continue;
            }
            let roll = rng.random_range(0..1000);
            let old = age_in(r.facts.birth, reference_month()) >= 60;
            if roll < LATE_DEATHS && old {
                // In October or November, so the December payment is recovered.
                let died_on = late_window + Days::new(rng.random_range(0..61));
                out.late_deaths.push(LateDeath {
                    beneficiary: r.id,
                    died_on,
                });
            } else if roll >= 1000 - MOVES {
                let here = self.destinations.iter().position(|d| d.id == r.area_id);
                let mut k = rng.random_range(0..self.destinations.len() - 1);
                if here.is_some_and(|h| k >= h) {
                    k += 1;
                }
                let to = &self.destinations[k];
                let mut address = String::new();
                self.places
                    .write(rng, to.profile, to.settlement, &mut address);
                out.moves.push(Move {
                    beneficiary: r.id,
                    to_area: to.id,
                    address,
                });
            }
        }
    }

    /// One beneficiary record of `group`, decided on `decided`; `n` numbers its decisions.
    fn build(
        &self,
        rng: &mut ChaCha8Rng,
        c: &Candidate<'_>,
        group: Group,
        decided: NaiveDate,
        n: usize,
    ) -> BeneficiaryRecord {
        let p = c.person;
        let mut facts = Facts::new(p.birth);
        facts.died_on = p.death_date;
        facts.disadvantaged_area = c.upland;
        let dossier = decided - Days::new(rng.random_range(10..40));
        let mut extra = Vec::new();
        match group {
            Group::K5A | Group::K5D | Group::K7 => facts.household = Household::Poor,
            Group::K3 | Group::K8 => {
                facts.household = Household::Poor;
                facts.hiv = true;
            }
            Group::K5B => {
                facts.household = Household::NearPoor;
                // Turning 80 ends 5b; the commune moves the person to 5c then.
                let eighty = month_turning(p.birth, 80).first_day();
                let decided = eighty + Days::new(40);
                if decided <= self.as_of && p.death_date.is_none_or(|d| d >= decided) {
                    extra.push(grant(
                        Group::K5C,
                        eighty + Days::new(10),
                        eighty + Days::new(40),
                    ));
                }
            }
            Group::K4 => {
                facts.household = Household::Poor;
                let children: u64 = if rng.random_range(0..100) < 85 { 1 } else { 2 };
                // Born after the mother turned 18 and before the decision, so the parent qualifies
                // from its month, and young enough to be under 16 in the reference month.
                let earliest = month_turning(p.birth, 18)
                    .first_day()
                    .max(reference_month().first_day() - Days::new(365 * 15));
                for i in 0..children {
                    let latest = decided - Days::new(30 + 400 * i);
                    let span = (latest - earliest).num_days().max(1) as u64;
                    let birth = latest - Days::new(rng.random_range(0..span.min(365 * 7)));
                    facts.children.push(Child {
                        birth: PartialDate {
                            date: birth.max(earliest),
                            precision: DatePrecision::Day,
                        },
                        studying: false,
                        left_on: None,
                    });
                }
                // A few poor single mothers are severely disabled too, and are paid both.
                if rng.random_range(0..100) < 3 {
                    facts.disability.push(DisabilityCertificate {
                        issued_on: dossier.max(p.birth.date),
                        severity: Severity::Severe,
                    });
                    extra.push(grant(Group::K6, dossier, decided));
                }
            }
            Group::K2 => facts.studying = true,
            Group::K6 => {
                let extreme = rng.random_range(0..100) < EXTREME;
                facts.disability.push(DisabilityCertificate {
                    issued_on: dossier.max(p.birth.date),
                    severity: if extreme {
                        Severity::Extreme
                    } else {
                        Severity::Severe
                    },
                });
                // Some disabled elderly are also 80+ without a pension: only the higher is paid.
                if c.age >= 80 && rng.random_range(0..100) < 30 {
                    extra.push(grant(Group::K5C, dossier, decided));
                }
            }
            _ => {}
        }
        facts.grants.push(grant(group, dossier, decided));
        facts.grants.extend(extra);
        let decision_numbers = facts
            .grants
            .iter()
            .enumerate()
            .map(|(i, g)| format!("{}/{}/QĐ-UBND", n * 2 + i + 1, g.decided_on.year()))
            .collect();
        BeneficiaryRecord {
            id: uuid::Builder::from_random_bytes(rng.random()).into_uuid(),
            person_id: p.id,
            area_id: p.area_id,
            address: c.address.to_string(),
            facts,
            decision_numbers,
            suspensions: Vec::new(),
        }
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

/// Deaths that the commune reports late: about 0.5 % of the beneficiaries, each dying in one
/// of the three months before `reported` (for the benchmark, which locks those months first and
/// then records the deaths).
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
