//! The carers' registry (issue 12): `/api/v1/me/carer` (a carer's own application and
//! profile), `/api/v1/registry/carers` (the operators' registry), `/api/v1/carers/{id}`
//! (a listed carer's limited profile) and `/api/v1/matching/vocabulary`.
use super::State;
use crate::api::carers::{
    CarerProfile, CarerProfileInput, CarerRegistration, MatchingVocabulary, NewStep,
    RegistrationList, RegistryQuery,
};
use crate::auth::Viewer;
use crate::error::{ApiResult, Problem};
use crate::input::{Body, NoParams, Query, path_id};
use crate::services::carers;
use actix_web::{HttpResponse, get, post, put, web};

/// The matching vocabulary: carers' roles, skills, broad conditions and the public
/// contributions the eligibility screener reads.
#[utoipa::path(
    operation_id = "get_matching_vocabulary",
    tag = "carers",
    responses((status = 200, body = MatchingVocabulary))
)]
#[get("/matching/vocabulary")]
pub async fn get_matching_vocabulary(
    state: State,
    _q: Query<NoParams>,
) -> ApiResult<web::Json<MatchingVocabulary>> {
    Ok(web::Json(state.reference.matching.clone()))
}

/// The viewer's own registration as a carer.
#[utoipa::path(
    operation_id = "get_my_carer_registration",
    tag = "carers",
    responses(
        (status = 200, body = CarerRegistration),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/me/carer")]
pub async fn get_my_carer_registration(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
) -> ApiResult<web::Json<CarerRegistration>> {
    Ok(web::Json(
        carers::get_own(&state.db, &state.reference, &viewer).await?,
    ))
}

/// Apply to the registry (201), or change the profile (200). Carers' accounts only.
#[utoipa::path(
    operation_id = "save_my_carer_registration",
    tag = "carers",
    request_body = CarerProfileInput,
    responses(
        (status = 200, body = CarerRegistration),
        (status = 201, body = CarerRegistration),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/me/carer")]
pub async fn save_my_carer_registration(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    body: Body<CarerProfileInput>,
) -> ApiResult<HttpResponse> {
    let (reg, created) = carers::save_own(
        &state.db,
        &state.reference,
        &viewer,
        body.into_inner(),
        state.now(),
    )
    .await?;
    Ok(if created {
        HttpResponse::Created().json(reg)
    } else {
        HttpResponse::Ok().json(reg)
    })
}

/// The registry of the tenants the viewer works for (space operators, municipal
/// reviewers and admins), the longest waiting first.
#[utoipa::path(
    operation_id = "list_registrations",
    tag = "carers",
    params(RegistryQuery),
    responses(
        (status = 200, body = RegistrationList),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/registry/carers")]
pub async fn list_registrations(
    state: State,
    viewer: Viewer,
    q: Query<RegistryQuery>,
) -> ApiResult<web::Json<RegistrationList>> {
    Ok(web::Json(
        carers::list(&state.db, &state.reference, &viewer, q.into_inner()).await?,
    ))
}

/// One registration of the viewer's registry.
#[utoipa::path(
    operation_id = "get_registration",
    tag = "carers",
    params(("id" = uuid::Uuid, Path, description = "The registration's id")),
    responses(
        (status = 200, body = CarerRegistration),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/registry/carers/{id}")]
pub async fn get_registration(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<CarerRegistration>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        carers::get(&state.db, &state.reference, &viewer, id).await?,
    ))
}

/// A step of the registry: interview, train, list, suspend (with a note), reinstate.
#[utoipa::path(
    operation_id = "step_registration",
    tag = "carers",
    params(("id" = uuid::Uuid, Path, description = "The registration's id")),
    request_body = NewStep,
    responses(
        (status = 200, body = CarerRegistration),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/registry/carers/{id}/steps")]
pub async fn step_registration(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<NewStep>,
) -> ApiResult<web::Json<CarerRegistration>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        carers::step(
            &state.db,
            &state.reference,
            &viewer,
            id,
            body.into_inner(),
            &state.public_url,
            state.now(),
        )
        .await?,
    ))
}

/// A listed carer's limited profile (signed-in people): first name, skills, languages,
/// zones, availability, experience and badges — never contact details.
#[utoipa::path(
    operation_id = "get_carer",
    tag = "carers",
    params(("id" = uuid::Uuid, Path, description = "The carer's id")),
    responses(
        (status = 200, body = CarerProfile),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/carers/{id}")]
pub async fn get_carer(
    state: State,
    _viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<CarerProfile>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        carers::profile(&state.db, &state.reference, id).await?,
    ))
}
