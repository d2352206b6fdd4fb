//! The carers' registry (issue 12): `/api/v1/me/carer` (a carer's own application and
//! profile), `/api/v1/registry/carers` (the operators' registry), `/api/v1/carers/{id}`
//! (a listed carer's limited profile), `/api/v1/matching/vocabulary`, and carers'
//! certificates (`/api/v1/me/carer/documents`, `/api/v1/carer-documents/{id}`, decided at
//! `/api/v1/registry/carers/{id}/documents/{document}`).
use super::State;
use super::contact::UploadedFile;
use super::organisations::ImageFile;
use crate::api::carers::{
    CarerDocument, CarerProfile, CarerProfileInput, CarerRegistration, DocumentQuery,
    MatchingVocabulary, NewDocumentDecision, NewStep, PhotoQuery, RegistrationList, RegistryQuery,
};
use crate::auth::Viewer;
use crate::error::{ApiResult, Problem};
use crate::input::{Body, NoParams, Query, path_id};
use crate::services::carers::{self, documents, photo};
use actix_web::{HttpRequest, HttpResponse, delete, get, http::header, post, put, web};

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
        carers::get_own(&state.db, &state.reference, state.photos(), &viewer).await?,
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
        state.photos(),
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
        carers::list(
            &state.db,
            &state.reference,
            state.photos(),
            &viewer,
            q.into_inner(),
        )
        .await?,
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
        carers::get(&state.db, &state.reference, state.photos(), &viewer, id).await?,
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
            state.photos(),
            &viewer,
            id,
            body.into_inner(),
            &state.public_url,
            state.now(),
        )
        .await?,
    ))
}

/// A listed carer's limited profile (signed-in people): first name, photo, skills,
/// languages, zones, availability, experience and badges — never contact details.
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
        carers::profile(&state.db, &state.reference, state.photos(), id).await?,
    ))
}

