//! Households: search, detail with members and history, creation, and membership changes.

use ansinh_core::access::Domain;
use ansinh_core::date::parse_full_date;
use ansinh_core::registry::RegistryError;
use ansinh_core::registry::household::validate_household_code;
use ansinh_core::{Field, FieldError, MoveReason, Relation};
use ansinh_store::registry::search::SearchQuery;
use ansinh_store::{StoreError, today_vn};
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
use crate::history::EntryView;
use crate::i18n::Tr;
use crate::layout::{FieldErrors, Layout, Opt, render, render_status};
use crate::registry::persons::{
    PersonRowView, SearchParams, commune_options, history_of, page_url, search_query,
};
use crate::routes::{parse_id, rule_refusal};

pub struct HouseholdRowView {
    pub id: String,
    pub code: String,
    pub head: String,
    pub address: String,
    pub area: String,
}

#[derive(Template)]
#[template(path = "registry/households.html")]
struct ListPage {
    t: Tr,
    l: Layout,
    q: String,
    communes: Vec<Opt>,
    rows: Vec<HouseholdRowView>,
    next: Option<String>,
    first: Option<String>,
    can_write: bool,
}

pub async fn list(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(p): Query<SearchParams>,
) -> Result<Response, WebError> {
    let t = ctx.tr;
    let scoped = ctx.scoped(&app);
    let query = search_query(&app, &p).await?;
    let page = scoped.search_households(query).await?;
    let communes = scoped.communes_today().await?;
    let rows = page
        .items
        .into_iter()
        .map(|h| HouseholdRowView {
            id: h.id.to_string(),
            code: h.code,
            head: h.head_name.unwrap_or_default(),
            address: h.address,
            area: h.area_name,
        })
        .collect();
    render(&ListPage {
        t,
        l: ctx.layout(t.s("households-title"), "households"),
        q: p.q.clone(),
        communes: commune_options(&communes, p.xa.trim()),
        rows,
        next: page.next.map(|c| page_url("/ho", &p, Some(&c.to_token()))),
        first: (!p.sau.is_empty()).then(|| page_url("/ho", &p, None)),
        can_write: ctx.can(Domain::Registry.write()),
    })
}

#[derive(Template)]
#[template(path = "registry/household_form.html")]
struct FormPage {
    t: Tr,
    l: Layout,
    code: String,
    address: String,
    communes: Vec<Opt>,
    errors: FieldErrors,
    general: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct HouseholdForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    area_code: String,
    #[serde(default)]
    address: String,
}

async fn form_page(
    app: &AppState,
    ctx: &Ctx,
    f: &HouseholdForm,
    errors: FieldErrors,
    general: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let t = ctx.tr;
    let communes = ctx.scoped(app).communes_today().await?;
    let current = f.area_code.trim();
    let mut options = Vec::new();
    if communes.len() != 1 {
        options.push(Opt::new("", t.s("choose"), current.is_empty()));
    }
    options.extend(commune_options(&communes, current));
    if communes.len() == 1 {
        options[0].selected = true;
    }
    render_status(
        status,
        &FormPage {
            t,
            l: ctx.layout(t.s("households-new"), "households"),
            code: f.code.clone(),
            address: f.address.clone(),
            communes: options,
            errors,
            general,
        },
    )
}

pub async fn new_form(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    if !ctx.can(Domain::Registry.write()) {
        return Err(WebError::Forbidden("không được phép thêm hộ".into()));
    }
    let f = HouseholdForm::default();
    form_page(&app, &ctx, &f, FieldErrors::default(), None, StatusCode::OK).await
}

fn form_field(e: &FieldError) -> &'static str {
    match e.field {
        Field::HouseholdCode => "code",
        Field::Area => "area_code",
        _ => "address",
    }
}

