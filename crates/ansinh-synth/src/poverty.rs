//! Synthetic poverty reviews: for every household of a generated batch, the commune it belonged
//! to in each review year (an old commune merged into its commune of today), its groups and
//! causes, and, for the households on that year's review list, the survey answers: income per
//! person per month and the 12 indicators.
//!
//! The model. Each household has a persistent standard-of-living score z ~ N(0, 1) and a fresh
//! shock ε ~ N(0, 1) each year; its rank u = Φ((z + σε)/√(1+σ²)) is exactly uniform, so the
//! share of households with u below a cut is the cut. The cut for "poor" is the profile's
//! multiplier (city core 0.3, lowland 1, mountain 6) times a factor chosen so that the
//! province's expected rate is the target: 3.56 % for 2022 and 2.27 % for 2023 (the 2024 sector
//! report: 2.27 %, down 1.29 points). Near-poor and average-living-standard bands sit above it.
//! With σ = 0.35 ranks correlate at 0.94 between years, so most poor households stay poor, many
//! escape, and a few fall back or become poor for the first time.
//!
//! The answers are drawn to land in the intended class under the standard the review uses
//! (`ansinh_core::poverty::StandardBook`), and the real classification decides: the calibration
//! test classifies generated surveys with the core.
//!
//! The review list of a year is the previous year's poor and near-poor households plus
//! applicants: every household intended to be poor, near-poor or of average living standard that
//! was not listed, and 1 % of the others. Households not on the list get no survey and are "not
//! poor" by the review's rule; that is how every household has a class for the rates.

use std::collections::HashMap;

use ansinh_core::Settlement;
use ansinh_core::area::{Area, AreaCatalog, AreaLevel};
use ansinh_core::poverty::{
    Cause, Causes, Class, Indicator, MeansAnswer, StandardBook, SurveyAnswers, ToiletType,
    WaterSource,
};
use chrono::{Datelike, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use crate::communes::{Profile, commune_profile};
use crate::{Batch, communes};

/// The review years generated and the province's poor-household rate each should give.
pub const TARGETS: [(i32, f64); 2] = [(2022, 0.0356), (2023, 0.0227)];

/// Year-to-year noise of the standard-of-living rank (see the module text).
const SIGMA: f64 = 0.35;

/// Near-poor and average bands as multiples of the poor cut.
const NEAR_POOR_BAND: f64 = 1.3;
const AVERAGE_BAND: f64 = 1.0;

/// Share of households not expected on any list that apply anyway.
const STRAY_APPLICANTS: f64 = 0.01;

fn multiplier(p: Profile) -> f64 {
    match p {
        Profile::CityCore => 0.3,
        Profile::Lowland => 1.0,
        Profile::Mountain => 6.0,
    }
}

/// What the review knows of a household in a year (the store's `FactsRecord`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthFacts {
    pub household_id: Uuid,
    pub year: i32,
    pub area_id: Uuid,
    pub farming: bool,
    pub no_working_capacity: bool,
    pub person_of_merit: bool,
    pub causes: Causes,
}

/// A household on a year's review list with its survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthSurvey {
    pub household_id: Uuid,
    pub household_code_index: usize,
    pub year: i32,
    /// Not on the previous year's poor or near-poor list: it applied (Mẫu số 01).
    pub applied: bool,
    pub answers: SurveyAnswers,
    /// The class the answers were drawn for (the classification decides).
    pub intended: Class,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PovertyBatch {
    pub facts: Vec<SynthFacts>,
    /// `household_code_index` points into the batch's households.
    pub surveys: Vec<SynthSurvey>,
}

struct Commune {
    profile: Profile,
    /// The old communes merged into it, with their settlement.
    old: Vec<(Uuid, Settlement)>,
}

/// The children of a household at the end of a review year, by the ages the indicators name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Children {
    /// Under 16.
    under_16: i64,
    /// From 3 to under 16 (indicator 6).
    from_3: i64,
    /// From 6 to under 16 (indicator 4's children).
    from_6: i64,
}

