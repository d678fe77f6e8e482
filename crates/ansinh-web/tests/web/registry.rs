//! The registry: persons, households, search, scope, export, import and the person access matrix.

use crate::*;

#[tokio::test]
async fn create_person_shows_inline_errors_then_succeeds() {
    let app = app().await;
    let user = app
        .user("canbo.xa", Role::CommuneOfficer, &["19900"], false)
        .await;
    let (cookie, csrf) = app.session(&user).await;

    let form = app.get("/nhan-khau/moi", &cookie).await;
    assert_eq!(form.status, StatusCode::OK);
    let html = form.text();
    assert!(html.contains("<label for=\"f-personal_id\">Số định danh</label>"));
    assert!(html.contains("Tà-ôi"), "the 54 ethnic groups");
    assert!(
        html.contains("value=\"19900\" selected"),
        "the officer's only commune is chosen"
    );

    // Century/sex digit 0 means a man born in the 1900s: wrong for a woman.
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("personal_id", "046085000123"),
        ("full_name", "nguyễn thị ái vân"),
        ("sex", "F"),
        ("birth_date", "12/03/1985"),
        ("ethnicity", "1"),
        ("area_code", "19900"),
        ("phone", "0905 123 456"),
    ];
    let r = app.post("/nhan-khau", &cookie, &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text();
    assert!(html.contains("id=\"e-personal_id\""), "{html}");
    assert!(html.contains("aria-invalid=\"true\" aria-describedby=\"e-personal_id\""));
    assert!(
        html.contains("value=\"nguyễn thị ái vân\""),
        "typed values are kept"
    );
    assert!(html.contains("value=\"046085000123\""));
    assert_eq!(app.store.counts().await.unwrap().persons, 0);

    // Several mistakes at once are all shown.
    let mut many = fields.clone();
    many[4] = ("birth_date", "31/02/1985");
    many[7] = ("phone", "12");
    let html = app.post("/nhan-khau", &cookie, &many).await.text();
    assert!(html.contains("id=\"e-birth_date\"") && html.contains("id=\"e-phone\""));

    fields[1] = ("personal_id", "046185000123");
    let r = app.post("/nhan-khau", &cookie, &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(r.location().starts_with("/nhan-khau/") && r.location().ends_with("?luu=1"));
    let page = app.get(r.location(), &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("Nguyễn Thị Ái Vân") && html.contains("Đã lưu thay đổi"));
    assert!(html.contains("0905123456") && html.contains("12/03/1985"));
    assert!(html.contains("Lịch sử thay đổi") && html.contains("Tạo mới"));

    // The same ID again is refused next to the field.
    let r = app.post("/nhan-khau", &cookie, &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("đã có trong sổ đăng ký"));
}

#[tokio::test]
async fn edit_person_with_version_and_history() {
    let app = app().await;
    let user = app
        .user("canbo.xa", Role::CommuneOfficer, &["19900"], false)
        .await;
    let (cookie, csrf) = app.session(&user).await;
    let p = app
        .person("046090000001", "Lê Văn An", "Nam", "1990", "19900")
        .await;

    let form = app.get(&format!("/nhan-khau/{}/sua", p.id), &cookie).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text().contains("name=\"version\" value=\"1\""));
    let path = format!("/nhan-khau/{}", p.id);
    let edit = |version: &'static str, name: &'static str| {
        let csrf = csrf.clone();
        let (path, cookie, app) = (path.clone(), cookie.clone(), &app);
        async move {
            let fields = [
                ("csrf", csrf.as_str()),
                ("version", version),
                ("personal_id", "046090000001"),
                ("full_name", name),
                ("sex", "M"),
                ("birth_date", "1990"),
                ("ethnicity", "1"),
                ("area_code", "19900"),
                ("phone", ""),
                ("death_date", ""),
            ];
            app.post(&path, &cookie, &fields).await
        }
    };
    let r = edit("1", "Lê Văn Ân").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // A second edit from the same old form: someone else saved in between.
    let r = edit("1", "Lê Văn Anh").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("bản ghi đã bị người khác sửa"));
    assert!(r.text().contains("name=\"version\" value=\"2\""));
    let html = app
        .get(&format!("/nhan-khau/{}", p.id), &cookie)
        .await
        .text();
    assert!(html.contains("Lê Văn Ân"));
    assert!(
        html.contains("<td class=\"old\">Lê Văn An</td>"),
        "before → after in the history"
    );
}

