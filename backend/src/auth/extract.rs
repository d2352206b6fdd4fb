//! `AuthUser`: the signed-in person, from `Authorization: Bearer <access token>`. The
//! account and its memberships are read from the database on every request, so a removed
//! membership or a deleted account takes effect at once.
use crate::entities::{memberships, users};
use crate::error::ApiError;
use crate::routes::AppState;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::future::Future;
use std::pin::Pin;

#[derive(Debug, Clone)]
pub struct AuthUser {
    pub user: users::Model,
    pub memberships: Vec<memberships::Model>,
}

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

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
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
            let memberships = memberships::Entity::find()
                .filter(memberships::Column::UserId.eq(user.id))
                .all(&state.db)
                .await?;
            Ok(AuthUser { user, memberships })
        })
    }
}
