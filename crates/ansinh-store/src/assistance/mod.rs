//! Social-assistance beneficiaries: their verified circumstances, the decisions granting the
//! allowance, suspensions, moves, deaths, and the province's own rule rows.
//!
//! Every rule lives in `ansinh_core::assistance`; this module only loads and stores. A change
//! is validated by the core's `check` on the whole of the person's facts as they would be after
//! the change, written with its audit entry in one transaction, and lowers the beneficiary's
//! `recalc_from` to the first month it affects, so the next payroll recomputes exactly the
//! months that may differ from what was paid (arrears, recoveries).

// What this capability's audit entries and refusals name.
/// A beneficiary of social assistance.
pub const BENEFICIARY: crate::audit::Entity = crate::audit::Entity::new("beneficiary");
/// Beneficiaries loaded in bulk.
pub const BENEFICIARIES: crate::audit::Entity = crate::audit::Entity::new("beneficiaries");
/// A decision granting the allowance.
pub const GRANT: crate::audit::Entity = crate::audit::Entity::new("assistance_grant");
/// A suspension of the allowance.
pub const SUSPENSION: crate::audit::Entity = crate::audit::Entity::new("assistance_suspension");
/// A rule row of the province's own.
pub const RULE: crate::audit::Entity = crate::audit::Entity::new("assistance_rule");
/// A certificate of disability.
pub const DISABILITY_CERTIFICATE: crate::audit::Entity =
    crate::audit::Entity::new("disability_certificate");
/// An allowance dossier and its steps.
pub const DOSSIER: crate::audit::Entity = crate::audit::Entity::new("assistance_dossier");
/// Dossiers loaded in bulk.
pub const DOSSIERS: crate::audit::Entity = crate::audit::Entity::new("assistance_dossiers");

use std::collections::HashMap;

use ansinh_core::assistance::{
    AssistanceError, BeneficiaryRecord, Child, DisabilityCertificate, Facts, Grant, Group,
    Household, RuleBook, RuleKind, RuleRow, Suspension, check, start_month,
};
use ansinh_core::payroll::Month;
use chrono::{NaiveDate, Utc};
use serde_json::json;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::audit::Action;
use crate::error::{Result, StoreError, is_unique_violation};
use crate::{Actor, Store};

mod facts;

pub(crate) use facts::IdRange;

/// Lowers a beneficiary's `recalc_from` to a month and stamps the change, inside the caller's
/// transaction. Arguments: executor, beneficiary id, `Month`.
macro_rules! mark_changed {
    ($exec:expr, $id:expr, $from:expr) => {
        sqlx::query(
            "UPDATE beneficiaries SET changed_seq = $3, version = version + 1,
                recalc_from = CASE WHEN recalc_from IS NULL OR recalc_from > $2 THEN $2 ELSE recalc_from END
             WHERE id = $1",
        )
        .bind($id)
        .bind(ansinh_core::payroll::Month::first_day($from))
        .bind($crate::assistance::change_stamp())
        .execute($exec)
        .await
    };
}

// After the macro, which they use.
pub mod dossiers;
pub mod events;
mod scoped;

/// Rows per multi-row INSERT: at most 14 columns × 2 000 stays under SQLite's 32 766 binds.
pub(crate) const CHUNK: usize = 2000;

pub(crate) fn household_code(h: Household) -> &'static str {
    match h {
        Household::Poor => "poor",
        Household::NearPoor => "near_poor",
        Household::Other => "other",
    }
}

pub(crate) fn household_from(code: &str) -> Result<Household> {
    match code {
        "poor" => Ok(Household::Poor),
        "near_poor" => Ok(Household::NearPoor),
        "other" => Ok(Household::Other),
        other => Err(StoreError::Corrupt(format!("household status '{other}'"))),
    }
}

pub(crate) fn group_from(code: &str) -> Result<Group> {
    Group::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("group '{code}'")))
}

/// A monotonic-enough change stamp (microseconds since the epoch): a payroll draft remembers
/// the stamp it was computed at, and approving or locking it is refused when a beneficiary in
/// its scope changed later.
pub(crate) fn change_stamp() -> i64 {
    Utc::now().timestamp_micros()
}

