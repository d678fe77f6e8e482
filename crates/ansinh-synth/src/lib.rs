//! A deterministic synthetic population of Huế at a scale factor: persons, households and
//! memberships in the shapes of [`ansinh_core::registry`], ready for the store's bulk loader.
//!
//! Scale factor 1 is about Huế today: 1.17 million people in 334 000 households over the 40
//! communes in force from 1/7/2025, the old-city wards densest and the upland communes of
//! A Lưới, Nam Đông, Khe Tre, Long Quảng and Bình Điền smallest. Counts follow from the scale
//! alone (see [`Generator::expected_persons`]); everything else comes from one ChaCha8 stream
//! seeded by [`SynthConfig::seed`], so a configuration always produces byte-identical records.
//! No clock is read: the reference day [`SynthConfig::as_of`] fixes ages and the timestamps
//! inside the UUIDv7 keys.
//!
//! The pieces are small modules so later generators (beneficiaries, surveys, labour) can reuse
//! them: [`names`] (name tables), [`pyramid`] (age structure), `household` (composition),
//! `ids` (keys, personal IDs, phones), [`communes`] (counts per commune) and `address`.
//! [`beneficiaries`] draws the social-assistance beneficiaries among the generated persons, with
//! late-reported deaths, moves and open [`dossiers`]; [`poverty`] the poverty reviews.

mod address;
mod attributes;
pub mod beneficiaries;
pub mod communes;
pub mod dossiers;
mod household;
mod ids;
pub mod names;
pub mod poverty;
pub mod pyramid;
mod weighted;

use ansinh_core::registry::{HouseholdRecord, MemberRecord, PersonRecord};
use ansinh_core::{Area, DatePrecision, Ethnicity, MoveReason, PartialDate, Relation, Sex};
use chrono::{Datelike, Days, Months, NaiveDate};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::address::Places;
use crate::communes::{CommunePlan, MAX_HOUSEHOLD_SIZE, Mix};
use crate::household::{Builder, Context, MemberSpec};
use crate::ids::{PhoneAllocator, PidAllocator, UuidSource};
use crate::names::Names;
use crate::pyramid::{BirthDays, Pyramid};
use crate::weighted::Table;

pub use crate::communes::Profile;

/// Households per batch. Large enough for efficient bulk inserts, small enough to keep a batch
/// (about 36 000 persons) well under 50 MB.
pub const BATCH_HOUSEHOLDS: usize = 10_000;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SynthConfig {
    /// 1.0 ≈ Huế (1.17 M persons); 0.01 ≈ 11 700 persons.
    pub scale: f64,
    pub seed: u64,
    /// The reference day: ages are reckoned on it and nothing happens after it.
    pub as_of: NaiveDate,
}

/// Whole households with their members. Every person belongs to a household of the same batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    pub persons: Vec<PersonRecord>,
    pub households: Vec<HouseholdRecord>,
    pub members: Vec<MemberRecord>,
}

