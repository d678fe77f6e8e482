//! A calendar month, the unit every payroll is computed, paid and adjusted in.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// A month of a year. Ordered by time (the derived order compares the year, then the month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MonthError {
    #[error("tháng '{0}' không đúng dạng mm/yyyy hoặc yyyy-mm")]
    Format(String),
    #[error("tháng '{0}' không tồn tại")]
    OutOfRange(String),
}

crate::coded! {
    MonthError {
        Format => "month.format", Refusal,
        OutOfRange => "month.out_of_range", Refusal,
    }
}

impl Month {
    /// A month from its year (1000–9999, so it always prints as four digits) and number
    /// (1–12).
    pub fn new(year: i32, month: u32) -> Result<Month, MonthError> {
        if !(1000..=9999).contains(&year) || !(1..=12).contains(&month) {
            return Err(MonthError::OutOfRange(format!("{month:02}/{year}")));
        }
        Ok(Month { year, month })
    }

    /// The month a date falls in.
    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// The month number, 1–12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// Parses `yyyy-mm` (how the database and URLs write it) or `mm/yyyy` (how officers write
    /// it; a one-digit month is accepted).
    pub fn parse(raw: &str) -> Result<Month, MonthError> {
        let s = raw.trim();
        let bad = || MonthError::Format(s.to_string());
        let (year, month) = if let Some((y, m)) = s.split_once('-') {
            if y.len() != 4 || m.len() != 2 {
                return Err(bad());
            }
            (y, m)
        } else if let Some((m, y)) = s.split_once('/') {
            if y.len() != 4 || m.is_empty() || m.len() > 2 {
                return Err(bad());
            }
            (y, m)
        } else {
            return Err(bad());
        };
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if !digits(year) || !digits(month) {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let month: u32 = month.parse().map_err(|_| bad())?;
        Month::new(year, month).map_err(|_| MonthError::OutOfRange(s.to_string()))
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
            .expect("a Month always holds a valid year and month")
    }

    pub fn last_day(self) -> NaiveDate {
        self.succ()
            .first_day()
            .pred_opt()
            .expect("not the first day ever")
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        Month::of(date) == self
    }

    /// Months counted from year 0, so differences between months are plain subtraction.
    fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    fn from_index(index: i64) -> Month {
        Month {
            year: i32::try_from(index.div_euclid(12)).expect("month index within i32 years"),
            month: u32::try_from(index.rem_euclid(12) + 1).expect("1..=12"),
        }
    }

    pub fn succ(self) -> Month {
        self.plus(1)
    }

    pub fn pred(self) -> Month {
        self.plus(-1)
    }

    /// The month `n` months later (earlier when `n` is negative).
    pub fn plus(self, n: i64) -> Month {
        Month::from_index(self.index() + n)
    }

    /// How many months from `earlier` to `self` (negative when `earlier` is later).
    pub fn months_since(self, earlier: Month) -> i64 {
        self.index() - earlier.index()
    }

    /// The months from `self` up to but not including `end`, in order; empty when `end` is not
    /// after `self`.
    pub fn until(self, end: Month) -> Months {
        Months { next: self, end }
    }

    /// The months from `self` through `last`, in order.
    pub fn through(self, last: Month) -> Months {
        self.until(last.succ())
    }

    /// `mm/yyyy`, how Vietnamese documents write a month.
    pub fn format_vn(self) -> String {
        format!("{:02}/{}", self.month, self.year)
    }
}

/// An iterator over a half-open range of months.
#[derive(Debug, Clone)]
pub struct Months {
    next: Month,
    end: Month,
}

impl Iterator for Months {
    type Item = Month;

    fn next(&mut self) -> Option<Month> {
        if self.next >= self.end {
            return None;
        }
        let m = self.next;
        self.next = m.succ();
        Some(m)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = usize::try_from(self.end.months_since(self.next).max(0)).unwrap_or(usize::MAX);
        (n, Some(n))
    }
}

impl ExactSizeIterator for Months {}

/// `yyyy-mm`, which sorts as text in time order.
impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = MonthError;

    fn from_str(s: &str) -> Result<Month, MonthError> {
        Month::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(y: i32, mo: u32) -> Month {
        Month::new(y, mo).unwrap()
    }

    fn d(y: i32, mo: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, mo, day).unwrap()
    }

    #[test]
    fn parses_both_spellings_and_prints_both() {
        assert_eq!(Month::parse("2024-07").unwrap(), m(2024, 7));
        assert_eq!(Month::parse("07/2024").unwrap(), m(2024, 7));
        assert_eq!(Month::parse(" 7/2024 ").unwrap(), m(2024, 7));
        assert_eq!("2024-12".parse::<Month>().unwrap(), m(2024, 12));
        assert_eq!(m(2024, 7).to_string(), "2024-07");
        assert_eq!(m(2024, 7).format_vn(), "07/2024");
    }

    #[test]
    fn refuses_malformed_and_impossible_months() {
        for bad in [
            "", "2024", "2024-7", "24-07", "2024/07", "07-2024", "a7/2024", "007/2024",
        ] {
            assert!(
                matches!(Month::parse(bad), Err(MonthError::Format(_))),
                "{bad}"
            );
        }
        for bad in ["2024-13", "00/2024", "2024-00", "13/2024"] {
            let err = Month::parse(bad).unwrap_err();
            assert_eq!(err.code(), "month.out_of_range", "{bad}");
        }
        assert_eq!(
            Month::parse("x").unwrap_err().to_string(),
            "tháng 'x' không đúng dạng mm/yyyy hoặc yyyy-mm"
        );
    }

    #[test]
    fn orders_and_steps_across_years() {
        assert!(m(2023, 12) < m(2024, 1));
        assert!(m(2024, 2) < m(2024, 10));
        assert_eq!(m(2023, 12).succ(), m(2024, 1));
        assert_eq!(m(2024, 1).pred(), m(2023, 12));
        assert_eq!(m(2024, 5).plus(-17), m(2022, 12));
        assert_eq!(m(2024, 7).months_since(m(2023, 8)), 11);
    }

    #[test]
    fn knows_its_days() {
        assert_eq!(Month::of(d(2024, 2, 29)), m(2024, 2));
        assert_eq!(m(2024, 2).first_day(), d(2024, 2, 1));
        assert_eq!(m(2024, 2).last_day(), d(2024, 2, 29));
        assert_eq!(m(2023, 2).last_day(), d(2023, 2, 28));
        assert_eq!(m(2024, 12).last_day(), d(2024, 12, 31));
        assert!(m(2024, 7).contains(d(2024, 7, 31)));
        assert!(!m(2024, 7).contains(d(2024, 8, 1)));
    }

    #[test]
    fn iterates_half_open_and_closed_ranges() {
        let got: Vec<String> = m(2024, 11)
            .until(m(2025, 2))
            .map(|x| x.to_string())
            .collect();
        assert_eq!(got, ["2024-11", "2024-12", "2025-01"]);
        assert_eq!(m(2024, 11).through(m(2025, 2)).len(), 4);
        assert_eq!(m(2024, 11).until(m(2024, 11)).count(), 0);
        assert_eq!(m(2024, 11).until(m(2024, 1)).count(), 0);
    }
}
