//! Every route of `route_rules()` held to its declared rule, for every role, in an own commune
//! (19900) and in another (20056). The table below says how to build a concrete request for
//! each route; a route without an entry, or an entry for a route that no longer exists, fails.

use crate::*;
use ansinh_web::module::{Access, Method, route_rules};

/// What happens when a commune officer names the other commune's record.
#[derive(Clone, Copy, PartialEq)]
enum Other {
    /// The route names a record (or filters by a commune): refused with 403.
    Refused,
    /// The route names nothing of a commune (or the same thing in both communes).
    Same,
    /// The record does not exist by design (a made-up id): 404 is as good as 403.
    NotFound,
}

/// Method, route pattern, concrete request (placeholders filled from the fixtures of the
/// commune under test), and what the other commune's record gives a commune officer.
const TABLE: &[(Method, &str, &str, Other)] = {
    use Method::{Get as G, Post as P};
    use Other::{NotFound as N, Refused as R, Same as S};
    &[
        (G, "/", "/", S),
        (G, "/healthz", "/healthz", S),
        (G, "/readyz", "/readyz", S),
        (G, "/static/app.css", "/static/app.css", S),
        (G, "/static/danh-sach.css", "/static/danh-sach.css", S),
        (G, "/api/v1/openapi.json", "/api/v1/openapi.json", S),
        (G, "/api/v1", "/api/v1", S),
        (G, "/api/v1/{*rest}", "/api/v1/khong-co", S),
        (P, "/api/v1/{*rest}", "/api/v1/khong-co", S),
        (G, "/nhan-khau", "/nhan-khau?xa={xa}", R),
        (P, "/nhan-khau", "/nhan-khau", S),
        (G, "/nhan-khau/moi", "/nhan-khau/moi", S),
        (G, "/nhan-khau/{id}", "/nhan-khau/{person}", R),
        (P, "/nhan-khau/{id}", "/nhan-khau/{person}", R),
        (G, "/nhan-khau/{id}/sua", "/nhan-khau/{person}/sua", R),
        (
            G,
            "/nhan-khau/{id}/du-lieu.json",
            "/nhan-khau/{person}/du-lieu.json",
            R,
        ),
        (G, "/ho", "/ho?xa={xa}", R),
        (P, "/ho", "/ho", S),
        (G, "/ho/moi", "/ho/moi", S),
        (G, "/ho/{id}", "/ho/{household}", R),
        (P, "/ho/{id}/thanh-vien", "/ho/{household}/thanh-vien", R),
        (
            P,
            "/ho/{id}/thanh-vien/{person}/chuyen-di",
            "/ho/{household}/thanh-vien/{person}/chuyen-di",
            R,
        ),
        (G, "/dia-ban", "/dia-ban", S),
        (G, "/nhap", "/nhap", S),
        (P, "/nhap", "/nhap", S),
        // No import exists: a made-up id is not found once the role may write.
        (P, "/nhap/{id}/xac-nhan", "/nhap/{nil}/xac-nhan", N),
        (
            G,
            "/nhap/{id}/dong-loi.xlsx",
            "/nhap/{nil}/dong-loi.xlsx",
            N,
        ),
        (G, "/nhap/mau/{file}", "/nhap/mau/nhan-khau.csv", S),
        (G, "/xuat/{file}", "/xuat/nhan-khau.xlsx?xa={xa}", R),
        (G, "/api/v1/areas", "/api/v1/areas", S),
        (
            G,
            "/api/v1/areas/{code}/predecessors",
            "/api/v1/areas/{xa}/predecessors",
            S,
        ),
        (G, "/api/v1/persons", "/api/v1/persons?area={xa}", R),
        (P, "/api/v1/persons", "/api/v1/persons", S),
        (G, "/api/v1/persons/{id}", "/api/v1/persons/{person}", R),
        (G, "/api/v1/households", "/api/v1/households", S),
        (
            G,
            "/api/v1/households/{id}",
            "/api/v1/households/{household}",
            R,
        ),
        (G, "/ra-soat", "/ra-soat?nam=2025", S),
        (P, "/ra-soat", "/ra-soat", S),
        (G, "/ra-soat/bao-cao", "/ra-soat/bao-cao?nam=2025", S),
        (
            G,
            "/ra-soat/bao-cao.xlsx",
            "/ra-soat/bao-cao.xlsx?nam=2025",
            S,
        ),
        (
            G,
            "/ra-soat/bao-cao/bieu",
            "/ra-soat/bao-cao/bieu?nam=2025",
            S,
        ),
        (
            G,
            "/ra-soat/bao-cao/bieu/{number}",
            "/ra-soat/bao-cao/bieu/1?nam=2025",
            S,
        ),
        (G, "/ra-soat/{id}", "/ra-soat/{campaign}", R),
        (
            G,
            "/ra-soat/{id}/phieu/{household}",
            "/ra-soat/{campaign}/phieu/{household}",
            R,
        ),
        (
            P,
            "/ra-soat/{id}/phieu/{household}",
            "/ra-soat/{campaign}/phieu/{household}",
            R,
        ),
        (
            P,
            "/ra-soat/{id}/{action}",
            "/ra-soat/{campaign}/{action}",
            R,
        ),
        (
            G,
            "/api/v1/poverty/report",
            "/api/v1/poverty/report?year=2025",
            S,
        ),
        (G, "/chi-tra", "/chi-tra?thang=07/2024", S),
        (P, "/chi-tra", "/chi-tra", S),
        (G, "/chi-tra/{id}", "/chi-tra/{run}", R),
        (
            G,
            "/chi-tra/{id}/danh-sach/{file}",
            "/chi-tra/{run}/danh-sach/{xa}.xlsx",
            R,
        ),
        (P, "/chi-tra/{id}/{step}", "/chi-tra/{run}/{action}", R),
        (G, "/api/v1/payroll/runs", "/api/v1/payroll/runs", S),
        (P, "/api/v1/payroll/runs", "/api/v1/payroll/runs", S),
        (
            G,
            "/api/v1/payroll/runs/{id}",
            "/api/v1/payroll/runs/{run}",
            R,
        ),
        // No commune filter: the list is the account's own scope.
        (G, "/ho-so", "/ho-so", S),
        (P, "/ho-so", "/ho-so", S),
        (G, "/ho-so/{id}", "/ho-so/{dossier}", R),
        (P, "/ho-so/{id}/{action}", "/ho-so/{dossier}/{action}", R),
        (G, "/quy-dinh", "/quy-dinh", S),
        (G, "/api/v1/dossiers", "/api/v1/dossiers", S),
        (G, "/dang-nhap", "/dang-nhap", S),
        (P, "/dang-nhap", "/dang-nhap", S),
        (P, "/dang-xuat", "/dang-xuat", S),
        (G, "/doi-mat-khau", "/doi-mat-khau", S),
        (P, "/doi-mat-khau", "/doi-mat-khau", S),
        (G, "/ngon-ngu/{lang}", "/ngon-ngu/vi", S),
        (G, "/nhat-ky", "/nhat-ky", S),
        (G, "/quan-tri", "/quan-tri", S),
        (P, "/quan-tri/nguoi-dung", "/quan-tri/nguoi-dung", S),
        (
            P,
            "/quan-tri/nguoi-dung/{id}/{action}",
            "/quan-tri/nguoi-dung/{user}/{action}",
            S,
        ),
        (P, "/quan-tri/ma-truy-cap", "/quan-tri/ma-truy-cap", S),
        (
            P,
            "/quan-tri/ma-truy-cap/{id}/thu-hoi",
            "/quan-tri/ma-truy-cap/{token}/thu-hoi",
            S,
        ),
    ]
};

