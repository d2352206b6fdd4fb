//! `/api/v1/me/notifications*`: the signed-in person's notification centre.
use super::State;
use crate::api::notifications::{NotificationCount, NotificationList, NotificationQuery};
use crate::auth::Viewer;
use crate::error::{ApiResult, Problem};
use crate::input::{NoParams, Query, path_id};
use crate::services::notifications;
use actix_web::{HttpResponse, get, post, web};

/// Your notifications, newest first (at most 100), with how many are unread.
#[utoipa::path(
    operation_id = "list_notifications",
    tag = "notifications",
    params(NotificationQuery),
    responses(
        (status = 200, body = NotificationList),
    ),
    security(("bearer" = []))
)]
#[get("/me/notifications")]
pub async fn list_notifications(
    state: State,
    viewer: Viewer,
    q: Query<NotificationQuery>,
) -> ApiResult<web::Json<NotificationList>> {
    Ok(web::Json(
        notifications::list(&*state.db, &viewer, q.into_inner().unread).await?,
    ))
}

/// How many of your notifications are unread: what the header's bell shows, asked on
/// every page, so it reads one count and nothing else.
#[utoipa::path(
    operation_id = "count_notifications",
    tag = "notifications",
    responses(
        (status = 200, body = NotificationCount),
    ),
    security(("bearer" = []))
)]
#[get("/me/notifications/count")]
pub async fn count_notifications(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
) -> ApiResult<web::Json<NotificationCount>> {
    Ok(web::Json(NotificationCount {
        unread: notifications::unread(&*state.db, &viewer).await?,
    }))
}

/// Mark one of your notifications read.
#[utoipa::path(
    operation_id = "read_notification",
    tag = "notifications",
    params(("id" = uuid::Uuid, Path, description = "The notification's id")),
    responses(
        (status = 204),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/me/notifications/{id}/read")]
pub async fn read_notification(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    notifications::mark_read(&*state.db, &viewer, id, state.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Mark all your notifications read.
#[utoipa::path(
    operation_id = "read_all_notifications",
    tag = "notifications",
    responses(
        (status = 204),
    ),
    security(("bearer" = []))
)]
#[post("/me/notifications/read-all")]
pub async fn read_all_notifications(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
) -> ApiResult<HttpResponse> {
    notifications::mark_all_read(&*state.db, &viewer, state.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