impl Batch {
    fn with_capacity(households: usize) -> Self {
        // About 3.5 persons a household, rounded up so a batch rarely reallocates.
        Batch {
            persons: Vec::with_capacity(households * 4),
            households: Vec::with_capacity(households),
            members: Vec::with_capacity(households * 4),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.households.is_empty()
    }

    /// Moves the records of `other` to the end of this batch.
    pub fn append(&mut self, mut other: Batch) {
        self.persons.append(&mut other.persons);
        self.households.append(&mut other.households);
        self.members.append(&mut other.members);
    }
}

/// The tables that never change during a generation.
struct Tables {
    pyramid: Pyramid,
    at_home: Pyramid,
    births: BirthDays,
    names: Names,
    builder: Builder,
    places: Places,
    mixes: Vec<Table<Ethnicity>>,
}

/// Someone copied into a later household as a near-duplicate record.
struct Donor {
    name: String,
    sex: Sex,
    birth_year: i32,
    ethnicity: Ethnicity,
}

/// Where the generator is: which commune, which household, which duplicate comes next.
#[derive(Default)]
struct Cursor {
    /// The commune being generated, if one is open.
    commune: Option<usize>,
    /// The next commune to open.
    next_commune: usize,
    /// Index of the next household within the open commune.
    household: u32,
    /// Household sizes of the open commune in generation order.
    sizes: Vec<u8>,
    /// Index of the next duplicate within the open commune.
    next_duplicate: u32,
    donor: Option<Donor>,
}

/// Streams the population in batches of [`BATCH_HOUSEHOLDS`] households. Batches must be taken
/// in order (it is an iterator), and the whole stream depends only on the configuration.
pub struct Generator {
    config: SynthConfig,
    rng: ChaCha8Rng,
    tables: Tables,
    plans: Vec<CommunePlan>,
    uuids: UuidSource,
    pids: PidAllocator,
    phones: PhoneAllocator,
    cursor: Cursor,
    /// Scratch space for the members of the household being built, reused to avoid churn.
    specs: Vec<MemberSpec>,
    expected_persons: u64,
    expected_households: u64,
    emitted_households: u64,
}

impl Generator {
    /// Plans a generation over `communes` (normally the 40 communes in force on `as_of`, from
    /// `AreaCatalog::shipped()?.hue_communes_on(as_of)`). The order of `communes` does not
    /// matter: they are generated by code.
    ///
    /// # Panics
    /// If `config.scale` is negative or not finite.
    pub fn new(config: SynthConfig, communes: &[Area]) -> Generator {
        let plans = communes::plan(communes, config.scale);
        let expected_households = plans.iter().map(|p| u64::from(p.households)).sum();
        let expected_persons = plans.iter().map(CommunePlan::persons).sum();
        let mixes = Mix::ALL
            .iter()
            .map(|m| {
                Table::new(m.weights().iter().map(|&(code, w)| {
                    (
                        Ethnicity::from_code(code).expect("ethnic codes in the mix are valid"),
                        w,
                    )
                }))
            })
            .collect();
        Generator {
            config,
            rng: ChaCha8Rng::seed_from_u64(config.seed),
            tables: Tables {
                pyramid: Pyramid::vietnam_2024(),
                at_home: Pyramid::children_at_home(),
                births: BirthDays::new(config.as_of),
                names: Names::new(),
                builder: Builder::new(),
                places: Places::new(),
                mixes,
            },
            plans,
            uuids: UuidSource::new(config.as_of),
            pids: PidAllocator::new(config.seed),
            phones: PhoneAllocator::new(config.seed),
            cursor: Cursor::default(),
            specs: Vec::with_capacity(MAX_HOUSEHOLD_SIZE + 1),
            expected_persons,
            expected_households,
            emitted_households: 0,
        }
    }

    /// The exact number of persons the generation yields (duplicates included).
    pub fn expected_persons(&self) -> u64 {
        self.expected_persons
    }

    /// The exact number of households the generation yields.
    pub fn expected_households(&self) -> u64 {
        self.expected_households
    }

    pub fn config(&self) -> &SynthConfig {
        &self.config
    }

    /// Opens the next commune that has households; false when none is left.
    fn open_next_commune(&mut self) -> bool {
        while self.cursor.next_commune < self.plans.len() {
            let index = self.cursor.next_commune;
            self.cursor.next_commune += 1;
            let plan = &self.plans[index];
            if plan.households == 0 {
                continue;
            }
            let sizes = &mut self.cursor.sizes;
            sizes.clear();
            for (i, &count) in plan.size_counts.iter().enumerate() {
                sizes.extend(std::iter::repeat_n(i as u8 + 1, count as usize));
            }
            sizes.shuffle(&mut self.rng);
            self.cursor.commune = Some(index);
            self.cursor.household = 0;
            self.cursor.next_duplicate = 0;
            self.cursor.donor = None;
            return true;
        }
        false
    }

