//! The survey page of one household in a campaign: the blank form, and the form saved or
//! shown again with its errors.

use ansinh_core::access::Domain;
use ansinh_core::date::parse_full_date;
use ansinh_store::poverty::SurveyInput;
use ansinh_store::today_vn;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use super::answers::{FORM_ORDER, Question, SurveyForm, answers_of, child_questions, questions};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::WebError;
use crate::format;
use crate::i18n::Tr;
use crate::layout::{FieldErrors, Layout, render_status};
use crate::routes::parse_id;

#[derive(Template)]
#[template(path = "poverty/survey.html")]
struct SurveyPage {
    /// The field the cursor starts on: the first one in error, else the members.
    focus: &'static str,
    t: Tr,
    l: Layout,
    campaign_id: String,
    commune: String,
    year: i32,
    household: String,
    f: SurveyForm,
    score: bool,
    questions: Vec<Question>,
    children: Vec<Question>,
    errors: FieldErrors,
    notice: Option<String>,
}

/// What the survey page shows besides the campaign: the household, the form as typed, its
/// field errors and a refusal of the store.
struct SurveyState {
    household: String,
    f: SurveyForm,
    errors: FieldErrors,
    notice: Option<String>,
}

async fn survey_page(
    app: &AppState,
    ctx: &Ctx,
    id: Uuid,
    state: SurveyState,
    status: StatusCode,
) -> Result<Response, WebError> {
    let SurveyState {
        household,
        f,
        errors,
        notice,
    } = state;
    let t = ctx.tr;
    let c = ctx.scoped(app).poverty_campaign(id).await?;
    render_status(
        status,
        &SurveyPage {
            t,
            l: ctx.layout(t.s("review-title"), "review"),
            campaign_id: id.to_string(),
            commune: format!("{} ({})", c.area.name, c.area.code),
            year: c.year,
            household,
            score: f.cach == "diem",
            focus: FORM_ORDER
                .into_iter()
                .find(|name| errors.get(name).is_some())
                .unwrap_or("nhan_khau"),
            questions: questions(t, &f, &errors),
            children: child_questions(t, &f, &errors),
            f,
            errors,
            notice,
        },
    )
}

pub async fn survey_form(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((id, household)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    let scoped = ctx.scoped(&app);
    scoped
        .authorize(Domain::Poverty.write(), ansinh_store::poverty::SURVEY)
        .await?;
    let f = SurveyForm {
        nguoi_ra_soat: ctx.user.display_name.clone(),
        ngay: format::date(today_vn()),
        ..SurveyForm::default()
    };
    let state = SurveyState {
        household,
        f,
        errors: FieldErrors::default(),
        notice: None,
    };
    survey_page(&app, &ctx, id, state, StatusCode::OK).await
}

pub async fn survey_save(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((id, household)): Path<(String, String)>,
    Form(f): Form<SurveyForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    ctx.check_csrf(&app, &f.csrf).await?;
    let scoped = ctx.scoped(&app);
    scoped
        .authorize(Domain::Poverty.write(), ansinh_store::poverty::SURVEY)
        .await?;
    let mut errors = FieldErrors::default();
    let surveyed_on = match parse_full_date(&f.ngay) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.add("ngay", e.to_string());
            None
        }
    };
    if f.nguoi_ra_soat.trim().is_empty() {
        errors.add("nguoi_ra_soat", "cần tên người rà soát");
    }
    let answers = answers_of(&f, &mut errors);
    let (Some(answers), Some(surveyed_on), true) = (answers, surveyed_on, errors.is_empty()) else {
        let state = SurveyState {
            household,
            f,
            errors,
            notice: None,
        };
        return survey_page(&app, &ctx, id, state, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let input = SurveyInput {
        household_code: household.clone(),
        answers,
        surveyor: f.nguoi_ra_soat.trim().to_string(),
        surveyed_on,
    };
    match scoped.record_poverty_survey(id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/ra-soat/{id}?luu=1")).into_response()),
        Err(e) => {
            let state = SurveyState {
                household,
                f,
                errors: FieldErrors::default(),
                notice: Some(crate::routes::rule_refusal(e)?),
            };
            survey_page(&app, &ctx, id, state, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}
