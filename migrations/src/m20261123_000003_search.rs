//! Full-text search over service cards.
//!
//! The application writes `search_title`/`search_body` already normalised (lower case,
//! accents folded, Italian Snowball stems, stop words removed), so both databases index
//! the same tokens and answer the same way:
//! - SQLite: an FTS5 external-content table kept in sync by triggers;
//! - PostgreSQL: a generated, weighted `tsvector` column with a GIN index
//!   (`simple` configuration: the text is already stemmed).
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_UP: &[&str] = &[
    "CREATE VIRTUAL TABLE IF NOT EXISTS card_fts USING fts5(search_title, search_body, content='service_cards', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS card_fts_ai AFTER INSERT ON service_cards BEGIN INSERT INTO card_fts(rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body); END",
    "CREATE TRIGGER IF NOT EXISTS card_fts_ad AFTER DELETE ON service_cards BEGIN INSERT INTO card_fts(card_fts, rowid, search_title, search_body) VALUES ('delete', old.id, old.search_title, old.search_body); END",
    "CREATE TRIGGER IF NOT EXISTS card_fts_au AFTER UPDATE OF search_title, search_body ON service_cards BEGIN INSERT INTO card_fts(card_fts, rowid, search_title, search_body) VALUES ('delete', old.id, old.search_title, old.search_body); INSERT INTO card_fts(rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body); END",
];
const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS card_fts_au",
    "DROP TRIGGER IF EXISTS card_fts_ad",
    "DROP TRIGGER IF EXISTS card_fts_ai",
    "DROP TABLE IF EXISTS card_fts",
];
const PG_UP: &[&str] = &[
    "ALTER TABLE service_cards ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_body), 'B')) STORED",
    "CREATE INDEX IF NOT EXISTS idx_service_cards_search_vector ON service_cards USING GIN (search_vector)",
];
const PG_DOWN: &[&str] = &[
    "DROP INDEX IF EXISTS idx_service_cards_search_vector",
    "ALTER TABLE service_cards DROP COLUMN IF EXISTS search_vector",
];

async fn run(m: &SchemaManager<'_>, sqlite: &[&str], pg: &[&str]) -> Result<(), DbErr> {
    let statements = match m.get_database_backend() {
        DatabaseBackend::Sqlite => sqlite,
        DatabaseBackend::Postgres => pg,
        other => {
            return Err(DbErr::Migration(format!(
                "unsupported database backend {other:?}"
            )));
        }
    };
    let db = m.get_connection();
    for sql in statements {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        run(m, SQLITE_UP, PG_UP).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        run(m, SQLITE_DOWN, PG_DOWN).await
    }
}
