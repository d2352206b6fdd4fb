//! The `groups` table: families' needs pooled to share one carer (issue 12).
use crate::domain::pooling::{GroupStatus, Nearness};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "groups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub public_id: Uuid,
    pub tenant_id: i32,
    pub category_code: Option<String>,
    pub carer_role: Option<String>,
    /// The zone of the need it was proposed around.
    pub zone_id: i32,
    /// How near its members live (the farthest pair, as proposed).
    pub nearness: Nearness,
    /// The agreed rate per hour, in cents, if named.
    pub rate_cents: Option<i64>,
    pub status: GroupStatus,
    pub proposed_by: Option<i32>,
    pub status_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
