//! The web application: the only crate that knows HTTP.
//!
//! Server-rendered pages (askama templates in `templates/`), usable without JavaScript. Every
//! read and write of the registry goes through the store's [`ansinh_store::scoped::Scoped`]
//! handle built from the signed-in account, so an officer sees and changes only their own
//! communes whatever URL or form they send. The area catalogue and health checks are public.

// Shared by every capability.
pub mod api;
mod auth;
pub mod config;
pub mod error;
pub mod format;
mod history;
pub mod i18n;
mod layout;
mod limit;
mod middleware;
pub mod module;
mod routes;
mod sessions;
mod uploads;

// The capabilities, one folder each (the same names in every crate).
mod accounts;
mod assistance;
mod payroll;
mod poverty;
mod registry;

use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use ansinh_core::access::{Role, Scope};
use ansinh_store::Store;
use ansinh_store::accounts::User;
use axum::Router;
use tokio::net::TcpListener;
use uuid::Uuid;

pub use config::WebConfig;
pub use error::WebError;

/// Scopes by role and assigned areas.
type ScopeCache = Mutex<HashMap<(Role, Vec<Uuid>), Scope>>;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    limiter: Arc<limit::LoginLimiter>,
    /// Scopes by role and assigned areas. The area catalogue does not change while the server
    /// runs, so a scope computed once (several queries) holds until restart.
    scopes: Arc<ScopeCache>,
    sessions: Arc<sessions::SessionCache>,
    uploads: Arc<uploads::Uploads>,
    areas: Arc<tokio::sync::OnceCell<registry::areas::Mapping>>,
}

impl AppState {
    fn new(store: Store, config: WebConfig) -> AppState {
        AppState {
            store,
            limiter: Arc::new(limit::LoginLimiter::new(config.login_attempts_per_minute)),
            config: Arc::new(config),
            scopes: Arc::default(),
            sessions: Arc::default(),
            uploads: Arc::default(),
            areas: Arc::default(),
        }
    }

    /// The scope of an account, from the cache or the store.
    async fn scope_of(&self, user: &User) -> Result<Scope, WebError> {
        let mut ids: Vec<Uuid> = user.areas.iter().map(|a| a.id).collect();
        ids.sort();
        let key = (user.role, ids);
        if let Some(s) = self
            .scopes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Ok(s.clone());
        }
        let scope = self.store.scope_for(user.role, &user.areas).await?;
        self.scopes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, scope.clone());
        Ok(scope)
    }
}

/// The whole application with its middleware.
pub fn router(store: Store, config: WebConfig) -> Router {
    let state = AppState::new(store, config);
    middleware::wrap(routes::routes_of_all(&state.config), state)
}

/// Serves until `shutdown` completes, then lets open requests finish.
pub async fn serve(
    store: Store,
    listener: TcpListener,
    config: WebConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), WebError> {
    let app = router(store, config);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await?;
    Ok(())
}
