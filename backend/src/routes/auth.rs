//! `/api/v1/auth/*` and `/api/v1/me`. The refresh token travels only in an HttpOnly,
//! Secure, SameSite=Strict cookie scoped to `/api/v1/auth`; the access token in bodies
//! and `Authorization` headers.
use super::State;
use crate::api::auth::{
    Accepted, AccessToken, AccountExport, ChangeEmailRequest, ChangePasswordRequest,
    DeleteAccountRequest, LoginRequest, Me, PasswordResetConfirm, PasswordResetRequest,
    SessionList, SignupRequest, UpdateProfileRequest, VerifyEmailRequest,
};
use crate::auth::tokens::ACCESS_TTL_SECS;
use crate::auth::{AuthUser, ClientInfo};
use crate::error::{ApiError, ApiResult, Problem};
use crate::services::accounts::{self, REFRESH_DAYS, Session};
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use sea_orm::EntityTrait;

pub const REFRESH_COOKIE: &str = "domicilia_refresh";
const COOKIE_PATH: &str = "/api/v1/auth";

fn refresh_cookie(value: String, max_age_days: i64) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::days(max_age_days))
        .finish()
}

fn session_response(s: Session) -> HttpResponse {
    HttpResponse::Ok()
        .cookie(refresh_cookie(s.refresh_token, REFRESH_DAYS))
        .insert_header(("Cache-Control", "no-store"))
        .json(AccessToken {
            access_token: s.access_token,
            token_type: "Bearer".into(),
            expires_in: ACCESS_TTL_SECS,
        })
}

/// Create an account (citizen). The answer is the same whether or not the address is
/// already registered; a verification link is e-mailed to new accounts.
#[utoipa::path(
    operation_id = "signup",
    tag = "auth",
    request_body = SignupRequest,
    responses(
        (status = 202, body = Accepted),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "More than 5 sign-ups a minute for this address or client", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/signup")]
pub async fn signup(
    state: State,
    ClientInfo(client): ClientInfo,
    body: web::Json<SignupRequest>,
) -> ApiResult<HttpResponse> {
    accounts::signup(
        &state.db,
        &state.hasher,
        &state.public_url,
        body.into_inner(),
        &client.address,
        chrono::Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Accepted().json(Accepted {
        detail: "If the address can be used, we have sent a confirmation link to it.".into(),
    }))
}

/// Confirm an e-mail address with the token from the link.
#[utoipa::path(
    operation_id = "verify_email",
    tag = "auth",
    request_body = VerifyEmailRequest,
    responses((status = 204), (status = 422, body = Problem, content_type = "application/problem+json"))
)]
#[post("/auth/verify-email")]
pub async fn verify_email(
    state: State,
    body: web::Json<VerifyEmailRequest>,
) -> ApiResult<HttpResponse> {
    accounts::verify_email(&state.db, &body.token, chrono::Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sign in: returns an access token and sets the refresh cookie.
#[utoipa::path(
    operation_id = "login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, body = AccessToken),
        (status = 401, description = "Wrong e-mail or password (the same answer for both)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "E-mail address not confirmed yet (a new link is e-mailed)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "More than 5 attempts a minute for this account or address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: State,
    ClientInfo(client): ClientInfo,
    body: web::Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let credentials = (body.email.as_str(), body.password.as_str(), &client);
    let s = accounts::login(
        &state.db,
        &state.hasher,
        &state.access_tokens,
        &state.public_url,
        credentials,
        chrono::Utc::now(),
    )
    .await?;
    Ok(session_response(s))
}

/// Ask for a password-reset link. The same answer whether or not the address is registered.
#[utoipa::path(
    operation_id = "request_password_reset",
    tag = "auth",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, body = Accepted),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/password-reset")]
pub async fn request_password_reset(
    state: State,
    ClientInfo(client): ClientInfo,
    body: web::Json<PasswordResetRequest>,
) -> ApiResult<HttpResponse> {
    accounts::request_password_reset(
        &state.db,
        &state.public_url,
        &body.email,
        &client.address,
        chrono::Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Accepted().json(Accepted {
        detail: "If an account uses this address, we have sent it a link to choose a new password."
            .into(),
    }))
}

/// Set a new password with the token from the reset link; every session of the account ends.
#[utoipa::path(
    operation_id = "confirm_password_reset",
    tag = "auth",
    request_body = PasswordResetConfirm,
    responses((status = 204), (status = 422, body = Problem, content_type = "application/problem+json"))
)]
#[post("/auth/password-reset/confirm")]
pub async fn confirm_password_reset(
    state: State,
    body: web::Json<PasswordResetConfirm>,
) -> ApiResult<HttpResponse> {
    accounts::confirm_password_reset(
        &state.db,
        &state.hasher,
        &body.token,
        &body.password,
        chrono::Utc::now(),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

fn cookie_token(req: &HttpRequest) -> Option<String> {
    req.cookie(REFRESH_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty())
}

/// A new access token for the refresh cookie, which is rotated.
#[utoipa::path(
    operation_id = "refresh",
    tag = "auth",
    responses((status = 200, body = AccessToken), (status = 401, body = Problem, content_type = "application/problem+json"))
)]
#[post("/auth/refresh")]
pub async fn refresh(state: State, req: HttpRequest) -> ApiResult<HttpResponse> {
    let token = cookie_token(&req).ok_or(ApiError::Unauthorized)?;
    let s = accounts::refresh(&state.db, &state.access_tokens, &token, chrono::Utc::now()).await?;
    Ok(session_response(s))
}

