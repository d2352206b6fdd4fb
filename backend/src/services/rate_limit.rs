//! Sliding-window rate limits stored in the database, so every instance counts the same
//! attempts. A limit only delays (429 with `Retry-After`); nothing locks an account for
//! good, so an attacker cannot lock a person out.
use crate::auth::tokens::token_hash;
use crate::db::Db;
use crate::entities::rate_events;
use crate::error::ApiError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, DbErr,
    EntityTrait, QueryFilter, QueryOrder, Statement,
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
/// Password attempts on one confirmation link.
pub const CONFIRM: Limit = Limit {
    bucket: "confirm",
    max: 5,
    window_secs: 60,
};
pub const PASSWORD_RESET: Limit = Limit {
    bucket: "password_reset",
    max: 5,
    window_secs: 60,
};

/// The key a client address is counted under (an IPv6 client per /64).
pub fn client_key(address: &str) -> String {
    crate::domain::client_addr::rate_key(address)
}

/// Counts an attempt for each key (e.g. the account and the client address); refuses it
/// when any key already had `max` attempts in the window. Checking and recording are one
/// transaction that holds the keys: 20 simultaneous attempts for one account let at most
/// `max` through (SQLite: the write gate and `BEGIN IMMEDIATE`; PostgreSQL: a
/// transaction-scoped advisory lock per key).
pub async fn hit(
    db: &Db,
    limit: Limit,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let since = now - Duration::seconds(limit.window_secs);
    let mut hashes: Vec<String> = keys
        .iter()
        .map(|k| token_hash(&format!("{}:{k}", limit.bucket)))
        .collect();
    // One order for every caller, so two attempts never wait for each other's keys.
    hashes.sort();
    hashes.dedup();
    let txn = db.write().await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        for h in &hashes {
            let key = i64::from_str_radix(&h[..15], 16).unwrap_or_default();
            txn.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_advisory_xact_lock($1)",
                [key.into()],
            ))
            .await?;
        }
    }
    for h in &hashes {
        let recent = rate_events::Entity::find()
            .filter(rate_events::Column::Bucket.eq(limit.bucket))
            .filter(rate_events::Column::KeyHash.eq(h.clone()))
            .filter(rate_events::Column::At.gt(since))
            .order_by_asc(rate_events::Column::At)
            .all(&txn)
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
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Drops events older than any window (a recurring job).
pub async fn prune(db: &Db, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let txn = db.write().await?;
    let n = rate_events::Entity::delete_many()
        .filter(rate_events::Column::At.lt(now - Duration::hours(1)))
        .exec(&txn)
        .await?
        .rows_affected;
    txn.commit().await?;
    Ok(n)
}
