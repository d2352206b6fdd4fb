//! The `card_versions` table: every version of a card's content.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "card_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub public_id: Uuid,
    pub card_id: i32,
    pub number: i32,
    pub status: crate::domain::workflow::VersionStatus,
    /// The content (`api::cards_admin::CardContent`) as JSON.
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_by: Option<i32>,
    pub updated_at: DateTimeUtc,
    pub submitted_by: Option<i32>,
    pub submitted_at: Option<DateTimeUtc>,
    pub decided_by: Option<i32>,
    pub decided_at: Option<DateTimeUtc>,
    /// The reviewer's comments (`api::cards_admin::ReviewComments`) as JSON.
    #[sea_orm(column_type = "Text", nullable)]
    pub review: Option<String>,
    /// The content the reviewer last sent back (kept when changes are requested: the
    /// provider then edits the version in place, and the resubmission is compared to it).
    #[sea_orm(column_type = "Text", nullable)]
    pub reviewed_content: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
