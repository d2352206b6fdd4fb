//! `/api/v1/spaces`: the WeMi spaces (public), their creation and their operators.
use super::State;
use crate::api::invitations::MemberList;
use crate::api::spaces::{NewSpace, Space, SpaceList, SpacesQuery};
use crate::auth::Viewer;
use crate::error::{ApiResult, Problem};
use crate::input::{Body, NoParams, Query, path_id};
use crate::services::{members, spaces};
use actix_web::{HttpResponse, delete, get, post, web};

/// The WeMi spaces, where operators listen, orient and help people who cannot use the web.
#[utoipa::path(
    operation_id = "list_spaces",
    tag = "spaces",
    params(SpacesQuery),
    responses((status = 200, body = SpaceList), (status = 422, body = Problem, content_type = "application/problem+json"))
)]
#[get("/spaces")]
pub async fn list_spaces(state: State, q: Query<SpacesQuery>) -> ApiResult<web::Json<SpaceList>> {
    Ok(web::Json(
        spaces::list(&state.db, &state.reference, q.tenant.as_deref()).await?,
    ))
}

/// The operation itself (its raw query string parsed as the route parses it), for
/// server-rendered pages (`ssr`).
pub async fn list_spaces_op(state: &super::AppState, query: &str) -> ApiResult<SpaceList> {
    let q: SpacesQuery = crate::input::parse_query(query)?;
    spaces::list(&state.db, &state.reference, q.tenant.as_deref()).await
}

/// One WeMi space.
#[utoipa::path(
    operation_id = "get_space",
    tag = "spaces",
    params(("id" = uuid::Uuid, Path, description = "The space's id")),
    responses(
        (status = 200, body = Space),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/spaces/{id}")]
pub async fn get_space(
    state: State,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<Space>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        spaces::get(&state.db, &state.reference, id).await?,
    ))
}

/// Open a WeMi space (the tenant's municipal administrators).
#[utoipa::path(
    operation_id = "create_space",
    tag = "spaces",
    request_body = NewSpace,
    responses(
        (status = 201, body = Space),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/spaces")]
pub async fn create_space(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    body: Body<NewSpace>,
) -> ApiResult<HttpResponse> {
    let space = spaces::create(
        &state.db,
        &state.reference,
        &viewer,
        body.into_inner(),
        state.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(space))
}

/// The operators of a space (the tenant's municipal administrators; the read is audited).
#[utoipa::path(
    operation_id = "list_space_members",
    tag = "spaces",
    params(("id" = uuid::Uuid, Path, description = "The space's id")),
    responses(
        (status = 200, body = MemberList),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/spaces/{id}/members")]
pub async fn list_space_members(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<MemberList>> {
    let space = path_id("id", &id)?;
    Ok(web::Json(
        members::space_members(&state.db, &viewer, space, state.now()).await?,
    ))
}

/// Remove an operator from a space: their role there ends on their next request.
#[utoipa::path(
    operation_id = "remove_space_member",
    tag = "spaces",
    params(
        ("id" = uuid::Uuid, Path, description = "The space's id"),
        ("member" = uuid::Uuid, Path, description = "The person's id"),
    ),
    responses(
        (status = 204),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/spaces/{id}/members/{member}")]
pub async fn remove_space_member(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (space, member) = path.into_inner();
    let (space, member) = (path_id("id", &space)?, path_id("member", &member)?);
    members::remove_space_member(&state.db, &viewer, space, member, state.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
