//! Application dossiers for the monthly allowance (hồ sơ đề nghị trợ cấp xã hội hằng tháng,
//! Nghị định 20/2021 Điều 7–8): intake at the commune, the steps of the procedure with their
//! dates, then a decision (which creates the grant in the same transaction) or a rejection
//! with its reason. Deadlines and overdue flags are computed by the core from the procedure
//! and the working-day calendar; the store keeps only what happened and when.

use std::collections::BTreeMap;

use ansinh_core::assistance::dossier::Procedure;
use ansinh_core::assistance::{AssistanceError, Facts, Group};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::assistance::Decision;
use crate::audit::Action;
use crate::error::{Result, StoreError};
use crate::{Actor, Store};

/// What a commune officer records when a dossier is handed in.
#[derive(Debug, Clone)]
pub struct NewDossier {
    pub person_id: Uuid,
    /// The application form (Mẫu số 1a … 1đ, 2a, 2b, 03).
    pub form: String,
    pub group: Group,
    /// The documents received, as listed by the officer.
    pub documents: String,
    pub received_on: NaiveDate,
    /// The circumstances the commune verified (household poverty status, disability, …).
    pub circumstances: Facts,
    pub address: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DossierStatus {
    Open,
    Granted,
    Rejected,
}

impl DossierStatus {
    pub fn code(self) -> &'static str {
        match self {
            DossierStatus::Open => "open",
            DossierStatus::Granted => "granted",
            DossierStatus::Rejected => "rejected",
        }
    }

