//! The `carer_documents` table: a carer's certificates, files in the storage.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "carer_documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub public_id: Uuid,
    pub carer_id: i32,
    pub title: String,
    pub storage_key: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub verified_at: Option<DateTimeUtc>,
    pub verified_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
