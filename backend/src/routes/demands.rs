//! Families' needs (issue 12): `/api/v1/demands` (a citizen's own), their status and the
//! offers ranked for each; `/api/v1/matching/eligibility` (the contributions screener).
use super::State;
use crate::api::demands::{
    ContributionList, Demand, DemandInput, DemandList, DemandStatusChange, DemandsQuery,
    EligibilityQuery, MatchList, MatchesQuery,
};
use crate::auth::Viewer;
use crate::error::{ApiResult, Problem};
use crate::input::{Body, NoParams, Query, path_id};
use crate::services::demands;
use actix_web::{HttpResponse, get, post, put, web};

/// Which public contributions may apply to a household's ISEE: guidance only, with the
/// office that decides (thresholds from the reference data).
#[utoipa::path(
    operation_id = "check_eligibility",
    tag = "demands",
    params(EligibilityQuery),
    responses(
        (status = 200, body = ContributionList),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/matching/eligibility")]
pub async fn check_eligibility(
    state: State,
    q: Query<EligibilityQuery>,
) -> ApiResult<web::Json<ContributionList>> {
    let q = q.into_inner();
    if !(0..=100_000_000).contains(&q.isee_cents) {
        return Err(crate::error::ApiError::Validation(vec![
            crate::error::FieldError::new(
                "isee_cents",
                "out_of_range",
                "An ISEE from 0 to 1,000,000 euros, in cents.",
            ),
        ]));
    }
    Ok(web::Json(ContributionList {
        items: state
            .reference
            .matching
            .eligible(q.isee_cents, q.role)
            .into_iter()
            .cloned()
            .collect(),
    }))
}

/// Describe a need (citizens' accounts).
#[utoipa::path(
    operation_id = "create_demand",
    tag = "demands",
    request_body = DemandInput,
    responses(
        (status = 201, body = Demand),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/demands")]
pub async fn create_demand(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    body: Body<DemandInput>,
) -> ApiResult<HttpResponse> {
    let d = demands::create(
        &state.db,
        &state.reference,
        &viewer,
        body.into_inner(),
        state.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(d))
}

/// The viewer's needs, newest first.
#[utoipa::path(
    operation_id = "list_demands",
    tag = "demands",
    params(DemandsQuery),
    responses(
        (status = 200, body = DemandList),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/demands")]
pub async fn list_demands(
    state: State,
    viewer: Viewer,
    q: Query<DemandsQuery>,
) -> ApiResult<web::Json<DemandList>> {
    Ok(web::Json(
        demands::list(&state.db, &state.reference, &viewer, q.into_inner()).await?,
    ))
}

/// One of the viewer's needs, or one its owner shared with a WeMi space the viewer
/// operates (read only, without the building; the reading is recorded). Anyone else's:
/// 404.
#[utoipa::path(
    operation_id = "get_demand",
    tag = "demands",
    params(("id" = uuid::Uuid, Path, description = "The demand's id")),
    responses(
        (status = 200, body = Demand),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/demands/{id}")]
pub async fn get_demand(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<Demand>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        demands::get(&state.db, &state.reference, &viewer, id, state.now()).await?,
    ))
}

/// Change a need (open or paused; closed: 409). Without consent the conditions are erased.
/// A change that no longer fits a shared-service group the need is in (or invited to)
/// leaves that group, as pausing would.
#[utoipa::path(
    operation_id = "update_demand",
    tag = "demands",
    params(("id" = uuid::Uuid, Path, description = "The demand's id")),
    request_body = DemandInput,
    responses(
        (status = 200, body = Demand),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/demands/{id}")]
pub async fn update_demand(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<DemandInput>,
) -> ApiResult<web::Json<Demand>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        demands::update(&super::contact::ctx(&state), &viewer, id, body.into_inner()).await?,
    ))
}

/// Pause, resume or close a need (a change not possible from where it stands: 409). A
/// paused or closed need leaves its shared-service groups: an invitation is declined, a
/// membership left, the other families are told.
#[utoipa::path(
    operation_id = "set_demand_status",
    tag = "demands",
    params(("id" = uuid::Uuid, Path, description = "The demand's id")),
    request_body = DemandStatusChange,
    responses(
        (status = 200, body = Demand),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/demands/{id}/status")]
pub async fn set_demand_status(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<DemandStatusChange>,
) -> ApiResult<web::Json<Demand>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        demands::set_status(&super::contact::ctx(&state), &viewer, id, body.into_inner()).await?,
    ))
}

/// The published services and listed carers that fit the need, best first, each with
/// its reasons in words (a closed need: 409).
#[utoipa::path(
    operation_id = "list_demand_matches",
    tag = "demands",
    params(("id" = uuid::Uuid, Path, description = "The demand's id"), MatchesQuery),
    responses(
        (status = 200, body = MatchList),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/demands/{id}/matches")]
pub async fn list_demand_matches(
    state: State,
    viewer: Viewer,
    q: Query<MatchesQuery>,
    id: web::Path<String>,
) -> ApiResult<web::Json<MatchList>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        demands::rank::matches(
            &state.db,
            &state.reference,
            &viewer,
            id,
            q.into_inner(),
            state.now(),
        )
        .await?,
    ))
}

/// The open and paused needs their owners shared with a WeMi space (its operators only),
/// the longest waiting first: whole, conditions included, without the building. Every
/// reading is recorded in the audit log.
#[utoipa::path(
    operation_id = "list_space_demands",
    tag = "demands",
    params(("id" = uuid::Uuid, Path, description = "The space's id"), DemandsQuery),
    responses(
        (status = 200, body = DemandList),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator of the space", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such space", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/spaces/{id}/demands")]
pub async fn list_space_demands(
    state: State,
    viewer: Viewer,
    q: Query<DemandsQuery>,
    id: web::Path<String>,
) -> ApiResult<web::Json<DemandList>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        demands::of_space(
            &state.db,
            &state.reference,
            &viewer,
            id,
            q.into_inner(),
            state.now(),
        )
        .await?,
    ))
}
