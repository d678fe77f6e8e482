//! The layers around every route: request id, one tracing span per request (method, matched
//! route, status, latency: never the query string or a form, which can hold names), security
//! headers, and full error pages in the user's language showing the request id.

use std::time::Duration;

use askama::Template;
use axum::Router;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tracing::Span;

use crate::AppState;
use crate::auth::{SESSION_COOKIE, SessionCtx, cookie, lang_of, public_layout};
use crate::error::{ErrorInfo, RefusalMessage};
use crate::i18n::Tr;
use crate::layout::Layout;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// What the access log names a request by: its route pattern (`/nhan-khau/{id}`), never the
/// path itself, which can hold a personal ID typed into a wrong URL.
fn route_of<B>(req: &Request<B>) -> String {
    req.extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(no route)".to_string(), |m| m.as_str().to_string())
}

pub fn wrap(routes: Router<AppState>, state: AppState) -> Router {
    let headers = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        // Pages hold personal data: an office PC shared by several officers must not keep them
        // in its cache (the stylesheet sets its own long cache).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    routes
        .layer(middleware::from_fn_with_state(state.clone(), error_pages))
        // Who asked and over what (`origin.rs`): before any handler reads it, and around the
        // error pages so every cookie of any answer gets `Secure` over HTTPS.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::origin::layer,
        ))
        // Each route's gate reads the state from here (`gate.rs`): routes are declared
        // before there is a state to give them.
        .layer(axum::Extension(state.clone()))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(|req: &Request<Body>| {
                            let route = route_of(req);
                            let id = req
                                .headers()
                                .get(REQUEST_ID)
                                .and_then(|v| v.to_str().ok())
                                .unwrap_or("");
                            tracing::info_span!("request", method = %req.method(), route, request_id = id)
                        })
                        .on_request(())
                        .on_response(|res: &Response, latency: Duration, _: &Span| {
                            tracing::info!(
                                status = res.status().as_u16(),
                                latency_ms = latency.as_secs_f64() * 1000.0,
                                "response"
                            );
                        })
                        .on_failure(()),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(headers),
        )
        .with_state(state)
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub t: Tr,
    pub l: Layout,
    pub status: u16,
    pub heading: &'static str,
    pub message: String,
    pub request_id: String,
}

/// Replaces the body of error responses by a page: for [`crate::WebError`]s (which carry an
/// [`ErrorInfo`]) and for the plain-text rejections of axum's extractors.
async fn error_pages(State(app): State<AppState>, req: Request, next: Next) -> Response {
    // The API writes its own errors as JSON.
    if req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let lang = lang_of(req.headers());
    let secret = cookie(req.headers(), SESSION_COOKIE).filter(|s| !s.is_empty());
    let request_id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let info = res.extensions().get::<ErrorInfo>().copied();
    let refusal = res.extensions().get::<RefusalMessage>().cloned();
    // How long a refused login must wait is the page's too.
    let retry_after = res.headers().get(header::RETRY_AFTER).cloned();
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if info.is_none() && is_html {
        // A page that handles its own error (a form with messages) stays as it is.
        return res;
    }
    let key = match (info, status) {
        (Some(i), _) => i.key,
        (None, StatusCode::FORBIDDEN) => "err-403",
        (None, StatusCode::NOT_FOUND) => "err-404",
        (None, StatusCode::PAYLOAD_TOO_LARGE) => "err-413",
        (None, StatusCode::TOO_MANY_REQUESTS) => "err-429",
        (None, s) if s.is_client_error() => "err-400",
        _ => "err-500",
    };
    if status.is_server_error() {
        tracing::error!(
            code = info.map(|i| i.code).unwrap_or("web.internal"),
            "request failed"
        );
    }
    let t = Tr::new(lang);
    let heading = t.s(key);
    // A refusal says why; any other error has its generic text.
    let message = refusal.map_or_else(|| t.s(&format!("{key}-msg")).to_string(), |r| r.0);
    // A signed-in user keeps their header and navigation, so the way back is obvious.
    let session = match secret {
        Some(secret) => SessionCtx::of_secret(&app, secret, t, "")
            .await
            .ok()
            .flatten(),
        None => None,
    };
    let l = match &session {
        Some(s) => s.layout(heading, ""),
        None => public_layout(heading, ""),
    };
    let page = ErrorPage {
        t,
        l,
        status: status.as_u16(),
        heading,
        message,
        request_id,
    };
    let mut out = match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => res,
    };
    if let Some(i) = info {
        out.extensions_mut().insert(i);
    }
    if let Some(r) = retry_after {
        out.headers_mut().insert(header::RETRY_AFTER, r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_names_a_route_never_a_raw_path() {
        let unmatched = Request::builder()
            .uri("/nhan-khau-046185000123")
            .body(())
            .unwrap();
        assert_eq!(route_of(&unmatched), "(no route)");
    }
}
