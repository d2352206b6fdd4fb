//! `Idempotency-Key` on the POSTs that create something a person could send twice
//! (requests, messages, quotes, counter-proposals, acceptances): the first answer is
//! stored **in the transaction of the effect**, under the caller and the key, with a
//! fingerprint of the request (the route and the body as read). The same key again with
//! the same request answers the stored answer; with another request (or route) 422.
//!
//! Two identical requests at once: both may run, but the second one's insert of the key
//! fails on the unique index (PostgreSQL makes it wait for the first to commit; SQLite's
//! writes take turns), its whole transaction rolls back, and it answers the first one's
//! stored answer — nothing is created twice. Keys are kept a day (housekeeping).
use crate::db::{Db, WriteTxn};
use crate::entities::idempotency_keys;
use crate::error::ApiError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// How long a key is remembered.
pub const KEEP: Duration = Duration::hours(24);

/// The longest key accepted (UUIDs, ULIDs and hashes all fit).
pub const KEY_MAX: usize = 255;

/// A caller's key for one request: who, the key, and what the request was.
#[derive(Debug, Clone)]
pub struct Key {
    user_id: i32,
    key: String,
    scope: String,
    fingerprint: String,
}

impl Key {
    /// The key `raw` sent by `user_id` for `scope` (the operation, with the ids of its
    /// path) with `body`.
    pub fn new(
        user_id: i32,
        raw: &str,
        scope: &str,
        body: &impl Serialize,
    ) -> Result<Self, ApiError> {
        let body = serde_json::to_vec(body).map_err(|e| ApiError::Internal(e.to_string()))?;
        let mut h = Sha256::new();
        h.update(scope.as_bytes());
        h.update([0]);
        h.update(&body);
        Ok(Key {
            user_id,
            key: raw.to_owned(),
            scope: scope.chars().take(200).collect(),
            fingerprint: hex(&h.finalize()),
        })
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether a header value is a usable key: 1–255 visible ASCII characters.
pub fn valid_key(raw: &str) -> bool {
    !raw.is_empty() && raw.len() <= KEY_MAX && raw.bytes().all(|b| b.is_ascii_graphic())
}

/// What a creating call answers: made now, or the first answer again.
#[derive(Debug)]
pub enum Outcome<T> {
    Fresh(T),
    /// The stored answer: its status and JSON body.
    Replayed(u16, String),
}

fn mismatch() -> ApiError {
    ApiError::field(
        "Idempotency-Key",
        "reused",
        "This key was already used for another request: send a new key for a new request.",
    )
}

/// The stored answer for `key` (if any and not expired), or 422 when the key was used
/// for another request.
pub async fn stored(
    db: &impl ConnectionTrait,
    key: &Key,
    now: DateTime<Utc>,
) -> Result<Option<(u16, String)>, ApiError> {
    let row = idempotency_keys::Entity::find()
        .filter(idempotency_keys::Column::UserId.eq(key.user_id))
        .filter(idempotency_keys::Column::Key.eq(&key.key))
        .filter(idempotency_keys::Column::CreatedAt.gt(now - KEEP))
        .one(db)
        .await?;
    match row {
        None => Ok(None),
        Some(r) if r.request_hash != key.fingerprint => Err(mismatch()),
        Some(r) => Ok(Some((u16::try_from(r.status).unwrap_or(200), r.body))),
    }
}

/// Runs `work` in one write transaction and stores its answer under `key` (when there
/// is one) before committing; answers the stored answer instead when the key was seen.
pub async fn once<T, F>(
    db: &Db,
    key: Option<&Key>,
    status: u16,
    now: DateTime<Utc>,
    work: F,
) -> Result<Outcome<T>, ApiError>
where
    T: Serialize,
    F: AsyncFnOnce(&WriteTxn) -> Result<T, ApiError>,
{
    if let Some(k) = key
        && let Some((s, body)) = stored(db, k, now).await?
    {
        return Ok(Outcome::Replayed(s, body));
    }
    let txn = db.write().await?;
    let out = work(&txn).await?;
    if let Some(k) = key {
        let body = serde_json::to_string(&out).map_err(|e| ApiError::Internal(e.to_string()))?;
        match record(&txn, k, status, body, now).await {
            Ok(()) => {}
            Err(e) if crate::db::is_unique_violation(&e) => {
                // The same key committed meanwhile: undo ours, answer theirs.
                drop(txn);
                return match stored(db, k, now).await? {
                    Some((s, body)) => Ok(Outcome::Replayed(s, body)),
                    None => Err(ApiError::Conflict(
                        "This request is being processed: retry in a moment.",
                    )),
                };
            }
            Err(e) => return Err(e.into()),
        }
    }
    txn.commit().await?;
    Ok(Outcome::Fresh(out))
}

async fn record(
    txn: &WriteTxn,
    key: &Key,
    status: u16,
    body: String,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    // An expired row of the same key makes way for the new one.
    idempotency_keys::Entity::delete_many()
        .filter(idempotency_keys::Column::UserId.eq(key.user_id))
        .filter(idempotency_keys::Column::Key.eq(&key.key))
        .filter(idempotency_keys::Column::CreatedAt.lte(now - KEEP))
        .exec(txn)
        .await?;
    idempotency_keys::ActiveModel {
        user_id: Set(key.user_id),
        key: Set(key.key.clone()),
        scope: Set(key.scope.clone()),
        request_hash: Set(key.fingerprint.clone()),
        status: Set(i16::try_from(status).unwrap_or(200)),
        body: Set(body),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Forgets keys older than a day (housekeeping).
pub async fn prune(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(idempotency_keys::Entity::delete_many()
        .filter(idempotency_keys::Column::CreatedAt.lte(now - KEEP))
        .exec(db)
        .await?
        .rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_depend_on_scope_and_body() {
        let a = Key::new(1, "k", "create_request", &serde_json::json!({"a": 1})).unwrap();
        let b = Key::new(1, "k", "create_request", &serde_json::json!({"a": 2})).unwrap();
        let c = Key::new(1, "k", "post_message", &serde_json::json!({"a": 1})).unwrap();
        let d = Key::new(1, "k", "create_request", &serde_json::json!({"a": 1})).unwrap();
        assert_ne!(a.fingerprint, b.fingerprint);
        assert_ne!(a.fingerprint, c.fingerprint);
        assert_eq!(a.fingerprint, d.fingerprint);
    }

    #[test]
    fn keys_are_visible_ascii_up_to_255() {
        assert!(valid_key("0192f0c4-7b1e-7c3a-9d1e-2f3a4b5c6d7e"));
        assert!(!valid_key(""));
        assert!(!valid_key("has space"));
        assert!(!valid_key("accentè"));
        assert!(!valid_key(&"x".repeat(256)));
        assert!(valid_key(&"x".repeat(255)));
    }
}
