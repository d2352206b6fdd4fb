//! The daily digest of new offers for a need (issue 12): `digest_at` is when the need
//! was last looked at for offers published or listed since — the next digest waits a
//! day after it, and considers only what came after it.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("demands")
                .add_column(timestamp_with_time_zone_null("digest_at"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("demands")
                .drop_column("digest_at")
                .to_owned(),
        )
        .await
    }
}
