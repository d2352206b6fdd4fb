//! The `categories` table.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "categories")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub macro_area_code: String,
    pub name_it: String,
    pub name_en: String,
    #[sea_orm(column_type = "Text")]
    pub description_it: String,
    #[sea_orm(column_type = "Text")]
    pub description_en: String,
    pub requests_2017: i32,
    #[sea_orm(column_type = "Text")]
    pub synonyms: String,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
