//! The monthly payroll (chi trả trợ cấp xã hội hằng tháng): a province officer computes a
//! month, the leader approves and locks it, and each commune's payment list is printed or
//! downloaded. Every step goes through the store's `Scoped` handle; a refusal of the payroll
//! rules (a locked month, a stale draft) is shown on the page and changes nothing.

use ansinh_core::access::Domain;
use ansinh_core::assistance::Group;
use ansinh_core::payroll::{Month, Totals};
use ansinh_files::{ListHeading, ListLinks, render_payment_list, write_payment_list};
use ansinh_store::payroll::{PayrollRun, RunState};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Ctx;
use crate::error::WebError;
use crate::format;
use crate::i18n::Tr;
use crate::layout::{Layout, Opt, render_status};
use crate::routes::parse_id;

/// A run as one row of the month's table.
pub struct RunView {
    pub id: String,
    pub scope: String,
    pub state: &'static str,
    pub state_class: &'static str,
    pub beneficiaries: String,
    pub totals: TotalsView,
    pub created: String,
}

/// Money figures of a group of lines, formatted.
pub struct TotalsView {
    pub regular: String,
    pub arrears: String,
    pub recovery: String,
    pub net: String,
    pub lines: String,
}

impl TotalsView {
    fn of(t: &Totals) -> TotalsView {
        TotalsView {
            regular: format::thousands(t.regular),
            arrears: format::thousands(t.arrears),
            recovery: format::thousands(t.recovery),
            net: format::thousands(t.net()),
            lines: format::thousands(t.lines as i64),
        }
    }
}

fn state_class(s: RunState) -> &'static str {
    match s {
        RunState::Draft => "warn",
        RunState::Approved => "urban",
        RunState::Locked => "ok",
    }
}

#[derive(Template)]
#[template(path = "payroll/month.html")]
struct MonthPage {
    t: Tr,
    l: Layout,
    month: String,
    month_error: Option<String>,
    runs: Vec<RunView>,
    communes: Vec<Opt>,
    can_run: bool,
    notice: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct MonthParams {
    #[serde(default)]
    thang: String,
}

/// The month asked for, or the current one.
pub(crate) fn month_of(raw: &str) -> Result<Month, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(Month::of(ansinh_store::today_vn()));
    }
    Month::parse(raw).map_err(|e| e.to_string())
}

fn run_views(app: &AppState, ctx: &Ctx, runs: &[PayrollRun]) -> Vec<RunView> {
    let t = ctx.tr;
    let catalog = app.reference().area_catalog();
    runs.iter()
        .map(|r| RunView {
            id: r.id.to_string(),
            scope: match r.area_id.and_then(|a| catalog.by_id(a)) {
                Some(a) => format!("{} ({})", a.name, a.code),
                None => t.s("payroll-province").to_string(),
            },
            state: t.label(r.state),
            state_class: state_class(r.state),
            beneficiaries: format::thousands(r.beneficiaries),
            totals: TotalsView::of(&r.totals),
            created: format!("{} · {}", r.created_by, format::moment(r.created_at)),
        })
        .collect()
}

async fn month_page(
    app: &AppState,
    ctx: &Ctx,
    raw: &str,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let t = ctx.tr;
    let scoped = ctx.scoped(app);
    let (month, month_error) = match month_of(raw) {
        Ok(m) => (m, None),
        Err(e) => (Month::of(ansinh_store::today_vn()), Some(e)),
    };
    let runs = scoped.payroll_runs(month).await?;
    let communes = scoped.communes_today().await?;
    let page = MonthPage {
        t,
        l: ctx.layout(t.s("payroll-title"), "payroll"),
        month: if month_error.is_some() {
            raw.to_string()
        } else {
            month.format_vn()
        },
        month_error,
        runs: run_views(app, ctx, &runs),
        communes: communes
            .iter()
            .map(|c| Opt::new(c.code.clone(), format!("{} ({})", c.name, c.code), false))
            .collect(),
        can_run: ctx.can(Domain::Payroll.write()),
        notice,
    };
    render_status(status, &page)
}

