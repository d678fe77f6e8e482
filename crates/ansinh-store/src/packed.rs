//! Rows packed into one text value in SQL (`string_agg(concat_ws(',', …), ';')`) and parsed
//! here: how a re-run reads a draft's stored lines without paying sqlx's per-row cost on
//! SQLite (about 11 µs a row, its worker thread handing each row over). Only ids, codes,
//! numbers and dates are packed, never free text, so the separators cannot occur inside a
//! value.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::columns::Record;
use crate::error::{Result, StoreError};

/// The fields of one packed record, in order.
pub(crate) struct Fields<'a> {
    parts: std::str::Split<'a, char>,
    table: &'static str,
}

impl<'a> Fields<'a> {
    pub(crate) fn new(record: &'a str, table: &'static str) -> Fields<'a> {
        Fields {
            parts: record.split(','),
            table,
        }
    }
}

impl<'a> Record<'a> for Fields<'a> {
    fn corrupt(&self, what: &str) -> StoreError {
        StoreError::Corrupt(format!("packed {} record: {what}", self.table))
    }

    fn text(&mut self) -> Result<&'a str> {
        self.parts
            .next()
            .ok_or_else(|| self.corrupt("too few fields"))
    }

    fn uuid(&mut self) -> Result<Uuid> {
        let s = self.text()?;
        Uuid::parse_str(s).map_err(|_| self.corrupt("id"))
    }

    fn date(&mut self) -> Result<NaiveDate> {
        let s = self.text()?;
        parse_date(s).ok_or_else(|| self.corrupt("date"))
    }

    fn optional_date(&mut self) -> Result<Option<NaiveDate>> {
        match self.text()? {
            "" => Ok(None),
            s => parse_date(s).map(Some).ok_or_else(|| self.corrupt("date")),
        }
    }

    fn optional_int(&mut self) -> Result<Option<i32>> {
        match self.text()? {
            "" => Ok(None),
            s => s.parse().map(Some).map_err(|_| self.corrupt("number")),
        }
    }

    /// SQLite stores booleans as 1/0; PostgreSQL prints them as t/f.
    fn flag(&mut self) -> Result<bool> {
        match self.text()? {
            "1" | "t" => Ok(true),
            "0" | "f" => Ok(false),
            _ => Err(self.corrupt("flag")),
        }
    }
}

/// `YYYY-MM-DD`, the form both backends give a date cast to text. Hand-parsed: a payroll parses
/// a quarter of a million dates, and chrono's format-driven parser costs several times more.
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// Every record of a packed query's rows: each row is its record count and the records joined
/// by `;`. The count guards against a record lost silently: `string_agg` skips NULLs, and one
/// NULL field makes the whole concatenation NULL.
pub(crate) fn records<'a>(rows: &'a [(i64, Option<String>)], table: &str) -> Result<Vec<&'a str>> {
    let mut out = Vec::new();
    for (count, packed) in rows {
        let before = out.len();
        out.extend(packed.iter().flat_map(|p| p.split(';')));
        if (out.len() - before) as i64 != *count {
            return Err(StoreError::Corrupt(format!(
                "packed {table} rows: {count} expected, {} read",
                out.len() - before
            )));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_as_chrono_does_and_reject_the_rest() {
        assert_eq!(
            parse_date("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2023-1-05"), None);
        assert_eq!(parse_date("2023-01-0x"), None);
        assert_eq!(parse_date("2023/01/05"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn records_are_counted() {
        let rows = vec![
            (2, Some("a;b".to_string())),
            (0, None),
            (1, Some("c".to_string())),
        ];
        assert_eq!(records(&rows, "t").unwrap(), vec!["a", "b", "c"]);
        let lost = vec![(3, Some("a;b".to_string()))];
        assert!(matches!(records(&lost, "t"), Err(StoreError::Corrupt(_))));
    }
}
