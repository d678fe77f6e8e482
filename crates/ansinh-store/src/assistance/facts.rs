//! The facts of many beneficiaries at once (the payroll reads every beneficiary of its scope):
//! five queries run concurrently, each parsed row by row as it arrives by the same parsers on
//! both backends ([`crate::columns::Record`]).
//!
//! At SF 1 that is 71,000 beneficiaries with their persons' dates and as many grants,
//! certificates and children. Through sqlx every SQLite row costs about 11 µs (its worker
//! thread hands each row over to the async side), so on SQLite the queries are stepped on the
//! connections' own handles ([`crate::direct`]). Row by row through sqlx they took 1.8-2.5 s;
//! packed into one text value per query (`string_agg`, the way before) 0.31-0.43 s; stepped,
//! with the persons' dates read from the index that carries them (migration 0015),
//! 0.22-0.26 s. PostgreSQL's rows cost sqlx little and come in binary. Free-text fields of
//! one beneficiary (address, decision numbers, suspension reasons) are read by
//! [`Store::beneficiary`] with ordinary queries.

use ansinh_core::assistance::{Child, DisabilityCertificate, Facts, Grant, Severity, Suspension};
use ansinh_core::payroll::Month;
use futures_util::TryStreamExt;
use uuid::Uuid;

use super::{Which, group_from, household_from};
use crate::columns::{PgColumns, Record};
use crate::db::{Backend, Db};
use crate::direct::Columns;
use crate::error::{Result, StoreError, joined};
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
}

/// One of the five facts queries: its columns in the order its parser reads them.
struct Query {
    table: &'static str,
    columns: &'static [&'static str],
    from: &'static str,
    /// SQLite's own `from`, where it must be told which index to use.
    sqlite_from: Option<&'static str>,
    /// The column holding the beneficiary's id: `b.id` where the query reads `beneficiaries b`
    /// itself; otherwise the table's own column, and the query joins `beneficiaries b` to
    /// select an area.
    key: &'static str,
}

const HEADS: Query = Query {
    table: "beneficiary",
    columns: &[
        "b.id",
        "b.area_id",
        "p.birth_date",
        "p.birth_precision",
        "p.death_date",
        "b.household_status",
        "b.studying",
        "b.hiv",
        "b.has_pension",
        "b.disadvantaged_area",
        "b.in_facility_since",
        "b.recalc_from",
    ],
    from: "FROM beneficiaries b JOIN persons p ON p.id = b.person_id",
    // The dates come from the index that carries them (migration 0015), not from the rows.
    sqlite_from: Some(
        "FROM beneficiaries b JOIN persons p INDEXED BY persons_dates ON p.id = b.person_id",
    ),
    key: "b.id",
};

const GRANTS: Query = Query {
    table: "grant",
    columns: &[
        "x.beneficiary_id",
        "x.id",
        "x.group_code",
        "x.dossier_on",
        "x.decided_on",
        "x.ended_on",
        "x.coefficient",
    ],
    from: "FROM assistance_grants x",
    sqlite_from: None,
    key: "x.beneficiary_id",
};

const CERTIFICATES: Query = Query {
    table: "certificate",
    columns: &["x.beneficiary_id", "x.issued_on", "x.severity"],
    from: "FROM disability_certificates x",
    sqlite_from: None,
    key: "x.beneficiary_id",
};

const CHILDREN: Query = Query {
    table: "child",
    columns: &[
        "x.beneficiary_id",
        "x.child_no",
        "x.birth_date",
        "x.birth_precision",
        "x.studying",
        "x.left_on",
    ],
    from: "FROM assistance_children x",
    sqlite_from: None,
    key: "x.beneficiary_id",
};

const SUSPENSIONS: Query = Query {
    table: "suspension",
    columns: &["x.beneficiary_id", "x.from_month", "x.to_month"],
    from: "FROM assistance_suspensions x",
    sqlite_from: None,
    key: "x.beneficiary_id",
};

impl Query {
    /// The query's head for `backend`.
    fn select(&self, backend: Backend) -> String {
        format!(
            "SELECT {} {}",
            self.columns.join(", "),
            match backend {
                Backend::Sqlite => self.sqlite_from.unwrap_or(self.from),
                Backend::Postgres => self.from,
            }
        )
    }

