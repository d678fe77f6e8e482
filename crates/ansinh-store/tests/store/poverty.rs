//! The poverty review in the store: campaign, surveys, classification, steps, approval, reports
//! and the refusals, on both backends.

use ansinh_core::Settlement;
use ansinh_core::access::Role;
use ansinh_core::poverty::{
    Causes, Class, MeansAnswer, MovementLine, PovertyList, SurveyAnswers, SurveyRow, ToiletType,
    WaterSource,
};
use ansinh_files::poverty::forms::{FormLines, PovertyForms};
use ansinh_store::poverty::{AreaBasis, CampaignState, FactsRecord, Step, SurveyInput};
use ansinh_store::registry::import::ImportOptions;
use ansinh_store::{Actor, Store, StoreError};
use chrono::NaiveDate;
use uuid::Uuid;

both_backends!(
    review_runs_end_to_end_and_years_stay_apart,
    approved_review_is_immutable_down_to_its_facts,
    child_counts_reach_the_forms,
    bad_surveys_change_nothing,
    reclassifying_writes_only_what_changed,
    the_year_decides_the_standard,
    scope_limits_the_review,
);

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn officer() -> Actor {
    Actor("can-bo-xa".into())
}

/// Answers with `lacks` indicators deprived (the first ones of: employment, health insurance,
/// water, toilet, telecom) and the given income.
fn answers(income: i64, lacks: usize) -> SurveyAnswers {
    SurveyAnswers {
        settlement: Settlement::Rural,
        members: 4,
        means: MeansAnswer::Income(income),
        member_without_stable_job: Some(lacks > 0),
        dependants: Some(1),
        malnourished_child: Some(false),
        member_without_health_insurance: Some(lacks > 1),
        youth_below_expected_education: Some(false),
        child_not_at_expected_school_level: Some(false),
        non_durable_main_parts: Some(0),
        floor_area_tenths_m2: Some(600),
        water_source: Some(if lacks > 2 {
            WaterSource::SurfaceWater
        } else {
            WaterSource::Piped
        }),
        toilet: Some(if lacks > 3 {
            ToiletType::None
        } else {
            ToiletType::Septic
        }),
        uses_telecom: Some(lacks <= 4),
        has_information_device: Some(true),
        children_under_16: None,
        children_malnourished: None,
        children_without_health_insurance: None,
        children_not_at_school_level: None,
    }
}

/// `answers` with the child counts: under 16, malnourished, uninsured, out of school; the
/// yes/no answers about children follow the counts.
fn with_children(income: i64, lacks: usize, counts: [i64; 4]) -> SurveyAnswers {
    let mut a = answers(income, lacks);
    a.children_under_16 = Some(counts[0]);
    a.children_malnourished = Some(counts[1]);
    a.children_without_health_insurance = Some(counts[2]);
    a.children_not_at_school_level = Some(counts[3]);
    a.malnourished_child = Some(counts[1] > 0);
    a.child_not_at_expected_school_level = Some(counts[3] > 0);
    if counts[2] > 0 {
        a.member_without_health_insurance = Some(true);
    }
    a
}

fn input(code: &str, a: SurveyAnswers) -> SurveyInput {
    SurveyInput {
        household_code: code.into(),
        answers: a,
        surveyor: "Rà soát viên 1".into(),
        surveyed_on: d(2023, 10, 2),
    }
}

/// Creates households `HO-P-1..=n` registered today in `area_code`, with review facts in
/// `old_code` (the commune they belonged to) for each of `years`.
async fn households(
    store: &Store,
    n: usize,
    area_code: &str,
    old_code: &str,
    years: &[i32],
) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for i in 1..=n {
        let h = store
            .create_household(&officer(), &format!("HO-P-{i}"), area_code, "Thôn 1")
            .await
            .unwrap();
        ids.push(h.id);
    }
    let mut facts = Vec::new();
    for &year in years {
        let old = store.area_by_code(old_code, d(year, 12, 31)).await.unwrap();
        for &id in &ids {
            facts.push(FactsRecord {
                household_id: id,
                year,
                area_id: old.id,
                farming: true,
                no_working_capacity: false,
                person_of_merit: false,
                causes: Causes::NONE,
            });
        }
    }
    store.load_poverty_facts(&officer(), &facts).await.unwrap();
    ids
}