    /// Builds the cursor's household into `batch` and advances the cursor.
    fn household(&mut self, batch: &mut Batch) {
        let Generator {
            config,
            rng,
            tables,
            plans,
            uuids,
            pids,
            phones,
            cursor,
            specs,
            ..
        } = self;
        let as_of = config.as_of;
        let index = cursor.commune.expect("a commune is open");
        let plan = &plans[index];
        let number = cursor.household;
        let size = usize::from(cursor.sizes[number as usize]);

        let ctx = Context {
            pyramid: &tables.pyramid,
            at_home: &tables.at_home,
            names: &tables.names,
            mix: &tables.mixes[plan.mix.index()],
            profile: plan.profile,
        };
        tables.builder.build(rng, &ctx, size, specs);

        let household_id = uuids.next(rng);
        let mut address = String::with_capacity(64);
        tables
            .places
            .write(rng, plan.profile, plan.settlement, &mut address);

        let first = batch.persons.len();
        // Set from the head's birth date, which is drawn first.
        let mut established = as_of;
        for (k, spec) in specs.iter().enumerate() {
            let born = tables.births.sample(rng, spec.age);
            if k == 0 {
                established = registration_day(rng, born, as_of);
            }
            let legacy = rng.random_bool(attributes::legacy(spec.age, plan.profile));
            let year = born.year();
            let birth = if legacy {
                year_only(year)
            } else {
                PartialDate::day(born)
            };
            let personal_id = if legacy {
                None
            } else {
                pids.allocate(
                    rng,
                    spec.sex,
                    year,
                    attributes::born_in_hue(spec.age, spec.ethnicity),
                )
            };
            let mut full_name = String::with_capacity(32);
            tables.names.full_name(
                rng,
                &mut full_name,
                spec.ethnicity,
                spec.sex,
                spec.lineage,
                year,
            );
            let id = uuids.next(rng);
            // Children born after the household was registered joined at birth; everyone else
            // at registration, or on coming of age if they married in later (a daughter-in-law
            // younger than the household book joins when she could have married).
            let born_here = matches!(spec.relation, Relation::Child | Relation::Grandchild)
                && born >= established;
            let (joined_on, join_reason) = if born_here {
                (born, MoveReason::Birth)
            } else if spec.age >= 18 {
                let adult = coming_of_age(born).unwrap_or(as_of);
                (established.max(adult).min(as_of), MoveReason::Registered)
            } else {
                (established.max(born), MoveReason::Registered)
            };
            // Heads stay alive, so every household has a living head to address; a death falls
            // after the person joined the household.
            let death_date = (spec.relation != Relation::Head
                && rng.random_bool(attributes::death(spec.age)))
            .then(|| {
                let earliest = as_of - Days::new(attributes::DEATH_WINDOW_DAYS as u64);
                random_day(rng, earliest.max(joined_on), as_of)
            });
            let phone = if death_date.is_none() && rng.random_bool(attributes::phone(spec.age)) {
                phones.allocate(rng)
            } else {
                None
            };
            batch.persons.push(PersonRecord {
                id,
                personal_id,
                full_name,
                sex: spec.sex,
                birth,
                ethnicity: spec.ethnicity,
                area_id: plan.area_id,
                phone,
                death_date,
            });
            batch.members.push(MemberRecord {
                household_id,
                person_id: id,
                relation: spec.relation,
                joined_on,
                join_reason,
            });
        }

        // A near-duplicate of someone from an earlier household of the commune, recorded here
        // as a lodger from an old register: no ID, birth year only, name copied or mistyped.
        let next = cursor.next_duplicate;
        if next < plan.duplicates && plan.duplicate_position(next) == number {
            let donor = cursor
                .donor
                .take()
                .expect("donor chosen in the previous household");
            let full_name = if rng.random_bool(0.45) {
                names::typo(rng, &donor.name)
            } else {
                donor.name
            };
            let id = uuids.next(rng);
            batch.persons.push(PersonRecord {
                id,
                personal_id: None,
                full_name,
                sex: donor.sex,
                birth: year_only(donor.birth_year),
                ethnicity: donor.ethnicity,
                area_id: plan.area_id,
                phone: None,
                death_date: None,
            });
            batch.members.push(MemberRecord {
                household_id,
                person_id: id,
                relation: Relation::Other,
                joined_on: random_day(rng, established, as_of),
                join_reason: MoveReason::Registered,
            });
            cursor.next_duplicate += 1;
        }
        // If the next household receives a duplicate, copy it from a living adult of this one.
        let next = cursor.next_duplicate;
        if next < plan.duplicates && plan.duplicate_position(next) == number + 1 {
            let mut candidates = [0usize; MAX_HOUSEHOLD_SIZE];
            let mut n = 0;
            for (k, spec) in specs.iter().enumerate() {
                if spec.age >= 18 && batch.persons[first + k].death_date.is_none() {
                    candidates[n] = first + k;
                    n += 1;
                }
            }
            // The head is always a living adult, so there is at least one candidate.
            let chosen = &batch.persons[candidates[rng.random_range(0..n)]];
            cursor.donor = Some(Donor {
                name: chosen.full_name.clone(),
                sex: chosen.sex,
                birth_year: chosen.birth.year(),
                ethnicity: chosen.ethnicity,
            });
        }

        batch.households.push(HouseholdRecord {
            id: household_id,
            code: format!("HO-{}-{:06}", plan.code, number + 1),
            area_id: plan.area_id,
            address,
            head_id: Some(batch.persons[first].id),
        });

        cursor.household += 1;
        if cursor.household == plan.households {
            cursor.commune = None;
        }
    }
}

impl Iterator for Generator {
    type Item = Batch;

