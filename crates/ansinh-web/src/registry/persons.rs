//! Persons: search, detail with history, create and edit.

use ansinh_core::access::Domain;
use ansinh_core::ethnicity::ETHNIC_GROUPS;
use ansinh_core::registry::RegistryError;
use ansinh_core::registry::person::validate_person;
use ansinh_core::{Area, Ethnicity, PersonDraft, Sex};
use ansinh_store::registry::persons::Person;
use ansinh_store::registry::search::{Cursor, SearchQuery};
use ansinh_store::scoped::Scoped;
use ansinh_store::{StoreError, today_vn};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::AppState;
use crate::auth::Ctx;
use crate::error::WebError;
use crate::format::{self, url_encode};
use crate::history::{self, EntryView};
use crate::i18n::Tr;
use crate::layout::{FieldErrors, Layout, Opt, render, render_status};
use crate::routes::{parse_id, rule_refusal};

/// Rows per page of a search.
pub const PAGE_SIZE: u32 = 50;

#[derive(Deserialize, Default)]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub xa: String,
    #[serde(default)]
    pub sau: String,
}

pub struct PersonRowView {
    pub id: String,
    pub name: String,
    pub pid: String,
    pub sex: &'static str,
    pub birth: String,
    pub area: String,
}

#[derive(Template)]
#[template(path = "registry/persons.html")]
struct ListPage {
    t: Tr,
    l: Layout,
    q: String,
    communes: Vec<Opt>,
    rows: Vec<PersonRowView>,
    next: Option<String>,
    first: Option<String>,
    can_write: bool,
}

/// The commune options of a filter, with `selected` marked.
pub fn commune_options(communes: &[Area], selected: &str) -> Vec<Opt> {
    communes
        .iter()
        .map(|a| {
            Opt::new(
                &a.code,
                format!("{} ({})", a.name, a.code),
                a.code == selected,
            )
        })
        .collect()
}

