//! Invitations to a role (staff of a provider, reviewers of a tenant…): an expiring,
//! single-use link bound to one e-mail address; the token is stored hashed.
use sea_orm_migration::{prelude::*, schema::*};

use crate::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("invitations")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                .col(string_uniq("token_hash"))
                .col(string("email"))
                .col(string("role"))
                .col(integer_null("organisation_id"))
                .col(integer_null("tenant_id"))
                .col(integer("invited_by"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("accepted_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "invitations",
                    "organisation_id",
                    "organisations",
                    "id",
                    true,
                ))
                .foreign_key(&mut fk("invitations", "tenant_id", "tenants", "id", true))
                .foreign_key(&mut fk("invitations", "invited_by", "users", "id", true))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("invitations").if_exists().take())
            .await
    }
}
