//! Quotes, counter-proposals and orders: `POST /threads/{id}/quotes` (the provider),
//! `POST /quotes/{id}/counter-proposals` and `POST /quotes/{id}/accept` (the family),
//! `POST /counter-proposals/{id}/answer` (the provider), `/orders`.
use super::State;
use super::contact::{created, ctx, idempotency_key};
use crate::api::contact::PageQuery;
use crate::api::quotes::{
    AcceptQuote, AnswerCounterProposal, CancelOrder, ConfirmOrder, CounterProposal,
    NewCounterProposal, NewQuote, Order, OrderList, Quote,
};
use crate::auth::Viewer;
use crate::error::{ApiResult, Problem};
use crate::input::{Body, NoParams, Query, path_id};
use crate::services::{orders, quotes};
use actix_web::{HttpRequest, HttpResponse, get, post, web};

/// Send a quote in a thread (the provider), or a new version of it: the current version
/// is superseded (kept and visible) and an open counter-proposal counts as answered.
#[utoipa::path(
    operation_id = "create_quote",
    tag = "contact",
    params(
        ("id" = uuid::Uuid, Path, description = "The thread's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Any unique string: the same key and body again answer the first answer, not a second version"),
    ),
    request_body = NewQuote,
    responses(
        (status = 201, description = "The new version (or the first answer again for a key already used: `Idempotent-Replayed: true`)", body = Quote),
        (status = 404, description = "No thread of yours with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The thread has ended or its quote was accepted", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/threads/{id}/quotes")]
pub async fn create_quote(
    state: State,
    req: HttpRequest,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<NewQuote>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let body = body.into_inner();
    let key = idempotency_key(&req, &viewer, &format!("create_quote:{id}"), &body)?;
    let out = quotes::create(&ctx(&state), &viewer, id, body, key.as_ref()).await?;
    Ok(created(out))
}

/// Counter-propose on the thread's current quote (the family): a total, a start date
/// or a schedule.
#[utoipa::path(
    operation_id = "create_counter_proposal",
    tag = "contact",
    params(
        ("id" = uuid::Uuid, Path, description = "The quote's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Any unique string: the same key and body again answer the first answer"),
    ),
    request_body = NewCounterProposal,
    responses(
        (status = 201, description = "Sent (or the first answer again: `Idempotent-Replayed: true`)", body = CounterProposal),
        (status = 404, description = "No quote of yours with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The quote is not the current one, has expired, or already has a counter-proposal waiting", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/quotes/{id}/counter-proposals")]
pub async fn create_counter_proposal(
    state: State,
    req: HttpRequest,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<NewCounterProposal>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let body = body.into_inner();
    let key = idempotency_key(&req, &viewer, &format!("counter:{id}"), &body)?;
    let out = quotes::counter(&ctx(&state), &viewer, id, body, key.as_ref()).await?;
    Ok(created(out))
}

/// Answer a counter-proposal (the provider): `accept` makes a new version with the
/// proposed total and start; `decline` keeps the quote. To propose other terms, send a
/// new quote version instead.
#[utoipa::path(
    operation_id = "answer_counter_proposal",
    tag = "contact",
    params(("id" = uuid::Uuid, Path, description = "The counter-proposal's id")),
    request_body = AnswerCounterProposal,
    responses(
        (status = 200, description = "The thread's current quote after the answer", body = Quote),
        (status = 404, description = "No counter-proposal of yours with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already answered, or the proposed total cannot be reached by an adjustment", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/counter-proposals/{id}/answer")]
pub async fn answer_counter_proposal(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<AnswerCounterProposal>,
) -> ApiResult<web::Json<Quote>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        quotes::answer_counter(&ctx(&state), &viewer, id, body.into_inner()).await?,
    ))
}

/// Accept a quote (the family): the order is made, the request's other threads close
/// with a notice, the provider is asked to confirm the start. Of two acceptances in one
/// request at the same time exactly one succeeds.
#[utoipa::path(
    operation_id = "accept_quote",
    tag = "contact",
    params(
        ("id" = uuid::Uuid, Path, description = "The quote's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Any unique string: the same key and body again answer the first answer, not a second order"),
    ),
    request_body = AcceptQuote,
    responses(
        (status = 201, description = "The order (or the first answer again: `Idempotent-Replayed: true`)", body = Order),
        (status = 404, description = "No quote of yours with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not the current version, expired, the thread ended, or another quote of the request was accepted", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/quotes/{id}/accept")]
pub async fn accept_quote(
    state: State,
    req: HttpRequest,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<AcceptQuote>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let body = body.into_inner();
    let key = idempotency_key(&req, &viewer, &format!("accept:{id}"), &body)?;
    let out = orders::accept(&ctx(&state), &viewer, id, body, key.as_ref()).await?;
    Ok(created(out))
}

/// Your orders: as a family, and those of the organisations you work for.
#[utoipa::path(
    operation_id = "list_orders",
    tag = "contact",
    params(PageQuery),
    responses((status = 200, body = OrderList)),
    security(("bearer" = []))
)]
#[get("/orders")]
pub async fn list_orders(
    state: State,
    viewer: Viewer,
    q: Query<PageQuery>,
) -> ApiResult<web::Json<OrderList>> {
    Ok(web::Json(
        orders::list(&ctx(&state), &viewer, q.into_inner()).await?,
    ))
}

/// An order (its family and the organisation's staff only).
#[utoipa::path(
    operation_id = "get_order",
    tag = "contact",
    params(("id" = uuid::Uuid, Path, description = "The order's id")),
    responses(
        (status = 200, body = Order),
        (status = 404, description = "No order of yours with this id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/orders/{id}")]
pub async fn get_order(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<Order>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(orders::get(&ctx(&state), &viewer, id).await?))
}

/// Confirm the start of an order (the provider).
#[utoipa::path(
    operation_id = "confirm_order",
    tag = "contact",
    params(("id" = uuid::Uuid, Path, description = "The order's id")),
    request_body = ConfirmOrder,
    responses(
        (status = 200, body = Order),
        (status = 404, description = "No order of yours with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already confirmed or cancelled", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/orders/{id}/confirm")]
pub async fn confirm_order(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<ConfirmOrder>,
) -> ApiResult<web::Json<Order>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        orders::confirm(&ctx(&state), &viewer, id, body.into_inner()).await?,
    ))
}

/// Cancel an order (either side), with a reason; the other side is told.
#[utoipa::path(
    operation_id = "cancel_order",
    tag = "contact",
    params(("id" = uuid::Uuid, Path, description = "The order's id")),
    request_body = CancelOrder,
    responses(
        (status = 200, body = Order),
        (status = 404, description = "No order of yours with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already cancelled", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/orders/{id}/cancel")]
pub async fn cancel_order(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<CancelOrder>,
) -> ApiResult<web::Json<Order>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        orders::cancel(&ctx(&state), &viewer, id, body.into_inner()).await?,
    ))
}
