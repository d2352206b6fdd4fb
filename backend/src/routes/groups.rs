//! Shared services (issue 12): the neighbours' needs that fit with a family's need
//! (`/api/v1/demands/{id}/pool`), and the groups families form from them
//! (`/api/v1/groups`): proposing one, inviting, joining, declining, leaving.
use super::State;
use super::contact::ctx;
use crate::api::groups::{
    Group, GroupAnswer, GroupInput, GroupInvite, GroupList, GroupOffers, GroupsQuery,
    PoolCandidates,
};
use crate::auth::Viewer;
use crate::error::{ApiResult, Problem};
use crate::input::{Body, NoParams, Query, path_id};
use crate::services::{group_offers, groups};
use actix_web::{HttpResponse, get, post, web};

/// Other families' needs one carer could serve with this one — open to sharing, the
/// same help, near (the same building, NIL, Municipio), hours and budgets that fit —
/// nearest first, with the group proposed from them. Never a name. The owner's need
/// only (another's: 404); a need not open to sharing, paused or living in: 409.
#[utoipa::path(
    operation_id = "list_pool_candidates",
    tag = "groups",
    params(("id" = uuid::Uuid, Path, description = "The demand's id")),
    responses(
        (status = 200, body = PoolCandidates),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/demands/{id}/pool")]
pub async fn list_pool_candidates(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<PoolCandidates>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(groups::pool(&ctx(&state), &viewer, id).await?))
}

/// Propose a group around one of the viewer's needs, inviting needs the pool showed
/// (each family is told, and answers). A need that no longer fits, or one already in a
/// group: 409.
#[utoipa::path(
    operation_id = "create_group",
    tag = "groups",
    request_body = GroupInput,
    responses(
        (status = 201, body = Group),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/groups")]
pub async fn create_group(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    body: Body<GroupInput>,
) -> ApiResult<HttpResponse> {
    let g = groups::create(&ctx(&state), &viewer, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(g))
}

/// The groups the viewer's needs are in or invited to, newest first.
#[utoipa::path(
    operation_id = "list_groups",
    tag = "groups",
    params(GroupsQuery),
    responses(
        (status = 200, body = GroupList),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/groups")]
pub async fn list_groups(
    state: State,
    viewer: Viewer,
    q: Query<GroupsQuery>,
) -> ApiResult<web::Json<GroupList>> {
    Ok(web::Json(
        groups::list(&ctx(&state), &viewer, q.into_inner()).await?,
    ))
}

/// A group one of the viewer's needs is in or invited to: members (first names of those
/// who joined), the joint week, the cost split. Anyone else's: 404.
#[utoipa::path(
    operation_id = "get_group",
    tag = "groups",
    params(("id" = uuid::Uuid, Path, description = "The group's id")),
    responses(
        (status = 200, body = Group),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/groups/{id}")]
pub async fn get_group(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<Group>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(groups::get(&ctx(&state), &viewer, id).await?))
}

/// The providers the group was offered to (requests sent for it by its members,
/// `POST /api/v1/requests` with `group`): each service, how far it got, the latest price
/// per hour, the order. The messages stay with the member who sent it (only they get the
/// thread's id). For members joined or invited; anyone else: 404.
#[utoipa::path(
    operation_id = "list_group_offers",
    tag = "groups",
    params(("id" = uuid::Uuid, Path, description = "The group's id")),
    responses(
        (status = 200, body = GroupOffers),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/groups/{id}/offers")]
pub async fn list_group_offers(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<GroupOffers>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        group_offers::offers(&ctx(&state), &viewer, id).await?,
    ))
}

/// The listed carers the group may be offered to: ranked for the viewer's need with the
/// group's joint week, only those free for that whole week, with the reasons in words
/// and the group's match with each, if any (ask one with
/// `POST /api/v1/demands/{demand}/carers/{carer}/contact` and `group`). None while the
/// group forms. For joined members; invited: 403; anyone else: 404.
#[utoipa::path(
    operation_id = "list_group_carers",
    tag = "groups",
    params(("id" = uuid::Uuid, Path, description = "The group's id")),
    responses(
        (status = 200, body = crate::api::demands::MatchList),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/groups/{id}/carers")]
pub async fn list_group_carers(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<crate::api::demands::MatchList>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        crate::services::demands::rank::for_group(&state.db, &state.reference, &viewer, id).await?,
    ))
}

/// The viewer's answer for their need: `join` or `decline` the invitation, `leave`. A
/// step not open now, a closed group, hours that no longer fit: 409.
#[utoipa::path(
    operation_id = "answer_group",
    tag = "groups",
    params(("id" = uuid::Uuid, Path, description = "The group's id")),
    request_body = GroupAnswer,
    responses(
        (status = 200, body = Group),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/groups/{id}/answer")]
pub async fn answer_group(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<GroupAnswer>,
) -> ApiResult<web::Json<Group>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        groups::answer(&ctx(&state), &viewer, id, body.into_inner()).await?,
    ))
}

/// A member invites one more need that fits (from their own need's pool): 201. An
/// invited family is not a member yet (403); full, closed, or not fitting: 409.
#[utoipa::path(
    operation_id = "invite_to_group",
    tag = "groups",
    params(("id" = uuid::Uuid, Path, description = "The group's id")),
    request_body = GroupInvite,
    responses(
        (status = 201, body = Group),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/groups/{id}/members")]
pub async fn invite_to_group(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<GroupInvite>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let g = groups::invite(&ctx(&state), &viewer, id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(g))
}
