use super::State;
use crate::api::invitations::{AcceptInvitation, Invitation, InvitationRequest};
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::services::invitations;
use actix_web::{HttpResponse, post, web};

/// Invite someone to a role (provider admins: their organisation's staff; municipal
/// admins: their tenant's reviewers and admins; platform admins: anyone). An expiring,
/// single-use link is e-mailed.
#[utoipa::path(
    operation_id = "create_invitation",
    tag = "auth",
    request_body = InvitationRequest,
    responses(
        (status = 201, body = Invitation),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/invitations")]
pub async fn create_invitation(
    state: State,
    user: AuthUser,
    body: web::Json<InvitationRequest>,
) -> ApiResult<HttpResponse> {
    let inv = invitations::invite(
        &state.db,
        &state.public_url,
        &user.user,
        &user.memberships,
        body.into_inner(),
        chrono::Utc::now(),
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
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/invitations/accept")]
pub async fn accept_invitation(
    state: State,
    user: AuthUser,
    body: web::Json<AcceptInvitation>,
) -> ApiResult<HttpResponse> {
    invitations::accept(&state.db, &user.user, &body.token, chrono::Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