#[tokio::test]
async fn search_with_and_without_diacritics() {
    let app = app().await;
    let user = app
        .user("canbo.xa", Role::CommuneOfficer, &["19900"], false)
        .await;
    let (cookie, _) = app.session(&user).await;
    app.person(
        "046185000123",
        "Nguyễn Thị Ái Vân",
        "Nữ",
        "12/03/1985",
        "19900",
    )
    .await;
    app.person("046090000001", "Lê Văn An", "Nam", "1990", "19900")
        .await;

    for q in [
        "nguyen+thi+ai",
        "Nguy%E1%BB%85n%20Th%E1%BB%8B",
        "van",
        "046185",
        "NGUYEN",
    ] {
        let r = app.get(&format!("/nhan-khau?q={q}"), &cookie).await;
        assert_eq!(r.status, StatusCode::OK);
        let html = r.text();
        assert!(html.contains("Nguyễn Thị Ái Vân"), "{q}");
        assert!(!html.contains("Lê Văn An"), "{q}");
    }
    let all = app.get("/nhan-khau?xa=19900", &cookie).await.text();
    assert!(all.contains("Lê Văn An") && all.contains("Nguyễn Thị Ái Vân"));
    let none = app.get("/nhan-khau?q=tran", &cookie).await.text();
    assert!(none.contains("Không có nhân khẩu nào khớp"));

    // 56 namesakes: a full page of 50, then the rest behind "Trang sau".
    let mut n = 0;
    for middle in [
        "Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Xuân", "Thanh",
    ] {
        for given in ["An", "Bình", "Cường", "Dũng", "Hải", "Khoa", "Long"] {
            n += 1;
            let pid = format!("046090100{n:03}");
            app.person(
                &pid,
                &format!("Trần {middle} {given}"),
                "Nam",
                "1990",
                "19900",
            )
            .await;
        }
    }
    let first = app.get("/nhan-khau?q=tran", &cookie).await.text();
    assert_eq!(first.matches("<td><a href=\"/nhan-khau/").count(), 50);
    let next = first.split("rel=\"next\"").next().unwrap();
    let next = next
        .rsplit("href=\"")
        .next()
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&#38;", "&");
    assert!(next.starts_with("/nhan-khau?q=tran&xa=&sau="), "{next}");
    let second = app.get(&next, &cookie).await.text();
    assert_eq!(second.matches("<td><a href=\"/nhan-khau/").count(), 6);
    assert!(!second.contains("rel=\"next\"") && second.contains("Trang đầu"));
    assert_eq!(
        app.get("/nhan-khau?sau=rac", &cookie).await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn commune_officer_sees_only_their_commune() {
    let app = app().await;
    let user = app
        .user("canbo.xa", Role::CommuneOfficer, &["19900"], false)
        .await;
    let (cookie, csrf) = app.session(&user).await;
    let mine = app
        .person("046185000123", "Nguyễn Thị Ái Vân", "Nữ", "1985", "19900")
        .await;
    let theirs = app
        .person("046185000124", "Nguyễn Thị Bích", "Nữ", "1985", "20056")
        .await;

    assert_eq!(
        app.get(&format!("/nhan-khau/{}", mine.id), &cookie)
            .await
            .status,
        StatusCode::OK
    );
    let r = app.get(&format!("/nhan-khau/{}", theirs.id), &cookie).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.text().contains("Không có quyền"));
    assert!(!r.text().contains("Bích"));
    assert_eq!(
        app.get(&format!("/nhan-khau/{}/sua", theirs.id), &cookie)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let list = app.get("/nhan-khau?q=nguyen", &cookie).await.text();
    assert!(list.contains("Ái Vân") && !list.contains("Bích"));
    assert_eq!(
        app.get("/nhan-khau?xa=20056", &cookie).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/xuat/nhan-khau.csv?xa=20056", &cookie)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let r = app
        .post(
            "/nhan-khau",
            &cookie,
            &[
                ("csrf", &csrf),
                ("personal_id", "046185000125"),
                ("full_name", "Trần Thị Cúc"),
                ("sex", "F"),
                ("birth_date", "1985"),
                ("ethnicity", "1"),
                ("area_code", "20056"),
            ],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "a form for another commune"
    );
    let csv = app.get("/xuat/nhan-khau.csv", &cookie).await.text();
    assert!(csv.contains("Ái Vân") && !csv.contains("Bích"), "{csv}");
    let audit = app.audit_actions().await;
    assert!(
        audit
            .iter()
            .any(|(a, act, _)| a == "canbo.xa" && act == "denied")
    );
    // No audit log for a commune officer.
    assert_eq!(
        app.get("/nhat-ky", &cookie).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn exports_are_spreadsheets() {
    let app = app().await;
    let user = app
        .user("canbo.tinh", Role::ProvinceOfficer, &["46"], false)
        .await;
    let (cookie, _) = app.session(&user).await;
    app.person("046185000123", "Nguyễn Thị Ái Vân", "Nữ", "1985", "19900")
        .await;

    let r = app.get("/xuat/nhan-khau.xlsx?xa=19900", &cookie).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let disposition = r.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.starts_with("attachment; filename=\"nhan-khau-19900-"));
    assert!(r.body.starts_with(b"PK"), "a zip container");
    let r = app.get("/xuat/ho.csv", &cookie).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("Mã hộ"));
    assert_eq!(
        app.get("/xuat/khac.pdf", &cookie).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/xuat/ho.csv?xa=99999", &cookie).await.status,
        StatusCode::NOT_FOUND
    );

    let inspector = app.user("thanh.tra", Role::Inspector, &["46"], false).await;
    let (cookie, _) = app.session(&inspector).await;
    assert_eq!(
        app.get("/xuat/ho.csv", &cookie).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn import_dry_run_report_then_confirm() {
    let app = app().await;
    let user = app
        .user("canbo.xa", Role::CommuneOfficer, &["19900"], false)
        .await;
    let (cookie, csrf) = app.session(&user).await;
    let csv = "Số định danh,Họ và tên,Giới tính,Ngày sinh,Mã xã/phường\n\
               046185000123,Nguyễn Thị Ái Vân,Nữ,12/03/1985,19900\n\
               046085000124,Lê Thị Sai,Nữ,1985,19900\n\
               046090000001,Lê Văn An,Nam,1990,20056\n";

    let r = app
        .upload(&cookie, &csrf, "nhan-khau", "danh-sach.csv", csv.as_bytes())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let html = r.text();
    assert!(html.contains("Báo cáo kiểm tra tệp") && html.contains("danh-sach.csv"));
    assert!(
        html.contains("<td class=\"num mono\">3</td>"),
        "row 3 has an error"
    );
    assert!(
        html.contains("ngoài phạm vi tài khoản"),
        "row 4 is another commune"
    );
    assert_eq!(
        app.store.counts().await.unwrap().persons,
        0,
        "a dry run writes nothing"
    );
    let id = upload_id(&html);

    let rejected = app.get(&format!("/nhap/{id}/dong-loi.xlsx"), &cookie).await;
    assert_eq!(rejected.status, StatusCode::OK);
    assert!(rejected.body.starts_with(b"PK"));

    // Another session cannot use the upload.
    let (other, other_csrf) = app.session(&user).await;
    assert_eq!(
        app.get(&format!("/nhap/{id}/dong-loi.xlsx"), &other)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = app
        .post(
            &format!("/nhap/{id}/xac-nhan"),
            &other,
            &[("csrf", &other_csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Without skipping, a file with errors writes nothing.
    let r = app
        .post(&format!("/nhap/{id}/xac-nhan"), &cookie, &[("csrf", &csrf)])
        .await;
    assert!(r.text().contains("Không ghi gì"), "{}", r.text());
    assert_eq!(app.store.counts().await.unwrap().persons, 0);
    let r = app
        .post(
            &format!("/nhap/{id}/xac-nhan"),
            &cookie,
            &[("csrf", &csrf), ("bo_qua_dong_loi", "1")],
        )
        .await;
    let html = r.text();
    assert!(
        html.contains("Kết quả nhập") && html.contains("Đã nhập xong"),
        "{html}"
    );
    assert_eq!(app.store.counts().await.unwrap().persons, 1);
    // Confirming again shows the result without importing twice.
    app.post(
        &format!("/nhap/{id}/xac-nhan"),
        &cookie,
        &[("csrf", &csrf), ("bo_qua_dong_loi", "1")],
    )
    .await;
    assert_eq!(app.store.counts().await.unwrap().persons, 1);

    // A file named .xlsx that is not one.
    let r = app
        .upload(
            &cookie,
            &csrf,
            "nhan-khau",
            "bao-cao.xlsx",
            b"this is not a spreadsheet",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("class=\"alert\""));
    // An upload without the form token.
    let r = app
        .upload(&cookie, "", "nhan-khau", "danh-sach.csv", csv.as_bytes())
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

/// Three confirmations of one upload at once (a double click, two tabs) import it once: rows
/// without a personal ID, which nothing else would catch, are not written three times.
#[tokio::test]
async fn concurrent_confirmations_import_once() {
    let app = app().await;
    let user = app
        .user("canbo.xa", Role::CommuneOfficer, &["19900"], false)
        .await;
    let (cookie, csrf) = app.session(&user).await;
    let csv = "Số định danh,Họ và tên,Giới tính,Ngày sinh,Mã xã/phường\n\
               ,Trần Văn Một,Nam,1990,19900\n\
               ,Trần Thị Hai,Nữ,1991,19900\n\
               ,Trần Văn Ba,Nam,1992,19900\n";
    let r = app
        .upload(&cookie, &csrf, "nhan-khau", "ba-dong.csv", csv.as_bytes())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let html = r.text();
    let id = upload_id(&html);
    let path = format!("/nhap/{id}/xac-nhan");
    let form = [("csrf", csrf.as_str())];
    let (a, b, c) = tokio::join!(
        app.post(&path, &cookie, &form),
        app.post(&path, &cookie, &form),
        app.post(&path, &cookie, &form),
    );
    let statuses = [a.status, b.status, c.status];
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );
    assert!(statuses.contains(&StatusCode::OK), "{statuses:?}");
    assert_eq!(app.store.counts().await.unwrap().persons, 3);
    // Once it has run, a later confirmation shows the result and writes nothing.
    let again = app.post(&path, &cookie, &form).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(app.store.counts().await.unwrap().persons, 3);
}

#[tokio::test]
async fn oversized_upload_is_refused() {
    let app = app_with(WebConfig {
        max_upload_bytes: 16 * 1024,
        ..WebConfig::default()
    })
    .await;
    let user = app
        .user("canbo.xa", Role::CommuneOfficer, &["19900"], false)
        .await;
    let (cookie, csrf) = app.session(&user).await;
    let big = vec![b'x'; 200 * 1024];
    let r = app
        .upload(&cookie, &csrf, "nhan-khau", "lon.csv", &big)
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.text().contains("vượt quá giới hạn"), "{}", r.text());
    // Just over the file limit, within the body allowance.
    let r = app
        .upload(&cookie, &csrf, "nhan-khau", "lon.csv", &big[..20 * 1024])
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn households_and_membership() {
    let app = app().await;
    let user = app
        .user("canbo.xa", Role::CommuneOfficer, &["19900"], false)
        .await;
    let (cookie, csrf) = app.session(&user).await;
    let head = app
        .person("046090000001", "Lê Văn An", "Nam", "1990", "19900")
        .await;
    let wife = app
        .person("046192000002", "Trần Thị Bình", "Nữ", "1992", "19900")
        .await;

    let r = app
        .post(
            "/ho",
            &cookie,
            &[
                ("csrf", &csrf),
                ("code", "mã hộ"),
                ("area_code", "19900"),
                ("address", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("id=\"e-code\"") && r.text().contains("id=\"e-address\""));
    let r = app
        .post(
            "/ho",
            &cookie,
            &[
                ("csrf", &csrf),
                ("code", "HO-19900-0001"),
                ("area_code", "19900"),
                ("address", "12 Nguyễn Văn Tuyết"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = r.location().to_string();
    let hid = page.trim_start_matches("/ho/").to_string();

    let r = app
        .post(
            &format!("{page}/thanh-vien"),
            &cookie,
            &[
                ("csrf", &csrf),
                ("so_dinh_danh", "046090000001"),
                ("quan_he", "head"),
                ("ngay", "01/01/2020"),
                ("ly_do", "registered"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // By choosing from a name search.
    let found = app
        .get(&format!("{page}?tim=tran+thi"), &cookie)
        .await
        .text();
    assert!(found.contains(&format!("value=\"{}\"", wife.id)));
    let r = app
        .post(
            &format!("{page}/thanh-vien"),
            &cookie,
            &[
                ("csrf", &csrf),
                ("nguoi", &wife.id.to_string()),
                ("quan_he", "spouse"),
                ("ngay", "01/02/2020"),
                ("ly_do", "moved_in"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let html = app.get(r.location(), &cookie).await.text();
    assert!(
        html.contains("Đã thêm thành viên")
            && html.contains("Trần Thị Bình")
            && html.contains("Vợ/chồng")
    );
    assert!(html.contains("Vào hộ"), "the history shows the move");
    // Unknown ID and a future date are shown in the form.
    let r = app
        .post(
            &format!("{page}/thanh-vien"),
            &cookie,
            &[
                ("csrf", &csrf),
                ("so_dinh_danh", "046090009999"),
                ("quan_he", "child"),
                ("ngay", "01/01/2999"),
                ("ly_do", "birth"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("id=\"e-so_dinh_danh\"") && r.text().contains("id=\"e-ngay\""));

    let r = app
        .post(
            &format!("/ho/{hid}/thanh-vien/{}/chuyen-di", wife.id),
            &cookie,
            &[
                ("csrf", &csrf),
                ("ngay", "01/03/2021"),
                ("ly_do", "moved_out"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let html = app.get(&format!("/ho/{hid}"), &cookie).await.text();
    assert!(html.contains("Thành viên trước đây") && html.contains("01/03/2021"));
    let person = app
        .get(&format!("/nhan-khau/{}", head.id), &cookie)
        .await
        .text();
    assert!(person.contains("HO-19900-0001") && person.contains("Chủ hộ"));

    let list = app.get("/ho?q=HO-19900", &cookie).await.text();
    assert!(list.contains("HO-19900-0001") && list.contains("Lê Văn An"));
    let list = app.get("/ho?q=le+van", &cookie).await.text();
    assert!(list.contains("HO-19900-0001"));
}

/// One row of the access matrix: what a role may do in its own commune (19900) and in another
/// (20056). `true` = allowed (200, or 303 after a form), `false` = refused with 403.
struct Expect {
    list: bool,
    view: bool,
    create: bool,
    edit: bool,
    export: bool,
    api: bool,
}

const ALL: Expect = Expect {
    list: true,
    view: true,
    create: true,
    edit: true,
    export: true,
    api: true,
};
const NONE: Expect = Expect {
    list: false,
    view: false,
    create: false,
    edit: false,
    export: false,
    api: false,
};
/// Leader: reads and exports, never writes.
const READ_EXPORT: Expect = Expect {
    create: false,
    edit: false,
    ..ALL
};
/// Inspector: reads only (and the audit log, not part of this matrix).
const READ_ONLY: Expect = Expect {
    create: false,
    edit: false,
    export: false,
    ..ALL
};

#[tokio::test]
async fn access_matrix_over_http() {
    // role, username, assigned areas, expected in own commune, expected in the other commune.
    let matrix: [(Role, &str, &str, Expect, Expect); 5] = [
        (Role::Admin, "quan.tri", "46", ALL, ALL),
        (Role::ProvinceOfficer, "canbo.tinh", "46", ALL, ALL),
        (Role::CommuneOfficer, "canbo.xa", "19900", ALL, NONE),
        (Role::Leader, "lanh.dao", "46", READ_EXPORT, READ_EXPORT),
        (Role::Inspector, "thanh.tra", "46", READ_ONLY, READ_ONLY),
    ];

    let app = app().await;
    let own = app
        .person("046185000123", "Nguyễn Thị Ái Vân", "Nữ", "1985", "19900")
        .await;
    let other = app
        .person("046185000124", "Nguyễn Thị Bích", "Nữ", "1985", "20056")
        .await;
    let mut serial = 200;
    let mut failures = Vec::new();

    for (role, username, area, in_own, in_other) in matrix {
        let user = app.user(username, role, &[area], false).await;
        let (cookie, csrf) = app.session(&user).await;
        let token = app
            .token(&user, &format!("tok-{username}"), role, &[area])
            .await;
        for (code, person, name, expect) in [
            ("19900", &own, "Ái Vân", &in_own),
            ("20056", &other, "Bích", &in_other),
        ] {
            let mut check = |action: &str, allowed: bool, want_ok: StatusCode, got: StatusCode| {
                let want = if allowed {
                    want_ok
                } else {
                    StatusCode::FORBIDDEN
                };
                if got != want {
                    failures.push(format!(
                        "{username} {action} in {code}: expected {want}, got {got}"
                    ));
                }
            };

            let r = app.get(&format!("/nhan-khau?xa={code}"), &cookie).await;
            check("list", expect.list, StatusCode::OK, r.status);
            if r.status == StatusCode::OK {
                assert!(r.text().contains(name), "{username} lists {code}");
            } else {
                assert!(!r.text().contains(name));
            }

            let r = app.get(&format!("/nhan-khau/{}", person.id), &cookie).await;
            check("view", expect.view, StatusCode::OK, r.status);
            if r.status != StatusCode::OK {
                assert!(!r.text().contains(name), "a refusal shows no data");
            }

            serial += 1;
            let pid = format!("046185{serial:06}");
            let r = app
                .post(
                    "/nhan-khau",
                    &cookie,
                    &[
                        ("csrf", &csrf),
                        ("personal_id", &pid),
                        ("full_name", "Trần Thị Cúc"),
                        ("sex", "F"),
                        ("birth_date", "1985"),
                        ("ethnicity", "1"),
                        ("area_code", code),
                    ],
                )
                .await;
            check("create", expect.create, StatusCode::SEE_OTHER, r.status);

            // An invalid form: a role that may write sees its field errors (422); a role that
            // may not is refused first (403), not shown errors for a change it cannot make.
            let writes = matches!(
                role,
                Role::Admin | Role::ProvinceOfficer | Role::CommuneOfficer
            );
            let r = app
                .post(
                    "/nhan-khau",
                    &cookie,
                    &[
                        ("csrf", &csrf),
                        ("personal_id", "12345"),
                        ("full_name", ""),
                        ("area_code", code),
                    ],
                )
                .await;
            check(
                "create invalid",
                writes,
                StatusCode::UNPROCESSABLE_ENTITY,
                r.status,
            );

            let current = app.store.person(person.id).await.unwrap();
            let version = current.version.to_string();
            let new_name = format!("{} An", current.full_name);
            let r = app
                .post(
                    &format!("/nhan-khau/{}", person.id),
                    &cookie,
                    &[
                        ("csrf", &csrf),
                        ("version", &version),
                        ("personal_id", current.personal_id.as_deref().unwrap()),
                        ("full_name", &new_name),
                        ("sex", "F"),
                        ("birth_date", "1985"),
                        ("ethnicity", "1"),
                        ("area_code", code),
                    ],
                )
                .await;
            check("edit", expect.edit, StatusCode::SEE_OTHER, r.status);
            let after = app.store.person(person.id).await.unwrap();
            assert_eq!(
                after.version != current.version,
                r.status == StatusCode::SEE_OTHER,
                "a refused edit changes nothing"
            );

            let r = app
                .get(&format!("/xuat/nhan-khau.xlsx?xa={code}"), &cookie)
                .await;
            check("export", expect.export, StatusCode::OK, r.status);

            let r = app
                .api(
                    "GET",
                    &format!("/api/v1/persons/{}", person.id),
                    &token,
                    None,
                )
                .await;
            check("api", expect.api, StatusCode::OK, r.status);
            if r.status == StatusCode::FORBIDDEN {
                assert_eq!(r.error_code(), "forbidden");
            }
        }
    }
    assert!(
        failures.is_empty(),
        "access matrix:\n{}",
        failures.join("\n")
    );

    // A commune officer's plain list never holds the other commune's person.
    let xa = app
        .store
        .user_by_username("canbo.xa")
        .await
        .unwrap()
        .unwrap();
    let (cookie, _) = app.session(&xa).await;
    let list = app.get("/nhan-khau?q=nguyen", &cookie).await.text();
    assert!(list.contains("Ái Vân") && !list.contains("Bích"));

    // The forged id was refused and written down, for the session and for the token.
    let entries = app.store.recent_audit(500).await.unwrap();
    for actor in ["canbo.xa", "api:tok-canbo.xa"] {
        assert!(
            entries.iter().any(|e| e.actor == actor
                && e.action == "denied"
                && e.entity == "person"
                && e.entity_id == Some(other.id)),
            "a denied entry for {actor}"
        );
    }
}

/// The id of the upload a dry-run report links to (`/nhap/{id}/…`).
fn upload_id(html: &str) -> String {
    html.split("/nhap/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string()
}

/// A person asks for their data: the officer downloads one JSON file with the record and its
/// whole trail (created, opened), and handing it over is itself recorded.
#[tokio::test]
async fn a_person_gets_a_copy_of_their_data_and_its_trail() {
    let app = app().await;
    let officer = app
        .user("canbo.xa", Role::CommuneOfficer, &["19900"], false)
        .await;
    let (cookie, _) = app.session(&officer).await;
    let p = app
        .person(
            "046185000123",
            "Nguyễn Thị Ái Vân",
            "Nữ",
            "12/03/1985",
            "19900",
        )
        .await;
    let page = app
        .get(&format!("/nhan-khau/{}", p.id), &cookie)
        .await
        .text();
    assert!(page.contains(&format!("/nhan-khau/{}/du-lieu.json", p.id)));

    let r = app
        .get(&format!("/nhan-khau/{}/du-lieu.json", p.id), &cookie)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    assert!(
        r.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let doc: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(doc["nhan_khau"]["ho_ten"], "Nguyễn Thị Ái Vân");
    assert_eq!(doc["nhan_khau"]["so_dinh_danh"], "046185000123");
    let actions: Vec<&str> = doc["nhat_ky"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["viec"].as_str().unwrap())
        .collect();
    // Created, opened by the officer, and this copy, which ends its own trail.
    assert_eq!(actions, ["create", "view", "view"]);
    assert_eq!(doc["nhat_ky"][0]["sau"]["full_name"], "Nguyễn Thị Ái Vân");
    assert_eq!(doc["nhat_ky"][1]["nguoi"], "canbo.xa");
    let note = doc["nhat_ky"][2]["ghi_chu"].as_str().unwrap();
    assert!(note.contains("13/2023"), "{note}");
    assert_eq!(app.store.history(p.id).await.unwrap().len(), 3);
}