impl Children {
    /// Counts the members born by 31/12 of `year` who are under 16 then, by birth year (the
    /// registry knows some births to the year only).
    fn of(births: &[NaiveDate], year: i32) -> Children {
        let mut c = Children::default();
        for b in births {
            let age = year - b.year();
            if (0..16).contains(&age) {
                c.under_16 += 1;
                c.from_3 += i64::from(age >= 3);
                c.from_6 += i64::from(age >= 6);
            }
        }
        c
    }
}

/// Generates the reviews batch by batch, in the order the registry generator yields them.
pub struct PovertyGenerator {
    rng: ChaCha8Rng,
    communes: HashMap<Uuid, Commune>,
    /// Poor cut per profile and year (index into TARGETS).
    cuts: Vec<[f64; 3]>,
    /// (poverty line, average ceiling) per settlement (rural, urban) and year.
    lines: Vec<[(i64, i64); 2]>,
}

fn profile_index(p: Profile) -> usize {
    match p {
        Profile::CityCore => 0,
        Profile::Lowland => 1,
        Profile::Mountain => 2,
    }
}

impl PovertyGenerator {
    /// `communes` are the communes the registry was generated over (today's), `households`
    /// the household count of each (from the registry generator's plan, to calibrate).
    pub fn new(seed: u64, communes: &[Area], scale: f64) -> PovertyGenerator {
        let catalog = AreaCatalog::shipped().expect("the shipped catalogue parses");
        let plans = communes::plan(communes, scale);
        let mut by_profile = [0f64; 3];
        for p in &plans {
            by_profile[profile_index(p.profile)] += f64::from(p.households);
        }
        let total: f64 = by_profile.iter().sum::<f64>().max(1.0);
        let weighted: f64 = [Profile::CityCore, Profile::Lowland, Profile::Mountain]
            .iter()
            .map(|p| by_profile[profile_index(*p)] / total * multiplier(*p))
            .sum::<f64>()
            .max(1e-9);
        let cuts = TARGETS
            .iter()
            .map(|(_, rate)| {
                let k = rate / weighted;
                [Profile::CityCore, Profile::Lowland, Profile::Mountain]
                    .map(|p| (k * multiplier(p)).min(0.6))
            })
            .collect();
        let book = StandardBook::shipped().expect("the shipped standards parse");
        let lines = TARGETS
            .iter()
            .map(|(year, _)| {
                let s = book
                    .for_year(year + 1)
                    .expect("standards cover the review years");
                [Settlement::Rural, Settlement::Urban].map(|x| {
                    let st = s.get(x);
                    (
                        st.poverty_line,
                        st.average_ceiling.unwrap_or(st.poverty_line * 3 / 2),
                    )
                })
            })
            .collect();
        let mut map = HashMap::new();
        for p in &plans {
            let old: Vec<(Uuid, Settlement)> = catalog
                .successors
                .iter()
                .filter(|(_, new)| *new == p.area_id)
                .filter_map(|(old, _)| catalog.areas.iter().find(|a| a.id == *old))
                .filter(|a| a.level == AreaLevel::Commune)
                .map(|a| (a.id, a.settlement()))
                .collect();
            let old = if old.is_empty() {
                vec![(p.area_id, p.settlement)]
            } else {
                old
            };
            map.insert(
                p.area_id,
                Commune {
                    profile: commune_profile(&p.code, p.settlement),
                    old,
                },
            );
        }
        PovertyGenerator {
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0x0070_6f76_6572_7479),
            communes: map,
            cuts,
            lines,
        }
    }

    fn normal(&mut self) -> f64 {
        // Box–Muller: two uniforms give a standard normal.
        let u1: f64 = self.rng.random_range(f64::MIN_POSITIVE..1.0);
        let u2: f64 = self.rng.random();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// The reviews of the households of one registry batch.
    pub fn batch(&mut self, batch: &Batch) -> PovertyBatch {
        let mut sizes: HashMap<Uuid, i64> = HashMap::with_capacity(batch.households.len());
        let born: HashMap<Uuid, NaiveDate> =
            batch.persons.iter().map(|p| (p.id, p.birth.date)).collect();
        let mut births: HashMap<Uuid, Vec<NaiveDate>> =
            HashMap::with_capacity(batch.households.len());
        for m in &batch.members {
            *sizes.entry(m.household_id).or_default() += 1;
            if let Some(b) = born.get(&m.person_id) {
                births.entry(m.household_id).or_default().push(*b);
            }
        }
        let mut out = PovertyBatch {
            facts: Vec::with_capacity(batch.households.len() * TARGETS.len()),
            surveys: Vec::new(),
        };
        for (index, h) in batch.households.iter().enumerate() {
            let Some(commune) = self.communes.get(&h.area_id) else {
                continue;
            };
            let profile = commune.profile;
            let pick = self.rng.random_range(0..commune.old.len());
            let (old_id, settlement) = commune.old[pick];
            let z = self.normal();
            let farming = self.rng.random_bool(match settlement {
                Settlement::Rural => 0.55,
                Settlement::Urban => 0.08,
            });
            let person_of_merit = self.rng.random_bool(0.03);
            let frail = self.rng.random_bool(0.02);
            let members = sizes.get(&h.id).copied().unwrap_or(1).clamp(1, 50);
            let mut previous: Option<Class> = None;
            for (y, (year, _)) in TARGETS.iter().enumerate() {
                let e = self.normal();
                let u = phi((z + SIGMA * e) / (1.0 + SIGMA * SIGMA).sqrt());
                let cut = self.cuts[y][profile_index(profile)];
                let intended = if u < cut {
                    Class::Poor
                } else if u < cut * (1.0 + NEAR_POOR_BAND) {
                    Class::NearPoor
                } else if u < cut * (1.0 + NEAR_POOR_BAND + AVERAGE_BAND) {
                    Class::AverageLivingStandard
                } else {
                    Class::NotPoor
                };
                let listed_before = matches!(previous, Some(Class::Poor | Class::NearPoor));
                let applies = intended != Class::NotPoor || self.rng.random_bool(STRAY_APPLICANTS);
                let on_list = listed_before || applies;
                let poorish = matches!(intended, Class::Poor | Class::NearPoor);
                let causes = if poorish {
                    self.causes(profile)
                } else {
                    Causes::NONE
                };
                out.facts.push(SynthFacts {
                    household_id: h.id,
                    year: *year,
                    area_id: old_id,
                    farming,
                    no_working_capacity: frail
                        || (intended == Class::Poor && self.rng.random_bool(0.12)),
                    person_of_merit,
                    causes,
                });
                if on_list {
                    let children = Children::of(
                        births.get(&h.id).map(Vec::as_slice).unwrap_or_default(),
                        *year,
                    );
                    let answers = self.answers(intended, settlement, members, children, profile, y);
                    out.surveys.push(SynthSurvey {
                        household_id: h.id,
                        household_code_index: index,
                        year: *year,
                        applied: !listed_before,
                        answers,
                        intended,
                    });
                }
                previous = Some(if on_list { intended } else { Class::NotPoor });
            }
        }
        out
    }

    fn causes(&mut self, profile: Profile) -> Causes {
        let common: &[Cause] = match profile {
            Profile::Mountain => &[
                Cause::LackOfLand,
                Cause::LackOfCapital,
                Cause::LackOfSkills,
                Cause::LackOfMeans,
            ],
            _ => &[
                Cause::LackOfLabour,
                Cause::IllnessOrAccident,
                Cause::LackOfCapital,
                Cause::NoJob,
            ],
        };
        let mut c = Causes::NONE.with(common[self.rng.random_range(0..common.len())]);
        if self.rng.random_bool(0.4) {
            c = c.with(Cause::ALL[self.rng.random_range(0..Cause::ALL.len())]);
        }
        c
    }

    /// Answers drawn for `intended` under the year's standard. The indicators about children
    /// are drawn only for households that have children of the ages they name, and the child
    /// counts agree with them.
    fn answers(
        &mut self,
        intended: Class,
        settlement: Settlement,
        members: i64,
        children: Children,
        profile: Profile,
        y: usize,
    ) -> SurveyAnswers {
        let (line, ceiling) = self.lines[y][match settlement {
            Settlement::Rural => 0,
            Settlement::Urban => 1,
        }];
        let r = &mut self.rng;
        let (income, lacks) = match intended {
            Class::Poor => (
                r.random_range(line * 40 / 100..=line),
                r.random_range(3..=6),
            ),
            Class::NearPoor => (
                r.random_range(line * 55 / 100..=line),
                r.random_range(0..=2),
            ),
            Class::AverageLivingStandard => {
                (r.random_range(line + 1..=ceiling), r.random_range(0..=2))
            }
            Class::NotPoor => (
                r.random_range(ceiling + 1..=ceiling * 4),
                r.random_range(0..=1),
            ),
        };
        // Round to thousands as officers write them, staying inside the band.
        let income = (income / 1000 * 1000).max(if intended == Class::AverageLivingStandard {
            line + 1000
        } else {
            0
        });
        // Which indicators: uplands lack water, toilets and housing more often.
        let mut weights: [u32; 12] = match profile {
            Profile::Mountain => [8, 4, 3, 2, 6, 3, 8, 5, 9, 10, 3, 4],
            _ => [10, 6, 2, 3, 6, 2, 3, 5, 3, 4, 2, 3],
        };
        if children.under_16 == 0 {
            weights[Indicator::Nutrition.index()] = 0;
        }
        if children.from_3 == 0 {
            weights[Indicator::ChildSchooling.index()] = 0;
        }
        let mut chosen = [false; 12];
        let mut n = 0;
        while n < lacks {
            let total: u32 = weights
                .iter()
                .zip(&chosen)
                .filter(|(_, c)| !**c)
                .map(|(w, _)| w)
                .sum();
            let mut pick = r.random_range(0..total);
            for (i, w) in weights.iter().enumerate() {
                if chosen[i] {
                    continue;
                }
                if pick < *w {
                    chosen[i] = true;
                    break;
                }
                pick -= w;
            }
            n += 1;
        }
        let lacks = |i: Indicator| chosen[i.index()];
        let malnourished = if lacks(Indicator::Nutrition) {
            r.random_range(1..=children.under_16.min(2))
        } else {
            0
        };
        let out_of_school = if lacks(Indicator::ChildSchooling) {
            r.random_range(1..=children.from_3.min(2))
        } else {
            0
        };
        // Indicator 4 counts anyone from 6 years: half the time the uninsured one is a child.
        let uninsured = if lacks(Indicator::HealthInsurance) && children.from_6 > 0 {
            i64::from(r.random_bool(0.5))
        } else {
            0
        };
        SurveyAnswers {
            settlement,
            members,
            means: MeansAnswer::Income(income),
            member_without_stable_job: Some(lacks(Indicator::Employment)),
            dependants: Some(if lacks(Indicator::Dependants) {
                members / 2 + 1
            } else {
                (members - 1) / 2
            }),
            malnourished_child: Some(lacks(Indicator::Nutrition)),
            member_without_health_insurance: Some(lacks(Indicator::HealthInsurance)),
            youth_below_expected_education: Some(lacks(Indicator::AdultEducation)),
            child_not_at_expected_school_level: Some(lacks(Indicator::ChildSchooling)),
            non_durable_main_parts: Some(if lacks(Indicator::HousingQuality) {
                r.random_range(2..=3)
            } else {
                r.random_range(0..=1)
            }),
            floor_area_tenths_m2: Some(if lacks(Indicator::FloorArea) {
                r.random_range(members * 40..members * 80)
            } else {
                r.random_range(members * 80..=members * 80 + 400)
            }),
            water_source: Some(if lacks(Indicator::Water) {
                [
                    WaterSource::SurfaceWater,
                    WaterSource::UnprotectedDugWell,
                    WaterSource::UnprotectedSpring,
                ][r.random_range(0..3)]
            } else {
                [
                    WaterSource::Piped,
                    WaterSource::DrilledWell,
                    WaterSource::ProtectedDugWell,
                ][r.random_range(0..3)]
            }),
            toilet: Some(if lacks(Indicator::Toilet) {
                [
                    ToiletType::None,
                    ToiletType::Unhygienic,
                    ToiletType::OverWater,
                ][r.random_range(0..3)]
            } else {
                [
                    ToiletType::Septic,
                    ToiletType::SemiSeptic,
                    ToiletType::PourFlush,
                ][r.random_range(0..3)]
            }),
            uses_telecom: Some(!lacks(Indicator::Telecom)),
            has_information_device: Some(!lacks(Indicator::InformationDevices)),
            children_under_16: Some(children.under_16),
            children_malnourished: Some(malnourished),
            children_without_health_insurance: Some(uninsured),
            children_not_at_school_level: Some(out_of_school),
        }
    }
}

