//! A family's need shared with a WeMi space (issue 12): the owner may let the operators of
//! one space of the need's municipality see it whole (the broad conditions included) and
//! help with it; `space_consent_at` is when they agreed. Sending none withdraws it. No
//! foreign key (SQLite cannot add one to an existing table): spaces are deactivated, never
//! deleted, and the services resolve the id through `spaces`.
use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("demands")
                .add_column(integer_null("space_id"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("demands")
                .add_column(timestamp_with_time_zone_null("space_consent_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("demands", &["space_id", "status"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_demands_space_id_status")
                .table("demands")
                .to_owned(),
        )
        .await?;
        for column in ["space_consent_at", "space_id"] {
            m.alter_table(
                Table::alter()
                    .table("demands")
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
