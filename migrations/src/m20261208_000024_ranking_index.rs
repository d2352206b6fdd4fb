//! The ranking's candidates (issue 12): the published cards of a category of accredited
//! organisations are found from this index alone (no card row read); the rows are read
//! only for the cards that also cover the family's zone.
use sea_orm_migration::prelude::*;

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index(
            "service_cards",
            &["category_code", "status", "organisation_id", "id"],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_service_cards_category_code_status_organisation_id_id")
                .table("service_cards")
                .to_owned(),
        )
        .await
    }
}
