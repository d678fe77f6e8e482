//! The API's handlers. Registry data comes only through [`ansinh_store::scoped::Scoped`]; the
//! area catalogue (no personal data) is read from the store directly.

use ansinh_core::registry::RegistryError;
use ansinh_core::registry::person::validate_person;
use ansinh_core::{AreaLevel, PersonDraft};
use ansinh_store::registry::search::{Cursor, MAX_PAGE, SearchQuery};
use ansinh_store::{StoreError, today_vn};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::AppState;
use crate::api::auth::ApiCtx;
use crate::api::dto::*;
use crate::api::error::ApiError;

/// Rows per page when `limit` is not given.
const DEFAULT_LIMIT: u32 = 50;

fn parse_day(raw: Option<&str>) -> Result<NaiveDate, ApiError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(today_vn()),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            ApiError::bad_request(
                "api.bad_date",
                format!("ngày '{s}' không hợp lệ (YYYY-MM-DD)"),
            )
        }),
    }
}

fn parse_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| ApiError::not_found())
}

async fn search_query(app: &AppState, p: &SearchParams) -> Result<SearchQuery, ApiError> {
    let mut q = SearchQuery::new(p.q.as_deref().unwrap_or("").trim());
    q.limit = p.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_PAGE);
    if let Some(code) = p.area.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        match app.reference().area_by_code(code, today_vn()).await {
            Ok(a) => q.area_id = Some(a.id),
            Err(e @ StoreError::Registry(RegistryError::UnknownArea { .. })) => {
                return Err(ApiError::bad_request(e.code(), e.to_string()));
            }
            Err(e) => return Err(e.into()),
        }
    }
    if let Some(after) = p.after.as_deref().filter(|s| !s.is_empty()) {
        q.after =
            Some(Cursor::from_token(after).map_err(|_| {
                ApiError::bad_request("api.bad_cursor", "con trỏ trang không hợp lệ")
            })?);
    }
    Ok(q)
}

/// Units in force on a day.
#[utoipa::path(get, path = "/api/v1/areas", tag = "areas", params(AreaQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Units in force on the day", body = Vec<AreaDto>),
        (status = 400, description = "Bad date or level", body = ErrorResponse),
        (status = 401, description = "Missing or invalid token", body = ErrorResponse),
    ))]
pub async fn areas(
    State(app): State<AppState>,
    _ctx: ApiCtx,
    Query(p): Query<AreaQuery>,
) -> Result<Json<Vec<AreaDto>>, ApiError> {
    let day = parse_day(p.ngay.as_deref())?;
    let level = match p.level.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => AreaLevel::Commune,
        Some(l) => AreaLevel::from_code(l).ok_or_else(|| {
            ApiError::bad_request(
                "api.bad_level",
                format!("cấp '{l}' không hợp lệ (province, district, commune)"),
            )
        })?,
    };
    let list = app.reference().areas_in_force(level, day).await?;
    Ok(Json(list.iter().map(AreaDto::from).collect()))
}

/// The older units merged into a unit (the 2025 reorganisation and earlier changes).
#[utoipa::path(get, path = "/api/v1/areas/{code}/predecessors", tag = "areas",
    params(("code" = String, Path, description = "Code of the unit"), DayQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The older units", body = Vec<AreaDto>),
        (status = 401, description = "Missing or invalid token", body = ErrorResponse),
        (status = 404, description = "No unit with this code on the day", body = ErrorResponse),
    ))]
pub async fn predecessors(
    State(app): State<AppState>,
    _ctx: ApiCtx,
    Path(code): Path<String>,
    Query(p): Query<DayQuery>,
) -> Result<Json<Vec<AreaDto>>, ApiError> {
    let day = parse_day(p.ngay.as_deref())?;
    let area = app.reference().area_by_code(&code, day).await?;
    let old = app.reference().predecessors_of(area.id).await?;
    Ok(Json(old.iter().map(AreaDto::from).collect()))
}

/// Search persons inside the token's communes, paged by cursor.
#[utoipa::path(get, path = "/api/v1/persons", tag = "persons", params(SearchParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One page", body = PersonPage),
        (status = 400, description = "Unknown area code or bad cursor", body = ErrorResponse),
        (status = 401, description = "Missing or invalid token", body = ErrorResponse),
        (status = 403, description = "Area outside the token's scope", body = ErrorResponse),
    ))]
