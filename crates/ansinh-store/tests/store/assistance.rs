//! Social assistance and the payroll, on both backends: worked examples of the decree through
//! the store, the run lifecycle, locked months, moves, suspensions, payment results and bad
//! input.

use ansinh_core::AreaLevel;
use ansinh_core::PartialDate;
use ansinh_core::assistance::{Child, DisabilityCertificate, Facts, Group, Household, Severity};
use ansinh_core::payroll::PaymentResultRow;
use ansinh_core::payroll::{LineKind, Month};
use ansinh_store::assistance::Decision;
use ansinh_store::{Actor, Store, StoreError};
use chrono::NaiveDate;
use uuid::Uuid;

use super::{d, valid};

both_backends!(
    payroll_worked_examples_and_lifecycle,
    bad_decisions_change_nothing,
    moves_and_suspensions_pay_each_month_once,
    payment_results_carry_unpaid_forward,
    every_fact_reads_back_as_written,
    a_rerun_rewrites_only_what_changed,
    parts_give_the_lines_of_one_pass,
);

fn m(y: i32, mo: u32) -> Month {
    Month::new(y, mo).unwrap()
}

fn officer() -> Actor {
    Actor("can-bo-ldtbxh".into())
}

async fn commune(store: &Store, on: NaiveDate, i: usize) -> Uuid {
    store.areas_in_force(AreaLevel::Commune, on).await.unwrap()[i].id
}

/// A person in the registry and a beneficiary record with the given circumstances.
async fn beneficiary(
    store: &Store,
    pid: &str,
    name: &str,
    birth: &str,
    area: Uuid,
    set: impl FnOnce(&mut Facts),
) -> Uuid {
    let p = store
        .create_person(&officer(), &valid(pid, name, "Nữ", birth, "19900"))
        .await
        .unwrap();
    let mut facts = Facts::new(p.birth);
    set(&mut facts);
    store
        .create_beneficiary(&officer(), p.id, area, "thôn 1", &facts)
        .await
        .unwrap()
}

fn decision(no: &str, group: Group, dossier: NaiveDate, decided: NaiveDate, c: i32) -> Decision {
    Decision {
        number: no.into(),
        group,
        dossier_on: dossier,
        decided_on: decided,
        coefficient: Some(c),
    }
}

/// A poor person born in 1950 (aged 73 in 2023, no support: khoản 5a, coefficient 1.5).
async fn poor_elderly(store: &Store, pid: &str, name: &str, area: Uuid) -> Uuid {
    beneficiary(store, pid, name, "01/01/1950", area, |f| {
        f.household = Household::Poor
    })
    .await
}

/// Decides khoản 5a (coefficient 1.5) for `who` on `decided`, from a dossier of 25/9/2023.
async fn decide_5a(store: &Store, who: Uuid, number: &str, decided: NaiveDate) {
    store
        .decide(
            &officer(),
            who,
            &decision(number, Group::K5A, d(2023, 9, 25), decided, 150),
        )
        .await
        .unwrap();
}

/// Runs, approves and locks a month for the whole province; returns the run id.
pub(super) async fn pay(store: &Store, month: Month) -> Uuid {
    let r = store
        .run_payroll(&officer(), month, None)
        .await
        .unwrap()
        .run;
    store.approve_payroll(&officer(), r.id).await.unwrap();
    store.lock_payroll(&officer(), r.id).await.unwrap();
    r.id
}

/// (kind, for_month, amount) of one beneficiary's lines in a run.
async fn lines_of(store: &Store, run: Uuid, who: Uuid) -> Vec<(LineKind, String, i64)> {
    store
        .payroll_lines(run, None)
        .await
        .unwrap()
        .into_iter()
        .filter(|l| l.beneficiary_id == who)
        .map(|l| (l.line.kind, l.line.for_month.format_vn(), l.line.amount))
        .collect()
}