    fn from_code(s: &str) -> Result<Self> {
        match s {
            "open" => Ok(DossierStatus::Open),
            "granted" => Ok(DossierStatus::Granted),
            "rejected" => Ok(DossierStatus::Rejected),
            other => Err(StoreError::Corrupt(format!("dossier status '{other}'"))),
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            DossierStatus::Open => "đang giải quyết",
            DossierStatus::Granted => "đã có quyết định hưởng",
            DossierStatus::Rejected => "không đủ điều kiện",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dossier {
    pub id: Uuid,
    pub person_id: Uuid,
    pub person_name: String,
    pub beneficiary_id: Option<Uuid>,
    pub area_id: Uuid,
    pub form: String,
    pub group: Group,
    pub documents: String,
    pub received_on: NaiveDate,
    pub procedure: String,
    pub complaint: bool,
    pub status: DossierStatus,
    pub rejected_on: Option<NaiveDate>,
    pub reject_reason: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    /// Step code → the day it was done.
    pub done: BTreeMap<String, NaiveDate>,
}

type DossierRow = (
    Uuid,
    Uuid,
    String,
    Option<Uuid>,
    Uuid,
    String,
    String,
    String,
    NaiveDate,
    String,
    bool,
    String,
    Option<NaiveDate>,
    Option<String>,
    String,
    DateTime<Utc>,
);

const DOSSIER_SELECT: &str = "SELECT d.id, d.person_id, p.full_name, b.id, d.area_id, d.form,
        d.group_claimed, d.documents, d.received_on, d.procedure, d.complaint, d.status,
        d.rejected_on, d.reject_reason, d.created_by, d.created_at
     FROM assistance_dossiers d JOIN persons p ON p.id = d.person_id
     LEFT JOIN beneficiaries b ON b.person_id = d.person_id";

fn dossier_of(r: DossierRow) -> Result<Dossier> {
    Ok(Dossier {
        id: r.0,
        person_id: r.1,
        person_name: r.2,
        beneficiary_id: r.3,
        area_id: r.4,
        form: r.5,
        group: Group::from_code(&r.6)
            .ok_or_else(|| StoreError::Corrupt(format!("dossier group '{}'", r.6)))?,
        documents: r.7,
        received_on: r.8,
        procedure: r.9,
        complaint: r.10,
        status: DossierStatus::from_code(&r.11)?,
        rejected_on: r.12,
        reject_reason: r.13,
        created_by: r.14,
        created_at: r.15,
        done: BTreeMap::new(),
    })
}

impl Store {
    /// Records a dossier handed in at the commune of the person. The person becomes a
    /// beneficiary record (an applicant, with the verified circumstances) if they are not one
    /// yet; a later decision grants the allowance on that record.
    pub async fn create_dossier(&self, actor: &Actor, n: &NewDossier) -> Result<Dossier> {
        if n.form.trim().is_empty() {
            return Err(AssistanceError::FormMissing.into());
        }
        if n.received_on > crate::today_vn() {
            return Err(AssistanceError::ReceivedInFuture.into());
        }
        let person = self.person(n.person_id).await?;
        let area = person.area.id;
        // The applicant record first: it carries no grant, so it pays nothing, and a retry
        // finds and reuses it.
        if self.beneficiary_of_person(n.person_id).await?.is_none() {
            self.create_beneficiary(actor, n.person_id, area, &n.address, &n.circumstances)
                .await?;
        }
        let id = Uuid::now_v7();
        let procedure = Procedure::default_on(n.received_on).code;
        let after = json!({
            "form": n.form.trim(), "group": n.group.code(), "documents": n.documents.trim(),
            "received_on": n.received_on.to_string(), "procedure": procedure,
        })
        .to_string();
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO assistance_dossiers (id, person_id, area_id, form, group_claimed,
                    documents, received_on, procedure, complaint, status, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, FALSE, 'open', $9, $10)",
            )
            .bind(id)
            .bind(n.person_id)
            .bind(area)
            .bind(n.form.trim())
            .bind(n.group.code())
            .bind(n.documents.trim())
            .bind(n.received_on)
            .bind(&procedure)
            .bind(&actor.0)
            .bind(Utc::now())
            .execute(&mut *tx)
            .await?;
            audit_append!(&mut *tx, actor, Action::Create, crate::assistance::DOSSIER, Some(id),
                None::<String>, Some(after), None::<&str>)?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        self.dossier(id).await
    }

    pub async fn dossier(&self, id: Uuid) -> Result<Dossier> {
        let sql = format!("{DOSSIER_SELECT} WHERE d.id = $1");
        let row: Option<DossierRow> = db_run!(&self.db, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id).fetch_optional(pool).await?);
        let mut d = dossier_of(row.ok_or_else(|| StoreError::NotFound {
            entity: "hồ sơ",
            key: id.to_string(),
        })?)?;
        let steps: Vec<(String, NaiveDate)> = db_run!(&self.db, pool => sqlx::query_as(
                "SELECT step_code, done_on FROM assistance_dossier_steps WHERE dossier_id = $1",
            )
            .bind(id)
            .fetch_all(pool)
            .await?);
        d.done = steps.into_iter().collect();
        Ok(d)
    }

    /// The dossiers of some communes (`None`: all), newest first (at most 500), with their
    /// steps: two queries whatever the number.
    pub async fn dossiers(&self, within: Option<&[Uuid]>, open_only: bool) -> Result<Vec<Dossier>> {
        if within.is_some_and(|w| w.is_empty()) {
            return Ok(Vec::new());
        }
        let rows: Vec<DossierRow> = db_run!(&self.db, pool => {
            let mut qb = QueryBuilder::new(DOSSIER_SELECT);
            qb.push(" WHERE 1 = 1");
            if open_only {
                qb.push(" AND d.status = 'open'");
            }
            if let Some(w) = within {
                qb.push(" AND d.area_id IN (");
                let mut sep = qb.separated(", ");
                for a in w {
                    sep.push_bind(*a);
                }
                qb.push(")");
            }
            qb.push(" ORDER BY d.received_on DESC, d.id DESC LIMIT 500");
            qb.build_query_as().fetch_all(pool).await?
        });
        let mut dossiers = rows
            .into_iter()
            .map(dossier_of)
            .collect::<Result<Vec<_>>>()?;
        if dossiers.is_empty() {
            return Ok(dossiers);
        }
        let steps: Vec<(Uuid, String, NaiveDate)> = db_run!(&self.db, pool => {
            let mut qb = QueryBuilder::new(
                "SELECT dossier_id, step_code, done_on FROM assistance_dossier_steps WHERE dossier_id IN (",
            );
            let mut sep = qb.separated(", ");
            for d in &dossiers {
                sep.push_bind(d.id);
            }
            qb.push(")");
            qb.build_query_as().fetch_all(pool).await?
        });
        let mut by_id: std::collections::HashMap<Uuid, BTreeMap<String, NaiveDate>> =
            std::collections::HashMap::new();
        for (id, code, on) in steps {
            by_id.entry(id).or_default().insert(code, on);
        }
        for d in &mut dossiers {
            d.done = by_id.remove(&d.id).unwrap_or_default();
        }
        Ok(dossiers)
    }

    /// Records the day a step of the procedure was done. The core checks the step belongs to
    /// the dossier's procedure, follows the previous ones and is not before them.
    pub async fn record_dossier_step(
        &self,
        actor: &Actor,
        id: Uuid,
        step: &str,
        done_on: NaiveDate,
    ) -> Result<Dossier> {
        let d = self.dossier(id).await?;
        if d.status != DossierStatus::Open {
            return Err(
                AssistanceError::DossierClosedToSteps(d.status.label_vi().to_string()).into(),
            );
        }
        if done_on > crate::today_vn() {
            return Err(AssistanceError::StepInFuture.into());
        }
        let procedure = Procedure::by_code(&d.procedure)
            .ok_or_else(|| StoreError::Corrupt(format!("procedure '{}'", d.procedure)))?;
        let mut done = d.done.clone();
        done.insert(step.to_string(), done_on);
        let calendar = ansinh_core::calendar::WorkCalendar::shipped()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        procedure
            .track(d.received_on, &done, d.complaint, &calendar)
            .map_err(AssistanceError::Dossier)?;
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO assistance_dossier_steps (dossier_id, step_code, done_on, done_by)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT (dossier_id, step_code) DO UPDATE SET done_on = $3, done_by = $4",
            )
            .bind(id)
            .bind(step)
            .bind(done_on)
            .bind(&actor.0)
            .execute(&mut *tx)
            .await?;
            audit_append!(&mut *tx, actor, Action::Update, crate::assistance::DOSSIER, Some(id),
                None::<String>, Some(json!({"step": step, "done_on": done_on.to_string()}).to_string()), None::<&str>)?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        self.dossier(id).await
    }

