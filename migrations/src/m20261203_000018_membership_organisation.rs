//! An index on `memberships.organisation_id`: every request, message and quote tells the
//! organisation's staff (`staff_of`: its memberships by organisation and role), up to ten
//! times per request. Without it each lookup read the whole table — one row per account,
//! families included: with 10,000 families, 0.85 ms alone and ≈ 10 ms under load each,
//! and issue 11's request to 10 providers took p50 98 / p99 680 ms at 50 requests/s
//! (10 / 17 ms with the index; docs/benchmarks.md).
use sea_orm_migration::prelude::*;

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index("memberships", &["organisation_id"]))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_memberships_organisation_id")
                .table("memberships")
                .to_owned(),
        )
        .await
    }
}
