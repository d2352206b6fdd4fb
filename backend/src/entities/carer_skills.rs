//! The `carer_skills` table: a carer's skills (reference vocabulary codes).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "carer_skills")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub carer_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