/// The standard normal distribution function (Abramowitz–Stegun 26.2.17, error < 7.5e-8).
fn phi(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.231_641_9 * x.abs());
    let d = (-x * x / 2.0).exp() / (std::f64::consts::TAU).sqrt();
    let p = d
        * t
        * (0.319_381_530
            + t * (-0.356_563_782
                + t * (1.781_477_937 + t * (-1.821_255_978 + t * 1.330_274_429))));
    if x >= 0.0 { 1.0 - p } else { p }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Generator, SynthConfig};
    use chrono::NaiveDate;

    #[test]
    fn generated_reviews_classify_as_intended_and_mountains_are_poorer() {
        let as_of = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let catalog = AreaCatalog::shipped().unwrap();
        let communes: Vec<Area> = catalog
            .hue_communes_on(as_of)
            .into_iter()
            .cloned()
            .collect();
        let config = SynthConfig {
            scale: 0.05,
            seed: 7,
            as_of,
        };
        let mut poverty = PovertyGenerator::new(7, &communes, config.scale);
        let book = StandardBook::shipped().unwrap();
        let profile_of: HashMap<Uuid, Profile> = communes
            .iter()
            .map(|a| (a.id, commune_profile(&a.code, a.settlement())))
            .collect();
        // (households, poor) per year and profile.
        let mut counts = [[(0u64, 0u64); 3]; 2];
        let mut moved = 0;
        for batch in Generator::new(config, &communes) {
            let p = poverty.batch(&batch);
            for f in &p.facts {
                let y = TARGETS
                    .iter()
                    .position(|(year, _)| *year == f.year)
                    .unwrap();
                let h = batch
                    .households
                    .iter()
                    .find(|h| h.id == f.household_id)
                    .unwrap();
                counts[y][profile_index(profile_of[&h.area_id])].0 += 1;
            }
            let mut class_2022 = HashMap::new();
            for s in &p.surveys {
                let y = TARGETS
                    .iter()
                    .position(|(year, _)| *year == s.year)
                    .unwrap();
                let std = book.for_year(s.year + 1).unwrap();
                let c = std.classify(&s.answers.validate().unwrap()).unwrap().class;
                assert_eq!(c, s.intended, "{:?}", s.answers);
                if c == Class::Poor {
                    let h = &batch.households[s.household_code_index];
                    counts[y][profile_index(profile_of[&h.area_id])].1 += 1;
                }
                if s.year == 2022 {
                    class_2022.insert(s.household_id, c);
                } else if class_2022.get(&s.household_id) == Some(&Class::Poor) && c != Class::Poor
                {
                    moved += 1;
                }
            }
        }
        let rate = |y: usize| {
            let (h, p) = counts[y].iter().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
            p as f64 / h as f64
        };
        let (r22, r23) = (rate(0), rate(1));
        assert!((r22 - 0.0356).abs() < 0.006, "{r22}");
        assert!((r23 - 0.0227).abs() < 0.005, "{r23}");
        for year in counts.iter().take(2) {
            let r = |i: usize| year[i].1 as f64 / year[i].0 as f64;
            assert!(r(2) > 3.0 * r(1) && r(1) > r(0), "{year:?}");
        }
        assert!(moved > 0);
    }
}
