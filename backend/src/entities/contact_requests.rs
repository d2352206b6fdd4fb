//! The `contact_requests` table: a family's message and coarse need, sent to up to ten
//! cards (one thread per organisation).
use crate::domain::contact::{AgeBand, BudgetPer, Frequency, RequestStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contact_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub public_id: Uuid,
    pub citizen_id: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub message: String,
    pub age_band: AgeBand,
    pub zone_id: Option<i32>,
    pub start_on: Option<Date>,
    pub frequency: Frequency,
    pub hours_per_week: Option<i32>,
    pub budget_cents: Option<i64>,
    pub budget_per: Option<BudgetPer>,
    pub language: Option<String>,
    pub consent_at: DateTimeUtc,
    pub status: RequestStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The group it was sent for (a service in shared form), if any.
    pub group_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
