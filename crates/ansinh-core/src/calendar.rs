//! Working days of Vietnamese public offices, for the deadlines of administrative procedures
//! ("trong thời hạn 07 ngày làm việc").
//!
//! A day is a working day when it is Monday to Friday and not a public holiday or a declared day
//! off, or when it is a weekend day declared a make-up working day (làm bù). The holidays are
//! data, `data/rules/holidays.csv` (compiled in), because besides the fixed days of the Labour
//! Code (Bộ luật Lao động 2019 Điều 112) the Tết days, the day next to Quốc khánh and the
//! swapped days are decided each year by the Prime Minister.
//!
//! Deadlines count the way the Civil Code counts a period in days (Bộ luật Dân sự 2015 Điều
//! 147): the day of the event that starts the period is not counted, so a 7-working-day
//! deadline from a dossier received on a Monday ends on the Wednesday of the next week.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

const SHIPPED: &str = include_str!("../../../data/rules/holidays.csv");
const COLUMNS: [&str; 5] = ["date", "kind", "name", "legal_basis", "confirmed"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// A public holiday (ngày nghỉ lễ, tết); not worked even on a weekday.
    Holiday,
    /// A weekday not worked: compensation for a holiday on a weekend (nghỉ bù) or a swapped
    /// day (hoán đổi).
    DayOff,
    /// A Saturday or Sunday worked in exchange for a swapped day (làm bù).
    Workday,
}

impl DayKind {
    pub fn code(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::DayOff => "day_off",
            DayKind::Workday => "workday",
        }
    }

    pub fn from_code(s: &str) -> Option<DayKind> {
        [DayKind::Holiday, DayKind::DayOff, DayKind::Workday]
            .into_iter()
            .find(|k| k.code() == s)
    }
}

/// One dated exception to the Monday–Friday week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name: String,
    pub legal_basis: String,
    /// Checked against the Labour Code or the year's published schedule. Unconfirmed rows (a
    /// schedule not yet announced) are still used.
    pub confirmed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("lịch ngày nghỉ dòng {line}: {error}")]
    AtLine {
        line: usize,
        error: Box<CalendarError>,
    },
    #[error("tệp lịch ngày nghỉ không đọc được: {0}")]
    Csv(String),
    #[error("tệp lịch ngày nghỉ cần các cột {expected}, có {found}")]
    Columns { expected: String, found: String },
    #[error("ngày '{0}' không đúng dạng yyyy-mm-dd")]
    BadDate(String),
    #[error("loại ngày '{0}' không rõ (holiday, day_off hoặc workday)")]
    UnknownKind(String),
    #[error("cột xác nhận '{0}' phải là yes hoặc no")]
    BadFlag(String),
    #[error("ngày {0} có hai dòng")]
    Duplicate(NaiveDate),
    #[error("ngày làm bù {0} không phải thứ Bảy hoặc Chủ nhật")]
    WorkdayNotWeekend(NaiveDate),
    #[error("ngày nghỉ bù {0} rơi vào thứ Bảy hoặc Chủ nhật")]
    DayOffOnWeekend(NaiveDate),
}

