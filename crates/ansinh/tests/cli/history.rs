//! The synthetic province's history as `ansinh generate` and `ansinh demo` load it, through the
//! same library path: December 2023 computed with the real engine and locked at the calibrated
//! totals (scaled), then the next month recovers what was paid after the deaths reported late,
//! pays the movers in their new commune once, and the open dossiers wait at their steps.

use std::collections::{HashMap, HashSet};

use ansinh::pipeline::load_synthetic;
use ansinh_core::assistance::dossier::{Procedure, overdue};
use ansinh_core::calendar::WorkCalendar;
use ansinh_core::payroll::{LineKind, Month};
use ansinh_store::payroll::RunState;
use ansinh_store::{Actor, Store, today_vn};
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn december_is_locked_at_scale_and_january_recovers_and_pays_movers_once() {
    let (_dir, path) = ansinh_testkit::sqlite_path();
    let store = Store::open(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let scale = 0.02;
    let summary = load_synthetic(&store, scale, 7, |_, _| {}).await.unwrap();
    let h = &summary.history;

    // 12/2023 is the calibration month: about 60,800 people and 32 billion đồng at scale 1.
    let december = Month::new(2023, 12).unwrap();
    let runs = store.payroll_runs(december).await.unwrap();
    assert_eq!(runs.len(), 1);
    let dec = &runs[0];
    assert_eq!(dec.state, RunState::Locked);
    assert_eq!(dec.beneficiaries, h.paid_people);
    let people = dec.beneficiaries as f64 / scale;
    let amount = dec.totals.net() as f64 / scale;
    assert!(
        (people - 60_800.0).abs() / 60_800.0 < 0.08,
        "{people} people at SF1"
    );
    assert!(
        (amount - 32.0e9).abs() / 32.0e9 < 0.08,
        "{amount} VND at SF1"
    );
    assert!(
        h.late_deaths > 0 && h.moves > 0 && h.open_dossiers > 0,
        "{h:?}"
    );

    // The next month: every late death recovers the December payment, the movers are paid in
    // their new commune, and nobody gets two regular lines for a month.
    let actor = Actor::system("test");
    let january = store
        .run_payroll(&actor, december.succ(), None)
        .await
        .unwrap()
        .run;
    let dec_lines = store.payroll_lines(dec.id, None).await.unwrap();
    let jan_lines = store.payroll_lines(january.id, None).await.unwrap();
    let mut paid_in: HashMap<Uuid, (Uuid, i64)> = HashMap::new();
    for l in &dec_lines {
        let e = paid_in.entry(l.beneficiary_id).or_insert((l.area_id, 0));
        e.1 += l.line.amount;
    }
    let mut regular: HashSet<(Uuid, Month, String)> = HashSet::new();
    let (mut recovered, mut moved) = (0, 0);
    let mut jan_area: HashMap<Uuid, Uuid> = HashMap::new();
    for l in &jan_lines {
        match l.line.kind {
            LineKind::Regular => {
                let group = format!("{:?}", l.line.group);
                assert!(
                    regular.insert((l.beneficiary_id, l.line.for_month, group)),
                    "two regular lines for one month"
                );
                jan_area.insert(l.beneficiary_id, l.area_id);
            }
            LineKind::Recovery => {
                assert_eq!(l.line.for_month, december);
                assert_eq!(l.line.amount, -paid_in[&l.beneficiary_id].1);
                recovered += 1;
            }
            LineKind::Arrears => {}
        }
    }
    for (b, area) in &jan_area {
        if let Some((dec_area, _)) = paid_in.get(b)
            && dec_area != area
        {
            moved += 1;
        }
    }
    // Deaths in December itself are paid for December and recover nothing.
    assert!(recovered > 0 && recovered <= h.late_deaths, "{recovered}");
    assert_eq!(january.totals.recovery, {
        let r: i64 = jan_lines
            .iter()
            .filter(|l| l.line.kind == LineKind::Recovery)
            .map(|l| l.line.amount)
            .sum();
        r
    });
    assert_eq!(moved, h.moves, "movers paid in their new commune");

    // Open dossiers at their steps, some of them late.
    let dossiers = store.dossiers(None, true).await.unwrap();
    assert_eq!(dossiers.len(), h.open_dossiers);
    let calendar = WorkCalendar::shipped().unwrap();
    let late = dossiers
        .iter()
        .filter(|d| {
            let procedure = Procedure::by_code(&d.procedure).unwrap();
            let states = procedure
                .track(d.received_on, &d.done, d.complaint, &calendar)
                .unwrap();
            !overdue(&states, today_vn()).is_empty()
        })
        .count();
    assert!(
        late < dossiers.len(),
        "{late} of {} overdue",
        dossiers.len()
    );
    store.close().await;
}