fn code_of(e: &StoreError) -> &'static str {
    e.code()
}

async fn approve(store: &Store, campaign: Uuid, year: i32) {
    let a = officer();
    store
        .record_step(&a, campaign, Step::Meeting, d(year, 11, 1))
        .await
        .unwrap();
    store
        .record_step(&a, campaign, Step::Posting, d(year, 11, 3))
        .await
        .unwrap();
    store
        .record_step(&a, campaign, Step::ComplaintsClosed, d(year, 11, 10))
        .await
        .unwrap();
    let c = store
        .approve_campaign(&a, campaign, d(year, 11, 15))
        .await
        .unwrap();
    assert_eq!(c.state, CampaignState::Approved);
}

async fn review_runs_end_to_end_and_years_stay_apart(store: Store) {
    let a = officer();
    // Five households of the old Xã Phú Thuận (rural), today in Phường Thuận An.
    households(&store, 5, "19900", "19903", &[2022, 2023]).await;
    let c22 = store.create_campaign(&a, 2022, "19903").await.unwrap();
    assert_eq!(
        (c22.area.code.as_str(), c22.standard_year, c22.listed),
        ("19903", 2023, 0)
    );
    let codes: Vec<String> = (1..=3).map(|i| format!("HO-P-{i}")).collect();
    assert_eq!(store.add_applicants(&a, c22.id, &codes).await.unwrap(), 3);
    store
        .record_survey(&a, c22.id, &input("HO-P-1", answers(1_000_000, 3)))
        .await
        .unwrap();
    store
        .record_survey(&a, c22.id, &input("HO-P-2", answers(1_400_000, 1)))
        .await
        .unwrap();
    let r = store
        .record_survey(&a, c22.id, &input("HO-P-3", answers(2_000_000, 0)))
        .await
        .unwrap();
    assert!(!r.replaced);
    // Correcting a survey replaces it, with its history.
    let r = store
        .record_survey(&a, c22.id, &input("HO-P-3", answers(2_100_000, 0)))
        .await
        .unwrap();
    assert!(r.replaced);
    let h3 = store.history(r.household_id).await.unwrap();
    assert!(
        h3.iter()
            .any(|e| e.entity == "poverty_survey" && e.before_json.is_some())
    );

    // Approval before classification is refused.
    let e = store
        .approve_campaign(&a, c22.id, d(2022, 12, 1))
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "poverty.not_classified");
    let s = store.classify_year(&a, 2022, None).await.unwrap();
    assert_eq!((s.surveyed, s.households), (3, 5));
    assert_eq!(s.by_class, [1, 1, 1, 2]);
    // Steps in order, then approval.
    let e = store
        .record_step(&a, c22.id, Step::Posting, d(2022, 11, 3))
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "poverty.step_missing");
    approve(&store, c22.id, 2022).await;
    // An approved year is immutable: through the store and directly in SQL.
    let e = store
        .record_survey(&a, c22.id, &input("HO-P-1", answers(5_000_000, 0)))
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "poverty.approved");
    let e = store
        .classify_year(&a, 2022, Some("19903"))
        .await
        .unwrap_err();
    assert_eq!(code_of(&e), "poverty.approved");
    let raw = ansinh_store::db_run!(store.db(), pool => {
        sqlx::query("UPDATE poverty_results SET class = 'khong_ngheo' WHERE year = 2022")
            .execute(pool).await.map(|_| ())
    });
    assert!(raw.is_err(), "approved results must refuse UPDATE");
    let raw = ansinh_store::db_run!(store.db(), pool => {
        sqlx::query("DELETE FROM poverty_results WHERE year = 2022").execute(pool).await.map(|_| ())
    });
    assert!(raw.is_err(), "approved results must refuse DELETE");

    // 2023: the list is last year's poor and near-poor, plus a new applicant.
    let c23 = store.create_campaign(&a, 2023, "19903").await.unwrap();
    assert_eq!(c23.listed, 2);
    store
        .add_applicants(&a, c23.id, &["HO-P-4".to_string()])
        .await
        .unwrap();
    store
        .record_survey(&a, c23.id, &input("HO-P-1", answers(3_500_000, 1)))
        .await
        .unwrap();
    store
        .record_survey(&a, c23.id, &input("HO-P-2", answers(1_200_000, 4)))
        .await
        .unwrap();
    // Missing survey of HO-P-4: classification is refused, naming it.
    let e = store.classify_year(&a, 2023, None).await.unwrap_err();
    assert_eq!(code_of(&e), "poverty.missing_surveys");
    assert!(e.to_string().contains("HO-P-4"), "{e}");
    store
        .record_survey(&a, c23.id, &input("HO-P-4", answers(900_000, 3)))
        .await
        .unwrap();
    let s = store.classify_year(&a, 2023, None).await.unwrap();
    assert_eq!(s.by_class, [2, 0, 0, 3]);

    // The 2023 report on the commune of that year.
    let rep = store
        .poverty_report(2023, AreaBasis::AsOfYear, None)
        .await
        .unwrap();
    let (key, stats) = rep.stats.areas.iter().next().unwrap();
    assert_eq!(key.code, "19903");
    assert_eq!(stats.households, 5);
    assert_eq!(stats.rate(PovertyList::Poor).percent_vi(2), "40,00%");
    let m = rep.movements.total;
    m.check().unwrap();
    let poor: Vec<u64> = MovementLine::ALL.iter().map(|l| m.poor.get(*l)).collect();
    // start, escaped, to near-poor, other −, from near-poor, relapsed, new, other +, end
    assert_eq!(poor, [1, 1, 0, 0, 1, 0, 1, 0, 2]);
    let near: Vec<u64> = MovementLine::ALL
        .iter()
        .map(|l| m.near_poor.get(*l))
        .collect();
    assert_eq!(near, [1, 0, 1, 0, 0, 0, 0, 0, 0]);
    assert_eq!(rep.poor.len(), 2);
    assert!(
        rep.poor[0].reason_vi.starts_with("Hộ nghèo"),
        "{}",
        rep.poor[0].reason_vi
    );
    // The same report on today's communes: Phú Thuận is part of Thuận An.
    let rep = store
        .poverty_report(2023, AreaBasis::Today, None)
        .await
        .unwrap();
    let keys: Vec<&str> = rep.stats.areas.keys().map(|k| k.code.as_str()).collect();
    assert_eq!(keys, ["19900"]);
    assert_eq!(rep.movements.areas.values().next().unwrap().poor.end, 2);
    // 2022 is untouched by 2023.
    let rep22 = store
        .poverty_report(2022, AreaBasis::AsOfYear, None)
        .await
        .unwrap();
    assert_eq!(rep22.stats.total.count(Class::Poor), 1);
    assert_eq!(rep22.poor[0].household_code, "HO-P-1");
    assert_eq!((rep22.campaigns_approved, rep22.campaigns), (1, 1));
}

