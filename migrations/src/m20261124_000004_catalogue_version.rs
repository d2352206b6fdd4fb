//! A single counter bumped in the same transaction as any change to published cards, so
//! every instance's in-memory search index knows, with one primary-key read, whether it
//! is current.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("catalogue_version")
                .if_not_exists()
                .col(integer("id").primary_key())
                .col(big_integer("version"))
                .take(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared("INSERT INTO catalogue_version (id, version) VALUES (1, 1)")
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("catalogue_version").if_exists().take())
            .await
    }
}
