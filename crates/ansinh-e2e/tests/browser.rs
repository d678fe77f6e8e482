//! The web application in a real headless Chromium, as an officer uses it.
//!
//! Each test starts its own server in this process (on `127.0.0.1:0`, over its own SQLite
//! file) and its own chromedriver, so tests share nothing and run in parallel. Screenshots of
//! the main pages go to `target/screenshots/`. Without Chromium the tests skip loudly (they
//! fail under `CI=true`). Waits are explicit (an element, a text, an address), never sleeps.

// Tests state their expectations with unwrap and panic, helpers included (clippy.toml allows it
// only inside #[test] functions).
#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::{Duration, Instant};

use ansinh_core::access::Role;
use ansinh_core::registry::person::validate_person;
use ansinh_core::{MoveReason, PersonDraft, Relation};
use ansinh_store::accounts::NewUser;
use ansinh_store::registry::persons::Person;
use ansinh_store::{Actor, Store, today_vn};
use ansinh_testkit::browser::{
    self, Browser, Client, Element, Locator, WAIT, body_text, save_print_screenshot,
    save_screenshot, wait_for, wait_for_download, wait_for_text,
};
use ansinh_web::WebConfig;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The commune of the test accounts and records: Phường Thuận An.
const COMMUNE: &str = "19900";
const OFFICER: &str = "canbo.thuanan";
const INSPECTOR: &str = "thanhtra.tinh";
const PASSWORD: &str = "mat-khau-du-dai-2025";

/// A running server over a fresh database, stopped by [`App::stop`].
struct App {
    base: String,
    store: Store,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl App {
    async fn start() -> App {
        let (dir, path) = ansinh_testkit::sqlite_path();
        let store = Store::open(&format!("sqlite://{}", path.display()))
            .await
            .expect("open the SQLite store");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local address");
        let (stop, stopped) = oneshot::channel::<()>();
        let served = store.clone();
        let server = tokio::spawn(async move {
            let shutdown = async move {
                let _ = stopped.await;
            };
            ansinh_web::serve(served, listener, WebConfig::default(), shutdown)
                .await
                .expect("the web server runs");
        });
        App {
            base: format!("http://{addr}"),
            store,
            stop: Some(stop),
            server: Some(server),
            _dir: dir,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// An account with a known password that need not be changed.
    async fn user(&self, username: &str, name: &str, role: Role, areas: &[&str]) {
        self.store
            .create_user(
                &Actor::system("e2e"),
                &NewUser {
                    username,
                    display_name: name,
                    role,
                    password: PASSWORD,
                    area_codes: areas,
                    must_change_password: false,
                },
            )
            .await
            .expect("create the account");
    }

    async fn officer(&self) {
        self.user(OFFICER, "Hồ Thị Thu", Role::CommuneOfficer, &[COMMUNE])
            .await;
    }

    /// The leader and the provincial officer of the province.
    async fn leader_and_province(&self) {
        self.user("lanhdao.tinh", "Trần Văn Lãnh", Role::Leader, &["46"])
            .await;
        self.user("canbo.tinh", "Lê Thị Tỉnh", Role::ProvinceOfficer, &["46"])
            .await;
    }

    async fn person(&self, pid: &str, name: &str, sex: &str, birth: &str) -> Person {
        let draft = PersonDraft {
            personal_id: pid.into(),
            full_name: name.into(),
            sex: sex.into(),
            birth_date: birth.into(),
            ethnicity: "Kinh".into(),
            area_code: COMMUNE.into(),
            ..PersonDraft::default()
        };
        let valid = validate_person(&draft, today_vn()).expect("a valid person");
        self.store
            .create_person(&Actor::system("e2e"), &valid)
            .await
            .expect("create the person")
    }

    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("the server task ends cleanly");
        }
        self.store.close().await;
    }
}

/// The browser and its session, or `None` when the machine has no Chromium (outside CI).
async fn open_browser() -> Option<(Browser, Client)> {
    let browser = browser::chrome()?;
    let client = browser.client().await;
    Some((browser, client))
}

/// The path (and query) of the page the browser shows.
async fn path_of(client: &Client) -> String {
    let url = client.current_url().await.expect("current URL");
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    }
}

