//! Payroll: a month computed, approved, locked and listed.

use crate::*;

/// The province computes July 2024, the leader approves and locks it, the commune reads its
/// payment list; a locked month refuses a re-run, and nobody acts outside their role or area.
#[tokio::test]
async fn payroll_month_is_computed_approved_locked_and_listed() {
    use ansinh_core::assistance::{Facts, Group, Household};
    use ansinh_store::assistance::Decision;

    let app = app().await;
    let thuan_an = app.store.area_by_code("19900", today_vn()).await.unwrap();
    // Two poor elderly people without a supporter (5a, coefficient 1.5), decided in July 2024:
    // 500,000 × 1.5 = 750,000 each that month.
    for (pid, name) in [
        ("046150000001", "Hồ Thị Một"),
        ("046150000002", "Trần Thị Hai"),
    ] {
        let p = app.person(pid, name, "Nữ", "01/01/1950", "19900").await;
        let mut facts = Facts::new(p.birth);
        facts.household = Household::Poor;
        let b = app
            .store
            .create_beneficiary(&Actor("t".into()), p.id, thuan_an.id, "thôn 1", &facts)
            .await
            .unwrap();
        let decision = Decision {
            number: format!("{pid}/QĐ"),
            group: Group::K5A,
            dossier_on: chrono::NaiveDate::from_ymd_opt(2024, 6, 20).unwrap(),
            decided_on: chrono::NaiveDate::from_ymd_opt(2024, 7, 2).unwrap(),
            coefficient: Some(150),
        };
        app.store
            .decide(&Actor("t".into()), b, &decision)
            .await
            .unwrap();
    }
    let officer = app
        .user("canbo.tinh", Role::ProvinceOfficer, &["46"], false)
        .await;
    let (oc, ocsrf) = app.session(&officer).await;
    let leader = app.user("lanh.dao", Role::Leader, &["46"], false).await;
    let (lc, lcsrf) = app.session(&leader).await;

    let r = app.get("/chi-tra?thang=07/2024", &oc).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("Chưa có bảng chi"));
    let r = app
        .post(
            "/chi-tra",
            &oc,
            &[("csrf", &ocsrf), ("thang", "07/2024"), ("xa", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let run = r.location().to_string();
    let page = app.get(&run, &oc).await.text();
    assert!(
        page.contains("Nháp") && page.contains("1.500.000"),
        "{page}"
    );
    assert!(page.contains("K5A") && page.contains("19900"));
    // In English the run's state and the groups are English too.
    let en = app.get(&run, &format!("{oc}; lang=en")).await.text();
    assert!(
        en.contains(">Draft<")
            && en.contains("Elderly person in a poor household with no one to support them"),
        "{en}"
    );
    assert!(!en.contains("Nháp") && !en.contains("không có người phụng dưỡng"));
    assert!(
        !page.contains("Phê duyệt bảng chi"),
        "an officer does not approve"
    );
    // Approving is the leader's, not the officer's.
    let r = app
        .post(&format!("{run}/duyet"), &oc, &[("csrf", &ocsrf)])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    for step in ["duyet", "khoa"] {
        let r = app
            .post(&format!("{run}/{step}"), &lc, &[("csrf", &lcsrf)])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{step}: {}", r.text());
    }
    assert!(app.get(&run, &lc).await.text().contains("Đã khóa"));
    // A locked month is never computed again: corrections go into a later month.
    let r = app
        .post(
            "/chi-tra",
            &oc,
            &[("csrf", &ocsrf), ("thang", "07/2024"), ("xa", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("đã khóa"), "{}", r.text());

    // The commune reads its own list (printable and XLSX), another commune is refused.
    let own = app
        .user("canbo.xa", Role::CommuneOfficer, &["19900"], false)
        .await;
    let (xc, _) = app.session(&own).await;
    let list = app.get(&format!("{run}/danh-sach/19900"), &xc).await;
    assert_eq!(list.status, StatusCode::OK);
    let text = list.text();
    assert!(text.contains("Hồ Thị Một") && text.contains("Ký nhận") && text.contains("750.000"));
    assert!(text.contains("thôn 1"), "the address is on the list");
    let xlsx = app.get(&format!("{run}/danh-sach/19900.xlsx"), &xc).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.body.starts_with(b"PK"), "an XLSX (zip) file");
    let other = app
        .user("canbo.aluoi", Role::CommuneOfficer, &["20056"], false)
        .await;
    let (ac, _) = app.session(&other).await;
    assert_eq!(
        app.get(&format!("{run}/danh-sach/19900"), &ac).await.status,
        StatusCode::FORBIDDEN
    );
    let months = app.get("/chi-tra?thang=07/2024", &ac).await.text();
    assert!(months.contains("Toàn tỉnh"), "the province's run is listed");
    // … with A Lưới's figures, none of Thuận An's money.
    assert!(!months.contains("1.500.000"), "{months}");
    let page = app.get(&run, &ac).await.text();
    assert!(!page.contains("1.500.000"), "{page}");
    let thuan_an_page = app.get(&run, &xc).await.text();
    assert!(thuan_an_page.contains("1.500.000"), "{thuan_an_page}");

    // The same through the API: the province's token sees the run and its totals; another
    // commune's token sees the run but none of Thuận An's money; a locked month is 422.
    let province = app
        .token(&officer, "tok-tinh", Role::ProvinceOfficer, &["46"])
        .await;
    let r = app
        .api("GET", "/api/v1/payroll/runs?month=2024-07", &province, None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let runs = r.json();
    assert_eq!(runs[0]["state"], "locked");
    assert_eq!(runs[0]["totals"]["net"], 1_500_000);
    let id = runs[0]["id"].as_str().unwrap().to_string();
    let commune = app
        .token(&other, "tok-aluoi", Role::CommuneOfficer, &["20056"])
        .await;
    let r = app
        .api("GET", &format!("/api/v1/payroll/runs/{id}"), &commune, None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["totals"]["net"], 0, "{}", r.json());
    assert_eq!(r.json()["run"]["totals"]["net"], 0, "{}", r.json());
    assert_eq!(r.json()["run"]["beneficiaries"], 0, "{}", r.json());
    assert!(r.json()["by_commune"].as_array().unwrap().is_empty());
    let r = app
        .api("GET", "/api/v1/payroll/runs?month=2024-07", &commune, None)
        .await;
    assert_eq!(r.json()[0]["totals"]["net"], 0, "{}", r.json());
    let r = app
        .api(
            "POST",
            "/api/v1/payroll/runs",
            &province,
            Some(r#"{"month": "2024-07"}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.error_code(), "payroll.locked");
}