    fn next(&mut self) -> Option<Batch> {
        if self.emitted_households >= self.expected_households {
            return None;
        }
        let mut batch = Batch::with_capacity(BATCH_HOUSEHOLDS);
        while batch.households.len() < BATCH_HOUSEHOLDS {
            if self.cursor.commune.is_none() && !self.open_next_commune() {
                break;
            }
            self.household(&mut batch);
        }
        self.emitted_households += batch.households.len() as u64;
        (!batch.is_empty()).then_some(batch)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.expected_households - self.emitted_households) as usize;
        let batches = left.div_ceil(BATCH_HOUSEHOLDS);
        (batches, Some(batches))
    }
}

impl ExactSizeIterator for Generator {}

/// Generates everything into one batch; for small scales and tests.
pub fn generate_all(config: SynthConfig, communes: &[Area]) -> Batch {
    let mut all = Batch::default();
    for batch in Generator::new(config, communes) {
        all.append(batch);
    }
    all
}

fn year_only(year: i32) -> PartialDate {
    PartialDate {
        date: NaiveDate::from_ymd_opt(year, 1, 1).expect("birth years are valid"),
        precision: DatePrecision::Year,
    }
}

/// A uniform day in `from..=to` (`from` if the range is empty).
fn random_day<R: Rng + ?Sized>(rng: &mut R, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days().max(0) as u64;
    from + Days::new(rng.random_range(0..=span))
}

/// The day a household was registered at its address: after the head came of age and not
/// before 1990, when today's household books were introduced in most wards.
fn registration_day<R: Rng + ?Sized>(
    rng: &mut R,
    head_born: NaiveDate,
    as_of: NaiveDate,
) -> NaiveDate {
    let adult = coming_of_age(head_born).unwrap_or(as_of);
    let books = NaiveDate::from_ymd_opt(1990, 1, 1).expect("valid date");
    random_day(rng, adult.max(books).min(as_of), as_of)
}

/// The 18th birthday (1 March for someone born on 29 February, the first day they are 18).
fn coming_of_age(born: NaiveDate) -> Option<NaiveDate> {
    let day = born.checked_add_months(Months::new(18 * 12))?;
    if day.day() < born.day() {
        day.succ_opt()
    } else {
        Some(day)
    }
}
