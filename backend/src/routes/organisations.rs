use super::State;
use crate::api::organisations::{
    LogoQuery, Organisation, OrganisationList, OrganisationQuery, ProfileInput, RegisterInput,
    SuspendRequest,
};
use crate::auth::Viewer;
use crate::error::{ApiError, ApiResult, Problem};
use crate::input::{Body, NoParams, Query, path_id};
use crate::services::card_workflow::etag;
use crate::services::organisations::{self, AccreditationChange};
use crate::services::profiles::{self, LOGO_LIMIT, LOGO_REFUSED, LOGO_TYPES};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};

fn if_match(req: &HttpRequest) -> Option<&str> {
    req.headers()
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
}

/// The organisation with its profile's revision as `ETag`.
fn with_etag(org: Organisation) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ETAG, etag(org.revision)))
        .json(org)
}

/// An uploaded image, its bytes (PNG, JPEG or WebP; at most 2 MB).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct ImageFile(#[allow(dead_code)] Vec<u8>);

/// The organisations of a municipality's register, by name, with their accreditation.
#[utoipa::path(
    operation_id = "list_organisations",
    tag = "organisations",
    params(OrganisationQuery),
    responses(
        (status = 200, body = OrganisationList),
        (status = 422, description = "Unknown municipality", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organisations")]
pub async fn list_organisations(
    state: State,
    q: Query<OrganisationQuery>,
) -> ApiResult<web::Json<OrganisationList>> {
    Ok(web::Json(
        organisations::list(&*state.db, &state.reference, &q.into_inner().tenant).await?,
    ))
}

/// Suspend an organisation's accreditation (the municipality's administrators), with a
/// reason its admins read: its cards leave the catalogue and search at once.
#[utoipa::path(
    operation_id = "suspend_organisation",
    tag = "organisations",
    params(("id" = uuid::Uuid, Path, description = "The organisation's id")),
    request_body = SuspendRequest,
    responses(
        (status = 200, body = Organisation),
        (status = 403, description = "Not an administrator of the organisation's municipality", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not accredited now", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/organisations/{id}/suspend")]
pub async fn suspend_organisation(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<SuspendRequest>,
) -> ApiResult<web::Json<Organisation>> {
    let id = path_id("id", &id)?;
    let reason = body.into_inner().reason;
    Ok(web::Json(
        organisations::change_accreditation(
            &state.db,
            &state.reference,
            &viewer,
            id,
            AccreditationChange::Suspend,
            Some(&reason),
            &state.public_url,
            state.now(),
        )
        .await?,
    ))
}

/// Reinstate a suspended organisation (the municipality's administrators): its published
/// cards are back in the catalogue and search at once.
#[utoipa::path(
    operation_id = "reinstate_organisation",
    tag = "organisations",
    params(("id" = uuid::Uuid, Path, description = "The organisation's id")),
    responses(
        (status = 200, body = Organisation),
        (status = 403, description = "Not an administrator of the organisation's municipality", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not suspended now", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/organisations/{id}/reinstate")]
pub async fn reinstate_organisation(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<web::Json<Organisation>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        organisations::change_accreditation(
            &state.db,
            &state.reference,
            &viewer,
            id,
            AccreditationChange::Reinstate,
            None,
            &state.public_url,
            state.now(),
        )
        .await?,
    ))
}

