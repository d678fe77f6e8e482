//! Sign-in, sessions, headers, CSRF, language and the screenshots.

use crate::*;

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
    let en = app.get("/quy-dinh?ngay=01/07/2024", "lang=en").await.text();
    assert!(
        en.contains("Social assistance base level")
            && en.contains("Monthly social allowance coefficient")
            && en.contains("Person with a severe or extremely severe disability"),
        "{en}"
    );
    assert!(!en.contains("Mức chuẩn trợ giúp xã hội") && !en.contains("Người khuyết tật"));
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

/// Cookies are `Secure` when the browser spoke HTTPS: always when the public address is
/// https, and for a request from a trusted proxy that says `X-Forwarded-Proto: https`; never
/// on plain HTTP, nor when a client that is no trusted proxy says so.
#[tokio::test]
async fn cookies_are_secure_over_https() {
    let secure = |r: &Reply, name: &str| {
        r.set_cookie(name)
            .unwrap_or_else(|| panic!("no {name} cookie"))
            .contains("; Secure")
    };
    let app = app_with(WebConfig {
        public_url: Some("https://ansinh.example.vn/".into()),
        ..WebConfig::default()
    })
    .await;
    app.user("canbo.xa", Role::CommuneOfficer, &["19900"], false)
        .await;
    assert!(secure(&app.get("/dang-nhap", "").await, "ansinh_login"));
    let ok = app
        .log_in_from("198.51.100.5:40000", "canbo.xa", PASSWORD)
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert!(secure(&ok, "ansinh_session") && secure(&ok, "ansinh_login"));
    assert!(secure(&app.get("/ngon-ngu/en", "").await, "lang"));

    let plain = app_with(WebConfig {
        public_url: Some("http://10.0.0.5:8080/".into()),
        ..WebConfig::default()
    })
    .await;
    assert!(!secure(&plain.get("/dang-nhap", "").await, "ansinh_login"));

    let proxied = app_with(WebConfig {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..WebConfig::default()
    })
    .await;
    let proxied = &proxied;
    let through = |peer: &'static str, proto: &'static str| async move {
        proxied
            .send_from(
                peer,
                &[("x-forwarded-proto", proto)],
                Request::get("/dang-nhap").body(Body::empty()).unwrap(),
            )
            .await
    };
    assert!(secure(
        &through("127.0.0.1:40000", "https").await,
        "ansinh_login"
    ));
    assert!(!secure(
        &through("127.0.0.1:40000", "http").await,
        "ansinh_login"
    ));
    assert!(
        !secure(&through("203.0.113.9:40000", "https").await, "ansinh_login"),
        "only a trusted proxy is believed"
    );
    // Without a trusted proxy nobody is.
    let default = crate::app().await;
    let r = default
        .send_from(
            "127.0.0.1:40000",
            &[("x-forwarded-proto", "https")],
            Request::get("/dang-nhap").body(Body::empty()).unwrap(),
        )
        .await;
    assert!(!secure(&r, "ansinh_login"));
}

#[tokio::test]
async fn login_is_rate_limited() {
    let app = app_with(WebConfig {
        login_free_failures: 3,
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
