//! What comes out of a payroll run: totals by group and commune, the payment list of each
//! commune, the list of people due a health-insurance card, and the paying agent's result
//! (paid / not paid) read back in.

use std::collections::{BTreeMap, HashMap};

use ansinh_core::RowError;
use ansinh_core::payroll::{Month, PaymentListRow, PaymentResultRow, Totals};
use chrono::{Datelike, NaiveDate, Utc};
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::assistance::CHUNK;
use crate::audit::Action;
use crate::error::{Result, StoreError};
use crate::{Actor, Store};
use ansinh_core::payroll::{PayrollError, RunAction, RunState};

/// Totals of a run by beneficiary group and by commune; each partition adds up to the run's
/// totals because both are sums of the same lines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunTotals {
    /// Group code (`None`: recoveries for months in which nothing was due).
    pub by_group: BTreeMap<Option<String>, Totals>,
    /// Commune code and name.
    pub by_commune: BTreeMap<(String, String), Totals>,
}

/// One person due a health-insurance card (Điều 9): everyone with a regular line in the month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsuranceRow {
    pub personal_id: Option<String>,
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub commune_code: String,
    pub group: String,
}

type InsuranceDbRow = (Option<String>, String, NaiveDate, String, Option<String>);

type TotalRow = (Option<String>, String, String, String, i64, i64);

