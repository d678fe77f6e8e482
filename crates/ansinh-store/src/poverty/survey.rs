//! Recording surveys: one at a time from a form (replacing an earlier one, audited before →
//! after) or many from a sheet (all or nothing, each audited).

use std::collections::{HashMap, HashSet};

use ansinh_core::poverty::{
    Assessment, MeansAnswer, SurveyAnswers, SurveyField, SurveyRow, ToiletType, WaterSource,
};
use ansinh_core::{RowError, Settlement};
use chrono::{NaiveDate, Utc};
use serde_json::json;
use sqlx::QueryBuilder;
use uuid::Uuid;

use super::{CHUNK, Campaign, CampaignState, PovertyError, approved_error, outside_area};
use crate::audit::Action;
use crate::error::{Result, StoreError, is_unique_violation};
use crate::registry::bulk::AuditMode;
use crate::registry::import::{ImportOptions, ImportReport};
use crate::tuning::BulkWrite;
use crate::{Actor, Store};

/// One survey as a form hands it over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyInput {
    pub household_code: String,
    /// The settlement is set by the store from the campaign's commune.
    pub answers: SurveyAnswers,
    pub surveyor: String,
    pub surveyed_on: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SurveyRecorded {
    pub survey_id: Uuid,
    pub household_id: Uuid,
    pub assessment: Assessment,
    /// Whether an earlier survey of the household in this campaign was replaced.
    pub replaced: bool,
}

/// A survey ready to insert.
pub(crate) struct SurveyWrite<'a> {
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub household_id: Uuid,
    pub answers: &'a SurveyAnswers,
    pub assessment: Assessment,
    pub surveyor: &'a str,
    pub surveyed_on: NaiveDate,
}

pub(crate) fn snapshot(a: &SurveyAnswers, d: &Assessment) -> String {
    let (income, score_a) = match a.means {
        MeansAnswer::Income(v) => (Some(v), None),
        MeansAnswer::ScoreA(v) => (None, Some(v)),
    };
    json!({
        "settlement": a.settlement.code(),
        "members": a.members,
        "income": income,
        "score_a": score_a,
        "employment": a.member_without_stable_job,
        "dependants": a.dependants,
        "nutrition": a.malnourished_child,
        "health_insurance": a.member_without_health_insurance,
        "adult_education": a.youth_below_expected_education,
        "child_schooling": a.child_not_at_expected_school_level,
        "housing_structure": a.non_durable_main_parts,
        "floor_area_tenths": a.floor_area_tenths_m2,
        "water_source": a.water_source.map(WaterSource::code),
        "toilet": a.toilet.map(ToiletType::code),
        "telecom": a.uses_telecom,
        "information_device": a.has_information_device,
        "children_under_16": a.children_under_16,
        "children_malnourished": a.children_malnourished,
        "children_without_health_insurance": a.children_without_health_insurance,
        "children_not_at_school_level": a.children_not_at_school_level,
        "deprivations": d.deprivations.to_string(),
    })
    .to_string()
}

/// The answers as read back from `poverty_surveys`.
#[derive(sqlx::FromRow)]
pub(crate) struct SurveyDbRow {
    pub campaign_id: Uuid,
    pub household_id: Uuid,
    pub settlement: String,
    pub members: i32,
    pub income: Option<i64>,
    pub score_a: Option<i64>,
    pub no_stable_job: bool,
    pub dependants: i32,
    pub malnourished_child: bool,
    pub no_health_insurance: bool,
    pub youth_below_education: bool,
    pub child_not_at_school_level: bool,
    pub non_durable_parts: i32,
    pub floor_area_tenths: i32,
    pub water_source: String,
    pub toilet: String,
    pub uses_telecom: bool,
    pub has_info_device: bool,
    pub children_under_16: Option<i32>,
    pub children_malnourished: Option<i32>,
    pub children_no_insurance: Option<i32>,
    pub children_out_of_school: Option<i32>,
}

pub(crate) const SURVEY_COLUMNS: &str = "s.campaign_id, s.household_id, s.settlement, s.members, s.income, s.score_a,
    s.no_stable_job, s.dependants, s.malnourished_child, s.no_health_insurance, s.youth_below_education,
    s.child_not_at_school_level, s.non_durable_parts, s.floor_area_tenths, s.water_source, s.toilet,
    s.uses_telecom, s.has_info_device, s.children_under_16, s.children_malnourished,
    s.children_no_insurance, s.children_out_of_school";

