//! The `quote_lines` table: the lines of a quote version, with their computed amounts.
use crate::domain::quote::QuoteUnit;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quote_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub quote_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    pub description: String,
    pub unit: QuoteUnit,
    pub quantity_milli: i64,
    pub unit_price_cents: i64,
    pub vat_rate_bp: i32,
    pub gross_cents: i64,
    pub net_cents: i64,
    pub vat_cents: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