/// Waits until the browser is on a page whose path satisfies `ok` (after a form post or a
/// click), and returns that path.
async fn wait_for_path(client: &Client, what: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let path = path_of(client).await;
        if ok(&path) {
            return path;
        }
        if Instant::now() > deadline {
            panic!(
                "still on {path}, expected {what}; the page says:\n{}",
                body_text(client).await
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Clicks the element matching `css` and waits until the browser has left the current page
/// (the old document is gone), so what follows reads the new page.
async fn click_and_wait(client: &Client, css: &str) {
    click_and_wait_for(client, css, "main").await;
}

/// Clicks and waits for a new page that has `landmark` (the printable pages have no `main`).
async fn click_and_wait_for(client: &Client, css: &str, landmark: &str) {
    let old = wait_for(client, "html").await;
    wait_for(client, css).await.click().await.unwrap();
    let deadline = Instant::now() + WAIT;
    while old.tag_name().await.is_ok() {
        if Instant::now() > deadline {
            panic!(
                "clicking `{css}` did not load a new page on {}",
                path_of(client).await
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    wait_for(client, landmark).await;
}

/// Replaces the value of a text input.
async fn fill(client: &Client, css: &str, value: &str) -> Element {
    let input = wait_for(client, css).await;
    input.clear().await.unwrap();
    input.send_keys(value).await.unwrap();
    input
}

/// Signs in through the login form and waits for the page after it.
async fn log_in(client: &Client, app: &App, username: &str) {
    client.goto(&app.url("/dang-nhap")).await.unwrap();
    fill(client, "#f-username", username).await;
    fill(client, "#f-password", PASSWORD).await;
    click_and_wait(client, "form[action='/dang-nhap'] button[type=submit]").await;
    wait_for_path(client, "a page past the login", |p| {
        !p.starts_with("/dang-nhap")
    })
    .await;
    wait_for(client, "form.logout").await;
}

/// Signs out with the header button and waits for the public page.
async fn log_out(client: &Client) {
    click_and_wait(client, "form.logout button").await;
    wait_for(client, "a.btn[href='/dang-nhap']").await;
}

/// The texts of the elements matching a selector.
async fn texts(client: &Client, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in client.find_all(Locator::Css(css)).await.unwrap() {
        out.push(e.text().await.unwrap());
    }
    out
}

/// Searches the person list and returns the names in the result table.
async fn search(client: &Client, query: &str) -> Vec<String> {
    fill(client, "#f-q", query).await;
    click_and_wait(client, "form.search button[type=submit]").await;
    assert!(path_of(client).await.starts_with("/nhan-khau?"));
    // The result is a table of names, or the "nothing found" paragraph.
    wait_for(client, "table.grid, p.empty").await;
    texts(client, "table.grid tbody td:first-child a").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn area_browser_lists_the_forty_communes() {
    let Some((_browser, client)) = open_browser().await else {
        return;
    };
    let app = App::start().await;

    client.goto(&app.url("/dia-ban")).await.unwrap();
    let text = wait_for_text(&client, "Phường Thuận An").await;
    wait_for(&client, "table.areas").await;
    let rows = client
        .find_all(Locator::Css("table.areas tbody tr"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 40, "communes listed on /dia-ban");
    assert!(text.contains("Địa bàn hành chính"), "{text}");
    let summary = wait_for(&client, "p.lead").await.text().await.unwrap();
    assert!(summary.starts_with("40 đơn vị cấp xã"), "{summary}");
    // Public: a visitor gets the login button, not the registry menus.
    wait_for(&client, "a.btn[href='/dang-nhap']").await;
    assert!(
        client
            .find(Locator::Css("nav.main a[href='/nhan-khau']"))
            .await
            .is_err(),
        "the persons menu is hidden from visitors"
    );
    save_screenshot(&client, "dia-ban").await;

    // The same page on the day before the reorganisation lists the old units.
    fill(&client, "#f-ngay", "30/06/2025").await;
    click_and_wait(&client, "form[action='/dia-ban'] button[type=submit]").await;
    wait_for_path(&client, "the areas on 30/06/2025", |p| {
        p.contains("ngay=30")
    })
    .await;
    wait_for(&client, "details.district").await;
    save_screenshot(&client, "dia-ban-30-06-2025").await;

    // The rules page, reached from the menu, on the day the 500,000 base level started.
    click_and_wait(&client, "nav.main a[href='/quy-dinh']").await;
    fill(&client, "#f-ngay", "01/07/2024").await;
    click_and_wait(&client, "form[action='/quy-dinh'] button[type=submit]").await;
    wait_for_path(&client, "the rules on 01/07/2024", |p| {
        p.contains("ngay=01")
    })
    .await;
    let text = wait_for_text(&client, "500.000 đ").await;
    assert!(text.contains("Chưa xác nhận"), "the 500,000 row is flagged");
    assert!(text.contains("Chuẩn nghèo đa chiều năm 2024"), "{text}");
    save_screenshot(&client, "quy-dinh").await;

    client.close().await.unwrap();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officer_logs_in_and_searches_with_and_without_diacritics() {
    let Some((_browser, client)) = open_browser().await else {
        return;
    };
    let app = App::start().await;
    app.officer().await;
    app.person("046185000123", "Nguyễn Thị Ái Vân", "F", "15/03/1985")
        .await;
    app.person("046090000456", "Trần Văn Đức", "M", "02/09/1990")
        .await;
    app.person("046192000789", "Lê Thị Hoa", "F", "20/11/1992")
        .await;

    // Registry pages send a visitor to the login form.
    client.goto(&app.url("/nhan-khau")).await.unwrap();
    wait_for_path(&client, "the login form", |p| p.starts_with("/dang-nhap")).await;
    wait_for(&client, "#f-username").await;
    save_screenshot(&client, "dang-nhap").await;

    // A wrong password is refused on the form itself.
    fill(&client, "#f-username", OFFICER).await;
    fill(&client, "#f-password", "khong-dung-mat-khau").await;
    click_and_wait(&client, "form[action='/dang-nhap'] button[type=submit]").await;
    let alert = wait_for(&client, "p.alert[role=alert]").await;
    assert!(!alert.text().await.unwrap().is_empty());
    save_screenshot(&client, "dang-nhap-sai").await;

    log_in(&client, &app, OFFICER).await;
    let home = wait_for_text(&client, "Tổng quan").await;
    assert!(home.contains("Hồ Thị Thu"), "{home}");
    assert!(home.contains("Phường Thuận An"), "{home}");
    let tiles = texts(&client, ".tiles .tile .num").await;
    assert_eq!(tiles.first().map(String::as_str), Some("3"), "{tiles:?}");
    // A commune officer does not see the audit log.
    assert!(
        client
            .find(Locator::Css("nav.main a[href='/nhat-ky']"))
            .await
            .is_err()
    );
    save_screenshot(&client, "tong-quan").await;

    // Search from the dashboard, without diacritics.
    fill(&client, "#f-q", "nguyen thi ai van").await;
    click_and_wait(&client, "form.search button[type=submit]").await;
    wait_for_path(&client, "the person list", |p| p.starts_with("/nhan-khau?")).await;
    wait_for(&client, "table.grid").await;
    let names = texts(&client, "table.grid tbody td:first-child a").await;
    assert_eq!(names, ["Nguyễn Thị Ái Vân"]);

    // With diacritics, đ without its stroke, given name only, and upper case.
    assert_eq!(
        search(&client, "Nguyễn Thị Ái Vân").await,
        ["Nguyễn Thị Ái Vân"]
    );
    assert_eq!(search(&client, "tran van duc").await, ["Trần Văn Đức"]);
    assert_eq!(search(&client, "Đức").await, ["Trần Văn Đức"]);
    assert_eq!(search(&client, "HOA").await, ["Lê Thị Hoa"]);
    // By personal ID.
    assert_eq!(search(&client, "046090000456").await, ["Trần Văn Đức"]);
    assert!(search(&client, "khong co ai").await.is_empty());
    wait_for(&client, "p.empty").await;

    // Every person of the commune, with the commune filter.
    client
        .goto(&app.url(&format!("/nhan-khau?q=&xa={COMMUNE}")))
        .await
        .unwrap();
    wait_for(&client, "table.grid").await;
    let mut all = texts(&client, "table.grid tbody td:first-child a").await;
    all.sort();
    assert_eq!(all, ["Lê Thị Hoa", "Nguyễn Thị Ái Vân", "Trần Văn Đức"]);
    save_screenshot(&client, "nhan-khau").await;

    log_out(&client).await;
    client.goto(&app.url("/nhan-khau")).await.unwrap();
    wait_for_path(&client, "the login form after logout", |p| {
        p.starts_with("/dang-nhap")
    })
    .await;

    client.close().await.unwrap();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_personal_id_is_shown_inline_then_fixed_and_saved() {
    let Some((_browser, client)) = open_browser().await else {
        return;
    };
    let app = App::start().await;
    app.officer().await;
    log_in(&client, &app, OFFICER).await;

    client.goto(&app.url("/nhan-khau/moi")).await.unwrap();
    wait_for(&client, "form.form-grid").await;
    save_screenshot(&client, "nhan-khau-moi").await;
    // A woman born in 1985 has the century/sex digit 1, not 0.
    fill(&client, "#f-personal_id", "046085004321").await;
    fill(&client, "#f-full_name", "Phan Thị Mỹ Duyên").await;
    wait_for(&client, "#f-sex")
        .await
        .select_by_value("F")
        .await
        .unwrap();
    fill(&client, "#f-birth_date", "07/08/1985").await;
    fill(&client, "#f-phone", "0905123456").await;
    // The officer's only commune is chosen already.
    let commune = wait_for(&client, "#f-area_code").await;
    assert_eq!(
        commune.prop("value").await.unwrap().as_deref(),
        Some(COMMUNE)
    );
    click_and_wait(&client, "form.form-grid button[type=submit]").await;

    let error = wait_for(&client, "#e-personal_id").await;
    let message = error.text().await.unwrap();
    assert!(message.contains("thế kỷ/giới tính"), "{message}");
    let pid = wait_for(&client, "#f-personal_id").await;
    assert_eq!(
        pid.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    wait_for(&client, "p.alert[role=alert]").await;
    // What was typed is kept, and only the wrong field is marked.
    let name = wait_for(&client, "#f-full_name").await;
    assert_eq!(
        name.prop("value").await.unwrap().as_deref(),
        Some("Phan Thị Mỹ Duyên")
    );
    assert!(client.find(Locator::Css("#e-full_name")).await.is_err());
    save_screenshot(&client, "nhan-khau-moi-loi").await;

    fill(&client, "#f-personal_id", "046185004321").await;
    click_and_wait(&client, "form.form-grid button[type=submit]").await;
    let path = wait_for_path(&client, "the new person's page", |p| {
        p.starts_with("/nhan-khau/") && p.ends_with("?luu=1")
    })
    .await;
    wait_for(&client, "p.success[role=status]").await;
    let page = wait_for_text(&client, "Phan Thị Mỹ Duyên").await;
    assert!(page.contains("046185004321"), "{page}");
    assert!(page.contains("0905123456"), "{page}");
    save_screenshot(&client, "nhan-khau-chi-tiet").await;

    // The store holds what the officer typed, with the corrected ID.
    let id = path
        .trim_start_matches("/nhan-khau/")
        .trim_end_matches("?luu=1");
    let stored = app
        .store
        .person(id.parse().expect("a record id"))
        .await
        .expect("the saved person");
    assert_eq!(stored.personal_id.as_deref(), Some("046185004321"));
    assert_eq!(stored.full_name, "Phan Thị Mỹ Duyên");

    client.close().await.unwrap();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officer_edits_a_member_and_the_inspector_reads_the_audit_log() {
    let Some((_browser, client)) = open_browser().await else {
        return;
    };
    let app = App::start().await;
    app.officer().await;
    app.user(INSPECTOR, "Võ Văn Kiểm", Role::Inspector, &["46"])
        .await;
    let system = Actor::system("e2e");
    let head = app
        .person("046070000111", "Hoàng Văn Bình", "M", "01/01/1970")
        .await;
    let wife = app
        .person("046172000222", "Đặng Thị Lan", "F", "12/05/1972")
        .await;
    let household = app
        .store
        .create_household(&system, "HUE-19900-0001", COMMUNE, "12 Trần Quang Khải")
        .await
        .expect("create the household");
    let on = today_vn();
    for (p, relation) in [(&head, Relation::Head), (&wife, Relation::Spouse)] {
        app.store
            .move_into(
                &system,
                household.id,
                p.id,
                relation,
                on,
                MoveReason::Registered,
            )
            .await
            .expect("register the member");
    }

    log_in(&client, &app, OFFICER).await;
    client.goto(&app.url("/ho")).await.unwrap();
    wait_for_text(&client, "HUE-19900-0001").await;
    save_screenshot(&client, "ho").await;
    click_and_wait(&client, &format!("a[href='/ho/{}']", household.id)).await;
    let page = wait_for_text(&client, "12 Trần Quang Khải").await;
    assert!(page.contains("Hoàng Văn Bình"), "{page}");
    assert!(page.contains("Đặng Thị Lan"), "{page}");
    save_screenshot(&client, "ho-chi-tiet").await;

    // Open the wife from the member list and correct her phone number.
    click_and_wait(
        &client,
        &format!("table.grid a[href='/nhan-khau/{}']", wife.id),
    )
    .await;
    click_and_wait(&client, &format!("a[href='/nhan-khau/{}/sua']", wife.id)).await;
    wait_for_path(&client, "the edit form", |p| p.ends_with("/sua")).await;
    fill(&client, "#f-phone", "0914765432").await;
    save_screenshot(&client, "nhan-khau-sua").await;
    click_and_wait(&client, "form.form-grid button[type=submit]").await;
    wait_for_path(&client, "the saved person", |p| p.ends_with("?luu=1")).await;
    wait_for(&client, "p.success[role=status]").await;
    let page = wait_for_text(&client, "0914765432").await;
    assert!(page.contains("HUE-19900-0001"), "{page}");
    log_out(&client).await;

    // The inspector finds the change in the audit log.
    log_in(&client, &app, INSPECTOR).await;
    click_and_wait(&client, "nav.main a[href='/nhat-ky']").await;
    wait_for(&client, "table.audit").await;
    fill(&client, "#f-nguoi", OFFICER).await;
    wait_for(&client, "#f-hd")
        .await
        .select_by_value("update")
        .await
        .unwrap();
    click_and_wait(&client, "form[action='/nhat-ky'] button[type=submit]").await;
    wait_for_path(&client, "the filtered audit log", |p| {
        p.contains("hanh-dong=update")
    })
    .await;
    wait_for(&client, "table.audit").await;
    let rows = texts(&client, "table.audit tbody tr").await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains(OFFICER), "{}", rows[0]);
    assert!(rows[0].contains("→ 0914765432"), "{}", rows[0]);
    // The entry links to the record it changed.
    wait_for(
        &client,
        &format!("table.audit tbody a[href='/nhan-khau/{}']", wife.id),
    )
    .await;
    save_screenshot(&client, "nhat-ky").await;
    // An inspector reads but never changes the registry.
    client
        .goto(&app.url(&format!("/nhan-khau/{}", wife.id)))
        .await
        .unwrap();
    wait_for_text(&client, "Đặng Thị Lan").await;
    assert!(
        client
            .find(Locator::Css(&format!(
                "a[href='/nhan-khau/{}/sua']",
                wife.id
            )))
            .await
            .is_err(),
        "no edit button for an inspector"
    );

    client.close().await.unwrap();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_switches_to_english_and_back() {
    let Some((_browser, client)) = open_browser().await else {
        return;
    };
    let app = App::start().await;
    app.officer().await;
    log_in(&client, &app, OFFICER).await;
    wait_for_text(&client, "Tổng quan").await;

    click_and_wait(&client, "a[href='/ngon-ngu/en']").await;
    wait_for(&client, "a[href='/ngon-ngu/vi']").await;
    let text = wait_for_text(&client, "Overview").await;
    assert!(text.contains("Persons"), "{text}");
    let lang = wait_for(&client, "html").await.attr("lang").await.unwrap();
    assert_eq!(lang.as_deref(), Some("en"));
    save_screenshot(&client, "tong-quan-en").await;

    // The choice holds on the next pages.
    client.goto(&app.url("/nhan-khau/moi")).await.unwrap();
    wait_for_text(&client, "Add a person").await;
    save_screenshot(&client, "nhan-khau-moi-en").await;

    click_and_wait(&client, "a[href='/ngon-ngu/vi']").await;
    wait_for(&client, "a[href='/ngon-ngu/en']").await;
    wait_for_text(&client, "Thêm nhân khẩu").await;
    let lang = wait_for(&client, "html").await.attr("lang").await.unwrap();
    assert_eq!(lang.as_deref(), Some("vi"));

    client.close().await.unwrap();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn main_pages_render_for_an_officer() {
    let Some((_browser, client)) = open_browser().await else {
        return;
    };
    let app = App::start().await;
    app.officer().await;
    app.person("046185000123", "Nguyễn Thị Ái Vân", "F", "15/03/1985")
        .await;
    log_in(&client, &app, OFFICER).await;

    for (path, shot, marker) in [
        ("/ho/moi", "ho-moi", "form"),
        ("/nhap", "nhap", "form[action='/xuat/nhan-khau.xlsx']"),
        (
            "/doi-mat-khau",
            "doi-mat-khau",
            "form[action='/doi-mat-khau']",
        ),
    ] {
        client.goto(&app.url(path)).await.unwrap();
        wait_for(&client, &format!("main {marker}")).await;
        let text = body_text(&client).await;
        assert!(!text.contains("Lỗi"), "{path}: {text}");
        save_screenshot(&client, shot).await;
    }

    client.close().await.unwrap();
    app.stop().await;
}

/// A commune officer takes a dossier in; the leader decides it; the province computes July
/// 2024; the leader approves and locks it; the commune's payment list is printed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dossier_to_decision_then_the_province_pays_july_2024() {
    let Some((_browser, client)) = open_browser().await else {
        return;
    };
    let app = App::start().await;
    app.officer().await;
    app.leader_and_province().await;
    app.person("046150000041", "Đặng Thị Năm", "Nữ", "01/01/1950")
        .await;

    // Intake at the commune.
    log_in(&client, &app, OFFICER).await;
    client.goto(&app.url("/ho-so")).await.unwrap();
    fill(&client, "#f-so_dinh_danh", "046150000041").await;
    wait_for(&client, "#f-mau option[value='Mẫu số 1c']")
        .await
        .click()
        .await
        .unwrap();
    wait_for(&client, "#f-nhom option[value='K5A']")
        .await
        .click()
        .await
        .unwrap();
    wait_for(&client, "#f-ho option[value='poor']")
        .await
        .click()
        .await
        .unwrap();
    fill(
        &client,
        "#f-giay_to",
        "Đơn Mẫu 1c, CCCD, giấy xác nhận hộ nghèo",
    )
    .await;
    fill(&client, "#f-ngay_nhan", "03/06/2024").await;
    click_and_wait(&client, "form[action='/ho-so'] button[type=submit]").await;
    let dossier = wait_for_path(&client, "the new dossier", |p| p.starts_with("/ho-so/")).await;
    let text = wait_for_text(&client, "Đặng Thị Năm").await;
    assert!(
        text.contains("Quá hạn"),
        "steps of June 2024 are overdue today"
    );
    fill(&client, "#d-REVIEW", "10/06/2024").await;
    click_and_wait(&client, "form[action$='/buoc'] button").await;
    wait_for_text(&client, "10/06/2024").await;
    save_screenshot(&client, "ho-so").await;
    log_out(&client).await;

    // The leader signs the decision.
    log_in(&client, &app, "lanhdao.tinh").await;
    client.goto(&app.url(&dossier)).await.unwrap();
    fill(&client, "#f-so", "15/QĐ-UBND").await;
    fill(&client, "#f-ngay-qd", "25/06/2024").await;
    fill(&client, "#f-he_so", "1,5").await;
    click_and_wait(&client, "form[action$='/quyet-dinh'] button").await;
    wait_for_text(&client, "đã có quyết định hưởng").await;
    save_screenshot(&client, "ho-so-quyet-dinh").await;
    log_out(&client).await;

    // The province computes July 2024: July at 500,000 × 1.5, June as arrears at 360,000 × 1.5.
    log_in(&client, &app, "canbo.tinh").await;
    client
        .goto(&app.url("/chi-tra?thang=07/2024"))
        .await
        .unwrap();
    wait_for_text(&client, "Chưa có bảng chi").await;
    click_and_wait(&client, "form[action='/chi-tra'][method='post'] button").await;
    wait_for_path(&client, "the run", |p| p.starts_with("/chi-tra/")).await;
    let text = wait_for_text(&client, "Nháp").await;
    assert!(
        text.contains("750.000") && text.contains("540.000"),
        "{text}"
    );
    save_screenshot(&client, "chi-tra").await;
    let run = path_of(&client).await;
    log_out(&client).await;

    // The leader approves and locks; the commune's list is printable.
    log_in(&client, &app, "lanhdao.tinh").await;
    client.goto(&app.url(&run)).await.unwrap();
    click_and_wait(&client, "form.actions button").await;
    wait_for_text(&client, "Đã duyệt").await;
    click_and_wait(&client, "form.actions button").await;
    wait_for_text(&client, "Đã khóa").await;
    // The commune's payment list is the printable page, with the list's own header.
    click_and_wait_for(
        &client,
        &format!("a[href='{run}/danh-sach/{COMMUNE}']"),
        "header.head",
    )
    .await;
    let list = wait_for_text(&client, "Ký nhận").await;
    assert!(
        list.contains("Đặng Thị Năm") && list.contains("1.290.000"),
        "{list}"
    );
    save_screenshot(&client, "chi-tra-danh-sach").await;

    client.close().await.unwrap();
    app.stop().await;
}

/// The survey form of the 2025 review with a wrong answer, then saved and classified.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officer_enters_a_poverty_survey() {
    let Some((_browser, client)) = open_browser().await else {
        return;
    };
    let app = App::start().await;
    app.officer().await;
    let head = app
        .person("046080000011", "Lê Văn Nghèo", "Nam", "1980")
        .await;
    let h = app
        .store
        .create_household(&Actor::system("e2e"), "HO-19900-000011", COMMUNE, "Tổ 3")
        .await
        .unwrap();
    app.store
        .move_into(
            &Actor::system("e2e"),
            h.id,
            head.id,
            Relation::Head,
            today_vn(),
            MoveReason::Registered,
        )
        .await
        .unwrap();

    log_in(&client, &app, OFFICER).await;
    client.goto(&app.url("/ra-soat?nam=2025")).await.unwrap();
    click_and_wait(&client, "form[action='/ra-soat'][method='post'] button").await;
    wait_for_path(&client, "the campaign", |p| p.starts_with("/ra-soat/")).await;
    fill(&client, "#f-ma_ho", "HO-19900-000011").await;
    click_and_wait(&client, "form[action$='/them-ho'] button").await;
    click_and_wait(&client, "a[href$='/phieu/HO-19900-000011']").await;
    fill(&client, "#f-nhan_khau", "4").await;
    fill(&client, "#f-gia_tri", "-5").await;
    for (select, value) in [
        ("vl", "co"),
        ("dd", "khong"),
        ("bhyt", "co"),
        ("tdgd", "khong"),
        ("dhte", "khong"),
        ("nuoc", "nuoc_may"),
        ("ntieu", "tu_hoai"),
        ("vt", "co"),
        ("ttin", "co"),
    ] {
        choose(&client, &format!("#f-{select}"), value).await;
    }
    fill(&client, "#f-npt", "1").await;
    fill(&client, "#f-clno", "2").await;
    fill(&client, "#f-dtno", "40").await;
    fill(&client, "#f-te", "0").await;
    click_and_wait(&client, "form.survey button[type=submit]").await;
    let text = wait_for_text(&client, "không thể âm").await;
    assert!(text.contains("Biểu mẫu có lỗi"), "{text}");
    save_screenshot(&client, "ra-soat-phieu-loi").await;
    fill(&client, "#f-gia_tri", "1200000").await;
    click_and_wait(&client, "form.survey button[type=submit]").await;
    wait_for_text(&client, "Đã lưu").await;
    click_and_wait(&client, "form[action$='/phan-loai'] button").await;
    wait_for_text(&client, "Hộ nghèo").await;
    save_screenshot(&client, "ra-soat").await;

    client.close().await.unwrap();
    app.stop().await;
}

/// A household of the test commune with its head, as the registry has it.
async fn household_with_head(app: &App, code: &str, head: (&str, &str, &str, &str)) {
    let (pid, name, sex, birth) = head;
    let person = app.person(pid, name, sex, birth).await;
    let h = app
        .store
        .create_household(&Actor::system("e2e"), code, COMMUNE, "Tổ 7")
        .await
        .unwrap();
    app.store
        .move_into(
            &Actor::system("e2e"),
            h.id,
            person.id,
            Relation::Head,
            today_vn(),
            MoveReason::Registered,
        )
        .await
        .unwrap();
}

/// The administrator creates a commune officer's account in the browser; the officer signs in
/// with the temporary password, is made to choose a new one, and then works in their commune.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrator_creates_an_account_that_signs_in() {
    let Some((_browser, client)) = open_browser().await else {
        return;
    };
    let app = App::start().await;
    app.user("quantri.tinh", "Phan Văn Trị", Role::Admin, &["46"])
        .await;
    log_in(&client, &app, "quantri.tinh").await;
    click_and_wait(&client, "nav.main a[href='/quan-tri']").await;
    fill(&client, "#f-user", "canbo.moi").await;
    fill(&client, "#f-name", "Nguyễn Thị Mới").await;
    choose(&client, "#f-role", "commune_officer").await;
    fill(&client, "#f-areas", COMMUNE).await;
    fill(&client, "#f-pw", "tạm-thời-2026").await;
    click_and_wait(
        &client,
        "form[action='/quan-tri/nguoi-dung'] button[type=submit]",
    )
    .await;
    assert_eq!(path_of(&client).await, "/quan-tri?xong=tao");
    assert_eq!(
        texts(&client, "p.success").await,
        vec!["Đã tạo tài khoản.".to_string()]
    );
    let users = texts(&client, "table.grid tbody td:first-child").await;
    assert!(users.contains(&"canbo.moi".to_string()), "{users:?}");
    log_out(&client).await;

    client.goto(&app.url("/dang-nhap")).await.unwrap();
    fill(&client, "#f-username", "canbo.moi").await;
    fill(&client, "#f-password", "tạm-thời-2026").await;
    click_and_wait(&client, "form[action='/dang-nhap'] button[type=submit]").await;
    wait_for_path(&client, "the password change", |p| {
        p.starts_with("/doi-mat-khau")
    })
    .await;
    fill(&client, "#f-current", "tạm-thời-2026").await;
    fill(&client, "#f-new", "mật-khẩu-riêng-2026").await;
    fill(&client, "#f-again", "mật-khẩu-riêng-2026").await;
    click_and_wait(&client, "form[action='/doi-mat-khau'] button[type=submit]").await;
    client.goto(&app.url("/nhan-khau")).await.unwrap();
    wait_for(&client, "form.search").await;
    assert_eq!(path_of(&client).await, "/nhan-khau");
    // Only an administrator sees the administration.
    assert!(
        texts(&client, "nav.main a[href='/quan-tri']")
            .await
            .is_empty()
    );
    client.close().await.unwrap();
    app.stop().await;
}

/// Chooses an option of a select by its value.
async fn choose(client: &Client, select: &str, value: &str) {
    wait_for(client, &format!("{select} option[value='{value}']"))
        .await
        .click()
        .await
        .unwrap();
}

/// WebDriver's Tab and Enter keys.
const TAB: &str = "\u{e004}";
const ENTER: &str = "\u{e007}";

/// Types `keys` into the focused element, which must be `id`, then presses Tab: the survey is
/// filled from the keyboard alone, in the order of the paper form.
async fn type_then_tab(client: &Client, id: &str, keys: &str) {
    let focused = client.active_element().await.unwrap();
    assert_eq!(
        focused.attr("id").await.unwrap().as_deref(),
        Some(id),
        "the cursor should be on #{id}"
    );
    if !keys.is_empty() {
        focused.send_keys(keys).await.unwrap();
    }
    focused.send_keys(TAB).await.unwrap();
}

/// The cell of a sheet at the row whose first cell is `key` and the column headed `header`
/// (the heading row is the one holding "Xã/phường").
fn sheet_cell(book: &[u8], sheet: &str, key: &str, header: &str) -> calamine::Data {
    use calamine::{Reader, Xlsx};
    let mut xlsx: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(book.to_vec()))
        .expect("an XLSX workbook");
    let range = xlsx.worksheet_range(sheet).expect("the sheet");
    let rows: Vec<&[calamine::Data]> = range.rows().collect();
    let headers = rows
        .iter()
        .rev()
        .find(|r| r.iter().any(|c| *c == header))
        .unwrap_or_else(|| panic!("no column {header} in {sheet}"));
    let column = headers.iter().position(|c| *c == header).unwrap();
    let row = rows
        .iter()
        .find(|r| r.first().map(|c| c.to_string()).as_deref() == Some(key))
        .unwrap_or_else(|| panic!("no row {key} in {sheet}"));
    row[column].clone()
}

/// The 2023 review of Phường Thuận An end to end: the commune officer opens it, lists two
/// applicants, enters their surveys (the first from the keyboard alone, with a wrong income
/// shown on its field), classifies and records the meeting, the posting and the end of
/// complaints; the leader approves; the provincial officer prints the forms (screenshots of
/// the screen and of the print layout) and downloads the workbook, whose figures agree.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commune_review_of_2023_from_survey_to_printed_forms() {
    let Some((browser, client)) = open_browser().await else {
        return;
    };
    let app = App::start().await;
    app.officer().await;
    app.leader_and_province().await;
    household_with_head(
        &app,
        "HO-19900-000021",
        ("046178000021", "Trần Thị Lan", "Nữ", "1978"),
    )
    .await;
    household_with_head(
        &app,
        "HO-19900-000022",
        ("046065000022", "Phan Văn Bình", "Nam", "1965"),
    )
    .await;
    household_with_head(
        &app,
        "HO-19900-000023",
        ("046090000023", "Ngô Văn Cường", "Nam", "1990"),
    )
    .await;
    // What the review knew of these households in 2023 (loaded as the generator, or the
    // migration of an earlier review, does): they lived in the Phường Thuận An of that year.
    let old = app
        .store
        .area_by_code(COMMUNE, chrono_date(2023, 12, 31))
        .await
        .unwrap();
    let mut facts = Vec::new();
    for code in ["HO-19900-000021", "HO-19900-000022", "HO-19900-000023"] {
        let h = app.store.household_by_code(code).await.unwrap().unwrap();
        facts.push(ansinh_store::poverty::FactsRecord {
            household_id: h.id,
            year: 2023,
            area_id: old.id,
            farming: false,
            no_working_capacity: false,
            person_of_merit: false,
            causes: ansinh_core::poverty::Causes::of(&[ansinh_core::poverty::Cause::LackOfCapital]),
        });
    }
    app.store
        .load_poverty_facts(&Actor::system("e2e"), &facts)
        .await
        .unwrap();

    // The commune officer opens the 2023 review of the commune and lists the applicants.
    log_in(&client, &app, OFFICER).await;
    client.goto(&app.url("/ra-soat?nam=2023")).await.unwrap();
    wait_for_text(&client, "Chưa có đợt rà soát").await;
    choose(&client, "#f-xa", COMMUNE).await;
    click_and_wait(&client, "form[action='/ra-soat'][method='post'] button").await;
    let campaign = wait_for_path(&client, "the campaign", |p| p.starts_with("/ra-soat/")).await;
    client.goto(&app.url("/ra-soat?nam=2023")).await.unwrap();
    let list = wait_for_text(&client, "Phường Thuận An (19900)").await;
    assert!(list.contains("đang rà soát"), "{list}");
    save_screenshot(&client, "ra-soat-2023-dot").await;
    click_and_wait(&client, &format!("a[href='{campaign}']")).await;
    fill(&client, "#f-ma_ho", "HO-19900-000021, HO-19900-000022").await;
    click_and_wait(&client, "form[action$='/them-ho'] button").await;
    wait_for_text(&client, "Phan Văn Bình").await;

    // The first survey from the keyboard alone: the cursor starts on the household's members
    // and Tab walks the questions in the order of the paper form.
    click_and_wait(&client, "a[href$='/phieu/HO-19900-000021']").await;
    wait_for(&client, "form.survey").await;
    for (id, keys) in [
        ("f-nhan_khau", "5"),
        ("f-cach", ""),
        ("f-gia_tri", "-5"),
        ("f-vl", "c"),
        ("f-npt", "1"),
        ("f-dd", "c"),
        ("f-bhyt", "k"),
        ("f-tdgd", "k"),
        ("f-dhte", "k"),
        ("f-clno", "2"),
        ("f-dtno", "30"),
        ("f-nuoc", "n"),
        ("f-ntieu", "t"),
        ("f-vt", "c"),
        ("f-ttin", "c"),
        ("f-te", "2"),
        ("f-te_sdd", "1"),
        ("f-te_bhyt", ""),
        ("f-te_hoc", ""),
    ] {
        type_then_tab(&client, id, keys).await;
    }
    // The surveyor and the day are filled in; Enter on the day's field sends the form.
    type_then_tab(&client, "f-nguoi_ra_soat", "").await;
    let day = fill(&client, "#f-ngay", "16/10/2023").await;
    let old_page = wait_for(&client, "html").await;
    day.send_keys(ENTER).await.unwrap();
    while old_page.tag_name().await.is_ok() {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // The wrong income is shown on its own field, with every answer kept as typed, and the
    // cursor waits on it.
    let text = wait_for_text(&client, "không thể âm").await;
    assert!(text.contains("Biểu mẫu có lỗi"), "{text}");
    wait_for(&client, "#f-gia_tri[aria-invalid='true']").await;
    let income = client.active_element().await.unwrap();
    assert_eq!(
        income.attr("id").await.unwrap().as_deref(),
        Some("f-gia_tri")
    );
    assert_eq!(
        wait_for(&client, "#e-gia_tri").await.text().await.unwrap(),
        "Thu nhập bình quân đầu người/tháng không thể âm (nhận -5)"
    );
    assert_eq!(
        wait_for(&client, "#f-nuoc")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("nuoc_may")
    );
    assert_eq!(
        wait_for(&client, "#f-te_sdd")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("1")
    );
    save_screenshot(&client, "ra-soat-2023-phieu-loi").await;
    income.clear().await.unwrap();
    income
        .send_keys(&format!("1.200.000{ENTER}"))
        .await
        .unwrap();
    wait_for_text(&client, "Đã lưu").await;

    // The second survey with the mouse: near-poor (one deprivation), one child.
    click_and_wait(&client, "a[href$='/phieu/HO-19900-000022']").await;
    fill(&client, "#f-nhan_khau", "3").await;
    fill(&client, "#f-gia_tri", "1.400.000").await;
    for (select, value) in [
        ("vl", "co"),
        ("dd", "khong"),
        ("bhyt", "khong"),
        ("tdgd", "khong"),
        ("dhte", "khong"),
        ("nuoc", "gieng_khoan"),
        ("ntieu", "ban_tu_hoai"),
        ("vt", "co"),
        ("ttin", "co"),
    ] {
        choose(&client, &format!("#f-{select}"), value).await;
    }
    fill(&client, "#f-npt", "1").await;
    fill(&client, "#f-clno", "0").await;
    fill(&client, "#f-dtno", "45,5").await;
    fill(&client, "#f-te", "1").await;
    fill(&client, "#f-ngay", "20/10/2023").await;
    click_and_wait(&client, "form.survey button[type=submit]").await;
    wait_for_text(&client, "Đã lưu").await;

    // Classification, then the commune steps with their dates.
    click_and_wait(&client, "form[action$='/phan-loai'] button").await;
    let text = wait_for_text(&client, "Hộ cận nghèo").await;
    assert!(
        text.contains("Hộ nghèo") && text.contains("đã phân loại"),
        "{text}"
    );
    for (step, day) in [
        ("hop-dan", "20/11/2023"),
        ("niem-yet", "22/11/2023"),
        ("khieu-nai", "05/12/2023"),
    ] {
        fill(&client, &format!("#d-{step}"), day).await;
        click_and_wait(&client, &format!("form:has(#d-{step}) button")).await;
        wait_for_text(&client, day).await;
    }
    // The officer may not approve: there is no approval form on the page.
    assert!(
        client
            .find(Locator::Css("form[action$='/phe-duyet']"))
            .await
            .is_err()
    );
    save_screenshot(&client, "ra-soat-2023-cac-buoc").await;
    log_out(&client).await;

    // The leader approves.
    log_in(&client, &app, "lanhdao.tinh").await;
    client.goto(&app.url(&campaign)).await.unwrap();
    fill(&client, "#d-duyet", "10/12/2023").await;
    click_and_wait(&client, "form[action$='/phe-duyet'] button").await;
    let text = wait_for_text(&client, "đã phê duyệt").await;
    assert!(text.contains("10/12/2023"), "{text}");
    log_out(&client).await;

    // The provincial officer reads the rates, prints the forms and downloads the workbook.
    log_in(&client, &app, "canbo.tinh").await;
    client
        .goto(&app.url("/ra-soat/bao-cao?nam=2023"))
        .await
        .unwrap();
    let text = wait_for_text(&client, "33,33%").await;
    assert!(text.contains("1/1"), "one approved review of one: {text}");
    click_and_wait(&client, "a[href^='/ra-soat/bao-cao/bieu/11?']").await;
    let form = wait_for_text(&client, "Biểu 11: Thiếu hụt của trẻ em năm 2023").await;
    assert!(form.contains("THÀNH PHỐ HUẾ"), "{form}");
    // The poor household's two children, one malnourished; the near-poor one's child.
    let cells = texts(&client, ".form-table tr.total td").await;
    assert_eq!(
        cells,
        [
            "",
            "Tổng cộng",
            "1",
            "2",
            "1",
            "0",
            "0",
            "1",
            "1",
            "0",
            "0",
            "0",
            "0"
        ]
    );
    save_screenshot(&client, "bieu-11-man-hinh").await;
    save_print_screenshot(&client, "bieu-11-in").await;
    for (n, shot, marker) in [
        (1, "bieu-01", "33,33%"),
        (12, "bieu-12", "Từ 6 chỉ số trở lên"),
        (13, "bieu-13", "Số hộ cận nghèo"),
        (15, "bieu-15", "Trần Thị Lan"),
    ] {
        client
            .goto(&app.url(&format!("/ra-soat/bao-cao/bieu/{n}?nam=2023&co_so=nam")))
            .await
            .unwrap();
        wait_for_text(&client, marker).await;
        save_screenshot(&client, &format!("{shot}-man-hinh")).await;
        save_print_screenshot(&client, &format!("{shot}-in")).await;
    }
    client
        .goto(&app.url("/ra-soat/bao-cao/bieu?nam=2023&co_so=nam"))
        .await
        .unwrap();
    wait_for_text(&client, "Biểu 15").await;
    assert_eq!(
        client
            .find_all(Locator::Css("section.print-form"))
            .await
            .unwrap()
            .len(),
        15
    );
    save_print_screenshot(&client, "bieu-tat-ca-in").await;
    wait_for(&client, "a[href^='/ra-soat/bao-cao.xlsx?']")
        .await
        .click()
        .await
        .unwrap();
    let book = wait_for_download(&browser.download_dir(), "bieu-ra-soat-ho-ngheo-2023.xlsx").await;
    // The workbook says what the pages say: 3 households, 1 poor, 1 near-poor; the poor
    // household's 5 members; its 2 children.
    let number = |sheet: &str, header: &str| match sheet_cell(&book, sheet, COMMUNE, header) {
        calamine::Data::Float(x) => x,
        calamine::Data::Int(x) => x as f64,
        other => panic!("{sheet} / {header}: {other:?}"),
    };
    assert_eq!(number("01 Tổng hợp", "Tổng số hộ"), 3.0);
    assert_eq!(number("01 Tổng hợp", "Số hộ nghèo"), 1.0);
    assert_eq!(number("01 Tổng hợp", "Số hộ cận nghèo"), 1.0);
    assert!((number("01 Tổng hợp", "Tỷ lệ hộ nghèo") - 0.3333).abs() < 1e-9);
    assert_eq!(
        number("12 Tổng hợp nghèo đa chiều", "Số nhân khẩu hộ nghèo"),
        5.0
    );
    assert_eq!(number("11 Thiếu hụt trẻ em", "Số trẻ em dưới 16 tuổi"), 2.0);

    client.close().await.unwrap();
    app.stop().await;
}

fn chrono_date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}