async fn payroll_worked_examples_and_lifecycle(store: Store) {
    let area = commune(&store, d(2023, 10, 1), 0).await;
    // 5a, poor, no supporter: 1.5 (Điều 6 khoản 1 điểm đ), decided 02/10/2023.
    let elder = beneficiary(
        &store,
        "046150000001",
        "Hồ Thị Một",
        "01/01/1950",
        area,
        |f| {
            f.household = Household::Poor;
        },
    )
    .await;
    store
        .decide(
            &officer(),
            elder,
            &decision("12/QĐ", Group::K5A, d(2023, 9, 25), d(2023, 10, 2), 150),
        )
        .await
        .unwrap();
    // 5c: born 15/08/1943, turns 80 in 08/2023, so paid from 08/2023 although decided in 10.
    let old = beneficiary(
        &store,
        "046143000002",
        "Lê Thị Hai",
        "15/08/1943",
        area,
        |_| {},
    )
    .await;
    store
        .decide(
            &officer(),
            old,
            &decision("13/QĐ", Group::K5C, d(2023, 9, 20), d(2023, 10, 10), 100),
        )
        .await
        .unwrap();

    let first = store
        .run_payroll(&officer(), m(2023, 10), None)
        .await
        .unwrap();
    assert_eq!(first.run.totals.regular, 540_000 + 360_000);
    assert_eq!(first.run.totals.arrears, 720_000);
    assert_eq!(
        lines_of(&store, first.run.id, old).await,
        [
            (LineKind::Arrears, "08/2023".into(), 360_000),
            (LineKind::Arrears, "09/2023".into(), 360_000),
            (LineKind::Regular, "10/2023".into(), 360_000),
        ]
    );
    // The sum of the lines is the run's total, and by group and by commune too.
    let lines = store.payroll_lines(first.run.id, None).await.unwrap();
    let sum: i64 = lines.iter().map(|l| l.line.amount).sum();
    assert_eq!(sum, first.run.totals.net());
    let totals = store.run_totals(first.run.id).await.unwrap();
    assert_eq!(totals.by_group.values().map(|t| t.net()).sum::<i64>(), sum);
    assert_eq!(
        totals.by_commune.values().map(|t| t.net()).sum::<i64>(),
        sum
    );
    // Within the run's one commune the run is all there; within another, nothing.
    let within = store
        .run_totals_within(first.run.id, &[area])
        .await
        .unwrap();
    assert_eq!(within, (first.run.beneficiaries, first.run.totals));
    let elsewhere = commune(&store, d(2023, 10, 1), 1).await;
    let outside = store
        .run_totals_within(first.run.id, &[elsewhere])
        .await
        .unwrap();
    assert_eq!(outside.0, 0);
    assert_eq!(outside.1.net(), 0);
    assert!(
        store
            .run_totals_within(first.run.id, &[])
            .await
            .unwrap()
            .1
            .lines
            == 0
    );
    // Re-running a draft gives exactly the same lines.
    let again = store
        .run_payroll(&officer(), m(2023, 10), None)
        .await
        .unwrap();
    assert_eq!(again.run.id, first.run.id);
    assert_eq!(
        store.payroll_lines(first.run.id, None).await.unwrap(),
        lines
    );
    // A commune run beside a province-wide one would pay people twice.
    let err = store
        .run_payroll(&officer(), m(2023, 10), Some(area))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "payroll.overlap");
    // Locking needs approval first.
    let err = store
        .lock_payroll(&officer(), first.run.id)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "payroll.wrong_state");
    store
        .approve_payroll(&officer(), first.run.id)
        .await
        .unwrap();
    store.lock_payroll(&officer(), first.run.id).await.unwrap();
    // A locked month never changes: no re-run, and the database refuses edits of its lines.
    let err = store
        .run_payroll(&officer(), m(2023, 10), None)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "payroll.locked");
    assert_eq!(
        err.to_string(),
        "bảng chi tháng 10/2023 đã khóa; điều chỉnh được tính vào tháng sau"
    );
    ansinh_store::db_run!(store.db(), pool => {
        let upd = sqlx::query("UPDATE payroll_lines SET amount = amount + 1 WHERE run_id = $1")
            .bind(first.run.id).execute(pool).await;
        assert!(upd.is_err(), "a locked run's lines must not be updated");
        let del = sqlx::query("DELETE FROM payroll_lines WHERE run_id = $1")
            .bind(first.run.id).execute(pool).await;
        assert!(del.is_err(), "a locked run's lines must not be deleted");
        let run = sqlx::query("UPDATE payroll_runs SET state = 'draft' WHERE id = $1")
            .bind(first.run.id).execute(pool).await;
        assert!(run.is_err(), "a locked run must not be reopened");
    });
    assert_eq!(
        store.payroll_lines(first.run.id, None).await.unwrap(),
        lines
    );

    // Months up to 06/2024 at the 360,000 base; 07/2024 at 500,000 (1/7/2024 change).
    let mut july = Uuid::nil();
    for month in m(2023, 11).through(m(2024, 7)) {
        let id = pay(&store, month).await;
        let expect_elder = if month < m(2024, 7) { 540_000 } else { 750_000 };
        let expect_old = if month < m(2024, 7) { 360_000 } else { 500_000 };
        assert_eq!(
            lines_of(&store, id, elder).await,
            [(LineKind::Regular, month.format_vn(), expect_elder)]
        );
        assert_eq!(
            lines_of(&store, id, old).await,
            [(LineKind::Regular, month.format_vn(), expect_old)]
        );
        july = id;
    }
    assert_eq!(
        store.payroll_run(july).await.unwrap().totals.net(),
        1_250_000
    );

    // A late death report: died 10/03/2024, reported in 08/2024 after 04–07 were paid. March
    // stays due; April–June (540,000) and July (750,000) are recovered; nothing for August.
    store
        .report_death(&officer(), elder, d(2024, 3, 10))
        .await
        .unwrap();
    // A severely disabled adult certified 14/05/2024, decided 05/09/2024: paid from May, so
    // September pays May–June at 360,000 × 1.5 and July–August at 500,000 × 1.5 as arrears.
    let disabled = beneficiary(
        &store,
        "046180000003",
        "Phan Văn Ba",
        "05/05/1980",
        area,
        |_| {},
    )
    .await;
    store
        .add_certificate(
            &officer(),
            disabled,
            DisabilityCertificate {
                issued_on: d(2024, 5, 14),
                severity: Severity::Severe,
            },
        )
        .await
        .unwrap();
    let august = pay(&store, m(2024, 8)).await;
    store
        .decide(
            &officer(),
            disabled,
            &decision("40/QĐ", Group::K6, d(2024, 8, 20), d(2024, 9, 5), 150),
        )
        .await
        .unwrap();
    assert_eq!(
        lines_of(&store, august, elder).await,
        [
            (LineKind::Recovery, "04/2024".into(), -540_000),
            (LineKind::Recovery, "05/2024".into(), -540_000),
            (LineKind::Recovery, "06/2024".into(), -540_000),
            (LineKind::Recovery, "07/2024".into(), -750_000),
        ]
    );
    let september = pay(&store, m(2024, 9)).await;
    assert_eq!(
        lines_of(&store, september, disabled).await,
        [
            (LineKind::Arrears, "05/2024".into(), 540_000),
            (LineKind::Arrears, "06/2024".into(), 540_000),
            (LineKind::Arrears, "07/2024".into(), 750_000),
            (LineKind::Arrears, "08/2024".into(), 750_000),
            (LineKind::Regular, "09/2024".into(), 750_000),
        ]
    );
    assert!(lines_of(&store, september, elder).await.is_empty());
    // Nobody is paid twice: after every locked run, the net paid for each beneficiary and
    // month equals what is due — at most one month's allowance.
    let paid: Vec<(Uuid, NaiveDate, i64)> = ansinh_store::db_run!(store.db(), pool => sqlx::query_as(
        "SELECT beneficiary_id, for_month, CAST(SUM(amount) AS BIGINT) FROM payroll_lines GROUP BY beneficiary_id, for_month",
    ).fetch_all(pool).await.unwrap());
    for (who, month, net) in paid {
        let due = if who == elder && month >= d(2024, 4, 1) {
            0
        } else if month >= d(2024, 7, 1) {
            750_000
        } else {
            540_000
        };
        let due = if who == old { due * 2 / 3 } else { due };
        assert_eq!(net, due, "{who} {month}");
    }
    // Health insurance: everyone with a regular line in the month.
    let cards = store.insurance_list(m(2024, 9)).await.unwrap();
    assert_eq!(cards.len(), 2);
}

