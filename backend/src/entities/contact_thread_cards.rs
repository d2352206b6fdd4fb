//! The `contact_thread_cards` table: the cards of one organisation a request named.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contact_thread_cards")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub thread_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub card_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
