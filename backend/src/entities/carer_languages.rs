//! The `carer_languages` table: the languages a carer speaks, with the level.
use crate::domain::matching::LanguageLevel;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "carer_languages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub carer_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub level: LanguageLevel,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