pub async fn persons(
    State(app): State<AppState>,
    ctx: ApiCtx,
    Query(p): Query<SearchParams>,
) -> Result<Json<PersonPage>, ApiError> {
    let q = search_query(&app, &p).await?;
    let page = ctx.scoped(&app).search_persons(q).await?;
    Ok(Json(PersonPage {
        items: page.items.into_iter().map(PersonHitDto::from).collect(),
        next: page.next.map(|c| c.to_token()),
    }))
}

/// A person's record (the opening is written to the audit log).
#[utoipa::path(get, path = "/api/v1/persons/{id}", tag = "persons",
    params(("id" = String, Path, description = "Record id (UUID)")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The person", body = PersonDto),
        (status = 401, description = "Missing or invalid token", body = ErrorResponse),
        (status = 403, description = "Outside the token's scope", body = ErrorResponse),
        (status = 404, description = "No such person", body = ErrorResponse),
    ))]
pub async fn person(
    State(app): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<String>,
) -> Result<Json<PersonDto>, ApiError> {
    let id = parse_id(&id)?;
    let p = ctx.scoped(&app).person(id).await?;
    Ok(Json(PersonDto::from(&p)))
}

/// Register a person.
#[utoipa::path(post, path = "/api/v1/persons", tag = "persons", request_body = NewPersonDto,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Registered", body = PersonDto),
        (status = 401, description = "Missing or invalid token", body = ErrorResponse),
        (status = 403, description = "Role may not write, or commune outside the scope", body = ErrorResponse),
        (status = 422, description = "Field errors (all of them), duplicate personal ID or unknown commune", body = ErrorResponse),
    ))]
pub async fn create_person(
    State(app): State<AppState>,
    ctx: ApiCtx,
    Json(body): Json<NewPersonDto>,
) -> Result<(StatusCode, Json<PersonDto>), ApiError> {
    let draft = PersonDraft {
        personal_id: body.personal_id.trim().to_string(),
        full_name: body.full_name,
        sex: body.sex,
        birth_date: body.birth_date.trim().to_string(),
        ethnicity: body.ethnicity,
        area_code: body.area_code.trim().to_string(),
        phone: body.phone,
        death_date: String::new(),
    };
    let valid = validate_person(&draft, today_vn()).map_err(|list| ApiError::invalid(&list))?;
    let p = ctx
        .scoped(&app)
        .create_person(&valid)
        .await
        .map_err(ApiError::of_person_write)?;
    Ok((StatusCode::CREATED, Json(PersonDto::from(&p))))
}

/// Search households inside the token's communes, paged by cursor.
#[utoipa::path(get, path = "/api/v1/households", tag = "households", params(SearchParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One page", body = HouseholdPage),
        (status = 400, description = "Unknown area code or bad cursor", body = ErrorResponse),
        (status = 401, description = "Missing or invalid token", body = ErrorResponse),
        (status = 403, description = "Area outside the token's scope", body = ErrorResponse),
    ))]
pub async fn households(
    State(app): State<AppState>,
    ctx: ApiCtx,
    Query(p): Query<SearchParams>,
) -> Result<Json<HouseholdPage>, ApiError> {
    let q = search_query(&app, &p).await?;
    let page = ctx.scoped(&app).search_households(q).await?;
    Ok(Json(HouseholdPage {
        items: page.items.into_iter().map(HouseholdHitDto::from).collect(),
        next: page.next.map(|c| c.to_token()),
    }))
}

/// A household with its current and past members (the opening is logged).
#[utoipa::path(get, path = "/api/v1/households/{id}", tag = "households",
    params(("id" = String, Path, description = "Record id (UUID)")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The household", body = HouseholdDto),
        (status = 401, description = "Missing or invalid token", body = ErrorResponse),
        (status = 403, description = "Outside the token's scope", body = ErrorResponse),
        (status = 404, description = "No such household", body = ErrorResponse),
    ))]
pub async fn household(
    State(app): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<String>,
) -> Result<Json<HouseholdDto>, ApiError> {
    let id = parse_id(&id)?;
    let (h, members) = ctx.scoped(&app).household(id).await?;
    Ok(Json(HouseholdDto::of(&h, &members)))
}

/// The registry's part of the API document.
pub fn doc() -> utoipa::openapi::OpenApi {
    #[derive(utoipa::OpenApi)]
    #[openapi(
        paths(areas, predecessors, persons, person, create_person, households, household),
        tags(
            (name = "areas", description = "The area catalogue over time"),
            (name = "persons", description = "Persons of the registry"),
            (name = "households", description = "Households and their members"),
        )
    )]
    struct Doc;
    <Doc as utoipa::OpenApi>::openapi()
}
