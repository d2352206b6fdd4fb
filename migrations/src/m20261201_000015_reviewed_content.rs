//! What a reviewer sent back (issue 10): when the city requests changes, the content it
//! reviewed is kept beside the version, so that the resubmission is shown to the reviewer
//! as a diff against what they reviewed (the provider edits the same version in place).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("card_versions")
                .add_column(text_null("reviewed_content"))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("card_versions")
                .drop_column("reviewed_content")
                .take(),
        )
        .await
    }
}