impl SurveyDbRow {
    pub(crate) fn answers(&self) -> Result<SurveyAnswers> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("poverty_surveys.{what}"));
        let means = match (self.income, self.score_a) {
            (Some(v), None) => MeansAnswer::Income(v),
            (None, Some(v)) => MeansAnswer::ScoreA(v),
            _ => return Err(corrupt("income/score_a")),
        };
        Ok(SurveyAnswers {
            settlement: Settlement::from_code(&self.settlement)
                .ok_or_else(|| corrupt("settlement"))?,
            members: i64::from(self.members),
            means,
            member_without_stable_job: Some(self.no_stable_job),
            dependants: Some(i64::from(self.dependants)),
            malnourished_child: Some(self.malnourished_child),
            member_without_health_insurance: Some(self.no_health_insurance),
            youth_below_expected_education: Some(self.youth_below_education),
            child_not_at_expected_school_level: Some(self.child_not_at_school_level),
            non_durable_main_parts: Some(i64::from(self.non_durable_parts)),
            floor_area_tenths_m2: Some(i64::from(self.floor_area_tenths)),
            water_source: Some(
                WaterSource::parse(&self.water_source).map_err(|_| corrupt("water_source"))?,
            ),
            toilet: Some(ToiletType::parse(&self.toilet).map_err(|_| corrupt("toilet"))?),
            uses_telecom: Some(self.uses_telecom),
            has_information_device: Some(self.has_info_device),
            children_under_16: self.children_under_16.map(i64::from),
            children_malnourished: self.children_malnourished.map(i64::from),
            children_without_health_insurance: self.children_no_insurance.map(i64::from),
            children_not_at_school_level: self.children_out_of_school.map(i64::from),
        })
    }
}

/// Inserts surveys with multi-row INSERTs on an open transaction. Every answer is present:
/// only validated answers get here.
macro_rules! insert_surveys {
    ($tx:expr, $rows:expr, $now:expr) => {{
        for chunk in $rows.chunks(CHUNK) {
            let mut qb = QueryBuilder::new(
                "INSERT INTO poverty_surveys (id, campaign_id, household_id, settlement, members, income, score_a,
                    no_stable_job, dependants, malnourished_child, no_health_insurance, youth_below_education,
                    child_not_at_school_level, non_durable_parts, floor_area_tenths, water_source, toilet,
                    uses_telecom, has_info_device, children_under_16, children_malnourished,
                    children_no_insurance, children_out_of_school, deprivations, surveyor,
                    surveyed_on, recorded_at) ",
            );
            qb.push_values(chunk, |mut b, w: &SurveyWrite<'_>| {
                let a = w.answers;
                let (income, score_a) = match a.means {
                    MeansAnswer::Income(v) => (Some(v), None),
                    MeansAnswer::ScoreA(v) => (None, Some(v)),
                };
                let small = |v: Option<i64>| v.and_then(|x| i32::try_from(x).ok()).unwrap_or(0);
                // The child counts stay NULL when not recorded (all four or none).
                let count = |v: Option<i64>| v.and_then(|x| i32::try_from(x).ok());
                b.push_bind(w.id)
                    .push_bind(w.campaign_id)
                    .push_bind(w.household_id)
                    .push_bind(a.settlement.code())
                    .push_bind(small(Some(a.members)))
                    .push_bind(income)
                    .push_bind(score_a)
                    .push_bind(a.member_without_stable_job.unwrap_or(false))
                    .push_bind(small(a.dependants))
                    .push_bind(a.malnourished_child.unwrap_or(false))
                    .push_bind(a.member_without_health_insurance.unwrap_or(false))
                    .push_bind(a.youth_below_expected_education.unwrap_or(false))
                    .push_bind(a.child_not_at_expected_school_level.unwrap_or(false))
                    .push_bind(small(a.non_durable_main_parts))
                    .push_bind(small(a.floor_area_tenths_m2))
                    .push_bind(a.water_source.map(WaterSource::code).unwrap_or(""))
                    .push_bind(a.toilet.map(ToiletType::code).unwrap_or(""))
                    .push_bind(a.uses_telecom.unwrap_or(false))
                    .push_bind(a.has_information_device.unwrap_or(false))
                    .push_bind(count(a.children_under_16))
                    .push_bind(count(a.children_malnourished))
                    .push_bind(count(a.children_without_health_insurance))
                    .push_bind(count(a.children_not_at_school_level))
                    .push_bind(i32::from(w.assessment.deprivations.bits()))
                    .push_bind(w.surveyor)
                    .push_bind(w.surveyed_on)
                    .push_bind($now);
            });
            qb.build().execute(&mut *$tx).await.map_err(|e| {
                if is_unique_violation(&e) {
                    StoreError::from(PovertyError::SurveyedTwice { code: "?".into() })
                } else {
                    e.into()
                }
            })?;
        }
    }};
}