/// Upload a certificate to your own registration (`kind` from the vocabulary's
/// `certificates`): it waits for an operator of the registry, who verifies it (a badge
/// on your profile) or rejects it with a note. At most 10 certificates; its type is
/// checked by its content.
#[utoipa::path(
    operation_id = "upload_certificate",
    tag = "carers",
    params(DocumentQuery),
    request_body(description = "The file, at most 10 MB", content(
        (UploadedFile = "application/pdf"),
        (UploadedFile = "image/jpeg"),
        (UploadedFile = "image/png"),
    )),
    responses(
        (status = 201, body = CarerDocument),
        (status = 404, description = "You have not applied to the registry", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "You keep 10 certificates already", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Over 10 MB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not declared as PDF, JPEG or PNG", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown kind, or the content is not of the declared type", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/me/carer/documents")]
pub async fn upload_certificate(
    state: State,
    req: HttpRequest,
    viewer: Viewer,
    q: Query<DocumentQuery>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    use crate::services::attachments;
    let q = q.into_inner();
    // Who may upload, and what, is decided before the body is read.
    let carer = documents::may_upload(&state.db, &state.reference, &viewer, &q.kind).await?;
    let (declared, bytes) = crate::input::read_upload(
        &req,
        payload,
        &attachments::TYPES,
        attachments::REFUSED,
        attachments::LIMIT,
    )
    .await?;
    let d = documents::upload(
        &state.db,
        &state.storage,
        &carer,
        &q.kind,
        &declared,
        q.filename.as_deref(),
        bytes,
        state.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(d))
}

/// Remove one of your certificates (a verified one takes its badge with it).
#[utoipa::path(
    operation_id = "delete_certificate",
    tag = "carers",
    params(("id" = uuid::Uuid, Path, description = "The certificate's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "No certificate of yours with this id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/me/carer/documents/{id}")]
pub async fn delete_certificate(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    documents::remove(&state.db, &state.storage, &viewer, id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Download a certificate (its carer and the registry's operators of the carer's
/// municipality only), always as an attachment.
#[utoipa::path(
    operation_id = "get_certificate",
    tag = "carers",
    params(("id" = uuid::Uuid, Path, description = "The certificate's id")),
    responses(
        (status = 200, description = "The file", content(
            (UploadedFile = "application/pdf"),
            (UploadedFile = "image/jpeg"),
            (UploadedFile = "image/png"),
        )),
        (status = 404, description = "No certificate you may see with this id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/carer-documents/{id}")]
pub async fn get_certificate(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let (d, bytes) = documents::download(&state.db, &state.storage, &viewer, id).await?;
    Ok(super::file_download(&d.title, &d.content_type, bytes))
}

/// Verify or reject (with a note) a pending certificate of a registration of your
/// registry; the carer is told. Not your own.
#[utoipa::path(
    operation_id = "decide_certificate",
    tag = "carers",
    params(
        ("id" = uuid::Uuid, Path, description = "The registration's id"),
        ("document" = uuid::Uuid, Path, description = "The certificate's id"),
    ),
    request_body = NewDocumentDecision,
    responses(
        (status = 200, body = CarerRegistration),
        (status = 403, description = "Your own certificate", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such certificate in your registry", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already verified or rejected", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/registry/carers/{id}/documents/{document}")]
pub async fn decide_certificate(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    path: web::Path<(String, String)>,
    body: Body<NewDocumentDecision>,
) -> ApiResult<web::Json<CarerRegistration>> {
    let id = path_id("id", &path.0)?;
    let document = path_id("document", &path.1)?;
    Ok(web::Json(
        documents::decide(
            &state.db,
            &state.reference,
            state.photos(),
            &viewer,
            id,
            document,
            body.into_inner(),
            &state.public_url,
            state.now(),
        )
        .await?,
    ))
}

/// Put a photo on your registration (PNG, JPEG or WebP, at most 2 MB), replacing any
/// earlier one. It is checked by its content, turned upright, scaled down to 480 pixels
/// a side and stored again as JPEG, without its metadata (place, camera). Families see
/// it on your profile once you are listed.
#[utoipa::path(
    operation_id = "put_my_carer_photo",
    tag = "carers",
    request_body(description = "The image, at most 2 MB", content(
        (ImageFile = "image/png"),
        (ImageFile = "image/jpeg"),
        (ImageFile = "image/webp"),
    )),
    responses(
        (status = 200, body = CarerRegistration),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "You have not applied to the registry", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Over 2 MB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a PNG, JPEG or WebP image", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A damaged image, or one over 8192 pixels a side", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/me/carer/photo")]
pub async fn put_my_carer_photo(
    state: State,
    req: HttpRequest,
    viewer: Viewer,
    _q: Query<NoParams>,
    payload: web::Payload,
) -> ApiResult<web::Json<CarerRegistration>> {
    // Only someone with a registration gets to send 2 MB.
    let carer = photo::own(&state.db, &viewer).await?;
    let (_, bytes) = crate::input::read_upload(
        &req,
        payload,
        &photo::PHOTO_TYPES,
        photo::PHOTO_REFUSED,
        photo::PHOTO_LIMIT,
    )
    .await?;
    Ok(web::Json(
        photo::set(
            &state.db,
            &state.storage,
            &state.reference,
            state.photos(),
            &carer,
            Some(bytes),
        )
        .await?,
    ))
}

/// Remove the photo from your registration (none: nothing changes).
#[utoipa::path(
    operation_id = "delete_my_carer_photo",
    tag = "carers",
    responses(
        (status = 200, body = CarerRegistration),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "You have not applied to the registry", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/me/carer/photo")]
pub async fn delete_my_carer_photo(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
) -> ApiResult<web::Json<CarerRegistration>> {
    let carer = photo::own(&state.db, &viewer).await?;
    Ok(web::Json(
        photo::set(
            &state.db,
            &state.storage,
            &state.reference,
            state.photos(),
            &carer,
            None,
        )
        .await?,
    ))
}

/// A carer's photo (JPEG), at the address a registration or a profile gave (`photo`):
/// no sign-in, the address itself is the permission, for one to two hours.
#[utoipa::path(
    operation_id = "get_carer_photo",
    tag = "carers",
    params(
        ("token" = String, Path, description = "The token of the photo's address", min_length = 70, max_length = 70, pattern = "^[A-Za-z0-9_-]{70}$"),
        PhotoQuery,
    ),
    responses(
        (status = 200, description = "The photo", body = ImageFile, content_type = "image/jpeg",
            headers(("Cache-Control" = String))),
        (status = 404, description = "Not an address of ours, expired, or the photo changed or was removed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The version is missing or malformed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/carer-photos/{token}")]
pub async fn get_carer_photo(
    state: State,
    q: Query<PhotoQuery>,
    token: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let now = state.now();
    let bytes = photo::serve(
        &state.db,
        &state.storage,
        &state.links,
        &token,
        &q.into_inner().v,
        now,
    )
    .await?;
    let age = photo::max_age(&state.links, &token, now);
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, format!("private, max-age={age}")))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            "inline; filename=\"photo.jpg\"",
        ))
        .insert_header(("Referrer-Policy", "no-referrer"))
        .content_type("image/jpeg")
        .body(bytes))
}
