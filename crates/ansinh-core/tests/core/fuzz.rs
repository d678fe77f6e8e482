//! Fuzzing the parsers of what officers type: personal IDs, names, dates, months, the fields
//! of a person and the answers of a survey. Each property holds for every input: no panic, no
//! hang (each case runs under a time limit, `ansinh_testkit::fuzz`), and a clear result, `Ok`
//! or an error with one of its enum's codes; an `Ok` value reads back as itself from the text
//! ansinh writes for it, and normalising twice gives what normalising once gave.
//!
//! Inputs are arbitrary text and text shaped like the real thing with something wrong in it.
//! `PROPTEST_CASES=100000 cargo test -p ansinh-core fuzz` runs a long session.

use ansinh_core::date::parse_full_date;
use ansinh_core::ethnicity::ETHNIC_GROUPS;
use ansinh_core::name::{MAX_NAME_CHARS, NameError, fold, given_first_key, normalize_name};
use ansinh_core::payroll::Month;
use ansinh_core::pid::PROVINCE_CODES;
use ansinh_core::poverty::survey::parse_area_tenths;
use ansinh_core::poverty::{
    MeansAnswer, SurveyAnswers, SurveyError, SurveyField, ToiletType, WaterSource,
};
use ansinh_core::registry::PersonExport;
use ansinh_core::registry::household::validate_household_code;
use ansinh_core::registry::person::{normalize_phone, validate_person};
use ansinh_core::{
    DatePrecision, Ethnicity, PartialDate, PersonDraft, PersonalId, PidError, Relation, Settlement,
    Sex, date::DateError,
};
use ansinh_testkit::fuzz::{config, listed, mutate, mutation, text, typed_name};
use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

/// A valid ID's parts: a listed province, a sex, a year the century digit can encode, a serial.
fn id_parts() -> impl Strategy<Value = (&'static str, Sex, i32, u32)> {
    (
        proptest::sample::select(PROVINCE_CODES.map(|(code, _)| code).to_vec()),
        prop_oneof![Just(Sex::Male), Just(Sex::Female)],
        1900..=2399i32,
        0..1_000_000u32,
    )
}

/// The ID's properties whatever the input: an accepted ID is the trimmed input, its accessors
/// agree with its digits and it reads back as itself; a refused one has a pid code.
fn check_pid(raw: &str) -> Result<(), TestCaseError> {
    match PersonalId::parse(raw) {
        Ok(id) => {
            prop_assert_eq!(id.as_str(), raw.trim());
            prop_assert_eq!(PersonalId::parse(&id.to_string()), Ok(id.clone()));
            let year = id.birth_year();
            prop_assert!((1900..=2399).contains(&year));
            prop_assert_eq!(id.check_person(id.sex(), year), Ok(()));
            prop_assert_eq!(
                PersonalId::compose(id.province_code(), id.sex(), year, 0).map(|c| c.sex()),
                Ok(id.sex())
            );
        }
        Err(e) => prop_assert!(listed(e.code(), PidError::CODES), "{e:?}"),
    }
    Ok(())
}

/// A date's properties: an accepted date prints as dd/mm/yyyy, mm/yyyy or yyyy at its
/// precision and reads back as itself; a refused one has a date code.
fn check_date(raw: &str) -> Result<(), TestCaseError> {
    match PartialDate::parse(raw) {
        Ok(d) => {
            let written = d.to_string();
            prop_assert_eq!(PartialDate::parse(&written), Ok(d), "{}", written);
            match d.precision {
                DatePrecision::Day => {
                    prop_assert_eq!(parse_full_date(&written), Ok(d.date));
                    prop_assert_eq!(parse_full_date(raw), Ok(d.date));
                }
                DatePrecision::Month => prop_assert_eq!(d.date.day(), 1),
                DatePrecision::Year => prop_assert_eq!((d.date.month(), d.date.day()), (1, 1)),
            }
            if let Err(e) = d.check_past(today()) {
                prop_assert!(listed(e.code(), DateError::CODES), "{e:?}");
            }
        }
        Err(e) => {
            prop_assert!(listed(e.code(), DateError::CODES), "{e:?}");
            prop_assert!(parse_full_date(raw).is_err());
        }
    }
    Ok(())
}

