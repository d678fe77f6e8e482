//! The annual poverty review (rà soát hộ nghèo, hộ cận nghèo) in the database: campaigns per
//! year and commune with their list and commune steps, surveys, the classified results of every
//! household per year, and the report data.
//!
//! The rules are ansinh-core's (`ansinh_core::poverty`): surveys are validated by
//! `SurveyAnswers::validate`, households classified by `YearStandards::classify`, reports
//! aggregated by `report::aggregate` and `movements_by_area`. SQL here only moves rows.
//!
//! The life of a review, after QĐ 24/2021/QĐ-TTg:
//! 1. [`Store::open_campaigns`] (or [`Store::create_campaign`]) for a year: one campaign per
//!    commune in force at the end of that year, its list made of the households the previous
//!    year's result put on the poor or near-poor list, plus applicants
//!    ([`Store::add_applicants`]);
//! 2. surveys ([`Store::record_survey`], [`Store::import_surveys`]), then
//!    [`Store::classify_year`]: every household of the commune gets a result for the year,
//!    classified from its survey, or "not poor" when it was not on the list (the review only
//!    looks at listed households, so the others are outside both lists by its rule);
//! 3. the village meeting and the public posting, then the end of complaints
//!    ([`Store::record_step`]);
//! 4. [`Store::approve_campaign`]: the results of the commune for the year become immutable,
//!    with what they rest on: triggers on both backends (migration 0010) refuse any UPDATE or
//!    DELETE of the results, surveys, list, campaign and household facts of an approved
//!    commune and year, and the store refuses to add to them; corrections go into a later
//!    review.
//!
//! Years never overwrite each other: a result is keyed by (household, year). The year of a
//! campaign is the review's year; it is classified with the standard of the following year,
//! the year whose lists it sets ([`standard_year_of`]), so the review of late 2026 already
//! uses Nghị định 351/2025 and the review of late 2021 was the first under Nghị định 07/2021.

// What this capability's audit entries and refusals name.
/// A commune's review of a year.
pub const CAMPAIGN: crate::audit::Entity = crate::audit::Entity::new("poverty_campaign");
/// A household's survey.
pub const SURVEY: crate::audit::Entity = crate::audit::Entity::new("poverty_survey");
/// The facts of a year's households, loaded in bulk.
pub const FACTS: crate::audit::Entity = crate::audit::Entity::new("poverty_facts");
/// The report of a year.
pub const REPORT: crate::audit::Entity = crate::audit::Entity::new("poverty_report");

mod classify;
mod listing;
mod report;
mod scoped;
mod survey;

use std::collections::HashMap;

use ansinh_core::area::Area;
use ansinh_core::poverty::{Causes, Class, PovertyError, Review};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use sqlx::{AssertSqlSafe, QueryBuilder};
use uuid::Uuid;

use crate::audit::Action;
use crate::error::{Result, StoreError};
use crate::{Actor, Store};

pub use classify::{ClassifySummary, StoredResult, result_sentence_vi, stored_classification};
pub use listing::CampaignHousehold;
// The report's data are core shapes (the files crate builds the forms from them); the store
// takes and returns them, so they are named here too.
pub use ansinh_core::poverty::{AreaBasis, AreaKey, ListedHousehold, PovertyReport};

pub use ansinh_core::poverty::{CampaignState, CampaignSteps, Step};
pub use survey::{SurveyInput, SurveyRecorded};

/// The year whose standard classifies the review of `year`: the review held at the end of
/// year N sets the lists of N + 1 (see `ansinh_core::poverty::standard`).
pub fn standard_year_of(year: i32) -> i32 {
    year + 1
}

/// The day on which a review's commune is looked up: the end of its year, so reviews after the
/// 2025 reorganisation belong to the new communes and earlier ones to the old.
pub fn review_day(year: i32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31)
        .ok_or_else(|| PovertyError::Standard(format!("năm {year} không hợp lệ")).into())
}

/// The SQL column of a commune step's date.
fn step_column(step: Step) -> &'static str {
    match step {
        Step::Meeting => "meeting_on",
        Step::Posting => "posted_on",
        Step::ComplaintsClosed => "complaints_closed_on",
    }
}

