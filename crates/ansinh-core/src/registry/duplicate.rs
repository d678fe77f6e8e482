//! Scoring of probable duplicate persons. The store proposes candidate pairs (blocked by folded
//! name + birth date, or birth year + commune); this module decides how alike they are.
//! Scores are recomputed from the records every time, never accumulated.

use chrono::{Datelike, NaiveDate};

use crate::date::{DatePrecision, PartialDate};
use crate::registry::person::Sex;

/// The fields that identify a person when no personal ID settles it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DupKey<'a> {
    pub name_folded: &'a str,
    pub sex: Sex,
    pub birth: PartialDate,
    pub commune: &'a str,
    pub has_pid: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DupReason {
    /// Same folded name and same full birth date.
    SameNameAndBirthDate,
    /// Same folded name, same birth year, same commune (one date known only to the year).
    SameNameYearCommune,
    /// A name one typing slip away (same surname; a letter added, dropped, changed or swapped), same
    /// birth year, same commune.
    SimilarNameYearCommune,
}

impl DupReason {
    pub fn code(self) -> &'static str {
        match self {
            DupReason::SameNameAndBirthDate => "same_name_birth_date",
            DupReason::SameNameYearCommune => "same_name_year_commune",
            DupReason::SimilarNameYearCommune => "similar_name_year_commune",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            DupReason::SameNameAndBirthDate => "Trùng họ tên và ngày sinh",
            DupReason::SameNameYearCommune => "Trùng họ tên, năm sinh và xã",
            DupReason::SimilarNameYearCommune => "Họ tên lệch một ký tự, cùng năm sinh và xã",
        }
    }
}

/// A scored pair: 0–100, higher is more likely the same person.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DupMatch {
    pub score: u8,
    pub reason: DupReason,
}

/// The score of a pair, or `None` when they are not alike enough to show an officer.
/// Two records that both carry (different) personal IDs are never duplicates: the IDs say so;
/// nor are a man and a woman.
///
/// "Similar" is deliberately narrow: one edit between names with the same surname. A looser
/// measure (Jaro–Winkler ≥ 0.93) paired every "Nguyễn Thị Hoa" with every "Nguyễn Thị Hoài" of
/// the same commune and year, 138 000 pairs at SF1, which no officer can review.
pub fn score(a: &DupKey<'_>, b: &DupKey<'_>) -> Option<DupMatch> {
    if (a.has_pid && b.has_pid) || a.sex != b.sex {
        return None;
    }
    let same_name = a.name_folded == b.name_folded;
    let both_full_dates =
        a.birth.precision == DatePrecision::Day && b.birth.precision == DatePrecision::Day;
    if same_name && both_full_dates && a.birth.date == b.birth.date {
        let bonus = if a.commune == b.commune { 5 } else { 0 };
        return Some(DupMatch {
            score: 90 + bonus,
            reason: DupReason::SameNameAndBirthDate,
        });
    }
    if a.birth.date.year() != b.birth.date.year() || a.commune != b.commune {
        return None;
    }
    if !compatible_dates(a.birth, b.birth) {
        return None;
    }
    if same_name {
        return Some(DupMatch {
            score: 80,
            reason: DupReason::SameNameYearCommune,
        });
    }
    if one_slip_apart(a.name_folded, b.name_folded) {
        return Some(DupMatch {
            score: 70,
            reason: DupReason::SimilarNameYearCommune,
        });
    }
    None
}

/// Same surname (first word), lengths within one, and one edit apart (a letter added, dropped,
/// changed, or two neighbours swapped: optimal string alignment distance). The cheap tests
/// come first because this runs for every pair in a commune-and-year block.
fn one_slip_apart(a: &str, b: &str) -> bool {
    if a.len().abs_diff(b.len()) > 1 || a.split(' ').next() != b.split(' ').next() {
        return false;
    }
    strsim::osa_distance(a, b) == 1
}

/// Two dates that could be the same day: equal at the coarser of the two precisions.
fn compatible_dates(a: PartialDate, b: PartialDate) -> bool {
    let coarse = |p: PartialDate, other: DatePrecision| -> NaiveDate {
        match (p.precision, other) {
            (DatePrecision::Year, _) | (_, DatePrecision::Year) => {
                NaiveDate::from_ymd_opt(p.date.year(), 1, 1).expect("valid")
            }
            (DatePrecision::Month, _) | (_, DatePrecision::Month) => {
                NaiveDate::from_ymd_opt(p.date.year(), p.date.month(), 1).expect("valid")
            }
            _ => p.date,
        }
    };
    coarse(a, b.precision) == coarse(b, a.precision)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key<'a>(name: &'a str, birth: &str, commune: &'a str, has_pid: bool) -> DupKey<'a> {
        DupKey {
            name_folded: name,
            sex: Sex::Female,
            birth: PartialDate::parse(birth).unwrap(),
            commune,
            has_pid,
        }
    }

    #[test]
    fn same_name_and_date_scores_highest() {
        let a = key("nguyen thi ai van", "12/03/1985", "19900", false);
        let b = key("nguyen thi ai van", "12/03/1985", "19900", true);
        assert_eq!(
            score(&a, &b).unwrap(),
            DupMatch {
                score: 95,
                reason: DupReason::SameNameAndBirthDate
            }
        );
        let c = key("nguyen thi ai van", "12/03/1985", "20056", true);
        assert_eq!(score(&a, &c).unwrap().score, 90);
    }

    #[test]
    fn two_different_ids_are_never_duplicates() {
        let a = key("nguyen thi ai van", "12/03/1985", "19900", true);
        let b = key("nguyen thi ai van", "12/03/1985", "19900", true);
        assert!(score(&a, &b).is_none());
    }

    #[test]
    fn year_only_record_matches_within_its_commune() {
        let a = key("le van ba", "1950", "19900", false);
        let b = key("le van ba", "07/08/1950", "19900", true);
        assert_eq!(
            score(&a, &b).unwrap().reason,
            DupReason::SameNameYearCommune
        );
        let elsewhere = key("le van ba", "07/08/1950", "20056", true);
        assert!(score(&a, &elsewhere).is_none());
    }

    #[test]
    fn typing_slip_scores_in_the_review_band() {
        let a = key("tran thi thu huong", "1960", "19900", false);
        let b = key("tran thi thu huongg", "03/04/1960", "19900", true);
        let m = score(&a, &b).unwrap();
        assert_eq!(m.reason, DupReason::SimilarNameYearCommune);
        assert_eq!(m.score, 70);
        let c = key("phan van hung", "1960", "19900", true);
        assert!(score(&a, &c).is_none());
        // Two letters apart, or another surname, is a different person.
        let d = key("tran thi thu huonggg", "1960", "19900", true);
        assert!(score(&a, &d).is_none());
        let e = key("tron thi thu huong", "1960", "19900", true);
        assert!(score(&a, &e).is_none());
    }

    #[test]
    fn different_sex_is_never_a_duplicate() {
        let a = key("le van ba", "01/02/1950", "19900", false);
        let mut b = key("le van ba", "01/02/1950", "19900", false);
        b.sex = Sex::Male;
        assert!(score(&a, &b).is_none());
    }

    #[test]
    fn different_full_dates_in_the_same_year_are_not_matched() {
        let a = key("le van ba", "01/02/1950", "19900", false);
        let b = key("le van ba", "03/04/1950", "19900", false);
        assert!(score(&a, &b).is_none());
    }
}
