//! Per-person probabilities that depend on age: an old paper record without an ID, a recorded
//! death, a phone number, and a birth registered outside Huế.
//!
//! They are kept together so later modules (beneficiaries, surveys, labour) can see and tune
//! the assumptions the registry was built with.

use ansinh_core::Ethnicity;

use crate::communes::Profile;

/// Chance that a person is a legacy record: no personal ID and only a birth year, as copied from
/// the old household books. Mostly the very old (about 1.6 % of everyone; doubled in the
/// uplands, where paper records lasted longest). The near-duplicates add another 0.5 %.
pub(crate) fn legacy(age: i32, profile: Profile) -> f64 {
    let base = match age {
        80.. => 0.25,
        70..=79 => 0.12,
        60..=69 => 0.04,
        _ => 0.005,
    };
    match profile {
        Profile::Mountain => (base * 2.0_f64).min(0.5),
        _ => base,
    }
}

/// Chance that a (non-head) member has a recorded death within the last three years that has
/// not yet closed the membership: about 0.6 % of everyone. Huế's crude death rate is about
/// 3.5 ‰ a year (thuathienhue.gov.vn, 2020), 1 % over three years; heads stay alive, so the
/// other old members carry more of it.
pub(crate) fn death(age: i32) -> f64 {
    match age {
        80.. => 0.35,
        70..=79 => 0.08,
        60..=69 => 0.02,
        _ => 0.0,
    }
}

/// How far back a recorded death can be, in days.
pub(crate) const DEATH_WINDOW_DAYS: i64 = 3 * 365;

/// Chance that an adult has a phone number on file: about 60 % of adults, fewer among the old.
pub(crate) fn phone(age: i32) -> f64 {
    match age {
        ..18 => 0.0,
        18..=59 => 0.66,
        60..=74 => 0.45,
        _ => 0.15,
    }
}

/// Chance that a birth was registered in Huế (province 046): about nine in ten overall, more
/// for children born to resident families and for the upland groups, who rarely migrate.
pub(crate) fn born_in_hue(age: i32, ethnicity: Ethnicity) -> f64 {
    if ethnicity.is_minority() {
        0.97
    } else if age < 18 {
        0.95
    } else {
        0.88
    }
}
