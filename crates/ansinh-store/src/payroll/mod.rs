//! The monthly payroll of social assistance: a run computes every beneficiary's lines for a
//! month with `ansinh_core::payroll::compute` and writes them in one transaction; a run moves
//! draft → approved → locked, and a locked run never changes.
//!
//! - **Set-based.** A run reads the facts in five packed queries per part of the registry
//!   and what was paid in two, and writes each part's lines in one statement; the next part is
//!   read while one is written (`run.rs`). At SF 1 the whole province is one part.
//! - **Idempotent.** Re-running a draft gives the same lines (same facts, same order, same
//!   numbers); it keeps the stored lines that are still right from the first on and rewrites
//!   only the rest (`stored.rs`), so an unchanged draft is re-run without writing a line.
//! - **No double payment.** `paid(m)` is the net of the lines of locked runs for month `m`,
//!   less the lines the paying agent reported as not paid; a beneficiary whose run month
//!   already has locked lines (paid by the commune they left) gets no line; the database keeps
//!   at most one regular line per beneficiary, month and group (a partial UNIQUE index), and
//!   triggers refuse any change to the lines of a locked run.
//! - **Corrections go forward.** A fact learnt late lowers the beneficiary's `recalc_from`;
//!   the next run pays or recovers the difference for each month since, as arrears (truy lĩnh)
//!   or recovery (truy thu). Locking clears `recalc_from` for the beneficiaries it paid.

// What this capability's audit entries and refusals name.
/// The payroll of a month (computing, approving, locking).
pub const PAYROLL: crate::audit::Entity = crate::audit::Entity::new("payroll");
/// One payroll run.
pub const RUN: crate::audit::Entity = crate::audit::Entity::new("payroll_run");
/// A commune's payment list, opened or downloaded.
pub const PAYMENT_LIST: crate::audit::Entity = crate::audit::Entity::new("payment_list");
/// The paying agent's result.
pub const PAYMENT_RESULTS: crate::audit::Entity = crate::audit::Entity::new("payment_results");

use std::collections::{BTreeMap, HashMap};

use ansinh_core::assistance::Group;
pub use ansinh_core::payroll::RunState;
use ansinh_core::payroll::{Line, LineKind, Month, PayrollError, RunAction, Totals};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::audit::Action;
use crate::error::{Result, StoreError};
use crate::{Actor, Store};

pub mod payments;
mod run;
mod scoped;

pub(crate) use run::PART;
mod stored;
mod write;

/// The province whose local rule rows apply (Huế).
pub const PROVINCE: &str = "46";
/// The programme code stored on runs and lines.
pub const SOCIAL_ASSISTANCE: &str = "social_assistance";
/// The scope of a province-wide run.
const ALL: &str = "*";

/// A stored run with its totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayrollRun {
    pub id: Uuid,
    pub month: Month,
    /// `None` for the whole province.
    pub area_id: Option<Uuid>,
    pub state: RunState,
    pub beneficiaries: i64,
    pub totals: Totals,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub approved_by: Option<String>,
    pub locked_by: Option<String>,
}

/// What a run did besides its totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunReport {
    pub run: PayrollRun,
    /// Beneficiaries held back by a suspension.
    pub suspended: usize,
    /// Beneficiaries whose month was already paid by another (locked) run, e.g. before a move.
    pub already_paid: usize,
}

/// One stored line with the commune it is paid in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLine {
    pub line_no: i32,
    pub beneficiary_id: Uuid,
    pub area_id: Uuid,
    pub line: Line<Group>,
}

type RunRow = (
    Uuid,
    NaiveDate,
    Option<Uuid>,
    String,
    i64,
    i64,
    i64,
    i64,
    i64,
    String,
    DateTime<Utc>,
    Option<String>,
    Option<String>,
);

const RUN_COLUMNS: &str =
    "id, month, area_id, state, beneficiaries, lines, regular, arrears, recovery,
    created_by, created_at, approved_by, locked_by";

fn run_from(r: RunRow) -> Result<PayrollRun> {
    Ok(PayrollRun {
        id: r.0,
        month: Month::of(r.1),
        area_id: r.2,
        state: RunState::from_code(&r.3)
            .ok_or_else(|| StoreError::Corrupt(format!("run state '{}'", r.3)))?,
        beneficiaries: r.4,
        totals: Totals {
            lines: r.5 as usize,
            regular: r.6,
            arrears: r.7,
            recovery: r.8,
        },
        created_by: r.9,
        created_at: r.10,
        approved_by: r.11,
        locked_by: r.12,
    })
}

