//! Appending to the audit log, inside the transaction of the action it records.
use crate::api::audit::{AuditEvent, AuditPage};
use crate::api::auth::Role;
use crate::auth::guard;
use crate::auth::tokens::token_hash;
use crate::entities::audit_events;
use crate::entities::{memberships, users};
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;

/// What happened. Stable strings: they are searched and exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    SignedUp,
    EmailVerified,
    SignInSucceeded,
    SignInFailed,
    SignedOut,
    SessionEnded,
    RefreshReuseDetected,
    PasswordResetRequested,
    PasswordResetCompleted,
    PasswordChanged,
    RoleGranted,
    RoleRevoked,
    MembersRead,
    AccountExported,
    AccountDeleted,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::SignedUp => "signed_up",
            Action::EmailVerified => "email_verified",
            Action::SignInSucceeded => "sign_in_succeeded",
            Action::SignInFailed => "sign_in_failed",
            Action::SignedOut => "signed_out",
            Action::SessionEnded => "session_ended",
            Action::RefreshReuseDetected => "refresh_reuse_detected",
            Action::PasswordResetRequested => "password_reset_requested",
            Action::PasswordResetCompleted => "password_reset_completed",
            Action::PasswordChanged => "password_changed",
            Action::RoleGranted => "role_granted",
            Action::RoleRevoked => "role_revoked",
            Action::MembersRead => "members_read",
            Action::AccountExported => "account_exported",
            Action::AccountDeleted => "account_deleted",
        }
    }
}

/// Records `action` by `actor` on `subject`; `client` is hashed, never stored.
pub async fn record(
    db: &impl ConnectionTrait,
    action: Action,
    actor: Option<i32>,
    subject: Option<i32>,
    client: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    audit_events::ActiveModel {
        at: Set(now),
        action: Set(action.as_str().to_owned()),
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

pub const ACTIONS: [Action; 15] = [
    Action::SignedUp,
    Action::EmailVerified,
    Action::SignInSucceeded,
    Action::SignInFailed,
    Action::SignedOut,
    Action::SessionEnded,
    Action::RefreshReuseDetected,
    Action::PasswordResetRequested,
    Action::PasswordResetCompleted,
    Action::PasswordChanged,
    Action::RoleGranted,
    Action::RoleRevoked,
    Action::MembersRead,
    Action::AccountExported,
    Action::AccountDeleted,
];

/// What an administrator may see: a platform admin every event; a municipal admin the
/// events about people who hold a role in one of their tenants; anyone else nothing.
pub async fn search(
    db: &impl ConnectionTrait,
    viewer: &[memberships::Model],
    action: Option<&str>,
    page: u32,
    per_page: u32,
) -> Result<AuditPage, ApiError> {
    let platform = guard::holds(viewer, Role::PlatformAdmin);
    let tenants = guard::tenants_where(viewer, Role::MunicipalAdmin);
    if !platform && tenants.is_empty() {
        return Err(ApiError::Forbidden(
            "Only municipal and platform administrators can read the audit log.",
        ));
    }
    if let Some(a) = action
        && !ACTIONS.iter().any(|x| x.as_str() == a)
    {
        return Err(ApiError::field(
            "action",
            "unknown_value",
            "Unknown action.",
        ));
    }
    let mut q = audit_events::Entity::find().order_by_desc(audit_events::Column::Id);
    if let Some(a) = action {
        q = q.filter(audit_events::Column::Action.eq(a));
    }
    if !platform {
        let people: Vec<i32> = memberships::Entity::find()
            .filter(memberships::Column::TenantId.is_in(tenants))
            .all(db)
            .await?
            .into_iter()
            .map(|m| m.user_id)
            .collect();
        q = q.filter(Condition::all().add(audit_events::Column::SubjectUserId.is_in(people)));
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
