//! The public area browser: the communes in force on a date, the 2025 mapping from the old
//! units, and the old units by district. It shows no personal data.

use std::collections::HashMap;

use ansinh_core::area::reorganisation_2025;
use ansinh_core::date::parse_full_date;
use ansinh_core::{Area, AreaLevel};
use ansinh_store::today_vn;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{LangPref, MaybeCtx, public_layout};
use crate::error::WebError;
use crate::format;
use crate::i18n::Tr;
use crate::layout::{Layout, render};

/// The 2025 reorganisation both ways, computed once: the catalogue does not change while the
/// server runs.
pub struct Mapping {
    /// Each current unit's old units, "Name (code)".
    merged: HashMap<Uuid, Vec<String>>,
    /// Each old unit's current unit(s).
    became: HashMap<Uuid, Vec<String>>,
}

async fn mapping(app: &AppState) -> Result<Mapping, WebError> {
    let communes = app
        .reference()
        .areas_in_force(AreaLevel::Commune, today_vn())
        .await?;
    let mut merged = HashMap::new();
    let mut became: HashMap<Uuid, Vec<String>> = HashMap::new();
    for c in &communes {
        let old = app.reference().predecessors_of(c.id).await?;
        for o in &old {
            became
                .entry(o.id)
                .or_default()
                .push(format!("{} ({})", c.name, c.code));
        }
        merged.insert(
            c.id,
            old.iter()
                .map(|o| format!("{} ({})", o.name, o.code))
                .collect(),
        );
    }
    Ok(Mapping { merged, became })
}

pub struct CommuneView {
    pub code: String,
    pub name: String,
    pub settlement: &'static str,
    pub settlement_class: &'static str,
    pub old: String,
}

pub struct DistrictView {
    pub code: String,
    pub name: String,
    pub units: Vec<CommuneView>,
}

#[derive(Template)]
#[template(path = "registry/areas.html")]
struct AreasPage {
    t: Tr,
    l: Layout,
    date: String,
    date_error: Option<&'static str>,
    summary: String,
    communes: Vec<CommuneView>,
    districts_title: String,
    districts: Vec<DistrictView>,
}

#[derive(Deserialize, Default)]
pub struct AreasParams {
    #[serde(default)]
    ngay: String,
}

fn commune_view(t: Tr, a: &Area, old: String) -> CommuneView {
    let s = a.settlement();
    CommuneView {
        code: a.code.clone(),
        name: a.name.clone(),
        settlement: t.label(s),
        settlement_class: s.code(),
        old,
    }
}

async fn by_district(
    app: &AppState,
    t: Tr,
    map: &Mapping,
    on: NaiveDate,
) -> Result<Vec<DistrictView>, WebError> {
    let districts = app
        .reference()
        .areas_in_force(AreaLevel::District, on)
        .await?;
    let communes = app
        .reference()
        .areas_in_force(AreaLevel::Commune, on)
        .await?;
    let mut out: Vec<DistrictView> = districts
        .iter()
        .map(|d| DistrictView {
            code: d.code.clone(),
            name: d.name.clone(),
            units: communes
                .iter()
                .filter(|c| c.parent_id == Some(d.id))
                .map(|c| {
                    let became = map
                        .became
                        .get(&c.id)
                        .map(|v| v.join(", "))
                        .unwrap_or_default();
                    commune_view(t, c, became)
                })
                .collect(),
        })
        .collect();
    out.retain(|d| !d.units.is_empty());
    Ok(out)
}

pub async fn page(
    State(app): State<AppState>,
    LangPref(lang): LangPref,
    MaybeCtx(ctx): MaybeCtx,
    Query(p): Query<AreasParams>,
) -> Result<Response, WebError> {
    let t = Tr::new(lang);
    let today = today_vn();
    let (on, date_error) = if p.ngay.trim().is_empty() {
        (today, None)
    } else {
        match parse_full_date(&p.ngay) {
            Ok(d) => (d, None),
            Err(_) => (today, Some(t.s("areas-bad_date"))),
        }
    };
    let map = app.areas.get_or_try_init(|| mapping(&app)).await?;
    let reorg = reorganisation_2025();
    let last_day_before = reorg.pred_opt().unwrap_or(reorg);
    let mut communes = Vec::new();
    let summary;
    let districts_title;
    let districts;
    if on >= reorg {
        let current = app
            .reference()
            .areas_in_force(AreaLevel::Commune, on)
            .await?;
        communes = current
            .iter()
            .map(|c| {
                let old = map
                    .merged
                    .get(&c.id)
                    .map(|v| v.join(", "))
                    .unwrap_or_default();
                commune_view(t, c, old)
            })
            .collect();
        summary = t.f(
            "areas-communes_in_force",
            &[
                ("communes", current.len().to_string()),
                ("date", format::date(on)),
            ],
        );
        districts = by_district(&app, t, map, last_day_before).await?;
        districts_title = t.f(
            "areas-former_by_district",
            &[("date", format::date(last_day_before))],
        );
    } else {
        districts = by_district(&app, t, map, on).await?;
        let units: usize = districts.iter().map(|d| d.units.len()).sum();
        summary = t.f(
            "areas-units_in_force",
            &[
                ("districts", districts.len().to_string()),
                ("communes", units.to_string()),
                ("date", format::date(on)),
            ],
        );
        districts_title = t.f("areas-by_district", &[("date", format::date(on))]);
    }
    let title = t.s("areas-title");
    let l = match &ctx {
        Some(c) => c.layout(title, "areas"),
        None => public_layout(title, "areas"),
    };
    render(&AreasPage {
        t,
        l,
        date: if date_error.is_some() {
            p.ngay.clone()
        } else {
            format::date(on)
        },
        date_error,
        summary,
        communes,
        districts_title,
        districts,
    })
}
