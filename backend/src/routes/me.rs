//! `/api/v1/me*`: the signed-in person's profile, e-mail and password, sessions, data
//! export and account deletion.
use super::State;
use super::auth::clear_session;
use crate::api::auth::{
    Accepted, AccountExport, ChangeEmailRequest, ChangePasswordRequest, DeleteAccountRequest, Me,
    SessionList, UpdateProfileRequest,
};
use crate::auth::Viewer;
use crate::error::{ApiResult, Problem};
use crate::input::{Body, NoParams, Query, path_id};
use crate::services::accounts;
use actix_web::{HttpResponse, delete, get, patch, post, web};

/// The signed-in person: profile and role memberships.
#[utoipa::path(
    operation_id = "get_me",
    tag = "auth",
    responses((status = 200, body = Me), (status = 401, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []))
)]
#[get("/me")]
pub async fn me(state: State, viewer: Viewer, _q: Query<NoParams>) -> ApiResult<web::Json<Me>> {
    Ok(web::Json(
        accounts::me(&state.db, &viewer.user, &viewer.memberships).await?,
    ))
}

/// Download everything the platform holds about you, as JSON.
#[utoipa::path(
    operation_id = "export_me",
    tag = "auth",
    responses((status = 200, body = AccountExport), (status = 401, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []))
)]
#[get("/me/export")]
pub async fn export_me(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
) -> ApiResult<HttpResponse> {
    let data = accounts::export(
        &state.db,
        &state.reference,
        &viewer.user,
        &viewer.memberships,
        state.now(),
    )
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"domicilia-account.json\"",
        ))
        .insert_header(("Cache-Control", "no-store"))
        .json(data))
}

/// Delete your account (your password is asked again). Personal data is erased; the
/// account row stays anonymised. Your open requests are withdrawn (the providers are
/// told) and your texts in the threads are erased.
#[utoipa::path(
    operation_id = "delete_me",
    tag = "auth",
    request_body = DeleteAccountRequest,
    responses(
        (status = 204),
        (status = 422, description = "Wrong password", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/me")]
pub async fn delete_me(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    body: Body<DeleteAccountRequest>,
) -> ApiResult<HttpResponse> {
    accounts::delete_account(
        &state.db,
        &state.reference,
        &state.hasher,
        &state.public_url,
        &viewer.user,
        &body.password,
        state.now(),
    )
    .await?;
    let mut res = HttpResponse::NoContent();
    clear_session(&mut res);
    Ok(res.finish())
}

/// Change your password (the current one is asked); every session ends.
#[utoipa::path(
    operation_id = "change_password",
    tag = "auth",
    request_body = ChangePasswordRequest,
    responses(
        (status = 204),
    ),
    security(("bearer" = []))
)]
#[post("/me/password")]
pub async fn change_password(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    body: Body<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    accounts::change_password(
        &state.db,
        &state.hasher,
        &viewer.user,
        &body.current_password,
        &body.new_password,
        state.now(),
    )
    .await?;
    let mut res = HttpResponse::NoContent();
    clear_session(&mut res);
    Ok(res.finish())
}

/// Update your display name or language; returns the updated profile.
#[utoipa::path(
    operation_id = "update_me",
    tag = "auth",
    request_body = UpdateProfileRequest,
    responses(
        (status = 200, body = Me),
    ),
    security(("bearer" = []))
)]
#[patch("/me")]
pub async fn update_me(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    body: Body<UpdateProfileRequest>,
) -> ApiResult<web::Json<Me>> {
    let fresh = accounts::update_profile(
        &state.db,
        &viewer.user,
        body.display_name.as_deref(),
        body.language,
        state.now(),
    )
    .await?;
    Ok(web::Json(
        accounts::me(&state.db, &fresh, &viewer.memberships).await?,
    ))
}

/// Change your e-mail address (your password is asked): a link goes to the new address,
/// which replaces the old one when the link is opened.
#[utoipa::path(
    operation_id = "change_email",
    tag = "auth",
    request_body = ChangeEmailRequest,
    responses(
        (status = 202, body = Accepted),
    ),
    security(("bearer" = []))
)]
#[post("/me/email")]
pub async fn change_email(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    body: Body<ChangeEmailRequest>,
) -> ApiResult<HttpResponse> {
    accounts::request_email_change(
        &state.db,
        &state.hasher,
        &state.public_url,
        &viewer.user,
        &body.password,
        &body.new_email,
        state.now(),
    )
    .await?;
    Ok(HttpResponse::Accepted().json(Accepted {
        detail: "If the address can be used, we have sent a confirmation link to it.".into(),
    }))
}

/// Your live sessions (one per sign-in and device); the one making this request is
/// marked `current`.
#[utoipa::path(
    operation_id = "list_sessions",
    tag = "auth",
    responses((status = 200, body = SessionList), (status = 401, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []))
)]
#[get("/me/sessions")]
pub async fn list_sessions(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
) -> ApiResult<HttpResponse> {
    let list =
        accounts::list_sessions(&state.db, &viewer.user, viewer.session, state.now()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(list))
}

/// End one of your sessions: that device is signed out at once.
#[utoipa::path(
    operation_id = "end_session",
    tag = "auth",
    params(("id" = uuid::Uuid, Path, description = "The session's id")),
    responses(
        (status = 204),
        (status = 404, description = "Not one of your live sessions", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/me/sessions/{id}")]
pub async fn end_session(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    accounts::end_session(&state.db, &viewer.user, id, state.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sign out everywhere else: every session but this one ends.
#[utoipa::path(
    operation_id = "end_other_sessions",
    tag = "auth",
    responses((status = 204), (status = 401, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []))
)]
#[delete("/me/sessions")]
pub async fn end_other_sessions(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
) -> ApiResult<HttpResponse> {
    accounts::end_other_sessions(&state.db, &viewer.user, viewer.session, state.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
