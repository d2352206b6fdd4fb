//! The `quotes` table: a provider's quote in a thread, one row per version.
use crate::domain::quote::QuoteStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quotes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub public_id: Uuid,
    pub thread_id: i32,
    pub version: i32,
    pub status: QuoteStatus,
    pub valid_until: Date,
    pub start_on: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub notes: String,
    /// Voucher scheme codes accepted, comma-separated.
    pub vouchers: String,
    pub gross_cents: i64,
    pub net_cents: i64,
    pub vat_cents: i64,
    pub hourly_cents: Option<i64>,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
