//! Matches between a family's need and a listed carer (issue 12): one row per demand
//! and carer once either side reached out (the family contacted the carer, or the carer
//! said they are interested), with its status (`domain::registry::MatchStatus`), who
//! began, and its **messages** — the platform thread where the two talk without either
//! seeing the other's contact details. Deleting the demand or the carer's registration
//! deletes its matches.
use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("matches")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                .col(integer("demand_id"))
                .col(integer("carer_id"))
                .col(string("status"))
                // `family` or `carer`: who reached out first.
                .col(string("initiated_by"))
                .col(timestamp_with_time_zone("last_message_at"))
                .col(string("last_side"))
                .col(timestamp_with_time_zone_null("family_read_at"))
                .col(timestamp_with_time_zone_null("carer_read_at"))
                .col(timestamp_with_time_zone_null("accepted_at"))
                .col(timestamp_with_time_zone("status_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("matches", "demand_id", "demands", "id", true))
                .foreign_key(&mut fk("matches", "carer_id", "carers", "id", true))
                .take(),
        )
        .await?;
        // One match per need and carer: a second contact is the same conversation.
        m.create_index(index("matches", &["demand_id", "carer_id"]).unique().take())
            .await?;
        m.create_index(index("matches", &["carer_id", "last_message_at"]))
            .await?;

        m.create_table(
            Table::create()
                .table("match_messages")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                .col(integer("match_id"))
                .col(string("side"))
                .col(integer_null("author_id"))
                .col(text("body"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("match_messages", "match_id", "matches", "id", true))
                .foreign_key(&mut fk("match_messages", "author_id", "users", "id", false))
                .take(),
        )
        .await?;
        m.create_index(index("match_messages", &["match_id", "id"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["match_messages", "matches"] {
            m.drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
