//! Dates as officers write them (dd/mm/yyyy), and birth dates that old records know only to the
//! month or the year.

use chrono::{Datelike, NaiveDate};

/// How much of a birth date is known. The stored date is the first day of the known period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatePrecision {
    Day,
    Month,
    Year,
}

impl DatePrecision {
    /// A one-letter code for storage: D, M or Y.
    pub fn code(self) -> &'static str {
        match self {
            DatePrecision::Day => "D",
            DatePrecision::Month => "M",
            DatePrecision::Year => "Y",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "D" => Some(DatePrecision::Day),
            "M" => Some(DatePrecision::Month),
            "Y" => Some(DatePrecision::Year),
            _ => None,
        }
    }
}

/// A date known to a precision: `PartialDate { date: 1950-01-01, precision: Year }` means
/// "some day in 1950".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub date: NaiveDate,
    pub precision: DatePrecision,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("ngày '{0}' không đúng dạng dd/mm/yyyy, mm/yyyy hoặc yyyy")]
    Format(String),
    #[error("ngày '{0}' không tồn tại")]
    Impossible(String),
    #[error("ngày {0} ở tương lai")]
    Future(String),
    #[error("năm {0} quá xa (trước 1900)")]
    TooOld(i32),
}

crate::coded! {
    DateError {
        Format => "date.format", Refusal,
        Impossible => "date.impossible", Refusal,
        Future => "date.future", Refusal,
        TooOld => "date.too_old", Refusal,
    }
}

impl PartialDate {
    pub fn day(date: NaiveDate) -> Self {
        PartialDate {
            date,
            precision: DatePrecision::Day,
        }
    }

    /// Parses `dd/mm/yyyy`, `mm/yyyy`, `yyyy` or ISO `yyyy-mm-dd` (how spreadsheets export
    /// dates). One-digit days and months are accepted.
    pub fn parse(raw: &str) -> Result<Self, DateError> {
        let s = raw.trim();
        let bad = || DateError::Format(s.to_string());
        let num = |p: &str| -> Result<u32, DateError> {
            if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            p.parse().map_err(|_| bad())
        };
        let (day, month, year, precision) = if s.contains('-') {
            let parts: Vec<&str> = s.split('-').collect();
            if parts.len() != 3 || parts[0].len() != 4 {
                return Err(bad());
            }
            (
                num(parts[2])?,
                num(parts[1])?,
                num(parts[0])?,
                DatePrecision::Day,
            )
        } else {
            let parts: Vec<&str> = s.split('/').collect();
            match parts.as_slice() {
                [d, m, y] if y.len() == 4 => (num(d)?, num(m)?, num(y)?, DatePrecision::Day),
                [m, y] if y.len() == 4 => (1, num(m)?, num(y)?, DatePrecision::Month),
                [y] if y.len() == 4 => (1, 1, num(y)?, DatePrecision::Year),
                _ => return Err(bad()),
            }
        };
        let year = i32::try_from(year).map_err(|_| bad())?;
        let date = NaiveDate::from_ymd_opt(year, month, day)
            .ok_or_else(|| DateError::Impossible(s.to_string()))?;
        Ok(PartialDate { date, precision })
    }

    /// Checks the date is not after `today` and not before 1900.
    pub fn check_past(self, today: NaiveDate) -> Result<Self, DateError> {
        if self.date.year() < 1900 {
            return Err(DateError::TooOld(self.date.year()));
        }
        if self.date > today {
            return Err(DateError::Future(self.to_string()));
        }
        Ok(self)
    }

    pub fn year(self) -> i32 {
        self.date.year()
    }
}

impl std::fmt::Display for PartialDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.precision {
            DatePrecision::Day => write!(f, "{}", self.date.format("%d/%m/%Y")),
            DatePrecision::Month => write!(f, "{}", self.date.format("%m/%Y")),
            DatePrecision::Year => write!(f, "{}", self.date.format("%Y")),
        }
    }
}

/// Formats a full date the Vietnamese way, dd/mm/yyyy.
pub fn format_vn(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Parses a full date (day precision required), for death dates and move dates.
pub fn parse_full_date(raw: &str) -> Result<NaiveDate, DateError> {
    let d = PartialDate::parse(raw)?;
    if d.precision != DatePrecision::Day {
        return Err(DateError::Format(raw.trim().to_string()));
    }
    Ok(d.date)
}

/// Whole years of age on `on` for someone born on `birth` (a birthday counts on its day).
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn parses_each_precision() {
        assert_eq!(
            PartialDate::parse("05/03/1950").unwrap(),
            PartialDate::day(d(1950, 3, 5))
        );
        assert_eq!(PartialDate::parse("5/3/1950").unwrap().date, d(1950, 3, 5));
        let m = PartialDate::parse("03/1950").unwrap();
        assert_eq!((m.date, m.precision), (d(1950, 3, 1), DatePrecision::Month));
        let y = PartialDate::parse("1950").unwrap();
        assert_eq!((y.date, y.precision), (d(1950, 1, 1), DatePrecision::Year));
        assert_eq!(
            PartialDate::parse("1950-03-05").unwrap().date,
            d(1950, 3, 5)
        );
    }

    #[test]
    fn displays_in_vietnamese_order_at_its_precision() {
        assert_eq!(
            PartialDate::parse("05/03/1950").unwrap().to_string(),
            "05/03/1950"
        );
        assert_eq!(PartialDate::parse("3/1950").unwrap().to_string(), "03/1950");
        assert_eq!(PartialDate::parse("1950").unwrap().to_string(), "1950");
    }

    #[test]
    fn refuses_impossible_and_malformed_dates() {
        assert_eq!(
            PartialDate::parse("31/02/2000"),
            Err(DateError::Impossible("31/02/2000".into()))
        );
        assert_eq!(
            PartialDate::parse("29/02/2023"),
            Err(DateError::Impossible("29/02/2023".into()))
        );
        assert!(PartialDate::parse("29/02/2024").is_ok());
        assert!(matches!(
            PartialDate::parse("13/2000"),
            Err(DateError::Impossible(_))
        ));
        for bad in [
            "",
            "abc",
            "1/1/50",
            "01.01.1950",
            "2000/01/01",
            "1/1/1/1950",
        ] {
            assert!(
                matches!(PartialDate::parse(bad), Err(DateError::Format(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn refuses_future_and_too_old() {
        let today = d(2026, 11, 26);
        assert!(
            PartialDate::parse("26/11/2026")
                .unwrap()
                .check_past(today)
                .is_ok()
        );
        assert!(matches!(
            PartialDate::parse("27/11/2026").unwrap().check_past(today),
            Err(DateError::Future(_))
        ));
        assert_eq!(
            PartialDate::parse("1899").unwrap().check_past(today),
            Err(DateError::TooOld(1899))
        );
    }

    #[test]
    fn age_counts_the_birthday_itself() {
        assert_eq!(age_on(d(1944, 7, 15), d(2024, 7, 14)), 79);
        assert_eq!(age_on(d(1944, 7, 15), d(2024, 7, 15)), 80);
        assert_eq!(age_on(d(2000, 2, 29), d(2001, 2, 28)), 0);
        assert_eq!(age_on(d(2000, 2, 29), d(2001, 3, 1)), 1);
    }
}
