//! Accounts: people, their role memberships, refresh-token families, single-use e-mail
//! tokens (verification, password reset) and consents. Tokens are stored hashed.
use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("users")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                // Lower-cased; null for a person registered by an operator without e-mail.
                .col(string_null("email").unique_key())
                .col(timestamp_with_time_zone_null("email_verified_at"))
                .col(string_null("password_hash"))
                .col(string("display_name"))
                .col(string_len("language", 2))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                // Set when the person deleted the account: the row stays, anonymised.
                .col(timestamp_with_time_zone_null("deleted_at"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("memberships")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(string("role"))
                .col(integer_null("organisation_id"))
                .col(integer_null("space_id"))
                .col(integer_null("tenant_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("memberships", "user_id", "users", "id", true))
                .foreign_key(&mut fk(
                    "memberships",
                    "organisation_id",
                    "organisations",
                    "id",
                    true,
                ))
                .foreign_key(&mut fk("memberships", "tenant_id", "tenants", "id", true))
                .take(),
        )
        .await?;
        m.create_index(index("memberships", &["user_id"])).await?;
        m.create_table(
            Table::create()
                .table("refresh_tokens")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(uuid("family_id"))
                .col(string_uniq("token_hash"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("refresh_tokens", "user_id", "users", "id", true))
                .take(),
        )
        .await?;
        m.create_index(index("refresh_tokens", &["family_id"]))
            .await?;
        m.create_table(
            Table::create()
                .table("email_tokens")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(string("purpose"))
                // For an e-mail change: the address being confirmed.
                .col(string_null("new_email"))
                .col(string_uniq("token_hash"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("email_tokens", "user_id", "users", "id", true))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("consents")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(string("document"))
                .col(string("version"))
                .col(timestamp_with_time_zone("accepted_at"))
                .foreign_key(&mut fk("consents", "user_id", "users", "id", true))
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "consents",
            "email_tokens",
            "refresh_tokens",
            "memberships",
            "users",
        ] {
            m.drop_table(Table::drop().table(t).if_exists().take())
                .await?;
        }
        Ok(())
    }
}
