//! `Viewer`: the signed-in person, from `Authorization: Bearer <access token>`. The
//! account, its memberships and its session are read from the database on every request,
//! so a removed membership, a deleted account or an ended session takes effect at once.
//! `X-Active-Membership` (optional) names the membership the person acts in: policies
//! then consider that one only.
use crate::auth::Viewer;
use crate::entities::{memberships, refresh_tokens, users};
use crate::error::ApiError;
use crate::routes::AppState;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::future::Future;
use std::pin::Pin;

/// The header naming the membership a person acts in.
pub const ACTIVE_MEMBERSHIP: &str = "x-active-membership";

fn bearer(req: &HttpRequest) -> Option<String> {
    let v = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

fn active_membership(req: &HttpRequest) -> Result<Option<uuid::Uuid>, ApiError> {
    if req.headers().get_all(ACTIVE_MEMBERSHIP).count() > 1 {
        return Err(ApiError::field(
            "X-Active-Membership",
            "duplicate",
            "Name one membership.",
        ));
    }
    let Some(v) = req.headers().get(ACTIVE_MEMBERSHIP) else {
        return Ok(None);
    };
    v.to_str()
        .ok()
        .and_then(|v| uuid::Uuid::parse_str(v.trim()).ok())
        .map(Some)
        .ok_or_else(|| {
            ApiError::field(
                "X-Active-Membership",
                "invalid_format",
                "Expected the id of one of your memberships.",
            )
        })
}

impl FromRequest for Viewer {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        let active = active_membership(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::Internal("no application state".into()))?;
            let claims = token
                .and_then(|t| state.access_tokens.verify(&t))
                .ok_or(ApiError::Unauthorized)?;
            let user = users::Entity::find()
                .filter(users::Column::PublicId.eq(claims.sub))
                .filter(users::Column::DeletedAt.is_null())
                .one(&state.db)
                .await?
                .ok_or(ApiError::Unauthorized)?;
            let live_session = refresh_tokens::Entity::find()
                .filter(refresh_tokens::Column::FamilyId.eq(claims.sid))
                .filter(refresh_tokens::Column::UserId.eq(user.id))
                .filter(refresh_tokens::Column::RevokedAt.is_null())
                .one(&state.db)
                .await?;
            if live_session.is_none() {
                return Err(ApiError::Unauthorized);
            }
            let memberships = memberships::Entity::find()
                .filter(memberships::Column::UserId.eq(user.id))
                .order_by_asc(memberships::Column::CreatedAt)
                .order_by_asc(memberships::Column::Id)
                .all(&state.db)
                .await?;
            let active = match active? {
                None => None,
                Some(id) => Some(
                    memberships
                        .iter()
                        .find(|m| m.public_id == id)
                        .map(|m| m.id)
                        .ok_or(ApiError::Forbidden(
                            "X-Active-Membership names none of your memberships.",
                        ))?,
                ),
            };
            Ok(Viewer {
                user,
                memberships,
                session: claims.sid,
                active,
            })
        })
    }
}

/// The caller's address (through trusted proxies only) and device label, for rate limits,
/// the audit log and the list of sessions.
pub struct ClientInfo(pub crate::services::accounts::Client);

impl ClientInfo {
    pub fn from_request_head(req: &HttpRequest) -> crate::services::accounts::Client {
        let proxies = req
            .app_data::<web::Data<AppState>>()
            .map(|s| s.trusted_proxies.clone())
            .unwrap_or_default();
        let forwarded: Vec<&str> = req
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .collect();
        let address = proxies
            .client(req.peer_addr().map(|a| a.ip()), &forwarded)
            .map(|ip| ip.to_string())
            .unwrap_or_default();
        let device = req
            .headers()
            .get(actix_web::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .and_then(crate::domain::device::label);
        crate::services::accounts::Client { address, device }
    }
}

impl FromRequest for ClientInfo {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Ok(ClientInfo(Self::from_request_head(req))))
    }
}

/// The signed-in person if the request carries a token, else nobody. A token that is
/// there but not valid (expired, ended session) is still a 401: the client should renew
/// it rather than silently see the anonymous answer.
pub struct MaybeViewer(pub Option<Viewer>);

impl FromRequest for MaybeViewer {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        if req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .is_none()
        {
            return Box::pin(async { Ok(MaybeViewer(None)) });
        }
        let user = Viewer::from_request(req, payload);
        Box::pin(async move { Ok(MaybeViewer(Some(user.await?))) })
    }
}
