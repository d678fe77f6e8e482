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

/// Beneficiary ids from `from` (included) to `to` (excluded); `None` is open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IdRange {
    pub from: Option<Uuid>,
    pub to: Option<Uuid>,
}

impl IdRange {
    pub const ALL: IdRange = IdRange {
        from: None,
        to: None,
    };

    /// The ranges between consecutive `bounds` (ascending), covering every id.
    pub fn split_at(bounds: &[Uuid]) -> Vec<IdRange> {
        let mut out = Vec::with_capacity(bounds.len() + 1);
        let mut from = None;
        for &b in bounds {
            out.push(IdRange { from, to: Some(b) });
            from = Some(b);
        }
        out.push(IdRange { from, to: None });
        out
    }

    fn push<'q, DB: sqlx::Database>(self, qb: &mut QueryBuilder<DB>, column: &str)
    where
        Uuid: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    {
        if let Some(from) = self.from {
            qb.push(format!(" AND {column} >= "));
            qb.push_bind(from);
        }
        if let Some(to) = self.to {
            qb.push(format!(" AND {column} < "));
            qb.push_bind(to);
        }
    }
}

impl Store {
    /// The facts of the selected beneficiaries in `range`, ordered by id, in five queries of
    /// one row each whatever their number (see the module documentation), run concurrently.
    pub(crate) async fn load_facts(
        &self,
        which: Which,
        range: IdRange,
    ) -> Result<Vec<BeneficiaryFacts>> {
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

        // The five queries run at once, each on its own pooled connection, and each table is
        // parsed as soon as it arrives: the beneficiaries' join with their persons takes the
        // longest, and the other four are read and parsed beside it.
        let (mut out, grants, certificates, children, suspensions) = db_run!(&self.db, pool => {
            let mut heads = QueryBuilder::new(beneficiaries);
            heads.push(" WHERE 1 = 1");
            which.push(&mut heads, "b.id");
            range.push(&mut heads, "b.id");
            let of_beneficiaries = |sql: String| {
                let mut qb = QueryBuilder::new(sql);
                // The whole registry needs no join: each record names its beneficiary.
                match which {
                    Which::All => {
                        qb.push(" WHERE 1 = 1");
                    }
                    Which::Area(_) => {
                        qb.push(" JOIN beneficiaries b ON b.id = x.beneficiary_id WHERE 1 = 1");
                        which.push(&mut qb, "b.id");
                    }
                    Which::One(_) => {
                        qb.push(" WHERE 1 = 1");
                        which.push(&mut qb, "x.beneficiary_id");
                    }
                }
                range.push(&mut qb, "x.beneficiary_id");
                qb
            };
            let mut grants = of_beneficiaries(grants);
            let mut certificates = of_beneficiaries(certificates);
            let mut children = of_beneficiaries(children);
            let mut suspensions = of_beneficiaries(suspensions);
            macro_rules! read {
                ($qb:ident, $parse:ident) => {
                    async {
                        let packed: Packed = $qb.build_query_as().fetch_all(pool).await?;
                        $parse(&packed)
                    }
                };
            }
            tokio::try_join!(
                read!(heads, parse_heads),
                read!(grants, parse_grants),
                read!(certificates, parse_certificates),
                read!(children, parse_children),
                read!(suspensions, parse_suspensions),
            )?
        });

        let index: HashMap<Uuid, usize> = out.iter().enumerate().map(|(i, b)| (b.id, i)).collect();
        for (beneficiary, grant_id, grant) in grants {
            if let Some(&i) = index.get(&beneficiary) {
                out[i].facts.grants.push(grant);
                out[i].grant_ids.push(grant_id);
            }
        }
        for (beneficiary, certificate) in certificates {
            if let Some(&i) = index.get(&beneficiary) {
                out[i].facts.disability.push(certificate);
            }
        }
        for (beneficiary, child) in children {
            if let Some(&i) = index.get(&beneficiary) {
                out[i].facts.children.push(child);
            }
        }
        for (beneficiary, suspension) in suspensions {
            if let Some(&i) = index.get(&beneficiary) {
                out[i].suspensions.push(suspension);
            }
        }
        Ok(out)
    }
}

/// The rows of one packed query.
type Packed = Vec<(i64, Option<String>)>;

/// The beneficiaries with their persons' dates, ordered by id, without their other records.
fn parse_heads(packed: &Packed) -> Result<Vec<BeneficiaryFacts>> {
    let mut out = Vec::new();
    for record in records(packed, "beneficiary")? {
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
    Ok(out)
}

/// Grants with their beneficiary and id, in the order the core and the decision list rely
/// on: by beneficiary, then decision date, then id.
fn parse_grants(packed: &Packed) -> Result<Vec<(Uuid, Uuid, Grant)>> {
    let mut out = Vec::new();
    for record in records(packed, "grant")? {
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
        out.push((beneficiary, grant_id, grant));
    }
    out.sort_unstable_by_key(|(b, id, g)| (*b, g.decided_on, *id));
    Ok(out)
}

/// Certificates by beneficiary. They are "in any order" for the core; sorted (by issue date,
/// then severity) so a load is reproducible.
fn parse_certificates(packed: &Packed) -> Result<Vec<(Uuid, DisabilityCertificate)>> {
    let mut out = Vec::new();
    for record in records(packed, "certificate")? {
        let mut f = Fields::new(record, "certificate");
        let beneficiary = f.uuid()?;
        let issued_on = f.date()?;
        let code = f.text()?;
        let severity = Severity::from_code(code)
            .ok_or_else(|| StoreError::Corrupt(format!("severity '{code}'")))?;
        out.push((
            beneficiary,
            DisabilityCertificate {
                issued_on,
                severity,
            },
        ));
    }
    out.sort_unstable_by_key(|(b, c)| (*b, c.issued_on, c.severity.code()));
    Ok(out)
}

/// Children by beneficiary, in their order.
fn parse_children(packed: &Packed) -> Result<Vec<(Uuid, Child)>> {
    let mut out = Vec::new();
    for record in records(packed, "child")? {
        let mut f = Fields::new(record, "child");
        let beneficiary = f.uuid()?;
        let child_no = f.optional_int()?.ok_or_else(|| f.corrupt("child number"))?;
        let birth_date = f.date()?;
        let child = Child {
            birth: rows::birth(birth_date, f.text()?)?,
            studying: f.flag()?,
            left_on: f.optional_date()?,
        };
        out.push((beneficiary, child_no, child));
    }
    out.sort_unstable_by_key(|(b, no, _)| (*b, *no));
    Ok(out.into_iter().map(|(b, _, child)| (b, child)).collect())
}

/// Suspensions by beneficiary, in order, without their reasons (free text).
fn parse_suspensions(packed: &Packed) -> Result<Vec<(Uuid, Suspension)>> {
    let mut out = Vec::new();
    for record in records(packed, "suspension")? {
        let mut f = Fields::new(record, "suspension");
        let beneficiary = f.uuid()?;
        let from = Month::of(f.date()?);
        let to = f.optional_date()?.map(Month::of);
        out.push((
            beneficiary,
            Suspension {
                from,
                to,
                reason: String::new(),
            },
        ));
    }
    out.sort_unstable_by_key(|(b, s)| (*b, s.from));
    Ok(out)
}
