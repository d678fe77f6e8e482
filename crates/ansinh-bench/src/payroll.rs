//! The monthly payroll benchmark (issue 5): the engine's run of a month at scale, beside the
//! same month computed by one hand-written PostgreSQL statement (`peers/payroll_month.sql`),
//! and, on request, the same at national size (3.3 M beneficiaries).
//!
//! The scenario: 06/2024 is run, approved and locked; 0.5 % of the paid beneficiaries are then
//! reported dead in 03–05/2024 (late, so July recovers June); 07/2024 is the measured run (load
//! facts and paid amounts, compute with the engine, write every line in one transaction), then
//! its re-run (the draft's lines replaced by the same lines).

use std::time::Instant;

use ansinh_core::payroll::Month;
use ansinh_store::db::Db;
use ansinh_store::{Actor, Store};
use anyhow::bail;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Serialize)]
pub struct PayrollTiming {
    /// Lines of the locked 06/2024 run, among whose beneficiaries the late deaths are drawn
    /// (a single parent paid in two groups counts twice).
    pub beneficiaries: usize,
    pub first_run_seconds: f64,
    pub run_seconds: f64,
    pub rerun_seconds: f64,
    pub lines: usize,
    pub net_vnd: i64,
    pub recovery_vnd: i64,
    pub late_deaths: usize,
    /// PostgreSQL only.
    pub peer: Option<PeerRun>,
}

/// The hand-written SQL peer's run of the same month on the same data.
#[derive(Debug, Serialize)]
pub struct PeerRun {
    pub seconds: f64,
    pub lines: i64,
    pub net_vnd: i64,
    /// Keys (beneficiary, month, group of a regular line or "adjustment") whose amounts differ
    /// between the engine's lines and the peer's; 0 when both computed the same payroll.
    pub disagreements: i64,
}

pub async fn measure(store: &Store, seed: u64) -> anyhow::Result<PayrollTiming> {
    let actor = Actor::system("bench");
    let june = Month::new(2024, 6)?;
    let july = Month::new(2024, 7)?;
    let t = Instant::now();
    let first = store.run_payroll(&actor, june, None).await?;
    let first_run_seconds = t.elapsed().as_secs_f64();
    store.approve_payroll(&actor, first.run.id).await?;
    store.lock_payroll(&actor, first.run.id).await?;
    let ids: Vec<Uuid> = store
        .payroll_lines(first.run.id, None)
        .await?
        .into_iter()
        .map(|l| l.beneficiary_id)
        .collect();
    let deaths = ansinh_synth::beneficiaries::late_deaths(seed, &ids, july);
    for (id, day) in &deaths {
        store.report_death(&actor, *id, *day).await?;
    }
    let t = Instant::now();
    let run = store.run_payroll(&actor, july, None).await?;
    let run_seconds = t.elapsed().as_secs_f64();
    let t = Instant::now();
    store.run_payroll(&actor, july, None).await?;
    let rerun_seconds = t.elapsed().as_secs_f64();
    let peer = match store.db() {
        Db::Postgres(_) => Some(peer(store, july, run.run.id).await?),
        Db::Sqlite(_) => None,
    };
    Ok(PayrollTiming {
        beneficiaries: ids.len(),
        first_run_seconds,
        run_seconds,
        rerun_seconds,
        lines: run.run.totals.lines,
        net_vnd: run.run.totals.net(),
        recovery_vnd: run.run.totals.recovery,
        late_deaths: deaths.len(),
        peer,
    })
}

