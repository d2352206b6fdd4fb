//! The `counter_proposals` table: the family's answer to a quote (a price or a schedule).
use crate::domain::quote::CounterStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "counter_proposals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub public_id: Uuid,
    pub quote_id: i32,
    pub thread_id: i32,
    pub total_cents: Option<i64>,
    pub start_on: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub schedule: String,
    #[sea_orm(column_type = "Text")]
    pub message: String,
    pub status: CounterStatus,
    pub created_at: DateTimeUtc,
    pub answered_at: Option<DateTimeUtc>,
    pub answer_quote_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
