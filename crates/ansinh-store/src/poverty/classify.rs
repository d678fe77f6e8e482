//! Classifying a year's reviews set-based: the surveys are read in one query, classified in
//! Rust by ansinh-core, and the results of the listed households written in one transaction
//! with multi-row INSERTs. Households not on a list get no row: once their campaign is
//! classified (`poverty_campaigns.classified_at`), readers count them as "not poor, not
//! reviewed" from `poverty_facts`, so a run writes ~37 000 rows at SF 1 instead of 334 000.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use ansinh_core::Settlement;
use ansinh_core::poverty::{Class, Classification, Deprivations, Method, Reason, StandardBook};
use serde_json::json;
use sqlx::{AssertSqlSafe, QueryBuilder};
use uuid::Uuid;

use super::survey::{SURVEY_COLUMNS, SurveyDbRow};
use super::{CHUNK, Campaign, CampaignState, ReviewError, approved_error};
use crate::audit::Action;
use crate::error::{Result, StoreError};
use crate::tuning::BulkWrite;
use crate::{Actor, Store};

/// What a classification run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassifySummary {
    pub year: i32,
    pub standard_year: i32,
    pub campaigns: usize,
    /// Households classified from a survey.
    pub surveyed: usize,
    /// Households of the communes with a result (surveyed or not).
    pub households: u64,
    /// Results per class, in `Class::ALL` order.
    pub by_class: [u64; 4],
    /// Time spent reading the surveys, classifying and writing.
    pub read: Duration,
    pub classify: Duration,
    pub write: Duration,
}

/// A result as stored, enough to rebuild the [`Classification`] and its sentence.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredResult {
    pub class: String,
    pub method: String,
    pub settlement: String,
    pub value: Option<i64>,
    pub line: Option<i64>,
    pub ceiling: Option<i64>,
    pub ceiling_confirmed: bool,
    pub deprivations: i32,
    pub deprivation_threshold: i32,
    pub score_b: Option<i32>,
    pub score_b_threshold: Option<i32>,
    pub standard_from: i32,
    pub standard_to: i32,
}

/// The classification a stored result records, or `None` for a household that was not on the
/// review list (it has no survey, so no reason beyond that).
pub fn stored_classification(r: &StoredResult) -> Result<Option<Classification>> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("poverty_results.{what}"));
    let method = match r.method.as_str() {
        "income" => Method::Income,
        "score" => Method::Score,
        "not_reviewed" => return Ok(None),
        _ => return Err(corrupt("method")),
    };
    let deprivations = u16::try_from(r.deprivations)
        .ok()
        .and_then(Deprivations::from_bits)
        .ok_or_else(|| corrupt("deprivations"))?;
    let score_b = match (r.score_b, r.score_b_threshold) {
        (Some(b), Some(t)) => Some((
            u16::try_from(b).map_err(|_| corrupt("score_b"))?,
            u16::try_from(t).map_err(|_| corrupt("score_b_threshold"))?,
        )),
        _ => None,
    };
    Ok(Some(Classification {
        class: Class::from_code(&r.class).ok_or_else(|| corrupt("class"))?,
        reason: Reason {
            method,
            settlement: Settlement::from_code(&r.settlement)
                .ok_or_else(|| corrupt("settlement"))?,
            value: r.value.ok_or_else(|| corrupt("value"))?,
            line: r.line.ok_or_else(|| corrupt("line"))?,
            ceiling: r.ceiling,
            ceiling_confirmed: r.ceiling_confirmed,
            deprivations,
            deprivation_threshold: u8::try_from(r.deprivation_threshold)
                .map_err(|_| corrupt("deprivation_threshold"))?,
            score_b,
            from_year: r.standard_from,
            to_year: r.standard_to,
        },
    }))
}

/// The sentence shown for a stored result.
pub fn result_sentence_vi(r: &StoredResult, year: i32) -> Result<String> {
    Ok(match stored_classification(r)? {
        Some(c) => c.sentence_vi(),
        None => format!(
            "{}: không thuộc danh sách rà soát năm {year} (không có trong danh sách hộ nghèo, \
             hộ cận nghèo năm trước và không có giấy đề nghị rà soát).",
            Class::NotPoor.label_vi()
        ),
    })
}

