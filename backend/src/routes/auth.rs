//! `/api/v1/auth/*`: sign-up, verification, sign-in, refresh, sign-out, password reset.
//! The refresh token travels only in an HttpOnly, Secure, SameSite=Strict cookie scoped to
//! `/api/v1/auth`; the access token in bodies and `Authorization` headers.
use super::State;
use crate::api::auth::{
    Accepted, AccessToken, LoginRequest, PasswordResetConfirm, PasswordResetRequest, SignupRequest,
    VerifyEmailRequest,
};
use crate::auth::ClientInfo;
use crate::auth::tokens::ACCESS_TTL_SECS;
use crate::error::{ApiError, ApiResult, Problem};
use crate::input::{Body, NoParams, Query};
use crate::services::accounts::{self, REFRESH_DAYS, Session};
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, HttpResponse, post};

pub const REFRESH_COOKIE: &str = "domicilia_refresh";
const COOKIE_PATH: &str = "/api/v1/auth";

/// A cookie the web app can read, beside the HttpOnly refresh cookie: it says only that
/// this browser has a session, so that the app asks for an access token when there is one
/// to get (no failing request on every page of an anonymous visitor). It carries nothing
/// secret: the refresh cookie alone opens the session.
pub const SESSION_HINT_COOKIE: &str = "domicilia_session";

fn refresh_cookie(value: String, max_age_days: i64) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::days(max_age_days))
        .finish()
}

fn hint_cookie(present: bool) -> Cookie<'static> {
    Cookie::build(SESSION_HINT_COOKIE, if present { "1" } else { "" })
        .path("/")
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::days(if present { REFRESH_DAYS } else { 0 }))
        .finish()
}

/// Ends the browser's session cookies (sign-out, a failed renewal, password change,
/// deletion).
pub(super) fn clear_session(res: &mut actix_web::HttpResponseBuilder) {
    res.cookie(refresh_cookie(String::new(), 0))
        .cookie(hint_cookie(false));
}

fn session_response(s: Session) -> HttpResponse {
    HttpResponse::Ok()
        .cookie(refresh_cookie(s.refresh_token, REFRESH_DAYS))
        .cookie(hint_cookie(true))
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
        (status = 429, description = "More than 5 sign-ups a minute for this address or client", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/signup")]
pub async fn signup(
    state: State,
    _q: Query<NoParams>,
    ClientInfo(client): ClientInfo,
    body: Body<SignupRequest>,
) -> ApiResult<HttpResponse> {
    accounts::signup(
        &state.db,
        &state.hasher,
        &state.public_url,
        body.into_inner(),
        &client.address,
        state.now(),
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
    responses(
        (status = 204),
        (status = 422, description = "Unknown, used or expired link, or not the password that goes with it", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "More than 5 password attempts a minute on one link", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/verify-email")]
pub async fn verify_email(
    state: State,
    _q: Query<NoParams>,
    body: Body<VerifyEmailRequest>,
) -> ApiResult<HttpResponse> {
    accounts::verify_email(
        &state.db,
        &state.hasher,
        &body.token,
        &body.password,
        state.now(),
    )
    .await?;
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
    _q: Query<NoParams>,
    ClientInfo(client): ClientInfo,
    body: Body<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let credentials = (body.email.as_str(), body.password.as_str(), &client);
    let s = accounts::login(
        &state.db,
        &state.hasher,
        &state.access_tokens,
        &state.public_url,
        credentials,
        state.now(),
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
    _q: Query<NoParams>,
    ClientInfo(client): ClientInfo,
    body: Body<PasswordResetRequest>,
) -> ApiResult<HttpResponse> {
    accounts::request_password_reset(&state.db, &body.email, &client.address, state.now()).await?;
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
    _q: Query<NoParams>,
    body: Body<PasswordResetConfirm>,
) -> ApiResult<HttpResponse> {
    accounts::confirm_password_reset(
        &state.db,
        &state.hasher,
        &body.token,
        &body.password,
        state.now(),
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
pub async fn refresh(
    state: State,
    _q: Query<NoParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let renewed = match cookie_token(&req) {
        Some(token) => {
            accounts::refresh(&state.db, &state.access_tokens, &token, state.now()).await
        }
        None => Err(ApiError::Unauthorized),
    };
    match renewed {
        Ok(s) => Ok(session_response(s)),
        // No session any more: the browser forgets its cookies, so the app stops asking.
        Err(ApiError::Unauthorized) => {
            let mut res = actix_web::error::ResponseError::error_response(&ApiError::Unauthorized);
            for c in [refresh_cookie(String::new(), 0), hint_cookie(false)] {
                res.add_cookie(&c).ok();
            }
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

/// Sign out: ends the session of the refresh cookie and clears it.
#[utoipa::path(operation_id = "logout", tag = "auth", responses((status = 204)))]
#[post("/auth/logout")]
pub async fn logout(
    state: State,
    _q: Query<NoParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    if let Some(token) = cookie_token(&req) {
        accounts::logout(&state.db, &token, state.now()).await?;
    }
    let mut res = HttpResponse::NoContent();
    clear_session(&mut res);
    Ok(res.finish())
}
