//! The web application in a real headless Chromium, as an officer uses it.
//!
//! Each test starts its own server in this process (on `127.0.0.1:0`, over its own SQLite
//! file) and its own chromedriver, so tests share nothing and run in parallel. Screenshots of
//! the main pages go to `target/screenshots/`. Without Chromium the tests skip loudly (they
//! fail under `CI=true`). Waits are explicit (an element, a text, an address), never sleeps.
//!
//! One module per capability; the shared helpers (the server, the browser, signing in and
//! out, waits and form filling) are here.

// Tests state their expectations with unwrap and panic, helpers included (clippy.toml allows it
// only inside #[test] functions).
#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::{Duration, Instant};

use ansinh_core::access::Role;
use ansinh_core::registry::person::validate_person;
use ansinh_core::{MoveReason, PersonDraft, Relation};
use ansinh_e2e::{Server, fresh_store};
use ansinh_store::accounts::NewUser;
use ansinh_store::registry::persons::Person;
use ansinh_store::{Actor, Store, today_vn};
use ansinh_testkit::browser::{
    self, Browser, Client, Element, Locator, WAIT, body_text, save_print_screenshot,
    save_screenshot, wait_for, wait_for_download, wait_for_text,
};

mod accounts;
mod assistance;
mod platform;
mod poverty;
mod registry;

/// The commune of the test accounts and records: Phường Thuận An.
const COMMUNE: &str = "19900";
const OFFICER: &str = "canbo.thuanan";
const INSPECTOR: &str = "thanhtra.tinh";
const PASSWORD: &str = "mat-khau-du-dai-2025";

/// A running server over a fresh database, stopped by [`App::stop`].
struct App {
    store: Store,
    server: Server,
    _dir: tempfile::TempDir,
}

impl App {
    async fn start() -> App {
        let (dir, store) = fresh_store().await;
        let server = Server::start(store.clone()).await;
        App {
            store,
            server,
            _dir: dir,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base)
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

    async fn stop(self) {
        self.server.stop().await;
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

/// Chooses an option of a select by its value.
async fn choose(client: &Client, select: &str, value: &str) {
    wait_for(client, &format!("{select} option[value='{value}']"))
        .await
        .click()
        .await
        .unwrap();
}
