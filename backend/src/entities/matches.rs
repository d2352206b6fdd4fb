//! The `matches` table: a family's need and a listed carer, once either side reached out
//! (issue 12).
use crate::domain::registry::{MatchSide, MatchStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "matches")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub public_id: Uuid,
    pub demand_id: i32,
    pub carer_id: i32,
    pub status: MatchStatus,
    pub initiated_by: MatchSide,
    pub last_message_at: DateTimeUtc,
    pub last_side: MatchSide,
    pub family_read_at: Option<DateTimeUtc>,
    pub carer_read_at: Option<DateTimeUtc>,
    pub accepted_at: Option<DateTimeUtc>,
    pub status_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    /// The group the family's member asked the carer for (its joint week), if any.
    pub group_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
