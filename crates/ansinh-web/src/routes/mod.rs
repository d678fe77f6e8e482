//! The routes, with Vietnamese paths (the browser tests and the access-matrix test use them).

pub mod assets;
pub mod home;

use crate::accounts::{admin, audit, session as account};
use crate::assistance::{dossiers, rules};
use crate::payroll::runs as payroll;
use crate::poverty::{forms as review_forms, review};
use crate::registry::{areas, export, households, import, persons};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::AppState;
use crate::error::WebError;

/// Room for the other fields and the multipart framing around the file itself.
pub(crate) const MULTIPART_OVERHEAD: usize = 64 * 1024;

pub fn routes(state: &AppState) -> Router<AppState> {
    let upload_limit = state.config.max_upload_bytes + MULTIPART_OVERHEAD;
    Router::new()
        .route("/", get(home::page))
        .route("/healthz", get(assets::healthz))
        .route("/readyz", get(assets::readyz))
        .route("/static/app.css", get(assets::css))
        .route("/static/danh-sach.css", get(assets::list_css))
        .route("/dang-nhap", get(account::login_form).post(account::login))
        .route("/dang-xuat", post(account::logout))
        .route(
            "/doi-mat-khau",
            get(account::password_form).post(account::change_password),
        )
        .route("/ngon-ngu/{lang}", get(account::set_language))
        .route("/nhan-khau", get(persons::list).post(persons::create))
        .route("/nhan-khau/moi", get(persons::new_form))
        .route("/nhan-khau/{id}", get(persons::show).post(persons::update))
        .route("/nhan-khau/{id}/sua", get(persons::edit_form))
        .route("/ho", get(households::list).post(households::create))
        .route("/ho/moi", get(households::new_form))
        .route("/ho/{id}", get(households::show))
        .route("/ho/{id}/thanh-vien", post(households::add_member))
        .route(
            "/ho/{id}/thanh-vien/{person}/chuyen-di",
            post(households::move_out),
        )
        .route("/dia-ban", get(areas::page))
        .route("/quy-dinh", get(rules::page))
        .route("/ra-soat", get(review::year).post(review::open))
        .route("/ra-soat/bao-cao", get(review::report))
        .route("/ra-soat/bao-cao.xlsx", get(review::report_xlsx))
        .route("/ra-soat/bao-cao/bieu", get(review_forms::all))
        .route("/ra-soat/bao-cao/bieu/{number}", get(review_forms::one))
        .route("/ra-soat/{id}", get(review::campaign))
        .route(
            "/ra-soat/{id}/phieu/{household}",
            get(review::survey_form).post(review::survey_save),
        )
        .route("/ra-soat/{id}/{action}", post(review::act))
        .route("/ho-so", get(dossiers::list).post(dossiers::create))
        .route("/ho-so/{id}", get(dossiers::show))
        .route("/ho-so/{id}/{action}", post(dossiers::act))
        .route("/chi-tra", get(payroll::month).post(payroll::run))
        .route("/chi-tra/{id}", get(payroll::show))
        .route("/chi-tra/{id}/danh-sach/{file}", get(payroll::list))
        .route("/chi-tra/{id}/{step}", post(payroll::advance))
        .route(
            "/nhap",
            get(import::page)
                .post(import::upload)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/nhap/{id}/xac-nhan", post(import::confirm))
        .route("/nhap/{id}/dong-loi.xlsx", get(import::rejected))
        .route("/nhap/mau/{file}", get(import::template))
        .route("/xuat/{file}", get(export::download))
        .route("/nhat-ky", get(audit::page))
        .route("/quan-tri", get(admin::page))
        .route("/quan-tri/nguoi-dung", post(admin::create_user))
        .route(
            "/quan-tri/nguoi-dung/{id}/{action}",
            post(admin::user_action),
        )
        .route("/quan-tri/ma-truy-cap", post(admin::create_token))
        .route(
            "/quan-tri/ma-truy-cap/{id}/thu-hoi",
            post(admin::revoke_token),
        )
        .merge(crate::api::routes())
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
