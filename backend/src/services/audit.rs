//! Appending to the audit log, inside the transaction of the action it records.
use crate::auth::tokens::token_hash;
use crate::entities::audit_events;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr};

/// What happened. Stable strings: they are searched and exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    SignedUp,
    EmailVerified,
    SignInSucceeded,
    SignInFailed,
    SignedOut,
    RefreshReuseDetected,
    PasswordResetRequested,
    PasswordResetCompleted,
    RoleGranted,
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
            Action::RefreshReuseDetected => "refresh_reuse_detected",
            Action::PasswordResetRequested => "password_reset_requested",
            Action::PasswordResetCompleted => "password_reset_completed",
            Action::RoleGranted => "role_granted",
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
