//! Checks of the generated population against the properties other modules rely on.

// Tests state their expectations with unwrap and panic, helpers included (clippy.toml allows it
// only inside #[test] functions).
#![allow(clippy::unwrap_used, clippy::panic)]

mod beneficiaries;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
use std::time::Instant;

use ansinh_core::date::age_on;
use ansinh_core::name::{fold, normalize_name};
use ansinh_core::registry::PersonRecord;
use ansinh_core::registry::duplicate::{DupKey, score};
use ansinh_core::{Area, AreaCatalog, DatePrecision, Ethnicity, PersonalId, Relation, Sex};
use ansinh_synth::{BATCH_HOUSEHOLDS, Batch, Generator, SynthConfig, generate_all};
use chrono::{Datelike, NaiveDate};
use uuid::Uuid;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()
}

fn communes() -> &'static [Area] {
    static COMMUNES: OnceLock<Vec<Area>> = OnceLock::new();
    COMMUNES.get_or_init(|| {
        AreaCatalog::shipped()
            .unwrap()
            .hue_communes_on(as_of())
            .into_iter()
            .cloned()
            .collect()
    })
}

fn config(scale: f64, seed: u64) -> SynthConfig {
    SynthConfig {
        scale,
        seed,
        as_of: as_of(),
    }
}

/// SF 0.01, generated once for the read-only checks.
fn small() -> &'static Batch {
    static SMALL: OnceLock<Batch> = OnceLock::new();
    SMALL.get_or_init(|| generate_all(config(0.01, 42), communes()))
}

fn code_of(area: Uuid) -> &'static str {
    &communes().iter().find(|a| a.id == area).unwrap().code
}

fn share(part: usize, whole: usize) -> f64 {
    part as f64 / whole as f64
}

#[test]
fn same_seed_same_output_and_other_seed_other_output() {
    let a = generate_all(config(0.002, 7), communes());
    let b = generate_all(config(0.002, 7), communes());
    assert_eq!(a, b);
    let c = generate_all(config(0.002, 8), communes());
    assert_ne!(a.persons, c.persons);
    // Counts depend on the scale only.
    assert_eq!(a.persons.len(), c.persons.len());
    assert_eq!(a.households.len(), c.households.len());
}

#[test]
fn commune_order_does_not_matter() {
    let mut reversed = communes().to_vec();
    reversed.reverse();
    let a = generate_all(config(0.001, 3), communes());
    let b = generate_all(config(0.001, 3), &reversed);
    assert_eq!(a, b);
}

#[test]
fn counts_are_exact_and_near_the_scale() {
    let g = Generator::new(config(0.01, 42), communes());
    let (persons, households) = (g.expected_persons(), g.expected_households());
    let batch = small();
    assert_eq!(batch.persons.len() as u64, persons);
    assert_eq!(batch.households.len() as u64, households);
    assert_eq!(batch.members.len(), batch.persons.len());
    assert!((11_000..12_500).contains(&persons), "{persons}");
    assert!((3_150..3_500).contains(&households), "{households}");
    let mean = persons as f64 / households as f64;
    assert!((3.4..3.7).contains(&mean), "{mean}");

    let sf1 = Generator::new(config(1.0, 1), communes());
    assert!((1_150_000..1_250_000).contains(&sf1.expected_persons()));
    assert!((320_000..345_000).contains(&sf1.expected_households()));
    assert_eq!(sf1.len(), 34);
}

#[test]
fn household_sizes_follow_the_distribution() {
    let batch = small();
    let mut size: HashMap<Uuid, usize> = HashMap::new();
    for m in &batch.members {
        if m.relation != Relation::Other {
            *size.entry(m.household_id).or_default() += 1;
        }
    }
    let n = size.len();
    let count = |f: &dyn Fn(usize) -> bool| share(size.values().filter(|&&s| f(s)).count(), n);
    let alone = count(&|s| s == 1);
    let four = count(&|s| s == 4);
    let large = count(&|s| s >= 6);
    assert!((0.09..0.14).contains(&alone), "{alone}");
    assert!((0.21..0.27).contains(&four), "{four}");
    assert!((0.07..0.14).contains(&large), "{large}");
}

