//! A person's sessions (one per sign-in: a refresh-token family and its rotations): the
//! list shown on the account page, ending one, ending all the others.
#[allow(unused_imports)]
use super::*;
use crate::api::auth::{ActiveSession, SessionList};
use sea_orm::{FromQueryResult, QuerySelect};
use std::collections::HashMap;

#[derive(FromQueryResult)]
struct Span {
    family_id: Uuid,
    first: i32,
    last: i32,
}

/// One session: when it started, when it was last used, where, and whether it is live.
#[derive(Debug, Clone)]
pub struct SessionView {
    pub id: Uuid,
    pub device: Option<String>,
    pub started_at: DateTime<Utc>,
    pub last_active_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub active: bool,
}

/// Every session of the account (live and ended), newest first. Two queries whatever
/// the number of rotations: the first and last row of each family.
pub async fn all_sessions(
    db: &impl sea_orm::ConnectionTrait,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<SessionView>, ApiError> {
    let spans = refresh_tokens::Entity::find()
        .select_only()
        .column(refresh_tokens::Column::FamilyId)
        .column_as(refresh_tokens::Column::Id.min(), "first")
        .column_as(refresh_tokens::Column::Id.max(), "last")
        .filter(refresh_tokens::Column::UserId.eq(user_id))
        .group_by(refresh_tokens::Column::FamilyId)
        .into_model::<Span>()
        .all(db)
        .await?;
    let ids: Vec<i32> = spans.iter().flat_map(|s| [s.first, s.last]).collect();
    let rows: HashMap<i32, refresh_tokens::Model> = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let mut out: Vec<SessionView> = spans
        .iter()
        .filter_map(|s| {
            let (first, last) = (rows.get(&s.first)?, rows.get(&s.last)?);
            Some(SessionView {
                id: s.family_id,
                device: last.device.clone(),
                started_at: first.created_at,
                last_active_at: last.created_at,
                expires_at: last.expires_at,
                active: last.revoked_at.is_none()
                    && last.used_at.is_none()
                    && last.expires_at > now,
            })
        })
        .collect();
    out.sort_by_key(|s| std::cmp::Reverse(s.last_active_at));
    Ok(out)
}

/// The live sessions, the caller's own marked `current`.
pub async fn list_sessions(
    db: &Db,
    user: &users::Model,
    current: Uuid,
    now: DateTime<Utc>,
) -> Result<SessionList, ApiError> {
    let items = all_sessions(db, user.id, now)
        .await?
        .into_iter()
        .filter(|s| s.active)
        .map(|s| ActiveSession {
            current: s.id == current,
            id: s.id,
            device: s.device,
            started_at: s.started_at,
            last_active_at: s.last_active_at,
            expires_at: s.expires_at,
        })
        .collect();
    Ok(SessionList { items })
}

/// Ends sessions of the person in one transaction with its audit event (when any ended);
/// returns how many token rows it revoked.
async fn end_and_record(
    db: &Db,
    user: &users::Model,
    which: Ending,
    now: DateTime<Utc>,
) -> Result<u64, ApiError> {
    let txn = db.write().await?;
    let ended = end_sessions(&txn, user.id, which, now).await?;
    if ended > 0 {
        audit::record(
            &txn,
            AuditAction::SessionEnded,
            Some(user.id),
            Some(user.id),
            None,
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(ended)
}

/// Ends one of the person's own sessions; another person's, or one already ended, is
/// "not found".
pub async fn end_session(
    db: &Db,
    user: &users::Model,
    session: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    match end_and_record(db, user, Ending::Only(session), now).await? {
        0 => Err(ApiError::NotFound("session")),
        _ => Ok(()),
    }
}

/// Ends every session of the person but `current` ("sign out everywhere else").
pub async fn end_other_sessions(
    db: &Db,
    user: &users::Model,
    current: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    end_and_record(db, user, Ending::AllBut(current), now).await?;
    Ok(())
}
