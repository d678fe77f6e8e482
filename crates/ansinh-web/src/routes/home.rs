//! The dashboard: counts in the user's scope and the common tasks.

use ansinh_core::access::Domain;
use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::AppState;
use crate::auth::Ctx;
use crate::error::WebError;
use crate::format::thousands;
use crate::i18n::Tr;
use crate::layout::{Layout, render};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    t: Tr,
    l: Layout,
    scope: String,
    persons: String,
    households: String,
    communes: String,
    can_write: bool,
    can_import: bool,
    can_export: bool,
}

pub async fn page(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let t = ctx.tr;
    let scoped = ctx.scoped(&app);
    let (persons, households) = scoped.counts().await?;
    let communes = scoped.communes_today().await?;
    let scope = if ctx.user.areas.iter().any(|a| a.code.len() <= 2) {
        ctx.user
            .areas
            .iter()
            .map(|a| a.name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        communes
            .iter()
            .map(|a| a.name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    render(&HomePage {
        t,
        l: ctx.layout(t.s("home-title"), "home"),
        scope,
        persons: thousands(persons),
        households: thousands(households),
        communes: thousands(communes.len() as i64),
        can_write: ctx.can(Domain::Registry.write()),
        can_import: ctx.can(Domain::Registry.write()),
        can_export: ctx.can(Domain::Registry.export()),
    })
}
