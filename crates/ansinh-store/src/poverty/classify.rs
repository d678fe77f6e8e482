//! Classifying a year's reviews set-based: the surveys are read in one query, classified in
//! Rust by ansinh-core, and the results of the listed households written in one transaction
//! with multi-row INSERTs. Households not on a list get no row: once their campaign is
//! classified (`poverty_campaigns.classified_at`), readers count them as "not poor, not
//! reviewed" from `poverty_facts`, so a first run writes ~37 000 rows at SF 1 instead of
//! 334 000. A later run (after corrected surveys) reads each stored result beside its survey
//! and writes only the results that changed: rewriting all of them was most of a re-run's time
//! on PostgreSQL, three foreign-key checks per row.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use ansinh_core::Settlement;
use ansinh_core::poverty::{Class, Classification, Deprivations, Method, Reason, StandardBook};
use serde_json::json;
use sqlx::{AssertSqlSafe, QueryBuilder};
use uuid::Uuid;

use super::survey::{SURVEY_COLUMNS, SurveyDbRow};
use super::{CHUNK, Campaign, CampaignState, PovertyError, approved_error};
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
    /// Results written: new, or different from the stored one. A run over unchanged surveys
    /// writes none.
    pub written: usize,
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
    /// commune as not poor (no row; see the module text). Replaces the unapproved results of
    /// those campaigns for that year only, writing the ones that changed; earlier years are
    /// never touched. Refused while a listed household has no survey.
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
            .map_err(|e| PovertyError::Standard(e.to_string()))?;
        let mut summary = ClassifySummary {
            year,
            standard_year,
            campaigns: campaigns.len(),
            surveyed: 0,
            households: 0,
            by_class: [0; 4],
            written: 0,
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
                return Err(PovertyError::MissingSurveys {
                    area: c.area.name.clone(),
                    count: (c.listed - c.surveyed) as usize,
                    example: example.unwrap_or_default(),
                }
                .into());
            }
        }
        let by_id: HashMap<Uuid, &Campaign> = campaigns.iter().map(|c| (c.id, c)).collect();
        let all = area_code.is_none();

        // Read: the results these campaigns hold already (none before their first
        // classification), then the surveys in one query for the year (or one commune), each with
        // the result stored for its household and year when there are any, so that only what
        // changed is written. `+f.year` makes the facts be found by their primary key from each
        // survey: without statistics (during a bulk load) SQLite otherwise scans the year's facts
        // once per campaign through `(year, area_id)`.
        let t = Instant::now();
        let one = if all { "" } else { " AND c.id = $2" };
        let stored: i64 = db_run!(&self.db, pool => {
            let mut q = sqlx::query_scalar(AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM poverty_results r JOIN poverty_campaigns c ON c.id = r.campaign_id
                 WHERE c.year = $1 AND c.state <> 'approved'{one}"
            ))).bind(year);
            if !all {
                q = q.bind(campaigns[0].id);
            }
            q.fetch_one(pool).await?
        });
        let from = "FROM poverty_surveys s
             JOIN poverty_campaigns c ON c.id = s.campaign_id
             JOIN poverty_facts f ON f.household_id = s.household_id AND +f.year = c.year";
        let filter = format!("WHERE c.year = $1 AND c.state <> 'approved'{one}");
        let surveys: Vec<(SurveyDbRow, Uuid, Option<Earlier>)> = if stored == 0 {
            let sql = format!("SELECT {SURVEY_COLUMNS}, f.area_id {from} {filter}");
            db_run!(&self.db, pool => {
                let mut q = sqlx::query_as::<_, SurveyWithArea>(AssertSqlSafe(sql)).bind(year);
                if !all {
                    q = q.bind(campaigns[0].id);
                }
                q.fetch_all(pool).await?.into_iter().map(|r| (r.survey, r.area_id, None)).collect()
            })
        } else {
            let sql = format!(
                "SELECT {SURVEY_COLUMNS}, f.area_id, {EARLIER_COLUMNS} {from}
                 LEFT JOIN poverty_results r ON r.household_id = s.household_id AND r.year = c.year
                 {filter}"
            );
            db_run!(&self.db, pool => {
                let mut q = sqlx::query_as::<_, SurveyWithEarlier>(AssertSqlSafe(sql)).bind(year);
                if !all {
                    q = q.bind(campaigns[0].id);
                }
                q.fetch_all(pool).await?.into_iter().map(|r| (r.survey, r.area_id, Some(r.earlier))).collect()
            })
        };
        summary.read = t.elapsed();

        // Classify in Rust with the core.
        let t = Instant::now();
        let mut results: Vec<ResultWrite> = Vec::with_capacity(surveys.len());
        let mut surveyed_in: HashMap<Uuid, u64> = HashMap::with_capacity(campaigns.len());
        // Stored results of these campaigns whose survey was read: if the campaigns hold more,
        // some household lost its survey or moved, and its result must go.
        let mut stored_with_survey: i64 = 0;
        for (s, area_id, earlier) in surveys {
            if !by_id.contains_key(&s.campaign_id) {
                continue;
            }
            let answers = s.answers()?;
            let assessment = answers.validate().map_err(PovertyError::Invalid)?;
            let c = standards
                .classify(&assessment)
                .map_err(|e| PovertyError::Standard(e.to_string()))?;
            summary.by_class[c.class.index()] += 1;
            summary.surveyed += 1;
            *surveyed_in.entry(s.campaign_id).or_default() += 1;
            if earlier.as_ref().and_then(|e| e.r_campaign_id) == Some(s.campaign_id) {
                stored_with_survey += 1;
            }
            let w = ResultWrite {
                household_id: s.household_id,
                campaign_id: s.campaign_id,
                area_id,
                c,
            };
            if !earlier.is_some_and(|e| e.same_as(&w)) {
                results.push(w);
            }
        }
        summary.written = results.len();
        summary.classify = t.elapsed();

        // Write: one transaction.
        let t = Instant::now();
        let now = chrono::Utc::now();
        let not_reviewed: u64 = db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            tx.plan_for_bulk_writes().await?;
            // Results of these campaigns whose household no longer has a survey read above go;
            // the others stay, and are rewritten below only if their class or reason changed.
            // Surveys are replaced but never removed today, so the count taken before the read
            // normally shows there is nothing to delete, and the search for such rows (a probe
            // of the surveys and facts for each stored result, 0.1–0.5 s at SF 1) is skipped.
            if stored > stored_with_survey {
                let no_survey = "NOT EXISTS (SELECT 1 FROM poverty_surveys s
                    JOIN poverty_facts f ON f.household_id = s.household_id AND f.year = poverty_results.year
                    WHERE s.campaign_id = poverty_results.campaign_id AND s.household_id = poverty_results.household_id)";
                if all {
                    sqlx::query(AssertSqlSafe(format!(
                        "DELETE FROM poverty_results WHERE year = $1 AND approved = FALSE
                         AND campaign_id IN (SELECT id FROM poverty_campaigns WHERE year = $1 AND state <> 'approved')
                         AND {no_survey}"
                    ))).bind(year).execute(&mut *tx).await?;
                } else {
                    sqlx::query(AssertSqlSafe(format!(
                        "DELETE FROM poverty_results WHERE campaign_id = $1 AND {no_survey}"
                    ))).bind(campaigns[0].id).execute(&mut *tx).await?;
                }
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
                        .push_bind(method_code(r.method))
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
                // A changed result replaces the stored row in place. An approved row is refused
                // by its trigger, as the insert's key conflict refused it before.
                qb.push(
                    " ON CONFLICT (household_id, year) DO UPDATE SET campaign_id = excluded.campaign_id,
                        area_id = excluded.area_id, class = excluded.class, method = excluded.method,
                        settlement = excluded.settlement, value = excluded.value, line = excluded.line,
                        ceiling = excluded.ceiling, ceiling_confirmed = excluded.ceiling_confirmed,
                        deprivations = excluded.deprivations, deprivation_threshold = excluded.deprivation_threshold,
                        score_b = excluded.score_b, score_b_threshold = excluded.score_b_threshold,
                        standard_from = excluded.standard_from, standard_to = excluded.standard_to,
                        approved = excluded.approved",
                );
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
                audit_append!(&mut *tx, actor, Action::Update, crate::poverty::CAMPAIGN, Some(c.id),
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
            written = summary.written,
            read_ms = summary.read.as_millis() as u64,
            classify_ms = summary.classify.as_millis() as u64,
            write_ms = summary.write.as_millis() as u64,
            ms = started.elapsed().as_millis() as u64,
            "poverty classification"
        );
        Ok(summary)
    }
}