/// Sign out: ends the session of the refresh cookie and clears it.
#[utoipa::path(operation_id = "logout", tag = "auth", responses((status = 204)))]
#[post("/auth/logout")]
pub async fn logout(state: State, req: HttpRequest) -> ApiResult<HttpResponse> {
    if let Some(token) = cookie_token(&req) {
        accounts::logout(&state.db, &token, chrono::Utc::now()).await?;
    }
    Ok(HttpResponse::NoContent()
        .cookie(refresh_cookie(String::new(), 0))
        .finish())
}

/// The signed-in person: profile and role memberships.
#[utoipa::path(
    operation_id = "get_me",
    tag = "auth",
    responses((status = 200, body = Me), (status = 401, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []))
)]
#[get("/me")]
pub async fn me(state: State, user: AuthUser) -> ApiResult<web::Json<Me>> {
    Ok(web::Json(
        accounts::me(&state.db, &user.user, &user.memberships).await?,
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
pub async fn export_me(state: State, user: AuthUser) -> ApiResult<HttpResponse> {
    let data =
        accounts::export(&state.db, &user.user, &user.memberships, chrono::Utc::now()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"domicilia-account.json\"",
        ))
        .insert_header(("Cache-Control", "no-store"))
        .json(data))
}

/// Delete your account (your password is asked again). Personal data is erased; the
/// account row stays anonymised.
#[utoipa::path(
    operation_id = "delete_me",
    tag = "auth",
    request_body = DeleteAccountRequest,
    responses(
        (status = 204),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong password", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/me")]
pub async fn delete_me(
    state: State,
    user: AuthUser,
    body: web::Json<DeleteAccountRequest>,
) -> ApiResult<HttpResponse> {
    accounts::delete_account(
        &state.db,
        &state.hasher,
        &user.user,
        &body.password,
        chrono::Utc::now(),
    )
    .await?;
    Ok(HttpResponse::NoContent()
        .cookie(refresh_cookie(String::new(), 0))
        .finish())
}

/// Change your password (the current one is asked); every session ends.
#[utoipa::path(
    operation_id = "change_password",
    tag = "auth",
    request_body = ChangePasswordRequest,
    responses(
        (status = 204),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/me/password")]
pub async fn change_password(
    state: State,
    user: AuthUser,
    body: web::Json<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    accounts::change_password(
        &state.db,
        &state.hasher,
        &user.user,
        &body.current_password,
        &body.new_password,
        chrono::Utc::now(),
    )
    .await?;
    Ok(HttpResponse::NoContent()
        .cookie(refresh_cookie(String::new(), 0))
        .finish())
}

/// Update your display name or language; returns the updated profile.
#[utoipa::path(
    operation_id = "update_me",
    tag = "auth",
    request_body = UpdateProfileRequest,
    responses(
        (status = 200, body = Me),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/me")]
pub async fn update_me(
    state: State,
    user: AuthUser,
    body: web::Json<UpdateProfileRequest>,
) -> ApiResult<web::Json<Me>> {
    let now = chrono::Utc::now();
    accounts::update_profile(
        &state.db,
        &user.user,
        body.display_name.as_deref(),
        body.language.as_deref(),
        now,
    )
    .await?;
    let fresh = crate::entities::users::Entity::find_by_id(user.user.id)
        .one(&state.db)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    Ok(web::Json(
        accounts::me(&state.db, &fresh, &user.memberships).await?,
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
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/me/email")]
pub async fn change_email(
    state: State,
    user: AuthUser,
    body: web::Json<ChangeEmailRequest>,
) -> ApiResult<HttpResponse> {
    accounts::request_email_change(
        &state.db,
        &state.hasher,
        &state.public_url,
        &user.user,
        &body.password,
        &body.new_email,
        chrono::Utc::now(),
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
pub async fn list_sessions(state: State, user: AuthUser) -> ApiResult<HttpResponse> {
    let list =
        accounts::list_sessions(&state.db, &user.user, user.session, chrono::Utc::now()).await?;
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
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of your live sessions", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/me/sessions/{id}")]
pub async fn end_session(
    state: State,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = super::parse_id(&id)?;
    accounts::end_session(&state.db, &user.user, id, chrono::Utc::now()).await?;
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
pub async fn end_other_sessions(state: State, user: AuthUser) -> ApiResult<HttpResponse> {
    accounts::end_other_sessions(&state.db, &user.user, user.session, chrono::Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
