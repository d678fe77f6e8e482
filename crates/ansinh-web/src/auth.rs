//! Who is asking: the session cookie, the signed-in account with its scope, the language, and
//! the CSRF check of forms.
//!
//! Handlers of protected pages take a [`Ctx`]; without a live session it redirects to the
//! login page, and an account that must change its first password is sent to do that first.

use ansinh_core::access::{Capability, Scope};
use ansinh_store::Actor;
use ansinh_store::accounts::User;
use ansinh_store::audit::Action;
use ansinh_store::scoped::Scoped;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};

use crate::AppState;
use crate::error::WebError;
use crate::i18n::{Lang, Tr};
use crate::layout::{Layout, UserBar};
use crate::module::Access;

pub const SESSION_COOKIE: &str = "ansinh_session";
/// The double-submit token of the login form, which has no session to hold a token yet.
pub const LOGIN_CSRF_COOKIE: &str = "ansinh_login";
pub const LANG_COOKIE: &str = "lang";

/// The value of a cookie sent with the request.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
}

/// A `Set-Cookie` value. Every cookie of the app is for the whole site, SameSite=Lax (sent on
/// top-level navigation, not on cross-site POSTs); `Secure` is added to every cookie of an
/// answer to a request that came over HTTPS (`origin.rs`).
pub fn set_cookie(name: &str, value: &str, max_age: Option<i64>, http_only: bool) -> String {
    let mut c = format!("{name}={value}; Path=/; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if http_only {
        c.push_str("; HttpOnly");
    }
    c
}

/// Compares secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub fn lang_of(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE)
        .and_then(|c| Lang::from_code(&c))
        .unwrap_or_default()
}

/// The language of the request (from the `lang` cookie; Vietnamese by default).
pub struct LangPref(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for LangPref {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(LangPref(lang_of(&parts.headers)))
    }
}

/// A live session: the account, its scope and the session's CSRF token.
#[derive(Debug, Clone)]
pub struct SessionCtx {
    pub user: User,
    pub scope: Scope,
    pub csrf: String,
    pub secret: String,
    pub tr: Tr,
    pub path: String,
    /// Whether the audit log is in the menu: the store decides ([`Scoped::can_browse_audit`]).
    pub browses_audit: bool,
}

impl SessionCtx {
    async fn load(parts: &Parts, app: &AppState) -> Result<SessionCtx, WebError> {
        // The route's gate has resolved it already (`gate.rs`).
        if let Some(ctx) = parts.extensions.get::<SessionCtx>() {
            return Ok(ctx.clone());
        }
        let next = if parts.method == Method::GET {
            parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "/".into())
        } else {
            "/".into()
        };
        let Some(secret) = cookie(&parts.headers, SESSION_COOKIE).filter(|s| !s.is_empty()) else {
            return Err(WebError::Unauthenticated {
                next,
                expired: false,
            });
        };
        let tr = Tr::new(lang_of(&parts.headers));
        match SessionCtx::of_secret(app, secret, tr, parts.uri.path()).await? {
            Some(ctx) => Ok(ctx),
            None => Err(WebError::Unauthenticated {
                next,
                expired: true,
            }),
        }
    }

    /// The live session behind a cookie secret, if any.
    pub async fn of_secret(
        app: &AppState,
        secret: String,
        tr: Tr,
        path: &str,
    ) -> Result<Option<SessionCtx>, WebError> {
        let session = match app.sessions.get(&secret) {
            Some(s) => s,
            None => {
                let Some(s) = app.authentication().session(&secret).await? else {
                    return Ok(None);
                };
                app.sessions.put(&secret, &s);
                s
            }
        };
        let scope = app.scope_of(&session.user).await?;
        let browses_audit = app
            .authentication()
            .scoped(session.user.actor(), scope.clone())
            .can_browse_audit();
        Ok(Some(SessionCtx {
            browses_audit,
            user: session.user,
            scope,
            csrf: session.csrf_token,
            secret,
            tr,
            path: path.to_string(),
        }))
    }

    pub fn scoped<'a>(&self, app: &'a AppState) -> Scoped<'a> {
        app.scoped(self.user.actor(), self.scope.clone())
    }

    pub fn can(&self, c: Capability) -> bool {
        self.scope.can(c)
    }

    /// Whether this account reaches what a rule of [`crate::module`] guards: its menu
    /// entries and the links of a page (the routes themselves are held to their rules by
    /// `gate.rs`).
    pub fn reaches(&self, access: Access) -> bool {
        access.admits(&self.scope, self.browses_audit, None)
    }

    /// The page frame for this user.
    pub fn layout(&self, title: impl Into<String>, nav: &'static str) -> Layout {
        Layout {
            title: title.into(),
            css: crate::routes::assets::css_url(),
            user: Some(UserBar::of(&self.user, self.tr)),
            csrf: self.csrf.clone(),
            nav,
            menu: crate::module::menu(|a| self.reaches(a)),
        }
    }

    /// Refuses a form whose token is not this session's, and records the refusal.
    pub async fn check_csrf(&self, app: &AppState, given: &str) -> Result<(), WebError> {
        if same_secret(given, &self.csrf) {
            return Ok(());
        }
        deny_csrf(app, &self.user.actor(), &self.path).await
    }
}

