//! The `saved_searches` table: a person's named searches and their daily alert.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "saved_searches")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub public_id: Uuid,
    pub user_id: i32,
    pub name: String,
    /// The search's query string, without paging.
    pub query: String,
    pub alert: bool,
    /// Signed into the one-click links that stop the alert; changed when one is used.
    pub link_generation: i32,
    /// Cards published after this are new to the alert.
    pub checked_at: DateTimeUtc,
    pub alerted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
