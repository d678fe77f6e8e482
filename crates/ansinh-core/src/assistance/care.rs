//! Support besides the monthly allowance, each as base level × a coefficient from the rules:
//! care and foster support (Điều 20), nurture in a facility (Điều 25 khoản 1), and one-off
//! amounts as multiples of the base level (funeral: Điều 11, 14, 25; serious injury: Điều 13).
//!
//! The decree sets these as minimums ("thấp nhất", "tối thiểu"); a province's higher level is
//! a rule row with its area and wins as the highest value.

use chrono::NaiveDate;

use super::age::{age_in, under};
use super::condition::Subject;
use super::rules::{NURTURE_KEY, RuleBook, RuleError, RuleKind, RuleRow};
use crate::date::PartialDate;
use crate::payroll::{Month, apply_coefficient};

/// Monthly care and foster support, Điều 20.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Care {
    /// Khoản 1 điểm a–b: fostering a khoản 1 child (2.5 under 4, 1.5 from 4 to under 16).
    FosterChild,
    /// Khoản 1 điểm b: fostering an elderly person of khoản 5 điểm d (1.5).
    FosterElderly,
    /// Khoản 2 điểm a: a severely or extremely severely disabled person who is pregnant or
    /// raising children under 36 months (1.5 or 2.0).
    DisabledParent,
    /// Khoản 2 điểm c: a household directly caring for an extremely severely disabled member
    /// (1.0 each).
    HouseholdCare,
    /// Khoản 2 điểm d: fostering an extremely severely disabled person (1.5; 2.5 for a child).
    FosterDisabled,
}

impl Care {
    pub const ALL: [Care; 5] = [
        Care::FosterChild,
        Care::FosterElderly,
        Care::DisabledParent,
        Care::HouseholdCare,
        Care::FosterDisabled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Care::FosterChild => "FOSTER_K1",
            Care::FosterElderly => "FOSTER_K5D",
            Care::DisabledParent => "DISABLED_PARENT",
            Care::HouseholdCare => "HOUSEHOLD_CARE",
            Care::FosterDisabled => "FOSTER_DISABLED",
        }
    }

    pub fn from_code(s: &str) -> Option<Care> {
        Care::ALL.into_iter().find(|c| c.code() == s)
    }
}

/// One-off support as a multiple of the base level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lump {
    /// Điều 11 khoản 2: funeral of a person on the monthly allowance, a poor single parent's
    /// child, or a person aged 80 or over on a monthly survivor's or other benefit: at least
    /// 20 × the base level.
    Funeral,
    /// Điều 25 khoản 3: funeral of a resident of a social-assistance facility: at least 50 ×.
    FuneralFacility,
    /// Điều 14 khoản 1: funeral of a person killed or missing in a disaster, fire or serious
    /// accident: at least 50 ×.
    FuneralDisaster,
    /// Điều 13 khoản 1: a person seriously injured in a disaster or accident: at least 10 ×.
    Injury,
}

impl Lump {
    pub const ALL: [Lump; 4] = [
        Lump::Funeral,
        Lump::FuneralFacility,
        Lump::FuneralDisaster,
        Lump::Injury,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Lump::Funeral => "FUNERAL",
            Lump::FuneralFacility => "FUNERAL_FACILITY",
            Lump::FuneralDisaster => "FUNERAL_DISASTER",
            Lump::Injury => "INJURY",
        }
    }

    pub fn from_code(s: &str) -> Option<Lump> {
        Lump::ALL.into_iter().find(|l| l.code() == s)
    }
}

/// An amount computed from the rules, with what it was computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Support {
    pub base_level: i64,
    /// Hundredths (a multiple of 20 is `2000`).
    pub coefficient: i32,
    pub amount: i64,
    pub legal_basis: String,
    /// Both the base level and the coefficient come from confirmed rows.
    pub confirmed: bool,
}

fn support(base: &RuleRow, coefficient: &RuleRow, times: u32) -> Result<Support, RuleError> {
    let total = coefficient.value * i64::from(times);
    let coefficient_i32 =
        i32::try_from(total).map_err(|_| RuleError::BadValue(total.to_string()))?;
    Ok(Support {
        base_level: base.value,
        coefficient: coefficient_i32,
        amount: apply_coefficient(base.value, coefficient_i32),
        legal_basis: coefficient.legal_basis.clone(),
        confirmed: base.confirmed && coefficient.confirmed,
    })
}

fn monthly(
    rules: &RuleBook,
    kind: RuleKind,
    key: &str,
    month: Month,
    area: Option<&str>,
    subject: &Subject,
    times: u32,
) -> Result<Support, RuleError> {
    let base = rules.base_level(month, area)?;
    let coefficient = rules.require(kind, key, month.first_day(), area, subject)?;
    support(base, coefficient, times)
}

fn aged(birth: PartialDate, month: Month) -> Subject {
    Subject {
        age: Some(age_in(birth, month)),
        ..Subject::default()
    }
}

