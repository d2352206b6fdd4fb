//! `/api/v1/audit`: the audit log, for administrators.
use super::State;
use crate::api::audit::{AuditPage, AuditQuery};
use crate::auth::Viewer;
use crate::error::{ApiResult, Problem};
use crate::input::{Deferred, Query};
use crate::services::audit;
use actix_web::{get, web};

/// Search the audit log (municipal and platform administrators).
#[utoipa::path(
    operation_id = "search_audit",
    tag = "auth",
    params(AuditQuery),
    responses(
        (status = 200, body = AuditPage),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/audit")]
pub async fn search_audit(
    state: State,
    viewer: Viewer,
    q: Deferred<Query<AuditQuery>>,
) -> ApiResult<web::Json<AuditPage>> {
    let reach = audit::reach(&viewer)?;
    let q = q.get()?;
    Ok(web::Json(
        audit::search(
            &state.db,
            reach,
            q.action,
            q.page.unwrap_or(1),
            q.per_page.unwrap_or(20),
        )
        .await?,
    ))
}
