//! Sliding-window rate limits stored in the database, so every instance counts the same
//! attempts. A limit only delays (429 with `Retry-After`); nothing locks an account for
//! good, so an attacker cannot lock a person out.
use crate::auth::tokens::token_hash;
use crate::entities::rate_events;
use crate::error::ApiError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub bucket: &'static str,
    pub max: usize,
    pub window_secs: i64,
}

pub const LOGIN: Limit = Limit {
    bucket: "login",
    max: 5,
    window_secs: 60,
};
/// Sign-ups send mail (to new and to registered addresses alike): no mail-bombing.
pub const SIGNUP: Limit = Limit {
    bucket: "signup",
    max: 5,
    window_secs: 60,
};
pub const PASSWORD_RESET: Limit = Limit {
    bucket: "password_reset",
    max: 5,
    window_secs: 60,
};

/// Counts an attempt for each key (e.g. the account and the client address); refuses it
/// when any key already had `max` attempts in the window.
pub async fn hit(
    db: &impl ConnectionTrait,
    limit: Limit,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let since = now - Duration::seconds(limit.window_secs);
    let hashes: Vec<String> = keys
        .iter()
        .map(|k| token_hash(&format!("{}:{k}", limit.bucket)))
        .collect();
    for h in &hashes {
        let recent = rate_events::Entity::find()
            .filter(rate_events::Column::Bucket.eq(limit.bucket))
            .filter(rate_events::Column::KeyHash.eq(h.clone()))
            .filter(rate_events::Column::At.gt(since))
            .order_by_asc(rate_events::Column::At)
            .all(db)
            .await?;
        if recent.len() >= limit.max {
            let oldest = recent.first().map_or(now, |e| e.at);
            let retry = (oldest + Duration::seconds(limit.window_secs) - now)
                .num_seconds()
                .max(1);
            return Err(ApiError::TooManyRequests(retry as u64));
        }
    }
    for h in hashes {
        rate_events::ActiveModel {
            bucket: Set(limit.bucket.into()),
            key_hash: Set(h),
            at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Drops events older than any window (called by the background worker).
pub async fn prune(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, ApiError> {
    Ok(rate_events::Entity::delete_many()
        .filter(rate_events::Column::At.lt(now - Duration::hours(1)))
        .exec(db)
        .await?
        .rows_affected)
}
