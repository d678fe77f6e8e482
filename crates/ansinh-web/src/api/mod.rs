//! The JSON API under `/api/v1`, for integrators: token authentication (`Authorization:
//! Bearer`), scoped exactly like a user with the token's role and communes, errors as JSON
//! with stable codes, and its OpenAPI document with a Swagger UI served from the binary.

pub mod auth;
pub mod dto;
pub mod error;

use std::sync::{Arc, LazyLock};

use axum::http::{HeaderValue, header};
use axum::routing::get;
use axum::{Json, Router, middleware};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::AppState;
use crate::registry::api as handlers;
use crate::{assistance, payroll, poverty};

pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "ansinh API",
        description = "The registry of persons and households of the province, for integrators.\n\n\
Authentication: every request carries `Authorization: Bearer <token>`. Tokens are created by an \
administrator (`ansinh user token …`), have a role and communes like a user account, and can be \
revoked. Session cookies of the web UI are not accepted here. A token sees and changes only the \
records of its communes (and the older communes merged into them); a refusal is 403 and is \
written to the audit log.\n\n\
Errors: `{\"error\": {\"code\", \"message\", \"fields\"?, \"request_id\"}}` with a stable `code` \
(`auth.missing_token`, `auth.invalid_token`, `forbidden`, `not_found`, `registry.invalid`, \
`registry.duplicate_pid`, `registry.unknown_area`, `conflict`, …) and a Vietnamese `message`.\n\n\
Paging: lists return `next`; pass it as `after` to get the following page.\n\n\
Imports: spreadsheet imports (XLSX/CSV) run synchronously in the web UI (`/nhap`: dry run, \
then confirmation); there are no background jobs, hence no import-status endpoint yet.",
        version = "1"
    ),
    paths(
        handlers::areas,
        handlers::predecessors,
        handlers::persons,
        handlers::person,
        handlers::create_person,
        handlers::households,
        handlers::household,
        payroll::api::runs,
        payroll::api::run,
        payroll::api::compute,
        poverty::api::poverty_report,
        assistance::api::dossiers,
    ),
    components(schemas(dto::ErrorResponse, dto::ErrorBody, dto::FieldErrorDto)),
    modifiers(&BearerAuth),
    tags(
        (name = "areas", description = "The area catalogue over time"),
        (name = "persons", description = "Persons of the registry"),
        (name = "households", description = "Households and their members"),
        (name = "payroll", description = "The monthly social-assistance payroll"),
        (name = "poverty", description = "Results of the annual poverty review"),
        (name = "dossiers", description = "Dossiers for the monthly allowance"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The document, built once.
static DOC: LazyLock<Arc<utoipa::openapi::OpenApi>> = LazyLock::new(|| Arc::new(ApiDoc::openapi()));

pub fn openapi() -> utoipa::openapi::OpenApi {
    DOC.as_ref().clone()
}

async fn openapi_json() -> Json<Arc<utoipa::openapi::OpenApi>> {
    Json(DOC.clone())
}

pub fn routes() -> Router<AppState> {
    let api = Router::new()
        .route(OPENAPI_PATH, get(openapi_json))
        .route("/api/v1/areas", get(handlers::areas))
        .route(
            "/api/v1/areas/{code}/predecessors",
            get(handlers::predecessors),
        )
        .route(
            "/api/v1/persons",
            get(handlers::persons).post(handlers::create_person),
        )
        .route("/api/v1/persons/{id}", get(handlers::person))
        .route("/api/v1/households", get(handlers::households))
        .route("/api/v1/households/{id}", get(handlers::household))
        .route(
            "/api/v1/payroll/runs",
            get(payroll::api::runs).post(payroll::api::compute),
        )
        .route("/api/v1/payroll/runs/{id}", get(payroll::api::run))
        .route("/api/v1/poverty/report", get(poverty::api::poverty_report))
        .route("/api/v1/dossiers", get(assistance::api::dossiers))
        .route("/api/v1", get(handlers::unknown))
        .route(
            "/api/v1/{*rest}",
            get(handlers::unknown).post(handlers::unknown),
        )
        .layer(middleware::from_fn(error::json_errors));
    // Swagger UI from the binary (vendored assets, no CDN). Its scripts are files, but it sets
    // inline styles and uses data: images, so it gets its own policy (scripts stay 'self').
    let docs: Router<AppState> = SwaggerUi::new("/api/docs")
        .config(Config::from(OPENAPI_PATH))
        .into();
    let docs = docs.layer(SetResponseHeaderLayer::overriding(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
        ),
    ));
    api.merge(docs)
}