/// A household code's id and the commune it belonged to in the year (if the review knows).
type Located = HashMap<String, (Uuid, Option<Uuid>)>;

impl Store {
    pub(crate) async fn locate_households(&self, year: i32, codes: &[&str]) -> Result<Located> {
        let mut out = HashMap::with_capacity(codes.len());
        for chunk in codes.chunks(CHUNK) {
            let found: Vec<(String, Uuid, Option<Uuid>)> = db_run!(&self.db, pool => {
                let mut qb = QueryBuilder::new(
                    "SELECT h.code, h.id, f.area_id FROM households h
                     LEFT JOIN poverty_facts f ON f.household_id = h.id AND f.year = ",
                );
                qb.push_bind(year);
                qb.push(" WHERE h.code IN (");
                let mut sep = qb.separated(", ");
                for code in chunk {
                    sep.push_bind(*code);
                }
                qb.push(")");
                qb.build_query_as::<(String, Uuid, Option<Uuid>)>().fetch_all(pool).await?
            });
            out.extend(found.into_iter().map(|(c, id, a)| (c, (id, a))));
        }
        Ok(out)
    }

    /// The (campaign, household) pairs on the lists of a year's campaigns, and which already
    /// have a survey.
    async fn listed_and_surveyed(
        &self,
        year: i32,
    ) -> Result<(HashSet<(Uuid, Uuid)>, HashSet<(Uuid, Uuid)>)> {
        db_run!(&self.db, pool => {
            let listed: Vec<(Uuid, Uuid)> = sqlx::query_as(
                "SELECT l.campaign_id, l.household_id FROM poverty_campaign_households l
                 JOIN poverty_campaigns c ON c.id = l.campaign_id WHERE c.year = $1",
            ).bind(year).fetch_all(pool).await?;
            let surveyed: Vec<(Uuid, Uuid)> = sqlx::query_as(
                "SELECT s.campaign_id, s.household_id FROM poverty_surveys s
                 JOIN poverty_campaigns c ON c.id = s.campaign_id WHERE c.year = $1",
            ).bind(year).fetch_all(pool).await?;
            Ok((listed.into_iter().collect(), surveyed.into_iter().collect()))
        })
    }

