//! The transactional outbox: an e-mail to send is a row written in the same transaction as
//! the change that causes it; the mail worker delivers it (see `backend/src/mail`).
use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("outbox_emails")
                .if_not_exists()
                .col(pk_auto("id"))
                // Also the Message-ID: a retry sends the same message.
                .col(uuid_uniq("public_id"))
                .col(string("to_address"))
                .col(string("subject"))
                .col(text("body_text"))
                .col(text("body_html"))
                .col(integer("attempts"))
                .col(timestamp_with_time_zone("next_attempt_at"))
                // A worker claims a row until this time; another may take it after.
                .col(timestamp_with_time_zone_null("claimed_until"))
                .col(timestamp_with_time_zone_null("sent_at"))
                .col(string_null("last_error"))
                .col(timestamp_with_time_zone("created_at"))
                .take(),
        )
        .await?;
        m.create_index(index("outbox_emails", &["sent_at", "next_attempt_at"]))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("outbox_emails").if_exists().take())
            .await
    }
}