impl Store {
    /// Classifies every campaign of `year` not yet approved (or only the commune `area_code`):
    /// every listed household from its survey (a stored result), every other household of the
    /// commune as not poor (no row; see the module text). Replaces the unapproved results of those campaigns for that year only; earlier
    /// years are never touched. Refused while a listed household has no survey.
    pub async fn classify_year(
        &self,
        actor: &Actor,
        year: i32,
        area_code: Option<&str>,
    ) -> Result<ClassifySummary> {
        let started = Instant::now();
        let mut campaigns: Vec<Campaign> = match area_code {
            Some(code) => vec![self.campaign_for(year, code).await?],
            None => self.campaigns(year, None).await?,
        };
        if let [only] = campaigns.as_slice()
            && only.state == CampaignState::Approved
        {
            return Err(approved_error(only));
        }
        campaigns.retain(|c| c.state != CampaignState::Approved);
        let standard_year = super::standard_year_of(year);
        let book = StandardBook::shipped().map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let standards = book
            .for_year(standard_year)
            .map_err(|e| ReviewError::Standard(e.to_string()))?;
        let mut summary = ClassifySummary {
            year,
            standard_year,
            campaigns: campaigns.len(),
            surveyed: 0,
            households: 0,
            by_class: [0; 4],
            read: Duration::ZERO,
            classify: Duration::ZERO,
            write: Duration::ZERO,
        };
        if campaigns.is_empty() {
            return Ok(summary);
        }
        for c in &campaigns {
            if c.surveyed < c.listed {
                let example: Option<String> = db_run!(&self.db, pool => {
                    sqlx::query_scalar(
                        "SELECT h.code FROM poverty_campaign_households l JOIN households h ON h.id = l.household_id
                         WHERE l.campaign_id = $1 AND NOT EXISTS (
                           SELECT 1 FROM poverty_surveys s WHERE s.campaign_id = l.campaign_id AND s.household_id = l.household_id)
                         ORDER BY h.code LIMIT 1",
                    ).bind(c.id).fetch_optional(pool).await?
                });
                return Err(ReviewError::MissingSurveys {
                    area: c.area.name.clone(),
                    count: (c.listed - c.surveyed) as usize,
                    example: example.unwrap_or_default(),
                }
                .into());
            }
        }
        let by_id: HashMap<Uuid, &Campaign> = campaigns.iter().map(|c| (c.id, c)).collect();
        let all = area_code.is_none();

        // Read: one query for the year (or one commune). `+f.year` makes the facts be found by
        // their primary key from each survey: without statistics (during a bulk load) SQLite
        // otherwise scans the year's facts once per campaign through `(year, area_id)`.
        let t = Instant::now();
        let sql = format!(
            "SELECT {SURVEY_COLUMNS}, f.area_id FROM poverty_surveys s
             JOIN poverty_campaigns c ON c.id = s.campaign_id
             JOIN poverty_facts f ON f.household_id = s.household_id AND +f.year = c.year
             WHERE c.year = $1 AND c.state <> 'approved'{}",
            if all { "" } else { " AND c.id = $2" }
        );
        let surveys: Vec<(SurveyDbRow, Uuid)> = db_run!(&self.db, pool => {
            let mut q = sqlx::query_as::<_, SurveyWithArea>(AssertSqlSafe(sql)).bind(year);
            if !all {
                q = q.bind(campaigns[0].id);
            }
            q.fetch_all(pool).await?.into_iter().map(|r| (r.survey, r.area_id)).collect()
        });
        summary.read = t.elapsed();

        // Classify in Rust with the core.
        let t = Instant::now();
        let mut results: Vec<ResultWrite> = Vec::with_capacity(surveys.len());
        for (s, area_id) in &surveys {
            if !by_id.contains_key(&s.campaign_id) {
                continue;
            }
            let answers = s.answers()?;
            let assessment = answers.validate().map_err(ReviewError::Invalid)?;
            let c = standards
                .classify(&assessment)
                .map_err(|e| ReviewError::Standard(e.to_string()))?;
            summary.by_class[c.class.index()] += 1;
            results.push(ResultWrite {
                household_id: s.household_id,
                campaign_id: s.campaign_id,
                area_id: *area_id,
                c,
            });
        }
        summary.surveyed = results.len();
        summary.classify = t.elapsed();

        // Write: one transaction.
        let t = Instant::now();
        let now = chrono::Utc::now();
        let mut surveyed_in: HashMap<Uuid, u64> = HashMap::with_capacity(campaigns.len());
        for w in &results {
            *surveyed_in.entry(w.campaign_id).or_default() += 1;
        }
        let not_reviewed: u64 = db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            tx.plan_for_bulk_writes().await?;
            if all {
                sqlx::query(
                    "DELETE FROM poverty_results WHERE year = $1 AND approved = FALSE
                     AND campaign_id IN (SELECT id FROM poverty_campaigns WHERE year = $1 AND state <> 'approved')",
                ).bind(year).execute(&mut *tx).await?;
            } else {
                sqlx::query("DELETE FROM poverty_results WHERE campaign_id = $1")
                    .bind(campaigns[0].id).execute(&mut *tx).await?;
            }
            for chunk in results.chunks(CHUNK) {
                let mut qb = QueryBuilder::new(
                    "INSERT INTO poverty_results (household_id, year, campaign_id, area_id, class, method, settlement,
                        value, line, ceiling, ceiling_confirmed, deprivations, deprivation_threshold, score_b,
                        score_b_threshold, standard_from, standard_to, approved) ",
                );
                qb.push_values(chunk, |mut b, w| {
                    let r = &w.c.reason;
                    b.push_bind(w.household_id)
                        .push_bind(year)
                        .push_bind(w.campaign_id)
                        .push_bind(w.area_id)
                        .push_bind(w.c.class.code())
                        .push_bind(match r.method { Method::Income => "income", Method::Score => "score" })
                        .push_bind(r.settlement.code())
                        .push_bind(r.value)
                        .push_bind(r.line)
                        .push_bind(r.ceiling)
                        .push_bind(r.ceiling_confirmed)
                        .push_bind(i32::from(r.deprivations.bits()))
                        .push_bind(i32::from(r.deprivation_threshold))
                        .push_bind(r.score_b.map(|(b, _)| i32::from(b)))
                        .push_bind(r.score_b.map(|(_, t)| i32::from(t)))
                        .push_bind(r.from_year)
                        .push_bind(r.to_year)
                        .push_bind(false);
                });
                qb.build().execute(&mut *tx).await?;
            }
            // Households of the commune that were not on the list keep no row: they are "not
            // poor, not reviewed" by the review's rule, and readers take them from the facts.
            let in_area: Vec<(Uuid, i64)> = sqlx::query_as(
                "SELECT area_id, COUNT(*) FROM poverty_facts WHERE year = $1 GROUP BY area_id",
            ).bind(year).fetch_all(&mut *tx).await?;
            let in_area: HashMap<Uuid, i64> = in_area.into_iter().collect();
            let mut not_reviewed = 0u64;
            for c in &campaigns {
                let surveyed = surveyed_in.get(&c.id).copied().unwrap_or(0);
                let n = u64::try_from(in_area.get(&c.area.id).copied().unwrap_or(0)).unwrap_or(0)
                    .saturating_sub(surveyed);
                not_reviewed += n;
                let note = json!({"year": year, "standard_year": standard_year, "not_reviewed": n}).to_string();
                audit_append!(&mut *tx, actor, Action::Update, "poverty_campaign", Some(c.id),
                    None::<String>, Some(note), Some("phân loại hộ"))?;
            }
            let ids: Vec<Uuid> = campaigns.iter().map(|c| c.id).collect();
            for chunk in ids.chunks(CHUNK) {
                let mut qb = QueryBuilder::new(
                    "UPDATE poverty_campaigns SET state = 'classified', version = version + 1, classified_at = ",
                );
                qb.push_bind(now);
                qb.push(" WHERE id IN (");
                let mut sep = qb.separated(", ");
                for id in chunk {
                    sep.push_bind(*id);
                }
                qb.push(")");
                qb.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<u64, StoreError>(not_reviewed)
        })?;
        summary.by_class[Class::NotPoor.index()] += not_reviewed;
        summary.households = summary.by_class.iter().sum();
        summary.write = t.elapsed();
        tracing::info!(
            year,
            campaigns = summary.campaigns,
            surveyed = summary.surveyed,
            households = summary.households,
            ms = started.elapsed().as_millis() as u64,
            "poverty classification"
        );
        Ok(summary)
    }
}

struct ResultWrite {
    household_id: Uuid,
    campaign_id: Uuid,
    area_id: Uuid,
    c: Classification,
}

#[derive(sqlx::FromRow)]
struct SurveyWithArea {
    #[sqlx(flatten)]
    survey: SurveyDbRow,
    area_id: Uuid,
}
