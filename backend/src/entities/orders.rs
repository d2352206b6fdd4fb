//! The `orders` table: the activation made by accepting a quote (one per request).
use crate::domain::contact::Side;
use crate::domain::order::{CancelReason, OrderStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub public_id: Uuid,
    pub request_id: i32,
    pub thread_id: i32,
    pub quote_id: i32,
    pub organisation_id: i32,
    pub card_id: i32,
    pub citizen_id: Option<i32>,
    pub status: OrderStatus,
    pub start_on: Option<Date>,
    pub was_confirmed: bool,
    pub confirmed_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub cancelled_by: Option<Side>,
    pub cancel_reason: Option<CancelReason>,
    #[sea_orm(column_type = "Text", nullable)]
    pub cancel_details: Option<String>,
    pub total_cents: i64,
    pub vat_cents: i64,
    pub voucher_scheme: Option<String>,
    pub voucher_cents: i64,
    pub citizen_share_cents: i64,
    pub revision: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
