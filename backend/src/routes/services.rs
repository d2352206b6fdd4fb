use super::State;
use crate::api::services::{
    SearchQuery, ServiceCard, ServiceSearchPage, SuggestQuery, SuggestionList,
};
use crate::error::{ApiError, ApiResult, Problem};
use crate::input::{NoParams, Query, path_id};
use crate::services::{SearchParams, cards};
use actix_web::{get, web};

/// Search the published service cards.
///
/// Full text with Italian stemming, filters, sorting, pagination and facet counts per
/// macro area, category and Municipio (each facet ignores its own filter).
#[utoipa::path(
    operation_id = "search_services",
    tag = "services",
    params(SearchQuery),
    responses(
        (status = 200, body = ServiceSearchPage),
        (status = 422, description = "A parameter is unknown or invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/services")]
pub async fn search_services(
    state: State,
    q: Query<SearchQuery>,
) -> ApiResult<web::Json<ServiceSearchPage>> {
    search(&state, q.into_inner()).await.map(web::Json)
}

/// The operation itself for server-rendered pages (`ssr`): the raw query string, read
/// as strictly as the route reads it.
pub async fn search_services_op(
    state: &super::AppState,
    raw_query: &str,
) -> ApiResult<ServiceSearchPage> {
    search(state, crate::input::parse_query(raw_query)?).await
}

async fn search(state: &super::AppState, q: SearchQuery) -> ApiResult<ServiceSearchPage> {
    let params = SearchParams::from_query(q, &state.reference)?;
    // CPU work on a memory-mapped index: off the async threads, one per core at a time.
    state
        .search
        .search_in_turn(params, state.reference.clone())
        .await
        .map_err(ApiError::Internal)
}

/// Suggestions while typing: up to 8 categories, providers and service titles whose words
/// begin with what was typed (the last word may be incomplete; a typo is forgiven in
/// words of 4 letters or more).
#[utoipa::path(
    operation_id = "suggest_services",
    tag = "services",
    params(SuggestQuery),
    responses((status = 200, body = SuggestionList))
)]
#[get("/services/suggest")]
pub async fn suggest_services(
    state: State,
    q: Query<SuggestQuery>,
) -> ApiResult<web::Json<SuggestionList>> {
    let q = q.into_inner();
    if q.q.chars().count() > 100 {
        return Err(ApiError::field("q", "too_long", "At most 100 characters."));
    }
    Ok(web::Json(SuggestionList {
        items: state.search.suggest(&q.q),
    }))
}

/// One published service card with every field of the *scheda servizio*.
#[utoipa::path(
    operation_id = "get_service",
    tag = "services",
    params(("id" = uuid::Uuid, Path, description = "The card's id")),
    responses(
        (status = 200, body = ServiceCard),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/services/{id}")]
pub async fn get_service(
    state: State,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<ServiceCard>> {
    get_service_op(&state, &id).await.map(web::Json)
}

/// The operation itself, for the route above and for server-rendered pages (`ssr`).
pub async fn get_service_op(state: &super::AppState, id: &str) -> ApiResult<ServiceCard> {
    let id = path_id("id", id)?;
    cards::published(&state.db, &state.reference, id)
        .await?
        .ok_or(ApiError::NotFound("service card"))
}
