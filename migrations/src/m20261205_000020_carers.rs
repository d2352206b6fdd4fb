//! The carers' registry (issue 12): a person with the carer role applies with a
//! **profile** — roles (badante, colf, baby sitter), skills from the reference
//! vocabulary, languages with their level, zones, a week of free hours and how they work
//! (hourly, live-out, live-in), experience, references, a price — and the WeMi spaces'
//! operators and the city's reviewers take them through the **registry's steps**
//! (applied → interviewed → trained → listed → suspended), each step kept with its
//! operator, date and note. **Documents** (training certificates) are files in the
//! storage; a verified one is a badge families see. Only listed carers are matched.
use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("carers")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                // One registration a person; deleted with the account
                // (`delete_account`), its lists, steps and documents cascading.
                .col(integer_uniq("user_id"))
                // The city whose registry it is.
                .col(integer("tenant_id"))
                // The space that follows the application (interview, training).
                .col(integer_null("space_id"))
                .col(string("first_name"))
                .col(string_null("photo_key"))
                // Codes, comma-separated: carer roles; arrangements (hourly, live_out,
                // live_in).
                .col(string("roles"))
                .col(string("arrangements"))
                // The free hours: seven numbers, one a day from Monday, bit h = the hour
                // from h:00 (domain::week).
                .col(string("week"))
                .col(big_integer_null("hourly_cents"))
                .col(big_integer_null("monthly_cents"))
                .col(integer("experience_years"))
                // Seen by the operators only, never by families.
                .col(text("work_references"))
                .col(string("status"))
                .col(timestamp_with_time_zone("status_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("carers", "user_id", "users", "id", true))
                .foreign_key(&mut fk("carers", "tenant_id", "tenants", "id", false))
                .foreign_key(&mut fk("carers", "space_id", "spaces", "id", false))
                .take(),
        )
        .await?;
        m.create_index(index("carers", &["tenant_id", "status"]))
            .await?;

        m.create_table(
            Table::create()
                .table("carer_skills")
                .if_not_exists()
                .col(integer("carer_id"))
                .col(string("code"))
                .primary_key(Index::create().col("carer_id").col("code"))
                .foreign_key(&mut fk("carer_skills", "carer_id", "carers", "id", true))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("carer_languages")
                .if_not_exists()
                .col(integer("carer_id"))
                .col(string("code"))
                .col(string("level"))
                .primary_key(Index::create().col("carer_id").col("code"))
                .foreign_key(&mut fk("carer_languages", "carer_id", "carers", "id", true))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("carer_zones")
                .if_not_exists()
                .col(integer("carer_id"))
                .col(integer("zone_id"))
                .primary_key(Index::create().col("carer_id").col("zone_id"))
                .foreign_key(&mut fk("carer_zones", "carer_id", "carers", "id", true))
                .foreign_key(&mut fk("carer_zones", "zone_id", "zones", "id", false))
                .take(),
        )
        .await?;
        m.create_index(index("carer_zones", &["zone_id"])).await?;

        m.create_table(
            Table::create()
                .table("carer_steps")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("carer_id"))
                .col(string("action"))
                .col(string("from_status"))
                .col(string("to_status"))
                // The operator (accounts are anonymised, not removed, when deleted).
                .col(integer_null("operator_id"))
                .col(text_null("note"))
                .col(timestamp_with_time_zone("at"))
                .foreign_key(&mut fk("carer_steps", "carer_id", "carers", "id", true))
                .foreign_key(&mut fk("carer_steps", "operator_id", "users", "id", false))
                .take(),
        )
        .await?;
        m.create_index(index("carer_steps", &["carer_id", "at"]))
            .await?;

        m.create_table(
            Table::create()
                .table("carer_documents")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                .col(integer("carer_id"))
                .col(string("title"))
                .col(string("storage_key"))
                .col(string("content_type"))
                .col(big_integer("size_bytes"))
                .col(timestamp_with_time_zone_null("verified_at"))
                .col(integer_null("verified_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("carer_documents", "carer_id", "carers", "id", true))
                .foreign_key(&mut fk(
                    "carer_documents",
                    "verified_by",
                    "users",
                    "id",
                    false,
                ))
                .take(),
        )
        .await?;
        m.create_index(index("carer_documents", &["carer_id"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "carer_documents",
            "carer_steps",
            "carer_zones",
            "carer_languages",
            "carer_skills",
            "carers",
        ] {
            m.drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
