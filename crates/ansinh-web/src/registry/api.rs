//! The API's handlers. Registry data comes only through [`ansinh_store::scoped::Scoped`]; the
//! area catalogue (no personal data) is read from the store directly.

use ansinh_core::registry::person::validate_person;
use ansinh_core::{AreaLevel, PersonDraft};
use ansinh_store::registry::search::{Cursor, MAX_PAGE, SearchQuery};
use ansinh_store::today_vn;
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

/// A day parameter: exactly `YYYY-MM-DD` (the document's `format: date`); today when absent.
fn parse_day(raw: Option<&str>) -> Result<NaiveDate, ApiError> {
    let Some(s) = raw else {
        return Ok(today_vn());
    };
    let shaped = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    shaped
        .then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| {
            ApiError::bad_request(
                "api.bad_date",
                format!("ngày '{s}' không hợp lệ (YYYY-MM-DD)"),
            )
        })
}

fn parse_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| ApiError::not_found())
}

async fn search_query(app: &AppState, p: &SearchParams) -> Result<SearchQuery, ApiError> {
    let mut q = SearchQuery::new(p.q.as_deref().unwrap_or("").trim());
    q.limit = p.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_PAGE).contains(&q.limit) {
        return Err(ApiError::bad_request(
            "api.bad_limit",
            format!(
                "số dòng mỗi trang phải từ 1 đến {MAX_PAGE} (nhận {})",
                q.limit
            ),
        ));
    }
    if let Some(code) = p.area.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        // An unknown code is 404 `registry.unknown_area`, as everywhere in the API.
        q.area_id = Some(app.reference().area_by_code(code, today_vn()).await?.id);
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
        (status = 400, description = "A malformed day (`api.bad_date`) or level (`api.bad_level`)", body = ErrorResponse),
    ))]
pub async fn areas(
    State(app): State<AppState>,
    _ctx: ApiCtx,
    Query(p): Query<AreaQuery>,
) -> Result<Json<Vec<AreaDto>>, ApiError> {
    let day = parse_day(p.ngay.as_deref())?;
    let level = match p.level.as_deref() {
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
        (status = 400, description = "A malformed day (`api.bad_date`)", body = ErrorResponse),
        (status = 404, description = "No unit with this code on the day (`registry.unknown_area`)", body = ErrorResponse),
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
        (status = 400, description = "A bad cursor (`api.bad_cursor`), a limit outside 1–200 (`api.bad_limit`) or a malformed query", body = ErrorResponse),
        (status = 403, description = "Area outside the token's scope", body = ErrorResponse),
        (status = 404, description = "No commune with the `area` code today (`registry.unknown_area`)", body = ErrorResponse),
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
#[utoipa::path(post, path = "/api/v1/persons", tag = "persons",
    request_body(content = NewPersonDto, content_type = "application/json"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Registered", body = PersonDto,
            links(("person" = (operation_id = "person", parameters(("id" = "$response.body#/id")))))),
        (status = 403, description = "Role may not write, or commune outside the scope", body = ErrorResponse),
        (status = 422, description = "Field errors, all of them (`registry.invalid`), a duplicate personal ID (`registry.duplicate_pid`), an unknown commune (`registry.unknown_area`), or JSON of the wrong shape (`bad_request`)", body = ErrorResponse),
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
        (status = 400, description = "A bad cursor (`api.bad_cursor`), a limit outside 1–200 (`api.bad_limit`) or a malformed query", body = ErrorResponse),
        (status = 403, description = "Area outside the token's scope", body = ErrorResponse),
        (status = 404, description = "No commune with the `area` code today (`registry.unknown_area`)", body = ErrorResponse),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A day is the document's `format: date` exactly.
    #[test]
    fn days_are_iso_dates() {
        for ok in ["2024-02-29", "0001-01-01", "9999-12-31"] {
            assert!(parse_day(Some(ok)).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "2023-02-29",
            "2024-2-29",
            "31/12/2024",
            " 2024-01-01",
            "+2024-01-01",
            "2024-01-01T00:00",
            "20240101",
        ] {
            assert!(parse_day(Some(bad)).is_err(), "{bad}");
        }
        assert_eq!(parse_day(None).unwrap(), today_vn());
    }

    /// The levels the document lists are the ones the handler reads.
    #[test]
    fn levels_are_what_the_document_says() {
        let doc = serde_json::to_value(crate::api::openapi()).unwrap();
        let level = &doc["paths"]["/api/v1/areas"]["get"]["parameters"][1];
        assert_eq!(level["name"], "level");
        let listed = level["schema"]["enum"].as_array().unwrap();
        assert_eq!(listed.len(), 3);
        for code in listed {
            assert!(
                AreaLevel::from_code(code.as_str().unwrap()).is_some(),
                "{code}"
            );
        }
    }
}
