//! Attempts counted for rate limits (sign-in, password reset), shared by every instance.
//! Keys are stored hashed: no e-mail address or IP in clear.
use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("rate_events")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(string("bucket"))
                .col(string("key_hash"))
                .col(timestamp_with_time_zone("at"))
                .take(),
        )
        .await?;
        m.create_index(index("rate_events", &["bucket", "key_hash", "at"]))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("rate_events").if_exists().take())
            .await
    }
}
