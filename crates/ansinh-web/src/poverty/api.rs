//! The results of the poverty review by commune over the API, within the token's communes.

use ansinh_core::poverty::{AreaStats, PovertyList};
use ansinh_store::poverty::AreaBasis;
use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::Object;
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::auth::ApiCtx;
use crate::api::dto::{ErrorResponse, one_of};
use crate::api::error::ApiError;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// The review year.
    #[param(example = 2023)]
    pub year: i32,
    #[param(schema_with = basis_schema)]
    pub basis: Option<String>,
}

/// What `basis` takes: the codes [`parse_basis`] reads.
const BASES: [(&str, AreaBasis); 2] = [("year", AreaBasis::AsOfYear), ("today", AreaBasis::Today)];

fn basis_schema() -> Object {
    one_of(
        "`year` (the communes of that year, default) or `today` (today's communes through the \
         2025 mapping)",
        &BASES.map(|(code, _)| code),
    )
}

fn parse_basis(raw: Option<&str>) -> Result<AreaBasis, ApiError> {
    let code = raw.unwrap_or("year");
    BASES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, basis)| *basis)
        .ok_or_else(|| {
            ApiError::bad_request(
                "api.bad_basis",
                format!("cơ sở '{code}' không hợp lệ (year, today)"),
            )
        })
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RateDto {
    pub code: String,
    pub name: String,
    pub households: u64,
    pub poor: u64,
    pub near_poor: u64,
    /// Rates in basis points (227 = 2,27 %), exact integer arithmetic.
    pub poor_rate_bp: Option<u64>,
    pub near_poor_rate_bp: Option<u64>,
}

fn rate(code: &str, name: &str, s: &AreaStats) -> RateDto {
    RateDto {
        code: code.to_string(),
        name: name.to_string(),
        households: s.households,
        poor: s.list_count(PovertyList::Poor),
        near_poor: s.list_count(PovertyList::NearPoor),
        poor_rate_bp: s.rate(PovertyList::Poor).basis_points(),
        near_poor_rate_bp: s.rate(PovertyList::NearPoor).basis_points(),
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PovertyReportDto {
    pub year: i32,
    pub communes: Vec<RateDto>,
    pub total: RateDto,
    pub campaigns: usize,
    pub campaigns_approved: usize,
}

/// Poverty and near-poverty rates of a review year by commune, within the token's communes.
#[utoipa::path(get, path = "/api/v1/poverty/report", tag = "poverty", params(ReportQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The rates", body = PovertyReportDto),
        (status = 400, description = "A missing or malformed year, or a bad basis (`api.bad_basis`)", body = ErrorResponse),
        (status = 404, description = "No classified review results for the year (`poverty.no_results`)", body = ErrorResponse),
    ))]
pub async fn poverty_report(
    State(app): State<AppState>,
    ctx: ApiCtx,
    Query(p): Query<ReportQuery>,
) -> Result<Json<PovertyReportDto>, ApiError> {
    let basis = parse_basis(p.basis.as_deref())?;
    let r = ctx.scoped(&app).poverty_report(p.year, basis).await?;
    Ok(Json(PovertyReportDto {
        year: r.year,
        communes: r
            .stats
            .areas
            .iter()
            .map(|(k, s)| rate(&k.code, &k.name, s))
            .collect(),
        total: rate("", "", &r.stats.total),
        campaigns: r.campaigns,
        campaigns_approved: r.campaigns_approved,
    }))
}

/// This capability's part of the API document.
pub fn doc() -> utoipa::openapi::OpenApi {
    #[derive(utoipa::OpenApi)]
    #[openapi(paths(poverty_report), tags((name = "poverty", description = "Results of the annual poverty review")))]
    struct Doc;
    <Doc as utoipa::OpenApi>::openapi()
}
