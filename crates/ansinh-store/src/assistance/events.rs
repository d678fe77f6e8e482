//! Many social-assistance events at once: a month's list of deaths reported by the communes,
//! a batch of moves, dossiers taken in together with the steps already done. The synthetic
//! history uses them, and so can a migration from the old spreadsheets; `report_death` and
//! `move_beneficiary` are a batch of one. Each batch is one transaction with the same checks
//! and effects as the one-at-a-time methods of `dossiers`: a death or a move gets its own
//! audit entry (they show in the person's and the beneficiary's history), the dossiers one
//! summary entry, as bulk loads do.

use ansinh_core::registry::RegistryError;
use std::collections::HashMap;

use ansinh_core::AreaLevel;
use ansinh_core::assistance::dossier::Procedure;
use ansinh_core::assistance::{AssistanceError, BeneficiaryRecord, Facts};
use ansinh_core::calendar::WorkCalendar;
use ansinh_core::payroll::Month;
use chrono::{NaiveDate, Utc};
use serde_json::json;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::assistance::CHUNK;
use crate::assistance::dossiers::NewDossier;
use crate::audit::Action;
use crate::error::{Result, StoreError};
use crate::{Actor, Store, rows};

/// A dossier with the steps of its procedure already done, in order.
#[derive(Debug, Clone)]
pub struct DossierInProgress {
    pub dossier: NewDossier,
    /// (step code, day done).
    pub steps: Vec<(String, NaiveDate)>,
}

/// A person's registry facts the allowance starts from.
struct PersonFacts {
    area_id: Uuid,
    birth: ansinh_core::PartialDate,
    death_date: Option<NaiveDate>,
    beneficiary: Option<Uuid>,
}

