//! Requests and threads: `POST /requests` (one message to up to ten cards), the family's
//! `GET /requests`, the provider's inbox `GET /threads`, a thread and its messages.
//! Creating POSTs take an `Idempotency-Key` (same key and body: the first answer again).
use super::State;
use crate::api::contact::{
    Attachment, AttachmentQuery, Decline, InboxQuery, Message, NewMessage, NewRequest, PageQuery,
    Request, RequestList, Thread, ThreadExport, ThreadList,
};
use crate::auth::Viewer;
use crate::error::{ApiError, ApiResult, Problem};
use crate::input::{Body, NoParams, Query, path_id};
use crate::services::contact::{self, Ctx};
use crate::services::idempotency::{self, Key, Outcome};
use actix_web::{HttpRequest, HttpResponse, get, http::StatusCode, http::header, post, web};
use serde::Serialize;

pub(crate) fn ctx(state: &State) -> Ctx<'_> {
    Ctx {
        db: &state.db,
        reference: &state.reference,
        public_url: &state.public_url,
        now: state.now(),
    }
}

/// The caller's `Idempotency-Key` for this operation and body, if sent (422 when it is
/// not 1–255 visible ASCII characters).
pub(crate) fn idempotency_key(
    req: &HttpRequest,
    viewer: &Viewer,
    scope: &str,
    body: &impl Serialize,
) -> Result<Option<Key>, ApiError> {
    let Some(raw) = req.headers().get("idempotency-key") else {
        return Ok(None);
    };
    let raw = raw
        .to_str()
        .ok()
        .filter(|r| idempotency::valid_key(r))
        .ok_or_else(|| {
            ApiError::field(
                "Idempotency-Key",
                "invalid_format",
                "From 1 to 255 visible ASCII characters (a UUID is a good key).",
            )
        })?;
    Key::new(viewer.user.id, raw, scope, body).map(Some)
}

/// The answer to a creating call: 201 with the new object, or the first answer again.
pub(crate) fn created<T: Serialize>(out: Outcome<T>) -> HttpResponse {
    match out {
        Outcome::Fresh(v) => HttpResponse::Created().json(v),
        Outcome::Replayed(status, body) => {
            HttpResponse::build(StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED))
                .content_type("application/json")
                .insert_header(("Idempotent-Replayed", "true"))
                .body(body)
        }
    }
}

/// Send one message to up to ten services (of one or more organisations): a thread
/// opens with each organisation, which has a deadline to answer. Families only; at
/// most 20 requests a day. With `group`, sent for a formed group the family's need has
/// joined: the services must be of the group's kind of help, and the order made from it
/// is a service in shared form.
#[utoipa::path(
    operation_id = "create_request",
    tag = "contact",
    params(("Idempotency-Key" = Option<String>, Header, description = "Any unique string (a UUID): the same key and body again answer the first answer, not a second request")),
    request_body = NewRequest,
    responses(
        (status = 201, description = "Sent (or, with a key already used for this body, the first answer again: header `Idempotent-Replayed: true`)", body = Request),
        (status = 403, description = "Not a family's account, or not a joined member of the group", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A card is not published, or the group is not one the family's need is in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The group is not formed (fewer than two families joined)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "More than 20 requests in 24 hours", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/requests")]
pub async fn create_request(
    state: State,
    req: HttpRequest,
    viewer: Viewer,
    _q: Query<NoParams>,
    body: Body<NewRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let key = idempotency_key(&req, &viewer, "create_request", &body)?;
    let out = contact::send(
        &ctx(&state),
        &viewer,
        body,
        key.as_ref(),
        state.answer_working_days,
    )
    .await?;
    Ok(created(out))
}

/// Your requests (as a family), newest first, each with its threads side by side.
#[utoipa::path(
    operation_id = "list_requests",
    tag = "contact",
    params(PageQuery),
    responses((status = 200, body = RequestList)),
    security(("bearer" = []))
)]
#[get("/requests")]
pub async fn list_requests(
    state: State,
    viewer: Viewer,
    q: Query<PageQuery>,
) -> ApiResult<web::Json<RequestList>> {
    Ok(web::Json(
        contact::list_requests(&ctx(&state), &viewer, q.into_inner()).await?,
    ))
}

