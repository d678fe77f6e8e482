//! The results of the poverty review by commune over the API, within the token's communes.

use ansinh_core::poverty::{AreaStats, PovertyList};
use ansinh_store::poverty::AreaBasis;
use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::auth::ApiCtx;
use crate::api::dto::ErrorResponse;
use crate::api::error::ApiError;

#[derive(Debug, Deserialize, IntoParams)]
pub struct ReportQuery {
    pub year: i32,
    /// `year` (the communes of that year, default) or `today` (today's communes through the
    /// 2025 mapping).
    pub basis: Option<String>,
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
        (status = 400, description = "Bad basis", body = ErrorResponse),
        (status = 401, description = "Missing or invalid token", body = ErrorResponse),
    ))]
pub async fn poverty_report(
    State(app): State<AppState>,
    ctx: ApiCtx,
    Query(p): Query<ReportQuery>,
) -> Result<Json<PovertyReportDto>, ApiError> {
    let basis = match p.basis.as_deref().unwrap_or("year") {
        "year" => AreaBasis::AsOfYear,
        "today" => AreaBasis::Today,
        other => {
            return Err(ApiError::bad_request(
                "api.bad_basis",
                format!("cơ sở '{other}' không hợp lệ (year, today)"),
            ));
        }
    };
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
