//! Reference data: tenants, zones and the service taxonomy. The rows come from the
//! versioned files under `reference/`, loaded by the application (`domicilia migrate`).
use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("tenants")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(string_uniq("code"))
                .col(string("name"))
                .col(string("kind"))
                .col(integer_null("population"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("zones")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("tenant_id"))
                .col(string_uniq("code"))
                .col(string("kind"))
                .col(string("name"))
                .col(integer_null("parent_id"))
                .col(integer_null("municipio_id"))
                .col(integer_null("number"))
                .col(string_null("istat"))
                .col(integer_null("population"))
                .foreign_key(&mut fk("zones", "tenant_id", "tenants", "id", false))
                .foreign_key(&mut fk("zones", "parent_id", "zones", "id", false))
                .take(),
        )
        .await?;
        m.create_index(index("zones", &["municipio_id"])).await?;

        m.create_table(
            Table::create()
                .table("macro_areas")
                .if_not_exists()
                .col(string("code").primary_key())
                .col(string("name_it"))
                .col(string("name_en"))
                .col(text("description_it"))
                .col(text("description_en"))
                .col(integer("position"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("accreditation_types")
                .if_not_exists()
                .col(string("code").primary_key())
                .col(string("line_code"))
                .col(string("line_name_it"))
                .col(string("line_name_en"))
                .col(string("name_it"))
                .col(string("name_en"))
                .col(integer("position"))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("categories")
                .if_not_exists()
                .col(string("code").primary_key())
                .col(string("macro_area_code"))
                .col(string("name_it"))
                .col(string("name_en"))
                .col(text("description_it"))
                .col(text("description_en"))
                .col(integer("requests_2017"))
                .col(text("synonyms"))
                .col(integer("position"))
                .foreign_key(&mut fk(
                    "categories",
                    "macro_area_code",
                    "macro_areas",
                    "code",
                    false,
                ))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("category_accreditation_types")
                .if_not_exists()
                .col(string("category_code"))
                .col(string("accreditation_type_code"))
                .primary_key(
                    Index::create()
                        .col("category_code")
                        .col("accreditation_type_code"),
                )
                .foreign_key(&mut fk(
                    "category_accreditation_types",
                    "category_code",
                    "categories",
                    "code",
                    true,
                ))
                .foreign_key(&mut fk(
                    "category_accreditation_types",
                    "accreditation_type_code",
                    "accreditation_types",
                    "code",
                    true,
                ))
                .take(),
        )
        .await?;
        // Small controlled vocabularies: recipient groups, delivery places, price units,
        // voucher schemes, legal forms. `kind` says which.
        m.create_table(
            Table::create()
                .table("vocabulary_terms")
                .if_not_exists()
                .col(string("kind"))
                .col(string("code"))
                .col(string("name_it"))
                .col(string("name_en"))
                .col(text("description_it"))
                .col(text("description_en"))
                .col(integer("position"))
                .primary_key(Index::create().col("kind").col("code"))
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "vocabulary_terms",
            "category_accreditation_types",
            "categories",
            "accreditation_types",
            "macro_areas",
            "zones",
            "tenants",
        ] {
            m.drop_table(Table::drop().table(t).if_exists().take())
                .await?;
        }
        Ok(())
    }
}