fn scope_of(area: Option<Uuid>) -> String {
    area.map_or_else(|| ALL.to_string(), |a| a.to_string())
}

impl Store {
    /// The runs of a month (every scope).
    pub async fn payroll_runs(&self, month: Month) -> Result<Vec<PayrollRun>> {
        let rows: Vec<RunRow> = db_run!(&self.db, pool => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {RUN_COLUMNS} FROM payroll_runs WHERE programme = $1 AND month = $2 ORDER BY scope"
        )))
        .bind(SOCIAL_ASSISTANCE)
        .bind(month.first_day())
        .fetch_all(pool)
        .await?);
        rows.into_iter().map(run_from).collect()
    }

    pub async fn payroll_run(&self, id: Uuid) -> Result<PayrollRun> {
        let row: Option<RunRow> = db_run!(&self.db, pool => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {RUN_COLUMNS} FROM payroll_runs WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(pool)
        .await?);
        run_from(row.ok_or_else(|| StoreError::NotFound {
            entity: "bảng chi",
            key: id.to_string(),
        })?)
    }

    /// What was paid per beneficiary and month: the lines of locked runs less those the paying
    /// agent reported as not paid, for the months a run can look at: the run month onward (to
    /// catch a month already paid, e.g. by the commune a beneficiary left) and, for the
    /// beneficiaries with a `recalc_from`, the months since it. Two queries, because one with an
    /// `OR` of the two read every line of the programme (a scan that grew with each month
    /// stored); each of these reads through an index: the first from the locked runs of the
    /// run month or later (a line is never for a month after its run's), the second from the
    /// few marked beneficiaries by `(beneficiary_id, for_month)`.
    async fn paid(
        &self,
        month: Month,
        area: Option<Uuid>,
    ) -> Result<HashMap<Uuid, BTreeMap<Month, i64>>> {
        // The second query's `CROSS JOIN` makes SQLite start from the beneficiaries (it keeps
        // the written order of a cross join; PostgreSQL plans it as the inner join it is): for
        // the marked ones that is the partial index `beneficiaries_marked`, where SQLite's own
        // choice was to read every line of every locked run.
        const SELECT: &str = "SELECT l.beneficiary_id, l.for_month, CAST(SUM(l.amount) AS BIGINT)
             FROM beneficiaries b ";
        const REST: &str = "
             JOIN payroll_runs r ON r.id = l.run_id AND r.state = 'locked'
             LEFT JOIN payment_results pr ON pr.run_id = l.run_id AND pr.beneficiary_id = l.beneficiary_id
             WHERE l.beneficiary_id = b.id AND (pr.paid IS NULL OR pr.paid = TRUE)
                AND r.programme = l.programme AND l.programme = ";
        let month_day = month.first_day();
        let rows: Vec<(Uuid, NaiveDate, i64)> = db_run!(&self.db, pool => {
            let mut rows = Vec::new();
            for since_recalc in [false, true] {
                let mut qb = QueryBuilder::new(SELECT);
                qb.push(if since_recalc {
                    "CROSS JOIN payroll_lines l"
                } else {
                    "JOIN payroll_lines l ON l.beneficiary_id = b.id"
                });
                qb.push(REST);
                qb.push_bind(SOCIAL_ASSISTANCE);
                if since_recalc {
                    qb.push(" AND b.recalc_from IS NOT NULL AND l.for_month >= b.recalc_from AND l.for_month < ");
                } else {
                    qb.push(" AND r.month >= ");
                    qb.push_bind(month_day);
                    qb.push(" AND l.for_month >= ");
                }
                qb.push_bind(month_day);
                if let Some(a) = area {
                    qb.push(" AND b.area_id = ");
                    qb.push_bind(a);
                }
                qb.push(" GROUP BY l.beneficiary_id, l.for_month");
                let part: Vec<(Uuid, NaiveDate, i64)> = qb.build_query_as().fetch_all(pool).await?;
                rows.extend(part);
            }
            rows
        });
        let mut out: HashMap<Uuid, BTreeMap<Month, i64>> = HashMap::new();
        for (b, m, amount) in rows {
            out.entry(b).or_default().insert(Month::of(m), amount);
        }
        Ok(out)
    }

    /// Lines of a run in order, optionally of one commune.
    pub async fn payroll_lines(&self, run: Uuid, area: Option<Uuid>) -> Result<Vec<StoredLine>> {
        type Row = (
            i32,
            Uuid,
            Uuid,
            String,
            NaiveDate,
            Option<String>,
            Option<i32>,
            Option<i64>,
            i64,
        );
        let rows: Vec<Row> = db_run!(&self.db, pool => {
            let mut qb = QueryBuilder::new(
                "SELECT line_no, beneficiary_id, area_id, kind, for_month, group_code, coefficient,
                    base_level, amount FROM payroll_lines WHERE run_id = ",
            );
            qb.push_bind(run);
            if let Some(a) = area {
                qb.push(" AND area_id = ");
                qb.push_bind(a);
            }
            qb.push(" ORDER BY line_no");
            qb.build_query_as().fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(StoredLine {
                    line_no: r.0,
                    beneficiary_id: r.1,
                    area_id: r.2,
                    line: Line {
                        kind: LineKind::from_code(&r.3)
                            .ok_or_else(|| StoreError::Corrupt(format!("line kind '{}'", r.3)))?,
                        for_month: Month::of(r.4),
                        group: r
                            .5
                            .as_deref()
                            .map(Group::from_code)
                            .map(|g| g.ok_or_else(|| StoreError::Corrupt("line group".into())))
                            .transpose()?,
                        coefficient: r.6,
                        base_level: r.7,
                        amount: r.8,
                    },
                })
            })
            .collect()
    }

    /// Approves a draft (phê duyệt). Refused if a beneficiary of its scope changed since it was
    /// computed: what is approved is what was reviewed.
    pub async fn approve_payroll(&self, actor: &Actor, run: Uuid) -> Result<PayrollRun> {
        self.advance(actor, run, RunAction::Approve).await
    }

    /// Locks an approved run: its lines become what was paid, and the beneficiaries it covered
    /// start from a clean `recalc_from`.
    pub async fn lock_payroll(&self, actor: &Actor, run: Uuid) -> Result<PayrollRun> {
        self.advance(actor, run, RunAction::Lock).await
    }

    async fn advance(&self, actor: &Actor, id: Uuid, action: RunAction) -> Result<PayrollRun> {
        let run = self.payroll_run(id).await?;
        let from = run.state;
        let to = RunState::apply(Some(from), action, run.month)?;
        let note = format!(
            "bảng chi tháng {}: {} → {}",
            run.month.format_vn(),
            from.label_vi(),
            to.label_vi()
        );
        let month = run.month.first_day();
        db_run!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            let mut qb = QueryBuilder::new(
                "SELECT COUNT(*) FROM beneficiaries b, payroll_runs r WHERE r.id = ",
            );
            qb.push_bind(id);
            qb.push(" AND b.changed_seq > r.computed_seq AND (r.area_id IS NULL OR r.area_id = b.area_id)");
            let stale: i64 = qb.build_query_scalar().fetch_one(&mut *tx).await?;
            if stale > 0 {
                return Err(PayrollError::Stale(stale).into());
            }
            let (by, at) = match to {
                RunState::Approved => ("approved_by", "approved_at"),
                _ => ("locked_by", "locked_at"),
            };
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE payroll_runs SET state = $1, {by} = $2, {at} = $3 WHERE id = $4 AND state = $5"
            )))
            .bind(to.code())
            .bind(&actor.0)
            .bind(Utc::now())
            .bind(id)
            .bind(from.code())
            .execute(&mut *tx)
            .await?;
            if to == RunState::Locked {
                // The months up to this one are now paid as due for everyone the run covered;
                // a suspended beneficiary keeps its mark until it is paid.
                let mut qb = QueryBuilder::new(
                    "UPDATE beneficiaries SET recalc_from = NULL WHERE recalc_from IS NOT NULL AND recalc_from <= ",
                );
                qb.push_bind(month);
                if let Some(a) = run.area_id {
                    qb.push(" AND area_id = ");
                    qb.push_bind(a);
                }
                qb.push(" AND NOT EXISTS (SELECT 1 FROM assistance_suspensions s WHERE s.beneficiary_id = beneficiaries.id AND s.from_month <= ");
                qb.push_bind(month);
                qb.push(" AND (s.to_month IS NULL OR s.to_month >= ");
                qb.push_bind(month);
                qb.push("))");
                qb.build().execute(&mut *tx).await?;
            }
            audit_append!(&mut *tx, actor, Action::Update, crate::payroll::RUN, Some(id),
                Some(from.code()), Some(to.code()), Some(note.as_str()))?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        self.payroll_run(id).await
    }
}
