//! The web application driven in-process (tower's `oneshot`, no network) over a SQLite store
//! in a temporary directory: login, access, CSRF, forms, search, scope, language, export and
//! import.

// Tests state their expectations with unwrap and panic, helpers included (clippy.toml allows it
// only inside #[test] functions).
#![allow(clippy::unwrap_used, clippy::panic)]

use ansinh_core::PersonDraft;
use ansinh_core::access::Role;
use ansinh_core::registry::person::validate_person;
use ansinh_store::accounts::{NewUser, User};
use ansinh_store::registry::persons::Person;
use ansinh_store::{Actor, Store, today_vn};
use ansinh_web::WebConfig;
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

const PASSWORD: &str = "mot cau mat khau dai";

struct App {
    router: Router,
    store: Store,
    _dir: tempfile::TempDir,
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The `name=value` part of a cookie the response sets.
    fn cookie(&self, name: &str) -> Option<String> {
        self.set_cookie(name)
            .map(|c| c.split(';').next().unwrap_or("").to_string())
    }

    fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with(&format!("{name}=")))
            .map(str::to_string)
    }
}

async fn app_with(config: WebConfig) -> App {
    let (dir, path) = ansinh_testkit::sqlite_path();
    let store = Store::open(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    App {
        router: ansinh_web::router(store.clone(), config),
        store,
        _dir: dir,
    }
}

async fn app() -> App {
    app_with(WebConfig::default()).await
}

impl App {
    async fn user(&self, username: &str, role: Role, areas: &[&str], must_change: bool) -> User {
        self.store
            .create_user(
                &Actor::system("test"),
                &NewUser {
                    username,
                    display_name: &format!("Cán bộ {username}"),
                    role,
                    password: PASSWORD,
                    area_codes: areas,
                    must_change_password: must_change,
                },
            )
            .await
            .unwrap()
    }

    /// A signed-in session without going through the login form (which hashes a password):
    /// the cookie header and the CSRF token.
    async fn session(&self, user: &User) -> (String, String) {
        let (secret, s) = self
            .store
            .create_session(user, std::time::Duration::from_secs(3600))
            .await
            .unwrap();
        (format!("ansinh_session={secret}"), s.csrf_token)
    }

    async fn person(&self, pid: &str, name: &str, sex: &str, birth: &str, area: &str) -> Person {
        let draft = PersonDraft {
            personal_id: pid.into(),
            full_name: name.into(),
            sex: sex.into(),
            birth_date: birth.into(),
            area_code: area.into(),
            ..PersonDraft::default()
        };
        let valid = validate_person(&draft, today_vn()).unwrap();
        self.store
            .create_person(&Actor::system("test"), &valid)
            .await
            .unwrap()
    }

    async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    async fn get(&self, path: &str, cookie: &str) -> Reply {
        let mut req = Request::get(path);
        if !cookie.is_empty() {
            req = req.header(header::COOKIE, cookie);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    async fn post(&self, path: &str, cookie: &str, form: &[(&str, &str)]) -> Reply {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut req =
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if !cookie.is_empty() {
            req = req.header(header::COOKIE, cookie);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    async fn upload(
        &self,
        cookie: &str,
        csrf: &str,
        loai: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Reply {
        let boundary = "----ansinhtestboundary";
        let mut body = Vec::new();
        for (name, value) in [("csrf", csrf), ("loai", loai)] {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let req = Request::post("/nhap")
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::CONTENT_LENGTH, body.len())
            .header(header::COOKIE, cookie)
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    async fn audit_actions(&self) -> Vec<(String, String, String)> {
        self.store
            .recent_audit(200)
            .await
            .unwrap()
            .into_iter()
            .map(|e| (e.actor, e.action, e.entity))
            .collect()
    }
}

fn enc(s: &str) -> String {
    ansinh_web::format::url_encode(s)
}

/// The value of the hidden `csrf` field of a page.
fn csrf_field(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[at..].split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn public_pages_health_and_headers() {
    let app = app().await;
    let r = app.get("/healthz", "").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(app.get("/readyz", "").await.status, StatusCode::OK);

    let r = app.get("/dia-ban", "").await;
    assert_eq!(r.status, StatusCode::OK);
    let html = r.text();
    assert!(
        html.contains("Phường Thuận An"),
        "the 40 communes are listed"
    );
    assert!(html.contains("40 đơn vị cấp xã"));
    assert!(html.contains("Đơn vị cũ theo huyện"));
    assert!(
        r.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'self'")
    );
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
    assert_eq!(r.headers["x-frame-options"], "DENY");
    assert_eq!(r.headers["referrer-policy"], "same-origin");
    assert_eq!(r.headers[header::CACHE_CONTROL], "no-store");
    assert!(r.headers.contains_key("x-request-id"));
    assert!(!html.contains("style="), "no inline styles (CSP)");
    assert!(!html.contains("<script"), "no scripts");

    // Units in force before the 2025 reorganisation, by district.
    let r = app.get("/dia-ban?ngay=30/06/2025", "").await;
    assert!(r.text().contains("huyện/thị xã/quận"), "{}", r.text());
    let r = app.get("/dia-ban?ngay=31/02/2025", "").await;
    assert!(r.text().contains("aria-invalid=\"true\""));

    // The rules in force on a day, around the 1/7/2024 base-level change and the 2027 standard.
    let r = app.get("/quy-dinh?ngay=30/06/2024", "").await;
    assert_eq!(r.status, StatusCode::OK);
    let before = r.text();
    // ">" anchors the amount at the start of its cell (1.500.000 ends in 500.000).
    assert!(before.contains(">360.000 đ") && !before.contains(">500.000 đ"));
    assert!(before.contains("NĐ 20/2021/NĐ-CP Điều 6"));
    assert!(before.contains("1.500.000 đ"), "2024 rural poverty line");
    let after = app.get("/quy-dinh?ngay=01/07/2024", "").await.text();
    assert!(after.contains(">500.000 đ") && !after.contains(">360.000 đ"));
    assert!(
        after.contains("Chưa xác nhận"),
        "the 500,000 row is flagged"
    );
    let later = app.get("/quy-dinh?ngay=01/01/2027", "").await.text();
    assert!(later.contains("2.200.000 đ") && later.contains("2.800.000 đ"));
    // A province's own higher base level is listed beside the national one and marked.
    let local = ansinh_core::assistance::rules::RuleRow {
        kind: ansinh_core::assistance::rules::RuleKind::BaseLevel,
        key: "BASE".into(),
        area: Some("46".into()),
        condition: ansinh_core::assistance::condition::Condition::always(),
        value: 600_000,
        valid_from: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        valid_to: None,
        confirmed: true,
        legal_basis: "Nghị quyết của HĐND thành phố (thử)".into(),
    };
    app.store
        .add_local_rule(&Actor("quan.tri".into()), &local)
        .await
        .unwrap();
    let with_local = app.get("/quy-dinh?ngay=01/02/2025", "").await.text();
    assert!(with_local.contains(">600.000 đ") && with_local.contains(">500.000 đ"));
    assert!(with_local.contains("Tỉnh quy định"));
    let r = app.get("/quy-dinh?ngay=31/02/2025", "").await;
    assert!(r.text().contains("aria-invalid=\"true\""));

    let css_link = html.split("href=\"/static/app.css?v=").nth(1).unwrap();
    assert!(css_link.split('"').next().unwrap().len() >= 8);
    let r = app.get("/static/app.css?v=1", "").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(
        r.headers[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("max-age=31536000")
    );

    let r = app.get("/khong-co", "").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let id = r.headers["x-request-id"].to_str().unwrap().to_string();
    assert!(
        r.text().contains(&id),
        "the error page shows the request id"
    );
}

#[tokio::test]
async fn protected_pages_redirect_to_login() {
    let app = app().await;
    for (path, back) in [
        ("/", "/dang-nhap"),
        ("/nhan-khau", "/dang-nhap?tiep=/nhan-khau"),
        (
            "/nhan-khau?q=an&xa=19900",
            "/dang-nhap?tiep=/nhan-khau%3Fq%3Dan%26xa%3D19900",
        ),
        ("/ho", "/dang-nhap?tiep=/ho"),
        ("/nhap", "/dang-nhap?tiep=/nhap"),
        ("/nhat-ky", "/dang-nhap?tiep=/nhat-ky"),
        (
            "/xuat/nhan-khau.xlsx",
            "/dang-nhap?tiep=/xuat/nhan-khau.xlsx",
        ),
    ] {
        let r = app.get(path, "").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(r.location(), back, "{path}");
    }
    // An unknown or expired session says so on the login page.
    let r = app.get("/nhan-khau", "ansinh_session=deadbeef").await;
    assert_eq!(r.location(), "/dang-nhap?tiep=/nhan-khau&het-han=1");
    let r = app.get(r.location(), "").await;
    assert!(r.text().contains("Phiên làm việc đã hết hạn"));
}

#[tokio::test]
async fn login_success_and_failure() {
    let app = app().await;
    app.user("canbo.xa", Role::CommuneOfficer, &["19900"], false)
        .await;

    let form = app.get("/dang-nhap?tiep=/nhan-khau", "").await;
    assert_eq!(form.status, StatusCode::OK);
    let login_cookie = form.cookie("ansinh_login").expect("a login token cookie");
    let token = csrf_field(&form.text());
    assert!(form.text().contains("value=\"/nhan-khau\""));

    let bad = app
        .post(
            "/dang-nhap",
            &login_cookie,
            &[
                ("csrf", &token),
                ("username", "canbo.xa"),
                ("password", "sai mat khau roi"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert!(
        bad.text()
            .contains("Tên đăng nhập hoặc mật khẩu không đúng")
    );
    assert!(
        bad.text().contains("value=\"canbo.xa\""),
        "the name is kept"
    );
    let audit = app.audit_actions().await;
    assert!(audit.contains(&("anonymous".into(), "login_failed".into(), "user".into())));
    // No password anywhere in the log.
    let all = app.store.recent_audit(100).await.unwrap();
    assert!(
        all.iter()
            .all(|e| !format!("{e:?}").contains("sai mat khau"))
    );

    let token = csrf_field(&bad.text());
    let login_cookie = bad.cookie("ansinh_login").unwrap();
    let ok = app
        .post(
            "/dang-nhap",
            &login_cookie,
            &[
                ("csrf", &token),
                ("username", "canbo.xa"),
                ("password", PASSWORD),
                ("tiep", "/nhan-khau"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(ok.location(), "/nhan-khau");
    let set = ok.set_cookie("ansinh_session").unwrap();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"));
    assert!(!set.contains("Secure"), "plain HTTP by default");
    let cookie = ok.cookie("ansinh_session").unwrap();
    let home = app.get("/", &cookie).await;
    assert_eq!(home.status, StatusCode::OK);
    let html = home.text();
    assert!(html.contains("Cán bộ canbo.xa") && html.contains("Cán bộ xã"));
    assert!(
        !html.contains("/nhat-ky"),
        "no audit link for a commune officer"
    );
    assert!(app.audit_actions().await.contains(&(
        "canbo.xa".into(),
        "login".into(),
        "user".into()
    )));

    // An open redirect is not followed.
    let form = app.get("/dang-nhap", "").await;
    let ok = app
        .post(
            "/dang-nhap",
            &form.cookie("ansinh_login").unwrap(),
            &[
                ("csrf", &csrf_field(&form.text())),
                ("username", "canbo.xa"),
                ("password", PASSWORD),
                ("tiep", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(ok.location(), "/");

    // Logout ends the session.
    let csrf = csrf_field(&home.text());
    let out = app.post("/dang-xuat", &cookie, &[("csrf", &csrf)]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/", &cookie).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn login_is_rate_limited() {
    let app = app_with(WebConfig {
        login_attempts_per_minute: 3,
        ..WebConfig::default()
    })
    .await;
    let form = app.get("/dang-nhap", "").await;
    let cookie = form.cookie("ansinh_login").unwrap();
    let token = csrf_field(&form.text());
    let fields = [
        ("csrf", token.as_str()),
        ("username", "khong.co"),
        ("password", "doan mo mat khau"),
    ];
    for _ in 0..3 {
        assert_eq!(
            app.post("/dang-nhap", &cookie, &fields).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let r = app.post("/dang-nhap", &cookie, &fields).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().contains("thử lại sau"));
}

#[tokio::test]
async fn csrf_missing_or_wrong_is_refused_and_changes_nothing() {
    let app = app().await;
    let user = app
        .user("canbo.xa", Role::CommuneOfficer, &["19900"], false)
        .await;
    let (cookie, csrf) = app.session(&user).await;
    let person = [
        ("personal_id", "046185000123"),
        ("full_name", "Nguyễn Thị Ái Vân"),
        ("sex", "F"),
        ("birth_date", "12/03/1985"),
        ("ethnicity", "1"),
        ("area_code", "19900"),
    ];
    let r = app.post("/nhan-khau", &cookie, &person).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.text().contains("không có gì được thay đổi"));
    let mut wrong = person.to_vec();
    wrong.push(("csrf", "0000"));
    assert_eq!(
        app.post("/nhan-khau", &cookie, &wrong).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.store.counts().await.unwrap().persons,
        0,
        "nothing written"
    );
    let audit = app.audit_actions().await;
    assert!(audit.contains(&("canbo.xa".into(), "denied".into(), "csrf".into())));

    // Logout without the token leaves the session alive.
    assert_eq!(
        app.post("/dang-xuat", &cookie, &[]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get("/", &cookie).await.status, StatusCode::OK);
    // The login form without its cookie token.
    let r = app
        .post(
            "/dang-nhap",
            "",
            &[
                ("csrf", "x"),
                ("username", "canbo.xa"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // With the token it works.
    let mut good = person.to_vec();
    good.push(("csrf", &csrf));
    assert_eq!(
        app.post("/nhan-khau", &cookie, &good).await.status,
        StatusCode::SEE_OTHER
    );
}

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
async fn forced_password_change() {
    let app = app().await;
    app.user("moi.vao", Role::CommuneOfficer, &["20056"], true)
        .await;
    let form = app.get("/dang-nhap", "").await;
    let r = app
        .post(
            "/dang-nhap",
            &form.cookie("ansinh_login").unwrap(),
            &[
                ("csrf", &csrf_field(&form.text())),
                ("username", "moi.vao"),
                ("password", PASSWORD),
                ("tiep", "/ho"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/doi-mat-khau");
    let cookie = r.cookie("ansinh_session").unwrap();
    let r = app.get("/nhan-khau", &cookie).await;
    assert_eq!(
        (r.status, r.location()),
        (StatusCode::SEE_OTHER, "/doi-mat-khau")
    );
    let page = app.get("/doi-mat-khau", &cookie).await;
    assert!(page.text().contains("lần đăng nhập đầu tiên"));
    let csrf = csrf_field(&page.text());

    let r = app
        .post(
            "/doi-mat-khau",
            &cookie,
            &[
                ("csrf", &csrf),
                ("mat_khau_cu", PASSWORD),
                ("mat_khau_moi", "mat khau moi cua toi"),
                ("nhap_lai", "mat khau khac"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("không khớp"));
    let r = app
        .post(
            "/doi-mat-khau",
            &cookie,
            &[
                ("csrf", &csrf),
                ("mat_khau_cu", PASSWORD),
                ("mat_khau_moi", "ngan"),
                ("nhap_lai", "ngan"),
            ],
        )
        .await;
    assert!(
        r.text().contains("ít nhất 10 ký tự"),
        "the store's policy is shown"
    );
    let r = app
        .post(
            "/doi-mat-khau",
            &cookie,
            &[
                ("csrf", &csrf),
                ("mat_khau_cu", PASSWORD),
                ("mat_khau_moi", "mat khau moi cua toi"),
                ("nhap_lai", "mat khau moi cua toi"),
            ],
        )
        .await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"));
    let fresh = r.cookie("ansinh_session").unwrap();
    assert_eq!(app.get("/nhan-khau", &fresh).await.status, StatusCode::OK);
    assert_eq!(
        app.get("/nhan-khau", &cookie).await.status,
        StatusCode::SEE_OTHER,
        "old session ended"
    );
    assert!(
        app.store
            .authenticate("moi.vao", "mat khau moi cua toi")
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn language_switch() {
    let app = app().await;
    let r = app
        .send(
            Request::get("/ngon-ngu/en")
                .header(
                    header::REFERER,
                    "http://127.0.0.1:8080/dia-ban?ngay=01/07/2025",
                )
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/dia-ban?ngay=01/07/2025");
    let lang = r.cookie("lang").unwrap();
    assert_eq!(lang, "lang=en");
    let html = app.get("/dia-ban", &lang).await.text();
    assert!(html.contains("<html lang=\"en\">") && html.contains("Administrative areas"));
    assert!(html.contains("urban") || html.contains("rural"));
    let html = app.get("/dia-ban", "").await.text();
    assert!(html.contains("<html lang=\"vi\">") && html.contains("Địa bàn hành chính"));
    let r = app.get("/ngon-ngu/vi", "").await;
    assert_eq!(
        (r.location(), r.cookie("lang").unwrap().as_str()),
        ("/", "lang=vi")
    );
    assert_eq!(
        app.get("/ngon-ngu/fr", "").await.status,
        StatusCode::NOT_FOUND
    );

    let user = app.user("thanh.tra", Role::Inspector, &["46"], false).await;
    let (cookie, _) = app.session(&user).await;
    let html = app.get("/", &format!("{cookie}; lang=en")).await.text();
    assert!(html.contains("Inspector") && html.contains("Audit log"));
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
    let id = html
        .split("/nhap/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();

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

#[tokio::test]
async fn inspector_browses_the_audit_log() {
    let app = app().await;
    let user = app.user("thanh.tra", Role::Inspector, &["46"], false).await;
    let (cookie, _) = app.session(&user).await;
    let p = app
        .person("046090000001", "Lê Văn An", "Nam", "1990", "19900")
        .await;
    let r = app.get(&format!("/nhan-khau/{}", p.id), &cookie).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("href=\"/nhat-ky\""));
    assert_eq!(
        app.get("/nhan-khau/moi", &cookie).await.status,
        StatusCode::FORBIDDEN
    );

    let r = app.get("/nhat-ky", &cookie).await;
    assert_eq!(r.status, StatusCode::OK);
    let html = r.text();
    assert!(html.contains("Xem hồ sơ") && html.contains("thanh.tra"));
    let html = app
        .get("/nhat-ky?nguoi=system%3Atest&hanh-dong=create", &cookie)
        .await
        .text();
    assert!(html.contains("Tạo mới") && !html.contains("Xem hồ sơ</span>"));
    assert!(html.contains(&format!("/nhan-khau/{}", p.id)));
}

/// An inspector of one commune reads the history on a record's page but not the whole audit
/// log, which holds every commune's records: no menu entry, and the page is refused.
#[tokio::test]
async fn commune_inspector_reads_history_but_not_the_audit_log() {
    let app = app().await;
    let user = app
        .user("thanh.tra.xa", Role::Inspector, &["19900"], false)
        .await;
    let (cookie, _) = app.session(&user).await;
    let p = app
        .person("046090000001", "Lê Văn An", "Nam", "1990", "19900")
        .await;
    let r = app.get(&format!("/nhan-khau/{}", p.id), &cookie).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.text().contains("href=\"/nhat-ky\""));
    assert_eq!(
        app.get("/nhat-ky", &cookie).await.status,
        StatusCode::FORBIDDEN
    );
}

/// An administrator manages the officers' accounts and the integrators' API tokens in the web
/// application: a new account with a temporary password, a refused one with the reason on the
/// page, disabling (which ends the account's sessions) and enabling, a token whose secret is
/// shown once and works on the API until it is revoked. Nobody else reaches the page.
#[tokio::test]
async fn administrator_manages_accounts_and_tokens() {
    let app = app().await;
    let admin = app.user("quan.tri", Role::Admin, &["46"], false).await;
    let (cookie, csrf) = app.session(&admin).await;
    let page = app.get("/quan-tri", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
    let html = page.text();
    assert!(html.contains("href=\"/quan-tri\"") && html.contains("quan.tri"));
    // The area boxes suggest the province and its communes in force.
    assert!(html.contains("<option value=\"46\"") && html.contains("<option value=\"19900\""));
    assert!(
        !html.contains("<option value=\"19903\""),
        "a commune merged in 2025"
    );

    // A new commune officer, who must choose a password at the first sign-in.
    let temporary = "tạm-thời-2026";
    let created = app
        .post(
            "/quan-tri/nguoi-dung",
            &cookie,
            &[
                ("csrf", &csrf),
                ("ten_dang_nhap", "CanBo.ThuanAn"),
                ("ho_ten", "Trần Thị Hoa"),
                ("vai_tro", "commune_officer"),
                ("dia_ban", "19900"),
                ("mat_khau", temporary),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    assert_eq!(created.location(), "/quan-tri?xong=tao");
    let hoa = app
        .store
        .authenticate("canbo.thuanan", temporary)
        .await
        .unwrap()
        .expect("the new account signs in");
    assert!(hoa.must_change_password);
    assert_eq!(hoa.areas[0].code, "19900");
    let html = app.get("/quan-tri?xong=tao", &cookie).await.text();
    assert!(html.contains("Trần Thị Hoa") && html.contains("Đã tạo tài khoản."));

    // Refused: a commune officer given the province; the page says why and keeps the form.
    let refused = app
        .post(
            "/quan-tri/nguoi-dung",
            &cookie,
            &[
                ("csrf", &csrf),
                ("ten_dang_nhap", "canbo.sai"),
                ("ho_ten", "Lê Văn Sai"),
                ("vai_tro", "commune_officer"),
                ("dia_ban", "46"),
                ("mat_khau", temporary),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text();
    assert!(html.contains("cán bộ xã chỉ được gán xã/phường"), "{html}");
    assert!(html.contains("value=\"Lê Văn Sai\""));
    assert!(
        app.store
            .user_by_username("canbo.sai")
            .await
            .unwrap()
            .is_none()
    );

    // Disabling ends the account's sessions; the administrator cannot disable themself.
    // (Her session first asks for a new password, as a temporary one must be changed.)
    let (hoa_cookie, _) = app.session(&hoa).await;
    let before = app.get("/nhan-khau", &hoa_cookie).await;
    assert!(
        before.location().starts_with("/doi-mat-khau"),
        "{}",
        before.location()
    );
    let off = app
        .post(
            &format!("/quan-tri/nguoi-dung/{}/khoa", hoa.id),
            &cookie,
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(off.location(), "/quan-tri?xong=khoa");
    let after = app.get("/nhan-khau", &hoa_cookie).await;
    assert!(
        after.location().starts_with("/dang-nhap"),
        "{}",
        after.location()
    );
    assert!(
        app.store
            .authenticate("canbo.thuanan", temporary)
            .await
            .unwrap()
            .is_none()
    );
    let me = app
        .post(
            &format!("/quan-tri/nguoi-dung/{}/khoa", admin.id),
            &cookie,
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(me.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(me.text().contains("không thể tự khoá"));
    let on = app
        .post(
            &format!("/quan-tri/nguoi-dung/{}/mo-khoa", hoa.id),
            &cookie,
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(on.location(), "/quan-tri?xong=mo-khoa");
    let reset = app
        .post(
            &format!("/quan-tri/nguoi-dung/{}/mat-khau", hoa.id),
            &cookie,
            &[("csrf", &csrf), ("mat_khau", "mật-khẩu-mới-123")],
        )
        .await;
    assert_eq!(reset.location(), "/quan-tri?xong=mat-khau");
    assert!(
        app.store
            .authenticate("canbo.thuanan", "mật-khẩu-mới-123")
            .await
            .unwrap()
            .is_some()
    );
    // A form without the session's token changes nothing.
    let forged = app
        .post(
            &format!("/quan-tri/nguoi-dung/{}/khoa", hoa.id),
            &cookie,
            &[("csrf", "x")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(!app.store.user(hoa.id).await.unwrap().disabled);

    // A token for the portal: its secret once, then it reads the API until revoked.
    let issued = app
        .post(
            "/quan-tri/ma-truy-cap",
            &cookie,
            &[
                ("csrf", &csrf),
                ("ten", "Cổng dịch vụ công"),
                ("vai_tro", "commune_officer"),
                ("dia_ban", "19900"),
            ],
        )
        .await;
    assert_eq!(issued.status, StatusCode::OK);
    let html = issued.text();
    let needle = "id=\"new-secret\">";
    let start = html.find(needle).expect("the secret is shown") + needle.len();
    let secret = html[start..start + 64].to_string();
    assert!(secret.bytes().all(|b| b.is_ascii_hexdigit()), "{secret}");
    let api = app.api("GET", "/api/v1/persons?q=an", &secret, None).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.text());
    let listed = app.get("/quan-tri", &cookie).await.text();
    assert!(listed.contains("Cổng dịch vụ công") && !listed.contains(&secret));
    let token = app.store.api_tokens().await.unwrap().remove(0);
    assert_eq!(token.created_by, "quan.tri");
    let revoked = app
        .post(
            &format!("/quan-tri/ma-truy-cap/{}/thu-hoi", token.id),
            &cookie,
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(revoked.location(), "/quan-tri?xong=thu-hoi");
    let api = app.api("GET", "/api/v1/persons?q=an", &secret, None).await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);

    // Every change is in the audit log, under the administrator's name.
    let entries = app
        .store
        .audit_entries(&ansinh_store::audit::AuditFilter {
            actor: Some("quan.tri".into()),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    for entity in ["user", "api_token"] {
        assert!(entries.iter().any(|e| e.entity == entity), "{entity}");
    }

    // Other roles: no menu entry and no page.
    for (role, name) in [
        (Role::ProvinceOfficer, "canbo.tinh"),
        (Role::Leader, "lanh.dao"),
        (Role::Inspector, "thanh.tra"),
    ] {
        let user = app.user(name, role, &["46"], false).await;
        let (c, k) = app.session(&user).await;
        let r = app.get("/quan-tri", &c).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{role:?}");
        assert!(!app.get("/", &c).await.text().contains("href=\"/quan-tri\""));
        let r = app
            .post(
                "/quan-tri/ma-truy-cap",
                &c,
                &[
                    ("csrf", &k),
                    ("ten", "x"),
                    ("vai_tro", "admin"),
                    ("dia_ban", "46"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{role:?}");
    }
    assert_eq!(app.store.api_tokens().await.unwrap().len(), 1);
}

/// Renders the main pages with headless Chromium into `target/web-shots/` for a human to look
/// at: `cargo test -p ansinh-web --test web -- --ignored screenshots`. Pages behind the login
/// are fetched in-process with a session cookie and saved with a `<base>` pointing at a server
/// started on a free port, so the stylesheet loads as in a browser.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Chromium; writes screenshots for review"]
async fn screenshots() {
    use ansinh_store::registry::bulk::{AuditMode, BulkRecords};
    use ansinh_synth::{SynthConfig, generate_all};

    let app = app().await;
    let communes = app.store.communes_on(today_vn()).await.unwrap();
    let batch = generate_all(
        SynthConfig {
            scale: 0.01,
            seed: 7,
            as_of: today_vn(),
        },
        &communes,
    );
    app.store
        .bulk_load(
            &Actor::system("generate"),
            BulkRecords {
                persons: &batch.persons,
                households: &batch.households,
                members: &batch.members,
                heads: &[],
            },
            AuditMode::Summary("dữ liệu mẫu"),
        )
        .await
        .unwrap();
    app.store.ensure_search_indexes().await.unwrap();
    let officer = app
        .user("canbo.xa", Role::CommuneOfficer, &["19900"], false)
        .await;
    let admin = app.user("quan.tri", Role::Admin, &["46"], false).await;
    let (cookie, csrf) = app.session(&officer).await;
    let (admin_cookie, _) = app.session(&admin).await;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let served = app.store.clone();
    tokio::spawn(async move {
        ansinh_web::serve(
            served,
            listener,
            WebConfig::default(),
            std::future::pending(),
        )
        .await
        .unwrap();
    });
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/web-shots");
    std::fs::create_dir_all(&dir).unwrap();
    let shoot = |name: &str, url: &str, size: &str| {
        let png = dir.join(format!("{name}.png"));
        let profile = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                &format!("--user-data-dir={}", profile.path().display()),
                &format!("--window-size={size}"),
                &format!("--screenshot={}", png.display()),
                url,
            ])
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "{name}");
        println!("{}", png.display());
    };
    let save = |name: &str, html: String| {
        let html = html.replacen(
            "<head>",
            &format!("<head><base href=\"http://{addr}/\">"),
            1,
        );
        let file = dir.join(format!("{name}.html"));
        std::fs::write(&file, html).unwrap();
        format!("file://{}", file.canonicalize().unwrap().display())
    };

    shoot("login", &format!("http://{addr}/dang-nhap"), "1366,768");
    shoot("areas", &format!("http://{addr}/dia-ban"), "1366,1400");
    shoot(
        "areas-2024",
        &format!("http://{addr}/dia-ban?ngay=01/01/2024"),
        "1366,900",
    );

    let pages = [
        ("home", "/", &cookie),
        ("persons", "/nhan-khau?q=nguyen+thi", &cookie),
        ("households", "/ho?q=nguyen", &cookie),
        ("import", "/nhap", &cookie),
        ("audit", "/nhat-ky", &admin_cookie),
        ("home-admin", "/", &admin_cookie),
        ("admin", "/quan-tri", &admin_cookie),
    ];
    for (name, path, c) in pages {
        let r = app.get(path, c).await;
        assert_eq!(r.status, StatusCode::OK, "{name}");
        shoot(name, &save(name, r.text()), "1366,900");
    }
    let hit = app.get("/nhan-khau?xa=19900", &cookie).await.text();
    let person = hit
        .split("href=\"/nhan-khau/")
        .nth(3)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let form = app
        .get(&format!("/nhan-khau/{person}/sua"), &cookie)
        .await
        .text();
    let version = form
        .split("name=\"version\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let value = |field: &str| {
        form.split(&format!("name=\"{field}\" value=\""))
            .nth(1)
            .map(|s| s.split('"').next().unwrap().to_string())
            .unwrap_or_default()
    };
    let (pid, name, birth) = (
        value("personal_id"),
        value("full_name"),
        value("birth_date"),
    );
    let sex = if form.contains("value=\"F\" selected") {
        "F"
    } else {
        "M"
    };
    app.post(
        &format!("/nhan-khau/{person}"),
        &cookie,
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("personal_id", &pid),
            ("full_name", &name),
            ("sex", sex),
            ("birth_date", &birth),
            ("ethnicity", "1"),
            ("area_code", "19900"),
            ("phone", "0905123456"),
        ],
    )
    .await;
    let r = app.get(&format!("/nhan-khau/{person}"), &cookie).await;
    shoot("person", &save("person", r.text()), "1366,900");
    let household = r
        .text()
        .split("href=\"/ho/")
        .nth(1)
        .map(|s| s.split('"').next().unwrap().to_string());
    if let Some(h) = household {
        let r = app.get(&format!("/ho/{h}?tim=le+van"), &cookie).await;
        shoot("household", &save("household", r.text()), "1366,1400");
    }
    let r = app
        .post(
            "/nhan-khau",
            &cookie,
            &[
                ("csrf", &csrf),
                ("personal_id", "046085000123"),
                ("full_name", "nguyễn thị ái vân"),
                ("sex", "F"),
                ("birth_date", "31/02/1985"),
                ("ethnicity", "1"),
                ("area_code", "19900"),
                ("phone", "12"),
            ],
        )
        .await;
    shoot(
        "person-form-errors",
        &save("person-form-errors", r.text()),
        "1366,900",
    );
    let csv = "Số định danh,Họ và tên,Giới tính,Ngày sinh,Mã xã/phường\n046185000123,Nguyễn Thị Ái Vân,Nữ,12/03/1985,19900\n046085000124,Lê Thị Sai,Nữ,1985,19900\n046090000001,Lê Văn An,Nam,1990,20056\n";
    let r = app
        .upload(&cookie, &csrf, "nhan-khau", "danh-sach.csv", csv.as_bytes())
        .await;
    shoot(
        "import-report",
        &save("import-report", r.text()),
        "1366,900",
    );
    let r = app.get("/nhat-ky", &cookie).await;
    shoot("error-403", &save("error-403", r.text()), "1366,768");
    let r = app.get("/", &format!("{cookie}; lang=en")).await;
    shoot("home-en", &save("home-en", r.text()), "1366,768");
    let r = app.get("/nhan-khau?q=nguyen", &cookie).await;
    shoot("persons-phone", &save("persons-phone", r.text()), "390,844");
}

// ---------------------------------------------------------------------------------------------
// JSON API and the access matrix.

impl App {
    /// An API token with this role and these areas; returns the secret.
    async fn token(&self, creator: &User, name: &str, role: Role, areas: &[&str]) -> String {
        self.store
            .create_api_token(&Actor::system("test"), creator.id, name, role, areas)
            .await
            .unwrap()
            .1
    }

    async fn api(&self, method: &str, path: &str, token: &str, body: Option<&str>) -> Reply {
        let mut req = Request::builder().method(method).uri(path);
        if !token.is_empty() {
            req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match body {
            Some(b) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(b.to_string())
            }
            None => Body::empty(),
        };
        self.send(req.body(body).unwrap()).await
    }
}

impl Reply {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// The stable code of a JSON error, after checking the error's shape.
    fn error_code(&self) -> String {
        let j = self.json();
        let e = &j["error"];
        assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{j}");
        assert!(
            e["request_id"].as_str().is_some_and(|m| !m.is_empty()),
            "{j}"
        );
        e["code"].as_str().unwrap().to_string()
    }
}

#[tokio::test]
async fn api_tokens_errors_and_endpoints() {
    let app = app().await;
    let admin = app.user("quan.tri", Role::Admin, &["46"], false).await;
    let xa = app
        .user("canbo.xa", Role::CommuneOfficer, &["19900"], false)
        .await;
    let province = app
        .token(&admin, "Cổng tỉnh", Role::ProvinceOfficer, &["46"])
        .await;
    let commune = app
        .token(&admin, "Cổng xã", Role::CommuneOfficer, &["19900"])
        .await;
    let mine = app
        .person("046185000123", "Nguyễn Thị Ái Vân", "Nữ", "1985", "19900")
        .await;
    let theirs = app
        .person("046185000124", "Nguyễn Thị Bích", "Nữ", "1985", "20056")
        .await;
    let path = format!("/api/v1/persons/{}", mine.id);

    // Authentication: no token, a wrong one, a session cookie, a revoked token.
    let r = app.api("GET", &path, "", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.error_code(), "auth.missing_token");
    assert!(r.headers.contains_key(header::WWW_AUTHENTICATE));
    let r = app.api("GET", &path, "not-a-token", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.error_code(), "auth.invalid_token");
    let (cookie, _) = app.session(&xa).await;
    let r = app.get(&path, &cookie).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "no sessions on the API");
    assert_eq!(r.error_code(), "auth.missing_token");
    let (revoked, secret) = app
        .store
        .create_api_token(
            &Actor::system("test"),
            admin.id,
            "Cũ",
            Role::ProvinceOfficer,
            &["46"],
        )
        .await
        .unwrap();
    assert_eq!(
        app.api("GET", &path, &secret, None).await.status,
        StatusCode::OK
    );
    app.store
        .revoke_api_token(&Actor::system("test"), revoked.id)
        .await
        .unwrap();
    let r = app.api("GET", &path, &secret, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.error_code(), "auth.invalid_token");

    // A person, and the scope of a commune token.
    let r = app.api("GET", &path, &commune, None).await;
    assert_eq!(r.status, StatusCode::OK);
    let j = r.json();
    assert_eq!(j["full_name"], "Nguyễn Thị Ái Vân");
    assert_eq!(j["personal_id"], "046185000123");
    assert_eq!(j["sex"], "F");
    assert_eq!(j["birth_date"], "1985");
    assert_eq!(j["area"]["code"], "19900");
    let r = app
        .api(
            "GET",
            &format!("/api/v1/persons/{}", theirs.id),
            &commune,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.error_code(), "forbidden");
    assert!(!r.text().contains("Bích"));
    let r = app
        .api("GET", "/api/v1/persons/khong-phai-uuid", &commune, None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.error_code(), "not_found");
    let r = app
        .api(
            "GET",
            &format!("/api/v1/persons/{}", uuid::Uuid::now_v7()),
            &commune,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.error_code(), "not_found");

    // Search: scope filtering, forged area, unknown area, cursor paging.
    let r = app
        .api("GET", "/api/v1/persons?q=nguyen", &commune, None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let names: Vec<String> = r.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["full_name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["Nguyễn Thị Ái Vân"]);
    let r = app
        .api("GET", "/api/v1/persons?area=20056", &commune, None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.error_code(), "forbidden");
    let r = app
        .api("GET", "/api/v1/persons?area=99999", &commune, None)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.error_code(), "registry.unknown_area");
    let r = app
        .api("GET", "/api/v1/persons?after=rac", &commune, None)
        .await;
    assert_eq!(r.error_code(), "api.bad_cursor");
    let first = app
        .api(
            "GET",
            "/api/v1/persons?q=nguyen%20thi&limit=1",
            &province,
            None,
        )
        .await
        .json();
    assert_eq!(first["items"].as_array().unwrap().len(), 1);
    let next = first["next"].as_str().expect("a next cursor").to_string();
    let second = app
        .api(
            "GET",
            &format!(
                "/api/v1/persons?q=nguyen%20thi&limit=1&after={}",
                enc(&next)
            ),
            &province,
            None,
        )
        .await
        .json();
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_ne!(second["items"][0]["id"], first["items"][0]["id"]);

    // Create: every field error at once, then success, then another commune.
    let r = app
        .api(
            "POST",
            "/api/v1/persons",
            &commune,
            Some(r#"{"personal_id": "123", "full_name": "", "sex": "F", "birth_date": "1985", "area_code": "19900"}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.error_code(), "registry.invalid");
    let fields: Vec<String> = r.json()["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect();
    assert!(
        fields.contains(&"personal_id".to_string()) && fields.contains(&"full_name".to_string()),
        "{fields:?}"
    );
    let body = r#"{"personal_id": "046185000125", "full_name": "Trần Thị Cúc", "sex": "F", "birth_date": "03/04/1985", "ethnicity": "1", "area_code": "19900", "phone": ""}"#;
    let r = app
        .api("POST", "/api/v1/persons", &commune, Some(body))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let created = r.json();
    assert_eq!(created["full_name"], "Trần Thị Cúc");
    assert_eq!(created["birth_date"], "03/04/1985");
    let r = app
        .api(
            "GET",
            &format!("/api/v1/persons/{}", created["id"].as_str().unwrap()),
            &commune,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app
        .api("POST", "/api/v1/persons", &commune, Some(body))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.error_code(), "registry.duplicate_pid");
    let r = app
        .api(
            "POST",
            "/api/v1/persons",
            &commune,
            Some(
                &body
                    .replace("046185000125", "046185000126")
                    .replace("19900", "20056"),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.error_code(), "forbidden");
    let r = app
        .api("POST", "/api/v1/persons", &commune, Some("{not json"))
        .await;
    assert!(r.status.is_client_error());
    assert_eq!(r.error_code(), "bad_request");
    let audit = app.audit_actions().await;
    assert!(audit.contains(&("api:Cổng xã".into(), "create".into(), "person".into())));
    assert!(audit.contains(&("api:Cổng xã".into(), "denied".into(), "person".into())));

    // Households.
    let h = app
        .store
        .create_household(
            &Actor::system("test"),
            "HO-19900-000001",
            "19900",
            "Số 1, tổ 2",
        )
        .await
        .unwrap();
    let r = app
        .api(
            "GET",
            "/api/v1/households?q=HO-19900&area=19900",
            &commune,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["items"][0]["code"], "HO-19900-000001");
    let r = app
        .api(
            "GET",
            &format!("/api/v1/households/{}", h.id),
            &commune,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let j = r.json();
    assert_eq!(j["address"], "Số 1, tổ 2");
    assert!(j["members"].as_array().unwrap().is_empty());

    // Areas.
    let r = app.api("GET", "/api/v1/areas", &commune, None).await;
    assert_eq!(r.status, StatusCode::OK);
    let areas = r.json();
    let a = areas
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "19900")
        .expect("19900 in force");
    assert_eq!(a["level"], "commune");
    assert!(a["valid_to"].is_null());
    let r = app
        .api("GET", "/api/v1/areas?level=province", &commune, None)
        .await;
    let provinces = r.json();
    assert!(
        provinces
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["code"] == "46" && a["level"] == "province")
    );
    let r = app
        .api("GET", "/api/v1/areas?level=xom", &commune, None)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.error_code(), "api.bad_level");
    let r = app
        .api("GET", "/api/v1/areas?ngay=31/12/2024", &commune, None)
        .await;
    assert_eq!(r.error_code(), "api.bad_date");
    let r = app
        .api("GET", "/api/v1/areas/19900/predecessors", &commune, None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.json().is_array());
    let r = app
        .api("GET", "/api/v1/areas/99999/predecessors", &commune, None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.error_code(), "registry.unknown_area");
    let r = app.api("GET", "/api/v1/areas", "", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    // Unknown paths under the API are JSON too.
    let r = app.api("GET", "/api/v1/khong-co", &commune, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.error_code(), "not_found");
}

#[tokio::test]
async fn openapi_document_and_docs_page() {
    let app = app().await;
    let r = app.get("/api/v1/openapi.json", "").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for (path, method) in [
        ("/api/v1/areas", "get"),
        ("/api/v1/areas/{code}/predecessors", "get"),
        ("/api/v1/persons", "get"),
        ("/api/v1/persons", "post"),
        ("/api/v1/persons/{id}", "get"),
        ("/api/v1/households", "get"),
        ("/api/v1/households/{id}", "get"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert!(doc["components"]["schemas"]["PersonDto"].is_object());
    assert!(doc["components"]["schemas"]["ErrorResponse"].is_object());
    assert!(
        doc["info"]["description"]
            .as_str()
            .unwrap()
            .contains("synchronously")
    );

    let r = app.get("/api/docs", "").await;
    assert!(r.status.is_redirection());
    let r = app.get("/api/docs/", "").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("swagger-ui"), "{}", r.text());
    let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("style-src 'self' 'unsafe-inline'"), "{csp}");
    assert!(
        !csp.contains("script-src"),
        "scripts only from the app: {csp}"
    );
    let r = app.get("/api/docs/swagger-initializer.js", "").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("/api/v1/openapi.json"));
    let r = app.get("/api/docs/swagger-ui-bundle.js", "").await;
    assert_eq!(r.status, StatusCode::OK, "assets served from the binary");
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
    assert!(r.json()["by_commune"].as_array().unwrap().is_empty());
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

    let report = app.get("/ra-soat/bao-cao?nam=2025", &lc).await.text();
    assert!(
        report.contains("19900") && report.contains("Tỷ lệ nghèo"),
        "{report}"
    );
    assert!(report.contains("1/1"), "one approved campaign of one");
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
