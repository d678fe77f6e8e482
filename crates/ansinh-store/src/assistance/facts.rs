//! The facts of many beneficiaries at once (the payroll reads every beneficiary of its scope),
//! read packed: one row per table, parsed here.
//!
//! Why packed: at SF 1 a payroll reads about 60,000 beneficiaries with their persons and as
//! many grants, certificates and children. Through sqlx every row costs about 11 µs on SQLite
//! (its worker thread hands each row over to the async side; `perf` showed the hand-over, not
//! SQLite), so the row-per-fact load took 1.8–2.5 s while the same SQL ran in 0.2 s in the
//! `sqlite3` shell. Each table's records are therefore joined into one text value with
//! `string_agg` and `concat_ws` (SQLite ≥ 3.44, which sqlx bundles, and PostgreSQL): five rows
//! instead of a quarter of a million; `concat_ws` builds a record in one call where a chain of
//! `||` copied the string at every step. Only ids, codes, numbers and dates are packed, never
//! free text, so the separators `,` and `;` cannot occur inside a value; the free-text fields
//! of one beneficiary (address, decision numbers, suspension reasons) are read by
//! [`Store::beneficiary`] with ordinary queries.

use std::collections::HashMap;

use ansinh_core::assistance::{Child, DisabilityCertificate, Facts, Grant, Severity, Suspension};
use ansinh_core::payroll::Month;
use chrono::NaiveDate;
use sqlx::QueryBuilder;
use uuid::Uuid;

use super::{Which, group_from, household_from};
use crate::error::{Result, StoreError};
use crate::{Store, rows, tuning};

/// One beneficiary's facts as the payroll needs them.
#[derive(Debug, Clone)]
pub(crate) struct BeneficiaryFacts {
    pub id: Uuid,
    pub area_id: Uuid,
    pub recalc_from: Option<Month>,
    pub facts: Facts,
    /// The grants' ids, aligned with `facts.grants`.
    pub grant_ids: Vec<Uuid>,
    /// Suspensions in order, without their reasons (free text).
    pub suspensions: Vec<Suspension>,
}

/// The fields of one packed record, in order.
struct Fields<'a> {
    parts: std::str::Split<'a, char>,
    table: &'static str,
}

impl<'a> Fields<'a> {
    fn new(record: &'a str, table: &'static str) -> Fields<'a> {
        Fields {
            parts: record.split(','),
            table,
        }
    }

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
fn parse_date(s: &str) -> Option<NaiveDate> {
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
fn records<'a>(rows: &'a [(i64, Option<String>)], table: &str) -> Result<Vec<&'a str>> {
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

