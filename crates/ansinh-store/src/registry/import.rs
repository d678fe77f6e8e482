//! Imports of persons and households from files already parsed and field-checked by
//! `ansinh-files`. Here the rows are checked against the database (areas in force, IDs and
//! codes already registered, households that exist), then written in one transaction.
//!
//! By default nothing is written unless every row is good; `skip_bad_rows` writes the good
//! rows and reports the rest; `dry_run` only reports.

use ansinh_core::registry::RegistryError;
use std::collections::{HashMap, HashSet};

use ansinh_core::registry::{HouseholdRecord, HouseholdRow, MemberRecord, PersonRecord, PersonRow};
use ansinh_core::{AreaLevel, Field, MoveReason, Relation, RowError};
use chrono::NaiveDate;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::error::Result;
use crate::registry::bulk::{AuditMode, BulkRecords};
use crate::{Actor, Store, today_vn};

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub dry_run: bool,
    pub skip_bad_rows: bool,
    /// The file name, written to the audit log with each record.
    pub source: String,
}

#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// Data rows in the file.
    pub rows_total: usize,
    /// Rows with no error.
    pub rows_ok: usize,
    /// Every error, sorted by row; a row may have several.
    pub errors: Vec<RowError>,
    /// Whether anything was written.
    pub written: bool,
    pub persons_created: usize,
    pub households_created: usize,
    /// Poverty-review surveys written.
    pub surveys_recorded: usize,
}

impl ImportReport {
    pub fn bad_lines(&self) -> usize {
        self.errors
            .iter()
            .map(|e| e.line)
            .collect::<HashSet<_>>()
            .len()
    }

    /// The report after every check, before anything is written.
    pub(crate) fn checked(rows_total: usize, mut errors: Vec<RowError>) -> ImportReport {
        errors.sort_by_key(|e| e.line);
        let mut report = ImportReport {
            rows_total,
            errors,
            ..ImportReport::default()
        };
        report.rows_ok = rows_total - report.bad_lines();
        report
    }

    /// Whether to write: not a dry run, something to write, and either no bad row or the
    /// caller asked to skip bad rows (all-or-nothing is the default).
    pub(crate) fn should_write(&self, opts: &ImportOptions, good_records: usize) -> bool {
        !opts.dry_run && good_records > 0 && (self.errors.is_empty() || opts.skip_bad_rows)
    }
}

impl ImportOptions {
    /// The note written with each imported record in the audit log.
    pub(crate) fn audit_note(&self) -> String {
        format!("nhập từ tệp {}", self.source)
    }
}

fn row_error(line: usize, field: Field, code: &'static str, message: String) -> RowError {
    RowError {
        line,
        column: field.label_vi().to_string(),
        code,
        message,
    }
}

/// Rows per `IN (...)` lookup.
const LOOKUP_CHUNK: usize = 1000;

impl Store {
    /// Which of these values already exist in `table.column`.
    async fn existing(
        &self,
        table: &str,
        column: &str,
        values: &[String],
    ) -> Result<HashSet<String>> {
        let mut found = HashSet::new();
        for chunk in values.chunks(LOOKUP_CHUNK) {
            let sql = format!("SELECT {column} FROM {table} WHERE {column} IN (");
            let part: Vec<String> = db_run!(&self.db, pool => {
                let mut qb = QueryBuilder::new(sql);
                let mut sep = qb.separated(", ");
                for v in chunk {
                    sep.push_bind(v.as_str());
                }
                qb.push(")");
                qb.build_query_scalar::<String>().fetch_all(pool).await?
            });
            found.extend(part);
        }
        Ok(found)
    }

    /// Resolves commune codes in force on `on`; unknown or non-commune codes map to `None`.
    async fn resolve_communes(
        &self,
        codes: impl Iterator<Item = &str>,
        on: NaiveDate,
    ) -> Result<HashMap<String, Option<Uuid>>> {
        let mut out = HashMap::new();
        for code in codes {
            if out.contains_key(code) {
                continue;
            }
            let id = match self.area_by_code(code, on).await {
                Ok(a) if a.level == AreaLevel::Commune => Some(a.id),
                Ok(_) | Err(crate::StoreError::Registry(RegistryError::UnknownArea { .. })) => None,
                Err(e) => return Err(e),
            };
            out.insert(code.to_string(), id);
        }
        Ok(out)
    }

