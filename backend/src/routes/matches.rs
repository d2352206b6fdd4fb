//! Matches between families' needs and listed carers (issue 12): the needs a carer fits
//! (`/api/v1/me/carer/demands`) and their interest in one, the family writing to a
//! carer (`/api/v1/demands/{id}/carers/{carer}/contact`), and the matches of either side
//! (`/api/v1/matches`): the conversation and the steps.
use super::State;
use super::contact::ctx;
use crate::api::matches::{
    CarerDemandList, CarerDemandsQuery, CarerMatch, CarerMatchList, CarerMatchesQuery,
    MatchMessageInput, MatchOpening, MatchStep,
};
use crate::auth::Viewer;
use crate::error::{ApiResult, Problem};
use crate::input::{Body, NoParams, Query, path_id};
use crate::services::matches;
use actix_web::{HttpResponse, get, post, web};

/// The open needs the viewer (a listed carer) fits, best first, with the reasons in
/// words; never the family or the beneficiary's conditions. Not listed: 409.
#[utoipa::path(
    operation_id = "list_my_carer_demands",
    tag = "matches",
    params(CarerDemandsQuery),
    responses(
        (status = 200, body = CarerDemandList),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/me/carer/demands")]
pub async fn list_my_carer_demands(
    state: State,
    viewer: Viewer,
    q: Query<CarerDemandsQuery>,
) -> ApiResult<web::Json<CarerDemandList>> {
    Ok(web::Json(
        matches::find::carer_demands(&ctx(&state), &viewer, q.into_inner()).await?,
    ))
}

/// The viewer (a listed carer) tells the family of a need they fit that they are
/// interested, with a first message. A need they do not fit: 404; already in touch: 409.
#[utoipa::path(
    operation_id = "express_interest",
    tag = "matches",
    params(("id" = uuid::Uuid, Path, description = "The demand's id")),
    request_body = MatchOpening,
    responses(
        (status = 201, body = CarerMatch),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/me/carer/demands/{id}/interest")]
pub async fn express_interest(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<MatchOpening>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let m = matches::express_interest(&ctx(&state), &viewer, id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(m))
}

/// The family writes to a listed carer the ranking showed for the need (a carer who does
/// not meet it, or a need paused or closed: 409; already in touch: 409).
#[utoipa::path(
    operation_id = "contact_carer",
    tag = "matches",
    params(
        ("id" = uuid::Uuid, Path, description = "The demand's id"),
        ("carer" = uuid::Uuid, Path, description = "The carer's id"),
    ),
    request_body = MatchOpening,
    responses(
        (status = 201, body = CarerMatch),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/demands/{id}/carers/{carer}/contact")]
pub async fn contact_carer(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    path: web::Path<(String, String)>,
    body: Body<MatchOpening>,
) -> ApiResult<HttpResponse> {
    let (demand, carer) = path.into_inner();
    let demand = path_id("id", &demand)?;
    let carer = path_id("carer", &carer)?;
    let m = matches::contact_carer(&ctx(&state), &viewer, demand, carer, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(m))
}

/// The viewer's matches — a family's (of one need with `demand`), a carer's — the
/// latest message first.
#[utoipa::path(
    operation_id = "list_matches",
    tag = "matches",
    params(CarerMatchesQuery),
    responses(
        (status = 200, body = CarerMatchList),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/matches")]
pub async fn list_matches(
    state: State,
    viewer: Viewer,
    q: Query<CarerMatchesQuery>,
) -> ApiResult<web::Json<CarerMatchList>> {
    Ok(web::Json(
        matches::list(&ctx(&state), &viewer, q.into_inner()).await?,
    ))
}

/// One of the viewer's matches with its conversation (marked read). Anyone else's: 404.
#[utoipa::path(
    operation_id = "get_match",
    tag = "matches",
    params(("id" = uuid::Uuid, Path, description = "The match's id")),
    responses(
        (status = 200, body = CarerMatch),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/matches/{id}")]
pub async fn get_match(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<CarerMatch>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(matches::get(&ctx(&state), &viewer, id).await?))
}

/// Write to the other side (a declined or ended match: 409).
#[utoipa::path(
    operation_id = "post_match_message",
    tag = "matches",
    params(("id" = uuid::Uuid, Path, description = "The match's id")),
    request_body = MatchMessageInput,
    responses(
        (status = 201, body = CarerMatch),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/matches/{id}/messages")]
pub async fn post_match_message(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<MatchMessageInput>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let m = matches::post_message(&ctx(&state), &viewer, id, &body.into_inner().body).await?;
    Ok(HttpResponse::Created().json(m))
}

/// A step of the match: the family accepts (once the carer has written) or says the
/// service started; either side declines or ends. Not the viewer's step: 403; not
/// possible from where the match stands (or it moved meanwhile): 409.
#[utoipa::path(
    operation_id = "step_match",
    tag = "matches",
    params(("id" = uuid::Uuid, Path, description = "The match's id")),
    request_body = MatchStep,
    responses(
        (status = 200, body = CarerMatch),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/matches/{id}/status")]
pub async fn step_match(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<MatchStep>,
) -> ApiResult<web::Json<CarerMatch>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        matches::step(&ctx(&state), &viewer, id, body.into_inner().action).await?,
    ))
}