/// A beneficiary as stored, with the facts the allowance depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Beneficiary {
    pub id: Uuid,
    pub person_id: Uuid,
    pub area_id: Uuid,
    pub address: String,
    /// The earliest month to recompute at the next payroll, if any fact changed since the
    /// last locked one.
    pub recalc_from: Option<Month>,
    pub facts: Facts,
    /// Decision numbers aligned with `facts.grants`, and the grants' ids.
    pub decisions: Vec<(Uuid, String)>,
    pub suspensions: Vec<Suspension>,
    pub version: i32,
}

/// A decision to record for a beneficiary (quyết định hưởng trợ cấp hằng tháng).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub number: String,
    pub group: Group,
    pub dossier_on: NaiveDate,
    pub decided_on: NaiveDate,
    /// The coefficient written on the decision, in hundredths; checked against the rules.
    pub coefficient: Option<i32>,
}

/// A rule row as listed on the admin screen: the shipped national rows and the province's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedRule {
    pub row: RuleRow,
    /// Added by the province (stored), not shipped with the program.
    pub local: bool,
}

/// Which beneficiaries a facts load covers.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Which {
    All,
    Area(Uuid),
    One(Uuid),
}

impl Which {
    pub(crate) fn push<'q, DB: sqlx::Database>(self, qb: &mut QueryBuilder<DB>, column: &str)
    where
        Uuid: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    {
        match self {
            Which::All => {}
            Which::Area(a) => {
                qb.push(" AND b.area_id = ");
                qb.push_bind(a);
            }
            Which::One(id) => {
                qb.push(format!(" AND {column} = "));
                qb.push_bind(id);
            }
        }
    }
}

type RuleDbRow = (
    String,
    String,
    Option<String>,
    String,
    i64,
    NaiveDate,
    Option<NaiveDate>,
    bool,
    String,
);

