//! Citizens' reports about a published card (issue 10): anyone may say a card is wrong
//! or outdated, without an account. A report holds a reason from a list and the text the
//! person wrote, never who they are; it goes to the card's organisation and to the city's
//! reviewers, and whoever resolves it is recorded (and audited).
//!
//! Also: when the provider was last reminded to verify a card (a month before it shows as
//! not verified for a year), so that each verification gets one reminder; and why the
//! city last changed an organisation's accreditation (a suspension's reason).
use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("card_reports")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                .col(integer("card_id"))
                .col(string("reason"))
                .col(text("details"))
                .col(string("status"))
                .col(timestamp_with_time_zone("created_at"))
                .col(integer_null("resolved_by"))
                .col(timestamp_with_time_zone_null("resolved_at"))
                .col(string_null("outcome"))
                .col(text_null("resolution"))
                .foreign_key(&mut fk(
                    "card_reports",
                    "card_id",
                    "service_cards",
                    "id",
                    true,
                ))
                .foreign_key(&mut fk("card_reports", "resolved_by", "users", "id", false))
                .take(),
        )
        .await?;
        m.create_index(index("card_reports", &["card_id", "status"]))
            .await?;
        m.create_index(index("card_reports", &["status", "created_at"]))
            .await?;
        m.alter_table(
            Table::alter()
                .table("service_cards")
                .add_column(timestamp_with_time_zone_null("verify_reminded_at"))
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("organisations")
                .add_column(text_null("accreditation_reason"))
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("organisations")
                .drop_column("accreditation_reason")
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("service_cards")
                .drop_column("verify_reminded_at")
                .take(),
        )
        .await?;
        m.drop_table(Table::drop().table("card_reports").to_owned())
            .await
    }
}
