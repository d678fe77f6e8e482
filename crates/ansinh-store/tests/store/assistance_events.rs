//! Deaths, moves and dossiers recorded in batches, on both backends: the same effects as one at
//! a time (a late death recovers a locked month, a mover is paid once, in the new commune; a
//! dossier waits at its steps and can be decided), and a bad batch writes nothing.

use ansinh_core::AreaLevel;
use ansinh_core::assistance::{Facts, Group, Household};
use ansinh_core::payroll::{LineKind, Month};
use ansinh_store::assistance::Decision;
use ansinh_store::assistance::dossiers::DossierStatus;
use ansinh_store::assistance::events::DossierInProgress;
use ansinh_store::{Actor, Store, StoreError};
use chrono::NaiveDate;
use uuid::Uuid;

use super::assistance::pay;
use super::dossiers::intake;
use super::{d, valid};

both_backends!(
    batched_deaths_recover_and_batched_moves_pay_once,
    batched_dossiers_wait_at_their_steps,
);

fn officer() -> Actor {
    Actor("can-bo-ldtbxh".into())
}

fn m(y: i32, mo: u32) -> Month {
    Month::new(y, mo).unwrap()
}

/// A poor elderly person (5a, 1.5) decided in 12/2023, paid by `area`.
async fn elderly(store: &Store, pid: &str, name: &str, area: Uuid) -> Uuid {
    let p = store
        .create_person(&officer(), &valid(pid, name, "Nữ", "01/01/1950", "19900"))
        .await
        .unwrap();
    let mut facts = Facts::new(p.birth);
    facts.household = Household::Poor;
    let b = store
        .create_beneficiary(&officer(), p.id, area, "thôn 1", &facts)
        .await
        .unwrap();
    let decision = Decision {
        number: format!("{pid}/QĐ"),
        group: Group::K5A,
        dossier_on: d(2023, 12, 1),
        decided_on: d(2023, 12, 5),
        coefficient: Some(150),
    };
    store.decide(&officer(), b, &decision).await.unwrap();
    b
}

async fn batched_deaths_recover_and_batched_moves_pay_once(store: Store) {
    let communes = store
        .areas_in_force(AreaLevel::Commune, d(2024, 1, 1))
        .await
        .unwrap();
    let (a, b) = (communes[0].id, communes[1].id);
    let dies = elderly(&store, "046150000041", "Lê Thị Bốn Mốt", a).await;
    let moves = elderly(&store, "046150000042", "Lê Thị Bốn Hai", a).await;
    pay(&store, m(2024, 1)).await;
    pay(&store, m(2024, 2)).await;

    // A batch naming an unknown beneficiary writes nothing.
    let err = store
        .report_deaths(
            &officer(),
            &[(dies, d(2024, 1, 10)), (Uuid::now_v7(), d(2024, 1, 10))],
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
    let person = store.beneficiary(dies).await.unwrap().person_id;
    assert_eq!(store.person(person).await.unwrap().death_date, None);
    // A move to a commune not in force on the day is refused.
    let gone = store
        .areas_in_force(AreaLevel::Commune, d(2026, 1, 1))
        .await
        .unwrap();
    let new_only = gone
        .iter()
        .find(|c| !c.in_force_on(d(2024, 1, 20)))
        .unwrap();
    assert!(
        store
            .move_beneficiaries(
                &officer(),
                &[(moves, new_only.id, "thôn 9".into())],
                d(2024, 1, 20)
            )
            .await
            .is_err()
    );

    // Died in January, reported in March: February is recovered. The mover is paid in B.
    store
        .report_deaths(&officer(), &[(dies, d(2024, 1, 10))])
        .await
        .unwrap();
    store
        .move_beneficiaries(&officer(), &[(moves, b, "thôn 5".into())], d(2024, 3, 2))
        .await
        .unwrap();
    assert_eq!(
        store.person(person).await.unwrap().death_date,
        Some(d(2024, 1, 10))
    );
    let moved = store.beneficiary(moves).await.unwrap();
    assert_eq!((moved.area_id, moved.address.as_str()), (b, "thôn 5"));
    let march = store
        .run_payroll(&officer(), m(2024, 3), None)
        .await
        .unwrap()
        .run;
    let lines = store.payroll_lines(march.id, None).await.unwrap();
    let of = |who: Uuid| -> Vec<(LineKind, String, i64, Uuid)> {
        lines
            .iter()
            .filter(|l| l.beneficiary_id == who)
            .map(|l| {
                (
                    l.line.kind,
                    l.line.for_month.format_vn(),
                    l.line.amount,
                    l.area_id,
                )
            })
            .collect()
    };
    assert_eq!(
        of(dies),
        [(LineKind::Recovery, "02/2024".into(), -540_000, a)]
    );
    assert_eq!(
        of(moves),
        [(LineKind::Regular, "03/2024".into(), 540_000, b)]
    );
    // Each is in the history of what it changed.
    let history = store.history(person).await.unwrap();
    assert!(history.iter().any(|e| e.note.as_deref() == Some("báo tử")));
    assert!(
        store
            .history(moves)
            .await
            .unwrap()
            .iter()
            .any(|e| e.action == "move_in")
    );
}

fn dossier(person: Uuid, received: NaiveDate, steps: &[(&str, NaiveDate)]) -> DossierInProgress {
    DossierInProgress {
        dossier: intake(person, received),
        steps: steps.iter().map(|(c, on)| (c.to_string(), *on)).collect(),
    }
}

async fn batched_dossiers_wait_at_their_steps(store: Store) {
    let mut people = Vec::new();
    for (pid, name) in [
        ("046150000051", "Phan Thị Năm Mốt"),
        ("046150000052", "Phan Thị Năm Hai"),
    ] {
        let p = store
            .create_person(&officer(), &valid(pid, name, "Nữ", "01/01/1950", "19900"))
            .await
            .unwrap();
        people.push(p.id);
    }
    // Steps out of order: refused, nothing written.
    let bad = [dossier(
        people[0],
        d(2024, 6, 3),
        &[("POSTING", d(2024, 6, 12))],
    )];
    assert!(matches!(
        store.load_dossiers(&officer(), &bad, "thử").await,
        Err(StoreError::Assistance(ref errors))
            if errors.first().map(|e| e.code()) == Some("dossier.out_of_order")
    ));
    assert!(store.dossiers(None, false).await.unwrap().is_empty());

    let batch = [
        dossier(
            people[0],
            d(2024, 6, 3),
            &[("REVIEW", d(2024, 6, 10)), ("POSTING", d(2024, 6, 12))],
        ),
        dossier(people[1], d(2024, 6, 20), &[]),
    ];
    assert_eq!(
        store
            .load_dossiers(&officer(), &batch, "thử")
            .await
            .unwrap(),
        2
    );
    let open = store.dossiers(None, true).await.unwrap();
    assert_eq!(open.len(), 2);
    let first = open.iter().find(|x| x.person_id == people[0]).unwrap();
    assert_eq!(first.procedure, "nd20_district");
    assert_eq!(first.done.len(), 2);
    assert!(first.beneficiary_id.is_some(), "the applicant record");
    // It is decided as a dossier taken in alone is.
    store
        .grant_dossier(
            &officer(),
            first.id,
            "12/QĐ-UBND",
            d(2024, 6, 25),
            Some(150),
        )
        .await
        .unwrap();
    assert_eq!(
        store.dossier(first.id).await.unwrap().status,
        DossierStatus::Granted
    );
}
