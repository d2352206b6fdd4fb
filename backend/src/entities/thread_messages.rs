//! The `thread_messages` table: what each side wrote in a thread, and the platform's
//! notices (a code, never personal content).
use crate::domain::contact::{MessageKind, Side};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "thread_messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub public_id: Uuid,
    pub thread_id: i32,
    pub side: Side,
    pub kind: MessageKind,
    pub author_id: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