pub async fn create(
    State(app): State<AppState>,
    ctx: Ctx,
    Form(f): Form<HouseholdForm>,
) -> Result<Response, WebError> {
    ctx.check_csrf(&app, &f.csrf).await?;
    ctx.scoped(&app)
        .authorize(Domain::Registry.write(), ansinh_store::registry::HOUSEHOLD)
        .await?;
    let mut errors = FieldErrors::default();
    let mut general = None;
    if let Err(e) = validate_household_code(&f.code) {
        errors.add("code", e.message);
    }
    if f.address.trim().is_empty() {
        errors.add("address", "địa chỉ không được để trống");
    }
    if f.area_code.trim().is_empty() {
        errors.add("area_code", "hãy chọn xã/phường");
    }
    if errors.is_empty() {
        match ctx
            .scoped(&app)
            .create_household(f.code.trim(), f.area_code.trim(), &f.address)
            .await
        {
            Ok(h) => return Ok(Redirect::to(&format!("/ho/{}", h.id)).into_response()),
            Err(StoreError::Invalid(list)) => {
                for e in &list {
                    errors.add(form_field(e), e.message.clone());
                }
            }
            Err(StoreError::Registry(e @ RegistryError::DuplicateHouseholdCode(_))) => {
                errors.add("code", e.to_string())
            }
            Err(StoreError::Registry(e @ RegistryError::UnknownArea { .. })) => {
                errors.add("area_code", e.to_string())
            }
            Err(e) => general = Some(rule_refusal(e)?),
        }
    }
    form_page(
        &app,
        &ctx,
        &f,
        errors,
        general,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

pub struct HouseholdView {
    pub id: String,
    pub code: String,
    pub address: String,
    pub area: String,
    pub settlement: &'static str,
    pub head: String,
}

pub struct MemberView {
    pub person_id: String,
    pub name: String,
    pub pid: String,
    pub birth: String,
    pub relation: &'static str,
    pub joined: String,
    pub join_reason: &'static str,
    pub left: String,
    pub leave_reason: &'static str,
}

/// The add-member form's state: the name search, the chosen person and the messages.
#[derive(Default)]
pub struct AddState {
    pub tim: String,
    pub results: Vec<PersonRowView>,
    pub nguoi: String,
    pub pid: String,
    pub date: String,
    pub relation: String,
    pub reason: String,
    pub error: Option<String>,
    pub pid_err: Option<String>,
    pub date_err: Option<String>,
}

impl AddState {
    pub fn pid_error(&self) -> Option<&str> {
        self.pid_err.as_deref()
    }

    pub fn date_error(&self) -> Option<&str> {
        self.date_err.as_deref()
    }

    pub fn none(&self) -> Option<&str> {
        None
    }
}

#[derive(Template)]
#[template(path = "registry/household.html")]
struct DetailPage {
    t: Tr,
    l: Layout,
    h: HouseholdView,
    current: Vec<MemberView>,
    past: Vec<MemberView>,
    history: Vec<EntryView>,
    views: usize,
    views_text: String,
    can_write: bool,
    add: AddState,
    relations: Vec<Opt>,
    join_reasons: Vec<Opt>,
    leave_reasons: Vec<Opt>,
    today: String,
    message: Option<&'static str>,
    problem: Option<String>,
}

const JOIN_REASONS: [MoveReason; 5] = [
    MoveReason::MovedIn,
    MoveReason::Birth,
    MoveReason::Registered,
    MoveReason::Split,
    MoveReason::Correction,
];
const LEAVE_REASONS: [MoveReason; 4] = [
    MoveReason::MovedOut,
    MoveReason::Death,
    MoveReason::Split,
    MoveReason::Correction,
];

async fn detail_page(
    app: &AppState,
    ctx: &Ctx,
    id: Uuid,
    mut add: AddState,
    message: Option<&'static str>,
    problem: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let t = ctx.tr;
    let scoped = ctx.scoped(app);
    let (h, members) = scoped.household(id).await?;
    let (history, views, views_text) = history_of(&scoped, t, h.id, h.area.id).await?;
    let head = h
        .head_id
        .and_then(|hid| members.iter().find(|m| m.person_id == hid))
        .map(|m| m.full_name.clone())
        .unwrap_or_default();
    let (current, past): (Vec<_>, Vec<_>) = members.iter().partition(|m| m.left_on.is_none());
    let member_view = |m: &&ansinh_store::registry::households::Member| MemberView {
        person_id: m.person_id.to_string(),
        name: m.full_name.clone(),
        pid: m.personal_id.clone().unwrap_or_default(),
        birth: m.birth.to_string(),
        relation: t.relation(m.relation),
        joined: format::date(m.joined_on),
        join_reason: t.reason(m.join_reason),
        left: m.left_on.map(format::date).unwrap_or_default(),
        leave_reason: m.leave_reason.map(|r| t.reason(r)).unwrap_or(""),
    };
    let can_write = ctx.can(Domain::Registry.write());
    if can_write && !add.tim.trim().is_empty() {
        let mut q = SearchQuery::new(add.tim.trim());
        q.limit = 20;
        add.results = scoped
            .search_persons(q)
            .await?
            .items
            .into_iter()
            .map(|p| PersonRowView {
                id: p.id.to_string(),
                name: p.full_name,
                pid: p.personal_id.unwrap_or_default(),
                sex: t.sex(p.sex),
                birth: p.birth.to_string(),
                area: p.area_name,
            })
            .collect();
    }
    let today = format::date(today_vn());
    if add.date.is_empty() {
        add.date = today.clone();
    }
    let relation = Relation::from_code(&add.relation).unwrap_or(if h.head_id.is_some() {
        Relation::Child
    } else {
        Relation::Head
    });
    let reason = MoveReason::from_code(&add.reason).unwrap_or(MoveReason::MovedIn);
    render_status(
        status,
        &DetailPage {
            t,
            l: ctx.layout(
                format!("{} {}", t.s("household-title"), h.code),
                "households",
            ),
            h: HouseholdView {
                id: h.id.to_string(),
                code: h.code.clone(),
                address: h.address.clone(),
                area: format!("{} ({})", h.area.name, h.area.code),
                settlement: t.label(h.settlement),
                head,
            },
            current: current.iter().map(member_view).collect(),
            past: past.iter().map(member_view).collect(),
            history,
            views,
            views_text,
            can_write,
            add,
            relations: Relation::ALL
                .iter()
                .map(|r| Opt::new(r.code(), t.relation(*r), *r == relation))
                .collect(),
            join_reasons: JOIN_REASONS
                .iter()
                .map(|r| Opt::new(r.code(), t.reason(*r), *r == reason))
                .collect(),
            leave_reasons: LEAVE_REASONS
                .iter()
                .map(|r| Opt::new(r.code(), t.reason(*r), false))
                .collect(),
            today,
            message,
            problem,
        },
    )
}

#[derive(Deserialize, Default)]
pub struct DetailParams {
    #[serde(default)]
    tim: String,
    #[serde(default)]
    tb: String,
}

pub async fn show(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<DetailParams>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    let message = match q.tb.as_str() {
        "them" => Some(ctx.tr.s("household-added")),
        "di" => Some(ctx.tr.s("household-moved_out")),
        _ => None,
    };
    let add = AddState {
        tim: q.tim,
        ..AddState::default()
    };
    detail_page(&app, &ctx, id, add, message, None, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
pub struct AddMemberForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    nguoi: String,
    #[serde(default)]
    so_dinh_danh: String,
    #[serde(default)]
    quan_he: String,
    #[serde(default)]
    ngay: String,
    #[serde(default)]
    ly_do: String,
}

/// A date of a membership change: a full day, not in the future.
pub(crate) fn move_date(raw: &str) -> Result<chrono::NaiveDate, String> {
    let d = parse_full_date(raw).map_err(|e| e.to_string())?;
    if d > today_vn() {
        return Err(format!("ngày {} ở tương lai", format::date(d)));
    }
    Ok(d)
}

pub async fn add_member(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<AddMemberForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    ctx.check_csrf(&app, &f.csrf).await?;
    let t = ctx.tr;
    let scoped = ctx.scoped(&app);
    scoped
        .authorize(Domain::Registry.write(), ansinh_store::registry::HOUSEHOLD)
        .await?;
    let mut add = AddState {
        nguoi: f.nguoi.clone(),
        pid: f.so_dinh_danh.trim().to_string(),
        date: f.ngay.trim().to_string(),
        relation: f.quan_he.clone(),
        reason: f.ly_do.clone(),
        ..AddState::default()
    };
    let person = if !f.nguoi.trim().is_empty() {
        Some(parse_id(f.nguoi.trim())?)
    } else if !add.pid.is_empty() {
        let mut q = SearchQuery::new(&add.pid);
        q.limit = 2;
        let found = scoped
            .search_persons(q)
            .await?
            .items
            .into_iter()
            .find(|p| p.personal_id.as_deref() == Some(add.pid.as_str()));
        if found.is_none() {
            add.pid_err = Some(t.s("household-unknown_pid").into());
        }
        found.map(|p| p.id)
    } else {
        add.error = Some(t.s("household-need_person").into());
        None
    };
    let relation = Relation::from_code(&f.quan_he);
    if relation.is_none() && add.error.is_none() {
        add.error = Some(format!("{}?", t.s("field-relation")));
    }
    let reason = MoveReason::from_code(&f.ly_do).unwrap_or(MoveReason::MovedIn);
    let date = move_date(&f.ngay).map_err(|e| add.date_err = Some(e)).ok();
    if let (Some(person), Some(relation), Some(date)) = (person, relation, date) {
        match scoped.move_into(id, person, relation, date, reason).await {
            Ok(()) => return Ok(Redirect::to(&format!("/ho/{id}?tb=them")).into_response()),
            Err(StoreError::Registry(e)) if e.is_refusal() => add.error = Some(e.to_string()),
            Err(e) => return Err(e.into()),
        }
    }
    detail_page(
        &app,
        &ctx,
        id,
        add,
        None,
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct MoveOutForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    ngay: String,
    #[serde(default)]
    ly_do: String,
}

pub async fn move_out(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((id, person)): Path<(String, String)>,
    Form(f): Form<MoveOutForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    let person = parse_id(&person)?;
    ctx.check_csrf(&app, &f.csrf).await?;
    let scoped = ctx.scoped(&app);
    scoped
        .authorize(Domain::Registry.write(), ansinh_store::registry::HOUSEHOLD)
        .await?;
    let (_, members) = scoped.household(id).await?;
    let problem = if !members
        .iter()
        .any(|m| m.person_id == person && m.left_on.is_none())
    {
        Some(ctx.tr.s("household-not_member").to_string())
    } else {
        let reason = MoveReason::from_code(&f.ly_do).unwrap_or(MoveReason::MovedOut);
        match move_date(&f.ngay) {
            Err(e) => Some(e),
            Ok(date) => match scoped.move_out(person, date, reason).await {
                Ok(()) => return Ok(Redirect::to(&format!("/ho/{id}?tb=di")).into_response()),
                Err(StoreError::Registry(e)) if e.is_refusal() => Some(e.to_string()),
                Err(e) => return Err(e.into()),
            },
        }
    };
    detail_page(
        &app,
        &ctx,
        id,
        AddState::default(),
        None,
        problem,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
