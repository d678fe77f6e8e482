//! One campaign of a commune: its list of households with their surveys and classes, the
//! commune steps, and the actions on it (add applicants, classify, record a step, approve).

use ansinh_core::access::Domain;
use ansinh_core::date::parse_full_date;
use ansinh_core::poverty::Class;
use ansinh_store::today_vn;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::year::{CampaignRow, campaign_row};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::WebError;
use crate::format;
use crate::i18n::Tr;
use crate::layout::{Layout, render_status};
use crate::routes::parse_id;

pub struct HouseholdRow {
    pub code: String,
    pub head: String,
    pub basis: String,
    pub surveyed: String,
    pub class: String,
    pub class_tag: &'static str,
}

fn class_tag(c: Class) -> &'static str {
    match c {
        Class::Poor => "bad",
        Class::NearPoor => "warn",
        Class::AverageLivingStandard => "urban",
        Class::NotPoor => "ok",
    }
}

pub struct StepRow {
    pub code: &'static str,
    pub label: String,
    pub on: String,
}

/// A step's name heads its row: its label is written to sit inside a sentence.
pub(crate) fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "poverty/campaign.html")]
struct CampaignPage {
    t: Tr,
    l: Layout,
    c: CampaignRow,
    year: i32,
    standard_year: i32,
    steps: Vec<StepRow>,
    households: Vec<HouseholdRow>,
    can_write: bool,
    can_approve: bool,
    today: String,
    notice: Option<String>,
    saved: bool,
}

fn step_of(code: &str) -> Option<ansinh_store::poverty::Step> {
    use ansinh_store::poverty::Step;
    match code {
        "hop-dan" => Some(Step::Meeting),
        "niem-yet" => Some(Step::Posting),
        "khieu-nai" => Some(Step::ComplaintsClosed),
        _ => None,
    }
}

async fn campaign_page(
    app: &AppState,
    ctx: &Ctx,
    id: Uuid,
    notice: Option<String>,
    saved: bool,
    status: StatusCode,
) -> Result<Response, WebError> {
    use ansinh_store::poverty::{CampaignState, Step};
    let t = ctx.tr;
    let scoped = ctx.scoped(app);
    let c = scoped.poverty_campaign(id).await?;
    let households = scoped
        .poverty_campaign_households(id)
        .await?
        .into_iter()
        .map(|h| HouseholdRow {
            code: h.code,
            head: h.head_name.unwrap_or_default(),
            basis: match h.basis.as_str() {
                "poor" => t.s("review-basis_poor"),
                "near_poor" => t.s("review-basis_near_poor"),
                _ => t.s("review-basis_applied"),
            }
            .to_string(),
            surveyed: h.surveyed_on.map(format::date).unwrap_or_default(),
            class: h.class.map(|c| t.label(c).to_string()).unwrap_or_default(),
            class_tag: h.class.map(class_tag).unwrap_or(""),
        })
        .collect();
    let steps = [
        ("hop-dan", Step::Meeting),
        ("niem-yet", Step::Posting),
        ("khieu-nai", Step::ComplaintsClosed),
    ]
    .into_iter()
    .map(|(code, s)| StepRow {
        code,
        label: capitalised(t.label(s)),
        on: c.steps.get(s).map(format::date).unwrap_or_default(),
    })
    .collect();
    let open = c.state != CampaignState::Approved;
    render_status(
        status,
        &CampaignPage {
            t,
            l: ctx.layout(t.s("review-title"), "review"),
            year: c.year,
            standard_year: c.standard_year,
            c: campaign_row(t, &c),
            steps,
            households,
            can_write: open && ctx.can(Domain::Poverty.write()),
            can_approve: open && ctx.can(Domain::Poverty.approve()),
            today: format::date(today_vn()),
            notice,
            saved,
        },
    )
}

#[derive(Deserialize, Default)]
pub struct SavedParams {
    #[serde(default)]
    luu: String,
}