/// Điều 20 khoản 1: fostering a khoản 1 child; `None` from the month after the child turns 16.
pub fn foster_child(
    child_birth: PartialDate,
    month: Month,
    rules: &RuleBook,
    area: Option<&str>,
) -> Result<Option<Support>, RuleError> {
    if !under(child_birth, month, 16) {
        return Ok(None);
    }
    let key = Care::FosterChild.code();
    let subject = aged(child_birth, month);
    monthly(
        rules,
        RuleKind::CareCoefficient,
        key,
        month,
        area,
        &subject,
        1,
    )
    .map(Some)
}

/// Điều 20 khoản 1 điểm b: fostering an elderly person of khoản 5 điểm d.
pub fn foster_elderly(
    month: Month,
    rules: &RuleBook,
    area: Option<&str>,
) -> Result<Support, RuleError> {
    let key = Care::FosterElderly.code();
    monthly(
        rules,
        RuleKind::CareCoefficient,
        key,
        month,
        area,
        &Subject::default(),
        1,
    )
}

/// Điều 20 khoản 2 điểm a–b: a disabled person who is pregnant and/or raising children under
/// 36 months, also when already on the disability allowance. Pregnancy counts as one; one
/// → 1.5, two or more → 2.0; `None` when neither. When both spouses qualify only one payment
/// is made, so call this once per couple.
pub fn disabled_parent(
    pregnant: bool,
    children_under_36_months: u32,
    month: Month,
    rules: &RuleBook,
    area: Option<&str>,
) -> Result<Option<Support>, RuleError> {
    let count = u32::from(pregnant) + children_under_36_months;
    if count == 0 {
        return Ok(None);
    }
    let subject = Subject {
        count: Some(count),
        ..Subject::default()
    };
    let key = Care::DisabledParent.code();
    monthly(
        rules,
        RuleKind::CareCoefficient,
        key,
        month,
        area,
        &subject,
        1,
    )
    .map(Some)
}

/// Điều 20 khoản 2 điểm c: a household directly caring for extremely severely disabled
/// members, 1.0 for each; `None` when there are none.
pub fn household_care(
    extreme_members: u32,
    month: Month,
    rules: &RuleBook,
    area: Option<&str>,
) -> Result<Option<Support>, RuleError> {
    if extreme_members == 0 {
        return Ok(None);
    }
    let key = Care::HouseholdCare.code();
    let subject = Subject::default();
    monthly(
        rules,
        RuleKind::CareCoefficient,
        key,
        month,
        area,
        &subject,
        extreme_members,
    )
    .map(Some)
}

/// Điều 20 khoản 2 điểm d: fostering an extremely severely disabled person; the child rate
/// applies while the person is under 16 (Luật Trẻ em 2016 Điều 1).
pub fn foster_disabled(
    person_birth: PartialDate,
    month: Month,
    rules: &RuleBook,
    area: Option<&str>,
) -> Result<Support, RuleError> {
    let key = Care::FosterDisabled.code();
    let subject = aged(person_birth, month);
    monthly(
        rules,
        RuleKind::CareCoefficient,
        key,
        month,
        area,
        &subject,
        1,
    )
}

/// Điều 25 khoản 1: monthly nurture allowance of a facility resident (5.0 under 4, 4.0 from 4).
pub fn facility_nurture(
    birth: PartialDate,
    month: Month,
    rules: &RuleBook,
    area: Option<&str>,
) -> Result<Support, RuleError> {
    let subject = aged(birth, month);
    monthly(
        rules,
        RuleKind::FacilityCoefficient,
        NURTURE_KEY,
        month,
        area,
        &subject,
        1,
    )
}

/// A one-off amount at the base level in force on the day of the event (the death, the
/// injury).
pub fn lump(
    kind: Lump,
    on: NaiveDate,
    rules: &RuleBook,
    area: Option<&str>,
) -> Result<Support, RuleError> {
    let base = rules.base_level_on(on, area)?;
    let multiple = rules.require(
        RuleKind::Multiple,
        kind.code(),
        on,
        area,
        &Subject::default(),
    )?;
    support(base, multiple, 1)
}