/// Runs a raw statement on either backend and returns the store's error for it.
async fn raw(store: &Store, sql: &'static str) -> Option<StoreError> {
    let r = ansinh_store::db_run!(store.db(), pool => {
        sqlx::query(sql).execute(pool).await.map(|_| ())
    });
    r.err().map(StoreError::from)
}

async fn approved_review_is_immutable_down_to_its_facts(store: Store) {
    let a = officer();
    // Households of the old Xã Phú Thuận with facts for 2023 and 2024.
    let ids = households(&store, 4, "19900", "19903", &[2023, 2024]).await;
    let c = store.create_campaign(&a, 2023, "19903").await.unwrap();
    let codes: Vec<String> = (1..=3).map(|i| format!("HO-P-{i}")).collect();
    store.add_applicants(&a, c.id, &codes).await.unwrap();
    for (code, income, lacks) in [("HO-P-1", 1_000_000, 3), ("HO-P-2", 1_200_000, 1)] {
        store
            .record_survey(&a, c.id, &input(code, answers(income, lacks)))
            .await
            .unwrap();
    }
    store
        .record_survey(&a, c.id, &input("HO-P-3", answers(4_000_000, 0)))
        .await
        .unwrap();
    store.classify_year(&a, 2023, None).await.unwrap();
    approve(&store, c.id, 2023).await;
    let before = store
        .poverty_report(2023, AreaBasis::AsOfYear, None)
        .await
        .unwrap();

    // Directly in SQL, on both backends: every table the approved review rests on refuses
    // UPDATE and DELETE, and the refusal reads as the review's own error.
    for sql in [
        "UPDATE poverty_results SET class = 'khong_ngheo' WHERE year = 2023",
        "DELETE FROM poverty_results WHERE year = 2023",
        "UPDATE poverty_facts SET causes = 1 WHERE year = 2023",
        "UPDATE poverty_facts SET person_of_merit = TRUE WHERE year = 2023",
        "DELETE FROM poverty_facts WHERE year = 2023",
        "UPDATE poverty_surveys SET members = 9",
        "DELETE FROM poverty_surveys",
        "DELETE FROM poverty_campaign_households",
        "UPDATE poverty_campaigns SET state = 'classified' WHERE year = 2023",
        "UPDATE poverty_campaigns SET meeting_on = NULL WHERE year = 2023",
        "DELETE FROM poverty_campaigns WHERE year = 2023",
    ] {
        let e = raw(&store, sql)
            .await
            .unwrap_or_else(|| panic!("`{sql}` must be refused"));
        assert_eq!(e.code(), "poverty.approved", "{sql}: {e}");
        assert!(e.to_string().contains("đã được phê duyệt"), "{e}");
    }
    // Moving a fact of another year into the approved commune and year is refused too.
    let e = raw(
        &store,
        "UPDATE poverty_facts SET year = 2023 WHERE year = 2024",
    )
    .await
    .expect("a move into an approved year is refused");
    assert_eq!(e.code(), "poverty.approved");
    // Nothing changed.
    let after = store
        .poverty_report(2023, AreaBasis::AsOfYear, None)
        .await
        .unwrap();
    assert_eq!(after.stats, before.stats);
    assert_eq!(after.poor.len(), 1);
    // The facts of a year not approved stay free to correct.
    assert!(
        raw(
            &store,
            "UPDATE poverty_facts SET farming = FALSE WHERE year = 2024"
        )
        .await
        .is_none()
    );

    // Through the store: the facts of the approved year are refused with the commune and the
    // year named, the next year's are corrected (with their audit entry).
    let mut facts = store.poverty_facts(ids[0], 2023).await.unwrap();
    facts.causes = Causes::from_bits(1).unwrap();
    let e = store.set_poverty_facts(&a, &facts).await.unwrap_err();
    assert_eq!(e.code(), "poverty.approved");
    assert_eq!(
        e.to_string(),
        "kết quả rà soát năm 2023 của Xã Phú Thuận đã được phê duyệt: không thể thay đổi; sai sót \
         được điều chỉnh trong kỳ rà soát sau"
    );
    facts.year = 2024;
    store.set_poverty_facts(&a, &facts).await.unwrap();
    assert_eq!(
        store
            .poverty_facts(ids[0], 2024)
            .await
            .unwrap()
            .causes
            .bits(),
        1
    );
    assert!(
        store
            .history(ids[0])
            .await
            .unwrap()
            .iter()
            .any(|h| h.entity == "poverty_facts")
    );
    // A new household's facts cannot be added to the approved commune and year, nor a new
    // applicant, survey or classification.
    let late = store
        .create_household(&a, "HO-P-9", "19900", "Thôn 1")
        .await
        .unwrap();
    let e = store
        .load_poverty_facts(
            &a,
            &[FactsRecord {
                household_id: late.id,
                year: 2023,
                area_id: c.area.id,
                farming: false,
                no_working_capacity: false,
                person_of_merit: false,
                causes: Causes::NONE,
            }],
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), "poverty.approved");
    let e = store
        .add_applicants(&a, c.id, &["HO-P-4".into()])
        .await
        .unwrap_err();
    assert_eq!(e.code(), "poverty.approved");
    let e = store
        .record_survey(&a, c.id, &input("HO-P-2", answers(900_000, 4)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "poverty.approved");
    let e = store
        .classify_year(&a, 2023, Some("19903"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "poverty.approved");
    let e = store
        .record_step(&a, c.id, Step::Meeting, d(2023, 11, 2))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "poverty.approved");
}

