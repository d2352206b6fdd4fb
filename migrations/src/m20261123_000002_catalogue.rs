//! Organisations (providers and their ATI consortia) and service cards with every
//! field of the *scheda servizio*.
use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A child table of `service_cards` holding one code per row (recipients, places, vouchers).
fn card_codes(table: &'static str) -> TableCreateStatement {
    Table::create()
        .table(table)
        .if_not_exists()
        .col(integer("card_id"))
        .col(string("code"))
        .primary_key(Index::create().col("card_id").col("code"))
        .foreign_key(&mut fk(table, "card_id", "service_cards", "id", true))
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("organisations")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                .col(integer("tenant_id"))
                .col(string("legal_name"))
                .col(string("legal_form"))
                .col(string_uniq("vat_number"))
                .col(text("description"))
                .col(string_null("address"))
                .col(string_null("phone"))
                .col(string_null("email"))
                .col(string_null("website"))
                .col(string("accreditation_status"))
                .col(boolean("is_consortium"))
                .col(integer_null("ati_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(
                    "organisations",
                    "tenant_id",
                    "tenants",
                    "id",
                    false,
                ))
                .foreign_key(&mut fk(
                    "organisations",
                    "ati_id",
                    "organisations",
                    "id",
                    false,
                ))
                .take(),
        )
        .await?;
        m.create_index(index("organisations", &["ati_id"])).await?;
        m.create_table(
            Table::create()
                .table("organisation_accreditations")
                .if_not_exists()
                .col(integer("organisation_id"))
                .col(string("accreditation_type_code"))
                .primary_key(
                    Index::create()
                        .col("organisation_id")
                        .col("accreditation_type_code"),
                )
                .foreign_key(&mut fk(
                    "organisation_accreditations",
                    "organisation_id",
                    "organisations",
                    "id",
                    true,
                ))
                .foreign_key(&mut fk(
                    "organisation_accreditations",
                    "accreditation_type_code",
                    "accreditation_types",
                    "code",
                    false,
                ))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("service_cards")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                .col(integer("organisation_id"))
                .col(string("category_code"))
                .col(string("macro_area_code"))
                .col(string("accreditation_type_code"))
                .col(string("title"))
                .col(string("service_manager"))
                .col(text("needs_analysis"))
                .col(text("solution"))
                .col(text("activities"))
                .col(string_null("contact_phone"))
                .col(string_null("contact_email"))
                .col(integer("waiting_days_assessment"))
                .col(integer("waiting_days_activation"))
                .col(integer("waiting_days_total"))
                .col(boolean("quote_available"))
                .col(string("status"))
                .col(big_integer_null("min_price_cents"))
                // Normalised, accent-folded, Italian-stemmed tokens (`domain::text`), written
                // with the card; the search index is built from them.
                .col(text("search_title"))
                .col(text("search_body"))
                .col(timestamp_with_time_zone_null("published_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(
                    "service_cards",
                    "organisation_id",
                    "organisations",
                    "id",
                    false,
                ))
                .foreign_key(&mut fk(
                    "service_cards",
                    "category_code",
                    "categories",
                    "code",
                    false,
                ))
                .foreign_key(&mut fk(
                    "service_cards",
                    "accreditation_type_code",
                    "accreditation_types",
                    "code",
                    false,
                ))
                .take(),
        )
        .await?;
        for cols in [
            &["status", "category_code"][..],
            &["status", "macro_area_code"][..],
            &["status", "min_price_cents"][..],
            &["status", "waiting_days_total"][..],
            &["organisation_id"][..],
        ] {
            m.create_index(index("service_cards", cols)).await?;
        }

        for t in ["card_recipients", "card_delivery_places", "card_vouchers"] {
            m.create_table(card_codes(t)).await?;
            m.create_index(index(t, &["code", "card_id"])).await?;
        }
        m.create_table(
            Table::create()
                .table("card_zones")
                .if_not_exists()
                .col(integer("card_id"))
                .col(integer("zone_id"))
                .primary_key(Index::create().col("card_id").col("zone_id"))
                .foreign_key(&mut fk(
                    "card_zones",
                    "card_id",
                    "service_cards",
                    "id",
                    true,
                ))
                .foreign_key(&mut fk("card_zones", "zone_id", "zones", "id", false))
                .take(),
        )
        .await?;
        m.create_index(index("card_zones", &["zone_id", "card_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table("card_contact_hours")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("card_id"))
                .col(small_integer("weekday"))
                .col(string_len("opens", 5))
                .col(string_len("closes", 5))
                .foreign_key(&mut fk(
                    "card_contact_hours",
                    "card_id",
                    "service_cards",
                    "id",
                    true,
                ))
                .take(),
        )
        .await?;
        m.create_index(index("card_contact_hours", &["card_id"]))
            .await?;
        m.create_table(
            Table::create()
                .table("card_staff")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("card_id"))
                .col(string("kind"))
                .col(integer("headcount"))
                .col(string("qualification"))
                .col(integer("years_experience"))
                .col(boolean("references_available"))
                .col(string_null("supplier"))
                .foreign_key(&mut fk(
                    "card_staff",
                    "card_id",
                    "service_cards",
                    "id",
                    true,
                ))
                .take(),
        )
        .await?;
        m.create_index(index("card_staff", &["card_id"])).await?;
        m.create_table(
            Table::create()
                .table("card_prices")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("card_id"))
                .col(string("unit_code"))
                .col(big_integer("price_cents"))
                .col(integer("vat_rate_bp"))
                .col(string_null("label"))
                .col(boolean("is_package"))
                .col(integer("position"))
                .foreign_key(&mut fk(
                    "card_prices",
                    "card_id",
                    "service_cards",
                    "id",
                    true,
                ))
                .take(),
        )
        .await?;
        m.create_index(index("card_prices", &["card_id"])).await?;
        m.create_index(index("card_prices", &["unit_code", "price_cents"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "card_prices",
            "card_staff",
            "card_contact_hours",
            "card_zones",
            "card_vouchers",
            "card_delivery_places",
            "card_recipients",
            "service_cards",
            "organisation_accreditations",
            "organisations",
        ] {
            m.drop_table(Table::drop().table(t).if_exists().take())
                .await?;
        }
        Ok(())
    }
}
