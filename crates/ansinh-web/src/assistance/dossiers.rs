//! Dossiers for the monthly allowance (hồ sơ trợ cấp xã hội): the commune officer takes a
//! dossier in, records each step of the procedure on the day it is done and sees the legal
//! deadlines in working days with the overdue ones flagged; the leader decides (the grant is
//! created with the decision) or rejects with a reason.

use ansinh_core::access::Domain;
use ansinh_core::assistance::dossier::Procedure;
use ansinh_core::assistance::{Facts, Group, Household};
use ansinh_core::calendar::WorkCalendar;
use ansinh_core::date::parse_full_date;
use ansinh_store::assistance::dossiers::{Dossier, DossierStatus, NewDossier};
use ansinh_store::registry::search::SearchQuery;
use ansinh_store::today_vn;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Ctx;
use crate::error::WebError;
use crate::format;
use crate::i18n::Tr;
use crate::layout::{FieldErrors, Layout, Opt, render_status};
use crate::routes::parse_id;

/// The application forms of Nghị định 20/2021 Điều 7.
const FORMS: [&str; 8] = [
    "Mẫu số 1a",
    "Mẫu số 1b",
    "Mẫu số 1c",
    "Mẫu số 1d",
    "Mẫu số 1đ",
    "Mẫu số 2a",
    "Mẫu số 2b",
    "Mẫu số 03",
];

fn calendar() -> Result<WorkCalendar, WebError> {
    WorkCalendar::shipped().map_err(|e| {
        tracing::error!(error = %e, "shipped holiday data does not parse");
        WebError::Internal("web.calendar")
    })
}

pub struct StepView {
    pub code: String,
    pub name: String,
    pub actor: &'static str,
    pub days: u32,
    pub due: String,
    pub done: String,
    pub overdue: bool,
    /// The first step not done yet: the only one that can be recorded now.
    pub next: bool,
}

pub struct DossierRow {
    pub id: String,
    pub person: String,
    pub group: String,
    pub received: String,
    pub status: &'static str,
    pub next: String,
    pub due: String,
    pub overdue: bool,
}

/// Where a dossier stands: its steps with due dates, and the first step not done.
fn steps_of(t: Tr, d: &Dossier, cal: &WorkCalendar) -> Vec<StepView> {
    let Some(procedure) = Procedure::by_code(&d.procedure) else {
        return Vec::new();
    };
    let today = today_vn();
    let Ok(states) = procedure.track(d.received_on, &d.done, d.complaint, cal) else {
        return Vec::new();
    };
    let next = states.iter().position(|s| s.done_on.is_none());
    states
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let step = procedure.step(&s.code);
            StepView {
                code: s.code.clone(),
                name: step
                    .map(|x| t.procedure_step(&procedure, x))
                    .unwrap_or_default(),
                actor: t.label(s.actor),
                days: step.map(|x| x.days).unwrap_or(0),
                due: format::date(s.due_on),
                done: s.done_on.map(format::date).unwrap_or_default(),
                overdue: d.status == DossierStatus::Open && s.overdue(today),
                next: next == Some(i),
            }
        })
        .collect()
}

fn row_of(t: Tr, d: &Dossier, cal: &WorkCalendar) -> DossierRow {
    let steps = steps_of(t, d, cal);
    let next = steps.iter().find(|s| s.done.is_empty());
    DossierRow {
        id: d.id.to_string(),
        person: d.person_name.clone(),
        group: format!("{} · {}", d.group.code(), t.label(d.group)),
        received: format::date(d.received_on),
        status: t.label(d.status),
        next: match (d.status, next) {
            (DossierStatus::Open, Some(s)) => s.name.clone(),
            _ => String::new(),
        },
        due: match (d.status, next) {
            (DossierStatus::Open, Some(s)) => s.due.clone(),
            _ => String::new(),
        },
        overdue: steps.iter().any(|s| s.overdue),
    }
}

/// The intake form as typed.
#[derive(Deserialize, Default, Clone)]
pub struct IntakeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    so_dinh_danh: String,
    #[serde(default)]
    mau: String,
    #[serde(default)]
    nhom: String,
    #[serde(default)]
    giay_to: String,
    #[serde(default)]
    ngay_nhan: String,
    #[serde(default)]
    ho: String,
    #[serde(default)]
    dia_chi: String,
}

#[derive(Template)]
#[template(path = "assistance/dossiers.html")]
struct ListPage {
    t: Tr,
    l: Layout,
    rows: Vec<DossierRow>,
    all: bool,
    can_write: bool,
    f: IntakeForm,
    forms: Vec<Opt>,
    groups: Vec<Opt>,
    households: Vec<Opt>,
    errors: FieldErrors,
    notice: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    tat_ca: String,
}