async fn child_counts_reach_the_forms(store: Store) {
    use ansinh_core::poverty::ReportKind;
    let a = officer();
    households(&store, 4, "19900", "19903", &[2023]).await;
    let c = store.create_campaign(&a, 2023, "19903").await.unwrap();
    let codes: Vec<String> = (1..=4).map(|i| format!("HO-P-{i}")).collect();
    store.add_applicants(&a, c.id, &codes).await.unwrap();
    // Poor with 3 children (1 malnourished, 2 out of school); poor without counts (an older
    // survey); near-poor with 1 child, uninsured; not poor.
    let surveys = [
        ("HO-P-1", with_children(1_000_000, 3, [3, 1, 0, 2])),
        ("HO-P-2", answers(1_100_000, 4)),
        ("HO-P-3", with_children(1_300_000, 1, [1, 0, 1, 0])),
        ("HO-P-4", with_children(4_000_000, 0, [0, 0, 0, 0])),
    ];
    for (code, s) in surveys {
        store
            .record_survey(&a, c.id, &input(code, s))
            .await
            .unwrap();
    }
    // A count that contradicts its yes/no answer is refused on its field.
    let mut wrong = with_children(1_000_000, 3, [3, 1, 0, 2]);
    wrong.malnourished_child = Some(false);
    let e = store
        .record_survey(&a, c.id, &input("HO-P-1", wrong))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "poverty.invalid_survey");
    assert!(e.to_string().contains("mâu thuẫn"), "{e}");
    store.classify_year(&a, 2023, None).await.unwrap();
    let rep = store
        .poverty_report(2023, AreaBasis::AsOfYear, None)
        .await
        .unwrap();
    let poor = rep.stats.total.children(PovertyList::Poor);
    assert_eq!(
        (
            poor.households_recorded,
            poor.households_not_recorded,
            poor.under_16,
            poor.malnourished,
            poor.not_at_school_level
        ),
        (1, 1, 3, 1, 2)
    );
    let near = rep.stats.total.children(PovertyList::NearPoor);
    assert_eq!((near.under_16, near.without_health_insurance), (1, 1));
    // Members come from the surveys (4 each).
    assert_eq!(rep.stats.total.members(PovertyList::Poor), 8);
    let lines = FormLines::of(&rep);
    let forms = PovertyForms::of(&rep, &lines);
    let eleven = forms.form(ReportKind::ChildDeprivations);
    let total: Vec<String> = eleven
        .total
        .unwrap()
        .iter()
        .map(ansinh_files::poverty::forms::Cell::to_vi)
        .collect();
    assert_eq!(
        total,
        [
            "",
            "Tổng cộng",
            "1",
            "3",
            "1",
            "0",
            "2",
            "1",
            "1",
            "0",
            "1",
            "0",
            "1"
        ]
    );
    // The surveys' counts survive a re-read: classifying again gives the same figures.
    store.classify_year(&a, 2023, None).await.unwrap();
    let again = store
        .poverty_report(2023, AreaBasis::AsOfYear, None)
        .await
        .unwrap();
    assert_eq!(again.stats, rep.stats);
}

