use super::State;
use crate::api::audit::{AuditPage, AuditQuery};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, Problem};
use crate::services::audit;
use actix_web::{HttpRequest, get, web};

/// Search the audit log (municipal and platform administrators).
#[utoipa::path(
    operation_id = "search_audit",
    tag = "auth",
    params(AuditQuery),
    responses(
        (status = 200, body = AuditPage),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/audit")]
pub async fn search_audit(
    state: State,
    user: AuthUser,
    req: HttpRequest,
) -> ApiResult<web::Json<AuditPage>> {
    let q: AuditQuery = serde_urlencoded::from_str(req.query_string())
        .map_err(|e| ApiError::field("query", "invalid_format", e.to_string()))?;
    let per_page = q.per_page.unwrap_or(20);
    let page = q.page.unwrap_or(1);
    if !(1..=100).contains(&per_page) {
        return Err(ApiError::field(
            "per_page",
            "out_of_range",
            "Must be between 1 and 100.",
        ));
    }
    if page == 0 {
        return Err(ApiError::field("page", "out_of_range", "Pages start at 1."));
    }
    Ok(web::Json(
        audit::search(
            &state.db,
            &user.memberships,
            q.action.as_deref(),
            page,
            per_page,
        )
        .await?,
    ))
}
