//! Dossiers from intake to decision on both backends: steps in order, a decision that
//! creates the grant and closes the dossier together (and is then paid, with arrears for the
//! months since the decision), and bad input that changes nothing.

use ansinh_core::assistance::{Facts, Group, Household};
use ansinh_core::payroll::Month;
use ansinh_store::assistance::dossiers::{DossierStatus, NewDossier};
use ansinh_store::{Actor, Store};
use uuid::Uuid;

use super::{d, valid};

both_backends!(
    dossier_from_intake_to_decision_and_payment,
    bad_dossier_input_changes_nothing
);

fn officer() -> Actor {
    Actor("can-bo-xa".into())
}

async fn applicant(store: &Store, pid: &str, name: &str) -> Uuid {
    store
        .create_person(&officer(), &valid(pid, name, "Nữ", "01/01/1950", "19900"))
        .await
        .unwrap()
        .id
}

pub(super) fn intake(person: Uuid, received: chrono::NaiveDate) -> NewDossier {
    let mut circumstances = Facts::new(ansinh_core::PartialDate::parse("01/01/1950").unwrap());
    circumstances.household = Household::Poor;
    NewDossier {
        person_id: person,
        form: "Mẫu số 1c".into(),
        group: Group::K5A,
        documents: "Đơn, CCCD, giấy xác nhận hộ nghèo".into(),
        received_on: received,
        circumstances,
        address: "thôn 2".into(),
    }
}

async fn dossier_from_intake_to_decision_and_payment(store: Store) {
    let person = applicant(&store, "046150000031", "Ngô Thị Ba").await;
    let dossier = store
        .create_dossier(&officer(), &intake(person, d(2024, 6, 3)))
        .await
        .unwrap();
    assert_eq!(dossier.status, DossierStatus::Open);
    assert_eq!(
        dossier.procedure, "nd20_district",
        "received before 1/7/2025"
    );
    for (step, on) in [
        ("REVIEW", d(2024, 6, 10)),
        ("POSTING", d(2024, 6, 12)),
        ("TRANSFER", d(2024, 6, 14)),
        ("APPRAISAL", d(2024, 6, 21)),
    ] {
        store
            .record_dossier_step(&officer(), dossier.id, step, on)
            .await
            .unwrap();
    }
    // A poor elderly person without a supporter (5a): 1.5, from the month of the decision.
    store
        .grant_dossier(
            &officer(),
            dossier.id,
            "15/QĐ-UBND",
            d(2024, 6, 25),
            Some(150),
        )
        .await
        .unwrap();
    let after = store.dossier(dossier.id).await.unwrap();
    assert_eq!(after.status, DossierStatus::Granted);
    assert_eq!(after.done.len(), 4);
    // Deciding again is refused: the dossier is closed.
    let again = store
        .grant_dossier(
            &officer(),
            dossier.id,
            "16/QĐ-UBND",
            d(2024, 6, 26),
            Some(150),
        )
        .await
        .unwrap_err();
    assert_eq!(again.code(), "assistance.dossier_not_open", "{again}");

    // The July 2024 payroll pays July at the new base (500,000 × 1.5) and June as arrears at
    // the old one (360,000 × 1.5).
    let run = store
        .run_payroll(&officer(), Month::new(2024, 7).unwrap(), None)
        .await
        .unwrap()
        .run;
    assert_eq!(run.totals.regular, 750_000);
    assert_eq!(run.totals.arrears, 540_000);
}

async fn bad_dossier_input_changes_nothing(store: Store) {
    let person = applicant(&store, "046150000032", "Phan Thị Tư").await;
    let dossier = store
        .create_dossier(&officer(), &intake(person, d(2024, 6, 3)))
        .await
        .unwrap();
    // Steps out of order: the posting before the commune's review.
    let e = store
        .record_dossier_step(&officer(), dossier.id, "POSTING", d(2024, 6, 5))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "dossier.out_of_order", "{e}");
    // A step of another procedure.
    let e = store
        .record_dossier_step(&officer(), dossier.id, "NO_SUCH_STEP", d(2024, 6, 5))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "dossier.unknown_step", "{e}");
    assert!(store.dossier(dossier.id).await.unwrap().done.is_empty());
    // A decision dated before the dossier was received.
    let e = store
        .grant_dossier(&officer(), dossier.id, "1/QĐ", d(2024, 5, 30), Some(150))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "assistance.decision_before_dossier", "{e}");
    // A coefficient the rules cannot give the group (5a under 80 is 1.5).
    let e = store
        .grant_dossier(&officer(), dossier.id, "2/QĐ", d(2024, 6, 25), Some(200))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "assistance.coefficient_mismatch", "{e}");
    let still = store.dossier(dossier.id).await.unwrap();
    assert_eq!(still.status, DossierStatus::Open, "nothing was granted");
    let b = store
        .beneficiary(still.beneficiary_id.unwrap())
        .await
        .unwrap();
    assert!(b.facts.grants.is_empty());

    // A rejection needs a reason, then closes the dossier once.
    let e = store
        .reject_dossier(&officer(), dossier.id, d(2024, 6, 20), "  ")
        .await
        .unwrap_err();
    assert_eq!(e.code(), "assistance.reject_reason_missing");
    store
        .reject_dossier(
            &officer(),
            dossier.id,
            d(2024, 6, 20),
            "còn người phụng dưỡng",
        )
        .await
        .unwrap();
    let rejected = store.dossier(dossier.id).await.unwrap();
    assert_eq!(rejected.status, DossierStatus::Rejected);
    assert_eq!(
        rejected.reject_reason.as_deref(),
        Some("còn người phụng dưỡng")
    );
    assert!(
        store
            .reject_dossier(&officer(), dossier.id, d(2024, 6, 21), "lần nữa")
            .await
            .is_err()
    );
    // A dossier received in the future is refused.
    let e = store
        .create_dossier(&officer(), &intake(person, d(2099, 1, 1)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "assistance.received_in_future");
}
