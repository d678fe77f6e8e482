//! Running a month: reading the facts, computing every beneficiary's lines and writing them,
//! as a pipeline over parts of the registry.
//!
//! The beneficiaries of the run's scope are cut into parts of [`PART`] by id. While the lines
//! of one part are written (one writer, the run's transaction), the facts of the next part
//! are read and its lines computed on other pooled connections, so reading and writing
//! overlap instead of following each other; lines keep their order (by beneficiary id, the
//! parts in id order), so a re-run gives the same lines with the same numbers. Each part's
//! facts are a few packed values of bounded size, so a national run (3.3 M beneficiaries)
//! never builds one text value of hundreds of megabytes.
//!
//! Rules and what was paid are read once, before the first part. The run's row is written
//! first (it takes the write lock and, for a draft, refuses one approved in the meantime) and
//! its totals last. Everything is one transaction: a failure in any part leaves the data as
//! before.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::{Duration, Instant};

use ansinh_core::assistance::{AssistanceError, RuleBook, SocialAssistance};
use ansinh_core::payroll::{Month, PayrollError, Run, RunAction, Totals, compute};
use chrono::Utc;
use sqlx::QueryBuilder;
use uuid::Uuid;

use super::stored::{self, Rewrite};
use super::write::{NewLine, WriteLines};
use super::{ALL, PROVINCE, RunReport, RunState, SOCIAL_ASSISTANCE, scope_of};
use crate::assistance::{IdRange, Which, change_stamp};
use crate::audit::Action;
use crate::error::{Result, StoreError, is_unique_violation};
use crate::tuning::BulkWrite;
use crate::{Actor, Store};

/// Deletes a draft's stored lines numbered above `after`, inside the run's transaction.
macro_rules! delete_after {
    ($tx:expr, $run:expr, $after:expr) => {
        sqlx::query("DELETE FROM payroll_lines WHERE run_id = $1 AND line_no > $2")
            .bind($run)
            .bind($after as i32)
            .execute($tx)
            .await
    };
}

/// Beneficiaries per part, unless the store says otherwise ([`Store::with_payroll_part`]).
/// Large enough that a province of Huế's size (71,148 at SF 1) is one part: cut into 2 or 6
/// parts it was slower on SQLite, where an id range reads the table in random order. Small
/// enough that each packed value of a national run (3.3 M) stays tens of megabytes.
pub(crate) const PART: usize = 250_000;

/// What every part of a run shares.
struct Job {
    month: Month,
    which: Which,
    rules: RuleBook,
    paid: HashMap<Uuid, BTreeMap<Month, i64>>,
    programme: SocialAssistance,
}

/// The lines computed for one part, before they are written.
#[derive(Default)]
struct Computed {
    lines: Vec<NewLine>,
    /// Beneficiaries read.
    read: usize,
    /// Beneficiaries with at least one line.
    with_lines: i64,
    suspended: usize,
    already_paid: usize,
    load: Duration,
}

/// Where a run's time went, for the log.
#[derive(Default)]
struct Times {
    /// Reading and computing the parts, summed.
    load: Duration,
    /// Writing the lines and the run's row, summed.
    write: Duration,
    commit: Duration,
}