fn method_code(m: Method) -> &'static str {
    match m {
        Method::Income => "income",
        Method::Score => "score",
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

#[derive(sqlx::FromRow)]
struct SurveyWithEarlier {
    #[sqlx(flatten)]
    survey: SurveyDbRow,
    area_id: Uuid,
    #[sqlx(flatten)]
    earlier: Earlier,
}

/// The stored result of the household for the year, beside its survey (all `None` without one).
const EARLIER_COLUMNS: &str = "r.campaign_id AS r_campaign_id, r.area_id AS r_area_id, r.approved AS r_approved,
    r.class AS r_class, r.method AS r_method, r.settlement AS r_settlement, r.value AS r_value, r.line AS r_line,
    r.ceiling AS r_ceiling, r.ceiling_confirmed AS r_ceiling_confirmed, r.deprivations AS r_deprivations,
    r.deprivation_threshold AS r_deprivation_threshold, r.score_b AS r_score_b,
    r.score_b_threshold AS r_score_b_threshold, r.standard_from AS r_standard_from, r.standard_to AS r_standard_to";

#[derive(sqlx::FromRow)]
struct Earlier {
    r_campaign_id: Option<Uuid>,
    r_area_id: Option<Uuid>,
    r_approved: Option<bool>,
    r_class: Option<String>,
    r_method: Option<String>,
    r_settlement: Option<String>,
    r_value: Option<i64>,
    r_line: Option<i64>,
    r_ceiling: Option<i64>,
    r_ceiling_confirmed: Option<bool>,
    r_deprivations: Option<i32>,
    r_deprivation_threshold: Option<i32>,
    r_score_b: Option<i32>,
    r_score_b_threshold: Option<i32>,
    r_standard_from: Option<i32>,
    r_standard_to: Option<i32>,
}

impl Earlier {
    /// Whether the stored row is already `w`, unapproved, so it can stay as it is. A row that
    /// does not read back (corrupt) is rewritten.
    fn same_as(self, w: &ResultWrite) -> bool {
        let (Some(campaign_id), Some(area_id), Some(false)) =
            (self.r_campaign_id, self.r_area_id, self.r_approved)
        else {
            return false;
        };
        let stored = || {
            Some(StoredResult {
                class: self.r_class?,
                method: self.r_method?,
                settlement: self.r_settlement?,
                value: self.r_value,
                line: self.r_line,
                ceiling: self.r_ceiling,
                ceiling_confirmed: self.r_ceiling_confirmed?,
                deprivations: self.r_deprivations?,
                deprivation_threshold: self.r_deprivation_threshold?,
                score_b: self.r_score_b,
                score_b_threshold: self.r_score_b_threshold,
                standard_from: self.r_standard_from?,
                standard_to: self.r_standard_to?,
            })
        };
        campaign_id == w.campaign_id
            && area_id == w.area_id
            && stored()
                .is_some_and(|r| matches!(stored_classification(&r), Ok(Some(c)) if c == w.c))
    }
}