async fn bad_decisions_change_nothing(store: Store) {
    let area = commune(&store, d(2024, 1, 1), 0).await;
    let who = beneficiary(
        &store,
        "046150000011",
        "Trần Thị Mười",
        "01/01/1950",
        area,
        |f| {
            f.household = Household::Poor;
        },
    )
    .await;
    let before = store.beneficiary(who).await.unwrap();
    // Decision date before the dossier.
    let err = store
        .decide(
            &officer(),
            who,
            &decision("1/QĐ", Group::K5A, d(2024, 3, 5), d(2024, 3, 1), 150),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "assistance.decision_before_dossier");
    // A coefficient the group does not give at that age.
    let err = store
        .decide(
            &officer(),
            who,
            &decision("2/QĐ", Group::K5A, d(2024, 3, 1), d(2024, 3, 1), 200),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "assistance.coefficient_mismatch");
    assert_eq!(
        err.to_string(),
        "quyết định nhóm K5A ghi hệ số 2,0, nhưng theo quy định tháng 03/2024 hệ số là 1,5"
    );
    // Not in the group at all (khoản 8 needs HIV).
    let err = store
        .decide(
            &officer(),
            who,
            &decision("3/QĐ", Group::K8, d(2024, 3, 1), d(2024, 3, 1), 150),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "assistance.not_eligible");
    assert_eq!(store.beneficiary(who).await.unwrap(), before);
    // Unknown group codes never reach the store.
    assert_eq!(
        ansinh_core::assistance::parse_group("K9")
            .unwrap_err()
            .code(),
        "assistance.unknown_group"
    );
    // The same decision number twice is refused.
    let ok = decision("4/QĐ", Group::K5A, d(2024, 3, 1), d(2024, 3, 1), 150);
    store.decide(&officer(), who, &ok).await.unwrap();
    let mut twice = ok.clone();
    twice.decided_on = d(2024, 6, 1);
    twice.dossier_on = d(2024, 6, 1);
    assert!(store.decide(&officer(), who, &twice).await.is_err());
    // A run for a locked month is refused and leaves the lines as they were.
    let id = pay(&store, m(2024, 3)).await;
    let lines = store.payroll_lines(id, None).await.unwrap();
    assert_eq!(
        store
            .run_payroll(&officer(), m(2024, 3), None)
            .await
            .unwrap_err()
            .code(),
        "payroll.locked"
    );
    assert_eq!(store.payroll_lines(id, None).await.unwrap(), lines);
    // A draft changed underneath cannot be approved.
    let r = store
        .run_payroll(&officer(), m(2024, 4), None)
        .await
        .unwrap()
        .run;
    store
        .suspend(&officer(), who, m(2024, 5), "không nhận trợ cấp 3 tháng")
        .await
        .unwrap();
    assert_eq!(
        store
            .approve_payroll(&officer(), r.id)
            .await
            .unwrap_err()
            .code(),
        "payroll.stale"
    );
}