/// Expectations that real behaviour does not meet yet, each a security or robustness gap to
/// fix in the handler (not in this table): method, route pattern, action value (`""` when the
/// rule is not per action) and the status tolerated instead of the rule's.
const KNOWN_GAPS: &[(Method, &str, &str, u16)] = &[];

/// The records of one commune that the concrete requests name.
struct Fixtures {
    xa: &'static str,
    person: String,
    household: String,
    dossier: String,
    campaign: String,
    run: String,
    user: String,
    token: String,
}

impl Fixtures {
    fn fill(&self, template: &str, action: &str) -> String {
        template
            .replace("{xa}", self.xa)
            .replace("{person}", &self.person)
            .replace("{household}", &self.household)
            .replace("{dossier}", &self.dossier)
            .replace("{campaign}", &self.campaign)
            .replace("{run}", &self.run)
            .replace("{user}", &self.user)
            .replace("{token}", &self.token)
            .replace("{nil}", "00000000-0000-0000-0000-000000000000")
            .replace("{action}", action)
    }
}

fn last_segment(location: &str) -> String {
    location.rsplit('/').next().unwrap_or("").to_string()
}

async fn fixtures(app: &App, admin: &User, xa: &'static str, n: u32) -> Fixtures {
    let (cookie, csrf) = app.session(admin).await;
    let pid = format!("0461500000{n}1");
    let person = app
        .person(&pid, "Đặng Thị Năm", "Nữ", "01/01/1950", xa)
        .await;
    let household = app
        .store
        .create_household(
            &Actor::system("test"),
            &format!("HO-{xa}-00000{n}"),
            xa,
            "Tổ 3",
        )
        .await
        .unwrap();
    let r = app
        .post(
            "/ho-so",
            &cookie,
            &[
                ("csrf", &csrf),
                ("so_dinh_danh", &pid),
                ("mau", "Mẫu số 1c"),
                ("nhom", "K5A"),
                ("ho", "poor"),
                ("giay_to", "Đơn, CCCD"),
                ("dia_chi", "Tổ 5"),
                ("ngay_nhan", "03/06/2024"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "dossier: {}", r.text());
    let dossier = last_segment(r.location());
    let r = app
        .post(
            "/ra-soat",
            &cookie,
            &[("csrf", &csrf), ("nam", "2025"), ("xa", xa)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "campaign: {}", r.text());
    let campaign = last_segment(r.location());
    let r = app
        .post(
            "/chi-tra",
            &cookie,
            &[("csrf", &csrf), ("thang", "07/2024"), ("xa", xa)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "run: {}", r.text());
    let run = last_segment(r.location());
    let user = app
        .user(&format!("nguoi.{xa}"), Role::CommuneOfficer, &[xa], false)
        .await;
    let name = format!("ma-{xa}");
    app.token(admin, &name, Role::CommuneOfficer, &[xa]).await;
    let token = app
        .store
        .api_tokens()
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == name)
        .unwrap();
    Fixtures {
        xa,
        person: person.id.to_string(),
        household: household.id.to_string(),
        dossier,
        campaign,
        run,
        user: user.id.to_string(),
        token: token.id.to_string(),
    }
}

/// Whether a role with these areas passes a rule (before the scope's checks on a record).
fn passes(access: Access, role: Role, whole_province: bool) -> bool {
    match access {
        Access::Public | Access::SignedIn => true,
        Access::Needs(cap) => role.can(cap),
        Access::WholeAudit => whole_province && matches!(role, Role::Admin | Role::Inspector),
        Access::PerAction(_) => unreachable!("expanded before"),
        Access::AnyOf(all) => all.iter().any(|a| passes(*a, role, whole_province)),
    }
}

#[tokio::test]
async fn every_route_follows_its_rule_for_every_role() {
    let app = app().await;
    let admin = app.user("quan.tri", Role::Admin, &["46"], false).await;
    let own = fixtures(&app, &admin, "19900", 1).await;
    let other = fixtures(&app, &admin, "20056", 2).await;

    let rules = route_rules();
    let mut failures = Vec::new();
    for (method, pattern, ..) in TABLE {
        if !rules
            .iter()
            .any(|r| r.method == *method && r.path == *pattern)
        {
            failures.push(format!(
                "{method:?} {pattern}: in the table but not a route"
            ));
        }
    }

    let mut sessions = Vec::new();
    for role in Role::ALL {
        let area = if role == Role::CommuneOfficer {
            "19900"
        } else {
            "46"
        };
        let user = if role == Role::Admin {
            admin.clone()
        } else {
            app.user(&format!("vai.{}", role.code()), role, &[area], false)
                .await
        };
        let (cookie, csrf) = app.session(&user).await;
        let token = app
            .token(&admin, &format!("tok-{}", role.code()), role, &[area])
            .await;
        sessions.push((role, user, cookie, csrf, token, area == "46"));
    }

    let mut checked = 0;
    for rule in &rules {
        let Some((_, _, template, other_rule)) = TABLE
            .iter()
            .find(|(m, p, ..)| *m == rule.method && *p == rule.path)
        else {
            failures.push(format!(
                "{:?} {}: a route with no entry in the access-matrix table",
                rule.method, rule.path
            ));
            continue;
        };
        let actions: Vec<(&str, Access)> = match rule.access {
            Access::PerAction(values) => values.to_vec(),
            a => vec![("", a)],
        };
        for (action, access) in actions {
            for (role, user, cookie, csrf, token, whole) in &sessions {
                for fx in [&own, &other] {
                    checked += 1;
                    let path = fx.fill(template, action);
                    let r = if rule.is_api() {
                        let body = (rule.method == Method::Post).then_some("{}");
                        let m = if rule.method == Method::Post {
                            "POST"
                        } else {
                            "GET"
                        };
                        app.api(m, &path, token, body).await
                    } else if rule.path == "/dang-nhap" && rule.method == Method::Post {
                        // The sign-in form carries its own token (a cookie and a field).
                        let form = app.get("/dang-nhap", "").await;
                        let c = form.cookie("ansinh_login").unwrap_or_default();
                        let s = csrf_field(&form.text());
                        app.post(
                            &path,
                            &c,
                            &[("csrf", &s), ("username", "x"), ("password", "y")],
                        )
                        .await
                    } else if rule.method == Method::Post {
                        // Signing out ends the session: a throwaway one for that form.
                        let (c, s) = if rule.path == "/dang-xuat" {
                            app.session(user).await
                        } else {
                            (cookie.clone(), csrf.clone())
                        };
                        app.post(&path, &c, &[("csrf", &s)]).await
                    } else {
                        app.get(&path, cookie).await
                    };
                    let got = r.status;
                    // Signing out lands on the sign-in page; wrong credentials are a 401.
                    let to_login = got.is_redirection()
                        && r.location().starts_with("/dang-nhap")
                        && rule.path != "/dang-xuat";
                    let refused = (got == StatusCode::UNAUTHORIZED && rule.path != "/dang-nhap")
                        || got == StatusCode::FORBIDDEN
                        || to_login;
                    let in_other = std::ptr::eq(fx, &other);
                    let may = passes(access, *role, *whole);
                    let want_refused = !may
                        || (in_other
                            && *role == Role::CommuneOfficer
                            && *other_rule != Other::Same);
                    let ok = if got.is_server_error() {
                        false
                    } else if want_refused {
                        got == StatusCode::FORBIDDEN
                            || (*other_rule == Other::NotFound
                                && may
                                && got == StatusCode::NOT_FOUND)
                    } else {
                        !refused
                    };
                    let known = KNOWN_GAPS.iter().any(|(m, p, a, st)| {
                        *m == rule.method && *p == rule.path && *a == action && *st == got.as_u16()
                    });
                    if !ok && !known {
                        failures.push(format!(
                            "{:?} {path} ({:?}) as {role:?} in {}: expected {}, got {got}",
                            rule.method,
                            access,
                            fx.xa,
                            if want_refused { "403" } else { "not refused" },
                        ));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "access matrix ({checked} requests), {} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
