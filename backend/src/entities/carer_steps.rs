//! The `carer_steps` table: the registry's steps of a carer, with operator and note.
use crate::domain::registry::{RegistryAction, RegistryStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "carer_steps")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub carer_id: i32,
    pub action: RegistryAction,
    pub from_status: RegistryStatus,
    pub to_status: RegistryStatus,
    pub operator_id: Option<i32>,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