pub async fn campaign(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(p): Query<SavedParams>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    campaign_page(&app, &ctx, id, None, !p.luu.is_empty(), StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct ActionForm {
    csrf: String,
    #[serde(default)]
    buoc: String,
    #[serde(default)]
    ngay: String,
    /// Household codes of applicants (Mẫu số 01), separated by spaces, commas or lines.
    #[serde(default)]
    ma_ho: String,
}

/// The household codes of applicants as typed: separated by commas, spaces or lines, with
/// the empty pieces between separators dropped.
pub(crate) fn applicant_codes(raw: &str) -> Vec<String> {
    raw.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

/// Add applicants (`them-ho`), classify (`phan-loai`), record a commune step (`buoc`) or
/// approve (`phe-duyet`).
pub async fn act(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((id, action)): Path<(String, String)>,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    ctx.check_csrf(&app, &f.csrf).await?;
    let scoped = ctx.scoped(&app);
    // Another commune's review is refused whatever the form holds.
    scoped.poverty_campaign(id).await?;
    let day = || parse_full_date(&f.ngay).map_err(|e| format!("{}: {e}", ctx.tr.s("review-date")));
    let done: Result<(), String> = match action.as_str() {
        "them-ho" => {
            let codes = applicant_codes(&f.ma_ho);
            if codes.is_empty() {
                Err(ctx.tr.s("review-need_codes").to_string())
            } else {
                match scoped.add_poverty_applicants(id, &codes).await {
                    Ok(_) => Ok(()),
                    Err(e) => Err(crate::routes::rule_refusal(e)?),
                }
            }
        }
        "phan-loai" => match scoped.classify_poverty_campaign(id).await {
            Ok(_) => Ok(()),
            Err(e) => Err(crate::routes::rule_refusal(e)?),
        },
        "buoc" => {
            let step = step_of(&f.buoc).ok_or(WebError::BadRequest("bước không hợp lệ".into()))?;
            match day() {
                Err(e) => Err(e),
                Ok(on) => match scoped.record_poverty_step(id, step, on).await {
                    Ok(_) => Ok(()),
                    Err(e) => Err(crate::routes::rule_refusal(e)?),
                },
            }
        }
        "phe-duyet" => match day() {
            Err(e) => Err(e),
            Ok(on) => match scoped.approve_poverty_campaign(id, on).await {
                Ok(_) => Ok(()),
                Err(e) => Err(crate::routes::rule_refusal(e)?),
            },
        },
        _ => return Err(WebError::NotFound),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/ra-soat/{id}?luu=1")).into_response()),
        Err(msg) => {
            campaign_page(
                &app,
                &ctx,
                id,
                Some(msg),
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ansinh_store::poverty::Step;

    #[test]
    fn applicant_codes_split_on_commas_spaces_and_lines() {
        assert_eq!(
            applicant_codes("HO-19900-000021, HO-19900-000022\nHO-19900-000023\t,,"),
            ["HO-19900-000021", "HO-19900-000022", "HO-19900-000023"]
        );
        assert_eq!(applicant_codes("HO-19900-000021"), ["HO-19900-000021"]);
    }

    #[test]
    fn applicant_codes_of_separators_alone_are_none() {
        // The page then asks for codes instead of adding nothing.
        assert!(applicant_codes("").is_empty());
        assert!(applicant_codes(" ,\n, \r\n").is_empty());
    }

    #[test]
    fn step_of_reads_the_three_commune_steps_only() {
        assert_eq!(step_of("hop-dan"), Some(Step::Meeting));
        assert_eq!(step_of("niem-yet"), Some(Step::Posting));
        assert_eq!(step_of("khieu-nai"), Some(Step::ComplaintsClosed));
        // Approval is its own action, not a step; codes are exact.
        for bad in ["phe-duyet", "", "Hop-dan", " hop-dan", "meeting"] {
            assert_eq!(step_of(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn capitalised_upper_cases_the_first_letter_only() {
        assert_eq!(capitalised("họp dân"), "Họp dân");
        assert_eq!(capitalised("đóng khiếu nại"), "Đóng khiếu nại");
        assert_eq!(capitalised("niêm yết CÔNG KHAI"), "Niêm yết CÔNG KHAI");
        assert_eq!(capitalised(""), "");
    }
}
