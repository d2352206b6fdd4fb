//! Appending to the audit log, inside the transaction of the action it records.
use crate::api::audit::{AuditEvent, AuditPage};
use crate::auth::Viewer;
use crate::auth::policy::{self, AuditReach};
use crate::auth::tokens::token_hash;
use crate::domain::AuditAction;
use crate::entities::audit_events;
use crate::entities::{memberships, users};
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;

/// Records `action` by `actor` on `subject`; `client` is hashed, never stored.
pub async fn record(
    db: &impl ConnectionTrait,
    action: AuditAction,
    actor: Option<i32>,
    subject: Option<i32>,
    client: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    audit_events::ActiveModel {
        at: Set(now),
        action: Set(action),
        actor_user_id: Set(actor),
        subject_user_id: Set(subject),
        client_hash: Set(client
            .filter(|c| !c.is_empty())
            .map(|c| token_hash(&format!("client:{c}")))),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Records `action` by `actor` on an object (`card`, `organisation` and its public id),
/// with a short non-personal detail (a reason code).
pub async fn record_about(
    db: &impl ConnectionTrait,
    action: AuditAction,
    actor: i32,
    object: (&str, uuid::Uuid),
    detail: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    audit_events::ActiveModel {
        at: Set(now),
        action: Set(action),
        actor_user_id: Set(Some(actor)),
        subject_user_id: Set(None),
        client_hash: Set(None),
        object_kind: Set(Some(object.0.to_owned())),
        object_id: Set(Some(object.1.to_string())),
        detail: Set(detail.map(str::to_owned)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// What an administrator may see: a platform admin every event; a municipal admin the
/// events about or by people who hold a role in one of their tenants; anyone else nothing.
pub fn reach(viewer: &Viewer) -> Result<AuditReach, ApiError> {
    policy::audit_reach(viewer).ok_or(ApiError::Forbidden(
        "Only municipal and platform administrators can read the audit log.",
    ))
}

/// The events within `reach` (see `reach`), newest first.
pub async fn search(
    db: &impl ConnectionTrait,
    reach: AuditReach,
    action: Option<AuditAction>,
    page: u32,
    per_page: u32,
) -> Result<AuditPage, ApiError> {
    if !(1..=100).contains(&per_page) {
        return Err(ApiError::field(
            "per_page",
            "out_of_range",
            "Must be between 1 and 100.",
        ));
    }
    if !(1..=10_000).contains(&page) {
        return Err(ApiError::field(
            "page",
            "out_of_range",
            "Must be between 1 and 10000.",
        ));
    }
    let mut q = audit_events::Entity::find().order_by_desc(audit_events::Column::Id);
    if let Some(a) = action {
        q = q.filter(audit_events::Column::Action.eq(a));
    }
    if let AuditReach::Tenants(tenants) = reach {
        let people: Vec<i32> = memberships::Entity::find()
            .filter(memberships::Column::TenantId.is_in(tenants))
            .all(db)
            .await?
            .into_iter()
            .map(|m| m.user_id)
            .collect();
        // About the tenant's people, or done by them (their decisions on cards and
        // organisations have no subject).
        q = q.filter(
            Condition::any()
                .add(audit_events::Column::SubjectUserId.is_in(people.clone()))
                .add(audit_events::Column::ActorUserId.is_in(people)),
        );
    }
    let paginator = q.paginate(db, u64::from(per_page));
    let total = paginator.num_items().await? as i64;
    let rows = paginator
        .fetch_page(u64::from(page.saturating_sub(1)))
        .await?;
    let ids: Vec<i32> = rows
        .iter()
        .flat_map(|r| [r.actor_user_id, r.subject_user_id])
        .flatten()
        .collect();
    let public: HashMap<i32, uuid::Uuid> = users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.public_id))
        .collect();
    Ok(AuditPage {
        items: rows
            .into_iter()
            .map(|r| AuditEvent {
                at: r.at,
                action: r.action,
                actor: r.actor_user_id.and_then(|i| public.get(&i).copied()),
                subject: r.subject_user_id.and_then(|i| public.get(&i).copied()),
            })
            .collect(),
        total,
        page,
        per_page,
    })
}
