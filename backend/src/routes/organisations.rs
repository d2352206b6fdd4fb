use super::State;
use crate::api::organisations::{
    Organisation, OrganisationList, OrganisationQuery, SuspendRequest,
};
use crate::auth::Viewer;
use crate::error::{ApiError, ApiResult, Problem};
use crate::input::{Body, NoParams, Query, path_id};
use crate::services::organisations::{self, AccreditationChange};
use actix_web::{get, post, web};

/// The organisations of a municipality's register, by name, with their accreditation.
#[utoipa::path(
    operation_id = "list_organisations",
    tag = "organisations",
    params(OrganisationQuery),
    responses(
        (status = 200, body = OrganisationList),
        (status = 422, description = "Unknown municipality", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organisations")]
pub async fn list_organisations(
    state: State,
    q: Query<OrganisationQuery>,
) -> ApiResult<web::Json<OrganisationList>> {
    Ok(web::Json(
        organisations::list(&*state.db, &state.reference, &q.into_inner().tenant).await?,
    ))
}

/// Suspend an organisation's accreditation (the municipality's administrators), with a
/// reason its admins read: its cards leave the catalogue and search at once.
#[utoipa::path(
    operation_id = "suspend_organisation",
    tag = "organisations",
    params(("id" = uuid::Uuid, Path, description = "The organisation's id")),
    request_body = SuspendRequest,
    responses(
        (status = 200, body = Organisation),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator of the organisation's municipality", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not accredited now", body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/organisations/{id}/suspend")]
pub async fn suspend_organisation(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<SuspendRequest>,
) -> ApiResult<web::Json<Organisation>> {
    let id = path_id("id", &id)?;
    let reason = body.into_inner().reason;
    Ok(web::Json(
        organisations::change_accreditation(
            &state.db,
            &state.reference,
            &viewer,
            id,
            AccreditationChange::Suspend,
            Some(&reason),
            &state.public_url,
            state.now(),
        )
        .await?,
    ))
}

/// Reinstate a suspended organisation (the municipality's administrators): its published
/// cards are back in the catalogue and search at once.
#[utoipa::path(
    operation_id = "reinstate_organisation",
    tag = "organisations",
    params(("id" = uuid::Uuid, Path, description = "The organisation's id")),
    responses(
        (status = 200, body = Organisation),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator of the organisation's municipality", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not suspended now", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/organisations/{id}/reinstate")]
pub async fn reinstate_organisation(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<Organisation>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        organisations::change_accreditation(
            &state.db,
            &state.reference,
            &viewer,
            id,
            AccreditationChange::Reinstate,
            None,
            &state.public_url,
            state.now(),
        )
        .await?,
    ))
}

/// A provider organisation or ATI, with its published cards and its consortium.
#[utoipa::path(
    operation_id = "get_organisation",
    tag = "organisations",
    params(("id" = uuid::Uuid, Path, description = "The organisation's id")),
    responses(
        (status = 200, body = Organisation),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organisations/{id}")]
pub async fn get_organisation(
    state: State,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<Organisation>> {
    get_organisation_op(&state, &id).await.map(web::Json)
}

/// The operation itself, for the route above and for server-rendered pages (`ssr`).
pub async fn get_organisation_op(state: &super::AppState, id: &str) -> ApiResult<Organisation> {
    let id = path_id("id", id)?;
    organisations::by_public_id(&state.db, &state.reference, id)
        .await?
        .ok_or(ApiError::NotFound("organisation"))
}