fn campaign_state(s: &str) -> Result<CampaignState> {
    CampaignState::from_code(s).ok_or_else(|| StoreError::Corrupt(format!("campaign state '{s}'")))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    pub id: Uuid,
    pub year: i32,
    /// The commune that holds the review, as in force at the end of `year`.
    pub area: Area,
    pub standard_year: i32,
    pub state: CampaignState,
    pub steps: CampaignSteps,
    pub approved_by: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub version: i32,
    /// Households on the list.
    pub listed: i64,
    /// Of which surveyed.
    pub surveyed: i64,
}

impl Campaign {
    /// What the core's transitions of the review need to know of this campaign.
    pub fn review(&self) -> Review<'_> {
        Review {
            year: self.year,
            area: &self.area.name,
            state: self.state,
            steps: self.steps,
        }
    }

    fn snapshot(&self) -> String {
        json!({
            "year": self.year,
            "area_code": self.area.code,
            "standard_year": self.standard_year,
            "state": self.state.code(),
            "meeting_on": self.steps.meeting_on.map(ansinh_core::date::format_vn),
            "posted_on": self.steps.posted_on.map(ansinh_core::date::format_vn),
            "complaints_closed_on": self.steps.complaints_closed_on.map(ansinh_core::date::format_vn),
            "approved_on": self.steps.approved_on.map(ansinh_core::date::format_vn),
            "approved_by": self.approved_by,
        })
        .to_string()
    }
}

/// Why a household is on a review list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListBasis {
    Poor,
    NearPoor,
    /// Giấy đề nghị rà soát (Mẫu số 01).
    Applied,
}

impl ListBasis {
    pub fn code(self) -> &'static str {
        match self {
            ListBasis::Poor => "poor",
            ListBasis::NearPoor => "near_poor",
            ListBasis::Applied => "applied",
        }
    }
}

/// What the review knows of a household in a year besides its survey. Loaded by the generator
/// or carried over from the previous year ([`Store::open_campaigns`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactsRecord {
    pub household_id: Uuid,
    pub year: i32,
    /// The commune the household belonged to that year.
    pub area_id: Uuid,
    pub farming: bool,
    pub no_working_capacity: bool,
    pub person_of_merit: bool,
    pub causes: Causes,
}

/// Rows per multi-row INSERT: the widest (surveys, 27 columns) × 1 000 stays under SQLite's
/// 32 766 parameters.
pub(crate) const CHUNK: usize = 1000;

#[derive(sqlx::FromRow)]
struct CampaignRow {
    id: Uuid,
    year: i32,
    area_id: Uuid,
    standard_year: i32,
    state: String,
    meeting_on: Option<NaiveDate>,
    posted_on: Option<NaiveDate>,
    complaints_closed_on: Option<NaiveDate>,
    approved_on: Option<NaiveDate>,
    approved_by: Option<String>,
    created_by: String,
    created_at: DateTime<Utc>,
    version: i32,
    listed: i64,
    surveyed: i64,
}

const CAMPAIGN_SELECT: &str =
    "SELECT c.id, c.year, c.area_id, c.standard_year, c.state, c.meeting_on,
        c.posted_on, c.complaints_closed_on, c.approved_on, c.approved_by, c.created_by,
        c.created_at, c.version,
        (SELECT COUNT(*) FROM poverty_campaign_households l WHERE l.campaign_id = c.id) AS listed,
        (SELECT COUNT(*) FROM poverty_surveys s WHERE s.campaign_id = c.id) AS surveyed
     FROM poverty_campaigns c";

impl Store {
    async fn campaign_from_row(&self, r: CampaignRow) -> Result<Campaign> {
        Ok(Campaign {
            id: r.id,
            year: r.year,
            area: self.area(r.area_id).await?,
            standard_year: r.standard_year,
            state: campaign_state(&r.state)?,
            steps: CampaignSteps {
                meeting_on: r.meeting_on,
                posted_on: r.posted_on,
                complaints_closed_on: r.complaints_closed_on,
                approved_on: r.approved_on,
            },
            approved_by: r.approved_by,
            created_by: r.created_by,
            created_at: r.created_at,
            version: r.version,
            listed: r.listed,
            surveyed: r.surveyed,
        })
    }