    /// Grants the allowance the dossier asked for: the decision is checked by the rules as a
    /// whole (eligibility, coefficient, decision not before the dossier) and written with the
    /// dossier's closing in one transaction.
    pub async fn grant_dossier(
        &self,
        actor: &Actor,
        id: Uuid,
        number: &str,
        decided_on: NaiveDate,
        coefficient: Option<i32>,
    ) -> Result<Uuid> {
        let d = self.dossier(id).await?;
        if d.status != DossierStatus::Open {
            return Err(AssistanceError::DossierNotOpen(d.status.label_vi().to_string()).into());
        }
        if number.trim().is_empty() {
            return Err(AssistanceError::DecisionNumberMissing.into());
        }
        let beneficiary = d
            .beneficiary_id
            .ok_or_else(|| StoreError::Corrupt("dossier without an applicant record".into()))?;
        let decision = Decision {
            number: number.trim().to_string(),
            group: d.group,
            dossier_on: d.received_on,
            decided_on,
            coefficient,
        };
        self.decide_for(actor, beneficiary, &decision, Some(id))
            .await
    }

    /// Rejects a dossier with its reason (the applicant is told in writing).
    pub async fn reject_dossier(
        &self,
        actor: &Actor,
        id: Uuid,
        on: NaiveDate,
        reason: &str,
    ) -> Result<()> {
        let d = self.dossier(id).await?;
        if reason.trim().is_empty() {
            return Err(AssistanceError::RejectReasonMissing.into());
        }
        if on < d.received_on {
            return Err(AssistanceError::AnswerBeforeReceipt.into());
        }
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            let n = sqlx::query(
                "UPDATE assistance_dossiers SET status = 'rejected', rejected_on = $1, reject_reason = $2
                 WHERE id = $3 AND status = 'open'",
            )
            .bind(on)
            .bind(reason.trim())
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n != 1 {
                return Err(AssistanceError::DossierNotOpen(d.status.label_vi().to_string()).into());
            }
            audit_append!(&mut *tx, actor, Action::Update, crate::assistance::DOSSIER, Some(id),
                None::<String>, Some(json!({"status": "rejected", "reason": reason.trim()}).to_string()), None::<&str>)?;
            tx.commit().await?;
            Ok(())
        })
    }
}