    /// Imports households. Each must name a commune in force today and a code not yet
    /// registered; a head given by personal ID must be registered and live in no household.
    pub async fn import_households(
        &self,
        actor: &Actor,
        rows: &[HouseholdRow],
        file_errors: Vec<RowError>,
        rows_total: usize,
        opts: &ImportOptions,
    ) -> Result<ImportReport> {
        let today = today_vn();
        let mut errors = file_errors;
        let areas = self
            .resolve_communes(rows.iter().map(|r| r.area_code.as_str()), today)
            .await?;
        let codes: Vec<String> = rows.iter().map(|r| r.code.clone()).collect();
        let taken = self.existing("households", "code", &codes).await?;

        let mut households = Vec::new();
        let mut members = Vec::new();
        for r in rows {
            let mut bad = false;
            let area = areas.get(&r.area_code).copied().flatten();
            if area.is_none() {
                errors.push(row_error(
                    r.line,
                    Field::Area,
                    "registry.unknown_area",
                    format!("mã xã/phường {} không có hiệu lực hôm nay", r.area_code),
                ));
                bad = true;
            }
            if taken.contains(&r.code) {
                errors.push(row_error(
                    r.line,
                    Field::HouseholdCode,
                    "registry.duplicate_household_code",
                    format!("mã hộ {} đã có trong sổ đăng ký", r.code),
                ));
                bad = true;
            }
            let mut head = None;
            if let Some(pid) = &r.head_personal_id {
                match self.person_by_pid(pid.as_str()).await? {
                    None => {
                        errors.push(RowError {
                            line: r.line,
                            column: "Số định danh chủ hộ".into(),
                            code: "registry.head_unknown",
                            message: format!(
                                "chủ hộ {pid} chưa có trong sổ đăng ký: nhập nhân khẩu trước"
                            ),
                        });
                        bad = true;
                    }
                    Some(p) if p.household.is_some() => {
                        let code = p
                            .household
                            .as_ref()
                            .map(|h| h.1.clone())
                            .unwrap_or_default();
                        errors.push(RowError {
                            line: r.line,
                            column: "Số định danh chủ hộ".into(),
                            code: "registry.head_in_household",
                            message: format!(
                                "{} đang ở hộ {code}; chuyển hộ trên màn hình hộ gia đình",
                                p.full_name
                            ),
                        });
                        bad = true;
                    }
                    Some(p) => head = Some(p.id),
                }
            }
            if bad || area.is_none() {
                continue;
            }
            let id = Uuid::now_v7();
            households.push(HouseholdRecord {
                id,
                code: r.code.clone(),
                area_id: area.expect("checked above"),
                address: r.address.clone(),
                head_id: head,
            });
            if let Some(person_id) = head {
                members.push(MemberRecord {
                    household_id: id,
                    person_id,
                    relation: Relation::Head,
                    joined_on: today,
                    join_reason: MoveReason::Registered,
                });
            }
        }
        let mut report = ImportReport::checked(rows_total, errors);
        if !report.should_write(opts, households.len()) {
            return Ok(report);
        }
        let note = opts.audit_note();
        self.bulk_load(
            actor,
            BulkRecords {
                households: &households,
                members: &members,
                ..Default::default()
            },
            AuditMode::PerRecord(&note),
        )
        .await?;
        report.written = true;
        report.households_created = households.len();
        Ok(report)
    }

    /// Imports persons. Each must name a commune in force today, carry an ID not yet
    /// registered, and (if it names a household) a household that is registered; a row marked
    /// "Chủ hộ" becomes the head of a household that has none.
    pub async fn import_persons(
        &self,
        actor: &Actor,
        rows: &[PersonRow],
        file_errors: Vec<RowError>,
        rows_total: usize,
        opts: &ImportOptions,
    ) -> Result<ImportReport> {
        let today = today_vn();
        let mut errors = file_errors;
        let areas = self
            .resolve_communes(rows.iter().map(|r| r.person.area_code.as_str()), today)
            .await?;
        let pids: Vec<String> = rows
            .iter()
            .filter_map(|r| {
                r.person
                    .personal_id
                    .as_ref()
                    .map(|p| p.as_str().to_string())
            })
            .collect();
        let taken = self.existing("persons", "personal_id", &pids).await?;
        let mut household_codes: Vec<String> = rows
            .iter()
            .filter_map(|r| r.household_code.clone())
            .collect();
        household_codes.sort();
        household_codes.dedup();
        let mut households = HashMap::new();
        for code in &household_codes {
            if let Some(h) = self.household_by_code(code).await? {
                households.insert(code.clone(), h);
            }
        }

        let mut persons = Vec::new();
        let mut members = Vec::new();
        let mut heads = Vec::new();
        for r in rows {
            let mut bad = false;
            let area = areas.get(&r.person.area_code).copied().flatten();
            if area.is_none() {
                errors.push(row_error(
                    r.line,
                    Field::Area,
                    "registry.unknown_area",
                    format!(
                        "mã xã/phường {} không có hiệu lực hôm nay",
                        r.person.area_code
                    ),
                ));
                bad = true;
            }
            if let Some(pid) = &r.person.personal_id
                && taken.contains(pid.as_str())
            {
                errors.push(row_error(
                    r.line,
                    Field::PersonalId,
                    "registry.duplicate_pid",
                    format!("số định danh {pid} đã có trong sổ đăng ký"),
                ));
                bad = true;
            }
            let household = match &r.household_code {
                None => None,
                Some(code) => match households.get(code) {
                    None => {
                        errors.push(row_error(
                            r.line,
                            Field::HouseholdCode,
                            "registry.household_unknown",
                            format!("mã hộ {code} chưa có trong sổ: nhập tệp hộ gia đình trước"),
                        ));
                        bad = true;
                        None
                    }
                    Some(h) => {
                        if r.relation == Some(Relation::Head) && h.head_id.is_some() {
                            errors.push(row_error(
                                r.line,
                                Field::Relation,
                                "registry.head_exists",
                                format!("hộ {code} đã có chủ hộ"),
                            ));
                            bad = true;
                        }
                        Some(h.id)
                    }
                },
            };
            if bad {
                continue;
            }
            let id = Uuid::now_v7();
            persons.push(PersonRecord::from_valid(
                id,
                r.person.clone(),
                area.expect("checked above"),
            ));
            if let (Some(household_id), Some(relation)) = (household, r.relation) {
                members.push(MemberRecord {
                    household_id,
                    person_id: id,
                    relation,
                    joined_on: today,
                    join_reason: MoveReason::Registered,
                });
                if relation == Relation::Head {
                    heads.push((household_id, id));
                }
            }
        }
        let mut report = ImportReport::checked(rows_total, errors);
        if !report.should_write(opts, persons.len()) {
            return Ok(report);
        }
        let note = opts.audit_note();
        self.bulk_load(
            actor,
            BulkRecords {
                persons: &persons,
                members: &members,
                heads: &heads,
                ..Default::default()
            },
            AuditMode::PerRecord(&note),
        )
        .await?;
        report.written = true;
        report.persons_created = persons.len();
        Ok(report)
    }
}