    pub async fn campaign(&self, id: Uuid) -> Result<Campaign> {
        let sql = format!("{CAMPAIGN_SELECT} WHERE c.id = $1");
        let row = db_run!(&self.db, pool => {
            sqlx::query_as::<_, CampaignRow>(AssertSqlSafe(sql)).bind(id).fetch_optional(pool).await?
        });
        let row = row.ok_or_else(|| StoreError::NotFound {
            entity: "đợt rà soát",
            key: id.to_string(),
        })?;
        self.campaign_from_row(row).await
    }

    /// The campaign of a commune (code in force at the end of `year`) for a year.
    pub async fn campaign_for(&self, year: i32, area_code: &str) -> Result<Campaign> {
        let area = self.area_by_code(area_code, review_day(year)?).await?;
        let sql = format!("{CAMPAIGN_SELECT} WHERE c.year = $1 AND c.area_id = $2");
        let row = db_run!(&self.db, pool => {
            sqlx::query_as::<_, CampaignRow>(AssertSqlSafe(sql)).bind(year).bind(area.id).fetch_optional(pool).await?
        });
        let row = row.ok_or_else(|| StoreError::NotFound {
            entity: "đợt rà soát",
            key: format!("{year} {}", area.code),
        })?;
        self.campaign_from_row(row).await
    }

