//! Providers keep their own cards and the city reviews them (issue 10):
//! - `card_versions`: every version of a card's *scheda* (its content as one JSON
//!   document), who wrote and submitted it, the review decision with its comments per
//!   field. The live version's content is also in `service_cards` and its child tables,
//!   which is what citizens, search and the card page read; approval writes it there.
//! - new card fields: the languages the staff speak, the accessibility of the premises,
//!   when the card was last verified, why the city took it down, and a revision number
//!   that every write to the card or its pending version increments (its `ETag`).
//! - `notifications`: the in-app notification centre (the same events also send e-mail
//!   through the outbox).
//! - the audit log names the object an event is about (a card, an organisation) and a
//!   short, non-personal detail (a reason code).
use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn add(table: &'static str, column: ColumnDef) -> TableAlterStatement {
    // One column per statement: SQLite adds one at a time.
    Table::alter().table(table).add_column(column).take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("card_versions")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                .col(integer("card_id"))
                .col(integer("number"))
                .col(string("status"))
                .col(text("content"))
                .col(integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(integer_null("updated_by"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(integer_null("submitted_by"))
                .col(timestamp_with_time_zone_null("submitted_at"))
                .col(integer_null("decided_by"))
                .col(timestamp_with_time_zone_null("decided_at"))
                // The reviewer's comments: {"comment": …, "fields": {"prices": …}}.
                .col(text_null("review"))
                .foreign_key(&mut fk(
                    "card_versions",
                    "card_id",
                    "service_cards",
                    "id",
                    true,
                ))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_card_versions_card_number")
                .table("card_versions")
                .col("card_id")
                .col("number")
                .unique()
                .take(),
        )
        .await?;
        m.create_index(index("card_versions", &["status", "submitted_at"]))
            .await?;

        for column in [
            // ISO 639-1 codes, comma-separated, in the order the provider gave them.
            string("languages").default("").to_owned(),
            string("access_step_free").default("unknown").to_owned(),
            string("access_toilet").default("unknown").to_owned(),
            string("access_lift").default("unknown").to_owned(),
            timestamp_with_time_zone_null("last_verified_at"),
            text_null("status_reason"),
            integer("revision").default(1).to_owned(),
        ] {
            let mut column = column;
            m.alter_table(add("service_cards", column.take())).await?;
        }
        m.get_connection()
            .execute_unprepared(
                "UPDATE service_cards SET last_verified_at = published_at WHERE published_at IS NOT NULL",
            )
            .await?;

        m.create_table(
            Table::create()
                .table("notifications")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                .col(integer("user_id"))
                .col(string("kind"))
                // What it is about: `card`, with the card's public id.
                .col(string("object_kind"))
                .col(string("object_id"))
                // Words for the message that are not personal data (a card's title).
                .col(text("params"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("read_at"))
                .foreign_key(&mut fk("notifications", "user_id", "users", "id", true))
                .take(),
        )
        .await?;
        m.create_index(index("notifications", &["user_id", "created_at"]))
            .await?;

        for column in [
            string_null("object_kind"),
            string_null("object_id"),
            string_null("detail"),
        ] {
            let mut column = column;
            m.alter_table(add("audit_events", column.take())).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["notifications", "card_versions"] {
            m.drop_table(Table::drop().table(t).if_exists().take())
                .await?;
        }
        for (table, column) in [
            ("service_cards", "languages"),
            ("service_cards", "access_step_free"),
            ("service_cards", "access_toilet"),
            ("service_cards", "access_lift"),
            ("service_cards", "last_verified_at"),
            ("service_cards", "status_reason"),
            ("service_cards", "revision"),
            ("audit_events", "object_kind"),
            ("audit_events", "object_id"),
            ("audit_events", "detail"),
        ] {
            m.alter_table(Table::alter().table(table).drop_column(column).take())
                .await?;
        }
        Ok(())
    }
}
