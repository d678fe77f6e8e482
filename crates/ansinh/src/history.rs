//! The synthetic province's recent history, written through the store's own API (its batch
//! forms, `ansinh_store::assistance::events`) after the registry and the beneficiaries are
//! loaded, so the demo opens on work in progress:
//!
//! 1. the payroll of 12/2023 (the calibration month, `ansinh_synth::beneficiaries`) computed,
//!    approved and locked for the whole province;
//! 2. then, as in 01/2024, deaths the communes report late (the person died in 10 or 11/2023,
//!    so the locked December payment is recovered by the next payroll) and moves to another
//!    commune (the next payroll pays them there, and a month is never paid twice);
//! 3. the dossiers still being processed on the reference day, with the steps done so far.
//!
//! Running 01/2024 in the demo then shows the recoveries ("truy thu") on the payroll page.

use std::time::Instant;

use ansinh_core::payroll::{Month, Totals};
use ansinh_store::assistance::dossiers::NewDossier;
use ansinh_store::assistance::events::DossierInProgress;
use ansinh_store::{Actor, Store, StoreError};
use ansinh_synth::beneficiaries::{LateDeath, Move, reference_month};
use ansinh_synth::dossiers::OpenDossier;
use chrono::NaiveDate;

/// The events drawn with the beneficiaries, collected batch by batch.
#[derive(Debug, Default)]
pub struct History {
    pub late_deaths: Vec<LateDeath>,
    pub moves: Vec<Move>,
    pub dossiers: Vec<OpenDossier>,
}

/// What the history left in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistorySummary {
    /// The locked month and its totals.
    pub locked: Month,
    pub paid_people: i64,
    pub paid: Totals,
    pub late_deaths: usize,
    pub moves: usize,
    pub open_dossiers: usize,
}

/// Writes the history (see the module documentation). `today` dates the moves: a beneficiary
/// moves to a commune in force today, as the generated registry's communes are.
pub async fn load_history(
    store: &Store,
    actor: &Actor,
    history: History,
    today: NaiveDate,
) -> Result<HistorySummary, StoreError> {
    let month = reference_month();
    let mut t = Instant::now();
    let mut lap = |what: &str, n: usize| {
        tracing::info!(ms = t.elapsed().as_millis() as u64, n, "history: {what}");
        t = Instant::now();
    };
    let run = store.run_payroll(actor, month, None).await?.run;
    store.approve_payroll(actor, run.id).await?;
    store.lock_payroll(actor, run.id).await?;
    lap("payroll 12/2023 locked", run.totals.lines);
    let deaths: Vec<_> = history
        .late_deaths
        .iter()
        .map(|d| (d.beneficiary, d.died_on))
        .collect();
    store.report_deaths(actor, &deaths).await?;
    lap("late deaths", deaths.len());
    let moves: Vec<_> = history
        .moves
        .iter()
        .map(|m| (m.beneficiary, m.to_area, m.address.clone()))
        .collect();
    store.move_beneficiaries(actor, &moves, today).await?;
    lap("moves", moves.len());
    let dossiers: Vec<DossierInProgress> = history
        .dossiers
        .iter()
        .map(|d| DossierInProgress {
            dossier: NewDossier {
                person_id: d.person_id,
                form: d.form.to_string(),
                group: d.group,
                documents: d.documents.to_string(),
                received_on: d.received_on,
                circumstances: d.circumstances.clone(),
                address: d.address.clone(),
            },
            steps: d.steps.clone(),
        })
        .collect();
    store
        .load_dossiers(actor, &dossiers, "hồ sơ đang giải quyết (dữ liệu mẫu)")
        .await?;
    lap("open dossiers", dossiers.len());
    Ok(HistorySummary {
        locked: month,
        paid_people: run.beneficiaries,
        paid: run.totals,
        late_deaths: history.late_deaths.len(),
        moves: history.moves.len(),
        open_dossiers: history.dossiers.len(),
    })
}