/// Điều 11: funeral support for a death on `died_on`, at least 20 × the base level in force
/// that day. Who qualifies (Điều 11 khoản 1) is checked by the caller: a person on the monthly
/// allowance (see `assistance::entitlement`), a poor single parent's child, or a person aged 80
/// or over on a monthly survivor's or other benefit.
pub fn funeral(
    died_on: NaiveDate,
    rules: &RuleBook,
    area: Option<&str>,
) -> Result<Support, RuleError> {
    lump(Lump::Funeral, died_on, rules, area)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn born(y: i32, m: u32, d: u32) -> PartialDate {
        PartialDate::day(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    fn m(y: i32, mo: u32) -> Month {
        Month::new(y, mo).unwrap()
    }

    fn rules() -> RuleBook {
        RuleBook::shipped().unwrap()
    }

    #[test]
    fn codes_round_trip() {
        for c in Care::ALL {
            assert_eq!(Care::from_code(c.code()), Some(c));
        }
        for l in Lump::ALL {
            assert_eq!(Lump::from_code(l.code()), Some(l));
        }
    }

    #[test]
    fn fostering_an_orphan_follows_the_childs_age() {
        // Điều 20 khoản 1: 2.5 for a child under 4, 1.5 from 4 to under 16. A child born
        // 10/03/2020 turns 4 in 03/2024: 360,000 × 2.5 = 900,000 in 02/2024, 360,000 × 1.5 =
        // 540,000 from 03/2024, 500,000 × 1.5 = 750,000 from 07/2024.
        let child = born(2020, 3, 10);
        let r = rules();
        assert_eq!(
            foster_child(child, m(2024, 2), &r, None)
                .unwrap()
                .unwrap()
                .amount,
            900_000
        );
        assert_eq!(
            foster_child(child, m(2024, 3), &r, None)
                .unwrap()
                .unwrap()
                .amount,
            540_000
        );
        assert_eq!(
            foster_child(child, m(2024, 7), &r, None)
                .unwrap()
                .unwrap()
                .amount,
            750_000
        );
        // Turns 16 in 03/2036: still supported that month, not after.
        assert!(foster_child(child, m(2036, 3), &r, None).unwrap().is_some());
        assert!(foster_child(child, m(2036, 4), &r, None).unwrap().is_none());
        assert_eq!(
            foster_elderly(m(2024, 7), &r, None).unwrap().amount,
            750_000
        );
    }

    #[test]
    fn disabled_parent_counts_pregnancy_and_children() {
        // Điều 20 khoản 2 điểm a: 1.5 pregnant or one child under 36 months; 2.0 pregnant and
        // one child, or two children.
        let r = rules();
        let at = m(2024, 7);
        assert_eq!(disabled_parent(false, 0, at, &r, None).unwrap(), None);
        assert_eq!(
            disabled_parent(true, 0, at, &r, None)
                .unwrap()
                .unwrap()
                .coefficient,
            150
        );
        assert_eq!(
            disabled_parent(false, 1, at, &r, None)
                .unwrap()
                .unwrap()
                .coefficient,
            150
        );
        assert_eq!(
            disabled_parent(true, 1, at, &r, None)
                .unwrap()
                .unwrap()
                .coefficient,
            200
        );
        assert_eq!(
            disabled_parent(false, 3, at, &r, None)
                .unwrap()
                .unwrap()
                .amount,
            1_000_000
        );
    }

    #[test]
    fn household_and_foster_care_of_the_extremely_disabled() {
        let r = rules();
        let at = m(2024, 6);
        // Điều 20 khoản 2 điểm c: 1.0 per member: two members → 2 × 360,000.
        let two = household_care(2, at, &r, None).unwrap().unwrap();
        assert_eq!((two.coefficient, two.amount), (200, 720_000));
        assert_eq!(household_care(0, at, &r, None).unwrap(), None);
        // Điều 20 khoản 2 điểm d: 2.5 for a child, 1.5 for an adult.
        assert_eq!(
            foster_disabled(born(2015, 1, 1), at, &r, None)
                .unwrap()
                .amount,
            900_000
        );
        assert_eq!(
            foster_disabled(born(1990, 1, 1), at, &r, None)
                .unwrap()
                .amount,
            540_000
        );
    }

    #[test]
    fn facility_nurture_is_5_or_4_times() {
        let r = rules();
        assert_eq!(
            facility_nurture(born(2022, 1, 1), m(2024, 7), &r, None)
                .unwrap()
                .amount,
            2_500_000
        );
        assert_eq!(
            facility_nurture(born(1950, 1, 1), m(2024, 7), &r, None)
                .unwrap()
                .amount,
            2_000_000
        );
    }

    #[test]
    fn funeral_is_20_times_the_base_level_of_the_day_of_death() {
        // Điều 11 khoản 2: at least 20 × the base level: 20 × 360,000 = 7,200,000 for a death
        // on 30/06/2024; 20 × 500,000 = 10,000,000 from 01/07/2024.
        let r = rules();
        let june = funeral(NaiveDate::from_ymd_opt(2024, 6, 30).unwrap(), &r, None).unwrap();
        assert_eq!(
            (june.coefficient, june.amount, june.confirmed),
            (2000, 7_200_000, true)
        );
        let july = funeral(NaiveDate::from_ymd_opt(2024, 7, 1).unwrap(), &r, None).unwrap();
        assert_eq!((july.amount, july.confirmed), (10_000_000, false));
        assert_eq!(july.legal_basis, "NĐ 20/2021/NĐ-CP Điều 11 khoản 2");
        let day = NaiveDate::from_ymd_opt(2024, 7, 1).unwrap();
        assert_eq!(lump(Lump::Injury, day, &r, None).unwrap().amount, 5_000_000);
        assert_eq!(
            lump(Lump::FuneralFacility, day, &r, None).unwrap().amount,
            25_000_000
        );
    }
}
