//! The web server: the only crate that knows HTTP.
//!
//! Until accounts and area-scoped roles exist, the server shows no personal data: only health
//! endpoints, registry totals and the area catalogue with the 2025 mapping.

mod pages;

use std::future::Future;

use ansinh_store::Store;
use axum::Router;
use axum::routing::get;
use tokio::net::TcpListener;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("máy chủ web dừng vì lỗi: {0}")]
    Serve(#[from] std::io::Error),
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
}

pub fn router(store: Store) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/dia-ban", get(pages::areas))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(pages::ready))
        .with_state(AppState { store })
}

/// Serves until `shutdown` completes, then lets open requests finish.
pub async fn serve(
    store: Store,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), WebError> {
    axum::serve(listener, router(store))
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}
