//! Firm ground for the write-heavy features:
//!
//! - `jobs`: one home for background work (mail delivery, work done after answering,
//!   recurring clean-ups), with leases, retries and backoff. The outbox keeps the mail
//!   itself; its delivery bookkeeping (attempts, claims, errors) moves to its job.
//! - `memberships.public_id` (the web app refers to a membership by id, not by position)
//!   and `memberships.scope_key` with a unique (person, role, scope): a role is held once
//!   in a place, even when two grants race.
//! - `email_tokens.signup_*`: the credentials of the sign-up a verification link belongs
//!   to, so that confirming an address activates only the sign-up whose link was used.
use sea_orm_migration::sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A membership's scope as one comparable key: `s:<space>`, `o:<organisation>`,
/// `t:<tenant>` or empty (citizen, carer, platform admin).
const SCOPE_KEY: &str = "CASE WHEN space_id IS NOT NULL THEN 's:' || space_id \
     WHEN organisation_id IS NOT NULL THEN 'o:' || organisation_id \
     WHEN tenant_id IS NOT NULL THEN 't:' || tenant_id ELSE '' END";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        let pg = m.get_database_backend() == DatabaseBackend::Postgres;
        m.create_table(
            Table::create()
                .table("jobs")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(string("kind"))
                .col(text("payload"))
                // At most one live job per key (recurring jobs, per-object deadlines).
                .col(string_null("unique_key").unique_key())
                // Recurring: run again this many seconds after each success.
                .col(integer_null("every_secs"))
                .col(timestamp_with_time_zone("run_at"))
                .col(integer("attempts").default(0))
                .col(integer("max_attempts"))
                // A runner owns a claimed job until then; another may take it after.
                .col(timestamp_with_time_zone_null("lease_until"))
                .col(string_null("lease_owner"))
                .col(string_null("last_error"))
                .col(timestamp_with_time_zone_null("done_at"))
                .col(timestamp_with_time_zone_null("failed_at"))
                .col(timestamp_with_time_zone("created_at"))
                .take(),
        )
        .await?;
        m.create_index(index("jobs", &["done_at", "failed_at", "run_at"]))
            .await?;

        // Unsent mail becomes a delivery job; the outbox keeps only the message.
        c.execute_unprepared(
            "INSERT INTO jobs (kind, payload, run_at, attempts, max_attempts, created_at) \
             SELECT 'deliver_mail', '{\"mail_id\":' || id || '}', next_attempt_at, attempts, 16, created_at \
             FROM outbox_emails WHERE sent_at IS NULL",
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("idx_outbox_emails_sent_at_next_attempt_at")
                .table("outbox_emails")
                .to_owned(),
        )
        .await?;
        for col in ["attempts", "next_attempt_at", "claimed_until", "last_error"] {
            c.execute_unprepared(&format!("ALTER TABLE outbox_emails DROP COLUMN {col}"))
                .await?;
        }
        m.create_index(index("outbox_emails", &["to_address"]))
            .await?;

        // Memberships: a public id and one row per (person, role, scope).
        c.execute_unprepared(if pg {
            "ALTER TABLE memberships ADD COLUMN public_id UUID NULL"
        } else {
            "ALTER TABLE memberships ADD COLUMN public_id BLOB NULL"
        })
        .await?;
        c.execute_unprepared(if pg {
            "UPDATE memberships SET public_id = gen_random_uuid()"
        } else {
            "UPDATE memberships SET public_id = randomblob(16)"
        })
        .await?;
        c.execute_unprepared(
            "ALTER TABLE memberships ADD COLUMN scope_key VARCHAR(40) NOT NULL DEFAULT ''",
        )
        .await?;
        c.execute_unprepared(&format!("UPDATE memberships SET scope_key = {SCOPE_KEY}"))
            .await?;
        c.execute_unprepared(
            "DELETE FROM memberships WHERE id NOT IN \
             (SELECT MIN(id) FROM memberships GROUP BY user_id, role, scope_key)",
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_memberships_public_id")
                .table("memberships")
                .col("public_id")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_memberships_user_role_scope")
                .table("memberships")
                .col("user_id")
                .col("role")
                .col("scope_key")
                .unique()
                .to_owned(),
        )
        .await?;

        // The credentials of the sign-up a verification link belongs to.
        for (col, ty) in [
            ("signup_password_hash", "VARCHAR(255)"),
            ("signup_display_name", "VARCHAR(255)"),
            ("signup_language", "VARCHAR(2)"),
            ("signup_role", "VARCHAR(40)"),
            ("signup_privacy_version", "VARCHAR(20)"),
        ] {
            c.execute_unprepared(&format!(
                "ALTER TABLE email_tokens ADD COLUMN {col} {ty} NULL"
            ))
            .await?;
        }
        m.create_index(index("email_tokens", &["user_id", "purpose"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        let pg = m.get_database_backend() == DatabaseBackend::Postgres;
        m.drop_index(
            Index::drop()
                .name("idx_email_tokens_user_id_purpose")
                .table("email_tokens")
                .to_owned(),
        )
        .await?;
        for col in [
            "signup_password_hash",
            "signup_display_name",
            "signup_language",
            "signup_role",
            "signup_privacy_version",
        ] {
            c.execute_unprepared(&format!("ALTER TABLE email_tokens DROP COLUMN {col}"))
                .await?;
        }
        for name in ["uq_memberships_user_role_scope", "uq_memberships_public_id"] {
            m.drop_index(Index::drop().name(name).table("memberships").to_owned())
                .await?;
        }
        c.execute_unprepared("ALTER TABLE memberships DROP COLUMN scope_key")
            .await?;
        c.execute_unprepared("ALTER TABLE memberships DROP COLUMN public_id")
            .await?;
        m.drop_index(
            Index::drop()
                .name("idx_outbox_emails_to_address")
                .table("outbox_emails")
                .to_owned(),
        )
        .await?;
        let ts = if pg { "TIMESTAMPTZ" } else { "TIMESTAMP" };
        for sql in [
            "ALTER TABLE outbox_emails ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0".to_owned(),
            format!(
                "ALTER TABLE outbox_emails ADD COLUMN next_attempt_at {ts} NOT NULL DEFAULT CURRENT_TIMESTAMP"
            ),
            format!("ALTER TABLE outbox_emails ADD COLUMN claimed_until {ts} NULL"),
            "ALTER TABLE outbox_emails ADD COLUMN last_error VARCHAR(255) NULL".to_owned(),
        ] {
            c.execute_unprepared(&sql).await?;
        }
        m.create_index(index("outbox_emails", &["sent_at", "next_attempt_at"]))
            .await?;
        m.drop_table(Table::drop().table("jobs").if_exists().take())
            .await
    }
}
