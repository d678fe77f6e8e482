//! The allowance dossiers over the API, within the token's communes.

use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::auth::ApiCtx;
use crate::api::dto::ErrorResponse;
use crate::api::error::ApiError;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DossierDto {
    pub id: String,
    pub person_id: String,
    pub group: String,
    pub form: String,
    /// ISO date.
    pub received_on: String,
    /// `open`, `granted` or `rejected`.
    pub status: String,
    /// Step code → ISO date done.
    pub done: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DossierQuery {
    /// Only dossiers still being processed (default true).
    pub open: Option<bool>,
}

/// The allowance dossiers of the token's communes, newest first.
#[utoipa::path(get, path = "/api/v1/dossiers", tag = "dossiers", params(DossierQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The dossiers", body = Vec<DossierDto>),
        (status = 400, description = "`open` is not `true` or `false`", body = ErrorResponse),
    ))]
pub async fn dossiers(
    State(app): State<AppState>,
    ctx: ApiCtx,
    Query(p): Query<DossierQuery>,
) -> Result<Json<Vec<DossierDto>>, ApiError> {
    let list = ctx.scoped(&app).dossiers(p.open.unwrap_or(true)).await?;
    Ok(Json(
        list.into_iter()
            .map(|d| DossierDto {
                id: d.id.to_string(),
                person_id: d.person_id.to_string(),
                group: d.group.code().to_string(),
                form: d.form,
                received_on: d.received_on.to_string(),
                status: d.status.code().to_string(),
                done: d
                    .done
                    .into_iter()
                    .map(|(k, v)| (k, v.to_string()))
                    .collect(),
            })
            .collect(),
    ))
}

/// This capability's part of the API document.
pub fn doc() -> utoipa::openapi::OpenApi {
    #[derive(utoipa::OpenApi)]
    #[openapi(paths(dossiers), tags((name = "dossiers", description = "Dossiers for the monthly allowance")))]
    struct Doc;
    <Doc as utoipa::OpenApi>::openapi()
}