async fn list_page(
    app: &AppState,
    ctx: &Ctx,
    all: bool,
    f: IntakeForm,
    errors: FieldErrors,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let t = ctx.tr;
    let cal = calendar()?;
    let rows = ctx
        .scoped(app)
        .dossiers(!all)
        .await?
        .iter()
        .map(|d| row_of(t, d, &cal))
        .collect();
    render_status(
        status,
        &ListPage {
            t,
            l: ctx.layout(t.s("dossiers-title"), "dossiers"),
            rows,
            all,
            can_write: ctx.can(Domain::Assistance.write()),
            forms: FORMS
                .iter()
                .map(|m| Opt::new(*m, *m, f.mau == *m))
                .collect(),
            groups: Group::ALL
                .iter()
                .map(|g| {
                    Opt::new(
                        g.code(),
                        format!("{} · {}", g.code(), t.label(*g)),
                        f.nhom == g.code(),
                    )
                })
                .collect(),
            households: [
                ("poor", t.s("dossiers-poor")),
                ("near_poor", t.s("dossiers-near_poor")),
                ("other", t.s("dossiers-other")),
            ]
            .into_iter()
            .map(|(v, l)| Opt::new(v, l, f.ho == v))
            .collect(),
            f,
            errors,
            notice,
        },
    )
}

pub async fn list(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let f = IntakeForm {
        ngay_nhan: format::date(today_vn()),
        ..IntakeForm::default()
    };
    let all = !p.tat_ca.is_empty();
    list_page(
        &app,
        &ctx,
        all,
        f,
        FieldErrors::default(),
        None,
        StatusCode::OK,
    )
    .await
}

