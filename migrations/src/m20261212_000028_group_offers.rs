//! Offering a group (issue 12): a family's request to providers can be sent **for a
//! group** its need has joined (`contact_requests.group_id`); its threads, quotes and
//! order are then the group's, and the order is a service delivered in shared form.
//! Interaction events say so with `shared` (nothing else of the group or its families):
//! the city's share of services delivered in shared form is counted on them alone.
use sea_orm_migration::{prelude::*, schema::*};

use sea_orm_migration::sea_orm::DatabaseBackend;

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column at a time: SQLite alters one thing per statement.
        m.alter_table(
            Table::alter()
                .table("contact_requests")
                .add_column(integer_null("group_id"))
                .to_owned(),
        )
        .await?;
        // SQLite cannot add a foreign key to a table; groups are never deleted (a group
        // ends `closed`), so there the column relies on that. PostgreSQL checks it.
        if m.get_database_backend() == DatabaseBackend::Postgres {
            m.get_connection()
                .execute_unprepared(
                    "ALTER TABLE contact_requests ADD CONSTRAINT fk_contact_requests_group_id \
                     FOREIGN KEY (group_id) REFERENCES groups (id)",
                )
                .await?;
        }
        m.create_index(index("contact_requests", &["group_id"]))
            .await?;
        m.alter_table(
            Table::alter()
                .table("interaction_events")
                .add_column(boolean("shared").default(false))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("interaction_events")
                .drop_column("shared")
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("idx_contact_requests_group_id")
                .table("contact_requests")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("contact_requests")
                .drop_column("group_id")
                .to_owned(),
        )
        .await
    }
}
