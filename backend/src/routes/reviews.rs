//! Reviews: the family's `POST /orders/{id}/review`, the city's moderation
//! (`GET /reviews`, `POST /reviews/{id}/publish|reject`), the provider's reply, reports
//! of abuse, and a card's public `GET /services/{id}/reviews` with its measured signals.
use super::State;
use super::contact::ctx;
use crate::api::reviews::{
    Moderation, NewReview, OrganisationReviews, Review, ReviewList, ReviewQuery, ReviewReply,
    ReviewReport, ServiceReviews,
};
use crate::auth::Viewer;
use crate::error::{ApiResult, Problem};
use crate::input::{Body, NoParams, Query, path_id};
use crate::services::reviews;
use actix_web::{HttpResponse, get, post, web};

/// Review an order (the family, once, after the provider confirmed the start). The
/// city's reviewers publish it before anyone else sees it.
#[utoipa::path(
    operation_id = "review_order",
    tag = "contact",
    params(("id" = uuid::Uuid, Path, description = "The order's id")),
    request_body = NewReview,
    responses(
        (status = 201, body = Review),
        (status = 404, description = "No order of yours with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not confirmed yet, or already reviewed", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/orders/{id}/review")]
pub async fn review_order(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<NewReview>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let r = reviews::submit(&ctx(&state), &viewer, id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(r))
}

/// The reviews of your municipality in a state (pending by default): the city's
/// reviewers' moderation queue, oldest first.
#[utoipa::path(
    operation_id = "list_reviews",
    tag = "review",
    params(ReviewQuery),
    responses(
        (status = 200, body = ReviewList),
        (status = 403, description = "Not a reviewer", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/reviews")]
pub async fn list_reviews(
    state: State,
    viewer: Viewer,
    q: Query<ReviewQuery>,
) -> ApiResult<web::Json<ReviewList>> {
    Ok(web::Json(
        reviews::queue(&ctx(&state), &viewer, q.into_inner()).await?,
    ))
}

/// Publish a review (a reviewer of its municipality).
#[utoipa::path(
    operation_id = "publish_review",
    tag = "review",
    params(("id" = uuid::Uuid, Path, description = "The review's id")),
    request_body = Moderation,
    responses(
        (status = 200, body = Review),
        (status = 404, description = "No review of your municipality with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already moderated", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/publish")]
pub async fn publish_review(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<Moderation>,
) -> ApiResult<web::Json<Review>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        reviews::moderate(&ctx(&state), &viewer, id, true, body.into_inner()).await?,
    ))
}

/// Reject a review, or take a published one down (a reviewer of its municipality), with
/// a note its author reads.
#[utoipa::path(
    operation_id = "reject_review",
    tag = "review",
    params(("id" = uuid::Uuid, Path, description = "The review's id")),
    request_body = Moderation,
    responses(
        (status = 200, body = Review),
        (status = 404, description = "No review of your municipality with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already rejected", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/reject")]
pub async fn reject_review(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<Moderation>,
) -> ApiResult<web::Json<Review>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        reviews::moderate(&ctx(&state), &viewer, id, false, body.into_inner()).await?,
    ))
}

/// Answer a published review of your organisation, publicly, once.
#[utoipa::path(
    operation_id = "reply_review",
    tag = "contact",
    params(("id" = uuid::Uuid, Path, description = "The review's id")),
    request_body = ReviewReply,
    responses(
        (status = 200, body = Review),
        (status = 404, description = "No review of your organisation with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not published, or already answered", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/reply")]
pub async fn reply_review(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<ReviewReply>,
) -> ApiResult<web::Json<Review>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        reviews::reply(&ctx(&state), &viewer, id, body.into_inner()).await?,
    ))
}

/// Report a published review as abusive (signed in): the city's reviewers are told.
#[utoipa::path(
    operation_id = "report_review",
    tag = "contact",
    params(("id" = uuid::Uuid, Path, description = "The review's id")),
    request_body = ReviewReport,
    responses(
        (status = 204, description = "Reported"),
        (status = 404, description = "No published review with this id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/report")]
pub async fn report_review(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<ReviewReport>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    reviews::report(&ctx(&state), &viewer, id, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A card's published reviews with their averages, and the provider's answers measured
/// on this card over the last 12 months (median first answer, answered in time,
/// observed days to activation) when based on at least 5 threads.
#[utoipa::path(
    operation_id = "get_service_reviews",
    tag = "services",
    params(("id" = uuid::Uuid, Path, description = "The card's id")),
    responses(
        (status = 200, body = ServiceReviews),
        (status = 404, description = "No published card with this id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/services/{id}/reviews")]
pub async fn get_service_reviews(
    state: State,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<ServiceReviews>> {
    get_service_reviews_op(&state, &id).await.map(web::Json)
}

/// The operation behind [`get_service_reviews`] (also answered in process for the
/// server-rendered card page).
pub async fn get_service_reviews_op(
    state: &super::AppState,
    id: &str,
) -> ApiResult<ServiceReviews> {
    let id = path_id("id", id)?;
    reviews::of_card(&state.db, id, state.now()).await
}

/// An organisation's published reviews over its cards with their averages, and its
/// answers measured over the last 12 months when based on at least 5 threads.
#[utoipa::path(
    operation_id = "get_organisation_reviews",
    tag = "organisations",
    params(("id" = uuid::Uuid, Path, description = "The organisation's id")),
    responses(
        (status = 200, body = OrganisationReviews),
        (status = 404, description = "No organisation with this id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organisations/{id}/reviews")]
pub async fn get_organisation_reviews(
    state: State,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<OrganisationReviews>> {
    get_organisation_reviews_op(&state, &id)
        .await
        .map(web::Json)
}

/// The operation behind [`get_organisation_reviews`] (also answered in process for the
/// server-rendered organisation page): the organisation's own page decides who is public.
pub async fn get_organisation_reviews_op(
    state: &super::AppState,
    id: &str,
) -> ApiResult<OrganisationReviews> {
    let org = super::organisations::get_organisation_op(state, id).await?;
    reviews::of_organisation(&state.db, org.id, state.now()).await
}
