//! The `carers` table: a carer's registration and profile (issue 12).
use crate::domain::registry::RegistryStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "carers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub public_id: Uuid,
    pub user_id: i32,
    pub tenant_id: i32,
    pub space_id: Option<i32>,
    pub first_name: String,
    pub photo_key: Option<String>,
    /// Carer role codes, comma-separated.
    pub roles: String,
    /// Arrangement codes, comma-separated.
    pub arrangements: String,
    /// Seven numbers, comma-separated (`domain::week::Week::bits`).
    pub week: String,
    pub hourly_cents: Option<i64>,
    pub monthly_cents: Option<i64>,
    pub experience_years: i32,
    #[sea_orm(column_type = "Text")]
    pub work_references: String,
    pub status: RegistryStatus,
    pub status_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
