//! The web application driven in-process (tower's `oneshot`, no network) over a SQLite store
//! in a temporary directory: login, access, CSRF, forms, search, scope, language, export and
//! import. One module per capability; the shared helpers are here.

// Tests state their expectations with unwrap and panic, helpers included (clippy.toml allows it
// only inside #[test] functions).
#![allow(clippy::unwrap_used, clippy::panic)]

use ansinh_core::PersonDraft;
use ansinh_core::access::Role;
use ansinh_core::registry::person::validate_person;
use ansinh_store::accounts::{NewUser, User};
use ansinh_store::registry::persons::Person;
use ansinh_store::{Actor, Store, today_vn};
use ansinh_web::{Clock, WebConfig};
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

mod access_matrix;
mod accounts;
mod api;
mod assistance;
mod payroll;
mod platform;
mod poverty;
mod privacy;
mod registry;

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
        self.send(form_request(path, cookie, form)).await
    }

    /// A request as if it came over TCP from `peer` (`"203.0.113.7:50000"`), with these extra
    /// headers (`X-Forwarded-For`, …).
    async fn send_from(
        &self,
        peer: &str,
        headers: &[(&str, &str)],
        mut req: Request<Body>,
    ) -> Reply {
        let peer: std::net::SocketAddr = peer.parse().unwrap();
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(peer));
        for (name, value) in headers {
            req.headers_mut().insert(
                header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        self.send(req).await
    }

    /// A login through the form, as a browser at `peer` sends it.
    async fn log_in_from(&self, peer: &str, username: &str, password: &str) -> Reply {
        let get = Request::get("/dang-nhap").body(Body::empty()).unwrap();
        let form = self.send_from(peer, &[], get).await;
        let cookie = form.cookie("ansinh_login").unwrap();
        let fields = [
            ("csrf", csrf_field(&form.text())),
            ("username", username.to_string()),
            ("password", password.to_string()),
        ];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.send_from(peer, &[], form_request("/dang-nhap", &cookie, &fields))
            .await
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

/// The audit entries of one action, newest first.
async fn entries_of(store: &Store, action: &str) -> Vec<ansinh_store::audit::AuditEntry> {
    store
        .audit_entries(&ansinh_store::audit::AuditFilter {
            action: Some(action.into()),
            limit: 500,
            ..Default::default()
        })
        .await
        .unwrap()
}

fn enc(s: &str) -> String {
    ansinh_web::format::url_encode(s)
}

/// A form POST with its cookie header (none when empty).
fn form_request(path: &str, cookie: &str, form: &[(&str, &str)]) -> Request<Body> {
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
    req.body(Body::from(body)).unwrap()
}

/// The value of the hidden `csrf` field of a page.
fn csrf_field(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[at..].split('"').next().unwrap().to_string()
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