async fn moves_and_suspensions_pay_each_month_once(store: Store) {
    let a = commune(&store, d(2024, 1, 1), 0).await;
    let b = commune(&store, d(2024, 1, 1), 1).await;
    let who = beneficiary(
        &store,
        "046150000021",
        "Ngô Thị Hai Mốt",
        "01/01/1950",
        a,
        |f| {
            f.household = Household::Poor;
        },
    )
    .await;
    store
        .decide(
            &officer(),
            who,
            &decision("7/QĐ", Group::K5A, d(2024, 1, 2), d(2024, 1, 3), 150),
        )
        .await
        .unwrap();
    // January is paid by commune A, then the person moves to B.
    let jan_a = store
        .run_payroll(&officer(), m(2024, 1), Some(a))
        .await
        .unwrap()
        .run;
    store.approve_payroll(&officer(), jan_a.id).await.unwrap();
    store.lock_payroll(&officer(), jan_a.id).await.unwrap();
    store
        .move_beneficiary(&officer(), who, b, "thôn 5", d(2024, 1, 20))
        .await
        .unwrap();
    // B's January run does not pay January again; its February run pays February.
    let jan_b = store
        .run_payroll(&officer(), m(2024, 1), Some(b))
        .await
        .unwrap();
    assert_eq!(jan_b.already_paid, 1);
    assert_eq!(jan_b.run.totals.lines, 0);
    let feb_b = store
        .run_payroll(&officer(), m(2024, 2), Some(b))
        .await
        .unwrap()
        .run;
    assert_eq!(
        lines_of(&store, feb_b.id, who).await,
        [(LineKind::Regular, "02/2024".into(), 540_000)]
    );
    let lines = store.payroll_lines(feb_b.id, None).await.unwrap();
    assert_eq!(lines[0].area_id, b);
    store.approve_payroll(&officer(), feb_b.id).await.unwrap();
    store.lock_payroll(&officer(), feb_b.id).await.unwrap();
    // Suspended in March: no line; resumed after March: April pays March as arrears.
    store
        .suspend(&officer(), who, m(2024, 3), "tạm giam")
        .await
        .unwrap();
    let mar = store
        .run_payroll(&officer(), m(2024, 3), Some(b))
        .await
        .unwrap();
    assert_eq!(mar.suspended, 1);
    assert_eq!(mar.run.totals.lines, 0);
    store.approve_payroll(&officer(), mar.run.id).await.unwrap();
    store.lock_payroll(&officer(), mar.run.id).await.unwrap();
    store.resume(&officer(), who, m(2024, 3)).await.unwrap();
    let apr = store
        .run_payroll(&officer(), m(2024, 4), Some(b))
        .await
        .unwrap()
        .run;
    assert_eq!(
        lines_of(&store, apr.id, who).await,
        [
            (LineKind::Arrears, "03/2024".into(), 540_000),
            (LineKind::Regular, "04/2024".into(), 540_000),
        ]
    );
}

