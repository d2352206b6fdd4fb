//! The `zones` table.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "zones")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub tenant_id: i32,
    pub code: String,
    pub kind: crate::domain::ZoneKind,
    pub name: String,
    pub parent_id: Option<i32>,
    pub municipio_id: Option<i32>,
    pub number: Option<i32>,
    pub istat: Option<String>,
    pub population: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
