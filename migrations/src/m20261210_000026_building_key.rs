//! The pooling candidates read at 50,000 needs (issue 12's figure): a need's **building
//! key** (`domain::pooling::building_key` of the address as given: lower case, words of
//! letters and digits, one space apart) is kept beside the address, so the neighbours of
//! one building are found by an index, not by reading every need of the Municipio. The
//! existing addresses are keyed here with the same rule ([`building_key`], tested equal
//! to the domain's in the backend).
use sea_orm_migration::{prelude::*, schema::*, sea_orm::ConnectionTrait};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The building key of an address: the domain's rule, repeated here so that a migration
/// never depends on the application's code (which moves on).
pub fn building_key(address: &str) -> String {
    address
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("demands")
                .add_column(string_null("building_key"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("demands", &["tenant_id", "building_key"]))
            .await?;
        let c = m.get_connection();
        let rows = c
            .query_all(
                &Query::select()
                    .columns(["id", "building"])
                    .from("demands")
                    .and_where(Expr::col("building").is_not_null())
                    .to_owned(),
            )
            .await?;
        for row in rows {
            let id: i32 = row.try_get("", "id")?;
            let building: String = row.try_get("", "building")?;
            let key = building_key(&building);
            c.execute(
                &Query::update()
                    .table("demands")
                    .value("building_key", (!key.is_empty()).then_some(key))
                    .and_where(Expr::col("id").eq(id))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_demands_tenant_id_building_key")
                .table("demands")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("demands")
                .drop_column("building_key")
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
