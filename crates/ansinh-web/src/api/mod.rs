//! The JSON API under `/api/v1`, for integrators: token authentication (`Authorization:
//! Bearer`), scoped exactly like a user with the token's role and communes, errors as JSON
//! with stable codes, and its OpenAPI document with a Swagger UI served from the binary.

pub mod auth;
pub mod dto;
pub mod error;

use std::sync::{Arc, LazyLock};

use axum::http::{HeaderValue, header};
use axum::{Json, Router, middleware};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::openapi::path::Parameter;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::AppState;

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
    components(schemas(dto::ErrorResponse, dto::ErrorBody, dto::FieldErrorDto)),
    modifiers(&BearerAuth)
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

/// The document, built once: the frame above (description, error shapes, authentication)
/// with every module's paths and tags merged in, and the responses of the shared layers.
static DOC: LazyLock<Arc<utoipa::openapi::OpenApi>> = LazyLock::new(|| {
    let mut doc = ApiDoc::openapi();
    for m in crate::module::MODULES {
        doc.merge((m.openapi)());
    }
    add_shared_responses(&mut doc);
    Arc::new(doc)
});

/// Documents on every operation the errors that the API's shared layers give, so that no
/// handler repeats them and none forgets one: 401 from the token check ([`auth`]) on every
/// operation behind a token; 400 for a query string that does not parse, on every operation
/// with query parameters; and on every operation with a JSON body, the `Json` extractor's
/// rejections as [`error::json_errors`] writes them: 400 (not JSON), 413 (over the body
/// limit), 415 (not sent as `application/json`) and 422 (JSON of the wrong shape). A status
/// the handler documents keeps the handler's description, which then says the rest.
fn add_shared_responses(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::{Operation, ParameterIn};
    let shared = |op: &Operation| {
        let mut statuses = Vec::new();
        if op.security.is_some() {
            statuses.push((
                "401",
                "Missing or invalid token (`auth.missing_token`, `auth.invalid_token`)",
            ));
        }
        let in_query =
            |p: &RefOr<Parameter>| matches!(p, RefOr::T(p) if p.parameter_in == ParameterIn::Query);
        if op.parameters.iter().flatten().any(in_query) {
            statuses.push((
                "400",
                "A missing or malformed query parameter (`bad_request`)",
            ));
        }
        if op.request_body.is_some() {
            statuses.extend([
                ("400", "The body is not JSON (`bad_request`)"),
                (
                    "413",
                    "The body is over the size limit (`payload_too_large`)",
                ),
                (
                    "415",
                    "The body is not sent as `application/json` (`unsupported_media_type`)",
                ),
                ("422", "JSON of the wrong shape (`bad_request`)"),
            ]);
        }
        statuses
    };
    for item in doc.paths.paths.values_mut() {
        let ops = [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ];
        for op in ops.into_iter().flatten() {
            for (status, description) in shared(op) {
                op.responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| error_response(description));
            }
        }
    }
}

/// A response with the API's error body.
fn error_response(description: &str) -> RefOr<Response> {
    let content = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("ErrorResponse")))
        .build();
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content("application/json", content)
            .build(),
    )
}

pub fn openapi() -> utoipa::openapi::OpenApi {
    DOC.as_ref().clone()
}

pub(crate) async fn openapi_json() -> Json<Arc<utoipa::openapi::OpenApi>> {
    Json(DOC.clone())
}

/// Any other path under `/api/v1`.
pub(crate) async fn unknown() -> error::ApiError {
    error::ApiError::not_found()
}

/// The API's routes with their JSON errors, and the Swagger UI.
pub(crate) fn finish(api: Router<AppState>) -> Router<AppState> {
    let api = api.layer(middleware::from_fn(error::json_errors));
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