crate::coded! {
    CalendarError {
        Csv => "calendar.csv", Failure,
        Columns => "calendar.columns", Failure,
        BadDate => "calendar.bad_date", Failure,
        UnknownKind => "calendar.unknown_kind", Failure,
        BadFlag => "calendar.bad_flag", Failure,
        Duplicate => "calendar.duplicate", Failure,
        WorkdayNotWeekend => "calendar.workday_not_weekend", Failure,
        DayOffOnWeekend => "calendar.day_off_on_weekend", Failure,
    }
    delegate {
        Self::AtLine { error, .. } => (error.code(), error.kind()),
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The working-day calendar: weekends plus the dated exceptions.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    days: BTreeMap<NaiveDate, CalendarDay>,
}

impl WorkCalendar {
    /// The shipped holidays, 2021–2027.
    pub fn shipped() -> Result<WorkCalendar, CalendarError> {
        WorkCalendar::from_days(WorkCalendar::parse_csv(SHIPPED)?)
    }

    /// Only Saturdays and Sundays off; for tests and for years without data.
    pub fn weekends_only() -> WorkCalendar {
        WorkCalendar::default()
    }

    /// A calendar from its exceptions, refusing two rows for one day and rows that cannot
    /// change anything (a make-up day on a weekday, a day off on a weekend).
    pub fn from_days(days: Vec<CalendarDay>) -> Result<WorkCalendar, CalendarError> {
        WorkCalendar::default().with_days(days)
    }

    /// Adds exceptions, e.g. a day off the province declares.
    pub fn with_days(mut self, days: Vec<CalendarDay>) -> Result<WorkCalendar, CalendarError> {
        for day in days {
            match day.kind {
                DayKind::Workday if !is_weekend(day.date) => {
                    return Err(CalendarError::WorkdayNotWeekend(day.date));
                }
                DayKind::DayOff if is_weekend(day.date) => {
                    return Err(CalendarError::DayOffOnWeekend(day.date));
                }
                _ => {}
            }
            if self.days.contains_key(&day.date) {
                return Err(CalendarError::Duplicate(day.date));
            }
            self.days.insert(day.date, day);
        }
        Ok(self)
    }

    /// Parses the CSV layout of `data/rules/holidays.csv`: `date` (yyyy-mm-dd), `kind`, `name`,
    /// `legal_basis`, `confirmed` (yes/no).
    pub fn parse_csv(text: &str) -> Result<Vec<CalendarDay>, CalendarError> {
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| CalendarError::Csv(e.to_string()))?
            .clone();
        if headers.iter().ne(COLUMNS) {
            return Err(CalendarError::Columns {
                expected: COLUMNS.join(","),
                found: headers.iter().collect::<Vec<_>>().join(","),
            });
        }
        let mut out = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| CalendarError::Csv(e.to_string()))?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            let at = |error| CalendarError::AtLine {
                line,
                error: Box::new(error),
            };
            let field = |i: usize| record.get(i).unwrap_or("").trim();
            let date = NaiveDate::parse_from_str(field(0), "%Y-%m-%d")
                .map_err(|_| at(CalendarError::BadDate(field(0).to_string())))?;
            let kind = DayKind::from_code(field(1))
                .ok_or_else(|| at(CalendarError::UnknownKind(field(1).to_string())))?;
            let confirmed = match field(4) {
                "yes" => true,
                "no" => false,
                other => return Err(at(CalendarError::BadFlag(other.to_string()))),
            };
            out.push(CalendarDay {
                date,
                kind,
                name: field(2).to_string(),
                legal_basis: field(3).to_string(),
                confirmed,
            });
        }
        Ok(out)
    }

    /// The exception on a date, if any.
    pub fn day(&self, date: NaiveDate) -> Option<&CalendarDay> {
        self.days.get(&date)
    }

    /// All exceptions in date order.
    pub fn days(&self) -> impl Iterator<Item = &CalendarDay> {
        self.days.values()
    }

    /// Whether the calendar has any exception in the date's year. Outside those years only
    /// weekends are known, so deadlines there may come out too early; callers can warn.
    pub fn covers(&self, date: NaiveDate) -> bool {
        let year = date.year();
        let (from, to) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        );
        match (from, to) {
            (Some(from), Some(to)) => self.days.range(from..=to).next().is_some(),
            _ => false,
        }
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.days.get(&date).map(|d| d.kind) {
            Some(DayKind::Workday) => true,
            Some(DayKind::Holiday | DayKind::DayOff) => false,
            None => !is_weekend(date),
        }
    }

    /// The `n`-th working day after `from` (`from` itself is not counted); `from` when `n` is 0.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut date = from;
        let mut left = n;
        while left > 0 {
            date = date.succ_opt().expect("date within chrono's range");
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        date
    }

    /// The number of working days in `(from, to]`: how many working days have passed at `to`
    /// since the event on `from`. Negative when `to` is before `from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        from.iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| self.is_working_day(*d))
            .count() as i64
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn shipped() -> WorkCalendar {
        WorkCalendar::shipped().unwrap()
    }

    #[test]
    fn shipped_holidays_parse_and_cover_2021_to_2027() {
        let cal = shipped();
        for year in 2021..=2027 {
            assert!(cal.covers(d(year, 6, 1)), "{year}");
        }
        assert!(!cal.covers(d(2028, 6, 1)));
        // The Labour Code's 11 holiday days a year are all there (Tết Dương lịch 1, Tết Âm
        // lịch 5, Giỗ Tổ 1, 30/4 and 1/5, Quốc khánh 2).
        for year in 2021..=2027 {
            let holidays = cal
                .days()
                .filter(|x| x.kind == DayKind::Holiday && x.date.year() == year)
                .count();
            assert_eq!(holidays, 11, "{year}");
        }
        // Each swap has its make-up day in the same year.
        for year in 2021..=2027 {
            let count = |k| {
                cal.days()
                    .filter(|x| x.kind == k && x.date.year() == year)
                    .count()
            };
            let holidays_on_weekends = cal
                .days()
                .filter(|x| x.kind == DayKind::Holiday && x.date.year() == year)
                .filter(|x| is_weekend(x.date))
                .count();
            assert_eq!(
                count(DayKind::DayOff),
                holidays_on_weekends + count(DayKind::Workday),
                "{year}"
            );
        }
    }

    #[test]
    fn weekends_holidays_and_swaps() {
        let cal = shipped();
        assert!(cal.is_working_day(d(2024, 7, 1))); // Monday
        assert!(!cal.is_working_day(d(2024, 7, 6))); // Saturday
        assert!(!cal.is_working_day(d(2024, 9, 2))); // Quốc khánh
        assert!(!cal.is_working_day(d(2024, 4, 29))); // swapped Monday
        assert!(cal.is_working_day(d(2024, 5, 4))); // its make-up Saturday
        assert!(!cal.is_working_day(d(2023, 1, 2))); // nghỉ bù for 1/1 on a Sunday
        assert_eq!(
            cal.day(d(2025, 4, 7)).unwrap().name,
            "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
        );
    }

    #[test]
    fn deadlines_skip_weekends_and_tet() {
        let cal = shipped();
        // Received Monday 01/07/2024; 7 working days end Wednesday 10/07/2024.
        assert_eq!(cal.add_working_days(d(2024, 7, 1), 7), d(2024, 7, 10));
        // Received Friday 2/2/2024, just before Tết Giáp Thìn (off 8–14/2): 7 working days are
        // 5, 6, 7, 15, 16, 19 and 20 February.
        assert_eq!(cal.add_working_days(d(2024, 2, 2), 7), d(2024, 2, 20));
        // Around the 2024 swap (29/4, 30/4 and 1/5 off): from Friday 26/4, the working days are
        // Thursday 2/5, Friday 3/5 and the make-up Saturday 4/5.
        assert_eq!(cal.add_working_days(d(2024, 4, 26), 3), d(2024, 5, 4));
        assert_eq!(cal.add_working_days(d(2024, 4, 26), 2), d(2024, 5, 3));
        assert_eq!(cal.add_working_days(d(2024, 7, 6), 0), d(2024, 7, 6));
    }

    #[test]
    fn counts_working_days_between() {
        let cal = shipped();
        assert_eq!(cal.working_days_between(d(2024, 7, 1), d(2024, 7, 10)), 7);
        assert_eq!(cal.working_days_between(d(2024, 7, 10), d(2024, 7, 1)), -7);
        assert_eq!(cal.working_days_between(d(2024, 7, 1), d(2024, 7, 1)), 0);
        assert_eq!(cal.working_days_between(d(2024, 2, 7), d(2024, 2, 14)), 0);
    }

    #[test]
    fn refuses_bad_rows() {
        let row = |date, kind| CalendarDay {
            date,
            kind,
            name: String::new(),
            legal_basis: String::new(),
            confirmed: true,
        };
        let err = WorkCalendar::from_days(vec![row(d(2024, 5, 6), DayKind::Workday)]).unwrap_err();
        assert_eq!(err.code(), "calendar.workday_not_weekend");
        let err = WorkCalendar::from_days(vec![row(d(2024, 5, 5), DayKind::DayOff)]).unwrap_err();
        assert_eq!(err.code(), "calendar.day_off_on_weekend");
        let err = WorkCalendar::from_days(vec![
            row(d(2024, 5, 6), DayKind::Holiday),
            row(d(2024, 5, 6), DayKind::DayOff),
        ])
        .unwrap_err();
        assert_eq!(err.code(), "calendar.duplicate");
        assert_eq!(err.to_string(), "ngày 2024-05-06 có hai dòng");

        let header = "date,kind,name,legal_basis,confirmed\n";
        let err =
            WorkCalendar::parse_csv(&format!("{header}2024-13-01,holiday,x,y,yes\n")).unwrap_err();
        assert_eq!(err.code(), "calendar.bad_date");
        assert_eq!(
            err.to_string(),
            "lịch ngày nghỉ dòng 2: ngày '2024-13-01' không đúng dạng yyyy-mm-dd"
        );
        let err =
            WorkCalendar::parse_csv(&format!("{header}2024-12-01,fiesta,x,y,yes\n")).unwrap_err();
        assert_eq!(err.code(), "calendar.unknown_kind");
        let err = WorkCalendar::parse_csv(&format!("{header}2024-12-01,holiday,x,y,maybe\n"))
            .unwrap_err();
        assert_eq!(err.code(), "calendar.bad_flag");
        let err = WorkCalendar::parse_csv("date,kind\n").unwrap_err();
        assert_eq!(err.code(), "calendar.columns");
    }

    proptest! {
        #[test]
        fn adding_then_counting_gives_back_n(days in 0i64..2600, n in 0u32..60) {
            let cal = shipped();
            let from = d(2021, 1, 1) + chrono::Duration::days(days);
            let due = cal.add_working_days(from, n);
            prop_assert_eq!(cal.working_days_between(from, due), i64::from(n));
            prop_assert!(n == 0 || cal.is_working_day(due));
        }
    }
}
