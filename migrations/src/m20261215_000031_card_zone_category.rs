//! The ranking's candidate cards at 100,000 cards (issue 12's figure): each zone row of a
//! card keeps the card's category, so "the cards of this category covering these zones"
//! is one range of one index (`zone_id, category_code, card_id`: about 800 entries for a
//! badante in a Municipio) instead of every card covering the zones (about 16,000) hashed
//! against every card of the category (about 5,000). The rows are written with the card's
//! children (`card_write::insert_children`), which a change of category of a live card
//! rewrites; the index replaces `zone_id, card_id`, its prefix.
use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("card_zones")
                .add_column(string("category_code").default(""))
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "UPDATE card_zones SET category_code = \
                 (SELECT s.category_code FROM service_cards s WHERE s.id = card_zones.card_id)",
            )
            .await?;
        m.create_index(index(
            "card_zones",
            &["zone_id", "category_code", "card_id"],
        ))
        .await?;
        m.drop_index(
            Index::drop()
                .name("idx_card_zones_zone_id_card_id")
                .table("card_zones")
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index("card_zones", &["zone_id", "card_id"]))
            .await?;
        m.drop_index(
            Index::drop()
                .name("idx_card_zones_zone_id_category_code_card_id")
                .table("card_zones")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("card_zones")
                .drop_column("category_code")
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
