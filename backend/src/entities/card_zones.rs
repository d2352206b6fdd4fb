//! The `card_zones` table.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "card_zones")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub card_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub zone_id: i32,
    /// The card's category, kept here for the ranking's candidates (migration 000031).
    pub category_code: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
