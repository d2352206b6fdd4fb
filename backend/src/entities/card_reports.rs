//! The `card_reports` table: citizens' reports about a card (no reporter is stored).
use crate::domain::report::{ReportOutcome, ReportReason, ReportStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "card_reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub public_id: Uuid,
    pub card_id: i32,
    pub reason: ReportReason,
    #[sea_orm(column_type = "Text")]
    pub details: String,
    pub status: ReportStatus,
    pub created_at: DateTimeUtc,
    pub resolved_by: Option<i32>,
    pub resolved_at: Option<DateTimeUtc>,
    pub outcome: Option<ReportOutcome>,
    #[sea_orm(column_type = "Text", nullable)]
    pub resolution: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