impl Store {
    /// A run's beneficiaries and totals within some communes: what an account of those
    /// communes is shown of a province-wide run.
    pub async fn run_totals_within(&self, run: Uuid, areas: &[Uuid]) -> Result<(i64, Totals)> {
        let filter = crate::db::in_list("area_id", Some(areas));
        let run_param = areas.len() + 1;
        let sums = format!(
            "SELECT kind, CAST(SUM(amount) AS BIGINT), COUNT(*) FROM payroll_lines
             {filter} AND run_id = ${run_param} GROUP BY kind"
        );
        let people = format!(
            "SELECT COUNT(DISTINCT beneficiary_id) FROM payroll_lines {filter} AND run_id = ${run_param}"
        );
        let (rows, beneficiaries): (Vec<(String, i64, i64)>, i64) = db_run!(&self.db, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sums));
            let mut c = sqlx::query_scalar(sqlx::AssertSqlSafe(people));
            for a in areas {
                q = q.bind(*a);
                c = c.bind(*a);
            }
            (q.bind(run).fetch_all(pool).await?, c.bind(run).fetch_one(pool).await?)
        });
        let mut totals = Totals::default();
        for (kind, sum, count) in rows {
            match kind.as_str() {
                "regular" => totals.regular += sum,
                "arrears" => totals.arrears += sum,
                _ => totals.recovery += sum,
            }
            totals.lines += count as usize;
        }
        Ok((beneficiaries, totals))
    }

    pub async fn run_totals(&self, run: Uuid) -> Result<RunTotals> {
        let rows: Vec<TotalRow> = db_run!(&self.db, pool => sqlx::query_as(
            "SELECT l.group_code, a.code, a.name, l.kind, CAST(SUM(l.amount) AS BIGINT), COUNT(*)
             FROM payroll_lines l JOIN areas a ON a.id = l.area_id
             WHERE l.run_id = $1 GROUP BY l.group_code, a.code, a.name, l.kind",
        )
        .bind(run)
        .fetch_all(pool)
        .await?);
        let mut out = RunTotals::default();
        for (group, code, name, kind, sum, count) in rows {
            for t in [
                out.by_group.entry(group.clone()).or_default(),
                out.by_commune
                    .entry((code.clone(), name.clone()))
                    .or_default(),
            ] {
                match kind.as_str() {
                    "regular" => t.regular += sum,
                    "arrears" => t.arrears += sum,
                    _ => t.recovery += sum,
                }
                t.lines += count as usize;
            }
        }
        Ok(out)
    }

    /// One row per beneficiary of a run in a commune (or all), ordered by commune then name:
    /// the month's allowance and the net of the adjustments.
    pub async fn payment_list(
        &self,
        run: Uuid,
        area: Option<Uuid>,
    ) -> Result<Vec<(Uuid, PaymentListRow)>> {
        type Row = (
            Uuid,
            Uuid,
            String,
            NaiveDate,
            String,
            String,
            Option<String>,
            Option<i32>,
            i64,
        );
        let rows: Vec<Row> = db_run!(&self.db, pool => {
            let mut qb = QueryBuilder::new(
                "SELECT l.area_id, b.id, p.full_name, p.birth_date, b.address, l.kind, l.group_code,
                    l.coefficient, l.amount
                 FROM payroll_lines l JOIN beneficiaries b ON b.id = l.beneficiary_id
                 JOIN persons p ON p.id = b.person_id WHERE l.run_id = ",
            );
            qb.push_bind(run);
            if let Some(a) = area {
                qb.push(" AND l.area_id = ");
                qb.push_bind(a);
            }
            qb.push(" ORDER BY l.area_id, p.name_folded, b.id, l.line_no");
            qb.build_query_as().fetch_all(pool).await?
        });
        let mut out: Vec<(Uuid, PaymentListRow)> = Vec::new();
        let mut last: Option<Uuid> = None;
        for (area_id, ben, name, birth, address, kind, group, coefficient, amount) in rows {
            if last != Some(ben) {
                out.push((
                    area_id,
                    PaymentListRow {
                        full_name: name,
                        birth_year: birth.year(),
                        address,
                        group: String::new(),
                        coefficient: 0,
                        monthly: 0,
                        adjustment: 0,
                    },
                ));
                last = Some(ben);
            }
            let row = &mut out.last_mut().expect("pushed above").1;
            if kind == "regular" {
                row.monthly += amount;
                row.coefficient += coefficient.unwrap_or(0);
                // Several regular lines are several groups (a single parent also elderly);
                // an arrears line read first may already have named the group.
                if let Some(g) = group
                    && !row.group.split('+').any(|x| x == g)
                {
                    if !row.group.is_empty() {
                        row.group.push('+');
                    }
                    row.group.push_str(&g);
                }
            } else {
                row.adjustment += amount;
                if row.group.is_empty() {
                    row.group = group.unwrap_or_default();
                }
            }
        }
        Ok(out)
    }

    /// Everyone with a regular line in a month's runs: the health-insurance card list.
    pub async fn insurance_list(&self, month: Month) -> Result<Vec<InsuranceRow>> {
        let rows: Vec<InsuranceDbRow> = db_run!(&self.db, pool => sqlx::query_as(
                "SELECT p.personal_id, p.full_name, p.birth_date, a.code, MIN(l.group_code)
                 FROM payroll_lines l JOIN payroll_runs r ON r.id = l.run_id
                 JOIN beneficiaries b ON b.id = l.beneficiary_id JOIN persons p ON p.id = b.person_id
                 JOIN areas a ON a.id = l.area_id
                 WHERE r.month = $1 AND l.kind = 'regular' AND l.for_month = $1
                 GROUP BY p.personal_id, p.full_name, p.birth_date, a.code, p.name_folded, b.id
                 ORDER BY a.code, p.name_folded, b.id",
            )
            .bind(month.first_day())
            .fetch_all(pool)
            .await?);
        Ok(rows
            .into_iter()
            .map(|r| InsuranceRow {
                personal_id: r.0,
                full_name: r.1,
                birth_date: r.2,
                commune_code: r.3,
                group: r.4.unwrap_or_default(),
            })
            .collect())
    }

    /// Reads back the paying agent's result for a locked run. Every row must name a
    /// beneficiary of the run (by id or personal ID), the run's month and exactly the net
    /// amount of that beneficiary's lines; otherwise nothing is written and every bad row is
    /// reported. A beneficiary reported not paid is recalculated from the earliest month of
    /// those lines, so the next run pays the amount again as arrears.
    pub async fn import_payment_results(
        &self,
        actor: &Actor,
        run: Uuid,
        rows: &[PaymentResultRow],
        file_name: &str,
    ) -> Result<usize> {
        let r = self.payroll_run(run).await?;
        RunState::apply(Some(r.state), RunAction::RecordResults, r.month)?;
        // Net amount and earliest month per beneficiary, with both keys a file may use.
        let nets: Vec<(Uuid, Option<String>, i64, NaiveDate)> = db_run!(&self.db, pool => sqlx::query_as(
            "SELECT l.beneficiary_id, p.personal_id, CAST(SUM(l.amount) AS BIGINT), MIN(l.for_month)
             FROM payroll_lines l JOIN beneficiaries b ON b.id = l.beneficiary_id
             JOIN persons p ON p.id = b.person_id
             WHERE l.run_id = $1 GROUP BY l.beneficiary_id, p.personal_id",
        )
        .bind(run)
        .fetch_all(pool)
        .await?);
        let mut by_key: HashMap<String, (Uuid, i64, NaiveDate)> = HashMap::new();
        for (id, pid, net, first) in nets {
            by_key.insert(id.to_string(), (id, net, first));
            if let Some(pid) = pid {
                by_key.insert(pid, (id, net, first));
            }
        }
        let mut errors = Vec::new();
        let mut seen: HashMap<Uuid, usize> = HashMap::new();
        let mut accepted: Vec<(Uuid, i64, bool, NaiveDate)> = Vec::new();
        for row in rows {
            let err = |column: &str, code: &'static str, message: String| RowError {
                line: row.line,
                column: column.to_string(),
                code,
                message,
            };
            let Some(&(id, net, first)) = by_key.get(row.beneficiary.trim()) else {
                errors.push(err(
                    "Mã đối tượng",
                    "payment.unknown_beneficiary",
                    format!(
                        "'{}' không có trong bảng chi tháng {}",
                        row.beneficiary,
                        r.month.format_vn()
                    ),
                ));
                continue;
            };
            if row.month != r.month {
                errors.push(err(
                    "Tháng",
                    "payment.wrong_month",
                    format!(
                        "tháng {} khác tháng của bảng chi {}",
                        row.month.format_vn(),
                        r.month.format_vn()
                    ),
                ));
            }
            if row.amount != net {
                errors.push(err(
                    "Số tiền",
                    "payment.amount_mismatch",
                    format!("số tiền {} khác số phải chi {}", row.amount, net),
                ));
            }
            if let Some(earlier) = seen.insert(id, row.line) {
                errors.push(err(
                    "Mã đối tượng",
                    "payment.duplicate",
                    format!("đối tượng đã có ở dòng {earlier}"),
                ));
            }
            accepted.push((id, row.amount, row.paid, first));
        }
        if !errors.is_empty() {
            return Err(StoreError::Rows(errors));
        }
        let now = Utc::now();
        let unpaid = accepted.iter().filter(|a| !a.2).count();
        let note = format!(
            "kết quả chi trả tháng {} từ tệp {file_name}: {} dòng, {unpaid} chưa nhận",
            r.month.format_vn(),
            accepted.len()
        );
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            for chunk in accepted.chunks(CHUNK) {
                let mut qb = QueryBuilder::new(
                    "INSERT INTO payment_results (id, run_id, beneficiary_id, amount, paid, file_name,
                        imported_by, imported_at) ",
                );
                qb.push_values(chunk, |mut b, (id, amount, paid, _)| {
                    b.push_bind(Uuid::now_v7())
                        .push_bind(run)
                        .push_bind(*id)
                        .push_bind(*amount)
                        .push_bind(*paid)
                        .push_bind(file_name)
                        .push_bind(&actor.0)
                        .push_bind(now);
                });
                qb.build().execute(&mut *tx).await.map_err(|e| {
                    if crate::error::is_unique_violation(&e) {
                        StoreError::from(PayrollError::ResultsRecorded)
                    } else {
                        e.into()
                    }
                })?;
            }
            for (id, _, _, first) in accepted.iter().filter(|a| !a.2) {
                mark_changed!(&mut *tx, *id, Month::of(*first))?;
            }
            audit_append!(&mut *tx, actor, Action::Import, crate::payroll::PAYMENT_RESULTS, Some(run),
                None::<String>, None::<String>, Some(note.as_str()))?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        Ok(accepted.len())
    }
}
