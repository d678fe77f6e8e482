//! What a request can fail with, each with a stable code. Handlers return [`WebError`]; its
//! response carries an [`ErrorInfo`] that the error-page middleware turns into a full page in
//! the user's language with the request id, which a handler does not know.

use ansinh_store::StoreError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::format::url_encode;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// No live session: the browser is sent to the login page and back here afterwards.
    #[error("cần đăng nhập")]
    Unauthenticated { next: String, expired: bool },
    #[error("không có quyền: {0}")]
    Forbidden(String),
    #[error("biểu mẫu không hợp lệ hoặc đã cũ (CSRF)")]
    Csrf,
    #[error("không tìm thấy")]
    NotFound,
    #[error("đăng nhập sai quá nhiều lần")]
    RateLimited,
    #[error("yêu cầu không hợp lệ: {0}")]
    BadRequest(String),
    /// Anything else; the payload is the stable code of the cause, which is what gets logged.
    #[error("lỗi máy chủ ({0})")]
    Internal(&'static str),
    #[error("máy chủ web dừng vì lỗi: {0}")]
    Serve(#[from] std::io::Error),
}

impl WebError {
    pub fn code(&self) -> &'static str {
        match self {
            WebError::Unauthenticated { .. } => "web.unauthenticated",
            WebError::Forbidden(_) => "web.forbidden",
            WebError::Csrf => "web.csrf",
            WebError::NotFound => "web.not_found",
            WebError::RateLimited => "web.rate_limited",
            WebError::BadRequest(_) => "web.bad_request",
            WebError::Internal(_) => "web.internal",
            WebError::Serve(_) => "web.serve",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            WebError::Unauthenticated { .. } => StatusCode::SEE_OTHER,
            WebError::Forbidden(_) | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Internal(_) | WebError::Serve(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message key of the page's heading; its body is the key with "-msg".
    fn message_key(&self) -> &'static str {
        match self {
            WebError::Csrf => "err-csrf",
            WebError::Forbidden(_) => "err-403",
            WebError::NotFound => "err-404",
            WebError::RateLimited => "err-429",
            WebError::BadRequest(_) => "err-400",
            _ => "err-500",
        }
    }
}

/// Attached to an error response so the middleware can render the page.
#[derive(Debug, Clone, Copy)]
pub struct ErrorInfo {
    pub key: &'static str,
    pub code: &'static str,
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Forbidden(why) => WebError::Forbidden(why),
            StoreError::NotFound { .. } => WebError::NotFound,
            other => {
                // The code only: store messages can quote names or IDs, which stay out of logs.
                tracing::error!(code = other.code(), "store error");
                WebError::Internal(other.code())
            }
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(_: askama::Error) -> Self {
        tracing::error!(code = "web.template", "template rendering failed");
        WebError::Internal("web.template")
    }
}

impl From<ansinh_files::FileError> for WebError {
    fn from(e: ansinh_files::FileError) -> Self {
        tracing::error!(code = e.code(), "file error");
        WebError::Internal(e.code())
    }
}

impl From<tokio::task::JoinError> for WebError {
    fn from(_: tokio::task::JoinError) -> Self {
        tracing::error!(code = "web.task", "background task failed");
        WebError::Internal("web.task")
    }
}

/// The login address that brings the user back to `next` (a local path) afterwards.
pub fn login_url(next: &str, expired: bool) -> String {
    let mut url = String::from("/dang-nhap");
    if !next.is_empty() && next != "/" {
        url.push_str("?tiep=");
        url.push_str(&url_encode(next));
    }
    if expired {
        url.push_str(if url.contains('?') { "&" } else { "?" });
        url.push_str("het-han=1");
    }
    url
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let WebError::Unauthenticated { next, expired } = &self {
            let mut res = Redirect::to(&login_url(next, *expired)).into_response();
            if *expired {
                // The stale cookie is of no use any more; drop it so the next visit is clean.
                res.headers_mut().append(
                    header::SET_COOKIE,
                    HeaderValue::from_static(
                        "ansinh_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
                    ),
                );
            }
            return res;
        }
        let status = self.status();
        let info = ErrorInfo {
            key: self.message_key(),
            code: self.code(),
        };
        let mut res = (status, self.to_string()).into_response();
        res.extensions_mut().insert(info);
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_url_keeps_the_way_back() {
        assert_eq!(login_url("/", false), "/dang-nhap");
        assert_eq!(login_url("/nhan-khau", false), "/dang-nhap?tiep=/nhan-khau");
        assert_eq!(
            login_url("/nhan-khau?q=an&xa=1", true),
            "/dang-nhap?tiep=/nhan-khau%3Fq%3Dan%26xa%3D1&het-han=1"
        );
    }
}