#[test]
fn batches_hold_whole_households() {
    let g = Generator::new(config(0.04, 5), communes());
    let expected = g.expected_households();
    let mut total = 0;
    let mut codes = HashSet::new();
    let mut batches = 0;
    for batch in g {
        batches += 1;
        assert!(batch.households.len() <= BATCH_HOUSEHOLDS);
        let households: HashSet<Uuid> = batch.households.iter().map(|h| h.id).collect();
        let persons: HashSet<Uuid> = batch.persons.iter().map(|p| p.id).collect();
        assert_eq!(persons.len(), batch.persons.len());
        for m in &batch.members {
            assert!(households.contains(&m.household_id));
            assert!(persons.contains(&m.person_id));
        }
        for h in &batch.households {
            assert!(codes.insert(h.code.clone()));
        }
        total += batch.households.len() as u64;
    }
    assert_eq!(total, expected);
    assert_eq!(batches as u64, expected.div_ceil(BATCH_HOUSEHOLDS as u64));
}

#[test]
fn ids_are_unique_uuid_v7() {
    let batch = small();
    let mut seen = HashSet::new();
    for id in batch
        .persons
        .iter()
        .map(|p| p.id)
        .chain(batch.households.iter().map(|h| h.id))
    {
        assert_eq!(id.get_version_num(), 7);
        assert!(seen.insert(id));
    }
}

#[test]
fn personal_ids_are_unique_and_valid() {
    let batch = small();
    let mut seen = HashSet::new();
    let mut hue = 0;
    let mut with_id = 0;
    for p in &batch.persons {
        match &p.personal_id {
            Some(id) => {
                with_id += 1;
                assert_eq!(PersonalId::parse(id.as_str()).unwrap(), *id);
                assert_eq!(p.birth.precision, DatePrecision::Day);
                id.check_person(p.sex, p.birth.year()).unwrap();
                assert!(seen.insert(id.clone()), "duplicate ID {id}");
                if id.province_code() == "046" {
                    hue += 1;
                }
            }
            None => assert_eq!(p.birth.precision, DatePrecision::Year),
        }
    }
    let local = share(hue, with_id);
    assert!((0.86..0.94).contains(&local), "{local}");
    // Legacy records: about 2 % of everyone (the near-duplicates included), mostly elderly.
    let legacy: Vec<&PersonRecord> = batch
        .persons
        .iter()
        .filter(|p| p.personal_id.is_none())
        .collect();
    let legacy_share = share(legacy.len(), batch.persons.len());
    assert!((0.012..0.03).contains(&legacy_share), "{legacy_share}");
    let old = legacy
        .iter()
        .filter(|p| as_of().year() - p.birth.year() >= 60)
        .count();
    assert!(share(old, legacy.len()) > 0.5);
}

#[test]
fn every_household_has_its_head_as_a_member() {
    let batch = small();
    let mut heads: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    let mut memberships: HashMap<Uuid, usize> = HashMap::new();
    for m in &batch.members {
        *memberships.entry(m.person_id).or_default() += 1;
        if m.relation == Relation::Head {
            heads.entry(m.household_id).or_default().push(m.person_id);
        }
    }
    assert!(memberships.values().all(|&n| n == 1));
    let persons: HashMap<Uuid, &PersonRecord> = batch.persons.iter().map(|p| (p.id, p)).collect();
    for h in &batch.households {
        let head = h.head_id.expect("every household has a head");
        assert_eq!(heads[&h.id], vec![head]);
        let person = persons[&head];
        assert_eq!(person.area_id, h.area_id);
        assert!(person.death_date.is_none());
        assert!(h.code.starts_with(&format!("HO-{}-", code_of(h.area_id))));
        assert!(ansinh_core::registry::household::validate_household_code(&h.code).is_ok());
        assert!(!h.address.is_empty());
    }
}

