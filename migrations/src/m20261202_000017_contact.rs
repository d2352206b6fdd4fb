//! Contact between families and providers (issue 11): a **request** (one message and a
//! coarse need, sent to up to ten cards) opens **one thread per organisation**; threads
//! hold messages (with attachments in the storage), **quotes** in versions with their
//! lines, the family's **counter-proposals**; accepting a quote makes the request's one
//! **order** (unique per request: two acceptances at once make exactly one); a confirmed
//! order may get one **review**, moderated by the city. **Interaction events** record
//! every step without personal content: the city's monitoring and the cards' measured
//! trust signals read those alone. **Idempotency keys** keep the first answer of a
//! creating POST, so a retried or double-clicked one never creates twice.
use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn unique(name: &str, table: &'static str, columns: &[&'static str]) -> IndexCreateStatement {
    let mut idx = Index::create();
    idx.name(name).table(table).unique();
    for c in columns {
        idx.col(*c);
    }
    idx.take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("contact_requests")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                // Null once the account is deleted (its side is anonymised).
                .col(integer_null("citizen_id"))
                .col(text("message"))
                .col(string("age_band"))
                .col(integer_null("zone_id"))
                .col(date_null("start_on"))
                .col(string("frequency"))
                .col(integer_null("hours_per_week"))
                .col(big_integer_null("budget_cents"))
                .col(string_null("budget_per"))
                .col(string_null("language"))
                .col(timestamp_with_time_zone("consent_at"))
                .col(string("status"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(
                    "contact_requests",
                    "citizen_id",
                    "users",
                    "id",
                    false,
                ))
                .foreign_key(&mut fk("contact_requests", "zone_id", "zones", "id", false))
                .take(),
        )
        .await?;
        m.create_index(index("contact_requests", &["citizen_id", "created_at"]))
            .await?;

        m.create_table(
            Table::create()
                .table("contact_threads")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                .col(integer("request_id"))
                .col(integer("organisation_id"))
                // The first card of this organisation the family picked (the others
                // are in contact_thread_cards): events and trust signals count on it.
                .col(integer("card_id"))
                .col(string("status"))
                .col(timestamp_with_time_zone("deadline_at"))
                .col(timestamp_with_time_zone_null("reminded_at"))
                .col(timestamp_with_time_zone_null("first_answer_at"))
                .col(timestamp_with_time_zone("last_message_at"))
                .col(string("last_side"))
                .col(timestamp_with_time_zone_null("family_read_at"))
                .col(timestamp_with_time_zone_null("provider_read_at"))
                .col(string_null("close_reason"))
                .col(string_null("decline_reason"))
                .col(text_null("decline_details"))
                .col(timestamp_with_time_zone_null("ended_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "contact_threads",
                    "request_id",
                    "contact_requests",
                    "id",
                    true,
                ))
                .foreign_key(&mut fk(
                    "contact_threads",
                    "organisation_id",
                    "organisations",
                    "id",
                    false,
                ))
                .foreign_key(&mut fk(
                    "contact_threads",
                    "card_id",
                    "service_cards",
                    "id",
                    false,
                ))
                .take(),
        )
        .await?;
        m.create_index(unique(
            "uq_contact_threads_request_organisation",
            "contact_threads",
            &["request_id", "organisation_id"],
        ))
        .await?;
        m.create_index(index(
            "contact_threads",
            &["organisation_id", "last_message_at"],
        ))
        .await?;
        m.create_index(index("contact_threads", &["status", "deadline_at"]))
            .await?;

        m.create_table(
            Table::create()
                .table("contact_thread_cards")
                .if_not_exists()
                .col(integer("thread_id"))
                .col(integer("card_id"))
                .primary_key(Index::create().col("thread_id").col("card_id"))
                .foreign_key(&mut fk(
                    "contact_thread_cards",
                    "thread_id",
                    "contact_threads",
                    "id",
                    true,
                ))
                .foreign_key(&mut fk(
                    "contact_thread_cards",
                    "card_id",
                    "service_cards",
                    "id",
                    false,
                ))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("thread_messages")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                .col(integer("thread_id"))
                .col(string("side"))
                .col(string("kind"))
                .col(integer_null("author_id"))
                .col(text("body"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "thread_messages",
                    "thread_id",
                    "contact_threads",
                    "id",
                    true,
                ))
                .foreign_key(&mut fk(
                    "thread_messages",
                    "author_id",
                    "users",
                    "id",
                    false,
                ))
                .take(),
        )
        .await?;
        m.create_index(index("thread_messages", &["thread_id", "id"]))
            .await?;

        m.create_table(
            Table::create()
                .table("message_attachments")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                .col(integer("thread_id"))
                // Null while uploaded and not yet sent with a message.
                .col(integer_null("message_id"))
                .col(integer_null("uploader_id"))
                .col(string("storage_key"))
                .col(string("filename"))
                .col(string("content_type"))
                .col(big_integer("size_bytes"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "message_attachments",
                    "thread_id",
                    "contact_threads",
                    "id",
                    true,
                ))
                .foreign_key(&mut fk(
                    "message_attachments",
                    "message_id",
                    "thread_messages",
                    "id",
                    true,
                ))
                .foreign_key(&mut fk(
                    "message_attachments",
                    "uploader_id",
                    "users",
                    "id",
                    false,
                ))
                .take(),
        )
        .await?;
        m.create_index(index("message_attachments", &["message_id"]))
            .await?;
        m.create_index(index("message_attachments", &["thread_id", "created_at"]))
            .await?;

        m.create_table(
            Table::create()
                .table("quotes")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                .col(integer("thread_id"))
                .col(integer("version"))
                .col(string("status"))
                .col(date("valid_until"))
                .col(date_null("start_on"))
                .col(text("notes"))
                // Voucher scheme codes the provider accepts, comma-separated.
                .col(string("vouchers").default(""))
                .col(big_integer("gross_cents"))
                .col(big_integer("net_cents"))
                .col(big_integer("vat_cents"))
                .col(big_integer_null("hourly_cents"))
                .col(integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "quotes",
                    "thread_id",
                    "contact_threads",
                    "id",
                    true,
                ))
                .foreign_key(&mut fk("quotes", "created_by", "users", "id", false))
                .take(),
        )
        .await?;
        m.create_index(unique(
            "uq_quotes_thread_version",
            "quotes",
            &["thread_id", "version"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("quote_lines")
                .if_not_exists()
                .col(integer("quote_id"))
                .col(integer("position"))
                .col(string("description"))
                .col(string("unit"))
                .col(big_integer("quantity_milli"))
                .col(big_integer("unit_price_cents"))
                .col(integer("vat_rate_bp"))
                .col(big_integer("gross_cents"))
                .col(big_integer("net_cents"))
                .col(big_integer("vat_cents"))
                .primary_key(Index::create().col("quote_id").col("position"))
                .foreign_key(&mut fk("quote_lines", "quote_id", "quotes", "id", true))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("counter_proposals")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                .col(integer("quote_id"))
                .col(integer("thread_id"))
                .col(big_integer_null("total_cents"))
                .col(date_null("start_on"))
                .col(text("schedule"))
                .col(text("message"))
                .col(string("status"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("answered_at"))
                // The version the provider's answer (acceptance or revision) made.
                .col(integer_null("answer_quote_id"))
                .foreign_key(&mut fk(
                    "counter_proposals",
                    "quote_id",
                    "quotes",
                    "id",
                    true,
                ))
                .foreign_key(&mut fk(
                    "counter_proposals",
                    "thread_id",
                    "contact_threads",
                    "id",
                    true,
                ))
                .take(),
        )
        .await?;
        m.create_index(index("counter_proposals", &["thread_id", "status"]))
            .await?;

        m.create_table(
            Table::create()
                .table("orders")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                .col(integer("request_id"))
                .col(integer("thread_id"))
                .col(integer("quote_id"))
                .col(integer("organisation_id"))
                .col(integer("card_id"))
                .col(integer_null("citizen_id"))
                .col(string("status"))
                .col(date_null("start_on"))
                .col(boolean("was_confirmed").default(false))
                .col(timestamp_with_time_zone_null("confirmed_at"))
                .col(timestamp_with_time_zone_null("cancelled_at"))
                .col(string_null("cancelled_by"))
                .col(string_null("cancel_reason"))
                .col(text_null("cancel_details"))
                .col(big_integer("total_cents"))
                .col(big_integer("vat_cents"))
                .col(string_null("voucher_scheme"))
                .col(big_integer("voucher_cents"))
                .col(big_integer("citizen_share_cents"))
                .col(integer("revision").default(1))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(
                    "orders",
                    "request_id",
                    "contact_requests",
                    "id",
                    true,
                ))
                .foreign_key(&mut fk(
                    "orders",
                    "thread_id",
                    "contact_threads",
                    "id",
                    true,
                ))
                .foreign_key(&mut fk("orders", "quote_id", "quotes", "id", false))
                .foreign_key(&mut fk(
                    "orders",
                    "organisation_id",
                    "organisations",
                    "id",
                    false,
                ))
                .foreign_key(&mut fk("orders", "card_id", "service_cards", "id", false))
                .foreign_key(&mut fk("orders", "citizen_id", "users", "id", false))
                .take(),
        )
        .await?;
        // One order per request: of two acceptances at the same time, the second
        // insert fails and its whole transaction rolls back.
        m.create_index(unique("uq_orders_request", "orders", &["request_id"]))
            .await?;
        m.create_index(index("orders", &["organisation_id", "created_at"]))
            .await?;
        m.create_index(index("orders", &["citizen_id", "created_at"]))
            .await?;

        m.create_table(
            Table::create()
                .table("reviews")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                .col(integer("order_id"))
                .col(integer("card_id"))
                .col(integer("organisation_id"))
                .col(integer("tenant_id"))
                .col(integer_null("author_id"))
                .col(small_integer("punctuality"))
                .col(small_integer("competence"))
                .col(small_integer("kindness"))
                .col(small_integer("value"))
                .col(text("body"))
                .col(string("status"))
                .col(timestamp_with_time_zone("created_at"))
                .col(integer_null("moderated_by"))
                .col(timestamp_with_time_zone_null("moderated_at"))
                .col(text_null("moderation_note"))
                .col(text_null("reply"))
                .col(timestamp_with_time_zone_null("replied_at"))
                .col(integer("reports").default(0))
                .foreign_key(&mut fk("reviews", "order_id", "orders", "id", true))
                .foreign_key(&mut fk("reviews", "card_id", "service_cards", "id", false))
                .foreign_key(&mut fk("reviews", "author_id", "users", "id", false))
                .take(),
        )
        .await?;
        m.create_index(unique("uq_reviews_order", "reviews", &["order_id"]))
            .await?;
        m.create_index(index("reviews", &["card_id", "status"]))
            .await?;
        m.create_index(index("reviews", &["tenant_id", "status", "created_at"]))
            .await?;

        m.create_table(
            Table::create()
                .table("interaction_events")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(timestamp_with_time_zone("occurred_at"))
                .col(string("kind"))
                .col(integer("tenant_id"))
                .col(integer_null("organisation_id"))
                .col(string_null("category"))
                .col(integer_null("zone_id"))
                .col(integer_null("card_id"))
                // Seconds since the thread opened (first answer) or since the request
                // (order); whether the first answer came before the deadline; a reason
                // code (decline, cancellation, closure); which side acted.
                .col(big_integer_null("elapsed_secs"))
                .col(boolean_null("in_time"))
                .col(string_null("reason"))
                .col(string_null("side"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "interaction_events",
            &["card_id", "kind", "occurred_at"],
        ))
        .await?;
        m.create_index(index(
            "interaction_events",
            &["organisation_id", "kind", "occurred_at"],
        ))
        .await?;
        m.create_index(index("interaction_events", &["tenant_id", "occurred_at"]))
            .await?;

        m.create_table(
            Table::create()
                .table("idempotency_keys")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(string("key"))
                .col(string("scope"))
                .col(string("request_hash"))
                .col(small_integer("status"))
                .col(text("body"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("idempotency_keys", "user_id", "users", "id", true))
                .take(),
        )
        .await?;
        m.create_index(unique(
            "uq_idempotency_keys_user_key",
            "idempotency_keys",
            &["user_id", "key"],
        ))
        .await?;
        m.create_index(index("idempotency_keys", &["created_at"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "idempotency_keys",
            "interaction_events",
            "reviews",
            "orders",
            "counter_proposals",
            "quote_lines",
            "quotes",
            "message_attachments",
            "thread_messages",
            "contact_thread_cards",
            "contact_threads",
            "contact_requests",
        ] {
            m.drop_table(Table::drop().table(t).if_exists().take())
                .await?;
        }
        Ok(())
    }
}
