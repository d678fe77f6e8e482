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
use sqlx::QueryBuilder;
use uuid::Uuid;

use super::{Which, group_from, household_from};
use crate::error::{Result, StoreError};
use crate::packed::{Fields, records};
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