async fn payment_results_carry_unpaid_forward(store: Store) {
    let area = commune(&store, d(2024, 1, 1), 0).await;
    let who = beneficiary(
        &store,
        "046150000031",
        "Võ Thị Ba Mốt",
        "01/01/1950",
        area,
        |f| {
            f.household = Household::Poor;
        },
    )
    .await;
    store
        .decide(
            &officer(),
            who,
            &decision("9/QĐ", Group::K5A, d(2024, 5, 2), d(2024, 5, 3), 150),
        )
        .await
        .unwrap();
    let may = pay(&store, m(2024, 5)).await;
    let row = |who: &str, amount: i64, paid: bool| PaymentResultRow {
        line: 2,
        beneficiary: who.into(),
        month: m(2024, 5),
        amount,
        paid,
    };
    // Unknown people and wrong amounts: every row reported, nothing written.
    let err = store
        .import_payment_results(
            &officer(),
            may,
            &[
                row("046999999999", 540_000, true),
                row("046150000031", 500_000, true),
            ],
            "ketqua.xlsx",
        )
        .await
        .unwrap_err();
    let StoreError::Rows(rows) = &err else {
        panic!("{err}")
    };
    let codes: Vec<&str> = rows.iter().map(|r| r.code).collect();
    assert_eq!(
        codes,
        ["payment.unknown_beneficiary", "payment.amount_mismatch"]
    );
    // Not paid in May: June pays May again as arrears.
    store
        .import_payment_results(
            &officer(),
            may,
            &[row("046150000031", 540_000, false)],
            "ketqua.xlsx",
        )
        .await
        .unwrap();
    let june = pay(&store, m(2024, 6)).await;
    assert_eq!(
        lines_of(&store, june, who).await,
        [
            (LineKind::Arrears, "05/2024".into(), 540_000),
            (LineKind::Regular, "06/2024".into(), 540_000),
        ]
    );
    // Importing the same result twice is refused.
    assert!(
        store
            .import_payment_results(
                &officer(),
                may,
                &[row("046150000031", 540_000, false)],
                "ketqua.xlsx"
            )
            .await
            .is_err()
    );
}

