//! Token authentication of the API: `Authorization: Bearer <secret>`. Session cookies are not
//! accepted here, so the API has no CSRF surface.

use ansinh_store::Actor;
use ansinh_store::scoped::Scoped;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use super::error::ApiError;
use crate::AppState;

/// An authenticated integrator: the token's name and scope.
#[derive(Debug, Clone)]
pub struct ApiCtx {
    pub actor: Actor,
    pub scope: ansinh_core::access::Scope,
}

impl ApiCtx {
    /// The only way to the registry: every read and write is checked for role and area.
    pub fn scoped<'a>(&self, app: &'a AppState) -> Scoped<'a> {
        app.scoped(self.actor.clone(), self.scope.clone())
    }
}

/// The secret of an `Authorization: Bearer` header.
pub(crate) fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, secret) = value.trim().split_once(' ')?;
    let secret = secret.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !secret.is_empty()).then_some(secret)
}

impl FromRequestParts<AppState> for ApiCtx {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        // The route's gate has resolved it already (`gate.rs`).
        if let Some(ctx) = parts.extensions.get::<ApiCtx>() {
            return Ok(ctx.clone());
        }
        if !parts.headers.contains_key(header::AUTHORIZATION) {
            return Err(ApiError::missing_token());
        }
        let Some(secret) = bearer(parts) else {
            tracing::warn!("API request with a malformed Authorization header");
            return Err(ApiError::invalid_token());
        };
        match app.authentication().api_token_scope(secret).await? {
            Some((token, scope)) => Ok(ApiCtx {
                actor: Actor(format!("api:{}", token.name)),
                scope,
            }),
            None => {
                // Never the secret itself in the log.
                tracing::warn!("API request with an unknown or revoked token");
                Err(ApiError::invalid_token())
            }
        }
    }
}