    /// The campaigns of a year, by commune code; `within` limits them to these communes.
    pub async fn campaigns(&self, year: i32, within: Option<&[Uuid]>) -> Result<Vec<Campaign>> {
        let sql = format!("{CAMPAIGN_SELECT} WHERE c.year = $1");
        let rows = db_run!(&self.db, pool => {
            sqlx::query_as::<_, CampaignRow>(AssertSqlSafe(sql)).bind(year).fetch_all(pool).await?
        });
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            if within.is_none_or(|w| w.contains(&r.area_id)) {
                out.push(self.campaign_from_row(r).await?);
            }
        }
        out.sort_by(|a, b| a.area.code.cmp(&b.area.code));
        Ok(out)
    }

    /// The campaign of a commune and year if it is approved: its facts, list, surveys and
    /// results are final.
    async fn approved_campaign_of(&self, year: i32, area_id: Uuid) -> Result<Option<Campaign>> {
        let id: Option<Uuid> = db_run!(&self.db, pool => {
            sqlx::query_scalar(
                "SELECT id FROM poverty_campaigns WHERE year = $1 AND area_id = $2 AND state = 'approved'",
            ).bind(year).bind(area_id).fetch_optional(pool).await?
        });
        match id {
            Some(id) => Ok(Some(self.campaign(id).await?)),
            None => Ok(None),
        }
    }

    /// Loads the facts of many households (the generator, a migration of earlier reviews) in
    /// one transaction. A (household, year) already present aborts the whole call, and so
    /// does a fact of a commune whose review of that year is approved (the triggers guard
    /// UPDATE and DELETE; this check is the INSERT's, see migration 0010).
    pub async fn load_poverty_facts(&self, actor: &Actor, facts: &[FactsRecord]) -> Result<()> {
        let approved: Vec<(i32, Uuid)> = db_run!(&self.db, pool => {
            sqlx::query_as("SELECT year, area_id FROM poverty_campaigns WHERE state = 'approved'")
                .fetch_all(pool).await?
        });
        if !approved.is_empty() {
            let approved: std::collections::HashSet<(i32, Uuid)> = approved.into_iter().collect();
            if let Some(f) = facts
                .iter()
                .find(|f| approved.contains(&(f.year, f.area_id)))
            {
                let c = self.approved_campaign_of(f.year, f.area_id).await?;
                return Err(c.map_or(PovertyError::ApprovedImmutable.into(), |c| {
                    approved_error(&c)
                }));
            }
        }
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            for chunk in facts.chunks(CHUNK) {
                let mut qb = QueryBuilder::new(
                    "INSERT INTO poverty_facts (household_id, year, area_id, farming, no_working_capacity, person_of_merit, causes) ",
                );
                qb.push_values(chunk, |mut b, f| {
                    b.push_bind(f.household_id)
                        .push_bind(f.year)
                        .push_bind(f.area_id)
                        .push_bind(f.farming)
                        .push_bind(f.no_working_capacity)
                        .push_bind(f.person_of_merit)
                        .push_bind(i32::from(f.causes.bits()));
                });
                qb.build().execute(&mut *tx).await?;
            }
            let note = format!("dữ kiện rà soát hộ nghèo: {} hộ-năm", facts.len());
            audit_append!(&mut *tx, actor, Action::BulkLoad, crate::poverty::FACTS, None::<Uuid>,
                None::<String>, None::<String>, Some(note.as_str()))?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// What the review knows of a household in a year (its commune, groups, causes).
    pub async fn poverty_facts(&self, household_id: Uuid, year: i32) -> Result<FactsRecord> {
        let row: Option<(Uuid, bool, bool, bool, i32)> = db_run!(&self.db, pool => {
            sqlx::query_as(
                "SELECT area_id, farming, no_working_capacity, person_of_merit, causes
                 FROM poverty_facts WHERE household_id = $1 AND year = $2",
            ).bind(household_id).bind(year).fetch_optional(pool).await?
        });
        let (area_id, farming, no_working_capacity, person_of_merit, causes) =
            row.ok_or_else(|| StoreError::NotFound {
                entity: "dữ kiện rà soát của hộ",
                key: format!("{household_id} năm {year}"),
            })?;
        Ok(FactsRecord {
            household_id,
            year,
            area_id,
            farming,
            no_working_capacity,
            person_of_merit,
            causes: u16::try_from(causes)
                .ok()
                .and_then(Causes::from_bits)
                .ok_or_else(|| StoreError::Corrupt("poverty_facts.causes".into()))?,
        })
    }

    /// Corrects what the review knows of a household in a year (its commune, farming, groups
    /// and causes), with its audit entry. Refused once the review of the commune (before or
    /// after the change) is approved for that year: the approved figures rest on these facts,
    /// and a correction belongs to a later review.
    pub async fn set_poverty_facts(&self, actor: &Actor, facts: &FactsRecord) -> Result<()> {
        let before = self.poverty_facts(facts.household_id, facts.year).await?;
        for area in [before.area_id, facts.area_id] {
            if let Some(c) = self.approved_campaign_of(facts.year, area).await? {
                return Err(approved_error(&c));
            }
        }
        let snapshot = |f: &FactsRecord| {
            json!({
                "year": f.year,
                "area_id": f.area_id,
                "farming": f.farming,
                "no_working_capacity": f.no_working_capacity,
                "person_of_merit": f.person_of_merit,
                "causes": f.causes.bits(),
            })
            .to_string()
        };
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE poverty_facts SET area_id = $1, farming = $2, no_working_capacity = $3,
                    person_of_merit = $4, causes = $5
                 WHERE household_id = $6 AND year = $7",
            )
            .bind(facts.area_id).bind(facts.farming).bind(facts.no_working_capacity)
            .bind(facts.person_of_merit).bind(i32::from(facts.causes.bits()))
            .bind(facts.household_id).bind(facts.year)
            .execute(&mut *tx).await?;
            audit_append!(&mut *tx, actor, Action::Update, crate::poverty::FACTS, Some(facts.household_id),
                Some(snapshot(&before)), Some(snapshot(facts)), None::<&str>)?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })
    }

    /// Opens the review of `year` in every commune that has households that year (or only in
    /// `area_code`). Households of a commune in force today without facts for the year get them
    /// from the registry, carrying their previous year's facts over. Each list is the previous
    /// year's poor and near-poor households of the commune. Communes whose campaign exists
    /// are left alone, so this can be re-run.
    pub async fn open_campaigns(
        &self,
        actor: &Actor,
        year: i32,
        area_code: Option<&str>,
    ) -> Result<Vec<Campaign>> {
        let day = review_day(year)?;
        let standard_year = standard_year_of(year);
        ansinh_core::poverty::StandardBook::shipped()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?
            .for_year(standard_year)
            .map_err(|e| PovertyError::Standard(e.to_string()))?;
        let areas: Vec<Area> = match area_code {
            Some(code) => {
                let a = self.area_by_code(code, day).await?;
                if a.level != ansinh_core::AreaLevel::Commune {
                    return Err(PovertyError::NotACommune { code: a.code }.into());
                }
                vec![a]
            }
            None => self.communes_on(day).await?,
        };
        let today = crate::today_vn();
        let now = Utc::now();
        let mut opened = Vec::new();
        for area in &areas {
            let created = db_run!(&self.db, pool => {
                let mut tx = pool.begin().await?;
                let exists: Option<Uuid> = sqlx::query_scalar(
                    "SELECT id FROM poverty_campaigns WHERE year = $1 AND area_id = $2",
                )
                .bind(year).bind(area.id).fetch_optional(&mut *tx).await?;
                if exists.is_some() {
                    tx.rollback().await?;
                    None
                } else {
                    if area.in_force_on(today) {
                        // Households registered in the commune today that the review has no
                        // facts for this year: carry the previous year's facts over (their
                        // groups and causes do not change by moving communes), else none.
                        sqlx::query(
                            "INSERT INTO poverty_facts (household_id, year, area_id, farming, no_working_capacity, person_of_merit, causes)
                             SELECT h.id, $1, h.area_id, COALESCE(p.farming, FALSE), COALESCE(p.no_working_capacity, FALSE),
                                    COALESCE(p.person_of_merit, FALSE), COALESCE(p.causes, 0)
                             FROM households h
                             LEFT JOIN poverty_facts p ON p.household_id = h.id AND p.year = $2
                             WHERE h.area_id = $3
                               AND NOT EXISTS (SELECT 1 FROM poverty_facts f WHERE f.household_id = h.id AND f.year = $1)",
                        )
                        .bind(year).bind(year - 1).bind(area.id).execute(&mut *tx).await?;
                    }
                    let id = Uuid::now_v7();
                    sqlx::query(
                        "INSERT INTO poverty_campaigns (id, year, area_id, standard_year, state, created_by, created_at, version)
                         VALUES ($1, $2, $3, $4, 'open', $5, $6, 1)",
                    )
                    .bind(id).bind(year).bind(area.id).bind(standard_year).bind(&actor.0).bind(now)
                    .execute(&mut *tx).await?;
                    // The list: last year's poor and near-poor households that live in the
                    // commune this year (a household that moved is reviewed where it lives).
                    sqlx::query(
                        "INSERT INTO poverty_campaign_households (campaign_id, household_id, basis)
                         SELECT $1, f.household_id, CASE r.class WHEN $2 THEN 'poor' ELSE 'near_poor' END
                         FROM poverty_facts f
                         JOIN poverty_results r ON r.household_id = f.household_id AND r.year = $3
                         WHERE f.year = $4 AND f.area_id = $5 AND r.class IN ($2, $6)",
                    )
                    .bind(id).bind(Class::Poor.code()).bind(year - 1).bind(year).bind(area.id)
                    .bind(Class::NearPoor.code())
                    .execute(&mut *tx).await?;
                    let households: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM poverty_facts WHERE year = $1 AND area_id = $2",
                    )
                    .bind(year).bind(area.id).fetch_one(&mut *tx).await?;
                    if households == 0 {
                        // No household lived here that year: nothing to review.
                        tx.rollback().await?;
                        None
                    } else {
                        let after = json!({"year": year, "area_code": area.code, "standard_year": standard_year}).to_string();
                        audit_append!(&mut *tx, actor, Action::Create, crate::poverty::CAMPAIGN, Some(id),
                            None::<String>, Some(after), None::<&str>)?;
                        tx.commit().await?;
                        Some(id)
                    }
                }
            });
            if let Some(id) = created {
                opened.push(self.campaign(id).await?);
            }
        }
        if let (Some(code), true) = (area_code, opened.is_empty()) {
            // Asked for one commune: say why nothing was opened.
            let c = self.campaign_for(year, code).await;
            if c.is_err() {
                return Err(PovertyError::NoHouseholds {
                    code: code.to_string(),
                    year,
                }
                .into());
            }
        }
        Ok(opened)
    }

    /// Opens the review of one commune and returns it (or the existing one).
    pub async fn create_campaign(
        &self,
        actor: &Actor,
        year: i32,
        area_code: &str,
    ) -> Result<Campaign> {
        self.open_campaigns(actor, year, Some(area_code)).await?;
        self.campaign_for(year, area_code).await
    }

    /// Adds households (by code) that applied for review (Mẫu số 01) to a campaign's list. Each
    /// must live in the campaign's commune that year; one already listed stays as it is. All
    /// or nothing.
    pub async fn add_applicants(
        &self,
        actor: &Actor,
        campaign: Uuid,
        codes: &[String],
    ) -> Result<usize> {
        let c = self.campaign(campaign).await?;
        if c.state == CampaignState::Approved {
            return Err(approved_error(&c));
        }
        let ids = self.households_in_campaign_area(&c, codes).await?;
        let mut added = 0;
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            for chunk in ids.chunks(CHUNK) {
                let mut qb = QueryBuilder::new("INSERT INTO poverty_campaign_households (campaign_id, household_id, basis) ");
                qb.push_values(chunk, |mut b, id| {
                    b.push_bind(campaign).push_bind(*id).push_bind(ListBasis::Applied.code());
                });
                qb.push(" ON CONFLICT (campaign_id, household_id) DO NOTHING");
                added += qb.build().execute(&mut *tx).await?.rows_affected() as usize;
            }
            let note = format!("thêm {added} hộ đề nghị rà soát");
            audit_append!(&mut *tx, actor, Action::Update, crate::poverty::CAMPAIGN, Some(campaign),
                None::<String>, None::<String>, Some(note.as_str()))?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        Ok(added)
    }

    /// Adds applicants by household id to the campaigns of `year`, each to the campaign of the
    /// commune it belonged to that year (the generator's path; forms use
    /// [`Store::add_applicants`]). Households without a campaign that year are skipped, and
    /// the count of those added is returned.
    ///
    /// The communes are looked up by the facts' primary key `(household_id, year)` and matched
    /// to campaigns in Rust, then plain rows are inserted: an `INSERT … SELECT` joining facts to
    /// campaigns let SQLite drive the join from the `(year, area_id)` index, scanning the
    /// whole year once per chunk (minutes at SF 1).
    pub async fn add_applicants_for_year(
        &self,
        actor: &Actor,
        year: i32,
        households: &[Uuid],
    ) -> Result<u64> {
        let open: HashMap<Uuid, Uuid> = db_run!(&self.db, pool => {
            sqlx::query_as::<_, (Uuid, Uuid)>(
                "SELECT area_id, id FROM poverty_campaigns WHERE year = $1 AND state <> 'approved'",
            ).bind(year).fetch_all(pool).await?
        })
        .into_iter()
        .collect();
        let mut pairs: Vec<(Uuid, Uuid)> = Vec::with_capacity(households.len());
        for chunk in households.chunks(CHUNK) {
            let found: Vec<(Uuid, Uuid)> = db_run!(&self.db, pool => {
                // `+year` keeps SQLite off the `(year, area_id)` covering index, which it picks
                // before ANALYZE has run (a bulk load) and which scans the whole year; the
                // primary key then finds each household (checked with EXPLAIN QUERY PLAN).
                let mut qb = QueryBuilder::new(
                    "SELECT household_id, area_id FROM poverty_facts WHERE +year = ",
                );
                qb.push_bind(year);
                qb.push(" AND household_id IN (");
                let mut sep = qb.separated(", ");
                for id in chunk {
                    sep.push_bind(*id);
                }
                qb.push(")");
                qb.build_query_as::<(Uuid, Uuid)>().fetch_all(pool).await?
            });
            pairs.extend(
                found
                    .into_iter()
                    .filter_map(|(h, area)| open.get(&area).map(|c| (*c, h))),
            );
        }
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            let mut added = 0;
            for chunk in pairs.chunks(CHUNK) {
                let mut qb = QueryBuilder::new("INSERT INTO poverty_campaign_households (campaign_id, household_id, basis) ");
                qb.push_values(chunk, |mut b, (c, h)| {
                    b.push_bind(*c).push_bind(*h).push_bind(ListBasis::Applied.code());
                });
                qb.push(" ON CONFLICT (campaign_id, household_id) DO NOTHING");
                added += qb.build().execute(&mut *tx).await?.rows_affected();
            }
            let note = format!("rà soát năm {year}: thêm {added} hộ đề nghị rà soát");
            audit_append!(&mut *tx, actor, Action::BulkLoad, crate::poverty::CAMPAIGN, None::<Uuid>,
                None::<String>, None::<String>, Some(note.as_str()))?;
            tx.commit().await?;
            Ok(added)
        })
    }

    /// The household ids of these codes, each required to live in the campaign's commune in
    /// the campaign's year.
    async fn households_in_campaign_area(
        &self,
        c: &Campaign,
        codes: &[String],
    ) -> Result<Vec<Uuid>> {
        let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
        let located = self.locate_households(c.year, &refs).await?;
        let mut out = Vec::with_capacity(codes.len());
        for code in codes {
            match located.get(code) {
                None => {
                    return Err(StoreError::NotFound {
                        entity: "hộ",
                        key: code.clone(),
                    });
                }
                Some((id, area)) if *area == Some(c.area.id) => out.push(*id),
                Some(_) => return Err(outside_area(code, c)),
            }
        }
        Ok(out)
    }

    /// Records the date of a commune step. Steps follow classification and each other in
    /// order (meeting ≤ posting ≤ end of complaints); see [`Review::record_step`].
    pub async fn record_step(
        &self,
        actor: &Actor,
        campaign: Uuid,
        step: Step,
        on: NaiveDate,
    ) -> Result<Campaign> {
        let c = self.campaign(campaign).await?;
        let steps = c.review().record_step(step, on, crate::today_vn())?;
        let before = c.snapshot();
        let sql = format!(
            "UPDATE poverty_campaigns SET {} = $1, version = version + 1 WHERE id = $2 AND version = $3",
            step_column(step)
        );
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            let n = sqlx::query(AssertSqlSafe(sql)).bind(on).bind(campaign).bind(c.version)
                .execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict { expected: c.version, found: c.version + 1 });
            }
            let mut after = c.clone();
            after.steps = steps;
            audit_append!(&mut *tx, actor, Action::Update, crate::poverty::CAMPAIGN, Some(campaign),
                Some(before), Some(after.snapshot()), Some(step.label_vi()))?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        self.campaign(campaign).await
    }

    /// Approves a classified campaign once its steps are recorded: its results for the year
    /// become final and immutable.
    pub async fn approve_campaign(
        &self,
        actor: &Actor,
        campaign: Uuid,
        on: NaiveDate,
    ) -> Result<Campaign> {
        let c = self.campaign(campaign).await?;
        let (state, steps) = c.review().approve(on, crate::today_vn())?;
        let before = c.snapshot();
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            let n = sqlx::query(
                "UPDATE poverty_campaigns SET state = 'approved', approved_on = $1, approved_by = $2,
                    version = version + 1 WHERE id = $3 AND version = $4 AND state = 'classified'",
            )
            .bind(on).bind(&actor.0).bind(campaign).bind(c.version)
            .execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict { expected: c.version, found: c.version + 1 });
            }
            sqlx::query("UPDATE poverty_results SET approved = TRUE WHERE campaign_id = $1")
                .bind(campaign).execute(&mut *tx).await?;
            let mut after = c.clone();
            after.state = state;
            after.steps = steps;
            after.approved_by = Some(actor.0.clone());
            audit_append!(&mut *tx, actor, Action::Update, crate::poverty::CAMPAIGN, Some(campaign),
                Some(before), Some(after.snapshot()), Some("phê duyệt kết quả rà soát"))?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        self.campaign(campaign).await
    }
}

pub(crate) fn approved_error(c: &Campaign) -> StoreError {
    PovertyError::Approved {
        year: c.year,
        area: c.area.name.clone(),
    }
    .into()
}

pub(crate) fn outside_area(code: &str, c: &Campaign) -> StoreError {
    PovertyError::OutsideArea {
        code: code.to_string(),
        area: c.area.name.clone(),
        year: c.year,
    }
    .into()
}