/// The payroll reads facts packed into text (`assistance/facts.rs`); every kind of fact, set
/// and unset, must come back exactly, and one beneficiary's read must not pick up another's.
async fn every_fact_reads_back_as_written(store: Store) {
    let on = d(2024, 1, 10);
    let area = commune(&store, on, 0).await;
    let other_area = commune(&store, on, 1).await;
    let mut written = Facts::new(PartialDate::parse("06/1990").unwrap());
    let full = beneficiary(
        &store,
        "046190000101",
        "Lê Thị Hoa",
        "06/1990",
        area,
        |f| {
            f.household = Household::NearPoor;
            f.studying = true;
            f.hiv = true;
            f.disadvantaged_area = true;
            f.in_facility_since = Some(d(2025, 2, 3));
            f.disability = vec![
                DisabilityCertificate {
                    issued_on: d(2023, 11, 5),
                    severity: Severity::Extreme,
                },
                DisabilityCertificate {
                    issued_on: d(2021, 3, 1),
                    severity: Severity::Severe,
                },
            ];
            f.children = vec![
                Child {
                    birth: PartialDate::day(d(2015, 4, 30)),
                    studying: false,
                    left_on: None,
                },
                Child {
                    birth: PartialDate::parse("2008").unwrap(),
                    studying: true,
                    left_on: Some(d(2024, 9, 1)),
                },
            ];
            written = f.clone();
        },
    )
    .await;
    let plain = beneficiary(
        &store,
        "046140000102",
        "Lê Văn Nam",
        "1940",
        other_area,
        |f| {
            f.has_pension = false;
        },
    )
    .await;
    store
        .decide(
            &officer(),
            full,
            &decision(
                "12/QĐ-UBND",
                Group::K6,
                d(2023, 12, 1),
                d(2023, 12, 20),
                200,
            ),
        )
        .await
        .unwrap();
    store
        .suspend(
            &officer(),
            full,
            m(2024, 3),
            "chưa nhận, đi vắng; địa chỉ mới",
        )
        .await
        .unwrap();
    store.resume(&officer(), full, m(2024, 4)).await.unwrap();

    let b = store.beneficiary(full).await.unwrap();
    assert_eq!(b.area_id, area);
    assert_eq!(b.address, "thôn 1");
    let mut expected = written.clone();
    expected.disability.sort_by_key(|c| c.issued_on);
    let mut read = b.facts.clone();
    assert_eq!(read.grants.len(), 1);
    assert_eq!(read.grants[0].group, Group::K6);
    assert_eq!(read.grants[0].coefficient, Some(200));
    assert_eq!(read.grants[0].ended_on, None);
    read.grants.clear();
    assert_eq!(read, expected);
    assert_eq!(b.decisions.len(), 1);
    assert_eq!(b.decisions[0].1, "12/QĐ-UBND");
    assert_eq!(b.suspensions.len(), 1);
    assert_eq!(b.suspensions[0].from, m(2024, 3));
    assert_eq!(b.suspensions[0].to, Some(m(2024, 4)));
    assert_eq!(b.suspensions[0].reason, "chưa nhận, đi vắng; địa chỉ mới");

    let p = store.beneficiary(plain).await.unwrap();
    assert_eq!(p.area_id, other_area);
    assert!(p.facts.grants.is_empty());
    assert!(p.facts.disability.is_empty());
    assert!(p.facts.children.is_empty());
    assert!(p.suspensions.is_empty());
    assert_eq!(p.facts.household, Household::Other);
    assert!(!p.facts.studying && !p.facts.hiv && !p.facts.disadvantaged_area);
    assert_eq!(p.facts.in_facility_since, None);
    assert_eq!(p.facts.birth, PartialDate::parse("1940").unwrap());
}