#[test]
fn names_are_nfc_and_normalised() {
    let batch = small();
    for p in &batch.persons {
        assert_eq!(normalize_name(&p.full_name).unwrap(), p.full_name);
        assert!(unicode_normalization::is_nfc(&p.full_name));
    }
    let kinh: Vec<&PersonRecord> = batch
        .persons
        .iter()
        .filter(|p| p.ethnicity == Ethnicity::KINH)
        .collect();
    let nguyen = kinh
        .iter()
        .filter(|p| p.full_name.starts_with("Nguyễn "))
        .count();
    let nguyen = share(nguyen, kinh.len());
    assert!((0.33..0.43).contains(&nguyen), "{nguyen}");
    let royal = kinh
        .iter()
        .filter(|p| p.full_name.starts_with("Tôn "))
        .count();
    assert!(royal > 0);
    let distinct: HashSet<&str> = kinh.iter().map(|p| p.full_name.as_str()).collect();
    assert!(distinct.len() > kinh.len() / 2);
}

#[test]
fn children_take_their_fathers_surname() {
    let batch = small();
    let persons: HashMap<Uuid, &PersonRecord> = batch.persons.iter().map(|p| (p.id, p)).collect();
    let mut by_household: HashMap<Uuid, Vec<(Relation, &PersonRecord)>> = HashMap::new();
    for m in &batch.members {
        by_household
            .entry(m.household_id)
            .or_default()
            .push((m.relation, persons[&m.person_id]));
    }
    let (mut same, mut total) = (0, 0);
    for members in by_household.values() {
        let head = members.iter().find(|m| m.0 == Relation::Head).unwrap().1;
        if head.sex != Sex::Male || head.ethnicity != Ethnicity::KINH {
            continue;
        }
        let surname = head.full_name.split(' ').next().unwrap();
        for (rel, p) in members {
            if *rel == Relation::Child {
                total += 1;
                // Royal lines change form with sex ("Tôn Thất" / "Tôn Nữ"): compare one word.
                if p.full_name.split(' ').next().unwrap() == surname {
                    same += 1;
                }
            }
        }
    }
    assert!(share(same, total) > 0.97, "{same}/{total}");
}

#[test]
fn ages_are_consistent_within_households() {
    let batch = small();
    let persons: HashMap<Uuid, &PersonRecord> = batch.persons.iter().map(|p| (p.id, p)).collect();
    let mut by_household: HashMap<Uuid, Vec<(Relation, &PersonRecord)>> = HashMap::new();
    for m in &batch.members {
        let p = persons[&m.person_id];
        assert!(m.joined_on >= p.birth.date || p.birth.precision == DatePrecision::Year);
        assert!(m.joined_on <= as_of());
        by_household
            .entry(m.household_id)
            .or_default()
            .push((m.relation, p));
    }
    let joined_on: HashMap<Uuid, NaiveDate> = batch
        .members
        .iter()
        .map(|m| (m.person_id, m.joined_on))
        .collect();
    let exact = |p: &PersonRecord| p.birth.precision == DatePrecision::Day;
    for members in by_household.values() {
        let head = members.iter().find(|m| m.0 == Relation::Head).unwrap().1;
        assert!(age_on(head.birth.date, as_of()) >= 18 || !exact(head));
        let spouse = members
            .iter()
            .find(|m| m.0 == Relation::Spouse)
            .map(|m| m.1);
        for (rel, p) in members {
            if !exact(p) || !exact(head) {
                continue;
            }
            let gap = |older: &PersonRecord| age_on(older.birth.date, p.birth.date);
            match rel {
                Relation::Child => {
                    assert!((18..=45).contains(&gap(head)), "head {} child", gap(head));
                    if let Some(s) = spouse.filter(|s| exact(s)) {
                        assert!((18..=45).contains(&gap(s)), "spouse {}", gap(s));
                    }
                }
                Relation::Grandchild => assert!(gap(head) >= 36, "grandchild {}", gap(head)),
                Relation::Spouse | Relation::ChildInLaw => {
                    // Someone who married in joined as an adult.
                    let joined = joined_on[&p.id];
                    assert!(
                        age_on(p.birth.date, joined) >= 18,
                        "joined {joined} born {}",
                        p.birth
                    );
                }
                Relation::Parent => {
                    let g = age_on(p.birth.date, head.birth.date);
                    assert!((18..=45).contains(&g), "parent {g}");
                }
                _ => {}
            }
        }
    }
}