pub async fn create(
    State(app): State<AppState>,
    ctx: Ctx,
    Form(f): Form<IntakeForm>,
) -> Result<Response, WebError> {
    ctx.check_csrf(&app, &f.csrf).await?;
    let scoped = ctx.scoped(&app);
    scoped
        .authorize(
            Domain::Assistance.write(),
            ansinh_store::assistance::DOSSIER,
        )
        .await?;
    let mut errors = FieldErrors::default();
    let pid = f.so_dinh_danh.trim();
    let mut person = None;
    // The core's check (length, province, century and sex, year digits), as on the person form.
    if let Err(e) = ansinh_core::PersonalId::parse(pid) {
        errors.add("so_dinh_danh", e.to_string());
    } else {
        let hits = scoped.search_persons(SearchQuery::new(pid)).await?;
        match hits
            .items
            .into_iter()
            .find(|h| h.personal_id.as_deref() == Some(pid))
        {
            Some(h) => person = Some(h.id),
            None => errors.add("so_dinh_danh", ctx.tr.s("dossiers-pid_unknown")),
        }
    }
    if !FORMS.contains(&f.mau.as_str()) {
        errors.add("mau", ctx.tr.s("dossiers-choose"));
    }
    let group = Group::from_code(&f.nhom);
    if group.is_none() {
        errors.add("nhom", ctx.tr.s("dossiers-choose"));
    }
    let received = match parse_full_date(&f.ngay_nhan) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.add("ngay_nhan", e.to_string());
            None
        }
    };
    let household = match f.ho.as_str() {
        "poor" => Household::Poor,
        "near_poor" => Household::NearPoor,
        _ => Household::Other,
    };
    let (Some(person), Some(group), Some(received), true) =
        (person, group, received, errors.is_empty())
    else {
        return list_page(
            &app,
            &ctx,
            false,
            f,
            errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let birth = ctx.scoped(&app).person(person).await?.birth;
    let mut circumstances = Facts::new(birth);
    circumstances.household = household;
    let n = NewDossier {
        person_id: person,
        form: f.mau.clone(),
        group,
        documents: f.giay_to.trim().to_string(),
        received_on: received,
        circumstances,
        address: f.dia_chi.trim().to_string(),
    };
    match scoped.create_dossier(&n).await {
        Ok(d) => Ok(Redirect::to(&format!("/ho-so/{}", d.id)).into_response()),
        Err(e) => {
            let msg = crate::routes::rule_refusal(e)?;
            list_page(
                &app,
                &ctx,
                false,
                f,
                errors,
                Some(msg),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "assistance/dossier.html")]
struct DetailPage {
    t: Tr,
    l: Layout,
    d: DossierRow,
    form: String,
    documents: String,
    procedure: String,
    reject_reason: String,
    steps: Vec<StepView>,
    can_write: bool,
    can_decide: bool,
    today: String,
    notice: Option<String>,
}

async fn detail_page(
    app: &AppState,
    ctx: &Ctx,
    id: Uuid,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let t = ctx.tr;
    let cal = calendar()?;
    let d = ctx.scoped(app).dossier(id).await?;
    let open = d.status == DossierStatus::Open;
    render_status(
        status,
        &DetailPage {
            t,
            l: ctx.layout(t.s("dossiers-title"), "dossiers"),
            form: d.form.clone(),
            documents: d.documents.clone(),
            procedure: Procedure::by_code(&d.procedure)
                .map(|p| t.procedure(&p))
                .unwrap_or_else(|| d.procedure.clone()),
            reject_reason: d.reject_reason.clone().unwrap_or_default(),
            steps: steps_of(t, &d, &cal),
            d: row_of(t, &d, &cal),
            can_write: open && ctx.can(Domain::Assistance.write()),
            can_decide: open && ctx.can(Domain::Assistance.approve()),
            today: format::date(today_vn()),
            notice,
        },
    )
}

pub async fn show(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    detail_page(&app, &ctx, id, None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct ActionForm {
    csrf: String,
    #[serde(default)]
    buoc: String,
    #[serde(default)]
    ngay: String,
    #[serde(default)]
    so: String,
    #[serde(default)]
    he_so: String,
    #[serde(default)]
    ly_do: String,
}

/// "1,5" or "1.5" → 150 hundredths: digits only, at most two after the separator, and no
/// more than an `i32` holds (a longer number is no coefficient, not one that wraps around).
pub(crate) fn coefficient(raw: &str) -> Option<i32> {
    let s = raw.trim().replace(',', ".");
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) {
        return None;
    }
    let whole: i32 = whole.parse().ok()?;
    let frac: i32 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i32>().ok()? * 10,
        2 => frac.parse().ok()?,
        _ => return None,
    };
    whole.checked_mul(100)?.checked_add(frac)
}

/// Record a step (`buoc`), decide (`quyet-dinh`) or reject (`tu-choi`).
pub async fn act(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((id, action)): Path<(String, String)>,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    ctx.check_csrf(&app, &f.csrf).await?;
    let scoped = ctx.scoped(&app);
    let t = ctx.tr;
    let day = match parse_full_date(&f.ngay) {
        Ok(d) => d,
        Err(e) => {
            let msg = format!("{}: {e}", t.s("review-date"));
            return detail_page(&app, &ctx, id, Some(msg), StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let done = match action.as_str() {
        "buoc" => scoped
            .record_dossier_step(id, f.buoc.trim(), day)
            .await
            .map(|_| ()),
        "quyet-dinh" => {
            let c = if f.he_so.trim().is_empty() {
                None
            } else {
                match coefficient(&f.he_so) {
                    Some(c) => Some(c),
                    None => {
                        let msg = format!("{}: '{}'", t.s("dossiers-bad_coefficient"), f.he_so);
                        return detail_page(
                            &app,
                            &ctx,
                            id,
                            Some(msg),
                            StatusCode::UNPROCESSABLE_ENTITY,
                        )
                        .await;
                    }
                }
            };
            scoped.grant_dossier(id, &f.so, day, c).await.map(|_| ())
        }
        "tu-choi" => scoped.reject_dossier(id, day, &f.ly_do).await,
        _ => return Err(WebError::NotFound),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/ho-so/{id}")).into_response()),
        Err(e) => {
            let msg = crate::routes::rule_refusal(e)?;
            detail_page(&app, &ctx, id, Some(msg), StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::coefficient;

    #[test]
    fn coefficients_as_officers_write_them() {
        assert_eq!(coefficient("1,5"), Some(150));
        assert_eq!(coefficient("2"), Some(200));
        assert_eq!(coefficient("2.5"), Some(250));
        assert_eq!(coefficient("1,25"), Some(125));
        assert_eq!(coefficient("1,255"), None);
        assert_eq!(coefficient("một"), None);
    }

    #[test]
    fn a_coefficient_too_large_or_signed_is_refused_not_wrapped() {
        // Found by the fuzzing harness: "30000000" times 100 overflowed an i32 (a panic in a
        // debug build; in a release build 42949673 became 0,04), and a sign inside ("1,-5")
        // made 0,95.
        assert_eq!(coefficient("30000000"), None);
        assert_eq!(coefficient("42949673"), None);
        assert_eq!(coefficient("21474836,47"), Some(i32::MAX));
        assert_eq!(coefficient("21474836,48"), None);
        for signed in ["1,-5", "-1,5", "+1,5", "1,+5", ",5", ""] {
            assert_eq!(coefficient(signed), None, "{signed}");
        }
    }
}