/// The area id of a commune code from a URL; an unknown code is a page that does not exist.
/// Whether the commune is inside the user's scope is the store's check, not this one.
pub async fn area_param(app: &AppState, code: &str) -> Result<Option<uuid::Uuid>, WebError> {
    let code = code.trim();
    if code.is_empty() {
        return Ok(None);
    }
    match app.reference().area_by_code(code, today_vn()).await {
        Ok(a) => Ok(Some(a.id)),
        Err(StoreError::Registry(RegistryError::UnknownArea { .. })) => Err(WebError::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// Builds the store query of a search page.
pub async fn search_query(app: &AppState, p: &SearchParams) -> Result<SearchQuery, WebError> {
    let mut q = SearchQuery::new(p.q.trim());
    q.limit = PAGE_SIZE;
    q.area_id = area_param(app, &p.xa).await?;
    if !p.sau.is_empty() {
        q.after = Some(
            Cursor::from_token(&p.sau)
                .map_err(|_| WebError::BadRequest("con trỏ trang không hợp lệ".into()))?,
        );
    }
    Ok(q)
}

/// The address of a search page with the same filters.
pub fn page_url(base: &str, p: &SearchParams, after: Option<&str>) -> String {
    let mut url = format!(
        "{base}?q={}&xa={}",
        url_encode(p.q.trim()),
        url_encode(p.xa.trim())
    );
    if let Some(a) = after {
        url.push_str("&sau=");
        url.push_str(&url_encode(a));
    }
    url
}

pub async fn list(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(p): Query<SearchParams>,
) -> Result<Response, WebError> {
    let t = ctx.tr;
    let scoped = ctx.scoped(&app);
    let query = search_query(&app, &p).await?;
    let page = scoped.search_persons(query).await?;
    let communes = scoped.communes_today().await?;
    let rows = page
        .items
        .into_iter()
        .map(|h| PersonRowView {
            id: h.id.to_string(),
            name: h.full_name,
            pid: h.personal_id.unwrap_or_default(),
            sex: t.sex(h.sex),
            birth: h.birth.to_string(),
            area: h.area_name,
        })
        .collect();
    render(&ListPage {
        t,
        l: ctx.layout(t.s("persons-title"), "persons"),
        q: p.q.clone(),
        communes: commune_options(&communes, p.xa.trim()),
        rows,
        next: page
            .next
            .map(|c| page_url("/nhan-khau", &p, Some(&c.to_token()))),
        first: (!p.sau.is_empty()).then(|| page_url("/nhan-khau", &p, None)),
        can_write: ctx.can(Domain::Registry.write()),
    })
}

pub struct HouseholdRef {
    pub id: String,
    pub code: String,
    pub relation: &'static str,
}

pub struct PersonView {
    pub id: String,
    pub name: String,
    pub pid: String,
    pub sex: &'static str,
    pub birth: String,
    pub ethnicity: &'static str,
    pub area: String,
    pub phone: String,
    pub death: String,
    pub household: Option<HouseholdRef>,
    pub updated: String,
}

#[derive(Template)]
#[template(path = "registry/person.html")]
struct DetailPage {
    t: Tr,
    l: Layout,
    p: PersonView,
    history: Vec<EntryView>,
    views: usize,
    views_text: String,
    can_write: bool,
    /// May hand the person a copy of their data (`personal_data.rs`).
    can_export: bool,
    saved: bool,
}

#[derive(Deserialize, Default)]
pub struct DetailParams {
    #[serde(default)]
    luu: String,
}

/// The history of a record, newest first, without the "opened" events, which are counted.
pub async fn history_of(
    scoped: &Scoped<'_>,
    t: Tr,
    id: uuid::Uuid,
    area: uuid::Uuid,
) -> Result<(Vec<EntryView>, usize, String), WebError> {
    let entries = scoped.history(id, area).await?;
    let views = entries.iter().filter(|e| e.action == "view").count();
    let areas = scoped.area_catalog();
    let history = entries
        .iter()
        .rev()
        .filter(|e| e.action != "view")
        .map(|e| history::view(t, &areas, e))
        .collect();
    let text = t.f(
        "persons-opened",
        &[("count", format::thousands(views as i64))],
    );
    Ok((history, views, text))
}

pub async fn show(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<DetailParams>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    let t = ctx.tr;
    let scoped = ctx.scoped(&app);
    let p = scoped.person(id).await?;
    let (history, views, views_text) = history_of(&scoped, t, p.id, p.area.id).await?;
    let view = PersonView {
        id: p.id.to_string(),
        name: p.full_name.clone(),
        pid: p.personal_id.clone().unwrap_or_default(),
        sex: t.sex(p.sex),
        birth: p.birth.to_string(),
        ethnicity: p.ethnicity.name(),
        area: format!("{} ({})", p.area.name, p.area.code),
        phone: p.phone.clone().unwrap_or_default(),
        death: p.death_date.map(format::date).unwrap_or_default(),
        household: p.household.as_ref().map(|(hid, code, rel)| HouseholdRef {
            id: hid.to_string(),
            code: code.clone(),
            relation: t.relation(*rel),
        }),
        updated: format::moment(p.updated_at),
    };
    render(&DetailPage {
        t,
        l: ctx.layout(p.full_name.clone(), "persons"),
        p: view,
        history,
        views,
        views_text,
        can_write: ctx.can(Domain::Registry.write()),
        can_export: ctx.can(Domain::Registry.export()),
        saved: q.luu == "1",
    })
}

#[derive(Deserialize, Default)]
pub struct PersonForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    personal_id: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    birth_date: String,
    #[serde(default)]
    ethnicity: String,
    #[serde(default)]
    area_code: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    death_date: String,
}

impl PersonForm {
    fn draft(&self) -> PersonDraft {
        PersonDraft {
            personal_id: self.personal_id.trim().to_string(),
            full_name: self.full_name.clone(),
            sex: self.sex.clone(),
            birth_date: self.birth_date.trim().to_string(),
            ethnicity: self.ethnicity.clone(),
            area_code: self.area_code.trim().to_string(),
            phone: self.phone.clone(),
            death_date: self.death_date.trim().to_string(),
        }
    }
}

#[derive(Template)]
#[template(path = "registry/person_form.html")]
struct FormPage {
    t: Tr,
    l: Layout,
    heading: &'static str,
    action: String,
    cancel: String,
    edit_id: Option<String>,
    version: i32,
    f: PersonDraft,
    errors: FieldErrors,
    general: Option<String>,
    sexes: Vec<Opt>,
    ethnicities: Vec<Opt>,
    communes: Vec<Opt>,
}

fn sex_options(t: Tr, current: &str) -> Vec<Opt> {
    let chosen = Sex::parse(current);
    let mut out = vec![Opt::new("", t.s("choose"), chosen.is_none())];
    for s in [Sex::Male, Sex::Female] {
        out.push(Opt::new(s.code(), t.sex(s), chosen == Some(s)));
    }
    out
}

fn ethnicity_options(current: &str) -> Vec<Opt> {
    let chosen = if current.trim().is_empty() {
        Some(Ethnicity::KINH)
    } else {
        Ethnicity::parse(current).ok()
    };
    ETHNIC_GROUPS
        .iter()
        .map(|(code, name)| {
            Opt::new(
                code.to_string(),
                *name,
                chosen.is_some_and(|e| e.code() == *code),
            )
        })
        .collect()
}

/// Communes the user may choose: their communes in force today, plus the record's own commune
/// when it is an older unit, so editing a legacy record does not move it by accident.
fn form_communes(t: Tr, communes: &[Area], current: &str, own: Option<(&str, &str)>) -> Vec<Opt> {
    let mut out = Vec::new();
    if communes.len() != 1 && current.is_empty() {
        out.push(Opt::new("", t.s("choose"), true));
    }
    if let Some((code, name)) = own
        && !communes.iter().any(|a| a.code == code)
    {
        out.push(Opt::new(code, format!("{name} ({code})"), current == code));
    }
    let single = communes.len() == 1 && current.is_empty();
    out.extend(communes.iter().map(|a| {
        Opt::new(
            &a.code,
            format!("{} ({})", a.name, a.code),
            single || a.code == current,
        )
    }));
    out
}

struct FormState {
    f: PersonDraft,
    errors: FieldErrors,
    general: Option<String>,
    version: i32,
}

async fn form_page(
    app: &AppState,
    ctx: &Ctx,
    edit: Option<&Person>,
    s: FormState,
    status: StatusCode,
) -> Result<Response, WebError> {
    let t = ctx.tr;
    let communes = ctx.scoped(app).communes_today().await?;
    let (heading, action, cancel, edit_id, own) = match edit {
        Some(p) => (
            t.s("persons-edit"),
            format!("/nhan-khau/{}", p.id),
            format!("/nhan-khau/{}", p.id),
            Some(p.id.to_string()),
            Some((p.area.code.as_str(), p.area.name.as_str())),
        ),
        None => (
            t.s("persons-new"),
            "/nhan-khau".to_string(),
            "/nhan-khau".to_string(),
            None,
            None,
        ),
    };
    render_status(
        status,
        &FormPage {
            t,
            l: ctx.layout(heading, "persons"),
            heading,
            action,
            cancel,
            edit_id,
            version: s.version,
            sexes: sex_options(t, &s.f.sex),
            ethnicities: ethnicity_options(&s.f.ethnicity),
            communes: form_communes(t, &communes, s.f.area_code.trim(), own),
            f: s.f,
            errors: s.errors,
            general: s.general,
        },
    )
}

pub async fn new_form(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    if !ctx.can(Domain::Registry.write()) {
        return Err(WebError::Forbidden("không được phép thêm nhân khẩu".into()));
    }
    let state = FormState {
        f: PersonDraft::default(),
        errors: FieldErrors::default(),
        general: None,
        version: 0,
    };
    form_page(&app, &ctx, None, state, StatusCode::OK).await
}

/// Sorts a store refusal of a person into field messages, a general message, or a failure.
fn person_store_error(e: StoreError, errors: &mut FieldErrors) -> Result<Option<String>, WebError> {
    match e {
        StoreError::Invalid(list) => errors.add_core(&list),
        StoreError::Registry(e @ RegistryError::DuplicatePid(_)) => {
            errors.add("personal_id", e.to_string())
        }
        StoreError::Registry(e @ RegistryError::UnknownArea { .. }) => {
            errors.add("area_code", e.to_string())
        }
        other => return rule_refusal(other).map(Some),
    }
    Ok(None)
}

pub async fn create(
    State(app): State<AppState>,
    ctx: Ctx,
    Form(form): Form<PersonForm>,
) -> Result<Response, WebError> {
    ctx.check_csrf(&app, &form.csrf).await?;
    ctx.scoped(&app)
        .authorize(Domain::Registry.write(), ansinh_store::registry::PERSON)
        .await?;
    let draft = form.draft();
    let mut errors = FieldErrors::default();
    let mut general = None;
    match validate_person(&draft, today_vn()) {
        Err(list) => errors.add_core(&list),
        Ok(valid) => match ctx.scoped(&app).create_person(&valid).await {
            Ok(p) => return Ok(Redirect::to(&format!("/nhan-khau/{}?luu=1", p.id)).into_response()),
            Err(e) => general = person_store_error(e, &mut errors)?,
        },
    }
    let state = FormState {
        f: draft,
        errors,
        general,
        version: 0,
    };
    form_page(&app, &ctx, None, state, StatusCode::UNPROCESSABLE_ENTITY).await
}

fn draft_of(p: &Person) -> PersonDraft {
    PersonDraft {
        personal_id: p.personal_id.clone().unwrap_or_default(),
        full_name: p.full_name.clone(),
        sex: p.sex.code().to_string(),
        birth_date: p.birth.to_string(),
        ethnicity: p.ethnicity.code().to_string(),
        area_code: p.area.code.clone(),
        phone: p.phone.clone().unwrap_or_default(),
        death_date: p.death_date.map(format::date).unwrap_or_default(),
    }
}

pub async fn edit_form(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    if !ctx.can(Domain::Registry.write()) {
        return Err(WebError::Forbidden("không được phép sửa nhân khẩu".into()));
    }
    let p = ctx.scoped(&app).person(id).await?;
    let state = FormState {
        f: draft_of(&p),
        errors: FieldErrors::default(),
        general: None,
        version: p.version,
    };
    form_page(&app, &ctx, Some(&p), state, StatusCode::OK).await
}

pub async fn update(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(form): Form<PersonForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&id)?;
    ctx.check_csrf(&app, &form.csrf).await?;
    let scoped = ctx.scoped(&app);
    scoped
        .authorize(Domain::Registry.write(), ansinh_store::registry::PERSON)
        .await?;
    // Read first: another commune's person is refused whatever the form holds.
    let current = scoped.person(id).await?;
    let draft = form.draft();
    let mut version: i32 = form
        .version
        .trim()
        .parse()
        .map_err(|_| WebError::BadRequest("thiếu phiên bản của bản ghi".into()))?;
    let mut errors = FieldErrors::default();
    let mut general = None;
    match validate_person(&draft, today_vn()) {
        Err(list) => errors.add_core(&list),
        Ok(valid) => match scoped.update_person(id, version, &valid).await {
            Ok(p) => return Ok(Redirect::to(&format!("/nhan-khau/{}?luu=1", p.id)).into_response()),
            Err(StoreError::Conflict { found, .. }) => {
                // Show what the officer typed with the other person's version, so that saving
                // again is a deliberate choice to overwrite, made after reading the message.
                general = Some(
                    StoreError::Conflict {
                        expected: version,
                        found,
                    }
                    .to_string(),
                );
                version = found;
            }
            Err(e) => general = person_store_error(e, &mut errors)?,
        },
    }
    let state = FormState {
        f: draft,
        errors,
        general,
        version,
    };
    form_page(
        &app,
        &ctx,
        Some(&current),
        state,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