/// A re-run of a draft keeps the stored lines that are still right from the first on and
/// rewrites the rest; whatever it keeps, the run's lines are numbered 1..n, add up to its
/// totals and are each beneficiary's lines of the month.
async fn a_rerun_rewrites_only_what_changed(store: Store) {
    let area = commune(&store, d(2023, 10, 1), 0).await;
    let october = m(2023, 10);
    // Three poor elderly without support (5a, 1.5 × 360,000) decided in 10/2023, paid from the
    // decision's month: one regular line each.
    let mut people = Vec::new();
    for (i, name) in [
        "Trần Thị Một",
        "Trần Thị Hai",
        "Trần Thị Ba",
        "Trần Thị Bốn",
    ]
    .iter()
    .enumerate()
    {
        let who = poor_elderly(&store, &format!("04615000001{i}"), name, area).await;
        people.push(who);
        if i < 3 {
            decide_5a(&store, who, &format!("2{i}/QĐ"), d(2023, 10, 2)).await;
        }
    }
    let who_is_paid = |lines: &[ansinh_store::payroll::StoredLine]| -> Vec<Uuid> {
        lines.iter().map(|l| l.beneficiary_id).collect()
    };

    let (first, lines) = run_and_read(&store, october, None).await;
    assert_eq!(who_is_paid(&lines), people[..3]);

    // The fourth is decided: a re-run adds her line after the three kept ones.
    decide_5a(&store, people[3], "23/QĐ", d(2023, 10, 3)).await;
    let (run, after_decision) = run_and_read(&store, october, None).await;
    assert_eq!(run.id, first.id, "a re-run keeps its draft");
    assert_eq!(after_decision[..3], lines[..]);
    assert_eq!(who_is_paid(&after_decision), people);
    assert_eq!(run.totals.regular, 4 * 540_000);

    // The second died in September (reported now): her line goes, the later ones move up.
    store
        .report_death(&officer(), people[1], d(2023, 9, 20))
        .await
        .unwrap();
    let (run, after_death) = run_and_read(&store, october, None).await;
    assert_eq!(who_is_paid(&after_death), [people[0], people[2], people[3]]);
    assert_eq!(after_death[0], lines[0]);
    assert_eq!(run.totals.regular, 3 * 540_000);

    // Nothing changed: the same lines again.
    assert_eq!(run_and_read(&store, october, None).await.1, after_death);

    // The re-runs leave the draft approvable: what is approved is what was computed last.
    store.approve_payroll(&officer(), first.id).await.unwrap();

    // The lines have no foreign keys (migration 0011); triggers keep what they refer to.
    ansinh_store::db_run!(store.db(), pool => {
        let run = sqlx::query("DELETE FROM payroll_runs WHERE id = $1")
            .bind(first.id).execute(pool).await;
        let err = run.expect_err("a run with lines must not be deleted").to_string();
        assert!(err.contains("payroll lines refer to this"), "{err}");
        // Without its grant, only the lines refer to the beneficiary.
        sqlx::query("DELETE FROM assistance_grants WHERE beneficiary_id = $1")
            .bind(people[0]).execute(pool).await.unwrap();
        let who = sqlx::query("DELETE FROM beneficiaries WHERE id = $1")
            .bind(people[0]).execute(pool).await;
        let err = who.expect_err("a beneficiary with lines must not be deleted").to_string();
        assert!(err.contains("payroll lines refer to this"), "{err}");
    });
}

/// Runs a month for the province or a commune and reads its lines back, checking that they are numbered
/// 1..n and add up to the run's totals.
async fn run_and_read(
    store: &Store,
    month: Month,
    area: Option<Uuid>,
) -> (
    ansinh_store::payroll::PayrollRun,
    Vec<ansinh_store::payroll::StoredLine>,
) {
    let run = store
        .run_payroll(&officer(), month, area)
        .await
        .unwrap()
        .run;
    let lines = store.payroll_lines(run.id, None).await.unwrap();
    let numbers: Vec<i32> = lines.iter().map(|l| l.line_no).collect();
    assert_eq!(numbers, (1..=lines.len() as i32).collect::<Vec<_>>());
    let sum = ansinh_core::payroll::totals(lines.iter().map(|l| &l.line));
    assert_eq!(run.totals, sum, "the run's totals are the sum of its lines");
    (run, lines)
}

