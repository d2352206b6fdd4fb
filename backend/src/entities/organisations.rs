//! The `organisations` table.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub public_id: Uuid,
    pub tenant_id: i32,
    pub legal_name: String,
    pub legal_form: String,
    pub vat_number: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub accreditation_status: crate::domain::AccreditationStatus,
    /// Why the city last changed the accreditation (a suspension's reason).
    #[sea_orm(column_type = "Text", nullable)]
    pub accreditation_reason: Option<String>,
    pub is_consortium: bool,
    pub ati_id: Option<i32>,
    /// The languages spoken (ISO 639-1 codes) as a JSON array.
    #[sea_orm(column_type = "Text")]
    pub languages: String,
    /// The logo's key in the storage (`logos/<organisation>/<id>.png`).
    pub logo: Option<String>,
    /// The profile's revision: its `ETag`.
    pub revision: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
