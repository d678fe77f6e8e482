//! What a request can fail with, each with a stable code. Handlers return [`WebError`]; its
//! response carries an [`ErrorInfo`] that the error-page middleware turns into a full page in
//! the user's language with the request id, which a handler does not know.

use ansinh_core::error::ErrorKind;
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
    /// Too many failed logins: retry after so many seconds (the `Retry-After` header).
    #[error("đăng nhập sai quá nhiều lần")]
    RateLimited { retry_after: u64 },
    #[error("yêu cầu không hợp lệ: {0}")]
    BadRequest(String),
    /// A rule refused the request (any refusal of the store): the page shows its message, and
    /// nothing was changed.
    #[error("{message}")]
    Refused { code: &'static str, message: String },
    /// Anything else; the payload is the stable code of the cause, which is what gets logged.
    #[error("lỗi máy chủ ({0})")]
    Internal(&'static str),
    #[error("máy chủ web dừng vì lỗi: {0}")]
    Serve(#[from] std::io::Error),
}

ansinh_core::coded! {
    WebError {
        Unauthenticated => "web.unauthenticated", Refusal,
        Forbidden => "web.forbidden", Refusal,
        Csrf => "web.csrf", Refusal,
        NotFound => "web.not_found", Refusal,
        RateLimited => "web.rate_limited", Refusal,
        BadRequest => "web.bad_request", Refusal,
        Internal => "web.internal", Failure,
        Serve => "web.serve", Failure,
    }
    delegate {
        // The refusal's own code (`registry.…`, `payroll.…`, …).
        Self::Refused { code, .. } => (code, ansinh_core::error::ErrorKind::Refusal),
    }
}

impl WebError {
    /// The web's own failure codes that [`WebError::Internal`] carries (the others it carries
    /// are the store's and the files' failure codes): listed so that `docs/error-codes.md`
    /// documents them, and a test holds every `Internal("web.…")` in the code to this list.
    pub const FAULT_CODES: &'static [(&'static str, ErrorKind)] = &[
        ("web.template", ErrorKind::Failure),
        ("web.task", ErrorKind::Failure),
        ("web.calendar", ErrorKind::Failure),
        ("web.cookie", ErrorKind::Failure),
        ("web.rules_data", ErrorKind::Failure),
        ("web.json", ErrorKind::Failure),
    ];

    pub fn status(&self) -> StatusCode {
        match self {
            WebError::Unauthenticated { .. } => StatusCode::SEE_OTHER,
            WebError::Forbidden(_) | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Refused { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::Internal(_) | WebError::Serve(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message key of the page's heading; its body is the key with "-msg".
    fn message_key(&self) -> &'static str {
        match self {
            WebError::Csrf => "err-csrf",
            WebError::Forbidden(_) => "err-403",
            WebError::NotFound => "err-404",
            WebError::RateLimited { .. } => "err-429",
            WebError::BadRequest(_) => "err-400",
            WebError::Refused { .. } => "err-422",
            _ => "err-500",
        }
    }
}

/// The message of a [`WebError::Refused`], attached to its response so the error page shows it
/// instead of the generic text.
#[derive(Debug, Clone)]
pub struct RefusalMessage(pub String);

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
            // Every other refusal is shown with its message: a handler that does not sort it
            // into its form still gives the officer the reason, never a server error.
            refusal if refusal.is_refusal() => WebError::Refused {
                code: refusal.code(),
                message: refusal.to_string(),
            },
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
    /// A file the user sent that cannot be read is a refusal shown with its message, as a
    /// store refusal is; a file the server failed to write is a failure.
    fn from(e: ansinh_files::FileError) -> Self {
        if e.is_refusal() {
            return WebError::Refused {
                code: e.code(),
                message: e.to_string(),
            };
        }
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
        if let WebError::RateLimited { retry_after } = self {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        if let WebError::Refused { message, .. } = self {
            res.extensions_mut().insert(RefusalMessage(message));
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ansinh_core::error::ErrorKind;

    /// Every `CODES` list of the workspace, named by its enum: each module registers the
    /// errors it owns (`module::Module::errors`).
    fn every_codes_list() -> Vec<(&'static str, &'static [(&'static str, ErrorKind)])> {
        crate::module::MODULES
            .iter()
            .flat_map(|m| m.errors.iter().copied())
            .collect()
    }

    /// The codes `docs/error-codes.md` lists: the first cell of each table row, in backticks.
    fn documented_codes() -> Vec<(String, String)> {
        let doc = include_str!("../../../docs/error-codes.md");
        doc.lines()
            .filter_map(|l| {
                let mut cells = l.split('|').map(str::trim).skip(1);
                let code = cells.next()?.strip_prefix('`')?.strip_suffix('`')?;
                let kind = cells.next()?;
                Some((code.to_string(), kind.to_string()))
            })
            .collect()
    }

    #[test]
    fn every_code_is_documented_once() {
        // A code belongs to one enum (two variants of one enum may share it, as the two
        // messages of `poverty.approved` do, with the same kind).
        let mut owner: std::collections::HashMap<&str, (&str, ErrorKind)> = Default::default();
        for (name, codes) in every_codes_list() {
            for &(code, kind) in codes {
                if let Some((other, other_kind)) = owner.insert(code, (name, kind)) {
                    assert!(
                        other == name && other_kind == kind,
                        "code {code} of {name} is also {other}'s"
                    );
                }
            }
        }
        let documented = documented_codes();
        let mut listed = std::collections::HashSet::new();
        for (code, kind) in &documented {
            assert!(
                listed.insert(code.as_str()),
                "{code} is listed twice in the doc"
            );
            let Some((name, real)) = owner.get(code.as_str()) else {
                panic!("docs/error-codes.md lists {code}, which no enum has");
            };
            assert_eq!(kind, real.code(), "{code} of {name}: kind in the doc");
        }
        for code in owner.keys() {
            assert!(
                listed.contains(code),
                "{code} is missing from docs/error-codes.md"
            );
        }
    }

    /// Every `Internal("web.…")` the web code builds carries a listed (so documented) code.
    #[test]
    fn every_internal_code_is_listed() {
        let listed: Vec<&str> = WebError::FAULT_CODES.iter().map(|(c, _)| *c).collect();
        let mut found = 0;
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut dirs = vec![src];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let code_lines = text.lines().filter(|l| !l.trim_start().starts_with("//"));
                for line in code_lines {
                    for (i, _) in line.match_indices("Internal(\"") {
                        let rest = &line[i + "Internal(\"".len()..];
                        let code = &rest[..rest.find('"').unwrap()];
                        if code == "web.internal" {
                            continue;
                        }
                        found += 1;
                        assert!(
                            listed.contains(&code),
                            "{}: Internal({code:?}) is not in FAULT_CODES",
                            path.display()
                        );
                    }
                }
            }
        }
        assert!(found >= 5, "found {found}");
    }

    #[test]
    fn an_unreadable_file_is_a_refusal_and_a_failed_write_a_500() {
        use ansinh_files::FileError;
        let refused = WebError::from(FileError::Empty("tệp trống"));
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.code(), "file.empty");
        let failed = WebError::from(FileError::Write("disk full".into()));
        assert_eq!(failed.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(failed.code(), "web.internal");
    }

    #[test]
    fn a_store_refusal_is_a_page_with_its_message_and_a_failure_a_500() {
        let refusal = StoreError::from(ansinh_core::payroll::PayrollError::Stale(3));
        let web = WebError::from(refusal);
        assert_eq!(web.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(web.code(), "payroll.stale");
        assert!(web.is_refusal());
        assert!(web.to_string().contains("3 đối tượng"), "{web}");
        let res = web.into_response();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.extensions().get::<RefusalMessage>().is_some());
        assert_eq!(res.extensions().get::<ErrorInfo>().unwrap().key, "err-422");

        let failure = WebError::from(StoreError::Corrupt("x".into()));
        assert_eq!(failure.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(failure.to_string(), "lỗi máy chủ (db.corrupt)");
        assert!(matches!(
            WebError::from(StoreError::Forbidden("x".into())),
            WebError::Forbidden(_)
        ));
    }

    #[test]
    fn the_api_keeps_its_statuses_and_sends_every_other_refusal_as_422() {
        use crate::api::error::ApiError;
        use ansinh_core::registry::RegistryError;
        let status = |e: StoreError| ApiError::from(e).status;
        assert_eq!(
            status(
                RegistryError::UnknownArea {
                    code: "1".into(),
                    on: "x".into()
                }
                .into()
            ),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            status(RegistryError::DuplicatePid("1".into()).into()),
            StatusCode::CONFLICT
        );
        assert_eq!(
            status(StoreError::Conflict {
                expected: 1,
                found: 2
            }),
            StatusCode::CONFLICT
        );
        let e = ApiError::from(StoreError::from(
            ansinh_core::accounts::AccountsError::NoArea,
        ));
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e.code, "accounts.no_area");
        let e = ApiError::from(StoreError::from(RegistryError::BadCursor("x".into())));
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        let e = ApiError::from(StoreError::Corrupt("x".into()));
        assert_eq!(e.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(e.code, "db.corrupt");
    }

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