/// One of your requests with its threads.
#[utoipa::path(
    operation_id = "get_request",
    tag = "contact",
    params(("id" = uuid::Uuid, Path, description = "The request's id")),
    responses(
        (status = 200, body = Request),
        (status = 404, description = "No request of yours with this id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/requests/{id}")]
pub async fn get_request(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<Request>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        contact::get_request(&ctx(&state), &viewer, id).await?,
    ))
}

/// Withdraw a request: its open threads close and the providers are told.
#[utoipa::path(
    operation_id = "withdraw_request",
    tag = "contact",
    params(("id" = uuid::Uuid, Path, description = "The request's id")),
    responses(
        (status = 200, body = Request),
        (status = 404, description = "No request of yours with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already withdrawn, closed, or it led to an order", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/requests/{id}/withdraw")]
pub async fn withdraw_request(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<Request>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        contact::withdraw(&ctx(&state), &viewer, id).await?,
    ))
}

/// The threads of the organisations you work for (a provider's inbox), most recent
/// activity first; `due_soon=true` lists those waiting for a first answer past half
/// their time, nearest deadline first.
#[utoipa::path(
    operation_id = "list_threads",
    tag = "contact",
    params(InboxQuery),
    responses(
        (status = 200, body = ThreadList),
        (status = 403, description = "Not a provider's staff, or not of this organisation", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/threads")]
pub async fn list_threads(
    state: State,
    viewer: Viewer,
    q: Query<InboxQuery>,
) -> ApiResult<web::Json<ThreadList>> {
    Ok(web::Json(
        contact::inbox(&ctx(&state), &viewer, q.into_inner()).await?,
    ))
}

/// A thread with its messages: for its family and the organisation's staff only.
/// Opening it marks it read for your side.
#[utoipa::path(
    operation_id = "get_thread",
    tag = "contact",
    params(("id" = uuid::Uuid, Path, description = "The thread's id")),
    responses(
        (status = 200, body = Thread),
        (status = 404, description = "No thread of yours with this id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/threads/{id}")]
pub async fn get_thread(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<Thread>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        contact::get_thread(&ctx(&state), &viewer, id).await?,
    ))
}

/// Write in a thread (the family or the provider; the provider may ask for more
/// information with `kind: info_request`). Attach files uploaded to the thread first.
#[utoipa::path(
    operation_id = "post_message",
    tag = "contact",
    params(
        ("id" = uuid::Uuid, Path, description = "The thread's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Any unique string: the same key and body again answer the first answer, not a second message"),
    ),
    request_body = NewMessage,
    responses(
        (status = 201, description = "Posted (or the first answer again for a key already used: `Idempotent-Replayed: true`)", body = Message),
        (status = 404, description = "No thread of yours with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The thread has ended (declined, expired, closed)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/threads/{id}/messages")]
pub async fn post_message(
    state: State,
    req: HttpRequest,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<NewMessage>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let body = body.into_inner();
    let key = idempotency_key(&req, &viewer, &format!("post_message:{id}"), &body)?;
    let out = contact::post_message(&ctx(&state), &viewer, id, body, key.as_ref()).await?;
    Ok(created(out))
}

/// Decline the request (the provider), with a reason from the list; the family is told.
#[utoipa::path(
    operation_id = "decline_thread",
    tag = "contact",
    params(("id" = uuid::Uuid, Path, description = "The thread's id")),
    request_body = Decline,
    responses(
        (status = 200, body = Thread),
        (status = 404, description = "No thread of yours with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The thread has ended or a quote was accepted", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/threads/{id}/decline")]
pub async fn decline_thread(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<Decline>,
) -> ApiResult<web::Json<Thread>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        contact::decline(&ctx(&state), &viewer, id, body.into_inner()).await?,
    ))
}