/// A run cut into parts (the pipeline of `payroll/run.rs`: parts are read while the previous
/// one is written) gives the lines of a run in one part: the same lines, numbers and totals,
/// for the province and for a commune, on a first run and on re-runs with other part sizes,
/// before and after a change in a middle part.
async fn parts_give_the_lines_of_one_pass(store: Store) {
    let area = commune(&store, d(2023, 10, 1), 0).await;
    let other = commune(&store, d(2023, 10, 1), 1).await;
    let names = [
        "Lê Thị An",
        "Lê Thị Bình",
        "Lê Thị Chi",
        "Lê Thị Dung",
        "Lê Thị Hà",
        "Lê Thị Hoa",
        "Lê Thị Lan",
        "Lê Thị Mai",
        "Lê Thị Nga",
        "Lê Thị Oanh",
        "Lê Thị Phương",
        "Lê Thị Quế",
    ];
    let mut people = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let area = if i % 3 == 0 { other } else { area };
        let who = poor_elderly(&store, &format!("0461500002{i:02}"), name, area).await;
        decide_5a(&store, who, &format!("4{i}/QĐ"), d(2023, 10, 2)).await;
        people.push(who);
    }
    pay(&store, m(2023, 10)).await;
    // Reported late: died in September, so October's payment is recovered in November.
    store
        .report_death(&officer(), people[5], d(2023, 9, 20))
        .await
        .unwrap();
    let parts_of = |n: usize| store.clone().with_payroll_part(n);
    let november = m(2023, 11);
    let run = |n: usize, month: Month, area: Option<Uuid>| {
        let store = parts_of(n);
        async move { run_and_read(&store, month, area).await }
    };

    let (first, lines) = run(5, november, None).await;
    assert_eq!(first.totals.lines, 12, "11 regular lines and one recovery");
    assert_eq!(first.totals.recovery, -540_000);
    for n in [usize::MAX, 1, 3, 5] {
        let (again, same) = run(n, november, None).await;
        assert_eq!(again.id, first.id, "a re-run keeps its draft");
        assert_eq!(same, lines, "parts of {n}");
    }

    // A change in a middle part: the tenth died in October (paid), so November has no line
    // for her; the lines before hers are kept and the later ones move up.
    store
        .report_death(&officer(), people[9], d(2023, 10, 15))
        .await
        .unwrap();
    let (_, changed) = run(5, november, None).await;
    let expected: Vec<_> = lines
        .iter()
        .filter(|l| l.beneficiary_id != people[9])
        .map(|l| (l.beneficiary_id, l.line.clone()))
        .collect();
    let got: Vec<_> = changed
        .iter()
        .map(|l| (l.beneficiary_id, l.line.clone()))
        .collect();
    assert_eq!(got, expected);
    for n in [2, usize::MAX] {
        assert_eq!(run(n, november, None).await.1, changed, "parts of {n}");
    }

    // A commune's run in parts, and again in one part.
    let (_, commune_lines) = run(2, m(2023, 12), Some(area)).await;
    // Eight in the commune, one of them dead: seven regular lines, and her October recovered
    // again (November is a draft, not paid).
    assert_eq!(commune_lines.len(), 8);
    assert!(commune_lines.iter().all(|l| l.area_id == area));
    assert_eq!(
        run(usize::MAX, m(2023, 12), Some(area)).await.1,
        commune_lines
    );
}

/// An in-memory SQLite database is one connection: the pipeline cannot read a part beside the
/// run's transaction there, so it reads every part first. Without that the run would wait for
/// a second connection until the pool gave up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_connection_store_reads_its_parts_before_writing() {
    let store = Store::open("sqlite::memory:")
        .await
        .unwrap()
        .with_payroll_part(1);
    let area = commune(&store, d(2023, 10, 1), 0).await;
    for (i, name) in ["Võ Thị An", "Võ Thị Bình", "Võ Thị Chi"]
        .iter()
        .enumerate()
    {
        let who = poor_elderly(&store, &format!("0461500003{i:02}"), name, area).await;
        decide_5a(&store, who, &format!("5{i}/QĐ"), d(2023, 10, 2)).await;
    }
    let run = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        store.run_payroll(&officer(), m(2023, 10), None),
    )
    .await
    .expect("the run must not wait for a second connection")
    .unwrap()
    .run;
    assert_eq!(run.totals.lines, 3);
    assert_eq!(run.totals.regular, 3 * 540_000);
}
