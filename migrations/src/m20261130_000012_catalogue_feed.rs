//! The catalogue's change feed: every write that changes what a card looks like in
//! search (published, changed, withdrawn) appends the card's id here, in the same
//! transaction, with a growing sequence number. Each instance's search index applies
//! what it has not seen yet, in order. `catalogue_feed` holds one id per database, so an
//! index built from another database (a restored backup, a test template) is rebuilt.
use sea_orm_migration::sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("catalogue_changes")
                .if_not_exists()
                .col(big_integer("seq").auto_increment().primary_key())
                .col(integer("card_id"))
                .col(timestamp_with_time_zone("at"))
                .take(),
        )
        .await?;
        m.create_index(index("catalogue_changes", &["at"])).await?;
        m.create_table(
            Table::create()
                .table("catalogue_feed")
                .if_not_exists()
                .col(integer("id").primary_key())
                .col(string("feed_id"))
                .take(),
        )
        .await?;
        let random = match m.get_database_backend() {
            DatabaseBackend::Postgres => "gen_random_uuid()::text",
            _ => "lower(hex(randomblob(16)))",
        };
        m.get_connection()
            .execute_unprepared(&format!(
                "INSERT INTO catalogue_feed (id, feed_id) VALUES (1, {random})"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["catalogue_feed", "catalogue_changes"] {
            m.drop_table(Table::drop().table(t).if_exists().take())
                .await?;
        }
        Ok(())
    }
}
