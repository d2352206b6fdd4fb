//! The `contact_threads` table: one organisation's side of a request.
use crate::domain::contact::{CloseReason, DeclineReason, Side, ThreadStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contact_threads")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub public_id: Uuid,
    pub request_id: i32,
    pub organisation_id: i32,
    pub card_id: i32,
    pub status: ThreadStatus,
    pub deadline_at: DateTimeUtc,
    pub reminded_at: Option<DateTimeUtc>,
    pub first_answer_at: Option<DateTimeUtc>,
    pub last_message_at: DateTimeUtc,
    pub last_side: Side,
    pub family_read_at: Option<DateTimeUtc>,
    pub provider_read_at: Option<DateTimeUtc>,
    pub close_reason: Option<CloseReason>,
    pub decline_reason: Option<DeclineReason>,
    #[sea_orm(column_type = "Text", nullable)]
    pub decline_details: Option<String>,
    pub ended_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
