//! Poverty: the yearly review of a commune.

use crate::*;

/// A commune officer runs the 2025 review of their ward end to end: opens it, lists an
/// applicant, enters a survey (a wrong income first), classifies, records the commune steps;
/// the leader approves; an approved year refuses a new survey; the province reads the rates.
#[tokio::test]
async fn poverty_review_of_a_commune_end_to_end() {
    let app = app().await;
    let head = app
        .person("046080000011", "Lê Văn Nghèo", "Nam", "1980", "19900")
        .await;
    let h = app
        .store
        .create_household(&Actor::system("test"), "HO-19900-000011", "19900", "Tổ 3")
        .await
        .unwrap();
    app.store
        .move_into(
            &Actor::system("test"),
            h.id,
            head.id,
            ansinh_core::Relation::Head,
            today_vn(),
            ansinh_core::MoveReason::Registered,
        )
        .await
        .unwrap();
    let officer = app
        .user("canbo.xa", Role::CommuneOfficer, &["19900"], false)
        .await;
    let (oc, ocsrf) = app.session(&officer).await;
    let leader = app.user("lanh.dao", Role::Leader, &["46"], false).await;
    let (lc, lcsrf) = app.session(&leader).await;

    let page = app.get("/ra-soat?nam=2025", &oc).await.text();
    assert!(
        page.contains("Mở đợt rà soát") && page.contains("19900"),
        "{page}"
    );
    let r = app
        .post(
            "/ra-soat",
            &oc,
            &[("csrf", &ocsrf), ("nam", "2025"), ("xa", "19900")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let campaign = r.location().to_string();
    let r = app
        .post(
            &format!("{campaign}/them-ho"),
            &oc,
            &[("csrf", &ocsrf), ("ma_ho", "HO-19900-000011")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(
        app.get(&campaign, &oc)
            .await
            .text()
            .contains("Lê Văn Nghèo")
    );

    let survey = format!("{campaign}/phieu/HO-19900-000011");
    assert_eq!(app.get(&survey, &oc).await.status, StatusCode::OK);
    let mut form = vec![
        ("csrf", ocsrf.as_str()),
        ("nhan_khau", "4"),
        ("cach", "thu-nhap"),
        ("gia_tri", "-5"),
        ("vl", "co"),
        ("npt", "1"),
        ("dd", "khong"),
        ("bhyt", "co"),
        ("tdgd", "khong"),
        ("dhte", "khong"),
        ("clno", "2"),
        ("dtno", "40"),
        ("nuoc", "nuoc_may"),
        ("ntieu", "tu_hoai"),
        ("vt", "co"),
        ("ttin", "co"),
        ("nguoi_ra_soat", "Cán bộ xã"),
        ("ngay", "15/11/2025"),
        ("te", ""),
        ("te_sdd", ""),
    ];
    // A negative income is refused on its field and nothing is recorded; so is a survey
    // without the household's children (the "of whom" counts may stay empty).
    let r = app.post(&survey, &oc, &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("không thể âm"), "{}", r.text());
    assert!(r.text().contains("aria-invalid"));
    assert!(
        r.text().contains("cần số trẻ em dưới 16 tuổi"),
        "{}",
        r.text()
    );
    form[3] = ("gia_tri", "1.200.000");
    form[18] = ("te", "2");
    // A malnourished child against a "no" to the nutrition question: both answers disagree.
    form[19] = ("te_sdd", "1");
    let r = app.post(&survey, &oc, &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("mâu thuẫn"), "{}", r.text());
    form[19] = ("te_sdd", "");
    let r = app.post(&survey, &oc, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());

    // Income under the line and three deprivations (job, insurance, housing): poor.
    let r = app
        .post(&format!("{campaign}/phan-loai"), &oc, &[("csrf", &ocsrf)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(app.get(&campaign, &oc).await.text().contains("Hộ nghèo"));
    // In English the class, the campaign's state and the commune steps are English too.
    let en = app.get(&campaign, &format!("{oc}; lang=en")).await.text();
    assert!(
        en.contains("Poor household")
            && en.contains("classified")
            && en.contains("Village meeting agreeing on the results"),
        "{en}"
    );
    assert!(!en.contains("Hộ nghèo") && !en.contains("Họp dân") && !en.contains("đã phân loại"));
    for (step, day) in [
        ("hop-dan", "20/11/2025"),
        ("niem-yet", "21/11/2025"),
        ("khieu-nai", "05/12/2025"),
    ] {
        let r = app
            .post(
                &format!("{campaign}/buoc"),
                &oc,
                &[("csrf", &ocsrf), ("buoc", step), ("ngay", day)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{step}: {}", r.text());
    }
    // The officer may not approve; the leader does.
    let r = app
        .post(
            &format!("{campaign}/phe-duyet"),
            &oc,
            &[("csrf", &ocsrf), ("ngay", "10/12/2025")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .post(
            &format!("{campaign}/phe-duyet"),
            &lc,
            &[("csrf", &lcsrf), ("ngay", "10/12/2025")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // An approved year is final.
    form[3] = ("gia_tri", "5.000.000");
    let r = app.post(&survey, &oc, &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("đã được phê duyệt"), "{}", r.text());

    // A year nobody has classified is a page to pick another year from, in either language.
    let empty = app.get("/ra-soat/bao-cao?nam=2024", &lc).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.text().contains("chưa có số liệu") && empty.text().contains("f-nam"));
    let empty_en = app
        .get("/ra-soat/bao-cao?nam=2024", &format!("{lc}; lang=en"))
        .await
        .text();
    assert!(empty_en.contains("no figures"), "{empty_en}");
    let report = app.get("/ra-soat/bao-cao?nam=2025", &lc).await.text();
    assert!(
        report.contains("19900") && report.contains("Tỷ lệ nghèo"),
        "{report}"
    );
    assert!(report.contains("1/1"), "one approved campaign of one");
    let en = app
        .get("/ra-soat/bao-cao?nam=2025", &format!("{lc}; lang=en"))
        .await
        .text();
    assert!(
        en.contains("Escaped poverty") && en.contains("Escaped near-poverty"),
        "{en}"
    );
    assert!(!en.contains("Thoát nghèo") && !en.contains("Số hộ đầu kỳ"));
    let xlsx = app.get("/ra-soat/bao-cao.xlsx?nam=2025", &lc).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.body.starts_with(b"PK"), "an XLSX (zip) workbook");
    // The printable forms: linked from the report, one or all fifteen, in the scope.
    assert!(
        report.contains("/ra-soat/bao-cao/bieu/11?nam=2025"),
        "{report}"
    );
    let eleven = app.get("/ra-soat/bao-cao/bieu/11?nam=2025", &oc).await;
    assert_eq!(eleven.status, StatusCode::OK);
    let html = eleven.text();
    assert!(
        html.contains("Biểu 11: Thiếu hụt của trẻ em năm 2025"),
        "{html}"
    );
    // The household's two children, counted in the poor households' columns.
    assert!(html.contains("<td class=\"num\">2</td>"), "{html}");
    assert!(html.contains("PHƯỜNG THUẬN AN"), "{html}");
    let all = app.get("/ra-soat/bao-cao/bieu?nam=2025", &lc).await.text();
    assert_eq!(all.matches("class=\"print-form\"").count(), 15);
    assert!(all.contains("Biểu 13: Tổng hợp kết quả rà soát hộ cận nghèo"));
    assert_eq!(
        app.get("/ra-soat/bao-cao/bieu/16?nam=2025", &lc)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // The inspector reads but does not export, on paper or as a file.
    let inspector = app.user("thanh.tra", Role::Inspector, &["46"], false).await;
    let (ic, _) = app.session(&inspector).await;
    assert_eq!(
        app.get("/ra-soat/bao-cao.xlsx?nam=2025", &ic).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/ra-soat/bao-cao/bieu/1?nam=2025", &ic)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert!(
        !app.get("/ra-soat/bao-cao?nam=2025", &ic)
            .await
            .text()
            .contains("/ra-soat/bao-cao/bieu/")
    );
}
