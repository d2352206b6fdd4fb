//! What the audit log records. Stable codes: they are searched and exported.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    ToSchema,
)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::None)",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
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
