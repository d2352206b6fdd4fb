//! Offering a group to a listed carer (issue 12): a match opened by a member **for a
//! group** its need has joined (`matches.group_id`) asks the carer for the group's joint
//! week; its events say `shared`, and its acceptance is the group's one agreement (as an
//! order with a provider would be). A family's need may have both its own match with a
//! carer and one for its group: the unique key is the need, the carer and the group (none
//! counting as 0), an index on an expression both databases take.
use sea_orm_migration::{prelude::*, schema::*};

use sea_orm_migration::sea_orm::DatabaseBackend;

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("matches")
                .add_column(integer_null("group_id"))
                .to_owned(),
        )
        .await?;
        // SQLite cannot add a foreign key to a table; groups are never deleted (a group
        // ends `closed`). PostgreSQL checks it.
        if m.get_database_backend() == DatabaseBackend::Postgres {
            m.get_connection()
                .execute_unprepared(
                    "ALTER TABLE matches ADD CONSTRAINT fk_matches_group_id \
                     FOREIGN KEY (group_id) REFERENCES groups (id)",
                )
                .await?;
        }
        m.create_index(index("matches", &["group_id"])).await?;
        m.drop_index(
            Index::drop()
                .name("idx_matches_demand_id_carer_id")
                .table("matches")
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX idx_matches_demand_carer_group \
                 ON matches (demand_id, carer_id, COALESCE(group_id, 0))",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared("DROP INDEX idx_matches_demand_carer_group")
            .await?;
        m.create_index(index("matches", &["demand_id", "carer_id"]).unique().take())
            .await?;
        m.drop_index(
            Index::drop()
                .name("idx_matches_group_id")
                .table("matches")
                .to_owned(),
        )
        .await?;
        if m.get_database_backend() == DatabaseBackend::Postgres {
            m.get_connection()
                .execute_unprepared("ALTER TABLE matches DROP CONSTRAINT fk_matches_group_id")
                .await?;
        }
        m.alter_table(
            Table::alter()
                .table("matches")
                .drop_column("group_id")
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
