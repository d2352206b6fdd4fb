//! One error type for the HTTP layer, rendered as RFC 9457 `application/problem+json`.
use actix_web::{HttpResponse, ResponseError, http::StatusCode};
use serde::Serialize;
use utoipa::ToSchema;

const TYPE_BASE: &str = "https://domicilia.example/problems/";

/// One invalid input.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct FieldError {
    /// The parameter or JSON field, e.g. `per_page` or `prices[0].vat_rate_bp`.
    pub field: String,
    /// A stable machine code: `unknown_value`, `out_of_range`, `invalid_format`, `unknown_parameter`…
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
    /// Present on server errors: quote it when reporting a problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("not signed in")]
    Unauthorized,
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("too many attempts; retry in {0} s")]
    TooManyRequests(u64),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![FieldError::new(field, code, message)])
    }

    fn problem(&self) -> Problem {
        let (slug, title, detail, errors, request_id) = match self {
            ApiError::Validation(errs) => (
                "validation",
                "Invalid input",
                format!(
                    "{} invalid: {}",
                    if errs.len() == 1 {
                        "One value is"
                    } else {
                        "Some values are"
                    },
                    errs.iter()
                        .map(|e| e.field.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Some(errs.clone()),
                None,
            ),
            ApiError::NotFound(what) => (
                "not-found",
                "Not found",
                format!("No {what} has this identifier."),
                None,
                None,
            ),
            ApiError::Unauthorized => (
                "unauthorized",
                "Not signed in",
                "Sign in (or sign in again) to do this.".into(),
                None,
                None,
            ),
            ApiError::Forbidden(why) => ("forbidden", "Forbidden", (*why).to_owned(), None, None),
            ApiError::BadRequest(why) => ("bad-request", "Bad request", why.clone(), None, None),
            ApiError::TooManyRequests(secs) => (
                "too-many-requests",
                "Too many attempts",
                format!("Too many attempts in a short time: try again in {secs} seconds."),
                None,
                None,
            ),
            ApiError::Internal(_) => (
                "internal",
                "Internal error",
                "Something went wrong on our side. The request id identifies it in our logs."
                    .into(),
                None,
                crate::telemetry::current_request_id(),
            ),
        };
        Problem {
            type_uri: format!("{TYPE_BASE}{slug}"),
            title: title.into(),
            status: self.status_code().as_u16(),
            detail,
            errors,
            request_id,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            // The cause is ours (SQL, I/O), never user data: log it, never send it.
            tracing::error!(error = %cause, "internal error");
        }
        let mut res = problem_response(self.status_code(), &self.problem());
        if let ApiError::TooManyRequests(secs) = self
            && let Ok(v) = actix_web::http::header::HeaderValue::from_str(&secs.to_string())
        {
            res.headers_mut()
                .insert(actix_web::http::header::RETRY_AFTER, v);
        }
        if matches!(self, ApiError::Unauthorized) {
            res.headers_mut().insert(
                actix_web::http::header::WWW_AUTHENTICATE,
                actix_web::http::header::HeaderValue::from_static("Bearer"),
            );
        }
        res
    }
}

pub fn problem_response(status: StatusCode, problem: &Problem) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("application/problem+json")
        .json(problem)
}

/// A problem for statuses produced outside handlers (unknown route, wrong method, body too large).
pub fn generic_problem(status: StatusCode, detail: &str) -> Problem {
    let slug = match status.as_u16() {
        404 => "not-found",
        405 => "method-not-allowed",
        413 => "payload-too-large",
        _ => "bad-request",
    };
    Problem {
        type_uri: format!("{TYPE_BASE}{slug}"),
        title: status.canonical_reason().unwrap_or("Error").into(),
        status: status.as_u16(),
        detail: detail.into(),
        errors: None,
        request_id: None,
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(e: sea_orm::DbErr) -> Self {
        ApiError::Internal(e.to_string())
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Maps a JSON body error to a problem naming the field when serde says which.
pub fn json_error(err: &actix_web::error::JsonPayloadError) -> ApiError {
    use actix_web::error::JsonPayloadError as E;
    match err {
        E::Deserialize(e) if !e.is_data() => {
            ApiError::BadRequest("The body is not valid JSON.".into())
        }
        E::Deserialize(e) => {
            let msg = e.to_string();
            let field = msg
                .split('`')
                .nth(1)
                .unwrap_or("body")
                .chars()
                .take(40)
                .collect::<String>();
            let code = if msg.starts_with("unknown field") {
                "unknown_field"
            } else if msg.starts_with("missing field") {
                "required"
            } else {
                "invalid_format"
            };
            ApiError::field(&field, code, "Check this field's name, type and value.")
        }
        E::Overflow { .. } | E::OverflowKnownLength { .. } => {
            ApiError::BadRequest("The body is too large.".into())
        }
        E::ContentType => {
            ApiError::BadRequest("Send JSON with Content-Type: application/json.".into())
        }
        _ => ApiError::BadRequest("The body is not valid JSON.".into()),
    }
}