impl Store {
    /// Records deaths reported together (a commune's list, or one: [`Store::report_death`]):
    /// each person's death date, and every payroll from the month after it recomputed
    /// (recovering what a locked month paid). `deaths`: (beneficiary, day of death). Nothing
    /// is written if a beneficiary is unknown.
    pub async fn report_deaths(&self, actor: &Actor, deaths: &[(Uuid, NaiveDate)]) -> Result<()> {
        let ids: Vec<Uuid> = deaths.iter().map(|d| d.0).collect();
        let persons = self.persons_of_beneficiaries(&ids).await?;
        let now = Utc::now();
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            for (beneficiary, died_on) in deaths {
                let person = persons[beneficiary];
                sqlx::query(
                    "UPDATE persons SET death_date = $1, version = version + 1, updated_at = $2 WHERE id = $3",
                )
                .bind(died_on)
                .bind(now)
                .bind(person)
                .execute(&mut *tx)
                .await?;
                mark_changed!(&mut *tx, *beneficiary, Month::of(*died_on).succ())?;
                let after = json!({"death_date": died_on.to_string()}).to_string();
                audit_append!(&mut *tx, actor, Action::Update, crate::registry::PERSON, Some(person),
                    None::<String>, Some(after), Some("báo tử"))?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Moves beneficiaries to other communes on a day (chuyển nơi cư trú; the effects are
    /// described at [`Store::move_beneficiary`]). `moves`: (beneficiary, commune in force on
    /// `on`, new address). Nothing is written if one of them is refused.
    pub async fn move_beneficiaries(
        &self,
        actor: &Actor,
        moves: &[(Uuid, Uuid, String)],
        on: NaiveDate,
    ) -> Result<()> {
        for (_, to, _) in moves {
            let area = self.area(*to).await?;
            if area.level != AreaLevel::Commune || !area.in_force_on(on) {
                return Err(RegistryError::UnknownArea {
                    code: area.code,
                    on: ansinh_core::date::format_vn(on),
                }
                .into());
            }
        }
        let ids: Vec<Uuid> = moves.iter().map(|m| m.0).collect();
        let before = self.beneficiary_places(&ids).await?;
        let now = Utc::now();
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            for (beneficiary, to, address) in moves {
                let (area, old_address) = &before[beneficiary];
                sqlx::query(
                    "UPDATE beneficiaries SET area_id = $1, address = $2, version = version + 1,
                        updated_at = $3, changed_seq = $4 WHERE id = $5",
                )
                .bind(to)
                .bind(address)
                .bind(now)
                .bind(crate::assistance::change_stamp())
                .bind(beneficiary)
                .execute(&mut *tx)
                .await?;
                let was = json!({"area_id": area, "address": old_address}).to_string();
                let is = json!({"area_id": to, "address": address, "on": on.to_string()}).to_string();
                audit_append!(&mut *tx, actor, Action::MoveIn, crate::assistance::BENEFICIARY, Some(*beneficiary),
                    Some(was), Some(is), None::<&str>)?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Takes in dossiers with the steps already done, as [`Store::create_dossier`] and
    /// [`Store::record_dossier_step`] do one at a time: each must name a form and a person, be
    /// received by today, and have its steps in the order and on days its procedure allows.
    /// Applicants who are not beneficiaries get their applicant record (no grant). One audit
    /// entry sums it up. Returns the number of dossiers.
    pub async fn load_dossiers(
        &self,
        actor: &Actor,
        dossiers: &[DossierInProgress],
        note: &str,
    ) -> Result<usize> {
        let today = crate::today_vn();
        let calendar = WorkCalendar::shipped().map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut procedures = Vec::with_capacity(dossiers.len());
        for d in dossiers {
            let n = &d.dossier;
            if n.form.trim().is_empty() {
                return Err(AssistanceError::FormMissing.into());
            }
            if n.received_on > today || d.steps.iter().any(|(_, on)| *on > today) {
                return Err(AssistanceError::DatesInFuture.into());
            }
            let procedure = Procedure::default_on(n.received_on);
            procedure
                .track(
                    n.received_on,
                    &d.steps.iter().cloned().collect(),
                    false,
                    &calendar,
                )
                .map_err(AssistanceError::Dossier)?;
            procedures.push(procedure.code);
        }
        let ids: Vec<Uuid> = dossiers.iter().map(|d| d.dossier.person_id).collect();
        let persons = self.person_facts(&ids).await?;
        // The applicant records first, as `create_dossier` makes them: no grant, so they pay
        // nothing until a decision.
        let mut applicants: Vec<BeneficiaryRecord> = Vec::new();
        for d in dossiers {
            let p = &persons[&d.dossier.person_id];
            if p.beneficiary.is_some()
                || applicants
                    .iter()
                    .any(|a| a.person_id == d.dossier.person_id)
            {
                continue;
            }
            let mut facts: Facts = d.dossier.circumstances.clone();
            facts.birth = p.birth;
            facts.died_on = p.death_date;
            facts.grants.clear();
            applicants.push(BeneficiaryRecord {
                id: Uuid::now_v7(),
                person_id: d.dossier.person_id,
                area_id: p.area_id,
                address: d.dossier.address.clone(),
                facts,
                decision_numbers: Vec::new(),
                suspensions: Vec::new(),
            });
        }
        self.bulk_load_beneficiaries(actor, &applicants, note)
            .await?;
        let now = Utc::now();
        let records: Vec<(Uuid, &DossierInProgress, &String)> = dossiers
            .iter()
            .zip(&procedures)
            .map(|(d, p)| (Uuid::now_v7(), d, p))
            .collect();
        let steps: Vec<(Uuid, &String, NaiveDate)> = records
            .iter()
            .flat_map(|(id, d, _)| d.steps.iter().map(move |(code, on)| (*id, code, *on)))
            .collect();
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            // Twelve columns: a thousand rows stay under SQLite's 32 766 bound values.
            for chunk in records.chunks(CHUNK / 2) {
                let mut qb = QueryBuilder::new(
                    "INSERT INTO assistance_dossiers (id, person_id, area_id, form, group_claimed,
                        documents, received_on, procedure, complaint, status, created_by, created_at) ",
                );
                qb.push_values(chunk, |mut b, (id, d, procedure)| {
                    let n = &d.dossier;
                    b.push_bind(*id)
                        .push_bind(n.person_id)
                        .push_bind(persons[&n.person_id].area_id)
                        .push_bind(n.form.trim().to_string())
                        .push_bind(n.group.code())
                        .push_bind(n.documents.trim().to_string())
                        .push_bind(n.received_on)
                        .push_bind((*procedure).clone())
                        .push_bind(false)
                        .push_bind("open")
                        .push_bind(actor.0.clone())
                        .push_bind(now);
                });
                qb.build().execute(&mut *tx).await?;
            }
            for chunk in steps.chunks(CHUNK) {
                let mut qb = QueryBuilder::new(
                    "INSERT INTO assistance_dossier_steps (dossier_id, step_code, done_on, done_by) ",
                );
                qb.push_values(chunk, |mut b, (id, code, on)| {
                    b.push_bind(*id)
                        .push_bind((*code).clone())
                        .push_bind(*on)
                        .push_bind(actor.0.clone());
                });
                qb.build().execute(&mut *tx).await?;
            }
            let summary = format!("{note}: {} hồ sơ, {} bước đã làm", records.len(), steps.len());
            audit_append!(&mut *tx, actor, Action::BulkLoad, crate::assistance::DOSSIERS, None::<Uuid>,
                None::<String>, None::<String>, Some(summary.as_str()))?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        Ok(records.len())
    }

    /// The person of each beneficiary; an unknown beneficiary is an error.
    async fn persons_of_beneficiaries(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, Uuid>> {
        let mut out = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let found: Vec<(Uuid, Uuid)> = db_run!(&self.db, pool => {
                let mut qb = QueryBuilder::new("SELECT id, person_id FROM beneficiaries WHERE id IN (");
                let mut sep = qb.separated(", ");
                for id in chunk {
                    sep.push_bind(*id);
                }
                qb.push(")");
                qb.build_query_as().fetch_all(pool).await?
            });
            out.extend(found);
        }
        missing(ids, &out, "đối tượng bảo trợ xã hội")?;
        Ok(out)
    }

    /// Each beneficiary's commune and address.
    async fn beneficiary_places(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, (Uuid, String)>> {
        let mut out = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let found: Vec<(Uuid, Uuid, String)> = db_run!(&self.db, pool => {
                let mut qb = QueryBuilder::new("SELECT id, area_id, address FROM beneficiaries WHERE id IN (");
                let mut sep = qb.separated(", ");
                for id in chunk {
                    sep.push_bind(*id);
                }
                qb.push(")");
                qb.build_query_as().fetch_all(pool).await?
            });
            out.extend(
                found
                    .into_iter()
                    .map(|(id, area, address)| (id, (area, address))),
            );
        }
        missing(ids, &out, "đối tượng")?;
        Ok(out)
    }

    /// Each person's commune, birth and death, and beneficiary record if any.
    async fn person_facts(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, PersonFacts>> {
        type Row = (
            Uuid,
            Uuid,
            NaiveDate,
            String,
            Option<NaiveDate>,
            Option<Uuid>,
        );
        let mut out = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let found: Vec<Row> = db_run!(&self.db, pool => {
                let mut qb = QueryBuilder::new(
                    "SELECT p.id, p.area_id, p.birth_date, p.birth_precision, p.death_date, b.id
                     FROM persons p LEFT JOIN beneficiaries b ON b.person_id = p.id WHERE p.id IN (",
                );
                let mut sep = qb.separated(", ");
                for id in chunk {
                    sep.push_bind(*id);
                }
                qb.push(")");
                qb.build_query_as().fetch_all(pool).await?
            });
            for (id, area_id, birth, precision, death_date, beneficiary) in found {
                out.insert(
                    id,
                    PersonFacts {
                        area_id,
                        birth: rows::birth(birth, &precision)?,
                        death_date,
                        beneficiary,
                    },
                );
            }
        }
        missing(ids, &out, "nhân khẩu")?;
        Ok(out)
    }
}

/// `NotFound` for the first id without a row.
fn missing<V>(ids: &[Uuid], found: &HashMap<Uuid, V>, entity: &'static str) -> Result<()> {
    match ids.iter().find(|id| !found.contains_key(id)) {
        Some(id) => Err(StoreError::NotFound {
            entity,
            key: id.to_string(),
        }),
        None => Ok(()),
    }
}
