//! The append-only audit log: sign-ins and their failures, role changes, exports,
//! deletions… Rows are never updated or deleted: both databases refuse it with a trigger.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE: &[&str] = &[
    "CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
];
const POSTGRES: &[&str] = &[
    "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$",
    "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("audit_events")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(timestamp_with_time_zone("at"))
                .col(string("action"))
                .col(integer_null("actor_user_id"))
                .col(integer_null("subject_user_id"))
                // SHA-256 of the client address: lets an admin correlate, shows no IP.
                .col(string_null("client_hash"))
                .take(),
        )
        .await?;
        m.create_index(index("audit_events", &["at"])).await?;
        m.create_index(index("audit_events", &["subject_user_id", "at"]))
            .await?;
        let statements = match m.get_database_backend() {
            DatabaseBackend::Postgres => POSTGRES,
            _ => SQLITE,
        };
        for sql in statements {
            m.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == DatabaseBackend::Postgres {
            m.get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS audit_events_append_only() CASCADE")
                .await?;
        }
        m.drop_table(Table::drop().table("audit_events").if_exists().take())
            .await
    }
}
