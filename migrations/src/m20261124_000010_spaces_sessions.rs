//! WeMi spaces (the physical places where operators listen, orient and act for people),
//! the space an invitation is for, and a coarse device label per session ("Firefox ·
//! Windows") so people can recognise and end their sessions.
//!
//! `memberships.space_id` exists since the accounts migration without a foreign key;
//! PostgreSQL gets foreign keys, SQLite (which cannot add one to an existing column, nor
//! drop a column that has one) gets triggers that refuse a space that does not exist. Spaces are never deleted.
use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A trigger that refuses a `space_id` naming no space (SQLite's stand-in for a foreign key).
macro_rules! space_guard {
    ($name:literal, $event:literal, $table:literal) => {
        concat!(
            "CREATE TRIGGER ", $name, " BEFORE ", $event, " ON ", $table,
            " WHEN NEW.space_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM spaces WHERE id = NEW.space_id)",
            " BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END"
        )
    };
}

const SQLITE: [&str; 6] = [
    "ALTER TABLE invitations ADD COLUMN space_id INTEGER NULL",
    "ALTER TABLE refresh_tokens ADD COLUMN device VARCHAR(80) NULL",
    space_guard!("memberships_space_insert", "INSERT", "memberships"),
    space_guard!(
        "memberships_space_update",
        "UPDATE OF space_id",
        "memberships"
    ),
    space_guard!("invitations_space_insert", "INSERT", "invitations"),
    space_guard!(
        "invitations_space_update",
        "UPDATE OF space_id",
        "invitations"
    ),
];

const POSTGRES: [&str; 3] = [
    "ALTER TABLE invitations ADD COLUMN space_id INTEGER NULL REFERENCES spaces(id) ON DELETE CASCADE",
    "ALTER TABLE refresh_tokens ADD COLUMN device VARCHAR(80) NULL",
    "ALTER TABLE memberships ADD CONSTRAINT fk_memberships_space_id FOREIGN KEY (space_id) REFERENCES spaces(id) ON DELETE CASCADE",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("spaces")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                .col(integer("tenant_id"))
                .col(string("name"))
                .col(string("address"))
                // The Municipio, NIL or comune the space is in.
                .col(integer_null("zone_id"))
                .col(string_null("phone"))
                .col(string_null("email"))
                .col(string_null("opening_hours"))
                .col(boolean("active").default(true))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("spaces", "tenant_id", "tenants", "id", true))
                .foreign_key(&mut fk("spaces", "zone_id", "zones", "id", false))
                .take(),
        )
        .await?;
        m.create_index(index("spaces", &["tenant_id"])).await?;
        let statements: &[&str] = match m.get_database_backend() {
            DatabaseBackend::Postgres => &POSTGRES,
            _ => &SQLITE,
        };
        for sql in statements {
            m.get_connection().execute_unprepared(sql).await?;
        }
        m.create_index(index("memberships", &["space_id"])).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        if m.get_database_backend() == DatabaseBackend::Postgres {
            c.execute_unprepared(
                "ALTER TABLE memberships DROP CONSTRAINT IF EXISTS fk_memberships_space_id",
            )
            .await?;
        } else {
            for t in [
                "memberships_space_insert",
                "memberships_space_update",
                "invitations_space_insert",
                "invitations_space_update",
            ] {
                c.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {t}"))
                    .await?;
            }
        }
        m.drop_index(
            Index::drop()
                .name("idx_memberships_space_id")
                .table("memberships")
                .to_owned(),
        )
        .await?;
        c.execute_unprepared("ALTER TABLE refresh_tokens DROP COLUMN device")
            .await?;
        c.execute_unprepared("ALTER TABLE invitations DROP COLUMN space_id")
            .await?;
        m.drop_table(Table::drop().table("spaces").if_exists().take())
            .await
    }
}
