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
    #[error("body too large")]
    PayloadTooLarge,
    /// The body is not of a type the route takes (the detail says which it takes).
    #[error("unsupported media type")]
    UnsupportedMediaType(&'static str),
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// A single-use link already used (or whose object is gone).
    #[error("gone: {0}")]
    Gone(&'static str),
    /// A change sent without `If-Match`.
    #[error("precondition required")]
    PreconditionRequired,
    /// A change sent with a stale `If-Match`: someone changed the object meanwhile.
    #[error("precondition failed")]
    PreconditionFailed,
    #[error("too many attempts; retry in {0} s")]
    TooManyRequests(u64),
    /// A database error, kept whole: a lost connection answers 503, a unique-constraint
    /// violation that no service mapped to its own answer 409, anything else 500.
    #[error("database: {0}")]
    Database(#[source] sea_orm::DbErr),
    #[error("internal error: {0}")]
    Internal(String),
}

/// What a database error means for the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbFailure {
    Unavailable,
    Unique,
    Other,
}

impl ApiError {
    /// How a database error is answered (None for the other errors).
    pub fn db_failure(&self) -> Option<DbFailure> {
        match self {
            ApiError::Database(e) if crate::db::is_unavailable(e) => Some(DbFailure::Unavailable),
            ApiError::Database(e) if crate::db::is_unique_violation(e) => Some(DbFailure::Unique),
            ApiError::Database(_) => Some(DbFailure::Other),
            _ => None,
        }
    }

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
            ApiError::PayloadTooLarge => (
                "payload-too-large",
                "Payload too large",
                "The body is too large.".into(),
                None,
                None,
            ),
            ApiError::UnsupportedMediaType(what) => (
                "unsupported-media-type",
                "Unsupported media type",
                (*what).to_owned(),
                None,
                None,
            ),
            ApiError::Conflict(why) => ("conflict", "Conflict", (*why).to_owned(), None, None),
            ApiError::Gone(why) => ("gone", "Gone", (*why).to_owned(), None, None),
            ApiError::PreconditionRequired => (
                "precondition-required",
                "Precondition required",
                "Send the ETag you read as If-Match, so that nobody's changes are overwritten."
                    .into(),
                None,
                None,
            ),
            ApiError::PreconditionFailed => (
                "precondition-failed",
                "Changed meanwhile",
                "Someone changed this since you read it: reload it, compare, and apply your change again."
                    .into(),
                None,
                None,
            ),
            ApiError::Database(_) if self.db_failure() == Some(DbFailure::Unavailable) => (
                "unavailable",
                "Service unavailable",
                "The service cannot reach its database right now: try again in a moment.".into(),
                None,
                None,
            ),
            ApiError::Database(_) if self.db_failure() == Some(DbFailure::Unique) => (
                "conflict",
                "Conflict",
                "This already exists.".into(),
                None,
                None,
            ),
            ApiError::Internal(_) | ApiError::Database(_) => (
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
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Gone(_) => StatusCode::GONE,
            ApiError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            ApiError::Database(_) => match self.db_failure() {
                Some(DbFailure::Unavailable) => StatusCode::SERVICE_UNAVAILABLE,
                Some(DbFailure::Unique) => StatusCode::CONFLICT,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            },
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match (self, self.db_failure()) {
            // The cause is ours (SQL, I/O), never user data: log it, never send it.
            (ApiError::Internal(cause), _) => tracing::error!(error = %cause, "internal error"),
            (ApiError::Database(e), Some(DbFailure::Other)) => {
                tracing::error!(error = %e, "database error")
            }
            (ApiError::Database(e), Some(DbFailure::Unavailable)) => {
                tracing::warn!(error = %e, "database unavailable")
            }
            (ApiError::Database(_), _) => tracing::info!("unique constraint: answered 409"),
            _ => {}
        }
        let mut res = problem_response(self.status_code(), &self.problem());
        let retry_after = match self {
            ApiError::TooManyRequests(secs) => Some(*secs),
            _ if self.db_failure() == Some(DbFailure::Unavailable) => Some(1),
            _ => None,
        };
        if let Some(secs) = retry_after
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
        415 => "unsupported-media-type",
        503 => "unavailable",
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
        ApiError::Database(e)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
