//! The audit log browser for inspectors and administrators: filter by user and action, newest
//! first, paged by entry id.

use ansinh_store::audit::AuditFilter;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use crate::AppState;
use crate::auth::Ctx;
use crate::error::WebError;
use crate::format::url_encode;
use crate::history::{self, EntryView};
use crate::i18n::Tr;
use crate::layout::{Layout, Opt, render};

const PAGE: i64 = 100;

const ACTIONS: [&str; 14] = [
    "create",
    "update",
    "view",
    "import",
    "bulk_load",
    "move_in",
    "move_out",
    "duplicate_check",
    "denied",
    "login",
    "login_failed",
    "logout",
    "backup",
    "restore",
];

#[derive(Deserialize, Default)]
pub struct AuditParams {
    #[serde(default)]
    nguoi: String,
    #[serde(default, rename = "hanh-dong")]
    hanh_dong: String,
    #[serde(default)]
    sau: String,
}

#[derive(Template)]
#[template(path = "accounts/audit.html")]
struct AuditPage {
    t: Tr,
    l: Layout,
    nguoi: String,
    actions: Vec<Opt>,
    rows: Vec<EntryView>,
    next: Option<String>,
    first: Option<String>,
}

fn url(p: &AuditParams, after: Option<&str>) -> String {
    let mut u = format!(
        "/nhat-ky?nguoi={}&hanh-dong={}",
        url_encode(p.nguoi.trim()),
        url_encode(p.hanh_dong.trim())
    );
    if let Some(a) = after {
        u.push_str("&sau=");
        u.push_str(a);
    }
    u
}

pub async fn page(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(p): Query<AuditParams>,
) -> Result<Response, WebError> {
    let t = ctx.tr;
    let before = if p.sau.is_empty() {
        None
    } else {
        Some(
            uuid::Uuid::parse_str(&p.sau)
                .map_err(|_| WebError::BadRequest("con trỏ trang không hợp lệ".into()))?,
        )
    };
    let filter = AuditFilter {
        actor: Some(p.nguoi.trim().to_string()).filter(|s| !s.is_empty()),
        action: Some(p.hanh_dong.trim().to_string()).filter(|s| !s.is_empty()),
        entity_id: None,
        before,
        limit: PAGE,
    };
    let entries = ctx.scoped(&app).audit(&filter).await?;
    let next = (entries.len() as i64 == PAGE)
        .then(|| entries.last().map(|e| url(&p, Some(&e.id.to_string()))))
        .flatten();
    let areas = app.reference().area_catalog();
    render(&AuditPage {
        t,
        l: ctx.layout(t.s("audit-title"), "audit"),
        nguoi: p.nguoi.clone(),
        actions: ACTIONS
            .iter()
            .map(|a| Opt::new(*a, t.action(a), p.hanh_dong == *a))
            .collect(),
        rows: entries
            .iter()
            .map(|e| history::view(t, &areas, e))
            .collect(),
        next,
        first: before.map(|_| url(&p, None)),
    })
}
