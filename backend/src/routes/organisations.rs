use super::State;
use crate::api::organisations::Organisation;
use crate::error::{ApiError, ApiResult, Problem};
use crate::input::{NoParams, Query, path_id};
use crate::services::organisations;
use actix_web::{get, web};

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