    /// The query for `which` and `range` on `backend`, its ids written as literals (an id
    /// printed from a `Uuid` holds only hex digits and hyphens): the same text serves
    /// PostgreSQL through sqlx and SQLite through rusqlite.
    fn sql(&self, backend: Backend, which: Which, range: IdRange) -> String {
        let id = |u: Uuid| tuning::uuid_literal(backend, u);
        let mut sql = self.select(backend);
        let key = self.key;
        // Only an area needs the join: each record names its beneficiary.
        if key != "b.id" && matches!(which, Which::Area(_)) {
            sql.push_str(&format!(" JOIN beneficiaries b ON b.id = {key}"));
        }
        sql.push_str(" WHERE 1 = 1");
        match which {
            Which::All => {}
            Which::Area(area) => sql.push_str(&format!(" AND b.area_id = {}", id(area))),
            Which::One(one) => sql.push_str(&format!(" AND {key} = {}", id(one))),
        }
        if let Some(from) = range.from {
            sql.push_str(&format!(" AND {key} >= {}", id(from)));
        }
        if let Some(to) = range.to {
            sql.push_str(&format!(" AND {key} < {}", id(to)));
        }
        sql
    }
}

impl Store {
    /// The facts of the selected beneficiaries in `range`, ordered by id, in five queries run
    /// concurrently: rows through sqlx on PostgreSQL, stepped on the connections' handles on
    /// SQLite (see the module documentation).
    pub(crate) async fn load_facts(
        &self,
        which: Which,
        range: IdRange,
    ) -> Result<Vec<BeneficiaryFacts>> {
        // The five reads at once, with either backend's `read!`. Each read sorts its own rows:
        // rows come in whatever order the database read them, the core takes grants by
        // decision date, children by number and suspensions by month, and a reproducible order
        // makes a re-run give the same lines.
        macro_rules! all_five {
            ($read:ident) => {
                tokio::try_join!(
                    $read!(HEADS, head, |b| b.id),
                    $read!(GRANTS, grant, |(b, (id, g))| (*b, g.decided_on, *id)),
                    $read!(CERTIFICATES, certificate, |(b, c)| (
                        *b,
                        c.issued_on,
                        c.severity.code()
                    )),
                    $read!(CHILDREN, child, |(b, (no, _))| (*b, *no)),
                    $read!(SUSPENSIONS, suspension, |(b, s)| (*b, s.from)),
                )?
            };
        }
        // Each table is parsed and sorted as it arrives, on its own thread: the beneficiaries'
        // join with their persons takes the longest, and the other four are read, parsed and
        // sorted beside it. On one task, PostgreSQL's five tables were parsed by one thread
        // while the other core waited.
        let (mut out, grants, certificates, children, suspensions) = match &self.db {
            Db::Postgres(pool) => {
                macro_rules! read {
                    ($query:ident, $parse:ident, $key:expr) => {{
                        let sql = $query.sql(Backend::Postgres, which, range);
                        let pool = pool.clone();
                        joined(tokio::spawn(async move {
                            let mut tx = pool.begin().await?;
                            tuning::prefer_index_lookups(&mut tx).await?;
                            let mut parsed = Vec::new();
                            {
                                let mut rows =
                                    sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(&mut *tx);
                                while let Some(row) = rows.try_next().await? {
                                    parsed.push($parse(&mut PgColumns::new(&row, $query.table))?);
                                }
                            }
                            tx.commit().await?;
                            parsed.sort_unstable_by_key($key);
                            Ok::<_, StoreError>(parsed)
                        }))
                    }};
                }
                all_five!(read)
            }
            Db::Sqlite(pool) => {
                macro_rules! read {
                    ($query:ident, $parse:ident, $key:expr) => {{
                        let sql = $query.sql(Backend::Sqlite, which, range);
                        crate::direct::read(pool, move |db| {
                            let mut statement = db.prepare(&sql)?;
                            let mut rows = statement.query([])?;
                            let mut parsed = Vec::new();
                            while let Some(row) = rows.next()? {
                                parsed.push($parse(&mut Columns::new(row, $query.table))?);
                            }
                            parsed.sort_unstable_by_key($key);
                            Ok(parsed)
                        })
                    }};
                }
                all_five!(read)
            }
        };
        attach(&mut out, grants, |b, (id, grant)| {
            b.facts.grants.push(grant);
            b.grant_ids.push(id);
        });
        attach(&mut out, certificates, |b, c| b.facts.disability.push(c));
        attach(&mut out, children, |b, (_, child)| {
            b.facts.children.push(child)
        });
        attach(&mut out, suspensions, |b, s| b.suspensions.push(s));
        Ok(out)
    }
}