async fn bad_surveys_change_nothing(store: Store) {
    let a = officer();
    households(&store, 3, "19900", "19903", &[2023]).await;
    // A household of another commune that year.
    let other = store
        .create_household(&a, "HO-X-1", "20056", "Thôn 2")
        .await
        .unwrap();
    let a_luoi = store.area_by_code("20056", d(2023, 12, 31)).await;
    // 20056 is a code of both eras; either way it is not Phú Thuận.
    let area_id = match a_luoi {
        Ok(x) => x.id,
        Err(_) => store.area_by_code("20056", d(2026, 1, 1)).await.unwrap().id,
    };
    store
        .load_poverty_facts(
            &a,
            &[FactsRecord {
                household_id: other.id,
                year: 2023,
                area_id,
                farming: false,
                no_working_capacity: false,
                person_of_merit: false,
                causes: Causes::NONE,
            }],
        )
        .await
        .unwrap();
    let c = store.create_campaign(&a, 2023, "19903").await.unwrap();
    store
        .add_applicants(&a, c.id, &["HO-P-1".into(), "HO-P-2".into()])
        .await
        .unwrap();
    let e = store
        .add_applicants(&a, c.id, &["HO-X-1".into()])
        .await
        .unwrap_err();
    assert_eq!(e.code(), "poverty.outside_area");

    let mut negative = answers(1_000_000, 0);
    negative.means = MeansAnswer::Income(-5);
    let e = store
        .record_survey(&a, c.id, &input("HO-P-1", negative))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "poverty.invalid_survey");
    assert!(e.to_string().contains("không thể âm"), "{e}");
    let mut absurd = answers(1_000_000, 0);
    absurd.means = MeansAnswer::Income(5_000_000_000);
    assert_eq!(
        store
            .record_survey(&a, c.id, &input("HO-P-1", absurd))
            .await
            .unwrap_err()
            .code(),
        "poverty.invalid_survey"
    );
    let mut domain = answers(1_000_000, 0);
    domain.non_durable_main_parts = Some(5);
    assert_eq!(
        store
            .record_survey(&a, c.id, &input("HO-P-1", domain))
            .await
            .unwrap_err()
            .code(),
        "poverty.invalid_survey"
    );
    let e = store
        .record_survey(&a, c.id, &input("HO-X-1", answers(1_000_000, 0)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "poverty.outside_area");
    let e = store
        .record_survey(&a, c.id, &input("HO-P-3", answers(1_000_000, 0)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "poverty.not_listed");

    // An import with one household twice and one outside the area writes nothing.
    let row = |line: usize, code: &str| SurveyRow {
        line,
        household_code: code.into(),
        answers: answers(1_000_000, 3),
        surveyor: "RSV".into(),
        surveyed_on: d(2023, 10, 2),
    };
    let rows = [
        row(2, "HO-P-1"),
        row(3, "HO-P-2"),
        row(4, "HO-P-1"),
        row(5, "HO-X-1"),
    ];
    let opts = ImportOptions {
        source: "phieu.xlsx".into(),
        ..ImportOptions::default()
    };
    let rep = store
        .import_surveys(&a, 2023, &rows, Vec::new(), 4, &opts)
        .await
        .unwrap();
    assert!(!rep.written);
    let codes: Vec<(usize, &str)> = rep.errors.iter().map(|e| (e.line, e.code)).collect();
    assert_eq!(
        codes,
        [(4, "poverty.surveyed_twice"), (5, "poverty.outside_area")]
    );
    assert_eq!(store.campaign(c.id).await.unwrap().surveyed, 0);
    // The good rows alone go in; importing them again is a second survey.
    let rep = store
        .import_surveys(&a, 2023, &rows[..2], Vec::new(), 2, &opts)
        .await
        .unwrap();
    assert!(rep.written, "{:?}", rep.errors);
    assert_eq!(rep.surveys_recorded, 2);
    let rep = store
        .import_surveys(&a, 2023, &rows[..1], Vec::new(), 1, &opts)
        .await
        .unwrap();
    assert_eq!(rep.errors[0].code, "poverty.surveyed_twice");
    assert_eq!(store.campaign(c.id).await.unwrap().surveyed, 2);
}

/// The stored results of a campaign: (household code, class, deprivation mask, value).
async fn stored_results(store: &Store, campaign: Uuid) -> Vec<(String, String, i32, i64)> {
    ansinh_store::db_run!(store.db(), pool => {
        sqlx::query_as(
            "SELECT h.code, r.class, r.deprivations, r.value FROM poverty_results r
             JOIN households h ON h.id = r.household_id WHERE r.campaign_id = $1 ORDER BY h.code",
        ).bind(campaign).fetch_all(pool).await.unwrap()
    })
}

async fn reclassifying_writes_only_what_changed(store: Store) {
    let a = officer();
    households(&store, 4, "19900", "19903", &[2023]).await;
    let c = store.create_campaign(&a, 2023, "19903").await.unwrap();
    let codes: Vec<String> = (1..=3).map(|i| format!("HO-P-{i}")).collect();
    store.add_applicants(&a, c.id, &codes).await.unwrap();
    for (code, income, lacks) in [
        ("HO-P-1", 1_000_000, 3),
        ("HO-P-2", 1_400_000, 1),
        ("HO-P-3", 2_100_000, 0),
    ] {
        store
            .record_survey(&a, c.id, &input(code, answers(income, lacks)))
            .await
            .unwrap();
    }
    let first = store.classify_year(&a, 2023, None).await.unwrap();
    assert_eq!((first.written, first.by_class), (3, [1, 1, 1, 1]));
    let before = stored_results(&store, c.id).await;

    // Nothing changed: the same classes, nothing written, the rows as they were.
    let again = store.classify_year(&a, 2023, None).await.unwrap();
    assert_eq!((again.written, again.by_class), (0, first.by_class));
    let one = store.classify_year(&a, 2023, Some("19903")).await.unwrap();
    assert_eq!((one.written, one.by_class), (0, first.by_class));
    assert_eq!(stored_results(&store, c.id).await, before);

    // A corrected survey: only its household's result is rewritten.
    store
        .record_survey(&a, c.id, &input("HO-P-2", answers(1_300_000, 4)))
        .await
        .unwrap();
    let corrected = store.classify_year(&a, 2023, None).await.unwrap();
    assert_eq!((corrected.written, corrected.by_class), (1, [2, 0, 1, 1]));
    let after = stored_results(&store, c.id).await;
    assert_eq!((&after[0], &after[2]), (&before[0], &before[2]));
    assert_eq!(after[1].0, "HO-P-2");
    assert_eq!((after[1].1.as_str(), after[1].3), ("ngheo", 1_300_000));

    // A household that leaves the list with its survey (no verb does this yet) loses its result.
    let h3 = before[2].0.clone();
    ansinh_store::db_run!(store.db(), pool => {
        let id: Uuid = sqlx::query_scalar("SELECT id FROM households WHERE code = $1")
            .bind(&h3).fetch_one(pool).await.unwrap();
        sqlx::query("DELETE FROM poverty_surveys WHERE campaign_id = $1 AND household_id = $2")
            .bind(c.id).bind(id).execute(pool).await.unwrap();
        sqlx::query("DELETE FROM poverty_campaign_households WHERE campaign_id = $1 AND household_id = $2")
            .bind(c.id).bind(id).execute(pool).await.unwrap();
    });
    let left = store.classify_year(&a, 2023, None).await.unwrap();
    assert_eq!((left.written, left.by_class), (0, [2, 0, 0, 2]));
    assert_eq!(stored_results(&store, c.id).await, after[..2]);

    // The results have no row-by-row keys to their household and commune (migration 0013):
    // triggers refuse to delete what a result refers to, before any other key is looked at.
    for sql in [
        "DELETE FROM households WHERE code = 'HO-P-1'",
        "DELETE FROM areas WHERE code = '19903'",
    ] {
        let e = raw(&store, sql).await.expect(sql);
        assert!(
            e.to_string().contains("poverty results refer to this"),
            "{sql}: {e}"
        );
    }
    assert_eq!(stored_results(&store, c.id).await, after[..2]);
}

async fn the_year_decides_the_standard(store: Store) {
    let a = officer();
    // Xã Đan Điền (rural, in force since 1/7/2025); facts come from the registry.
    store
        .create_household(&a, "HO-S-1", "19885", "Thôn 3")
        .await
        .unwrap();
    let mut results = Vec::new();
    for year in [2025, 2026] {
        let c = store.create_campaign(&a, year, "19885").await.unwrap();
        store
            .add_applicants(&a, c.id, &["HO-S-1".into()])
            .await
            .unwrap();
        // 2,000,000 a person a month, one deprivation.
        store
            .record_survey(&a, c.id, &input("HO-S-1", answers(2_000_000, 1)))
            .await
            .unwrap();
        let s = store.classify_year(&a, year, Some("19885")).await.unwrap();
        results.push((c.standard_year, s.by_class));
    }
    // The 2025 review sets the 2026 lists (ND 07: line 1,500,000, average band to 2,250,000);
    // the 2026 review sets the 2027 lists (ND 351: line 2,200,000).
    assert_eq!(results, [(2026, [0, 0, 1, 0]), (2027, [0, 1, 0, 0])]);
    let rep = store
        .poverty_report(2026, AreaBasis::AsOfYear, None)
        .await
        .unwrap();
    assert!(
        rep.near_poor[0].reason_vi.contains("2.200.000"),
        "{}",
        rep.near_poor[0].reason_vi
    );
}

async fn scope_limits_the_review(store: Store) {
    let a = officer();
    households(&store, 2, "19900", "19903", &[2023]).await;
    let c = store.create_campaign(&a, 2023, "19903").await.unwrap();
    store
        .add_applicants(&a, c.id, &["HO-P-1".into()])
        .await
        .unwrap();
    let refs = |area: &ansinh_core::Area| {
        vec![ansinh_store::registry::persons::AreaRef {
            id: area.id,
            code: area.code.clone(),
            name: area.name.clone(),
        }]
    };
    let thuan_an = store.area_by_code("19900", d(2026, 1, 1)).await.unwrap();
    let a_luoi = store.area_by_code("20056", d(2026, 1, 1)).await.unwrap();
    let own = store
        .scope_for(Role::CommuneOfficer, &refs(&thuan_an))
        .await
        .unwrap();
    let own = store.scoped(Actor("xa-thuan-an".into()), own);
    let other = store
        .scope_for(Role::CommuneOfficer, &refs(&a_luoi))
        .await
        .unwrap();
    let other = store.scoped(Actor("xa-a-luoi".into()), other);
    // The officer of today's Thuận An reviews the old Phú Thuận merged into it.
    own.record_poverty_survey(c.id, &input("HO-P-1", answers(1_000_000, 3)))
        .await
        .unwrap();
    let e = other
        .record_poverty_survey(c.id, &input("HO-P-1", answers(1_000_000, 3)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "forbidden");
    own.classify_poverty_campaign(c.id).await.unwrap();
    // A commune officer cannot approve.
    own.record_poverty_step(c.id, Step::Meeting, d(2023, 11, 1))
        .await
        .unwrap();
    own.record_poverty_step(c.id, Step::Posting, d(2023, 11, 2))
        .await
        .unwrap();
    own.record_poverty_step(c.id, Step::ComplaintsClosed, d(2023, 11, 9))
        .await
        .unwrap();
    let e = own
        .approve_poverty_campaign(c.id, d(2023, 11, 20))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "forbidden");
    let province = store.area_by_code("46", d(2026, 1, 1)).await.unwrap();
    // The leader (chủ tịch) approves.
    let leader = store
        .scope_for(Role::Leader, &refs(&province))
        .await
        .unwrap();
    let leader = store.scoped(Actor("lanh-dao".into()), leader);
    leader
        .approve_poverty_campaign(c.id, d(2023, 11, 20))
        .await
        .unwrap();
    assert_eq!(
        own.poverty_report(2023, AreaBasis::Today)
            .await
            .unwrap()
            .stats
            .total
            .households,
        2
    );
    assert_eq!(other.poverty_campaigns(2023).await.unwrap().len(), 0);
    assert!(
        other
            .poverty_report(2023, AreaBasis::Today)
            .await
            .is_ok_and(|r| r.stats.total.households == 0)
    );
}