impl Store {
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
        let mut draft = None;
        for r in &self.payroll_runs(month).await? {
            let r_scope = scope_of(r.area_id);
            if r_scope == scope {
                RunState::apply(Some(r.state), RunAction::Compute, month)?;
                draft = Some(r.id);
            } else if r_scope == ALL || scope == ALL {
                return Err(PayrollError::Overlap {
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
        let started = Instant::now();
        let which = area.map_or(Which::All, Which::Area);
        // Rules, what was paid and the parts' bounds are independent reads: they run at once.
        let (rules, paid, bounds) = tokio::try_join!(
            self.rule_book(),
            self.paid(month, area),
            self.part_bounds(which)
        )?;
        let job = Job {
            month,
            which,
            rules,
            paid,
            programme: SocialAssistance {
                area: Some(PROVINCE.to_string()),
            },
        };
        let mut parts: VecDeque<IdRange> = IdRange::split_at(&bounds).into();
        let mut times = Times::default();
        let mut totals = Totals::default();
        let (mut read, mut beneficiaries, mut suspended, mut already_paid) = (0, 0, 0, 0);
        let rewrite = db_run!(&self.db, pool => {
            // A pool of one connection (an in-memory database) cannot read beside the run's
            // transaction: every part is then read before it opens.
            let mut prefetched = VecDeque::new();
            if pool.options().get_max_connections() < 2 {
                while let Some(range) = parts.pop_front() {
                    prefetched.push_back(self.compute_part(&job, range).await?);
                }
            }
            let next = |parts: &mut VecDeque<IdRange>, prefetched: &mut VecDeque<Computed>| {
                let range = parts.pop_front();
                let ready = prefetched.pop_front();
                let job = &job;
                async move {
                    match (ready, range) {
                        (Some(c), _) => Ok(Some(c)),
                        (None, Some(range)) => self.compute_part(job, range).await.map(Some),
                        (None, None) => Ok(None),
                    }
                }
            };

            let mut tx = pool.begin().await?;
            tx.hold_transition_tables().await?;
            // The run's row first, beside the first part's read: it takes the write lock, and a
            // draft approved since it was looked at above is refused.
            let open = async {
                if draft.is_some() {
                    let updated = sqlx::query(
                        "UPDATE payroll_runs SET computed_seq = $1, created_by = $2, created_at = $3
                         WHERE id = $4 AND state = 'draft'",
                    )
                    .bind(stamp)
                    .bind(&actor.0)
                    .bind(Utc::now())
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if updated != 1 {
                        // Read as a draft above, approved or locked since by someone else.
                        return Err(PayrollError::Concurrent(month).into());
                    }
                    let packed: Vec<(i64, Option<String>)> =
                        sqlx::query_as(sqlx::AssertSqlSafe(stored::packed_lines_sql(self.backend())))
                            .bind(id)
                            .fetch_all(&mut *tx)
                            .await?;
                    Rewrite::of_draft(&packed)
                } else {
                    // Totals are written once the lines are.
                    sqlx::query(
                        "INSERT INTO payroll_runs (id, programme, month, scope, area_id, state,
                            beneficiaries, lines, regular, arrears, recovery, computed_seq,
                            created_by, created_at)
                         VALUES ($1, $2, $3, $4, $5, 'draft', 0, 0, 0, 0, 0, $6, $7, $8)",
                    )
                    .bind(id)
                    .bind(SOCIAL_ASSISTANCE)
                    .bind(month.first_day())
                    .bind(&scope)
                    .bind(area)
                    .bind(stamp)
                    .bind(&actor.0)
                    .bind(Utc::now())
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| if is_unique_violation(&e) {
                        // Checked as absent above: another request created it meanwhile.
                        StoreError::Payroll(PayrollError::Concurrent(month))
                    } else {
                        e.into()
                    })?;
                    Ok(Rewrite::new_run())
                }
            };
            let (first, opened) = tokio::join!(next(&mut parts, &mut prefetched), open);
            let mut rewrite = opened?;
            let mut pending = first?;

            // Write one part while the next is read and computed.
            while let Some(part) = pending.take() {
                read += part.read;
                beneficiaries += part.with_lines;
                suspended += part.suspended;
                already_paid += part.already_paid;
                times.load += part.load;
                for (_, _, line) in &part.lines {
                    totals.add(line);
                }
                let step = rewrite.step(&part.lines);
                let write = async {
                    let t = Instant::now();
                    if let Some(after) = step.delete_after {
                        delete_after!(&mut *tx, id, after)?;
                    }
                    let fresh = &part.lines[step.keep..];
                    WriteLines::write_lines(&mut *tx, id, step.write_after, fresh)
                        .await
                        .map_err(|e| if is_unique_violation(&e) {
                            StoreError::Payroll(PayrollError::PaidElsewhere(month))
                        } else {
                            e.into()
                        })?;
                    Ok::<_, StoreError>(t.elapsed())
                };
                let (loaded, written) = tokio::join!(next(&mut parts, &mut prefetched), write);
                times.write += written?;
                pending = loaded?;
            }
            if let Some(after) = rewrite.finish() {
                delete_after!(&mut *tx, id, after)?;
            }

            let t = Instant::now();
            sqlx::query(
                "UPDATE payroll_runs SET beneficiaries = $1, lines = $2, regular = $3, arrears = $4,
                    recovery = $5 WHERE id = $6",
            )
            .bind(beneficiaries)
            .bind(totals.lines as i64)
            .bind(totals.regular)
            .bind(totals.arrears)
            .bind(totals.recovery)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            let note = format!(
                "bảng chi tháng {} ({}): {} dòng, thực chi {} đồng",
                month.format_vn(),
                if area.is_some() { "một xã" } else { "toàn tỉnh" },
                totals.lines,
                totals.net()
            );
            audit_append!(&mut *tx, actor, Action::Create, crate::payroll::RUN, Some(id),
                None::<String>, None::<String>, Some(note.as_str()))?;
            times.write += t.elapsed();
            let t = Instant::now();
            tx.commit().await?;
            times.commit = t.elapsed();
            Ok::<_, StoreError>(rewrite)
        })?;
        // Phase times are what a slow run is diagnosed with; counts only, no personal data.
        // Parts are read while others are written, so load and write overlap in `total_ms`.
        tracing::info!(
            beneficiaries = read,
            parts = bounds.len() + 1,
            lines = totals.lines,
            kept = rewrite.kept(),
            replaced = rewrite.replaced(),
            load_ms = times.load.as_millis(),
            write_ms = times.write.as_millis(),
            commit_ms = times.commit.as_millis(),
            total_ms = started.elapsed().as_millis(),
            "payroll run written"
        );
        Ok(RunReport {
            run: self.payroll_run(id).await?,
            suspended,
            already_paid,
        })
    }

    /// The first id of every part after the first: one every `payroll_part` beneficiaries of
    /// the scope, in id order. Each bound skips `payroll_part` ids from the one before along
    /// the primary key, so a scope of one part reads its ids once and stops: numbering every
    /// beneficiary with a window to keep every `payroll_part`-th took 75 ms of the 0.1 s
    /// before the facts could be read (PostgreSQL, SF 1).
    async fn part_bounds(&self, which: Which) -> Result<Vec<Uuid>> {
        let part = i64::try_from(self.payroll_part).unwrap_or(i64::MAX);
        let mut bounds: Vec<Uuid> = Vec::new();
        loop {
            let next: Option<Uuid> = db_run!(&self.db, pool => {
                let mut qb = QueryBuilder::new("SELECT b.id FROM beneficiaries b WHERE 1 = 1");
                which.push(&mut qb, "b.id");
                if let Some(&last) = bounds.last() {
                    qb.push(" AND b.id >= ");
                    qb.push_bind(last);
                }
                qb.push(" ORDER BY b.id LIMIT 1 OFFSET ");
                qb.push_bind(part);
                qb.build_query_scalar().fetch_optional(pool).await?
            });
            match next {
                Some(id) => bounds.push(id),
                None => return Ok(bounds),
            }
        }
    }

    /// Reads one part's facts and computes its beneficiaries' lines.
    async fn compute_part(&self, job: &Job, range: IdRange) -> Result<Computed> {
        let started = Instant::now();
        let beneficiaries = self.load_facts(job.which, range).await?;
        let empty = BTreeMap::new();
        let mut out = Computed {
            lines: Vec::with_capacity(beneficiaries.len() + beneficiaries.len() / 20),
            read: beneficiaries.len(),
            ..Computed::default()
        };
        for b in &beneficiaries {
            if b.suspensions.iter().any(|s| s.covers(job.month)) {
                out.suspended += 1;
                continue;
            }
            let run = Run {
                month: job.month,
                paid: job.paid.get(&b.id).unwrap_or(&empty),
                recalc_from: b.recalc_from.filter(|m| *m < job.month),
            };
            let lines = match compute(&job.programme, &b.facts, &job.rules, &run) {
                Ok(lines) => lines,
                Err(AssistanceError::Payroll(PayrollError::AlreadyPaid { .. })) => {
                    out.already_paid += 1;
                    continue;
                }
                Err(e) => return Err(PayrollError::Rules(Box::new(e)).into()),
            };
            if !lines.is_empty() {
                out.with_lines += 1;
            }
            out.lines
                .extend(lines.into_iter().map(|l| (b.id, b.area_id, l)));
        }
        out.load = started.elapsed();
        Ok(out)
    }
}