/// A provider organisation or ATI, with its published cards and its consortium.
#[utoipa::path(
    operation_id = "get_organisation",
    tag = "organisations",
    params(("id" = uuid::Uuid, Path, description = "The organisation's id")),
    responses(
        (status = 200, body = Organisation, headers(("ETag" = String, description = "The profile's revision"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organisations/{id}")]
pub async fn get_organisation(
    state: State,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    get_organisation_op(&state, &id).await.map(with_etag)
}

/// Change the organisation's profile (its administrators): description, contacts, the
/// languages spoken. The legal data, accreditation and ATI are the city's register.
#[utoipa::path(
    operation_id = "save_organisation_profile",
    tag = "organisations",
    params(
        ("id" = uuid::Uuid, Path, description = "The organisation's id"),
        ("If-Match" = String, Header, description = "The ETag of the organisation as you read it"),
    ),
    request_body = ProfileInput,
    responses(
        (status = 200, body = Organisation, headers(("ETag" = String, description = "The profile's revision"))),
        (status = 403, description = "Not an administrator of the organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/organisations/{id}/profile")]
pub async fn save_organisation_profile(
    state: State,
    viewer: Viewer,
    req: HttpRequest,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<ProfileInput>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let org = profiles::save(
        &state.db,
        &state.reference,
        &viewer,
        id,
        if_match(&req),
        body.into_inner(),
        state.now(),
    )
    .await?;
    Ok(with_etag(org))
}

/// Replace the organisation's logo (its administrators). The image is checked by its
/// content, decoded, scaled down to 512 pixels a side and stored again as PNG, without
/// its metadata.
#[utoipa::path(
    operation_id = "put_organisation_logo",
    tag = "organisations",
    params(
        ("id" = uuid::Uuid, Path, description = "The organisation's id"),
        ("If-Match" = String, Header, description = "The ETag of the organisation as you read it"),
    ),
    request_body(description = "The image, at most 2 MB", content(
        (ImageFile = "image/png"),
        (ImageFile = "image/jpeg"),
        (ImageFile = "image/webp"),
    )),
    responses(
        (status = 200, body = Organisation, headers(("ETag" = String, description = "The profile's revision"))),
        (status = 403, description = "Not an administrator of the organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Over 2 MB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a PNG, JPEG or WebP image", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A damaged image, or one over 8192 pixels a side", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/organisations/{id}/logo")]
pub async fn put_organisation_logo(
    state: State,
    viewer: Viewer,
    req: HttpRequest,
    _q: Query<NoParams>,
    id: web::Path<String>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    profiles::authorise(&state.db, &viewer, id).await?;
    let (_, bytes) =
        crate::input::read_upload(&req, payload, &LOGO_TYPES, LOGO_REFUSED, LOGO_LIMIT).await?;
    let org = profiles::set_logo(
        &state.db,
        &state.storage,
        &state.reference,
        &viewer,
        id,
        if_match(&req),
        Some(bytes),
        state.now(),
    )
    .await?;
    Ok(with_etag(org))
}

/// Remove the organisation's logo (its administrators).
#[utoipa::path(
    operation_id = "delete_organisation_logo",
    tag = "organisations",
    params(
        ("id" = uuid::Uuid, Path, description = "The organisation's id"),
        ("If-Match" = String, Header, description = "The ETag of the organisation as you read it"),
    ),
    responses(
        (status = 200, body = Organisation, headers(("ETag" = String, description = "The profile's revision"))),
        (status = 403, description = "Not an administrator of the organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/organisations/{id}/logo")]
pub async fn delete_organisation_logo(
    state: State,
    viewer: Viewer,
    req: HttpRequest,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let org = profiles::set_logo(
        &state.db,
        &state.storage,
        &state.reference,
        &viewer,
        id,
        if_match(&req),
        None,
        state.now(),
    )
    .await?;
    Ok(with_etag(org))
}

/// The organisation's logo (PNG). With the version of `logo_url` it may be kept a year.
#[utoipa::path(
    operation_id = "get_organisation_logo",
    tag = "organisations",
    params(("id" = uuid::Uuid, Path, description = "The organisation's id"), LogoQuery),
    responses(
        (status = 200, description = "The logo", body = ImageFile, content_type = "image/png",
            headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "Not changed since the ETag sent as If-None-Match"),
        (status = 404, description = "No such organisation, or no logo", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organisations/{id}/logo")]
pub async fn get_organisation_logo(
    state: State,
    req: HttpRequest,
    q: Query<LogoQuery>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let (bytes, version) = profiles::logo(&state.db, &state.storage, id).await?;
    let tag = format!("\"{version}\"");
    // The address names this very file: it never changes (a new logo has a new address).
    let cache = if q.into_inner().v.as_deref() == Some(version.as_str()) {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    };
    let unchanged = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag));
    let mut res = if unchanged {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header((header::ETAG, tag))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CONTENT_DISPOSITION, "inline; filename=\"logo.png\""));
    Ok(if unchanged {
        res.finish()
    } else {
        res.content_type("image/png").body(bytes)
    })
}

/// The operation itself, for the route above and for server-rendered pages (`ssr`).
pub async fn get_organisation_op(state: &super::AppState, id: &str) -> ApiResult<Organisation> {
    let id = path_id("id", id)?;
    organisations::by_public_id(&state.db, &state.reference, id)
        .await?
        .ok_or(ApiError::NotFound("organisation"))
}

/// Register an organisation or an ATI (the municipality's administrators). Its first
/// administrator is then invited (`POST /api/v1/invitations`, role `provider_admin`).
#[utoipa::path(
    operation_id = "register_organisation",
    tag = "organisations",
    request_body = RegisterInput,
    responses(
        (status = 201, body = Organisation, headers(
            ("ETag" = String, description = "The profile's revision"),
            ("Location" = String, description = "The new organisation"))),
        (status = 403, description = "Not an administrator of the municipality", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The partita IVA is registered already", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/organisations")]
pub async fn register_organisation(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    body: Body<RegisterInput>,
) -> ApiResult<HttpResponse> {
    let org = crate::services::register::create(
        &state.db,
        &state.reference,
        &viewer,
        body.into_inner(),
        state.now(),
    )
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::ETAG, etag(org.revision)))
        .insert_header((
            header::LOCATION,
            format!("/api/v1/organisations/{}", org.id),
        ))
        .json(org))
}

/// Change an organisation's register data (the municipality's administrators): legal
/// name and form, partita IVA, accreditation types, an ATI's members.
#[utoipa::path(
    operation_id = "update_organisation_register",
    tag = "organisations",
    params(
        ("id" = uuid::Uuid, Path, description = "The organisation's id"),
        ("If-Match" = String, Header, description = "The ETag of the organisation as you read it"),
    ),
    request_body = RegisterInput,
    responses(
        (status = 200, body = Organisation, headers(("ETag" = String, description = "The profile's revision"))),
        (status = 403, description = "Not an administrator of the organisation's municipality", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The partita IVA is another organisation's, or a type taken away is used by its cards", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/organisations/{id}/register")]
pub async fn update_organisation_register(
    state: State,
    viewer: Viewer,
    req: HttpRequest,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<RegisterInput>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let org = crate::services::register::update(
        &state.db,
        &state.reference,
        &viewer,
        id,
        if_match(&req),
        body.into_inner(),
        state.now(),
    )
    .await?;
    Ok(with_etag(org))
}
