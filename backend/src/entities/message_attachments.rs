//! The `message_attachments` table: files sent in a thread (kept in the storage under
//! `storage_key`); `message_id` is null between the upload and the message.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "message_attachments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub public_id: Uuid,
    pub thread_id: i32,
    pub message_id: Option<i32>,
    pub uploader_id: Option<i32>,
    pub storage_key: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
