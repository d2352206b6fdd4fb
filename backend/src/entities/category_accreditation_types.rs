//! The `category_accreditation_types` table.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "category_accreditation_types")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub category_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub accreditation_type_code: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
