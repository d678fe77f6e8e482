//! The stylesheets, compiled into the binary and served with a year-long cache: each address
//! carries a hash of its content, so a new version is a new address. The application's own,
//! and the printed payment list's, which `ansinh-files` owns so the page the web serves and the
//! file the command line writes look the same. Also health checks.

use std::sync::LazyLock;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::AppState;

const CSS: &str = include_str!("../../static/app.css");

/// FNV-1a: enough to tell versions of one file apart.
fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn versioned(path: &str, body: &str) -> String {
    format!("{path}?v={:012x}", fnv64(body.as_bytes()) >> 16)
}

static CSS_URL: LazyLock<String> = LazyLock::new(|| versioned("/static/app.css", CSS));

static LIST_CSS_URL: LazyLock<String> =
    LazyLock::new(|| versioned("/static/danh-sach.css", ansinh_files::PAYMENT_LIST_CSS));

pub fn css_url() -> &'static str {
    CSS_URL.as_str()
}

/// The address of the printed payment list's stylesheet.
pub fn list_css_url() -> &'static str {
    LIST_CSS_URL.as_str()
}

fn stylesheet(body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        body,
    )
        .into_response()
}

pub async fn css() -> Response {
    stylesheet(CSS)
}

pub async fn list_css() -> Response {
    stylesheet(ansinh_files::PAYMENT_LIST_CSS)
}

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(app): State<AppState>) -> Response {
    match app
        .reference()
        .area_by_code("46", ansinh_store::today_vn())
        .await
    {
        Ok(_) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(code = e.code(), "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}