impl Store {
    /// One beneficiary with its facts (read by the same loader as the payroll's) and its
    /// free-text fields.
    pub async fn beneficiary(&self, id: Uuid) -> Result<Beneficiary> {
        let loaded = self
            .load_facts(Which::One(id), IdRange::ALL)
            .await?
            .pop()
            .ok_or_else(|| StoreError::NotFound {
                entity: "đối tượng bảo trợ xã hội",
                key: id.to_string(),
            })?;
        let (head, numbers, suspensions) = db_run!(&self.db, pool => {
            let head: (Uuid, String, i32) = sqlx::query_as(
                "SELECT person_id, address, version FROM beneficiaries WHERE id = $1",
            )
            .bind(id)
            .fetch_one(pool)
            .await?;
            let numbers: Vec<(Uuid, String)> = sqlx::query_as(
                "SELECT id, decision_no FROM assistance_grants WHERE beneficiary_id = $1",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let suspensions: Vec<(NaiveDate, Option<NaiveDate>, String)> = sqlx::query_as(
                "SELECT from_month, to_month, reason FROM assistance_suspensions
                 WHERE beneficiary_id = $1 ORDER BY from_month",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            (head, numbers, suspensions)
        });
        let numbers: HashMap<Uuid, String> = numbers.into_iter().collect();
        let decisions = loaded
            .grant_ids
            .iter()
            .map(|g| (*g, numbers.get(g).cloned().unwrap_or_default()))
            .collect();
        Ok(Beneficiary {
            id: loaded.id,
            person_id: head.0,
            area_id: loaded.area_id,
            address: head.1,
            recalc_from: loaded.recalc_from,
            facts: loaded.facts,
            decisions,
            suspensions: suspensions
                .into_iter()
                .map(|(from, to, reason)| Suspension {
                    from: Month::of(from),
                    to: to.map(Month::of),
                    reason,
                })
                .collect(),
            version: head.2,
        })
    }

    /// The beneficiary record of a person, if any.
    pub async fn beneficiary_of_person(&self, person: Uuid) -> Result<Option<Uuid>> {
        db_run!(&self.db, pool => Ok(sqlx::query_scalar::<_, Uuid>(
            "SELECT id FROM beneficiaries WHERE person_id = $1",
        )
        .bind(person)
        .fetch_optional(pool)
        .await?))
    }

    /// The national rules and the province's own rows, validated together.
    pub async fn rule_book(&self) -> Result<RuleBook> {
        let local = self.local_rules().await?;
        RuleBook::shipped()
            .and_then(|b| b.with_rows(local))
            .map_err(|e| StoreError::Assistance(vec![AssistanceError::Rule(e)]))
    }

    async fn local_rules(&self) -> Result<Vec<RuleRow>> {
        let rows: Vec<RuleDbRow> = db_run!(&self.db, pool => sqlx::query_as(
                "SELECT kind, key, area, condition, value, valid_from, valid_to, confirmed, legal_basis
                 FROM assistance_rules ORDER BY valid_from, id",
            )
            .fetch_all(pool)
            .await?);
        rows.into_iter()
            .map(|r| {
                Ok(RuleRow {
                    kind: RuleKind::from_code(&r.0)
                        .ok_or_else(|| StoreError::Corrupt(format!("rule kind '{}'", r.0)))?,
                    key: r.1,
                    area: r.2,
                    condition: ansinh_core::assistance::condition::Condition::parse(&r.3)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    value: r.4,
                    valid_from: r.5,
                    valid_to: r.6,
                    confirmed: r.7,
                    legal_basis: r.8,
                })
            })
            .collect()
    }

    /// The rules in force on a day: the admin screen's list.
    pub async fn rules_in_force(&self, on: NaiveDate) -> Result<Vec<ListedRule>> {
        let local = self.local_rules().await?;
        let book = self.rule_book().await?;
        Ok(book
            .in_force_on(on)
            .into_iter()
            .map(|row| ListedRule {
                local: local.contains(row),
                row: row.clone(),
            })
            .collect())
    }

    /// Adds a province rule row (e.g. a higher local base level). The whole book is validated
    /// again, and every beneficiary is recomputed from the row's first month at the next
    /// payroll, so a level decided late is paid as arrears.
    pub async fn add_local_rule(&self, actor: &Actor, row: &RuleRow) -> Result<()> {
        let mut rows = self.local_rules().await?;
        rows.push(row.clone());
        RuleBook::shipped()
            .and_then(|b| b.with_rows(rows))
            .map_err(|e| StoreError::Assistance(vec![AssistanceError::Rule(e)]))?;
        let id = Uuid::now_v7();
        let from = Month::of(row.valid_from).first_day();
        let after = serde_json::json!({
            "kind": row.kind.code(), "key": row.key, "area": row.area,
            "condition": row.condition.to_string(), "value": row.value,
            "valid_from": row.valid_from.to_string(), "valid_to": row.valid_to.map(|d| d.to_string()),
            "confirmed": row.confirmed, "legal_basis": row.legal_basis,
        })
        .to_string();
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO assistance_rules (id, kind, key, area, condition, value, valid_from,
                    valid_to, confirmed, legal_basis, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(id)
            .bind(row.kind.code())
            .bind(&row.key)
            .bind(&row.area)
            .bind(row.condition.to_string())
            .bind(row.value)
            .bind(row.valid_from)
            .bind(row.valid_to)
            .bind(row.confirmed)
            .bind(&row.legal_basis)
            .bind(&actor.0)
            .bind(Utc::now())
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE beneficiaries SET changed_seq = $2,
                    recalc_from = CASE WHEN recalc_from IS NULL OR recalc_from > $1 THEN $1 ELSE recalc_from END",
            )
            .bind(from)
            .bind(change_stamp())
            .execute(&mut *tx)
            .await?;
            audit_append!(&mut *tx, actor, Action::Create, crate::assistance::RULE, Some(id),
                None::<String>, Some(after), None::<&str>)?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Loads many beneficiaries at once (the synthetic generator, a migration from the old
    /// spreadsheets): one transaction, multi-row INSERTs, one audit entry. The records are
    /// trusted to have been checked by their producer; `decide` checks one decision. Loaded
    /// records are taken as paid up to date by the system they come from (no `recalc_from`),
    /// so the first payroll pays the month and no arrears for the years before it.
    pub async fn bulk_load_beneficiaries(
        &self,
        actor: &Actor,
        records: &[BeneficiaryRecord],
        note: &str,
    ) -> Result<()> {
        let now = Utc::now();
        let grants: Vec<(Uuid, &BeneficiaryRecord, &Grant, &str)> = records
            .iter()
            .flat_map(|r| {
                r.facts
                    .grants
                    .iter()
                    .zip(&r.decision_numbers)
                    .map(move |(g, n)| (Uuid::now_v7(), r, g, n.as_str()))
            })
            .collect();
        let certs: Vec<(Uuid, &DisabilityCertificate)> = records
            .iter()
            .flat_map(|r| r.facts.disability.iter().map(move |c| (r.id, c)))
            .collect();
        let children: Vec<(Uuid, i32, &Child)> = records
            .iter()
            .flat_map(|r| {
                r.facts
                    .children
                    .iter()
                    .enumerate()
                    .map(move |(i, c)| (r.id, i as i32 + 1, c))
            })
            .collect();
        let suspensions: Vec<(Uuid, &Suspension)> = records
            .iter()
            .flat_map(|r| r.suspensions.iter().map(move |s| (r.id, s)))
            .collect();
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            for chunk in records.chunks(CHUNK) {
                let mut qb = QueryBuilder::new(
                    "INSERT INTO beneficiaries (id, person_id, area_id, household_status, studying, hiv,
                        has_pension, disadvantaged_area, in_facility_since, address, recalc_from,
                        changed_seq, version, created_at, updated_at) ",
                );
                qb.push_values(chunk, |mut b, r| {
                    b.push_bind(r.id)
                        .push_bind(r.person_id)
                        .push_bind(r.area_id)
                        .push_bind(household_code(r.facts.household))
                        .push_bind(r.facts.studying)
                        .push_bind(r.facts.hiv)
                        .push_bind(r.facts.has_pension)
                        .push_bind(r.facts.disadvantaged_area)
                        .push_bind(r.facts.in_facility_since)
                        .push_bind(r.address.clone())
                        .push_bind(None::<NaiveDate>)
                        .push_bind(0i64)
                        .push_bind(1i32)
                        .push_bind(now)
                        .push_bind(now);
                });
                qb.build().execute(&mut *tx).await.map_err(unique_beneficiary)?;
            }
            for chunk in grants.chunks(CHUNK) {
                let mut qb = QueryBuilder::new(
                    "INSERT INTO assistance_grants (id, beneficiary_id, group_code, decision_no, dossier_on,
                        decided_on, coefficient, start_month, ended_on, end_reason, created_by, created_at) ",
                );
                qb.push_values(chunk, |mut b, (id, r, g, n)| {
                    b.push_bind(*id)
                        .push_bind(r.id)
                        .push_bind(g.group.code())
                        .push_bind(n.to_string())
                        .push_bind(g.dossier_on)
                        .push_bind(g.decided_on)
                        .push_bind(g.coefficient)
                        .push_bind(start_month(g, &r.facts).first_day())
                        .push_bind(g.ended_on)
                        .push_bind(g.ended_on.map(|_| "thôi hưởng".to_string()))
                        .push_bind(actor.0.clone())
                        .push_bind(now);
                });
                qb.build().execute(&mut *tx).await?;
            }
            for chunk in certs.chunks(CHUNK) {
                let mut qb = QueryBuilder::new(
                    "INSERT INTO disability_certificates (beneficiary_id, issued_on, severity) ",
                );
                qb.push_values(chunk, |mut b, (id, c)| {
                    b.push_bind(*id).push_bind(c.issued_on).push_bind(c.severity.code());
                });
                qb.build().execute(&mut *tx).await?;
            }
            for chunk in children.chunks(CHUNK) {
                let mut qb = QueryBuilder::new(
                    "INSERT INTO assistance_children (beneficiary_id, child_no, birth_date, birth_precision,
                        studying, left_on) ",
                );
                qb.push_values(chunk, |mut b, (id, no, c)| {
                    b.push_bind(*id)
                        .push_bind(*no)
                        .push_bind(c.birth.date)
                        .push_bind(c.birth.precision.code())
                        .push_bind(c.studying)
                        .push_bind(c.left_on);
                });
                qb.build().execute(&mut *tx).await?;
            }
            for chunk in suspensions.chunks(CHUNK) {
                let mut qb = QueryBuilder::new(
                    "INSERT INTO assistance_suspensions (beneficiary_id, from_month, to_month, reason) ",
                );
                qb.push_values(chunk, |mut b, (id, s)| {
                    b.push_bind(*id)
                        .push_bind(s.from.first_day())
                        .push_bind(s.to.map(Month::first_day))
                        .push_bind(s.reason.clone());
                });
                qb.build().execute(&mut *tx).await?;
            }
            let summary = format!("{note}: {} đối tượng, {} quyết định", records.len(), grants.len());
            audit_append!(&mut *tx, actor, Action::BulkLoad, crate::assistance::BENEFICIARIES, None::<Uuid>,
                None::<String>, None::<String>, Some(summary.as_str()))?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Registers a person as a beneficiary with the circumstances the commune verified (no
    /// decision yet). The person's birth and death come from the registry.
    pub async fn create_beneficiary(
        &self,
        actor: &Actor,
        person: Uuid,
        area: Uuid,
        address: &str,
        circumstances: &Facts,
    ) -> Result<Uuid> {
        let p = self.person(person).await?;
        let mut facts = circumstances.clone();
        facts.birth = p.birth;
        facts.died_on = p.death_date;
        facts.grants.clear();
        let record = BeneficiaryRecord {
            id: Uuid::now_v7(),
            person_id: person,
            area_id: area,
            address: address.to_string(),
            facts,
            decision_numbers: Vec::new(),
            suspensions: Vec::new(),
        };
        self.bulk_load_beneficiaries(actor, std::slice::from_ref(&record), "tạo đối tượng")
            .await?;
        Ok(record.id)
    }

    /// Records a decision granting the allowance. The person's facts with the new grant are
    /// checked as a whole (decision not before the dossier, eligibility in the start month,
    /// the coefficient the rules give); on any error nothing is written.
    pub async fn decide(&self, actor: &Actor, beneficiary: Uuid, d: &Decision) -> Result<Uuid> {
        self.decide_for(actor, beneficiary, d, None).await
    }

    /// [`Store::decide`], also closing the open dossier the decision answers in the same
    /// transaction, so a dossier is granted exactly when its grant exists.
    pub(crate) async fn decide_for(
        &self,
        actor: &Actor,
        beneficiary: Uuid,
        d: &Decision,
        dossier: Option<Uuid>,
    ) -> Result<Uuid> {
        let b = self.beneficiary(beneficiary).await?;
        let rules = self.rule_book().await?;
        let grant = Grant {
            group: d.group,
            dossier_on: d.dossier_on,
            decided_on: d.decided_on,
            ended_on: None,
            coefficient: d.coefficient,
        };
        let mut facts = b.facts.clone();
        facts.grants.push(grant);
        check(&facts, &rules, Some(crate::payroll::PROVINCE)).map_err(StoreError::Assistance)?;
        let start = start_month(&grant, &facts);
        let id = Uuid::now_v7();
        let after = serde_json::json!({
            "decision_no": d.number, "group": d.group.code(), "dossier_on": d.dossier_on.to_string(),
            "decided_on": d.decided_on.to_string(), "coefficient": d.coefficient, "start_month": start.to_string(),
        })
        .to_string();
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO assistance_grants (id, beneficiary_id, group_code, decision_no, dossier_on,
                    decided_on, coefficient, start_month, ended_on, end_reason, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL, $9, $10)",
            )
            .bind(id)
            .bind(beneficiary)
            .bind(d.group.code())
            .bind(&d.number)
            .bind(d.dossier_on)
            .bind(d.decided_on)
            .bind(d.coefficient)
            .bind(start.first_day())
            .bind(&actor.0)
            .bind(Utc::now())
            .execute(&mut *tx)
            .await
            .map_err(|e| if is_unique_violation(&e) {
                StoreError::from(AssistanceError::DecisionNumberTaken(d.number.clone()))
            } else {
                e.into()
            })?;
            mark_changed!(&mut *tx, beneficiary, start)?;
            audit_append!(&mut *tx, actor, Action::Create, crate::assistance::GRANT, Some(beneficiary),
                None::<String>, Some(after), None::<&str>)?;
            if let Some(dossier) = dossier {
                let closed = sqlx::query(
                    "UPDATE assistance_dossiers SET status = 'granted', grant_id = $1
                     WHERE id = $2 AND status = 'open'",
                )
                .bind(id)
                .bind(dossier)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if closed != 1 {
                    return Err(AssistanceError::DossierAlreadyDecided.into());
                }
                audit_append!(&mut *tx, actor, Action::Update, crate::assistance::DOSSIER, Some(dossier),
                    None::<String>, Some(json!({"status": "granted", "decision_no": d.number}).to_string()), None::<&str>)?;
            }
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Ends a grant (thôi hưởng: loss of eligibility) on a day; payment stops from the next
    /// month, and months already paid after it are recovered by the next payroll.
    pub async fn end_grant(
        &self,
        actor: &Actor,
        beneficiary: Uuid,
        grant: Uuid,
        ended_on: NaiveDate,
        reason: &str,
    ) -> Result<()> {
        let b = self.beneficiary(beneficiary).await?;
        let rules = self.rule_book().await?;
        let i = b
            .decisions
            .iter()
            .position(|(id, _)| *id == grant)
            .ok_or_else(|| StoreError::NotFound {
                entity: "quyết định",
                key: grant.to_string(),
            })?;
        let mut facts = b.facts.clone();
        facts.grants[i].ended_on = Some(ended_on);
        check_ignoring_history(&facts, &rules)?;
        let after =
            serde_json::json!({"grant": grant, "ended_on": ended_on.to_string(), "reason": reason})
                .to_string();
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE assistance_grants SET ended_on = $1, end_reason = $2 WHERE id = $3")
                .bind(ended_on)
                .bind(reason)
                .bind(grant)
                .execute(&mut *tx)
                .await?;
            mark_changed!(&mut *tx, beneficiary, Month::of(ended_on).succ())?;
            audit_append!(&mut *tx, actor, Action::Update, crate::assistance::GRANT, Some(beneficiary),
                None::<String>, Some(after), Some(reason))?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Records a death reported by the family or the commune (possibly months late): the
    /// person's registry record and every payroll from the month after it. One of
    /// [`Store::report_deaths`].
    pub async fn report_death(
        &self,
        actor: &Actor,
        beneficiary: Uuid,
        died_on: NaiveDate,
    ) -> Result<()> {
        self.report_deaths(actor, &[(beneficiary, died_on)]).await
    }

    /// Suspends payment from a month (tạm dừng); no line is written while it lasts.
    pub async fn suspend(
        &self,
        actor: &Actor,
        beneficiary: Uuid,
        from: Month,
        reason: &str,
    ) -> Result<()> {
        let b = self.beneficiary(beneficiary).await?;
        if b.suspensions.iter().any(|s| s.to.is_none()) {
            return Err(AssistanceError::AlreadySuspended.into());
        }
        let after = serde_json::json!({"from": from.to_string(), "reason": reason}).to_string();
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO assistance_suspensions (beneficiary_id, from_month, to_month, reason)
                 VALUES ($1, $2, NULL, $3)",
            )
            .bind(beneficiary)
            .bind(from.first_day())
            .bind(reason)
            .execute(&mut *tx)
            .await?;
            mark_changed!(&mut *tx, beneficiary, from)?;
            audit_append!(&mut *tx, actor, Action::Update, crate::assistance::SUSPENSION, Some(beneficiary),
                None::<String>, Some(after), Some(reason))?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Ends the open suspension with its last month; the next payroll pays the months held
    /// back as arrears (unless the grant was ended meanwhile).
    pub async fn resume(&self, actor: &Actor, beneficiary: Uuid, last: Month) -> Result<()> {
        let b = self.beneficiary(beneficiary).await?;
        let open = b
            .suspensions
            .iter()
            .find(|s| s.to.is_none())
            .ok_or(AssistanceError::NotSuspended)?;
        if last < open.from {
            return Err(AssistanceError::ResumeBeforeSuspension {
                last,
                from: open.from,
            }
            .into());
        }
        let after =
            serde_json::json!({"from": open.from.to_string(), "to": last.to_string()}).to_string();
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE assistance_suspensions SET to_month = $1 WHERE beneficiary_id = $2 AND from_month = $3",
            )
            .bind(last.first_day())
            .bind(beneficiary)
            .bind(open.from.first_day())
            .execute(&mut *tx)
            .await?;
            mark_changed!(&mut *tx, beneficiary, open.from)?;
            audit_append!(&mut *tx, actor, Action::Update, crate::assistance::SUSPENSION, Some(beneficiary),
                None::<String>, Some(after), Some("tiếp tục chi trả"))?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Moves a beneficiary to another commune (chuyển nơi cư trú). The amounts do not change, so
    /// nothing is recalculated: the next run of the new commune pays the next month not yet
    /// paid, and a month the old commune already paid is never paid again (see
    /// `payroll::run_payroll`). One of [`Store::move_beneficiaries`].
    pub async fn move_beneficiary(
        &self,
        actor: &Actor,
        beneficiary: Uuid,
        to_area: Uuid,
        address: &str,
        on: NaiveDate,
    ) -> Result<()> {
        self.move_beneficiaries(actor, &[(beneficiary, to_area, address.to_string())], on)
            .await
    }

    /// Adds a disability certificate (a reassessment changes the coefficient from its month).
    pub async fn add_certificate(
        &self,
        actor: &Actor,
        beneficiary: Uuid,
        cert: DisabilityCertificate,
    ) -> Result<()> {
        let after = serde_json::json!({"issued_on": cert.issued_on.to_string(), "severity": cert.severity.code()}).to_string();
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO disability_certificates (beneficiary_id, issued_on, severity) VALUES ($1, $2, $3)",
            )
            .bind(beneficiary)
            .bind(cert.issued_on)
            .bind(cert.severity.code())
            .execute(&mut *tx)
            .await?;
            mark_changed!(&mut *tx, beneficiary, Month::of(cert.issued_on))?;
            audit_append!(&mut *tx, actor, Action::Create, crate::assistance::DISABILITY_CERTIFICATE, Some(beneficiary),
                None::<String>, Some(after), None::<&str>)?;
            tx.commit().await?;
            Ok(())
        })
    }
}

/// Checks a change to facts that already carry decisions: only errors the change itself can
/// cause are refused (an end before its decision, overlapping grants), not a coefficient that
/// the age has since moved past.
fn check_ignoring_history(facts: &Facts, rules: &RuleBook) -> Result<()> {
    match check(facts, rules, Some(crate::payroll::PROVINCE)) {
        Ok(()) => Ok(()),
        Err(errors) => {
            let blocking: Vec<AssistanceError> = errors
                .into_iter()
                .filter(|e| {
                    matches!(
                        e,
                        AssistanceError::EndedBeforeDecision { .. }
                            | AssistanceError::DuplicateGrant(_)
                    )
                })
                .collect();
            if blocking.is_empty() {
                Ok(())
            } else {
                Err(StoreError::Assistance(blocking))
            }
        }
    }
}

fn unique_beneficiary(e: sqlx::Error) -> StoreError {
    if is_unique_violation(&e) {
        AssistanceError::AlreadyBeneficiary.into()
    } else {
        e.into()
    }
}
