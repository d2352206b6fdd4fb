//! An index on `orders.thread_id`: every thread summary (both inboxes, each request of
//! the family's list, the provider's export) asks for its thread's order, and `orders`
//! had indexes by request, organisation and citizen only — each list read the table
//! whole.
use sea_orm_migration::prelude::*;

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index("orders", &["thread_id"])).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_orders_thread_id")
                .table("orders")
                .to_owned(),
        )
        .await
    }
}