/// Runs `peers/payroll_month.sql` for `month` into an empty table shaped like the lines (no
/// indexes, keys or triggers: the peer writes less than the engine does), then compares it
/// with the engine's run line by line.
async fn peer(store: &Store, month: Month, run: Uuid) -> anyhow::Result<PeerRun> {
    let Db::Postgres(pool) = store.db() else {
        bail!("the SQL peer is written for PostgreSQL");
    };
    sqlx::query("DROP TABLE IF EXISTS peer_payroll_lines")
        .execute(pool)
        .await?;
    sqlx::query(
        "CREATE TABLE peer_payroll_lines (beneficiary_id UUID NOT NULL, area_id UUID NOT NULL,
            kind TEXT NOT NULL, for_month DATE NOT NULL, group_code TEXT, coefficient INTEGER,
            base_level BIGINT, amount BIGINT NOT NULL)",
    )
    .execute(pool)
    .await?;
    let sql = include_str!("../peers/payroll_month.sql");
    // Without JIT, as a DBA would run it: the planner overestimates the statement a
    // thousandfold (`generate_series` counts as 1,000 rows), so PostgreSQL compiled it, and
    // compiling took 3.3 s of a 5.3 s run at SF 1 (EXPLAIN ANALYZE). The engine's own
    // queries stay below the JIT threshold.
    let mut tx = pool.begin().await?;
    sqlx::query("SET LOCAL jit = off").execute(&mut *tx).await?;
    let t = Instant::now();
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(month.first_day())
        .execute(&mut *tx)
        .await?;
    let seconds = t.elapsed().as_secs_f64();
    tx.commit().await?;
    let (lines, net_vnd): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM peer_payroll_lines",
    )
    .fetch_one(pool)
    .await?;
    let disagreements: i64 = sqlx::query_scalar(
        "WITH e AS (
            SELECT beneficiary_id, for_month,
                   CASE WHEN kind = 'regular' THEN group_code ELSE 'adjustment' END AS k,
                   SUM(amount) AS amount
            FROM payroll_lines WHERE run_id = $1 GROUP BY 1, 2, 3),
         p AS (
            SELECT beneficiary_id, for_month,
                   CASE WHEN kind = 'regular' THEN group_code ELSE 'adjustment' END AS k,
                   SUM(amount) AS amount
            FROM peer_payroll_lines GROUP BY 1, 2, 3)
         SELECT COUNT(*) FROM e FULL JOIN p USING (beneficiary_id, for_month, k)
         WHERE e.amount IS DISTINCT FROM p.amount",
    )
    .bind(run)
    .fetch_one(pool)
    .await?;
    sqlx::query("DROP TABLE peer_payroll_lines")
        .execute(pool)
        .await?;
    Ok(PeerRun {
        seconds,
        lines,
        net_vnd,
        disagreements,
    })
}

/// Grows the loaded beneficiaries to about `target` on PostgreSQL by copying each one (person,
/// beneficiary, grants, certificates, children) with derived ids, in one statement whose parts
/// all read the original rows. Copies get no personal ID (it is unique). Returns the count.
pub async fn grow_to_national(store: &Store, target: usize) -> anyhow::Result<usize> {
    let Db::Postgres(pool) = store.db() else {
        bail!("the national-size run is measured on PostgreSQL");
    };
    let have: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM beneficiaries")
        .fetch_one(pool)
        .await?;
    let copies = (target as i64 / have.max(1) - 1).max(0);
    let new_id = |column: &str| format!("md5({column}::text || ':' || k)::uuid");
    let sql = format!(
        "WITH copies AS (SELECT generate_series(1, $1::int) AS k),
         persons_copied AS (
            INSERT INTO persons (id, personal_id, full_name, name_folded, given_key, sex, birth_date,
                birth_precision, ethnicity, area_id, phone, death_date, version, created_at, updated_at)
            SELECT {p}, NULL, p.full_name, p.name_folded, p.given_key, p.sex, p.birth_date,
                p.birth_precision, p.ethnicity, p.area_id, NULL, p.death_date, 1, p.created_at, p.updated_at
            FROM beneficiaries b JOIN persons p ON p.id = b.person_id, copies),
         beneficiaries_copied AS (
            INSERT INTO beneficiaries (id, person_id, area_id, household_status, studying, hiv,
                has_pension, disadvantaged_area, in_facility_since, address, recalc_from, changed_seq,
                version, created_at, updated_at)
            SELECT {b}, {bp}, b.area_id, b.household_status, b.studying, b.hiv, b.has_pension,
                b.disadvantaged_area, b.in_facility_since, b.address, b.recalc_from, b.changed_seq,
                b.version, b.created_at, b.updated_at
            FROM beneficiaries b, copies),
         grants_copied AS (
            INSERT INTO assistance_grants (id, beneficiary_id, group_code, decision_no, dossier_on,
                decided_on, coefficient, start_month, ended_on, end_reason, created_by, created_at)
            SELECT {g}, {gb}, g.group_code, g.decision_no, g.dossier_on, g.decided_on, g.coefficient,
                g.start_month, g.ended_on, g.end_reason, g.created_by, g.created_at
            FROM assistance_grants g, copies),
         certificates_copied AS (
            INSERT INTO disability_certificates (beneficiary_id, issued_on, severity)
            SELECT {cb}, c.issued_on, c.severity FROM disability_certificates c, copies)
         INSERT INTO assistance_children (beneficiary_id, child_no, birth_date, birth_precision,
             studying, left_on)
         SELECT {cb}, c.child_no, c.birth_date, c.birth_precision, c.studying, c.left_on
         FROM assistance_children c, copies",
        p = new_id("p.id"),
        b = new_id("b.id"),
        bp = new_id("b.person_id"),
        g = new_id("g.id"),
        gb = new_id("g.beneficiary_id"),
        cb = new_id("c.beneficiary_id"),
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(i32::try_from(copies)?)
        .execute(pool)
        .await?;
    store.analyze().await?;
    let now: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM beneficiaries")
        .fetch_one(pool)
        .await?;
    Ok(usize::try_from(now)?)
}