/// A name's properties: a normalised name is NFC, within the length, single-spaced, and
/// normalising it again changes nothing; folding is ASCII, single-spaced and idempotent, and
/// the same for the name as typed and as normalised.
fn check_name(raw: &str) -> Result<(), TestCaseError> {
    let folded = fold(raw);
    prop_assert!(
        folded
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ')
    );
    prop_assert!(!folded.starts_with(' ') && !folded.ends_with(' ') && !folded.contains("  "));
    prop_assert_eq!(fold(&folded), folded.clone());
    let key = given_first_key(&folded);
    prop_assert_eq!(key.len(), folded.len());
    match normalize_name(raw) {
        Ok(name) => {
            prop_assert!(unicode_normalization::is_nfc(&name), "{:?}", name);
            prop_assert!(name.chars().count() <= MAX_NAME_CHARS);
            prop_assert_eq!(name.split(' ').collect::<Vec<_>>().join(" "), name.clone());
            prop_assert!(!name.is_empty() && !name.contains("  ") && name.trim() == name);
            prop_assert_eq!(normalize_name(&name), Ok(name.clone()), "{:?}", raw);
        }
        Err(e) => prop_assert!(listed(e.code(), NameError::CODES), "{e:?}"),
    }
    Ok(())
}

/// A month's properties: an accepted month prints as yyyy-mm and mm/yyyy and reads back from
/// both.
fn check_month(raw: &str) -> Result<(), TestCaseError> {
    match Month::parse(raw) {
        Ok(m) => {
            prop_assert_eq!(Month::parse(&m.to_string()), Ok(m));
            prop_assert_eq!(Month::parse(&m.format_vn()), Ok(m));
            prop_assert!(m.first_day() <= m.last_day());
        }
        Err(e) => prop_assert!(!e.code().is_empty()),
    }
    Ok(())
}

/// A draft as an import row or a form brings it: valid fields, then one of them replaced by
/// arbitrary text or edited.
fn draft() -> impl Strategy<Value = PersonDraft> {
    (
        id_parts(),
        typed_name(),
        0..=8u8,
        text(),
        mutation(),
        1..=28u32,
        1..=12u32,
        proptest::sample::select(ETHNIC_GROUPS.map(|(_, n)| n).to_vec()),
    )
        .prop_map(
            |((province, sex, year, serial), name, field, other, edit, day, month, eth)| {
                let year = year.min(2026);
                let id = PersonalId::compose(province, sex, year, serial).unwrap();
                let mut d = PersonDraft {
                    personal_id: id.to_string(),
                    full_name: name,
                    sex: if sex == Sex::Male { "Nam" } else { "nữ" }.to_string(),
                    birth_date: format!("{day}/{month}/{year}"),
                    ethnicity: eth.to_string(),
                    area_code: "19900".to_string(),
                    phone: "+84 905 123 456".to_string(),
                    death_date: String::new(),
                };
                let fields = [
                    &mut d.personal_id,
                    &mut d.full_name,
                    &mut d.sex,
                    &mut d.birth_date,
                    &mut d.ethnicity,
                    &mut d.area_code,
                    &mut d.phone,
                    &mut d.death_date,
                ];
                let (e, at, c) = edit;
                match fields.into_iter().nth(usize::from(field)) {
                    Some(f) if e % 2 == 0 => *f = other,
                    Some(f) => *f = mutate(f, e / 2, at, c),
                    None => {}
                }
                d
            },
        )
}

