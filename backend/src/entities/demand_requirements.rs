//! The `demand_requirements` table: what a demand asks of the offer, each a must or a
//! wish, in the family's order.
use crate::domain::demand::RequirementKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "demand_requirements")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub demand_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    pub kind: RequirementKind,
    pub code: String,
    pub must: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