impl Store {
    /// The facts of the selected beneficiaries, ordered by id, in five queries of one row each
    /// whatever their number (see the module documentation).
    pub(crate) async fn load_facts(&self, which: Which) -> Result<Vec<BeneficiaryFacts>> {
        let backend = self.backend();
        let id = |column: &str| tuning::uuid_text(backend, column);
        // `concat_ws` skips NULLs, which would shift the fields: optional ones become ''.
        let opt = |column: &str| format!("COALESCE(CAST({column} AS TEXT), '')");
        let beneficiaries = format!(
            "SELECT COUNT(*), string_agg(concat_ws(',', {}, {}, p.birth_date, p.birth_precision, {},
                b.household_status, b.studying, b.hiv, b.has_pension, b.disadvantaged_area, {}, {}), ';')
             FROM beneficiaries b JOIN persons p ON p.id = b.person_id",
            id("b.id"),
            id("b.area_id"),
            opt("p.death_date"),
            opt("b.in_facility_since"),
            opt("b.recalc_from"),
        );
        let grants = format!(
            "SELECT COUNT(*), string_agg(concat_ws(',', {}, {}, x.group_code, x.dossier_on, x.decided_on,
                {}, {}), ';') FROM assistance_grants x",
            id("x.beneficiary_id"),
            id("x.id"),
            opt("x.ended_on"),
            opt("x.coefficient"),
        );
        let certificates = format!(
            "SELECT COUNT(*), string_agg(concat_ws(',', {}, x.issued_on, x.severity), ';')
             FROM disability_certificates x",
            id("x.beneficiary_id"),
        );
        let children = format!(
            "SELECT COUNT(*), string_agg(concat_ws(',', {}, x.child_no, x.birth_date, x.birth_precision,
                x.studying, {}), ';') FROM assistance_children x",
            id("x.beneficiary_id"),
            opt("x.left_on"),
        );
        let suspensions = format!(
            "SELECT COUNT(*), string_agg(concat_ws(',', {}, x.from_month, {}), ';')
             FROM assistance_suspensions x",
            id("x.beneficiary_id"),
            opt("x.to_month"),
        );

        let (heads, grants, certificates, children, suspensions) = db_run!(&self.db, pool => {
            let mut qb = QueryBuilder::new(beneficiaries);
            qb.push(" WHERE 1 = 1");
            which.push(&mut qb, "b.id");
            let heads: Vec<(i64, Option<String>)> = qb.build_query_as().fetch_all(pool).await?;
            let mut rest = Vec::with_capacity(4);
            for sql in [grants, certificates, children, suspensions] {
                let mut qb = QueryBuilder::new(sql);
                // The whole registry needs no join: each record names its beneficiary.
                match which {
                    Which::All => {}
                    Which::Area(_) => {
                        qb.push(" JOIN beneficiaries b ON b.id = x.beneficiary_id WHERE 1 = 1");
                        which.push(&mut qb, "b.id");
                    }
                    Which::One(_) => {
                        qb.push(" WHERE 1 = 1");
                        which.push(&mut qb, "x.beneficiary_id");
                    }
                }
                let rows: Vec<(i64, Option<String>)> = qb.build_query_as().fetch_all(pool).await?;
                rest.push(rows);
            }
            let mut rest = rest.into_iter();
            let mut next = || rest.next().unwrap_or_default();
            (heads, next(), next(), next(), next())
        });

        let mut out = Vec::new();
        for record in records(&heads, "beneficiary")? {
            let mut f = Fields::new(record, "beneficiary");
            let id = f.uuid()?;
            let area_id = f.uuid()?;
            let birth_date = f.date()?;
            let mut facts = Facts::new(rows::birth(birth_date, f.text()?)?);
            facts.died_on = f.optional_date()?;
            facts.household = household_from(f.text()?)?;
            facts.studying = f.flag()?;
            facts.hiv = f.flag()?;
            facts.has_pension = f.flag()?;
            facts.disadvantaged_area = f.flag()?;
            facts.in_facility_since = f.optional_date()?;
            let recalc_from = f.optional_date()?.map(Month::of);
            out.push(BeneficiaryFacts {
                id,
                area_id,
                recalc_from,
                facts,
                grant_ids: Vec::new(),
                suspensions: Vec::new(),
            });
        }
        out.sort_unstable_by_key(|b| b.id);
        let index: HashMap<Uuid, usize> = out.iter().enumerate().map(|(i, b)| (b.id, i)).collect();

        let mut grant_rows = Vec::new();
        for record in records(&grants, "grant")? {
            let mut f = Fields::new(record, "grant");
            let beneficiary = f.uuid()?;
            let grant_id = f.uuid()?;
            let grant = Grant {
                group: group_from(f.text()?)?,
                dossier_on: f.date()?,
                decided_on: f.date()?,
                ended_on: f.optional_date()?,
                coefficient: f.optional_int()?,
            };
            grant_rows.push((beneficiary, grant_id, grant));
        }
        // The order the core and the decision list rely on: by decision date, then id.
        grant_rows.sort_unstable_by_key(|(b, id, g)| (*b, g.decided_on, *id));
        for (beneficiary, grant_id, grant) in grant_rows {
            let Some(&i) = index.get(&beneficiary) else {
                continue;
            };
            out[i].facts.grants.push(grant);
            out[i].grant_ids.push(grant_id);
        }

        for record in records(&certificates, "certificate")? {
            let mut f = Fields::new(record, "certificate");
            let beneficiary = f.uuid()?;
            let issued_on = f.date()?;
            let code = f.text()?;
            let severity = Severity::from_code(code)
                .ok_or_else(|| StoreError::Corrupt(format!("severity '{code}'")))?;
            let Some(&i) = index.get(&beneficiary) else {
                continue;
            };
            out[i].facts.disability.push(DisabilityCertificate {
                issued_on,
                severity,
            });
        }

        let mut child_rows = Vec::new();
        for record in records(&children, "child")? {
            let mut f = Fields::new(record, "child");
            let beneficiary = f.uuid()?;
            let child_no = f.optional_int()?.ok_or_else(|| f.corrupt("child number"))?;
            let birth_date = f.date()?;
            let child = Child {
                birth: rows::birth(birth_date, f.text()?)?,
                studying: f.flag()?,
                left_on: f.optional_date()?,
            };
            child_rows.push((beneficiary, child_no, child));
        }
        child_rows.sort_unstable_by_key(|(b, no, _)| (*b, *no));
        for (beneficiary, _, child) in child_rows {
            let Some(&i) = index.get(&beneficiary) else {
                continue;
            };
            out[i].facts.children.push(child);
        }

        let mut suspension_rows = Vec::new();
        for record in records(&suspensions, "suspension")? {
            let mut f = Fields::new(record, "suspension");
            let beneficiary = f.uuid()?;
            let from = Month::of(f.date()?);
            let to = f.optional_date()?.map(Month::of);
            suspension_rows.push((beneficiary, from, to));
        }
        suspension_rows.sort_unstable_by_key(|(b, from, _)| (*b, *from));
        for (beneficiary, from, to) in suspension_rows {
            let Some(&i) = index.get(&beneficiary) else {
                continue;
            };
            out[i].suspensions.push(Suspension {
                from,
                to,
                reason: String::new(),
            });
        }
        // Certificates are "in any order" for the core; sorted so a load is reproducible.
        for b in &mut out {
            b.facts
                .disability
                .sort_unstable_by_key(|c| (c.issued_on, c.severity.code()));
        }
        Ok(out)
    }
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
