use super::State;
use crate::api::invitations::{
    AcceptInvitation, Invitation, InvitationPreview, InvitationRequest, MemberList,
};
use crate::auth::{MaybeViewer, Viewer};
use crate::error::{ApiResult, Problem};
use crate::input::{Body, NoParams, Query, path_id};
use crate::services::{invitations, members};
use actix_web::{HttpResponse, delete, get, post, web};

/// Invite someone to a role (provider admins: their organisation's staff; municipal
/// admins: their tenant's reviewers and admins; platform admins: anyone). An expiring,
/// single-use link is e-mailed.
#[utoipa::path(
    operation_id = "create_invitation",
    tag = "auth",
    request_body = InvitationRequest,
    responses(
        (status = 201, body = Invitation),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/invitations")]
pub async fn create_invitation(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    body: Body<InvitationRequest>,
) -> ApiResult<HttpResponse> {
    let inv = invitations::invite(
        &state.db,
        &state.public_url,
        &viewer,
        body.into_inner(),
        state.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(inv))
}

/// Accept an invitation addressed to your (verified) e-mail address.
#[utoipa::path(
    operation_id = "accept_invitation",
    tag = "auth",
    request_body = AcceptInvitation,
    responses(
        (status = 204),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/invitations/accept")]
pub async fn accept_invitation(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    body: Body<AcceptInvitation>,
) -> ApiResult<HttpResponse> {
    invitations::accept(&state.db, &viewer, &body.token, state.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// What an invitation offers (role, organisation or space, the invited address masked),
/// before signing in to accept it.
#[utoipa::path(
    operation_id = "preview_invitation",
    tag = "auth",
    request_body = AcceptInvitation,
    responses(
        (status = 200, body = InvitationPreview),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown, used or expired", body = Problem, content_type = "application/problem+json"),
    ),
    security((), ("bearer" = []))
)]
#[post("/invitations/preview")]
pub async fn preview_invitation(
    state: State,
    MaybeViewer(viewer): MaybeViewer,
    _q: Query<NoParams>,
    body: Body<AcceptInvitation>,
) -> ApiResult<web::Json<InvitationPreview>> {
    Ok(web::Json(
        invitations::preview(&state.db, viewer.as_ref(), &body.token, state.now()).await?,
    ))
}

/// The members of an organisation (its administrators and platform admins only).
#[utoipa::path(
    operation_id = "list_members",
    tag = "auth",
    params(("id" = uuid::Uuid, Path, description = "The organisation's id")),
    responses(
        (status = 200, body = MemberList),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/organisations/{id}/members")]
pub async fn list_members(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<MemberList>> {
    let org = path_id("id", &id)?;
    Ok(web::Json(
        members::organisation_members(&state.db, &viewer, org, state.now()).await?,
    ))
}

/// Remove a member from an organisation: their roles there end on their next request.
#[utoipa::path(
    operation_id = "remove_member",
    tag = "auth",
    params(
        ("id" = uuid::Uuid, Path, description = "The organisation's id"),
        ("member" = uuid::Uuid, Path, description = "The person's id"),
    ),
    responses(
        (status = 204),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/organisations/{id}/members/{member}")]
pub async fn remove_member(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (org, member) = path.into_inner();
    let (org, member) = (path_id("id", &org)?, path_id("member", &member)?);
    members::remove_organisation_member(&state.db, &viewer, org, member, state.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
