//! The `carer_documents` table: a carer's certificates, files in the storage.
use crate::domain::registry::DocumentStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "carer_documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub public_id: Uuid,
    pub carer_id: i32,
    /// The file's name as uploaded (cleaned).
    pub title: String,
    pub storage_key: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// When and by whom it was verified or rejected.
    pub verified_at: Option<DateTimeUtc>,
    pub verified_by: Option<i32>,
    pub created_at: DateTimeUtc,
    /// The kind of certificate (`certificates` of the matching vocabulary).
    pub kind: String,
    pub status: DocumentStatus,
    /// Why it was rejected.
    pub note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
