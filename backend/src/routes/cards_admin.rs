//! `/api/v1/cards*`: providers write their service cards, the city reviews them; and the
//! review queue. Every read returns the card's `ETag`; every change requires it back as
//! `If-Match` (missing: 428; stale: 412).
use super::State;
use crate::api::cards_admin::{
    CardContent, DiffQuery, ManagedCard, ManagedCardList, NewCardRequest, Preview, QueueQuery,
    ReviewComments, ReviewQueue, UnpublishRequest, VersionDiff,
};
use crate::auth::Viewer;
use crate::domain::workflow::Action;
use crate::error::{ApiResult, Problem};
use crate::input::{Body, NoParams, Query, path_id};
use crate::services::card_workflow::{self, etag};
use actix_web::{HttpRequest, HttpResponse, get, http::header, post, put, web};

fn with_etag(status: actix_web::http::StatusCode, card: ManagedCard) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::ETAG, etag(card.revision)))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(card)
}

fn ok(card: ManagedCard) -> HttpResponse {
    with_etag(actix_web::http::StatusCode::OK, card)
}

fn created(card: ManagedCard) -> HttpResponse {
    let location = format!("/api/v1/cards/{}", card.id);
    let mut res = with_etag(actix_web::http::StatusCode::CREATED, card);
    if let Ok(v) = header::HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// The `If-Match` header as sent (checked by the service, after authorization).
fn expected(req: &HttpRequest) -> Option<&str> {
    req.headers()
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
}

/// The cards of the organisations you work for, most recently changed first.
#[utoipa::path(
    operation_id = "list_my_cards",
    tag = "cards",
    responses(
        (status = 200, body = ManagedCardList),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/cards")]
pub async fn list_my_cards(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
) -> ApiResult<web::Json<ManagedCardList>> {
    Ok(web::Json(
        card_workflow::list_own(&state.db, &state.reference, &viewer, state.now()).await?,
    ))
}

/// Create a card for your organisation: its first version, a draft (it may be
/// incomplete; submitting checks it whole).
#[utoipa::path(
    operation_id = "create_card",
    tag = "cards",
    request_body = NewCardRequest,
    responses(
        (status = 201, body = ManagedCard, headers(("ETag" = String, description = "The card's revision"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/cards")]
pub async fn create_card(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    body: Body<NewCardRequest>,
) -> ApiResult<HttpResponse> {
    let card = card_workflow::create(
        &state.db,
        &state.reference,
        &viewer,
        body.into_inner(),
        state.now(),
    )
    .await?;
    Ok(created(card))
}

/// A card as its provider or its reviewer works on it: status, pending version with
/// what stops it from being submitted, what is published, the versions.
#[utoipa::path(
    operation_id = "get_card",
    tag = "cards",
    params(("id" = uuid::Uuid, Path, description = "The card's id")),
    responses(
        (status = 200, body = ManagedCard, headers(("ETag" = String, description = "The card's revision"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/cards/{id}")]
pub async fn get_card(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    Ok(ok(card_workflow::get(
        &state.db,
        &state.reference,
        &viewer,
        id,
    )
    .await?))
}

/// Save the pending version's content (autosave): starts a new version of a published
/// card, which keeps serving citizens unchanged meanwhile.
#[utoipa::path(
    operation_id = "save_card_draft",
    tag = "cards",
    params(
        ("id" = uuid::Uuid, Path, description = "The card's id"),
        ("If-Match" = String, Header, description = "The ETag of the card as you read it"),
    ),
    request_body = CardContent,
    responses(
        (status = 200, body = ManagedCard, headers(("ETag" = String, description = "The card's revision"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not allowed in the card's state", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/cards/{id}/draft")]
pub async fn save_card_draft(
    state: State,
    viewer: Viewer,
    req: HttpRequest,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<CardContent>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let expected = expected(&req);
    Ok(ok(card_workflow::save(
        &state.db,
        &state.reference,
        &viewer,
        id,
        expected,
        body.into_inner(),
        state.now(),
    )
    .await?))
}

async fn provider_action(
    state: State,
    viewer: Viewer,
    req: HttpRequest,
    id: &str,
    action: Action,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", id)?;
    let expected = expected(&req);
    Ok(ok(card_workflow::act(
        &state.db,
        &state.reference,
        &viewer,
        id,
        expected,
        action,
        &state.public_url,
        state.now(),
    )
    .await?))
}

macro_rules! provider_action_route {
    ($name:ident, $op:literal, $path:literal, $action:expr, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(
            operation_id = $op,
            tag = "cards",
            params(
                ("id" = uuid::Uuid, Path, description = "The card's id"),
                ("If-Match" = String, Header, description = "The ETag of the card as you read it"),
            ),
            responses(
                (status = 200, body = ManagedCard, headers(("ETag" = String, description = "The card's revision"))),
                (status = 404, body = Problem, content_type = "application/problem+json"),
                (status = 409, description = "Not allowed in the card's state", body = Problem, content_type = "application/problem+json"),
            ),
            security(("bearer" = []))
        )]
        #[post($path)]
        pub async fn $name(
            state: State,
            viewer: Viewer,
            req: HttpRequest,
            _q: Query<NoParams>,
            id: web::Path<String>,
        ) -> ApiResult<HttpResponse> {
            provider_action(state, viewer, req, &id, $action).await
        }
    };
}

provider_action_route!(
    submit_card,
    "submit_card",
    "/cards/{id}/submit",
    Action::Submit,
    "Send the pending version to the city's review (every field is checked: 422 names each problem)."
);
provider_action_route!(
    withdraw_card,
    "withdraw_card",
    "/cards/{id}/withdraw",
    Action::Withdraw,
    "Take the version in review back, to change it."
);
provider_action_route!(
    archive_card,
    "archive_card",
    "/cards/{id}/archive",
    Action::Archive,
    "Archive the card: citizens no longer see it."
);
provider_action_route!(
    restore_card,
    "restore_card",
    "/cards/{id}/restore",
    Action::Restore,
    "Bring an archived card back as a draft (it is published again once approved)."
);
provider_action_route!(
    confirm_card,
    "confirm_card",
    "/cards/{id}/confirm",
    Action::Confirm,
    "Confirm the published card is still accurate: it counts as verified today."
);

/// Copy the card (its pending content, or what is published) into a new draft card.
#[utoipa::path(
    operation_id = "duplicate_card",
    tag = "cards",
    params(("id" = uuid::Uuid, Path, description = "The card's id")),
    responses(
        (status = 201, body = ManagedCard, headers(("ETag" = String, description = "The new card's revision"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/cards/{id}/duplicate")]
pub async fn duplicate_card(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    Ok(created(
        card_workflow::duplicate(&state.db, &state.reference, &viewer, id, state.now()).await?,
    ))
}

/// What changed, field by field, between two versions (`published` or a number).
#[utoipa::path(
    operation_id = "diff_card_versions",
    tag = "cards",
    params(("id" = uuid::Uuid, Path, description = "The card's id"), DiffQuery),
    responses(
        (status = 200, body = VersionDiff),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/cards/{id}/diff")]
pub async fn diff_card_versions(
    state: State,
    viewer: Viewer,
    q: Query<DiffQuery>,
    id: web::Path<String>,
) -> ApiResult<web::Json<VersionDiff>> {
    let id = path_id("id", &id)?;
    let q = q.into_inner();
    Ok(web::Json(
        card_workflow::diff(&state.db, &state.reference, &viewer, id, &q.from, &q.to).await?,
    ))
}

/// Approve the version in review: citizens see it at once.
#[utoipa::path(
    operation_id = "approve_card",
    tag = "review",
    params(
        ("id" = uuid::Uuid, Path, description = "The card's id"),
        ("If-Match" = String, Header, description = "The ETag of the card as you read it"),
    ),
    responses(
        (status = 200, body = ManagedCard, headers(("ETag" = String, description = "The card's revision"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not allowed in the card's state", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/cards/{id}/approve")]
pub async fn approve_card(
    state: State,
    viewer: Viewer,
    req: HttpRequest,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let expected = expected(&req);
    Ok(ok(card_workflow::approve(
        &state.db,
        &state.reference,
        &viewer,
        id,
        expected,
        &state.public_url,
        state.now(),
    )
    .await?))
}

/// Send the version in review back to its provider, with comments per field.
#[utoipa::path(
    operation_id = "request_card_changes",
    tag = "review",
    params(
        ("id" = uuid::Uuid, Path, description = "The card's id"),
        ("If-Match" = String, Header, description = "The ETag of the card as you read it"),
    ),
    request_body = ReviewComments,
    responses(
        (status = 200, body = ManagedCard, headers(("ETag" = String, description = "The card's revision"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not allowed in the card's state", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/cards/{id}/request-changes")]
pub async fn request_card_changes(
    state: State,
    viewer: Viewer,
    req: HttpRequest,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<ReviewComments>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let expected = expected(&req);
    Ok(ok(card_workflow::request_changes(
        &state.db,
        &state.reference,
        &viewer,
        id,
        expected,
        body.into_inner(),
        &state.public_url,
        state.now(),
    )
    .await?))
}

/// The card exactly as citizens would see it once its pending version is approved
/// (without one: as they see it now). Nothing is stored.
#[utoipa::path(
    operation_id = "preview_card",
    tag = "cards",
    params(("id" = uuid::Uuid, Path, description = "The card's id")),
    responses(
        (status = 200, body = Preview),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/cards/{id}/preview")]
pub async fn preview_card(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let p = card_workflow::preview(&state.db, &state.reference, &viewer, id, state.now()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(p))
}

/// Take a published card down, with a reason: it leaves search at once.
#[utoipa::path(
    operation_id = "unpublish_card",
    tag = "review",
    params(
        ("id" = uuid::Uuid, Path, description = "The card's id"),
        ("If-Match" = String, Header, description = "The ETag of the card as you read it"),
    ),
    request_body = UnpublishRequest,
    responses(
        (status = 200, body = ManagedCard, headers(("ETag" = String, description = "The card's revision"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not allowed in the card's state", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/cards/{id}/unpublish")]
pub async fn unpublish_card(
    state: State,
    viewer: Viewer,
    req: HttpRequest,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<UnpublishRequest>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let expected = expected(&req);
    Ok(ok(card_workflow::unpublish(
        &state.db,
        &state.reference,
        &viewer,
        id,
        expected,
        &body.reason,
        &state.public_url,
        state.now(),
    )
    .await?))
}

/// The submissions waiting for your review, oldest first (filtered by organisation,
/// category, kind of submission and days in the queue).
#[utoipa::path(
    operation_id = "get_review_queue",
    tag = "review",
    params(QueueQuery),
    responses(
        (status = 200, body = ReviewQueue),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/review-queue")]
pub async fn get_review_queue(
    state: State,
    viewer: Viewer,
    q: Query<QueueQuery>,
) -> ApiResult<web::Json<ReviewQueue>> {
    Ok(web::Json(
        card_workflow::queue(&state.db, &state.reference, &viewer, &q, state.now()).await?,
    ))
}
