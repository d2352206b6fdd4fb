//! One-click unsubscribe (RFC 8058) for the saved searches' alert mails (issue 12): the
//! outbox keeps the address a mail's `List-Unsubscribe` header names (a signed link, so
//! it is forgotten with the body once the mail is sent). Other mails have none.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("outbox_emails")
                .add_column(text_null("unsubscribe_url"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("outbox_emails")
                .drop_column("unsubscribe_url")
                .to_owned(),
        )
        .await
    }
}
