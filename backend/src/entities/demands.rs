//! The `demands` table: a family's need (issue 12).
use crate::domain::contact::AgeBand;
use crate::domain::demand::{Autonomy, DemandStatus};
use crate::domain::matching::{Arrangement, BudgetPeriod};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "demands")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub public_id: Uuid,
    pub user_id: i32,
    pub tenant_id: i32,
    pub category_code: Option<String>,
    pub carer_role: Option<String>,
    pub zone_id: i32,
    /// Seven numbers, comma-separated (`domain::week::Week::bits`).
    pub week: String,
    pub arrangement: Arrangement,
    pub start_on: Option<Date>,
    pub budget_cents: Option<i64>,
    pub budget_period: Option<BudgetPeriod>,
    pub language: Option<String>,
    pub age_band: AgeBand,
    pub autonomy: Autonomy,
    pub conditions_consent_at: Option<DateTimeUtc>,
    /// When the need was last looked at for new offers (the daily digest).
    pub digest_at: Option<DateTimeUtc>,
    /// Open to sharing one carer with neighbours (a group).
    pub sharing: bool,
    /// The building's address as given (trimmed): the owner's only.
    pub building: Option<String>,
    /// The building's key (`domain::pooling::stored_key`): how neighbours are found.
    pub building_key: Option<String>,
    /// The WeMi space whose operators may see the need (the owner's consent).
    pub space_id: Option<i32>,
    pub space_consent_at: Option<DateTimeUtc>,
    pub status: DemandStatus,
    pub status_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
