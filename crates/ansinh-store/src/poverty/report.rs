//! The data of the report set: a year's results (and the previous year's, for the movements)
//! read in bulk and aggregated by ansinh-core's `report::aggregate` and `movements_by_area`,
//! by commune as of that year or mapped onto today's communes through the 2025 successors.

use std::collections::HashMap;

use ansinh_core::Ethnicity;
use ansinh_core::poverty::{
    AreaBasis, AreaKey, Causes, ChildCounts, Class, Deprivations, GroupFacts, History,
    ListedHousehold, PovertyReport, ReportRow, Transition, aggregate, movements_by_area,
};
use chrono::NaiveDate;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use super::PovertyError;
use super::classify::{StoredResult, result_sentence_vi};
use crate::error::{Result, StoreError};
use crate::{Store, rows};

#[derive(sqlx::FromRow)]
struct YearRow {
    household_id: Uuid,
    area_id: Uuid,
    class: String,
    deprivations: i32,
    farming: bool,
    no_working_capacity: bool,
    person_of_merit: bool,
    causes: i32,
    ethnicity: Option<i16>,
    sex: Option<String>,
}

/// What a year's surveys add to the report rows: the household's members and child counts.
#[derive(sqlx::FromRow)]
struct SurveyExtra {
    household_id: Uuid,
    members: i32,
    children_under_16: Option<i32>,
    children_malnourished: Option<i32>,
    children_no_insurance: Option<i32>,
    children_out_of_school: Option<i32>,
}

