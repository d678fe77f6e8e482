//! The routes, with Vietnamese paths (the browser tests and the access-matrix test use them).

pub mod assets;
pub mod home;

use axum::Router;

use crate::error::WebError;
use crate::module::{Access, Messages, Module, NavEntry, Routes};
use crate::{AppState, WebConfig};

/// Room for the other fields and the multipart framing around the file itself.
pub(crate) const MULTIPART_OVERHEAD: usize = 64 * 1024;

/// The platform's own routes: the home page, health checks, stylesheets, the API document and
/// the API's answer to an unknown path.
pub const MODULE: Module = Module {
    name: "platform",
    routes,
    nav: &[NavEntry {
        id: "home",
        href: "/",
        label: "nav-home",
        shown: Access::SignedIn,
    }],
    openapi: crate::module::no_api,
    // Navigation, errors, sign-in and the other messages every page shares.
    messages: Messages {
        vi: include_str!("../messages/vi.ftl"),
        en: include_str!("../messages/en.ftl"),
    },
    // The kernel's, the store's, the files' and the web's own.
    errors: &[
        ("PidError", ansinh_core::pid::PidError::CODES),
        ("DateError", ansinh_core::date::DateError::CODES),
        ("NameError", ansinh_core::name::NameError::CODES),
        ("CalendarError", ansinh_core::calendar::CalendarError::CODES),
        ("StoreError", ansinh_store::StoreError::CODES),
        (
            "StoreError (fallbacks)",
            ansinh_store::StoreError::FALLBACK_CODES,
        ),
        ("BackupError", ansinh_store::backup::BackupError::CODES),
        ("FileError", ansinh_files::FileError::CODES),
        ("WebError", crate::error::WebError::CODES),
        ("WebError (failures)", crate::error::WebError::FAULT_CODES),
        ("ApiError", crate::api::error::ApiError::CODES),
    ],
};

fn routes(r: &mut Routes, _: &WebConfig) {
    r.get("/", Access::SignedIn, home::page)
        .get("/healthz", Access::Public, assets::healthz)
        .get("/readyz", Access::Public, assets::readyz)
        .get("/static/app.css", Access::Public, assets::css)
        .get("/static/danh-sach.css", Access::Public, assets::list_css)
        .get(
            crate::api::OPENAPI_PATH,
            Access::Public,
            crate::api::openapi_json,
        )
        .get("/api/v1", Access::Public, crate::api::unknown)
        .get("/api/v1/{*rest}", Access::Public, crate::api::unknown)
        .post("/api/v1/{*rest}", Access::Public, crate::api::unknown);
}

/// The whole application's routes (the API's with its JSON errors and its document's pages).
pub fn routes_of_all(config: &WebConfig) -> Router<AppState> {
    let (pages, api) = Routes::of_all(config).into_routers();
    pages
        .merge(crate::api::finish(api))
        .fallback(|| async { WebError::NotFound })
}

/// A file to download: its type from the format, its name, never cached (it holds personal
/// data and reflects the database at the moment of the request).
pub fn download(
    format: ansinh_files::Format,
    name: &str,
    bytes: Vec<u8>,
) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, format.mime_type().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// A refusal (any capability's rule, a bad form value the store caught, a version conflict)
/// is shown to the officer on the page, with nothing changed; a failure is an error page, and
/// so are "forbidden" and "not found", which have pages of their own. The API maps the same
/// refusals to 422 (or its documented status).
pub fn rule_refusal(e: ansinh_store::StoreError) -> Result<String, WebError> {
    use ansinh_store::StoreError;
    match e {
        StoreError::Forbidden(_) | StoreError::NotFound { .. } => Err(e.into()),
        refusal if refusal.is_refusal() => Ok(refusal.to_string()),
        failure => Err(failure.into()),
    }
}

/// Parses a record id from a path; anything else is simply not found.
pub fn parse_id(raw: &str) -> Result<uuid::Uuid, WebError> {
    uuid::Uuid::parse_str(raw).map_err(|_| WebError::NotFound)
}
