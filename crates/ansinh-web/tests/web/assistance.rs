//! Assistance: a dossier from intake to decision.

use crate::*;

/// A commune officer takes a dossier in, records the commune's steps and sees the deadlines;
/// the leader decides; the grant exists and the dossier is closed; an officer cannot decide.
#[tokio::test]
async fn dossier_from_intake_to_decision_over_http() {
    let app = app().await;
    let applicant = app
        .person("046150000041", "Đặng Thị Năm", "Nữ", "01/01/1950", "19900")
        .await;
    let officer = app
        .user("canbo.xa", Role::CommuneOfficer, &["19900"], false)
        .await;
    let (oc, ocsrf) = app.session(&officer).await;
    let leader = app.user("lanh.dao", Role::Leader, &["46"], false).await;
    let (lc, lcsrf) = app.session(&leader).await;

    let intake = |pid: &'static str| {
        vec![
            ("csrf", ocsrf.clone()),
            ("so_dinh_danh", pid.to_string()),
            ("mau", "Mẫu số 1c".to_string()),
            ("nhom", "K5A".to_string()),
            ("ho", "poor".to_string()),
            ("giay_to", "Đơn, CCCD".to_string()),
            ("dia_chi", "Tổ 5".to_string()),
            ("ngay_nhan", "03/06/2024".to_string()),
        ]
    };
    // An unknown personal ID is refused on its field.
    let bad = intake("046150099999");
    let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app.post("/ho-so", &oc, &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Không tìm thấy người"), "{}", r.text());
    let good = intake("046150000041");
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app.post("/ho-so", &oc, &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let dossier = r.location().to_string();
    let page = app.get(&dossier, &oc).await.text();
    assert!(
        page.contains("Đặng Thị Năm") && page.contains("Quá hạn"),
        "2024 steps are overdue now"
    );
    assert!(
        !page.contains("Ghi quyết định hưởng"),
        "an officer does not decide"
    );
    let r = app
        .post(
            &format!("{dossier}/buoc"),
            &oc,
            &[("csrf", &ocsrf), ("buoc", "REVIEW"), ("ngay", "10/06/2024")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // Out of order: the appraisal before the posting and the transfer.
    let r = app
        .post(
            &format!("{dossier}/buoc"),
            &oc,
            &[
                ("csrf", &ocsrf),
                ("buoc", "APPRAISAL"),
                ("ngay", "11/06/2024"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post(
            &format!("{dossier}/quyet-dinh"),
            &oc,
            &[
                ("csrf", &ocsrf),
                ("so", "1/QĐ"),
                ("ngay", "25/06/2024"),
                ("he_so", "1,5"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The leader: a coefficient the group cannot have is refused, then the right one.
    let r = app
        .post(
            &format!("{dossier}/quyet-dinh"),
            &lc,
            &[
                ("csrf", &lcsrf),
                ("so", "15/QĐ"),
                ("ngay", "25/06/2024"),
                ("he_so", "2"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("hệ số"), "{}", r.text());
    let r = app
        .post(
            &format!("{dossier}/quyet-dinh"),
            &lc,
            &[
                ("csrf", &lcsrf),
                ("so", "15/QĐ"),
                ("ngay", "25/06/2024"),
                ("he_so", "1,5"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(
        app.get(&dossier, &lc)
            .await
            .text()
            .contains("đã có quyết định hưởng")
    );
    // In English the status, the group, the procedure, its steps and who takes them are
    // English too.
    let en = app.get(&dossier, &format!("{lc}; lang=en")).await.text();
    for english in [
        "allowance granted",
        "Elderly person in a poor household with no one to support them",
        "Procedure of Decree 20/2021/NĐ-CP (decided at district level)",
        "Review the dossier and submit it to the commune chairman for approval",
        "Commune culture and social affairs officer",
        "Chairman of the district People",
    ] {
        assert!(en.contains(english), "{english}: {en}");
    }
    for vietnamese in [
        "đã có quyết định hưởng",
        "Rà soát hồ sơ",
        "Chủ tịch UBND",
        "Thủ tục",
    ] {
        assert!(!en.contains(vietnamese), "{vietnamese}: {en}");
    }
    let list = app
        .get("/ho-so?tat_ca=1", &format!("{lc}; lang=en"))
        .await
        .text();
    assert!(list.contains("allowance granted"), "{list}");
    let b = app
        .store
        .beneficiary_of_person(applicant.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        app.store.beneficiary(b).await.unwrap().facts.grants.len(),
        1
    );
}
