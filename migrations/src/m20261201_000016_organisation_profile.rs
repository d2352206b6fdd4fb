//! The organisation's profile (issue 10): what its administrators say about it — the
//! languages spoken and a logo (the key of the file in the storage) beside the existing
//! description and contacts — and a revision, the `ETag` that every change of the profile
//! must send back (`If-Match`), so that two administrators never overwrite each other.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one column at a time.
        for col in [
            text("languages").default("[]").take(),
            string_null("logo").take(),
            integer("revision").default(1).take(),
        ] {
            let mut col = col;
            m.alter_table(
                Table::alter()
                    .table("organisations")
                    .add_column(&mut col)
                    .take(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in ["revision", "logo", "languages"] {
            m.alter_table(
                Table::alter()
                    .table("organisations")
                    .drop_column(col)
                    .take(),
            )
            .await?;
        }
        Ok(())
    }
}
