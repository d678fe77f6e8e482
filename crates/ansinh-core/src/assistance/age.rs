//! Ages by month: the decree pays by the month, so every age threshold is applied to whole
//! months.
//!
//! Conventions, each from Nghị định 20/2021/NĐ-CP Điều 8:
//!
//! - **A threshold reached is applied from the month of the birthday**, whatever the day.
//!   Điều 8 khoản 1 starts 5b "from when the person turns 75" and 5c "from when the person turns
//!   80", and changes the level "from the month the person qualifies for the change" (kể từ
//!   tháng đối tượng đủ điều kiện điều chỉnh). So a child turning 4 on 31/07 has coefficient 1.5
//!   for July, and an elderly person turning 80 on 01/07 or 31/07 has 2.0 for July. This holds
//!   for coefficients that go down (a child turning 4) as well as up.
//! - **An upper age limit is left from the month after the birthday.** Điều 8 khoản 2 stops the
//!   allowance "from the month after the month" the person stops qualifying, so a khoản 1 child
//!   turning 16 in July is still paid for July and stops in August.
//! - **Only the year and month of birth count.** A birth date known to the month is therefore
//!   exact. A birth date known only to the year is stored as 1 January (see `crate::date`) and
//!   is used as such: the person turns N in January. This follows the usual administrative rule
//!   for records without a day and month (e.g. the social-insurance rules take 01/01 of the
//!   birth year); it is an assumption here, not a rule of Nghị định 20, and it is the earliest
//!   possible month, so officers should record the month of birth whenever it is known.
//! - 29 February counts as February: the person turns N in February of a common year too.

use super::super::payroll::Month;
use crate::date::PartialDate;

/// The age reached in month `m`: the person has it on the last day of the month, counting the
/// birthday month as reached.
pub fn age_in(birth: PartialDate, m: Month) -> i32 {
    let born = Month::of(birth.date);
    let years = m.year() - born.year();
    if m.month() < born.month() {
        years - 1
    } else {
        years
    }
}

/// Whole months of age reached in month `m` (0 in the birth month).
pub fn months_in(birth: PartialDate, m: Month) -> i64 {
    m.months_since(Month::of(birth.date))
}

/// The month the person turns `years`.
pub fn month_turning(birth: PartialDate, years: i32) -> Month {
    let born = Month::of(birth.date);
    born.plus(i64::from(years) * 12)
}

/// Whether a limit "under `years`" still holds in month `m`: true through the birthday month
/// of `years`, false from the month after (Điều 8 khoản 2).
pub fn under(birth: PartialDate, m: Month, years: i32) -> bool {
    age_in(birth, m.pred()) < years
}

/// Whether a limit "under `months` months of age" still holds in month `m`, with the same
/// convention as [`under`].
pub fn under_months(birth: PartialDate, m: Month, months: i64) -> bool {
    months_in(birth, m.pred()) < months
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn day(y: i32, mo: u32, d: u32) -> PartialDate {
        PartialDate::day(NaiveDate::from_ymd_opt(y, mo, d).unwrap())
    }

    fn m(y: i32, mo: u32) -> Month {
        Month::new(y, mo).unwrap()
    }

    #[test]
    fn the_birthday_month_counts_as_reached_whatever_the_day() {
        // Born on the 1st or on the 31st of July 2020: both are 4 for the whole of July 2024.
        for born in [day(2020, 7, 1), day(2020, 7, 31)] {
            assert_eq!(age_in(born, m(2024, 6)), 3);
            assert_eq!(age_in(born, m(2024, 7)), 4);
        }
        assert_eq!(month_turning(day(1943, 8, 15), 80), m(2023, 8));
    }

    #[test]
    fn an_upper_limit_holds_through_the_birthday_month() {
        let born = day(2008, 7, 20);
        assert!(under(born, m(2024, 6), 16));
        assert!(under(born, m(2024, 7), 16)); // turns 16 in July: still paid for July
        assert!(!under(born, m(2024, 8), 16));
        assert!(under(born, m(2008, 7), 3)); // the birth month itself
    }

    #[test]
    fn months_of_age_for_the_36_month_limit() {
        let born = day(2022, 3, 31);
        assert_eq!(months_in(born, m(2025, 3)), 36);
        assert!(under_months(born, m(2025, 3), 36));
        assert!(!under_months(born, m(2025, 4), 36));
    }

    #[test]
    fn birth_known_to_the_year_turns_in_january() {
        let born = PartialDate::parse("1944").unwrap();
        assert_eq!(age_in(born, m(2024, 1)), 80);
        assert_eq!(age_in(born, m(2023, 12)), 79);
        let by_month = PartialDate::parse("08/1944").unwrap();
        assert_eq!(month_turning(by_month, 80), m(2024, 8));
    }

    #[test]
    fn leap_day_birthdays_fall_in_february() {
        let born = day(2020, 2, 29);
        assert_eq!(age_in(born, m(2024, 2)), 4);
        assert_eq!(age_in(born, m(2023, 2)), 3);
        assert_eq!(age_in(born, m(2023, 1)), 2);
    }
}