/// Any answers at all, numbers over the whole of `i64`.
fn answers() -> impl Strategy<Value = SurveyAnswers> {
    let count = || {
        prop_oneof![
            Just(None),
            any::<i64>().prop_map(Some),
            (-3..60i64).prop_map(Some),
            proptest::sample::select(vec![i64::MIN, i64::MAX, i64::MIN + 1, -1, 0]).prop_map(Some)
        ]
    };
    let flag = || any::<Option<bool>>();
    (
        (
            prop_oneof![any::<i64>(), -3..60i64],
            any::<bool>(),
            prop_oneof![any::<i64>(), -5..2_000_000i64],
            flag(),
            count(),
            flag(),
            flag(),
            flag(),
            flag(),
        ),
        (
            count(),
            count(),
            proptest::option::of(proptest::sample::select(WaterSource::ALL.to_vec())),
            proptest::option::of(proptest::sample::select(ToiletType::ALL.to_vec())),
            flag(),
            flag(),
            [count(), count(), count(), count()],
        ),
    )
        .prop_map(
            |(
                (members, score, value, job, dependants, nutrition, insurance, education, school),
                (parts, area, water, toilet, telecom, device, children),
            )| SurveyAnswers {
                settlement: Settlement::Rural,
                members,
                means: if score {
                    MeansAnswer::ScoreA(value)
                } else {
                    MeansAnswer::Income(value)
                },
                member_without_stable_job: job,
                dependants,
                malnourished_child: nutrition,
                member_without_health_insurance: insurance,
                youth_below_expected_education: education,
                child_not_at_expected_school_level: school,
                non_durable_main_parts: parts,
                floor_area_tenths_m2: area,
                water_source: water,
                toilet,
                uses_telecom: telecom,
                has_information_device: device,
                children_under_16: children[0],
                children_malnourished: children[1],
                children_without_health_insurance: children[2],
                children_not_at_school_level: children[3],
            },
        )
}

