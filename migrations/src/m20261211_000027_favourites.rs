//! Favourites and saved searches (issue 12). A signed-in person keeps **favourites**:
//! service cards and listed carers, each at most once. A **saved search** is a search's
//! query string with a name; with `alert` on, the person is told at most once a day when
//! cards published after `checked_at` match it. The mail's one-click link to stop the
//! alert is signed over the search's public id and `link_generation`, which changes when
//! a link is used: each link works once. Both are erased with the account.
use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("favourites")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(integer_null("card_id"))
                .col(integer_null("carer_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("favourites", "user_id", "users", "id", true))
                .foreign_key(&mut fk(
                    "favourites",
                    "card_id",
                    "service_cards",
                    "id",
                    true,
                ))
                .foreign_key(&mut fk("favourites", "carer_id", "carers", "id", true))
                .take(),
        )
        .await?;
        // Each card and each carer once per person: a race of two saves ends in one row.
        m.create_index(index("favourites", &["user_id", "card_id"]).unique().take())
            .await?;
        m.create_index(
            index("favourites", &["user_id", "carer_id"])
                .unique()
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("saved_searches")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                .col(integer("user_id"))
                .col(string("name"))
                .col(string("query"))
                .col(boolean("alert").default(false))
                .col(integer("link_generation").default(0))
                .col(timestamp_with_time_zone("checked_at"))
                .col(timestamp_with_time_zone_null("alerted_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("saved_searches", "user_id", "users", "id", true))
                .take(),
        )
        .await?;
        // One saved search per query string and person.
        m.create_index(
            index("saved_searches", &["user_id", "query"])
                .unique()
                .take(),
        )
        .await?;
        m.create_index(index("saved_searches", &["alert", "alerted_at"]))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("saved_searches").to_owned())
            .await?;
        m.drop_table(Table::drop().table("favourites").to_owned())
            .await
    }
}
