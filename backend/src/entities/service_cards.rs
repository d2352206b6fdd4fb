//! The `service_cards` table.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_cards")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub public_id: Uuid,
    pub organisation_id: i32,
    pub category_code: String,
    pub macro_area_code: String,
    pub accreditation_type_code: String,
    pub title: String,
    pub service_manager: String,
    #[sea_orm(column_type = "Text")]
    pub needs_analysis: String,
    #[sea_orm(column_type = "Text")]
    pub solution: String,
    #[sea_orm(column_type = "Text")]
    pub activities: String,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub waiting_days_assessment: i32,
    pub waiting_days_activation: i32,
    pub waiting_days_total: i32,
    pub quote_available: bool,
    pub status: crate::domain::CardStatus,
    pub min_price_cents: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub search_title: String,
    #[sea_orm(column_type = "Text")]
    pub search_body: String,
    pub published_at: Option<DateTimeUtc>,
    /// ISO 639-1 codes, comma-separated.
    pub languages: String,
    /// `yes`, `no` or `unknown`.
    pub access_step_free: String,
    pub access_toilet: String,
    pub access_lift: String,
    pub last_verified_at: Option<DateTimeUtc>,
    /// When the provider was last reminded to verify the card (once per verification).
    pub verify_reminded_at: Option<DateTimeUtc>,
    /// Why the city took the card down.
    #[sea_orm(column_type = "Text", nullable)]
    pub status_reason: Option<String>,
    /// Bumped by every change to the card or its pending version: its `ETag`.
    pub revision: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
