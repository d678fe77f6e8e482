//! API errors as JSON: `{"error": {"code", "message", "fields"?, "request_id"}}`.
//!
//! A handler returns an [`ApiError`]; its response carries the body without the request id,
//! which [`json_errors`] fills in (and which also turns axum's plain-text rejections, such as
//! a malformed JSON body or query, into the same shape).

use ansinh_core::poverty::PovertyError;
use ansinh_core::registry::RegistryError;
use ansinh_core::registry::person::FieldError;
use ansinh_store::StoreError;
use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::dto::{ErrorBody, ErrorResponse, FieldErrorDto};

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub fields: Option<Vec<FieldErrorDto>>,
}

impl ApiError {
    /// The API's own codes (the store's refusals keep theirs), as `docs/error-codes.md` lists
    /// them.
    pub const CODES: &'static [(&'static str, ansinh_core::error::ErrorKind)] = {
        use ansinh_core::error::ErrorKind::{Failure, Refusal};
        &[
            ("auth.missing_token", Refusal),
            ("auth.invalid_token", Refusal),
            ("api.bad_date", Refusal),
            ("api.bad_level", Refusal),
            ("api.bad_basis", Refusal),
            ("api.bad_cursor", Refusal),
            ("api.bad_limit", Refusal),
            ("method_not_allowed", Refusal),
            ("payload_too_large", Refusal),
            ("unsupported_media_type", Refusal),
            ("bad_request", Refusal),
            ("internal", Failure),
        ]
    };

    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            fields: None,
        }
    }

    pub fn missing_token() -> Self {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "auth.missing_token",
            "thiếu mã truy cập (tiêu đề Authorization: Bearer <mã>)",
        )
    }

    pub fn invalid_token() -> Self {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "auth.invalid_token",
            "mã truy cập không hợp lệ hoặc đã bị thu hồi",
        )
    }

    pub fn not_found() -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", "không tìm thấy")
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 422 with the errors of each field.
    pub fn invalid(errors: &[FieldError]) -> Self {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "registry.invalid",
            message: "dữ liệu không hợp lệ".into(),
            fields: Some(
                errors
                    .iter()
                    .map(|e| FieldErrorDto {
                        field: e.field.code().to_string(),
                        code: e.code.to_string(),
                        message: e.message.clone(),
                    })
                    .collect(),
            ),
        }
    }

    /// 422 about one field.
    fn field(code: &'static str, field: &str, message: String) -> Self {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code,
            message: message.clone(),
            fields: Some(vec![FieldErrorDto {
                field: field.to_string(),
                code: code.to_string(),
                message,
            }]),
        }
    }

    /// A store refusal of a person written through the API.
    pub fn of_person_write(e: StoreError) -> Self {
        match &e {
            StoreError::Invalid(list) => ApiError::invalid(list),
            StoreError::Registry(RegistryError::DuplicatePid(_)) => {
                ApiError::field(e.code(), "personal_id", e.to_string())
            }
            StoreError::Registry(RegistryError::UnknownArea { .. }) => {
                ApiError::field(e.code(), "area_code", e.to_string())
            }
            _ => e.into(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        // The statuses the API documents; every other refusal is 422 with its code.
        let status = match &e {
            StoreError::Forbidden(_) => StatusCode::FORBIDDEN,
            StoreError::NotFound { .. } => StatusCode::NOT_FOUND,
            StoreError::Registry(RegistryError::UnknownArea { .. })
            | StoreError::Poverty(PovertyError::NoResults { .. }) => StatusCode::NOT_FOUND,
            StoreError::Conflict { .. }
            | StoreError::Registry(
                RegistryError::DuplicatePid(_) | RegistryError::DuplicateHouseholdCode(_),
            ) => StatusCode::CONFLICT,
            StoreError::Invalid(list) => return ApiError::invalid(list),
            refusal if refusal.is_refusal() => StatusCode::UNPROCESSABLE_ENTITY,
            _ => {
                // The code only: store messages can quote names or IDs, which stay out of logs.
                tracing::error!(code = e.code(), "store error");
                return ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    e.code(),
                    "lỗi máy chủ; xin thử lại sau",
                );
            }
        };
        let message = match &e {
            StoreError::Forbidden(why) => format!("không có quyền: {why}"),
            StoreError::NotFound { .. } => "không tìm thấy".to_string(),
            other => other.to_string(),
        };
        ApiError::new(status, e.code(), message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = self.status.into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"ansinh\""),
            );
        }
        res.extensions_mut().insert(self);
        res
    }
}

/// Writes every error response of the API as JSON with the request id.
pub async fn json_errors(req: Request, next: Next) -> Response {
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let err = match res.extensions().get::<ApiError>() {
        Some(e) => e.clone(),
        // An extractor's rejection (bad query, malformed or mistyped JSON body, …).
        None => {
            let code = match status {
                StatusCode::NOT_FOUND => "not_found",
                StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
                StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
                StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
                s if s.is_client_error() => "bad_request",
                _ => "internal",
            };
            let message = match status {
                StatusCode::NOT_FOUND => "không tìm thấy",
                StatusCode::METHOD_NOT_ALLOWED => "phương thức không được hỗ trợ",
                StatusCode::UNSUPPORTED_MEDIA_TYPE => "nội dung phải là JSON (application/json)",
                s if s.is_client_error() => "yêu cầu không hợp lệ",
                _ => "lỗi máy chủ; xin thử lại sau",
            };
            ApiError::new(status, code, message)
        }
    };
    let (mut parts, _) = res.into_parts();
    let body = ErrorResponse {
        error: ErrorBody {
            code: err.code.to_string(),
            message: err.message,
            fields: err.fields,
            request_id,
        },
    };
    let json = Json(body).into_response();
    let (jparts, jbody) = json.into_parts();
    parts.headers.insert(
        header::CONTENT_TYPE,
        jparts.headers[header::CONTENT_TYPE].clone(),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, jbody)
}