/// Records a refused form (entity "csrf", the path as note) and returns the 403 error.
async fn deny_csrf(app: &AppState, actor: &Actor, path: &str) -> Result<(), WebError> {
    if let Err(e) = app
        .authentication()
        .log_event(
            actor,
            Action::Denied,
            ansinh_store::accounts::CSRF,
            None,
            Some(path),
        )
        .await
    {
        tracing::warn!(code = e.code(), "could not record a refused form");
    }
    tracing::warn!(path, "form refused: CSRF token missing or wrong");
    Err(WebError::Csrf)
}

impl FromRequestParts<AppState> for SessionCtx {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, WebError> {
        SessionCtx::load(parts, app).await
    }
}

/// A signed-in user allowed to work: one with a first password to change is sent to change it.
#[derive(Debug, Clone)]
pub struct Ctx(pub SessionCtx);

impl std::ops::Deref for Ctx {
    type Target = SessionCtx;

    fn deref(&self) -> &SessionCtx {
        &self.0
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = axum::response::Response;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &AppState,
    ) -> Result<Self, axum::response::Response> {
        use axum::response::{IntoResponse, Redirect};
        let s = SessionCtx::load(parts, app)
            .await
            .map_err(IntoResponse::into_response)?;
        if s.user.must_change_password {
            return Err(Redirect::to("/doi-mat-khau").into_response());
        }
        Ok(Ctx(s))
    }
}

/// The session if there is a live one, for public pages that greet a signed-in user.
pub struct MaybeCtx(pub Option<SessionCtx>);

impl FromRequestParts<AppState> for MaybeCtx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(MaybeCtx(SessionCtx::load(parts, app).await.ok()))
    }
}

/// The frame of a page seen without a session (login, public area browser, error pages).
pub fn public_layout(title: impl Into<String>, nav: &'static str) -> Layout {
    Layout {
        title: title.into(),
        css: crate::routes::assets::css_url(),
        user: None,
        csrf: String::new(),
        nav,
        menu: crate::module::menu(|a| a == Access::Public),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cookies_from_any_header() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, "a=1; lang=en".parse().unwrap());
        h.append(header::COOKIE, "ansinh_session=abc".parse().unwrap());
        assert_eq!(cookie(&h, "lang").as_deref(), Some("en"));
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "x"), None);
        assert_eq!(lang_of(&h), Lang::En);
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
        assert!(!same_secret("", "a"));
    }

    #[test]
    fn session_cookie_flags() {
        assert_eq!(
            set_cookie(SESSION_COOKIE, "x", None, true),
            "ansinh_session=x; Path=/; SameSite=Lax; HttpOnly"
        );
    }
}