pub async fn month(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(p): Query<MonthParams>,
) -> Result<Response, WebError> {
    month_page(&app, &ctx, &p.thang, None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct RunForm {
    csrf: String,
    thang: String,
    #[serde(default)]
    xa: String,
}

pub async fn run(
    State(app): State<AppState>,
    ctx: Ctx,
    Form(f): Form<RunForm>,
) -> Result<Response, WebError> {
    ctx.check_csrf(&app, &f.csrf).await?;
    let scoped = ctx.scoped(&app);
    scoped
        .authorize(Domain::Payroll.write(), ansinh_store::payroll::PAYROLL)
        .await?;
    let month = match month_of(&f.thang) {
        Ok(m) => m,
        Err(e) => {
            return month_page(
                &app,
                &ctx,
                &f.thang,
                Some(e),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let area = crate::registry::persons::area_param(&app, &f.xa).await?;
    match scoped.run_payroll(month, area).await {
        Ok(report) => Ok(Redirect::to(&format!("/chi-tra/{}", report.run.id)).into_response()),
        Err(e) => {
            let msg = crate::routes::rule_refusal(e)?;
            month_page(
                &app,
                &ctx,
                &f.thang,
                Some(msg),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

pub struct GroupRow {
    pub code: String,
    pub label: String,
    pub totals: TotalsView,
}

pub struct CommuneRow {
    pub code: String,
    pub name: String,
    pub totals: TotalsView,
}

#[derive(Template)]
#[template(path = "payroll/run.html")]
struct RunPage {
    t: Tr,
    l: Layout,
    run: RunView,
    month: String,
    month_param: String,
    total: TotalsView,
    groups: Vec<GroupRow>,
    communes: Vec<CommuneRow>,
    can_approve: bool,
    can_lock: bool,
    can_list: bool,
    notice: Option<String>,
}

async fn run_page(
    app: &AppState,
    ctx: &Ctx,
    id: Uuid,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let t = ctx.tr;
    let scoped = ctx.scoped(app);
    let run = scoped.payroll_run(id).await?;
    let (totals, total) = scoped.payroll_totals(id).await?;
    let view = run_views(app, ctx, std::slice::from_ref(&run)).remove(0);
    let groups = totals
        .by_group
        .iter()
        .map(|(code, t)| GroupRow {
            code: code.clone().unwrap_or_else(|| "—".into()),
            label: code
                .as_deref()
                .and_then(Group::from_code)
                .map(|g| ctx.tr.label(g).to_string())
                .unwrap_or_else(|| ctx.tr.s("payroll-recovery_only").to_string()),
            totals: TotalsView::of(t),
        })
        .collect();
    let communes = totals
        .by_commune
        .iter()
        .map(|((code, name), t)| CommuneRow {
            code: code.clone(),
            name: name.clone(),
            totals: TotalsView::of(t),
        })
        .collect();
    let approver = ctx.can(Domain::Payroll.approve());
    render_status(
        status,
        &RunPage {
            t,
            l: ctx.layout(t.s("payroll-title"), "payroll"),
            month: run.month.format_vn(),
            month_param: run.month.to_string(),
            run: view,
            total: TotalsView::of(&total),
            groups,
            communes,
            can_approve: approver && run.state == RunState::Draft,
            can_lock: approver && run.state == RunState::Approved,
            can_list: ctx.can(Domain::Payroll.export()),
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
    run_page(&app, &ctx, id, None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

/// Approves (`duyet`) or locks (`khoa`) a run.
pub async fn advance(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((id, step)): Path<(String, String)>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    ctx.check_csrf(&app, &f.csrf).await?;
    let scoped = ctx.scoped(&app);
    let done = match step.as_str() {
        "duyet" => scoped.approve_payroll(id).await,
        "khoa" => scoped.lock_payroll(id).await,
        _ => return Err(WebError::NotFound),
    };
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/chi-tra/{id}")).into_response()),
        Err(e) => {
            let msg = crate::routes::rule_refusal(e)?;
            run_page(&app, &ctx, id, Some(msg), StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// The payment list of a commune: a printable page, or `.xlsx` for the paying agent.
pub async fn list(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    let (code, xlsx) = match file.strip_suffix(".xlsx") {
        Some(code) => (code.to_string(), true),
        None => (file.clone(), false),
    };
    let area = crate::registry::persons::area_param(&app, &code)
        .await?
        .ok_or(WebError::NotFound)?;
    let scoped = ctx.scoped(&app);
    let run = scoped.payroll_run(id).await?;
    let rows = scoped.payment_list(id, area).await?;
    let catalog = app.reference().area_catalog();
    let commune = catalog.by_id(area).ok_or(WebError::NotFound)?;
    let province = commune.parent_id.and_then(|p| catalog.by_id(p));
    let heading = ListHeading::new(commune, province, run.month);
    if xlsx {
        let name = format!("chi-tra-{}-{code}.xlsx", run.month);
        let bytes =
            tokio::task::spawn_blocking(move || write_payment_list(&heading, &rows)).await??;
        return Ok(crate::routes::download(
            ansinh_files::Format::Xlsx,
            &name,
            bytes,
        ));
    }
    // The printed form is the one `ansinh-files` renders for the command line too.
    let links = ListLinks {
        stylesheet: crate::routes::assets::list_css_url().to_string(),
        back_href: format!("/chi-tra/{id}"),
        back: ctx.tr.s("payroll-title").to_string(),
        xlsx_href: format!("/chi-tra/{id}/danh-sach/{code}.xlsx"),
        print_hint: ctx.tr.s("payroll-print_hint").to_string(),
    };
    Ok(Html(render_payment_list(&heading, &rows, Some(&links))?).into_response())
}
