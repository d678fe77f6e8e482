//! The monthly payroll over the API: runs, their totals, computing a month. Everything goes
//! through `Scoped` with the token's role and communes, as in the web UI.

use ansinh_core::payroll::{Month, MonthError, Totals};
use ansinh_store::payroll::PayrollRun;
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::auth::ApiCtx;
use crate::api::dto::ErrorResponse;
use crate::api::error::ApiError;

/// Money figures in VND (integers): the month's allowances, arrears (truy lĩnh), recoveries
/// (truy thu, negative) and what is paid out.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TotalsDto {
    pub regular: i64,
    pub arrears: i64,
    pub recovery: i64,
    pub net: i64,
    pub lines: usize,
}

impl From<&Totals> for TotalsDto {
    fn from(t: &Totals) -> Self {
        TotalsDto {
            regular: t.regular,
            arrears: t.arrears,
            recovery: t.recovery,
            net: t.net(),
            lines: t.lines,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RunDto {
    pub id: String,
    /// `2024-07`.
    pub month: String,
    /// Commune code; absent for a province-wide run.
    pub area: Option<String>,
    /// `draft`, `approved` or `locked`.
    pub state: String,
    pub beneficiaries: i64,
    pub totals: TotalsDto,
}

fn run_dto(app: &AppState, r: &PayrollRun) -> RunDto {
    let catalog = app.reference().area_catalog();
    RunDto {
        id: r.id.to_string(),
        month: r.month.to_string(),
        area: r
            .area_id
            .and_then(|a| catalog.by_id(a).map(|a| a.code.clone())),
        state: r.state.code().to_string(),
        beneficiaries: r.beneficiaries,
        totals: TotalsDto::from(&r.totals),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthQuery {
    /// `yyyy-mm`.
    #[param(pattern = "^[1-9][0-9]{3}-(0[1-9]|1[0-2])$", example = "2024-07")]
    pub month: String,
}

/// `yyyy-mm` with a four-digit year only (officers' `mm/yyyy` is the web form's): exactly what
/// the document's pattern admits.
fn parse_month(raw: &str) -> Result<Month, ApiError> {
    let shaped = raw.len() == 7 && raw.as_bytes().get(4) == Some(&b'-');
    let month = if shaped {
        Month::parse(raw)
    } else {
        Err(MonthError::Format(raw.to_string()))
    };
    month.map_err(|e| ApiError::bad_request(e.code(), e.to_string()))
}

/// The payroll runs of a month that touch the token's communes.
#[utoipa::path(get, path = "/api/v1/payroll/runs", tag = "payroll", params(MonthQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The runs", body = Vec<RunDto>),
        (status = 400, description = "A missing or malformed month (`month.format`, `month.out_of_range`)", body = ErrorResponse),
    ))]
pub async fn runs(
    State(app): State<AppState>,
    ctx: ApiCtx,
    Query(p): Query<MonthQuery>,
) -> Result<Json<Vec<RunDto>>, ApiError> {
    let month = parse_month(&p.month)?;
    let runs = ctx.scoped(&app).payroll_runs(month).await?;
    Ok(Json(runs.iter().map(|r| run_dto(&app, r)).collect()))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct GroupTotalsDto {
    /// ND 20/2021 group code (`K5A`…); absent for recoveries of months no longer due.
    pub group: Option<String>,
    pub totals: TotalsDto,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CommuneTotalsDto {
    pub code: String,
    pub name: String,
    pub totals: TotalsDto,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RunDetailDto {
    pub run: RunDto,
    /// The totals within the token's communes.
    pub totals: TotalsDto,
    pub by_group: Vec<GroupTotalsDto>,
    pub by_commune: Vec<CommuneTotalsDto>,
}

/// A run with its totals by group and commune (within the token's communes).
#[utoipa::path(get, path = "/api/v1/payroll/runs/{id}", tag = "payroll",
    params(("id" = String, Path, description = "Run id (UUID)")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The run", body = RunDetailDto),
        (status = 403, description = "Outside the token's scope", body = ErrorResponse),
        (status = 404, description = "No such run", body = ErrorResponse),
    ))]
pub async fn run(
    State(app): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<String>,
) -> Result<Json<RunDetailDto>, ApiError> {
    let id = uuid::Uuid::parse_str(&id).map_err(|_| ApiError::not_found())?;
    let scoped = ctx.scoped(&app);
    let r = scoped.payroll_run(id).await?;
    let (totals, sum) = scoped.payroll_totals(id).await?;
    Ok(Json(RunDetailDto {
        run: run_dto(&app, &r),
        totals: TotalsDto::from(&sum),
        by_group: totals
            .by_group
            .iter()
            .map(|(g, t)| GroupTotalsDto {
                group: g.clone(),
                totals: TotalsDto::from(t),
            })
            .collect(),
        by_commune: totals
            .by_commune
            .iter()
            .map(|((code, name), t)| CommuneTotalsDto {
                code: code.clone(),
                name: name.clone(),
                totals: TotalsDto::from(t),
            })
            .collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewRunDto {
    /// `yyyy-mm`.
    #[schema(pattern = "^[1-9][0-9]{3}-(0[1-9]|1[0-2])$", example = "2024-07")]
    pub month: String,
    /// A commune code; absent: the whole province (needs a province-wide token).
    pub area: Option<String>,
}

/// Computes a month as a draft (or re-computes a draft): 422 with the reason for a locked
/// or approved month.
#[utoipa::path(post, path = "/api/v1/payroll/runs", tag = "payroll",
    request_body(content = NewRunDto, content_type = "application/json"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The draft run", body = RunDto,
            links(("run" = (operation_id = "run", parameters(("id" = "$response.body#/id")))))),
        (status = 400, description = "Malformed JSON, or a malformed month (`month.format`, `month.out_of_range`)", body = ErrorResponse),
        (status = 403, description = "Role or area not allowed", body = ErrorResponse),
        (status = 404, description = "No commune with the `area` code today (`registry.unknown_area`)", body = ErrorResponse),
        (status = 422, description = "Refused by the payroll rules (`payroll.locked`, `payroll.approved`, `payroll.overlap`, …), or JSON of the wrong shape (`bad_request`)", body = ErrorResponse),
    ))]
pub async fn compute(
    State(app): State<AppState>,
    ctx: ApiCtx,
    Json(body): Json<NewRunDto>,
) -> Result<Json<RunDto>, ApiError> {
    let month = parse_month(&body.month)?;
    let area = match body
        .area
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(code) => Some(
            app.reference()
                .area_by_code(code, ansinh_store::today_vn())
                .await?
                .id,
        ),
    };
    let report = ctx.scoped(&app).run_payroll(month, area).await?;
    Ok(Json(run_dto(&app, &report.run)))
}

/// This capability's part of the API document.
pub fn doc() -> utoipa::openapi::OpenApi {
    #[derive(utoipa::OpenApi)]
    #[openapi(paths(runs, run, compute), tags((name = "payroll", description = "The monthly social-assistance payroll")))]
    struct Doc;
    <Doc as utoipa::OpenApi>::openapi()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse_month` takes what the document's pattern admits and nothing else; both months of
    /// the document carry that pattern.
    #[test]
    fn months_are_what_the_document_says() {
        const PATTERN: &str = "^[1-9][0-9]{3}-(0[1-9]|1[0-2])$";
        for ok in ["2024-07", "1000-01", "9999-12"] {
            assert!(parse_month(ok).is_ok(), "{ok}");
        }
        for bad in [
            "", "07/2024", "7/2024", " 2024-07", "2024-07 ", "2024-7", "0999-12", "2024-00",
            "2024-13", "+024-07", "2024/07",
        ] {
            assert!(parse_month(bad).is_err(), "{bad}");
        }
        let doc = serde_json::to_value(crate::api::openapi()).unwrap();
        let param = &doc["paths"]["/api/v1/payroll/runs"]["get"]["parameters"][0];
        assert_eq!(param["name"], "month");
        assert_eq!(param["required"], true);
        assert_eq!(param["schema"]["pattern"], PATTERN);
        let body = &doc["components"]["schemas"]["NewRunDto"];
        assert_eq!(body["properties"]["month"]["pattern"], PATTERN);
        assert_eq!(body["required"], serde_json::json!(["month"]));
    }
}
