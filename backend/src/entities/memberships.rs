//! The `memberships` table.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "memberships")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The membership's id in the API (the web app's role switcher refers to it).
    pub public_id: Uuid,
    pub user_id: i32,
    pub role: crate::domain::Role,
    pub organisation_id: Option<i32>,
    pub space_id: Option<i32>,
    pub tenant_id: Option<i32>,
    /// `s:<space>`, `o:<organisation>`, `t:<tenant>` or empty: unique with the person
    /// and the role, so a role is held once in a place.
    pub scope_key: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
