//! The `interaction_events` table: one row per interaction between a family and a
//! provider, without personal content (no person, no thread, no text).
use crate::domain::contact::{InteractionKind, Side};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "interaction_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub occurred_at: DateTimeUtc,
    pub kind: InteractionKind,
    pub tenant_id: i32,
    pub organisation_id: Option<i32>,
    pub category: Option<String>,
    pub zone_id: Option<i32>,
    pub card_id: Option<i32>,
    pub elapsed_secs: Option<i64>,
    pub in_time: Option<bool>,
    pub reason: Option<String>,
    pub side: Option<Side>,
    /// A step of a service for a group of families (shared form).
    pub shared: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
