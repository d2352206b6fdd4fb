//! `/api/v1/me/favourites*` and `/api/v1/me/saved-searches*`: what a signed-in person
//! keeps (issue 12); `/api/v1/saved-searches/unsubscribe`: an alert's one-click link;
//! `/api/v1/saved-searches/one-click`: the same from a mail client (RFC 8058).
use super::State;
use crate::api::favourites::{
    Favourites, OneClickQuery, SavedSearch, SavedSearchInput, SavedSearchList, SavedSearchPatch,
    UnsubscribeInput, Unsubscribed,
};
use crate::auth::Viewer;
use crate::error::{ApiResult, Problem};
use crate::input::{Body, NoParams, Query, path_id};
use crate::services::favourites::{self, Target};
use crate::services::saved_searches;
use actix_web::{HttpResponse, delete, get, patch, post, put, web};

/// Your favourite services and carers, most recently saved first. A service no longer
/// published, or a carer no longer listed, stays in the list marked unavailable.
#[utoipa::path(
    operation_id = "list_favourites",
    tag = "favourites",
    responses(
        (status = 200, body = Favourites),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/me/favourites")]
pub async fn list_favourites(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
) -> ApiResult<web::Json<Favourites>> {
    Ok(web::Json(
        favourites::list(&*state.db, &state.reference, viewer.user.id).await?,
    ))
}

/// Save a published service as a favourite (already saved: nothing changes). At most
/// 200: 409 beyond.
#[utoipa::path(
    operation_id = "save_favourite_service",
    tag = "favourites",
    params(("id" = uuid::Uuid, Path, description = "The service card's id")),
    responses(
        (status = 204),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No published service has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Too many favourites", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/me/favourites/services/{id}")]
pub async fn save_favourite_service(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    favourites::save(&state.db, &viewer, Target::Card, id, state.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Remove a service from your favourites (not there: nothing changes).
#[utoipa::path(
    operation_id = "remove_favourite_service",
    tag = "favourites",
    params(("id" = uuid::Uuid, Path, description = "The service card's id")),
    responses(
        (status = 204),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/me/favourites/services/{id}")]
pub async fn remove_favourite_service(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    favourites::remove(&state.db, &viewer, Target::Card, id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Save a listed carer as a favourite (already saved: nothing changes). At most 200:
/// 409 beyond.
#[utoipa::path(
    operation_id = "save_favourite_carer",
    tag = "favourites",
    params(("id" = uuid::Uuid, Path, description = "The carer's id")),
    responses(
        (status = 204),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No listed carer has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Too many favourites", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/me/favourites/carers/{id}")]
pub async fn save_favourite_carer(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    favourites::save(&state.db, &viewer, Target::Carer, id, state.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Remove a carer from your favourites (not there: nothing changes).
#[utoipa::path(
    operation_id = "remove_favourite_carer",
    tag = "favourites",
    params(("id" = uuid::Uuid, Path, description = "The carer's id")),
    responses(
        (status = 204),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/me/favourites/carers/{id}")]
pub async fn remove_favourite_carer(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    favourites::remove(&state.db, &viewer, Target::Carer, id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Your saved searches, newest first.
#[utoipa::path(
    operation_id = "list_saved_searches",
    tag = "favourites",
    responses(
        (status = 200, body = SavedSearchList),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/me/saved-searches")]
pub async fn list_saved_searches(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
) -> ApiResult<web::Json<SavedSearchList>> {
    Ok(web::Json(
        saved_searches::list(&*state.db, viewer.user.id).await?,
    ))
}

/// Save a search (its query string, checked as the search checks it; paging and sort
/// are left out). With `alert`, you are told at most once a day, in the app and by
/// mail, when newly published services match it. The same search twice, or more than
/// 20: 409.
#[utoipa::path(
    operation_id = "create_saved_search",
    tag = "favourites",
    request_body = SavedSearchInput,
    responses(
        (status = 201, body = SavedSearch),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already saved, or too many", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/me/saved-searches")]
pub async fn create_saved_search(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    body: Body<SavedSearchInput>,
) -> ApiResult<HttpResponse> {
    let s = saved_searches::create(
        &state.db,
        &state.reference,
        &viewer,
        body.into_inner(),
        state.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(s))
}

/// Rename a saved search, or turn its alert on (new services count from now) or off
/// (the links already mailed stop working).
#[utoipa::path(
    operation_id = "update_saved_search",
    tag = "favourites",
    params(("id" = uuid::Uuid, Path, description = "The saved search's id")),
    request_body = SavedSearchPatch,
    responses(
        (status = 200, body = SavedSearch),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/me/saved-searches/{id}")]
pub async fn update_saved_search(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<SavedSearchPatch>,
) -> ApiResult<web::Json<SavedSearch>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        saved_searches::update(&state.db, &viewer, id, body.into_inner(), state.now()).await?,
    ))
}

/// Delete a saved search.
#[utoipa::path(
    operation_id = "delete_saved_search",
    tag = "favourites",
    params(("id" = uuid::Uuid, Path, description = "The saved search's id")),
    responses(
        (status = 204),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/me/saved-searches/{id}")]
pub async fn delete_saved_search(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    saved_searches::delete(&state.db, &viewer, id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Stop a saved search's alert from the link in its mail, without signing in. Each
/// link works once: used again (or after the alert was turned off or the search
/// deleted) it answers 410.
#[utoipa::path(
    operation_id = "unsubscribe_saved_search",
    tag = "favourites",
    request_body = UnsubscribeInput,
    responses(
        (status = 200, body = Unsubscribed),
        (status = 410, description = "The link was already used", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a valid link", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/saved-searches/unsubscribe")]
pub async fn unsubscribe_saved_search(
    state: State,
    _q: Query<NoParams>,
    body: Body<UnsubscribeInput>,
) -> ApiResult<web::Json<Unsubscribed>> {
    Ok(web::Json(
        saved_searches::unsubscribe(&state.db, &state.links, &body.token).await?,
    ))
}

/// Stop a saved search's alert from a mail client's one-click unsubscribe (RFC 8058):
/// the address of the alert mail's `List-Unsubscribe` header, posted with
/// `List-Unsubscribe=One-Click` (form-encoded or multipart; the body is not needed).
/// The same token and answers as `unsubscribe_saved_search`: it works once.
#[utoipa::path(
    operation_id = "unsubscribe_saved_search_one_click",
    tag = "favourites",
    params(OneClickQuery),
    request_body(
        content(
            (crate::api::favourites::OneClickBody = "application/x-www-form-urlencoded"),
            (crate::api::favourites::OneClickBody = "multipart/form-data"),
        ),
        description = "`List-Unsubscribe=One-Click`, as RFC 8058 has mail clients send it",
    ),
    responses(
        (status = 200, body = Unsubscribed),
        (status = 410, description = "The link was already used", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is neither form-encoded nor multipart", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a valid link", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/saved-searches/one-click")]
pub async fn unsubscribe_saved_search_one_click(
    state: State,
    req: actix_web::HttpRequest,
    q: Query<OneClickQuery>,
    payload: web::Payload,
) -> ApiResult<web::Json<Unsubscribed>> {
    // Read within the limit, as every body is; what it says is not needed.
    crate::input::read_upload(
        &req,
        payload,
        &["application/x-www-form-urlencoded", "multipart/form-data"],
        "Post `List-Unsubscribe=One-Click`, form-encoded or multipart.",
        crate::input::BODY_LIMIT,
    )
    .await?;
    Ok(web::Json(
        saved_searches::unsubscribe(&state.db, &state.links, &q.token).await?,
    ))
}