proptest! {
    #![proptest_config(config(4_096))]

    #[test]
    fn fuzz_pid_of_any_text(raw in text()) {
        check_pid(&raw)?;
    }

    #[test]
    fn fuzz_pid_with_one_edit(parts in id_parts(), (edit, at, c) in mutation()) {
        let (province, sex, year, serial) = parts;
        let id = PersonalId::compose(province, sex, year, serial).unwrap();
        prop_assert_eq!(PersonalId::parse(&id.to_string()), Ok(id.clone()));
        prop_assert_eq!((id.sex(), id.birth_year()), (sex, year));
        prop_assert_eq!(id.check_person(sex, year), Ok(()));
        check_pid(&mutate(id.as_str(), edit, at, c))?;
    }

    #[test]
    fn fuzz_dates_of_any_text(raw in text()) {
        check_date(&raw)?;
    }

    #[test]
    fn fuzz_dates_shaped_like_dates(
        (d, m, y) in (0..40u32, 0..15u32, 0..10_000u32),
        (pad, seps) in (any::<[bool; 3]>(), proptest::sample::select(&["//", "--", "/-", ". ", "/"][..])),
        precision in 0..3u8,
        (edit, at, c) in mutation(),
        edited in any::<bool>(),
    ) {
        let part = |n: u32, zero: bool, width: usize| if zero { format!("{n:0width$}") } else { n.to_string() };
        let (day, month, year) = (part(d, pad[0], 2), part(m, pad[1], 2), part(y, pad[2], 4));
        let mut sep = seps.chars();
        let (a, b) = (sep.next().unwrap(), sep.next().unwrap_or('/'));
        let raw = match precision {
            0 if a == '-' => format!("{year}-{month}-{day}"),
            0 => format!("{day}{a}{month}{b}{year}"),
            1 => format!("{month}{a}{year}"),
            _ => year,
        };
        let raw = if edited { mutate(&raw, edit, at, c) } else { raw };
        check_date(&raw)?;
        // A real date in one of the forms, with four digits of year, is read whatever the
        // padding of its day and month.
        let form = match precision {
            0 => seps == "//" || seps == "/" || seps == "--",
            1 => a == '/',
            _ => true,
        };
        let real = NaiveDate::from_ymd_opt(i32::try_from(y).unwrap(), m, d);
        if let (false, true, true, Some(date)) = (edited, form, pad[2] || y >= 1000, real) {
            prop_assert_eq!(PartialDate::parse(&raw).map(|p| p.date.year()), Ok(date.year()));
        }
    }

    #[test]
    fn fuzz_months_of_any_text(raw in text()) {
        check_month(&raw)?;
    }

    #[test]
    fn fuzz_months_shaped_like_months(m in 0..15u32, y in 0..10_000u32, iso in any::<bool>(), (edit, at, c) in mutation()) {
        let raw = if iso { format!("{y:04}-{m:02}") } else { format!("{m}/{y:04}") };
        check_month(&raw)?;
        check_month(&mutate(&raw, edit, at, c))?;
    }

    #[test]
    fn fuzz_names_of_any_text(raw in text()) {
        check_name(&raw)?;
    }

    #[test]
    fn fuzz_names_as_typed(raw in typed_name(), (edit, at, c) in mutation()) {
        check_name(&raw)?;
        // Syllables, spaces, hyphens and apostrophes only: a name, unless it is too long, and
        // searched for by the same key as typed and as stored.
        match normalize_name(&raw) {
            Ok(name) => prop_assert_eq!(fold(&name), fold(&raw)),
            Err(NameError::TooLong) => {}
            Err(e) => prop_assert!(false, "{:?} refused: {:?}", raw, e),
        }
        check_name(&mutate(&raw, edit, at, c))?;
    }

    #[test]
    fn fuzz_person_drafts(d in draft()) {
        match validate_person(&d, today()) {
            Ok(p) => {
                // What the export writes for the person validates into the same person.
                let e = PersonExport::from_valid(&p, None);
                let again = PersonDraft {
                    personal_id: e.personal_id,
                    full_name: e.full_name,
                    sex: e.sex,
                    birth_date: e.birth.to_string(),
                    ethnicity: e.ethnicity,
                    area_code: e.area_code,
                    phone: e.phone,
                    death_date: e.death_date.map(ansinh_core::date::format_vn).unwrap_or_default(),
                };
                prop_assert_eq!(validate_person(&again, today()), Ok(p));
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in errors {
                    prop_assert!(e.code.contains('.') && !e.message.is_empty(), "{e:?}");
                }
            }
        }
    }

    #[test]
    fn fuzz_field_parsers_of_any_text(raw in text()) {
        let _ = Sex::parse(&raw);
        if let Ok(r) = Relation::parse(&raw) {
            prop_assert_eq!(Relation::parse(r.label_vi()), Ok(r));
        }
        if let Ok(e) = Ethnicity::parse(&raw) {
            prop_assert_eq!(Ethnicity::parse(e.name()), Ok(e));
            prop_assert_eq!(Ethnicity::parse(&e.code().to_string()), Ok(e));
        }
        if let Ok(code) = validate_household_code(&raw) {
            prop_assert_eq!(validate_household_code(&code), Ok(code.clone()));
        }
        if let Ok(phone) = normalize_phone(&raw) {
            prop_assert_eq!(normalize_phone(&phone), Ok(phone.clone()));
        }
        match parse_area_tenths(&raw) {
            Ok(t) => {
                prop_assert!(t >= 0);
                prop_assert_eq!(parse_area_tenths(&format!("{},{}", t / 10, t % 10)), Ok(t));
            }
            Err(e) => prop_assert_eq!(e.field(), SurveyField::FloorArea),
        }
        if let Ok(w) = WaterSource::parse(&raw) {
            prop_assert_eq!(WaterSource::parse(w.label_vi()), Ok(w));
        }
        if let Ok(t) = ToiletType::parse(&raw) {
            prop_assert_eq!(ToiletType::parse(t.label_vi()), Ok(t));
        }
    }

    #[test]
    fn fuzz_survey_answers_of_any_numbers(a in answers()) {
        match a.validate() {
            Ok(assessment) => prop_assert_eq!(assessment.settlement, Settlement::Rural),
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in errors {
                    prop_assert!(listed(e.code(), SurveyError::CODES), "{e:?}");
                    prop_assert!(!e.to_string().is_empty());
                }
            }
        }
        let _ = a.child_counts();
    }
}

/// Every letter of Unicode, alone, after another and after a hyphen: normalising a name made
/// of it twice gives what normalising once gave (a letter whose case changes into several
/// characters, ß → SS, once made the second pass differ from the first).
#[test]
fn fuzz_names_of_every_letter_normalise_once_for_all() {
    let mut broken = Vec::new();
    for c in (0..=0x10FFFFu32)
        .filter_map(char::from_u32)
        .filter(|c| c.is_alphabetic())
    {
        for raw in [
            format!("{c}"),
            format!("a{c}"),
            format!("a-{c}"),
            format!("{c}{c}"),
        ] {
            if let Ok(once) = normalize_name(&raw)
                && normalize_name(&once) != Ok(once.clone())
            {
                broken.push((raw, once));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} names, first {:?}",
        broken.len(),
        &broken[..broken.len().min(10)]
    );
}
