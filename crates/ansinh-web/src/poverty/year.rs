//! The campaigns of a review year, one per commune, and opening the campaign of a commune.

use ansinh_core::access::Domain;
use ansinh_store::poverty::Campaign;
use ansinh_store::today_vn;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use serde::Deserialize;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Ctx;
use crate::error::WebError;
use crate::format;
use crate::i18n::Tr;
use crate::layout::{Layout, Opt, render_status};

/// The review shown when none is asked for: last year's, the most recent one that is done.
fn default_year() -> i32 {
    today_vn().year() - 1
}

pub(crate) fn year_of(raw: &str) -> i32 {
    raw.trim()
        .parse()
        .ok()
        .filter(|y| (2021..=2030).contains(y))
        .unwrap_or_else(default_year)
}

pub struct CampaignRow {
    pub id: String,
    pub commune: String,
    pub state: &'static str,
    pub listed: String,
    pub surveyed: String,
    pub approved: String,
}

#[derive(Template)]
#[template(path = "poverty/year.html")]
struct YearPage {
    t: Tr,
    l: Layout,
    year: i32,
    years: Vec<i32>,
    standard_year: i32,
    campaigns: Vec<CampaignRow>,
    communes: Vec<Opt>,
    can_open: bool,
    notice: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct YearParams {
    #[serde(default)]
    nam: String,
}

pub(super) fn campaign_row(t: Tr, c: &Campaign) -> CampaignRow {
    CampaignRow {
        id: c.id.to_string(),
        commune: format!("{} ({})", c.area.name, c.area.code),
        state: t.label(c.state),
        listed: format::thousands(c.listed),
        surveyed: format::thousands(c.surveyed),
        approved: c.steps.approved_on.map(format::date).unwrap_or_default(),
    }
}

async fn year_page(
    app: &AppState,
    ctx: &Ctx,
    year: i32,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let t = ctx.tr;
    let scoped = ctx.scoped(app);
    let campaigns = scoped.poverty_campaigns(year).await?;
    let opened: Vec<Uuid> = campaigns.iter().map(|c| c.area.id).collect();
    let communes = scoped
        .communes_of_review(year)
        .await?
        .into_iter()
        .filter(|a| !opened.contains(&a.id))
        .map(|a| Opt::new(a.code.clone(), format!("{} ({})", a.name, a.code), false))
        .collect();
    render_status(
        status,
        &YearPage {
            t,
            l: ctx.layout(t.s("review-title"), "review"),
            year,
            years: (2022..=today_vn().year()).rev().collect(),
            standard_year: ansinh_store::poverty::standard_year_of(year),
            campaigns: campaigns.iter().map(|c| campaign_row(t, c)).collect(),
            communes,
            can_open: ctx.can(Domain::Poverty.write()),
            notice,
        },
    )
}

pub async fn year(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(p): Query<YearParams>,
) -> Result<Response, WebError> {
    year_page(&app, &ctx, year_of(&p.nam), None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct OpenForm {
    csrf: String,
    nam: String,
    xa: String,
}

pub async fn open(
    State(app): State<AppState>,
    ctx: Ctx,
    Form(f): Form<OpenForm>,
) -> Result<Response, WebError> {
    ctx.check_csrf(&app, &f.csrf).await?;
    let scoped = ctx.scoped(&app);
    scoped
        .authorize(Domain::Poverty.write(), ansinh_store::poverty::CAMPAIGN)
        .await?;
    let year = year_of(&f.nam);
    match scoped.open_poverty_campaign(year, f.xa.trim()).await {
        Ok(c) => Ok(Redirect::to(&format!("/ra-soat/{}", c.id)).into_response()),
        Err(e) => {
            let msg = crate::routes::rule_refusal(e)?;
            year_page(
                &app,
                &ctx,
                year,
                Some(msg),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use ansinh_core::poverty::{CampaignState, CampaignSteps};
    use ansinh_core::{Area, AreaKind, AreaLevel};
    use chrono::{DateTime, NaiveDate};

    #[test]
    fn year_of_reads_a_review_year() {
        assert_eq!(year_of("2023"), 2023);
        assert_eq!(year_of(" 2025 "), 2025);
        assert_eq!(year_of("2021"), 2021);
        assert_eq!(year_of("2030"), 2030);
    }

    #[test]
    fn year_of_anything_else_is_last_years_review() {
        assert_eq!(default_year(), today_vn().year() - 1);
        for bad in ["", "2020", "2031", "năm 2023", "2023.5", "-2023", "23"] {
            assert_eq!(year_of(bad), default_year(), "{bad:?}");
        }
    }

    fn campaign(state: CampaignState, approved_on: Option<NaiveDate>) -> Campaign {
        Campaign {
            id: Uuid::nil(),
            year: 2023,
            area: Area {
                id: Uuid::nil(),
                code: "19900".into(),
                name: "Phường Thuận An".into(),
                level: AreaLevel::Commune,
                kind: AreaKind::Ward,
                parent_id: None,
                valid_from: None,
                valid_to: None,
            },
            standard_year: 2022,
            state,
            steps: CampaignSteps {
                approved_on,
                ..CampaignSteps::default()
            },
            approved_by: None,
            created_by: "test".into(),
            created_at: DateTime::UNIX_EPOCH,
            version: 1,
            listed: 1234,
            surveyed: 987,
        }
    }

    #[test]
    fn campaign_row_writes_counts_and_dates_the_vietnamese_way() {
        let approved = NaiveDate::from_ymd_opt(2023, 12, 10);
        let row = campaign_row(
            Tr::new(Lang::Vi),
            &campaign(CampaignState::Approved, approved),
        );
        assert_eq!(row.id, Uuid::nil().to_string());
        assert_eq!(row.commune, "Phường Thuận An (19900)");
        assert_eq!(row.state, "đã phê duyệt");
        assert_eq!(row.listed, "1.234");
        assert_eq!(row.surveyed, "987");
        assert_eq!(row.approved, "10/12/2023");
    }

    #[test]
    fn campaign_row_of_an_unapproved_campaign_has_no_approval_date() {
        let row = campaign_row(Tr::new(Lang::Vi), &campaign(CampaignState::Open, None));
        assert_eq!(row.state, "đang rà soát");
        let row = campaign_row(Tr::new(Lang::En), &campaign(CampaignState::Open, None));
        assert_eq!(row.state, "under review");
        assert_eq!(row.approved, "");
    }
}