    /// Records the survey of one listed household, replacing an earlier one of the same
    /// campaign. The campaign goes back to "open" if it had been classified, so the results
    /// are computed again before approval.
    pub async fn record_survey(
        &self,
        actor: &Actor,
        campaign: Uuid,
        input: &SurveyInput,
    ) -> Result<SurveyRecorded> {
        let c = self.campaign(campaign).await?;
        if c.state == CampaignState::Approved {
            return Err(approved_error(&c));
        }
        let located = self
            .locate_households(c.year, &[input.household_code.as_str()])
            .await?;
        let (household_id, area) =
            *located
                .get(&input.household_code)
                .ok_or_else(|| StoreError::NotFound {
                    entity: "hộ",
                    key: input.household_code.clone(),
                })?;
        if area != Some(c.area.id) {
            return Err(outside_area(&input.household_code, &c));
        }
        let mut answers = input.answers;
        answers.settlement = c.area.settlement();
        let assessment = answers.validate().map_err(PovertyError::Invalid)?;
        let after = snapshot(&answers, &assessment);
        let now = Utc::now();
        let id = Uuid::now_v7();
        let replaced = db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            let listed: Option<String> = sqlx::query_scalar(
                "SELECT basis FROM poverty_campaign_households WHERE campaign_id = $1 AND household_id = $2",
            ).bind(campaign).bind(household_id).fetch_optional(&mut *tx).await?;
            if listed.is_none() {
                return Err(not_listed(&input.household_code, &c));
            }
            let earlier = sqlx::query_as::<_, SurveyDbRow>(sqlx::AssertSqlSafe(format!(
                "SELECT {} FROM poverty_surveys s WHERE s.campaign_id = $1 AND s.household_id = $2",
                SURVEY_COLUMNS
            )))
            .bind(campaign).bind(household_id).fetch_optional(&mut *tx).await?;
            let before = match &earlier {
                Some(r) => {
                    let a = r.answers()?;
                    let d = a.validate().map_err(|_| StoreError::Corrupt("poverty_surveys".into()))?;
                    sqlx::query("DELETE FROM poverty_surveys WHERE campaign_id = $1 AND household_id = $2")
                        .bind(campaign).bind(household_id).execute(&mut *tx).await?;
                    Some(snapshot(&a, &d))
                }
                None => None,
            };
            let rows = [SurveyWrite {
                id, campaign_id: campaign, household_id, answers: &answers, assessment,
                surveyor: &input.surveyor, surveyed_on: input.surveyed_on,
            }];
            insert_surveys!(tx, rows, now);
            if c.state == CampaignState::Classified {
                sqlx::query("UPDATE poverty_campaigns SET state = 'open', version = version + 1 WHERE id = $1")
                    .bind(campaign).execute(&mut *tx).await?;
            }
            let action = if before.is_some() { Action::Update } else { Action::Create };
            audit_append!(&mut *tx, actor, action, crate::poverty::SURVEY, Some(household_id),
                before.clone(), Some(after), Some(format!("rà soát năm {} – {}", c.year, c.area.code).as_str()))?;
            tx.commit().await?;
            Ok::<bool, StoreError>(before.is_some())
        })?;
        Ok(SurveyRecorded {
            survey_id: id,
            household_id,
            assessment,
            replaced,
        })
    }

    /// Imports the surveys of a year from rows already checked by `ansinh-files`. Each household
    /// must live that year in a commune whose campaign is not approved, be on its list, and
    /// have no survey yet (a second survey in one campaign is refused: correct it one by one
    /// with [`Store::record_survey`]). Nothing is written unless every row is good (or the
    /// caller asked to skip bad rows); each written survey has its audit entry.
    pub async fn import_surveys(
        &self,
        actor: &Actor,
        year: i32,
        rows: &[SurveyRow],
        file_errors: Vec<RowError>,
        rows_total: usize,
        opts: &ImportOptions,
    ) -> Result<ImportReport> {
        self.write_surveys(
            actor,
            year,
            rows,
            file_errors,
            rows_total,
            opts,
            AuditMode::PerRecord(""),
        )
        .await
    }

    /// Loads generated surveys through the same checks as [`Store::import_surveys`], with one
    /// audit entry for the whole call instead of one per survey (as the registry's bulk load
    /// does for generated data): the per-survey snapshots were most of the generator's time.
    pub async fn load_generated_surveys(
        &self,
        actor: &Actor,
        year: i32,
        rows: &[SurveyRow],
        opts: &ImportOptions,
    ) -> Result<ImportReport> {
        let note = opts.audit_note();
        self.write_surveys(
            actor,
            year,
            rows,
            Vec::new(),
            rows.len(),
            opts,
            AuditMode::Summary(&note),
        )
        .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn write_surveys(
        &self,
        actor: &Actor,
        year: i32,
        rows: &[SurveyRow],
        file_errors: Vec<RowError>,
        rows_total: usize,
        opts: &ImportOptions,
        audit: AuditMode<'_>,
    ) -> Result<ImportReport> {
        let started = std::time::Instant::now();
        let mut errors = file_errors;
        let campaigns: HashMap<Uuid, Campaign> = self
            .campaigns(year, None)
            .await?
            .into_iter()
            .map(|c| (c.area.id, c))
            .collect();
        let codes: Vec<&str> = rows.iter().map(|r| r.household_code.as_str()).collect();
        let located = self.locate_households(year, &codes).await?;
        let (listed, surveyed) = self.listed_and_surveyed(year).await?;
        let column = |f: SurveyField| f.label_vi().to_string();
        let code_column = "Mã hộ".to_string();
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(rows.len());
        let mut answers: Vec<(usize, SurveyAnswers, Assessment, Uuid, Uuid)> =
            Vec::with_capacity(rows.len());
        for r in rows {
            let mut bad = |code: &'static str, column: String, message: String| {
                errors.push(RowError {
                    line: r.line,
                    column,
                    code,
                    message,
                });
            };
            if let Some(first) = seen.insert(r.household_code.as_str(), r.line) {
                let e = PovertyError::SurveyedTwice {
                    code: r.household_code.clone(),
                };
                bad(
                    e.code(),
                    code_column.clone(),
                    format!("{e} (dòng {first} và dòng {})", r.line),
                );
                continue;
            }
            let Some(&(household_id, area)) = located.get(&r.household_code) else {
                bad(
                    "not_found",
                    code_column.clone(),
                    format!("không tìm thấy hộ {}", r.household_code),
                );
                continue;
            };
            let Some(c) = area.and_then(|a| campaigns.get(&a)) else {
                let e = PovertyError::OutsideArea {
                    code: r.household_code.clone(),
                    area: "đợt rà soát nào".into(),
                    year,
                };
                bad(
                    e.code(),
                    code_column.clone(),
                    format!(
                        "hộ {} không thuộc xã/phường nào có đợt rà soát năm {year}",
                        r.household_code
                    ),
                );
                continue;
            };
            if c.state == CampaignState::Approved {
                let e = approved_error(c);
                bad("poverty.approved", code_column.clone(), e.to_string());
                continue;
            }
            if !listed.contains(&(c.id, household_id)) {
                let e = not_listed(&r.household_code, c);
                bad("poverty.not_listed", code_column.clone(), e.to_string());
                continue;
            }
            if surveyed.contains(&(c.id, household_id)) {
                let e = PovertyError::SurveyedTwice {
                    code: r.household_code.clone(),
                };
                bad(
                    e.code(),
                    code_column.clone(),
                    format!("{e}: phiếu đã có trong cơ sở dữ liệu"),
                );
                continue;
            }
            let mut a = r.answers;
            a.settlement = c.area.settlement();
            match a.validate() {
                Ok(d) => answers.push((r.line, a, d, c.id, household_id)),
                Err(es) => {
                    for e in es {
                        bad(e.code(), column(e.field()), e.to_string());
                    }
                }
            }
        }
        let mut report = ImportReport::checked(rows_total, errors);
        let good: Vec<(usize, SurveyAnswers, Assessment, Uuid, Uuid)> = if report.errors.is_empty()
        {
            answers
        } else {
            let bad_lines: HashSet<usize> = report.errors.iter().map(|e| e.line).collect();
            answers
                .into_iter()
                .filter(|x| !bad_lines.contains(&x.0))
                .collect()
        };
        if !report.should_write(opts, good.len()) {
            return Ok(report);
        }
        let by_line: HashMap<usize, &SurveyRow> = rows.iter().map(|r| (r.line, r)).collect();
        let writes: Vec<SurveyWrite<'_>> = good
            .iter()
            .map(|(line, a, d, c, h)| SurveyWrite {
                id: Uuid::now_v7(),
                campaign_id: *c,
                household_id: *h,
                answers: a,
                assessment: *d,
                surveyor: by_line[line].surveyor.as_str(),
                surveyed_on: by_line[line].surveyed_on,
            })
            .collect();
        let per_record = matches!(audit, AuditMode::PerRecord(_));
        let audits: Vec<(Uuid, Uuid, String)> = writes
            .iter()
            .filter(|_| per_record)
            .map(|w| {
                (
                    Uuid::now_v7(),
                    w.household_id,
                    snapshot(w.answers, &w.assessment),
                )
            })
            .collect();
        let reopen: HashSet<Uuid> = writes.iter().map(|w| w.campaign_id).collect();
        let prepared = started.elapsed();
        let note = opts.audit_note();
        let now = Utc::now();
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            tx.plan_for_bulk_writes().await?;
            insert_surveys!(tx, writes, now);
            for c in &reopen {
                sqlx::query("UPDATE poverty_campaigns SET state = 'open', version = version + 1 WHERE id = $1 AND state = 'classified'")
                    .bind(c).execute(&mut *tx).await?;
            }
            for chunk in audits.chunks(CHUNK) {
                let mut qb = QueryBuilder::new(
                    "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before_json, after_json, note) ",
                );
                qb.push_values(chunk, |mut b, (id, household, after)| {
                    b.push_bind(*id)
                        .push_bind(now)
                        .push_bind(actor.0.as_str())
                        .push_bind(Action::Import.code())
                        .push_bind("poverty_survey")
                        .push_bind(*household)
                        .push_bind(None::<String>)
                        .push_bind(after.as_str())
                        .push_bind(note.as_str());
                });
                qb.build().execute(&mut *tx).await?;
            }
            if let AuditMode::Summary(note) = audit {
                let note = format!("{note}: {} phiếu khảo sát năm {year}", writes.len());
                audit_append!(&mut *tx, actor, Action::BulkLoad, crate::poverty::SURVEY, None::<Uuid>,
                    None::<String>, None::<String>, Some(note.as_str()))?;
            }
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        report.written = true;
        report.surveys_recorded = writes.len();
        tracing::info!(
            year,
            rows = rows_total,
            written = writes.len(),
            prepare_ms = prepared.as_millis() as u64,
            write_ms = (started.elapsed() - prepared).as_millis() as u64,
            "poverty surveys recorded"
        );
        Ok(report)
    }
}

fn not_listed(code: &str, c: &Campaign) -> StoreError {
    PovertyError::NotListed {
        code: code.to_string(),
        area: c.area.name.clone(),
        year: c.year,
    }
    .into()
}
