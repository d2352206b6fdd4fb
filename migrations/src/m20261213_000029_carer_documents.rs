//! Carers' certificates (issue 12): each document says which kind of certificate it is
//! (`reference/matching.json`, `certificates`), and an operator of the registry
//! verifies or rejects it (`status`, with a note when rejected; `verified_at` and
//! `verified_by` hold when and by whom it was decided). Verified certificates are the
//! badges families see on a listed carer's profile.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column at a time: SQLite alters one thing per statement.
        m.alter_table(
            Table::alter()
                .table("carer_documents")
                .add_column(string("kind").default("other"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("carer_documents")
                .add_column(string("status").default("pending"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("carer_documents")
                .add_column(text_null("note"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for c in ["note", "status", "kind"] {
            m.alter_table(
                Table::alter()
                    .table("carer_documents")
                    .drop_column(c)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
