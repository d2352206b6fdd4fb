//! Database migrations. Every migration runs on SQLite and PostgreSQL.
pub use sea_orm_migration::prelude::*;

mod m20261123_000001_reference;
mod m20261123_000002_catalogue;
mod m20261124_000004_catalogue_version;
mod m20261124_000005_outbox;
mod m20261124_000006_accounts;
mod m20261124_000007_rate_limits;
mod m20261124_000008_audit;
mod m20261124_000009_invitations;
mod m20261124_000010_spaces_sessions;
mod m20261129_000011_ground;
mod m20261130_000012_catalogue_feed;
mod m20261130_000013_card_workflow;
mod m20261130_000014_card_reports;
mod m20261201_000015_reviewed_content;
mod m20261201_000016_organisation_profile;
mod m20261202_000017_contact;
mod m20261203_000018_membership_organisation;
mod m20261204_000019_orders_thread;
mod m20261205_000020_carers;
mod m20261206_000021_demands;
mod m20261207_000022_matches;
mod m20261208_000023_demand_digest;
mod m20261208_000024_ranking_index;
mod m20261209_000025_groups;
pub mod m20261210_000026_building_key;
pub mod m20261211_000027_favourites;
pub mod m20261212_000028_group_offers;
pub mod m20261213_000029_carer_documents;
pub mod m20261214_000030_group_matches;
pub mod m20261215_000031_card_zone_category;
pub mod m20261216_000032_demand_space;
pub mod m20261217_000033_mail_unsubscribe;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_reference::Migration),
            Box::new(m20261123_000002_catalogue::Migration),
            Box::new(m20261124_000004_catalogue_version::Migration),
            Box::new(m20261124_000005_outbox::Migration),
            Box::new(m20261124_000006_accounts::Migration),
            Box::new(m20261124_000007_rate_limits::Migration),
            Box::new(m20261124_000008_audit::Migration),
            Box::new(m20261124_000009_invitations::Migration),
            Box::new(m20261124_000010_spaces_sessions::Migration),
            Box::new(m20261129_000011_ground::Migration),
            Box::new(m20261130_000012_catalogue_feed::Migration),
            Box::new(m20261130_000013_card_workflow::Migration),
            Box::new(m20261130_000014_card_reports::Migration),
            Box::new(m20261201_000015_reviewed_content::Migration),
            Box::new(m20261201_000016_organisation_profile::Migration),
            Box::new(m20261202_000017_contact::Migration),
            Box::new(m20261203_000018_membership_organisation::Migration),
            Box::new(m20261204_000019_orders_thread::Migration),
            Box::new(m20261205_000020_carers::Migration),
            Box::new(m20261206_000021_demands::Migration),
            Box::new(m20261207_000022_matches::Migration),
            Box::new(m20261208_000023_demand_digest::Migration),
            Box::new(m20261208_000024_ranking_index::Migration),
            Box::new(m20261209_000025_groups::Migration),
            Box::new(m20261210_000026_building_key::Migration),
            Box::new(m20261211_000027_favourites::Migration),
            Box::new(m20261212_000028_group_offers::Migration),
            Box::new(m20261213_000029_carer_documents::Migration),
            Box::new(m20261214_000030_group_matches::Migration),
            Box::new(m20261215_000031_card_zone_category::Migration),
            Box::new(m20261216_000032_demand_space::Migration),
            Box::new(m20261217_000033_mail_unsubscribe::Migration),
        ]
    }
}

/// A foreign key from `table.column` to `to_table.id`, cascading deletes when asked.
pub(crate) fn fk(
    table: &'static str,
    column: &'static str,
    to_table: &'static str,
    to_column: &'static str,
    cascade: bool,
) -> ForeignKeyCreateStatement {
    let mut key = ForeignKey::create();
    key.name(format!("fk_{table}_{column}"))
        .from(table, column)
        .to(to_table, to_column);
    if cascade {
        key.on_delete(ForeignKeyAction::Cascade);
    }
    key.take()
}

pub(crate) fn index(table: &'static str, columns: &[&'static str]) -> IndexCreateStatement {
    let mut idx = Index::create();
    idx.name(format!("idx_{table}_{}", columns.join("_")))
        .table(table)
        .if_not_exists();
    for c in columns {
        idx.col(*c);
    }
    idx.take()
}
