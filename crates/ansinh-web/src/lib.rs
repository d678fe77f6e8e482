//! The web application: the only crate that knows HTTP.
//!
//! Server-rendered pages (askama templates in `templates/`), usable without JavaScript. Every
//! read and write of the registry goes through the store's [`ansinh_store::scoped::Scoped`]
//! handle built from the signed-in account, so an officer sees and changes only their own
//! communes whatever URL or form they send. The area catalogue and health checks are public.

// Shared by every capability.
pub mod api;
mod auth;
mod clock;
pub mod config;
pub mod error;
pub mod format;
mod gate;
mod history;
pub mod i18n;
pub mod labels;
mod layout;
mod limit;
mod login_audit;
mod middleware;
pub mod module;
mod origin;
mod routes;
mod sessions;
mod uploads;

// The capabilities, one folder each (the same names in every crate).
mod accounts;
mod assistance;
mod payroll;
mod poverty;
mod registry;

// The fuzzing harness of the parsers of free text above.
#[cfg(test)]
mod fuzz;

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

pub use config::{Clock, WebConfig};
pub use error::WebError;

/// Scopes by role and assigned areas.
type ScopeCache = Mutex<HashMap<(Role, Vec<Uuid>), Scope>>;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// Private: handlers reach records through [`AppState::scoped`] (the account's scope), and
    /// the few reads that need no scope through [`AppState::reference`] and
    /// [`AppState::authentication`], which say why.
    store: Store,
    pub config: Arc<WebConfig>,
    limiter: Arc<limit::LoginLimiter>,
    /// Refused logins, added up before they reach the audit log.
    login_audit: Arc<login_audit::LoginAudit>,
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
            limiter: Arc::new(limit::LoginLimiter::new(
                config.login_free_failures,
                config.login_backoff_max,
                config.login_source_failures_per_minute,
            )),
            config: Arc::new(config),
            login_audit: Arc::default(),
            scopes: Arc::default(),
            sessions: Arc::default(),
            uploads: Arc::default(),
            areas: Arc::default(),
        }
    }

    /// The store limited to an account's role and communes: how a handler reaches records.
    pub(crate) fn scoped(
        &self,
        actor: ansinh_store::Actor,
        scope: Scope,
    ) -> ansinh_store::scoped::Scoped<'_> {
        self.store.scoped(actor, scope)
    }

    /// Public reference data (the areas over time, the rules in force): the same for every
    /// account and shown to visitors who are not signed in, so it is read without a scope.
    pub(crate) fn reference(&self) -> Reference<'_> {
        Reference(&self.store)
    }

    /// Signing in, sessions, passwords and API tokens, and the refusals they record: these
    /// happen before there is an account's scope to read through (`auth.rs`, `api/auth.rs`,
    /// `accounts/session.rs`).
    pub(crate) fn authentication(&self) -> &Store {
        &self.store
    }

    /// Counts a refused login and writes what its count says is due (`login_audit.rs`).
    async fn refused_login(
        &self,
        source: &str,
        account: Option<&ansinh_store::accounts::LoginAccount>,
        refusal: login_audit::Refusal,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), WebError> {
        let rows = self.login_audit.count(source, account, refusal, now);
        self.log_refused_logins(rows).await
    }

    async fn log_refused_logins(
        &self,
        rows: Vec<ansinh_store::accounts::RefusedLogins>,
    ) -> Result<(), WebError> {
        if !rows.is_empty() {
            self.store.log_refused_logins(&rows).await?;
        }
        Ok(())
    }

    /// Writes the refused logins' totals: those of a window that has ended (each minute),
    /// or with `force` those counted so far (at shutdown). A failure is logged by its code.
    async fn sweep_login_audit(&self, force: bool) {
        let rows = self.login_audit.close(self.config.clock.now(), force);
        if let Err(e) = self.log_refused_logins(rows).await {
            tracing::warn!(
                code = e.code(),
                "could not write the refused logins' totals"
            );
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

/// Reads of public reference data; see [`AppState::reference`].
pub(crate) struct Reference<'a>(&'a Store);

impl Reference<'_> {
    pub(crate) fn area_catalog(&self) -> Arc<ansinh_core::AreaCatalog> {
        self.0.area_catalog()
    }

    pub(crate) async fn area_by_code(
        &self,
        code: &str,
        on: chrono::NaiveDate,
    ) -> ansinh_store::Result<ansinh_core::Area> {
        self.0.area_by_code(code, on).await
    }

    pub(crate) async fn areas_in_force(
        &self,
        level: ansinh_core::AreaLevel,
        on: chrono::NaiveDate,
    ) -> ansinh_store::Result<Vec<ansinh_core::Area>> {
        self.0.areas_in_force(level, on).await
    }

    pub(crate) async fn predecessors_of(
        &self,
        id: Uuid,
    ) -> ansinh_store::Result<Vec<ansinh_core::Area>> {
        self.0.predecessors_of(id).await
    }

    pub(crate) async fn rules_in_force(
        &self,
        on: chrono::NaiveDate,
    ) -> ansinh_store::Result<Vec<ansinh_store::assistance::ListedRule>> {
        self.0.rules_in_force(on).await
    }
}

/// The whole application with its middleware.
pub fn router(store: Store, config: WebConfig) -> Router {
    app_of(AppState::new(store, config))
}

fn app_of(state: AppState) -> Router {
    middleware::wrap(routes::routes_of_all(&state.config), state)
}

/// Serves until `shutdown` completes, then lets open requests finish. Beside the requests, the
/// refused logins' totals are written each minute once their window has ended, and at the end
/// whatever was counted.
pub async fn serve(
    store: Store,
    listener: TcpListener,
    config: WebConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), WebError> {
    let state = AppState::new(store, config);
    let sweeper = {
        let state = state.clone();
        tokio::spawn(async move {
            let mut minute = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                minute.tick().await;
                state.sweep_login_audit(false).await;
            }
        })
    };
    let served = axum::serve(
        listener,
        app_of(state.clone()).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    sweeper.abort();
    state.sweep_login_audit(true).await;
    served?;
    Ok(())
}
