//! The `demand_conditions` table: the beneficiary's broad conditions (special-category
//! data), kept only with the owner's consent and erased with it.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "demand_conditions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub demand_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
