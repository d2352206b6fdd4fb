//! Shared services (issue 12): a need can be open to **sharing** one carer with
//! neighbours, and may name its **building** (normalised street and number, seen only by
//! its owner, compared only for equality: neighbours in one building are the best
//! match). A **group** pools compatible needs: its kind and zone, the agreed rate per
//! hour, its status (`domain::pooling::GroupStatus`); its **members** are needs, invited
//! by the one who proposed the group, each joined, declined or gone. A need is a joined
//! member of one group at most (a partial unique index: a race of two joins ends in a
//! conflict, never in two groups). Deleting a need deletes its memberships.
use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column at a time: SQLite alters one thing per statement.
        m.alter_table(
            Table::alter()
                .table("demands")
                .add_column(boolean("sharing").default(false))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("demands")
                .add_column(string_null("building"))
                .to_owned(),
        )
        .await?;
        // The pooling candidates: open needs of a tenant open to sharing, by zone.
        m.create_index(index(
            "demands",
            &["tenant_id", "status", "sharing", "zone_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("groups")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                .col(integer("tenant_id"))
                .col(string_null("category_code"))
                .col(string_null("carer_role"))
                .col(integer("zone_id"))
                .col(string("nearness"))
                .col(big_integer_null("rate_cents"))
                .col(string("status"))
                .col(integer_null("proposed_by"))
                .col(timestamp_with_time_zone("status_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("groups", "tenant_id", "tenants", "id", false))
                .foreign_key(&mut fk("groups", "proposed_by", "users", "id", false))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("group_members")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("group_id"))
                .col(integer("demand_id"))
                .col(integer("position"))
                .col(string("status"))
                .col(timestamp_with_time_zone("status_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("group_members", "group_id", "groups", "id", true))
                .foreign_key(&mut fk("group_members", "demand_id", "demands", "id", true))
                .take(),
        )
        .await?;
        m.create_index(
            index("group_members", &["group_id", "demand_id"])
                .unique()
                .take(),
        )
        .await?;
        m.create_index(index("group_members", &["demand_id", "status"]))
            .await?;
        // The same SQL on SQLite and PostgreSQL.
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX IF NOT EXISTS uniq_group_members_joined \
                 ON group_members (demand_id) WHERE status = 'joined'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["group_members", "groups"] {
            m.drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        m.drop_index(
            Index::drop()
                .name("idx_demands_tenant_id_status_sharing_zone_id")
                .table("demands")
                .to_owned(),
        )
        .await?;
        for col in ["building", "sharing"] {
            m.alter_table(Table::alter().table("demands").drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
