//! The monthly payroll of social assistance: a run computes every beneficiary's lines for a
//! month with `ansinh_core::payroll::compute` and writes them in one transaction; a run moves
//! draft → approved → locked, and a locked run never changes.
//!
//! - **Set-based.** A run reads the facts in five packed queries and what was paid in two,
//!   whatever the number of beneficiaries, and writes its lines with multi-row INSERTs.
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

use std::collections::{BTreeMap, HashMap};

use ansinh_core::assistance::{AssistanceError, Group, SocialAssistance};
use ansinh_core::payroll::{Line, LineKind, Month, PayrollError, Run, Totals, compute};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::assistance::{Which, change_stamp};
use crate::audit::Action;
use crate::error::{Result, StoreError, is_unique_violation};
use crate::{Actor, Store};

mod stored;
mod write;

use write::WriteLines;

/// The province whose local rule rows apply (Huế).
pub const PROVINCE: &str = "46";
/// The programme code stored on runs and lines.
pub const SOCIAL_ASSISTANCE: &str = "social_assistance";
/// The scope of a province-wide run.
const ALL: &str = "*";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunState {
    Draft,
    Approved,
    Locked,
}

impl RunState {
    pub fn code(self) -> &'static str {
        match self {
            RunState::Draft => "draft",
            RunState::Approved => "approved",
            RunState::Locked => "locked",
        }
    }

    pub fn from_code(s: &str) -> Option<RunState> {
        [RunState::Draft, RunState::Approved, RunState::Locked]
            .into_iter()
            .find(|x| x.code() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            RunState::Draft => "Nháp",
            RunState::Approved => "Đã duyệt",
            RunState::Locked => "Đã khóa",
        }
    }
}

/// Why a payroll operation was refused. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayrollRefusal {
    #[error("bảng chi tháng {} đã khóa; điều chỉnh được tính vào tháng sau", .0.format_vn())]
    Locked(Month),
    #[error("bảng chi tháng {} đã duyệt; không lập lại", .0.format_vn())]
    Approved(Month),
    #[error("tháng {} đã có bảng chi {} chồng phạm vi (toàn tỉnh và từng xã không lập cùng nhau)", .month.format_vn(), .other)]
    Overlap { month: Month, other: String },
    #[error("bảng chi đang ở trạng thái {}, cần {}", .found.label_vi(), .expected.label_vi())]
    WrongState { found: RunState, expected: RunState },
    #[error("dữ liệu của {0} đối tượng đã thay đổi sau khi lập bảng nháp; hãy lập lại bảng chi")]
    Stale(i64),
    #[error("một đối tượng đã có dòng chi thường xuyên tháng {} trong bảng chi khác (nháp) của xã cũ; lập lại bảng chi của xã đó trước", .0.format_vn())]
    PaidElsewhere(Month),
    #[error("không tính được bảng chi: {0}")]
    Rules(AssistanceError),
}

impl PayrollRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            PayrollRefusal::Locked(_) => "payroll.locked",
            PayrollRefusal::Approved(_) => "payroll.approved",
            PayrollRefusal::Overlap { .. } => "payroll.overlap",
            PayrollRefusal::WrongState { .. } => "payroll.wrong_state",
            PayrollRefusal::Stale(_) => "payroll.stale",
            PayrollRefusal::PaidElsewhere(_) => "payroll.paid_elsewhere",
            PayrollRefusal::Rules(e) => e.code(),
        }
    }
}

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

/// The lines computed for one run, before they are written.
struct Computed {
    lines: Vec<(Uuid, Uuid, Line<Group>)>,
    beneficiaries: i64,
    suspended: usize,
    already_paid: usize,
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