#[test]
fn age_structure_resembles_vietnam() {
    let batch = small();
    let ages: Vec<i32> = batch
        .persons
        .iter()
        .map(|p| age_on(p.birth.date, as_of()))
        .collect();
    let n = ages.len();
    let band = |lo: i32, hi: i32| share(ages.iter().filter(|&&a| a >= lo && a <= hi).count(), n);
    let children = band(0, 14);
    let working = band(15, 64);
    let old = band(65, 200);
    let oldest = band(80, 200);
    assert!((0.19..0.27).contains(&children), "0–14 {children}");
    assert!((0.60..0.72).contains(&working), "15–64 {working}");
    assert!((0.07..0.14).contains(&old), "65+ {old}");
    assert!((0.008..0.03).contains(&oldest), "80+ {oldest}");
    let women_old = batch
        .persons
        .iter()
        .zip(&ages)
        .filter(|(p, a)| **a >= 70 && p.sex == Sex::Female)
        .count();
    assert!(share(women_old, ages.iter().filter(|&&a| a >= 70).count()) > 0.53);
}

#[test]
fn phones_deaths_and_ethnicity() {
    let batch = small();
    let adults: Vec<&PersonRecord> = batch
        .persons
        .iter()
        .filter(|p| age_on(p.birth.date, as_of()) >= 18)
        .collect();
    let with_phone = adults.iter().filter(|p| p.phone.is_some()).count();
    let phones = share(with_phone, adults.len());
    assert!((0.52..0.68).contains(&phones), "{phones}");
    let mut seen = HashSet::new();
    for p in batch.persons.iter().filter_map(|p| p.phone.as_ref()) {
        assert_eq!(p.len(), 10);
        assert!(seen.insert(p));
    }
    let dead: Vec<&PersonRecord> = batch
        .persons
        .iter()
        .filter(|p| p.death_date.is_some())
        .collect();
    assert!(!dead.is_empty());
    // About 0.6 %: Huế's deaths of three years, less those whose membership was closed.
    assert!(share(dead.len(), batch.persons.len()) < 0.01);
    let joined_on: HashMap<Uuid, NaiveDate> = batch
        .members
        .iter()
        .map(|m| (m.person_id, m.joined_on))
        .collect();
    for p in dead {
        let d = p.death_date.unwrap();
        assert!(d <= as_of() && d >= p.birth.date && d >= joined_on[&p.id]);
    }

    let minority_communes = [
        "20056", "20044", "20071", "20101", "20050", "20179", "20161", "20182",
    ];
    let (mut upland, mut upland_minority, mut other, mut other_kinh) = (0, 0, 0, 0);
    for p in &batch.persons {
        if minority_communes.contains(&code_of(p.area_id)) {
            upland += 1;
            if matches!(p.ethnicity.code(), 23 | 26 | 31) {
                upland_minority += 1;
            }
        } else if code_of(p.area_id) != "20035" {
            other += 1;
            if p.ethnicity == Ethnicity::KINH {
                other_kinh += 1;
            }
        }
    }
    assert!(share(upland_minority, upland) > 0.5);
    assert!(share(other_kinh, other) > 0.99);
}

