//! The `audit_events` table (append-only).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub at: DateTimeUtc,
    pub action: crate::domain::AuditAction,
    pub actor_user_id: Option<i32>,
    pub subject_user_id: Option<i32>,
    pub client_hash: Option<String>,
    /// What the event is about (`card`, `organisation`) and its public id.
    pub object_kind: Option<String>,
    pub object_id: Option<String>,
    /// A short, non-personal detail (a reason code).
    pub detail: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