impl SurveyExtra {
    /// The child counts when all four were recorded.
    fn children(&self) -> Option<ChildCounts> {
        let n = |v: Option<i32>| v.and_then(|x| u16::try_from(x).ok());
        Some(ChildCounts {
            under_16: n(self.children_under_16)?,
            malnourished: n(self.children_malnourished)?,
            without_health_insurance: n(self.children_no_insurance)?,
            not_at_school_level: n(self.children_out_of_school)?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ListRow {
    area_id: Uuid,
    code: String,
    address: String,
    full_name: Option<String>,
    ethnicity: Option<i16>,
    members: Option<i32>,
    #[sqlx(flatten)]
    result: StoredResult,
}

fn class_of(code: &str) -> Result<Class> {
    Class::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("poverty class '{code}'")))
}

impl Store {
    /// The key of an area in a report, cached: the area itself, or the commune it is today.
    async fn report_key(
        &self,
        cache: &mut HashMap<Uuid, AreaKey>,
        area: Uuid,
        basis: AreaBasis,
        today: NaiveDate,
    ) -> Result<AreaKey> {
        if let Some(k) = cache.get(&area) {
            return Ok(k.clone());
        }
        let a = match basis {
            AreaBasis::AsOfYear => self.area(area).await?,
            AreaBasis::Today => {
                // Huế's communes merged whole, so each old commune has one successor.
                let mut now = self.current_of(area, today).await?;
                if now.is_empty() {
                    self.area(area).await?
                } else {
                    now.swap_remove(0)
                }
            }
        };
        let key = AreaKey {
            code: a.code,
            name: a.name,
        };
        cache.insert(area, key.clone());
        Ok(key)
    }

    /// The report data of a year. `within` limits it to these communes (ids of any date, as
    /// an account's scope lists them).
    pub async fn poverty_report(
        &self,
        year: i32,
        basis: AreaBasis,
        within: Option<&[Uuid]>,
    ) -> Result<PovertyReport> {
        let today = crate::today_vn();
        let inside = |a: &Uuid| within.is_none_or(|w| w.contains(a));
        // Every household of a classified commune in the year, from the facts: the listed ones
        // with their stored result, the others "not poor" (no row, see `classify`).
        let rows: Vec<YearRow> = db_run!(&self.db, pool => {
            sqlx::query_as::<_, YearRow>(
                "SELECT f.household_id, f.area_id, COALESCE(r.class, 'khong_ngheo') AS class,
                        COALESCE(r.deprivations, 0) AS deprivations, f.farming, f.no_working_capacity,
                        f.person_of_merit, f.causes, p.ethnicity, p.sex
                 FROM poverty_facts f
                 JOIN poverty_campaigns c ON c.year = f.year AND c.area_id = f.area_id
                 JOIN households h ON h.id = f.household_id
                 LEFT JOIN poverty_results r ON r.household_id = f.household_id AND r.year = f.year
                 LEFT JOIN persons p ON p.id = h.head_id
                 WHERE f.year = $1 AND c.classified_at IS NOT NULL",
            ).bind(year).fetch_all(pool).await?
        });
        if rows.is_empty() {
            return Err(PovertyError::NoResults { year }.into());
        }
        // The surveys of the year, read on their own and matched in memory: joining them to
        // every household of the year above would look up the surveys' index once per
        // household, though only the listed ones have a survey.
        let extras: HashMap<Uuid, SurveyExtra> = db_run!(&self.db, pool => {
            sqlx::query_as::<_, SurveyExtra>(
                "SELECT s.household_id, s.members, s.children_under_16, s.children_malnourished,
                        s.children_no_insurance, s.children_out_of_school
                 FROM poverty_surveys s JOIN poverty_campaigns c ON c.id = s.campaign_id
                 WHERE c.year = $1",
            ).bind(year).fetch_all(pool).await?
        })
        .into_iter()
        .map(|e| (e.household_id, e))
        .collect();
        let previous: Vec<(Uuid, Uuid, String)> = db_run!(&self.db, pool => {
            sqlx::query_as(
                "SELECT f.household_id, f.area_id, COALESCE(r.class, 'khong_ngheo')
                 FROM poverty_facts f
                 JOIN poverty_campaigns c ON c.year = f.year AND c.area_id = f.area_id
                 LEFT JOIN poverty_results r ON r.household_id = f.household_id AND r.year = f.year
                 WHERE f.year = $1 AND c.classified_at IS NOT NULL",
            ).bind(year - 1).fetch_all(pool).await?
        });
        let earlier: Vec<(Uuid, i32, i32)> = db_run!(&self.db, pool => {
            sqlx::query_as(
                "SELECT household_id, MAX(CASE WHEN class = 'ngheo' THEN 1 ELSE 0 END),
                        MAX(CASE WHEN class = 'can_ngheo' THEN 1 ELSE 0 END)
                 FROM poverty_results WHERE year < $1 AND class IN ('ngheo', 'can_ngheo')
                 GROUP BY household_id",
            ).bind(year - 1).fetch_all(pool).await?
        });

        let mut keys = HashMap::new();
        let mut report_rows = Vec::with_capacity(rows.len());
        let mut end: HashMap<Uuid, (AreaKey, Class)> = HashMap::with_capacity(rows.len());
        for r in rows.iter().filter(|r| inside(&r.area_id)) {
            let key = self.report_key(&mut keys, r.area_id, basis, today).await?;
            let class = class_of(&r.class)?;
            let head_ethnicity = match r.ethnicity {
                Some(e) => rows::ethnicity(e)?,
                None => Ethnicity::KINH,
            };
            end.insert(r.household_id, (key.clone(), class));
            let extra = extras.get(&r.household_id);
            report_rows.push(ReportRow {
                area: key,
                class,
                deprivations: u16::try_from(r.deprivations)
                    .ok()
                    .and_then(Deprivations::from_bits)
                    .ok_or_else(|| StoreError::Corrupt("poverty_results.deprivations".into()))?,
                farming: r.farming,
                groups: GroupFacts {
                    head_ethnicity,
                    no_working_capacity: r.no_working_capacity,
                    person_of_merit: r.person_of_merit,
                },
                causes: u16::try_from(r.causes)
                    .ok()
                    .and_then(Causes::from_bits)
                    .ok_or_else(|| StoreError::Corrupt("poverty_facts.causes".into()))?,
                members: extra.and_then(|e| u16::try_from(e.members).ok()),
                female_head: r.sex.as_deref().map(rows::sex).transpose()?
                    == Some(ansinh_core::Sex::Female),
                children: extra.and_then(SurveyExtra::children),
            });
        }
        let stats = aggregate(&report_rows);

        let history: HashMap<Uuid, History> = earlier
            .into_iter()
            .map(|(h, p, n)| {
                (
                    h,
                    History {
                        ever_poor: p == 1,
                        ever_near_poor: n == 1,
                    },
                )
            })
            .collect();
        let has_previous_year = !previous.is_empty();
        let mut transitions: Vec<(AreaKey, Transition)> = Vec::with_capacity(end.len() + 16);
        let mut started: HashMap<Uuid, (AreaKey, Class)> = HashMap::with_capacity(previous.len());
        for (h, area, class) in previous.iter().filter(|(_, a, _)| inside(a)) {
            let key = self.report_key(&mut keys, *area, basis, today).await?;
            started.insert(*h, (key, class_of(class)?));
        }
        if has_previous_year {
            for (h, (key, class)) in &end {
                let earlier = history.get(h).copied().unwrap_or_default();
                match started.get(h) {
                    Some((k0, c0)) if k0 == key => transitions.push((
                        key.clone(),
                        Transition {
                            start: Some(*c0),
                            end: Some(*class),
                            earlier,
                        },
                    )),
                    Some((k0, c0)) => {
                        // Moved between communes: a departure from one, an arrival in the other.
                        transitions.push((
                            k0.clone(),
                            Transition {
                                start: Some(*c0),
                                end: None,
                                earlier,
                            },
                        ));
                        transitions.push((
                            key.clone(),
                            Transition {
                                start: None,
                                end: Some(*class),
                                earlier,
                            },
                        ));
                    }
                    None => transitions.push((
                        key.clone(),
                        Transition {
                            start: None,
                            end: Some(*class),
                            earlier,
                        },
                    )),
                }
            }
            for (h, (k0, c0)) in &started {
                if !end.contains_key(h) {
                    let earlier = history.get(h).copied().unwrap_or_default();
                    transitions.push((
                        k0.clone(),
                        Transition {
                            start: Some(*c0),
                            end: None,
                            earlier,
                        },
                    ));
                }
            }
        }
        let movements = movements_by_area(&transitions);

        let list_rows: Vec<ListRow> = db_run!(&self.db, pool => {
            sqlx::query_as::<_, ListRow>(AssertSqlSafe(
                "SELECT r.area_id, h.code, h.address, p.full_name, p.ethnicity, s.members,
                        r.class, r.method, r.settlement, r.value, r.line, r.ceiling, r.ceiling_confirmed,
                        r.deprivations, r.deprivation_threshold, r.score_b, r.score_b_threshold,
                        r.standard_from, r.standard_to
                 FROM poverty_results r
                 JOIN households h ON h.id = r.household_id
                 LEFT JOIN persons p ON p.id = h.head_id
                 LEFT JOIN poverty_surveys s ON s.campaign_id = r.campaign_id AND s.household_id = r.household_id
                 WHERE r.year = $1 AND r.class IN ('ngheo', 'can_ngheo')
                 ORDER BY h.code",
            )).bind(year).fetch_all(pool).await?
        });
        let (mut poor, mut near_poor) = (Vec::new(), Vec::new());
        for r in list_rows.into_iter().filter(|r| inside(&r.area_id)) {
            let class = class_of(&r.result.class)?;
            let listed = ListedHousehold {
                area: self.report_key(&mut keys, r.area_id, basis, today).await?,
                household_code: r.code,
                head_name: r.full_name,
                head_ethnicity: r.ethnicity.map(rows::ethnicity).transpose()?,
                address: r.address,
                members: r.members,
                class,
                deprivations: u16::try_from(r.result.deprivations)
                    .ok()
                    .and_then(Deprivations::from_bits)
                    .unwrap_or(Deprivations::NONE),
                reason_vi: result_sentence_vi(&r.result, year)?,
            };
            if class == Class::Poor {
                poor.push(listed);
            } else {
                near_poor.push(listed);
            }
        }
        let by_area = |a: &ListedHousehold, b: &ListedHousehold| {
            (&a.area, &a.household_code).cmp(&(&b.area, &b.household_code))
        };
        poor.sort_by(by_area);
        near_poor.sort_by(by_area);
        let campaigns = self.campaigns(year, within).await?;
        Ok(PovertyReport {
            year,
            basis,
            stats,
            movements,
            has_previous_year,
            poor,
            near_poor,
            campaigns_approved: campaigns
                .iter()
                .filter(|c| c.state == super::CampaignState::Approved)
                .count(),
            campaigns: campaigns.len(),
        })
    }
}