#[test]
fn city_wards_are_denser_than_upland_communes() {
    let batch = small();
    let mut persons: HashMap<&str, usize> = HashMap::new();
    for p in &batch.persons {
        *persons.entry(code_of(p.area_id)).or_default() += 1;
    }
    assert_eq!(persons.len(), 40);
    let phu_xuan = persons["19753"];
    for upland in [
        "20056", "20044", "20071", "20101", "20050", "20179", "20161", "20182", "20035",
    ] {
        assert!(
            persons[upland] * 5 < phu_xuan,
            "{upland}: {}",
            persons[upland]
        );
    }
    let city: usize = [
        "19753", "19789", "19777", "19815", "19774", "19813", "19804",
    ]
    .iter()
    .map(|c| persons[c])
    .sum();
    let city_share = share(city, batch.persons.len());
    assert!((0.30..0.42).contains(&city_share), "{city_share}");
}

#[test]
fn near_duplicates_are_there_for_the_checker() {
    let batch = small();
    let persons: HashMap<Uuid, &PersonRecord> = batch.persons.iter().map(|p| (p.id, p)).collect();
    let household_of: HashMap<Uuid, Uuid> = batch
        .members
        .iter()
        .map(|m| (m.person_id, m.household_id))
        .collect();
    let lodgers: Vec<&PersonRecord> = batch
        .members
        .iter()
        .filter(|m| m.relation == Relation::Other)
        .map(|m| persons[&m.person_id])
        .collect();
    let expected = (batch.persons.len() as f64 * 0.005).round() as usize;
    assert!(
        lodgers.len() + 40 >= expected && lodgers.len() <= expected + 40,
        "{}",
        lodgers.len()
    );

    let key = |p: &PersonRecord, folded: &'static str| DupKey {
        name_folded: folded,
        sex: p.sex,
        birth: p.birth,
        commune: code_of(p.area_id),
        has_pid: p.personal_id.is_some(),
    };
    let mut by_year_commune: HashMap<(i32, Uuid), Vec<&PersonRecord>> = HashMap::new();
    for p in &batch.persons {
        by_year_commune
            .entry((p.birth.year(), p.area_id))
            .or_default()
            .push(p);
    }
    let mut found = 0;
    let mut typos = 0;
    for lodger in &lodgers {
        assert!(lodger.personal_id.is_none());
        assert_eq!(lodger.birth.precision, DatePrecision::Year);
        let folded: &'static str = Box::leak(fold(&lodger.full_name).into_boxed_str());
        let matched = by_year_commune[&(lodger.birth.year(), lodger.area_id)]
            .iter()
            .filter(|other| other.id != lodger.id)
            .filter(|other| household_of[&other.id] != household_of[&lodger.id])
            .find(|other| {
                let f: &'static str = Box::leak(fold(&other.full_name).into_boxed_str());
                score(&key(lodger, folded), &key(other, f)).is_some()
            });
        if let Some(original) = matched {
            found += 1;
            if original.full_name != lodger.full_name {
                typos += 1;
            }
        }
    }
    assert!(
        found * 100 >= lodgers.len() * 95,
        "{found}/{}",
        lodgers.len()
    );
    assert!(typos > 0 && typos < found);
}

#[test]
#[ignore = "timing at scale factor 1; run with --release -- --ignored"]
fn sf1_generation_time() {
    let start = Instant::now();
    let g = Generator::new(config(1.0, 1), communes());
    let expected = (g.expected_persons(), g.expected_households());
    let (mut persons, mut households, mut batches) = (0u64, 0u64, 0);
    for batch in g {
        persons += batch.persons.len() as u64;
        households += batch.households.len() as u64;
        batches += 1;
    }
    let elapsed = start.elapsed();
    println!(
        "SF1: {persons} persons, {households} households in {batches} batches, {:.2} s",
        elapsed.as_secs_f64()
    );
    assert_eq!((persons, households), expected);
    if !cfg!(debug_assertions) {
        assert!(elapsed.as_secs_f64() < 4.0, "{elapsed:?}");
    }
}
