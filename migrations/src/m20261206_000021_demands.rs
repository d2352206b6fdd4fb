//! Families' needs (issue 12): a **demand** says the kind of help (a service category or
//! a carer's role), the family's zone, the hours or living in, the start, a budget, the
//! language, the beneficiary in coarse terms (an age band, the autonomy) and the
//! **requirements** (skills or languages, each a must or a wish). Broad **conditions**
//! (special-category data) are kept only with the owner's explicit consent, in a table
//! of their own, and erased with it. Deleting the account deletes its demands.
use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("demands")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(uuid_uniq("public_id"))
                .col(integer("user_id"))
                .col(integer("tenant_id"))
                // Exactly one of the two: a catalogue category, or a carer role.
                .col(string_null("category_code"))
                .col(string_null("carer_role"))
                // The family's zone (a NIL, a Municipio or a comune).
                .col(integer("zone_id"))
                // Seven numbers, one a day from Monday, bit h = the hour from h:00.
                .col(string("week"))
                .col(string("arrangement"))
                .col(date_null("start_on"))
                .col(big_integer_null("budget_cents"))
                .col(string_null("budget_period"))
                .col(string_null("language"))
                .col(string("age_band"))
                .col(string("autonomy"))
                // When the owner consented to keeping the conditions (none: none kept).
                .col(timestamp_with_time_zone_null("conditions_consent_at"))
                .col(string("status"))
                .col(timestamp_with_time_zone("status_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("demands", "user_id", "users", "id", true))
                .foreign_key(&mut fk("demands", "tenant_id", "tenants", "id", false))
                .foreign_key(&mut fk("demands", "zone_id", "zones", "id", false))
                .take(),
        )
        .await?;
        m.create_index(index("demands", &["user_id", "created_at"]))
            .await?;
        m.create_index(index("demands", &["tenant_id", "status"]))
            .await?;

        m.create_table(
            Table::create()
                .table("demand_requirements")
                .if_not_exists()
                .col(integer("demand_id"))
                .col(integer("position"))
                .col(string("kind"))
                .col(string("code"))
                .col(boolean("must"))
                .primary_key(Index::create().col("demand_id").col("position"))
                .foreign_key(&mut fk(
                    "demand_requirements",
                    "demand_id",
                    "demands",
                    "id",
                    true,
                ))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("demand_conditions")
                .if_not_exists()
                .col(integer("demand_id"))
                .col(string("code"))
                .primary_key(Index::create().col("demand_id").col("code"))
                .foreign_key(&mut fk(
                    "demand_conditions",
                    "demand_id",
                    "demands",
                    "id",
                    true,
                ))
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["demand_conditions", "demand_requirements", "demands"] {
            m.drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
