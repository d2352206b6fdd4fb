//! The `carer_zones` table: where a carer works.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "carer_zones")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub carer_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub zone_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