    /// Computes the month for the province (`area` = `None`) or one commune and writes the
    /// lines as a draft, replacing the lines of an existing draft of the same scope. Refused
    /// for a month whose run is approved or locked, or when a run of an overlapping scope
    /// exists. One transaction: a failure leaves the data as before.
    pub async fn run_payroll(
        &self,
        actor: &Actor,
        month: Month,
        area: Option<Uuid>,
    ) -> Result<RunReport> {
        let scope = scope_of(area);
        let existing = self.payroll_runs(month).await?;
        let mut draft = None;
        for r in &existing {
            let r_scope = scope_of(r.area_id);
            if r_scope == scope {
                match r.state {
                    RunState::Locked => return Err(PayrollRefusal::Locked(month).into()),
                    RunState::Approved => return Err(PayrollRefusal::Approved(month).into()),
                    RunState::Draft => draft = Some(r.id),
                }
            } else if r_scope == ALL || scope == ALL {
                return Err(PayrollRefusal::Overlap {
                    month,
                    other: if r_scope == ALL {
                        "toàn tỉnh".to_string()
                    } else {
                        "của một xã".to_string()
                    },
                }
                .into());
            }
        }
        let stamp = change_stamp();
        let id = draft.unwrap_or_else(Uuid::now_v7);
        let started = std::time::Instant::now();
        let (computed, kept, (write_ms, commit_ms)) = db_run!(&self.db, pool => {
            // The facts load before the transaction opens. Deleting the replaced draft's lines on
            // a second connection while they load was tried and measured slower on SQLite (1.3 s
            // against 1.1 s, three runs each at SF 1), so it was not kept.
            let computed = self.compute_month(month, area).await?;
            let write_started = std::time::Instant::now();
            let totals = ansinh_core::payroll::totals(computed.lines.iter().map(|(_, _, l)| l));
            let now = Utc::now();
            let note = format!(
                "bảng chi tháng {} ({}): {} dòng, thực chi {} đồng",
                month.format_vn(),
                if area.is_some() {
                    "một xã"
                } else {
                    "toàn tỉnh"
                },
                totals.lines,
                totals.net()
            );
            let mut tx = pool.begin().await?;
            let kept = if draft.is_some() {
                // The run's row first: it takes the write lock before the stored lines are
                // read, and a draft approved since it was looked at above is refused.
                let updated = sqlx::query(
                    "UPDATE payroll_runs SET beneficiaries = $1, lines = $2, regular = $3, arrears = $4,
                        recovery = $5, computed_seq = $6, created_by = $7, created_at = $8
                     WHERE id = $9 AND state = 'draft'",
                )
                .bind(computed.beneficiaries)
                .bind(totals.lines as i64)
                .bind(totals.regular)
                .bind(totals.arrears)
                .bind(totals.recovery)
                .bind(stamp)
                .bind(&actor.0)
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if updated != 1 {
                    return Err(PayrollRefusal::Approved(month).into());
                }
                let packed: Vec<(i64, Option<String>)> =
                    sqlx::query_as(sqlx::AssertSqlSafe(stored::packed_lines_sql(self.backend())))
                        .bind(id)
                        .fetch_all(&mut *tx)
                        .await?;
                let kept = stored::unchanged_prefix(&packed, &computed.lines)?;
                if kept.stored > kept.kept {
                    sqlx::query("DELETE FROM payroll_lines WHERE run_id = $1 AND line_no > $2")
                        .bind(id)
                        .bind(kept.kept as i32)
                        .execute(&mut *tx)
                        .await?;
                }
                kept
            } else {
                sqlx::query(
                    "INSERT INTO payroll_runs (id, programme, month, scope, area_id, state, beneficiaries,
                        lines, regular, arrears, recovery, computed_seq, created_by, created_at)
                     VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $9, $10, $11, $12, $13)",
                )
                .bind(id)
                .bind(SOCIAL_ASSISTANCE)
                .bind(month.first_day())
                .bind(&scope)
                .bind(area)
                .bind(computed.beneficiaries)
                .bind(totals.lines as i64)
                .bind(totals.regular)
                .bind(totals.arrears)
                .bind(totals.recovery)
                .bind(stamp)
                .bind(&actor.0)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(|e| if is_unique_violation(&e) {
                    StoreError::Payroll(PayrollRefusal::Overlap { month, other: "cùng phạm vi".into() })
                } else {
                    e.into()
                })?;
                stored::Kept { kept: 0, stored: 0 }
            };
            let fresh = &computed.lines[kept.kept..];
            WriteLines::write_lines(&mut *tx, id, kept.kept, fresh)
                .await
                .map_err(|e| if is_unique_violation(&e) {
                    StoreError::Payroll(PayrollRefusal::PaidElsewhere(month))
                } else {
                    e.into()
                })?;
            audit_append!(&mut *tx, actor, Action::Create, "payroll_run", Some(id),
                None::<String>, None::<String>, Some(note.as_str()))?;
            let commit_started = std::time::Instant::now();
            tx.commit().await?;
            let ms = |t: std::time::Instant| t.elapsed().as_millis();
            Ok::<_, StoreError>((computed, kept, (ms(write_started), ms(commit_started))))
        })?;
        tracing::info!(
            lines = computed.lines.len(),
            kept = kept.kept,
            replaced = kept.stored - kept.kept,
            write_ms,
            commit_ms,
            total_ms = started.elapsed().as_millis(),
            "payroll lines written"
        );
        Ok(RunReport {
            run: self.payroll_run(id).await?,
            suspended: computed.suspended,
            already_paid: computed.already_paid,
        })
    }

    /// Loads facts, rules and what was paid, and computes every beneficiary's lines.
    async fn compute_month(&self, month: Month, area: Option<Uuid>) -> Result<Computed> {
        let which = area.map_or(Which::All, Which::Area);
        let started = std::time::Instant::now();
        let rules = self.rule_book().await?;
        let beneficiaries = self.load_facts(which).await?;
        let facts_ms = started.elapsed().as_millis();
        let paid = self.paid(month, area).await?;
        let paid_ms = started.elapsed().as_millis() - facts_ms;
        let programme = SocialAssistance {
            area: Some(PROVINCE.to_string()),
        };
        let empty = BTreeMap::new();
        let mut out = Computed {
            lines: Vec::with_capacity(beneficiaries.len() + beneficiaries.len() / 20),
            beneficiaries: 0,
            suspended: 0,
            already_paid: 0,
        };
        for b in &beneficiaries {
            if b.suspensions.iter().any(|s| s.covers(month)) {
                out.suspended += 1;
                continue;
            }
            let run = Run {
                month,
                paid: paid.get(&b.id).unwrap_or(&empty),
                recalc_from: b.recalc_from.filter(|m| *m < month),
            };
            let lines = match compute(&programme, &b.facts, &rules, &run) {
                Ok(lines) => lines,
                Err(AssistanceError::Payroll(PayrollError::AlreadyPaid { .. })) => {
                    out.already_paid += 1;
                    continue;
                }
                Err(e) => return Err(PayrollRefusal::Rules(e).into()),
            };
            if !lines.is_empty() {
                out.beneficiaries += 1;
            }
            out.lines
                .extend(lines.into_iter().map(|l| (b.id, b.area_id, l)));
        }
        // Phase times are what a slow run is diagnosed with; counts only, no personal data.
        tracing::info!(
            beneficiaries = beneficiaries.len(),
            facts_ms,
            paid_ms,
            compute_ms = started.elapsed().as_millis() - facts_ms - paid_ms,
            "payroll computed"
        );
        Ok(out)
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
        self.advance(actor, run, RunState::Draft, RunState::Approved)
            .await
    }

    /// Locks an approved run: its lines become what was paid, and the beneficiaries it covered
    /// start from a clean `recalc_from`.
    pub async fn lock_payroll(&self, actor: &Actor, run: Uuid) -> Result<PayrollRun> {
        self.advance(actor, run, RunState::Approved, RunState::Locked)
            .await
    }

    async fn advance(
        &self,
        actor: &Actor,
        id: Uuid,
        from: RunState,
        to: RunState,
    ) -> Result<PayrollRun> {
        let run = self.payroll_run(id).await?;
        if run.state != from {
            return Err(PayrollRefusal::WrongState {
                found: run.state,
                expected: from,
            }
            .into());
        }
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
                return Err(PayrollRefusal::Stale(stale).into());
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
            audit_append!(&mut *tx, actor, Action::Update, "payroll_run", Some(id),
                Some(from.code()), Some(to.code()), Some(note.as_str()))?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        self.payroll_run(id).await
    }
}