/// Close a thread (the family): the provider is told; the request's other threads go on.
#[utoipa::path(
    operation_id = "close_thread",
    tag = "contact",
    params(("id" = uuid::Uuid, Path, description = "The thread's id")),
    responses(
        (status = 200, body = Thread),
        (status = 404, description = "No thread of yours with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The thread has already ended, or a quote was accepted", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/threads/{id}/close")]
pub async fn close_thread(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<Thread>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(contact::close(&ctx(&state), &viewer, id).await?))
}

/// A file, its bytes: PDF, JPEG or PNG, at most 10 MB.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct UploadedFile(#[allow(dead_code)] Vec<u8>);

/// Upload a file to a thread (either side), to send it with your next message
/// (`attachments` of `POST /threads/{id}/messages`). Its type is checked by its
/// content; files never sent are dropped after a day.
#[utoipa::path(
    operation_id = "upload_attachment",
    tag = "contact",
    params(("id" = uuid::Uuid, Path, description = "The thread's id"), AttachmentQuery),
    request_body(description = "The file, at most 10 MB", content(
        (UploadedFile = "application/pdf"),
        (UploadedFile = "image/jpeg"),
        (UploadedFile = "image/png"),
    )),
    responses(
        (status = 201, body = Attachment),
        (status = 404, description = "No thread of yours with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The thread has ended, or holds 50 files already", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Over 10 MB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not declared as PDF, JPEG or PNG", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The content is not of the declared type", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/threads/{id}/attachments")]
pub async fn upload_attachment(
    state: State,
    req: HttpRequest,
    viewer: Viewer,
    q: Query<AttachmentQuery>,
    id: web::Path<String>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    use crate::services::attachments;
    let id = path_id("id", &id)?;
    // Who may upload is decided before the body is read.
    crate::services::contact::visible_thread(&state.db, &viewer, id).await?;
    let (declared, bytes) = crate::input::read_upload(
        &req,
        payload,
        &attachments::TYPES,
        attachments::REFUSED,
        attachments::LIMIT,
    )
    .await?;
    let a = attachments::upload(
        &ctx(&state),
        &state.storage,
        &viewer,
        id,
        &declared,
        q.into_inner().filename.as_deref(),
        bytes,
    )
    .await?;
    Ok(HttpResponse::Created().json(a))
}

/// Download a file of a thread (its family and the organisation's staff only), always
/// as an attachment.
#[utoipa::path(
    operation_id = "get_attachment",
    tag = "contact",
    params(("id" = uuid::Uuid, Path, description = "The file's id")),
    responses(
        (status = 200, description = "The file", content(
            (UploadedFile = "application/pdf"),
            (UploadedFile = "image/jpeg"),
            (UploadedFile = "image/png"),
        )),
        (status = 404, description = "No file of yours with this id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/attachments/{id}")]
pub async fn get_attachment(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let (a, bytes) =
        crate::services::attachments::download(&ctx(&state), &state.storage, &viewer, id).await?;
    Ok(super::file_download(&a.filename, &a.content_type, bytes))
}

/// Export all the organisation's threads (its administrators): a JSON file with the
/// messages, quotes and the families' coarse needs. Each export is in the audit log.
#[utoipa::path(
    operation_id = "export_organisation_threads",
    tag = "contact",
    params(("id" = uuid::Uuid, Path, description = "The organisation's id")),
    responses(
        (status = 200, body = ThreadExport, headers(
            ("Content-Disposition" = String, description = "attachment; filename=\"conversazioni-<date>.json\""))),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No organisation you administer with this id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/organisations/{id}/threads/export")]
pub async fn export_organisation_threads(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let ctx = ctx(&state);
    let export = contact::export_threads(&ctx, &viewer, id).await?;
    let name = format!("conversazioni-{}.json", ctx.now.format("%Y-%m-%d"));
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .json(export))
}