/// Hands each beneficiary its records, walking both in beneficiary order (the reads sort them):
/// a merge, where a hash map of 71,000 ids and its lookups took 40 ms of an SF 1 month's load
/// (PostgreSQL, 11/2026). A record whose beneficiary was not read (added between the five
/// reads, which are separate transactions) is left out, as that beneficiary is.
fn attach<T>(
    heads: &mut [BeneficiaryFacts],
    records: Vec<(Uuid, T)>,
    mut put: impl FnMut(&mut BeneficiaryFacts, T),
) {
    let mut heads = heads.iter_mut().peekable();
    for (beneficiary, record) in records {
        while heads.next_if(|h| h.id < beneficiary).is_some() {}
        match heads.peek_mut() {
            Some(h) if h.id == beneficiary => put(h, record),
            Some(_) => {}
            None => return,
        }
    }
}

/// A beneficiary with its person's dates, without its other records.
fn head<'a>(f: &mut impl Record<'a>) -> Result<BeneficiaryFacts> {
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
    Ok(BeneficiaryFacts {
        id,
        area_id,
        recalc_from,
        facts,
        grant_ids: Vec::new(),
        suspensions: Vec::new(),
    })
}

/// A grant with its beneficiary and id. [`Store::load_facts`] sorts them in the order the
/// core and the decision list rely on: by beneficiary, then decision date, then id.
fn grant<'a>(f: &mut impl Record<'a>) -> Result<(Uuid, (Uuid, Grant))> {
    let beneficiary = f.uuid()?;
    let grant_id = f.uuid()?;
    let grant = Grant {
        group: group_from(f.text()?)?,
        dossier_on: f.date()?,
        decided_on: f.date()?,
        ended_on: f.optional_date()?,
        coefficient: f.optional_int()?,
    };
    Ok((beneficiary, (grant_id, grant)))
}

/// A certificate by beneficiary. They are "in any order" for the core; sorted (by issue date,
/// then severity) so a load is reproducible.
fn certificate<'a>(f: &mut impl Record<'a>) -> Result<(Uuid, DisabilityCertificate)> {
    let beneficiary = f.uuid()?;
    let issued_on = f.date()?;
    let code = f.text()?;
    let severity = Severity::from_code(code)
        .ok_or_else(|| StoreError::Corrupt(format!("severity '{code}'")))?;
    Ok((
        beneficiary,
        DisabilityCertificate {
            issued_on,
            severity,
        },
    ))
}

/// A child by beneficiary with its number (children are kept in that order).
fn child<'a>(f: &mut impl Record<'a>) -> Result<(Uuid, (i32, Child))> {
    let beneficiary = f.uuid()?;
    let child_no = f.optional_int()?.ok_or_else(|| f.corrupt("child number"))?;
    let birth_date = f.date()?;
    let child = Child {
        birth: rows::birth(birth_date, f.text()?)?,
        studying: f.flag()?,
        left_on: f.optional_date()?,
    };
    Ok((beneficiary, (child_no, child)))
}

/// A suspension by beneficiary, without its reason (free text).
fn suspension<'a>(f: &mut impl Record<'a>) -> Result<(Uuid, Suspension)> {
    let beneficiary = f.uuid()?;
    let from = Month::of(f.date()?);
    let to = f.optional_date()?.map(Month::of);
    Ok((
        beneficiary,
        Suspension {
            from,
            to,
            reason: String::new(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn head(id: u128) -> BeneficiaryFacts {
        let born = NaiveDate::from_ymd_opt(1940, 1, 1).unwrap();
        BeneficiaryFacts {
            id: Uuid::from_u128(id),
            area_id: Uuid::nil(),
            recalc_from: None,
            facts: Facts::new(rows::birth(born, "D").unwrap()),
            grant_ids: Vec::new(),
            suspensions: Vec::new(),
        }
    }

    /// Runs of records go to their beneficiaries in order; records of beneficiaries that were
    /// not read (before the first, between two, after the last) go nowhere.
    #[test]
    fn attach_hands_each_beneficiary_its_run_of_records() {
        let mut heads = vec![head(2), head(4), head(6)];
        let records: Vec<(Uuid, u128)> = [1, 2, 2, 3, 4, 5, 5, 6, 6, 6, 7]
            .iter()
            .enumerate()
            .map(|(n, &b)| (Uuid::from_u128(b), n as u128))
            .collect();
        attach(&mut heads, records, |b, n| {
            b.grant_ids.push(Uuid::from_u128(n))
        });
        let got: Vec<Vec<u128>> = heads
            .iter()
            .map(|h| h.grant_ids.iter().map(|u| u.as_u128()).collect())
            .collect();
        assert_eq!(got, vec![vec![1, 2], vec![4], vec![7, 8, 9]]);
    }
}
