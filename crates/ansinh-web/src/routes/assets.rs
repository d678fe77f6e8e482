//! The stylesheet, compiled into the binary and served with a year-long cache: its address
//! carries a hash of its content, so a new version is a new address. Also health checks.

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

static CSS_URL: LazyLock<String> =
    LazyLock::new(|| format!("/static/app.css?v={:012x}", fnv64(CSS.as_bytes()) >> 16));

pub fn css_url() -> &'static str {
    CSS_URL.as_str()
}

pub async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        CSS,
    )
        .into_response()
}

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(app): State<AppState>) -> Response {
    match app.store.area_by_code("46", ansinh_store::today_vn()).await {
        Ok(_) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(code = e.code(), "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}
