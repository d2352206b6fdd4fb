//! The `reviews` table: a family's review of an order, moderated by the city.
use crate::domain::review::ReviewStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reviews")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub public_id: Uuid,
    pub order_id: i32,
    pub card_id: i32,
    pub organisation_id: i32,
    pub tenant_id: i32,
    pub author_id: Option<i32>,
    pub punctuality: i16,
    pub competence: i16,
    pub kindness: i16,
    pub value: i16,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub status: ReviewStatus,
    pub created_at: DateTimeUtc,
    pub moderated_by: Option<i32>,
    pub moderated_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub moderation_note: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub reply: Option<String>,
    pub replied_at: Option<DateTimeUtc>,
    pub reports: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
