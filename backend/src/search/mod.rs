//! The catalogue's search engine: a tantivy index of the published cards, on disk per
//! instance (`DOMICILIA_INDEX_DIR`), memory-mapped, kept up to date from the database's
//! change feed (`catalogue_changes`).
//!
//! - **Build**: a new instance (or an index of another schema version or database)
//!   indexes every published card, then follows the feed from where the build started.
//! - **Follow**: every half second, each instance applies the changes it has not seen
//!   (in sequence order): a changed card is deleted and, if still published, added
//!   again; the commit records the last applied sequence number, so a restart goes on
//!   from there. Searches keep using the previous reader until the commit is done: they
//!   are never blocked by indexing.
//! - **Search** (`query`): all words must match, each forgiving one or two typos
//!   (exact matches rank higher), with the synonym table's alternatives; when nothing
//!   matches them all, the best partial matches, marked as such, and a "did you mean"
//!   for a likely typo; filters, facets (each ignoring its own filter), sorts, pages,
//!   and the ranges of the matched words in each result's title and summary.
//! - **Suggestions** while typing: categories, providers and card titles.
use crate::db::Db;
use crate::reference::Reference;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use tantivy::directory::MmapDirectory;
use tantivy::tokenizer::{TextAnalyzer, WhitespaceTokenizer};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

pub mod analysis;
mod collect;
pub mod fields;
mod follow;
mod highlight;
mod listing;
mod query;
mod suggest;
mod vocabulary;

pub use query::Found;

use crate::services::cards::CardRows;
use fields::{Fields, SCHEMA_VERSION};

/// Cards loaded from the database per batch while building.
const BUILD_BATCH: usize = 2_000;
/// Changes applied per round while following.
const FOLLOW_BATCH: u64 = 2_000;
/// Changes older than this are pruned from the feed; an index that has not followed
/// for longer is rebuilt.
pub const FEED_DAYS: i64 = 7;
/// While changes keep coming, what is derived from the whole index (suggestions,
/// vocabulary, counts) is recomputed at most this often (the index itself follows every
/// half second); a change after a quiet spell is reflected at once.
pub const DERIVED_EVERY: std::time::Duration = std::time::Duration::from_secs(5);
/// Memory for the index writer (tantivy's minimum is 15 MB per thread).
const WRITER_MEMORY: usize = 20_000_000;

/// What an index's last commit says about it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Payload {
    schema: u32,
    feed_id: String,
    seq: i64,
    at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    pub cards: usize,
    pub seq: i64,
}

/// What is derived from the whole index after each commit: the vocabulary for "did you
/// mean", the suggestions, the catalogue's counts.
#[derive(Default)]
pub struct Derived {
    pub vocabulary: vocabulary::Vocabulary,
    pub suggestions: suggest::Suggestions,
    /// Published cards per category, macro area and accreditation type code.
    pub counts: HashMap<String, i64>,
}

pub struct Engine {
    reader: IndexReader,
    fields: Fields,
    writer: Mutex<IndexWriter>,
    /// One build or follow at a time (the writer is shared, the sequence must not run
    /// backwards).
    updating: tokio::sync::Mutex<()>,
    applied: RwLock<Payload>,
    derived: RwLock<Arc<Derived>>,
    /// Each published card's title and provider (for the suggestions' lists).
    listing: Mutex<listing::Listing>,
    dir: Option<PathBuf>,
    /// Searches running at once: one per core. More would only queue for the CPU
    /// while each holds its hits in memory; the others wait their turn here.
    running: tokio::sync::Semaphore,
}

#[derive(FromQueryResult)]
struct MaxSeq {
    seq: Option<i64>,
}

#[derive(FromQueryResult)]
struct FeedId {
    feed_id: String,
}

fn err(e: impl std::fmt::Display) -> DbErr {
    DbErr::Custom(format!("search index: {e}"))
}

async fn feed_state(db: &impl ConnectionTrait) -> Result<(String, i64), DbErr> {
    let backend = db.get_database_backend();
    let feed = FeedId::find_by_statement(sea_orm::Statement::from_string(
        backend,
        "SELECT feed_id FROM catalogue_feed WHERE id = 1",
    ))
    .one(db)
    .await?
    .map(|f| f.feed_id)
    .unwrap_or_default();
    let seq = MaxSeq::find_by_statement(sea_orm::Statement::from_string(
        backend,
        "SELECT MAX(seq) AS seq FROM catalogue_changes",
    ))
    .one(db)
    .await?
    .and_then(|m| m.seq)
    .unwrap_or(0);
    Ok((feed, seq))
}

impl Engine {
    /// Opens the index in `dir` (in memory with `None`, for tests and tools), builds it
    /// when it is new, of another version or another database, and catches up with the
    /// feed.
    pub async fn open(dir: Option<&Path>, db: &Db, r: &Arc<Reference>) -> Result<Arc<Self>, DbErr> {
        let (schema, fields) = fields::schema();
        let index = match dir {
            Some(d) => {
                std::fs::create_dir_all(d).map_err(err)?;
                let mmap = MmapDirectory::open(d).map_err(err)?;
                match Index::open_or_create(mmap, schema.clone()) {
                    Ok(i) => i,
                    // Another schema: start afresh.
                    Err(_) => {
                        std::fs::remove_dir_all(d).map_err(err)?;
                        std::fs::create_dir_all(d).map_err(err)?;
                        Index::create_in_dir(d, schema).map_err(err)?
                    }
                }
            }
            None => Index::create_in_ram(schema),
        };
        index.tokenizers().register(
            fields::TOKENIZER,
            TextAnalyzer::from(WhitespaceTokenizer::default()),
        );
        let writer = index
            .writer_with_num_threads(1, WRITER_MEMORY)
            .map_err(err)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            // No cache of decompressed stored blocks: a page reads at most 20 documents,
            // each block decompresses in microseconds, and the default cache (100
            // blocks of 16 KB per segment) held 10–15 MB at 100,000 cards.
            .doc_store_cache_num_blocks(0)
            .try_into()
            .map_err(err)?;
        let payload: Option<Payload> = index
            .load_metas()
            .ok()
            .and_then(|m| m.payload)
            .and_then(|p| serde_json::from_str(&p).ok());
        let engine = Arc::new(Self {
            reader,
            fields,
            writer: Mutex::new(writer),
            updating: tokio::sync::Mutex::new(()),
            applied: RwLock::new(payload.clone().unwrap_or(Payload {
                schema: 0,
                feed_id: String::new(),
                seq: 0,
                at: Utc::now(),
            })),
            derived: RwLock::new(Arc::new(Derived::default())),
            listing: Mutex::new(listing::Listing::default()),
            dir: dir.map(Path::to_owned),
            running: tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get()),
            ),
        });
        let (feed_id, max_seq) = feed_state(&**db).await?;
        // The same index version, database and history (a database restored to an
        // earlier state has a shorter feed), followed recently enough.
        let fresh = payload.is_some_and(|p| {
            p.schema == SCHEMA_VERSION
                && p.feed_id == feed_id
                && p.seq <= max_seq
                && Utc::now() - p.at < chrono::Duration::days(FEED_DAYS - 1)
        });
        if fresh {
            engine.load_listing(db, None).await?;
            engine.follow(db, r).await?;
            engine.refresh_derived(r).await?;
        } else {
            engine.rebuild(db, r).await?;
        }
        Ok(engine)
    }

    /// Runs a search, at most one per core at a time, on the worker thread that took
    /// the request. A search takes a few milliseconds of CPU (the query's length is
    /// bounded); handing it to tokio's blocking pool cost more than it saved: each
    /// worker's runtime grew its own pool of threads (18–21 threads under load instead
    /// of 12), each with its own allocator heap, and the p99 at 200 searches/s was no
    /// better (docs/benchmarks.md, issue 9).
    pub async fn search_in_turn(
        self: &Arc<Self>,
        p: crate::services::SearchParams,
        r: Arc<Reference>,
    ) -> Result<Found, String> {
        let _turn = self.running.acquire().await.map_err(|e| e.to_string())?;
        self.search(&p, &r)
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The last applied sequence number of the feed.
    pub fn applied_seq(&self) -> i64 {
        self.applied.read().map(|p| p.seq).unwrap_or(0)
    }

    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// How many cards the index holds.
    pub fn cards(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn derived(&self) -> Arc<Derived> {
        self.derived
            .read()
            .map(|d| Arc::clone(&d))
            .unwrap_or_default()
    }

    /// Runs index work (CPU and disk) off the async threads.
    async fn blocking<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&Engine) -> Result<T, DbErr> + Send + 'static,
    ) -> Result<T, DbErr> {
        let engine = Arc::clone(self);
        tokio::task::spawn_blocking(move || work(&engine))
            .await
            .map_err(err)?
    }

    /// Commits what the writer holds with `payload`, then makes it visible.
    async fn commit(self: &Arc<Self>, payload: Payload) -> Result<(), DbErr> {
        let text = serde_json::to_string(&payload).map_err(err)?;
        self.blocking(move |e| {
            let mut w = e.writer.lock().map_err(err)?;
            let mut prepared = w.prepare_commit().map_err(err)?;
            prepared.set_payload(&text);
            prepared.commit().map_err(err)?;
            Ok(())
        })
        .await?;
        self.reader.reload().map_err(err)?;
        if let Ok(mut a) = self.applied.write() {
            *a = payload;
        }
        Ok(())
    }

    /// Analyses a batch of cards' rows into documents and adds them (on a blocking
    /// thread); returns how many were added.
    async fn index_rows(
        self: &Arc<Self>,
        r: &Arc<Reference>,
        (ids, rows): (Vec<i32>, CardRows),
    ) -> Result<usize, DbErr> {
        let r = Arc::clone(r);
        self.blocking(move |e| {
            let docs = fields::documents(&r, &e.fields, &ids, &rows)?;
            e.listing
                .lock()
                .map_err(err)?
                .apply(Some(&[]), listed(&docs));
            let n = docs.len();
            e.add(docs)?;
            Ok(n)
        })
        .await
    }

    /// Adds documents; the callers delete what they replace first (a rebuild starts
    /// from an empty index: a delete per card there held ≈ 100 MB of queued deletes at
    /// 100,000 cards until the commit).
    fn add(&self, docs: Vec<fields::CardDoc>) -> Result<(), DbErr> {
        let w = self.writer.lock().map_err(err)?;
        for d in docs {
            w.add_document(d.doc).map_err(err)?;
        }
        Ok(())
    }

    /// Indexes every published card afresh.
    pub async fn rebuild(self: &Arc<Self>, db: &Db, r: &Arc<Reference>) -> Result<Applied, DbErr> {
        let _turn = self.updating.lock().await;
        let started = std::time::Instant::now();
        let (feed_id, seq) = feed_state(&**db).await?;
        {
            let w = self.writer.lock().map_err(err)?;
            w.delete_all_documents().map_err(err)?;
        }
        let ids: Vec<i32> = crate::entities::service_cards::Entity::find()
            .select_only()
            .column(crate::entities::service_cards::Column::Id)
            .filter(crate::services::cards::visible())
            .order_by_asc(crate::entities::service_cards::Column::Id)
            .into_tuple::<i32>()
            .all(&**db)
            .await?;
        // A pipeline: the next batch's rows load from the database while the previous
        // batch is analysed (folding, stemming) and handed to the index writer on a
        // blocking thread (and the writer's own thread indexes meanwhile).
        if let Ok(mut l) = self.listing.lock() {
            l.apply(None, Vec::new());
        }
        let mut cards = 0;
        let mut pending: Option<(Vec<i32>, CardRows)> = None;
        for chunk in ids.chunks(BUILD_BATCH) {
            let load = fields::load_rows(&**db, Some(chunk));
            let rows = match pending.take() {
                Some(previous) => {
                    let (rows, added) = tokio::join!(load, self.index_rows(r, previous));
                    cards += added?;
                    rows?
                }
                None => load.await?,
            };
            pending = Some(rows);
        }
        if let Some(last) = pending {
            cards += self.index_rows(r, last).await?;
        }
        self.commit(Payload {
            schema: SCHEMA_VERSION,
            feed_id,
            seq,
            at: Utc::now(),
        })
        .await?;
        drop(_turn);
        tracing::info!(
            cards,
            ms = started.elapsed().as_millis() as u64,
            "search index built"
        );
        // Changes committed while building.
        self.follow(db, r).await?;
        self.refresh_derived(r).await?;
        Ok(Applied { cards, seq })
    }

    /// Applies the feed's changes this index has not seen and recomputes what is derived
    /// from it; returns how many cards it re-indexed and the sequence number reached.
    pub async fn follow(self: &Arc<Self>, db: &Db, r: &Arc<Reference>) -> Result<Applied, DbErr> {
        let applied = self.apply_changes(db, r).await?;
        if applied.cards > 0 {
            self.refresh_derived(r).await?;
        }
        Ok(applied)
    }

    /// Applies the feed's changes this index has not seen (the derived data stay as they
    /// were).
    async fn apply_changes(self: &Arc<Self>, db: &Db, r: &Reference) -> Result<Applied, DbErr> {
        use crate::entities::catalogue_changes as changes;
        let _turn = self.updating.lock().await;
        let mut total = 0;
        loop {
            let from = self.applied_seq();
            let rows = changes::Entity::find()
                .filter(changes::Column::Seq.gt(from))
                .order_by_asc(changes::Column::Seq)
                .limit(FOLLOW_BATCH)
                .all(&**db)
                .await?;
            let Some(last) = rows.last().map(|c| c.seq) else {
                break;
            };
            let mut ids: Vec<i32> = rows.iter().map(|c| c.card_id).collect();
            ids.sort_unstable();
            ids.dedup();
            let docs = fields::load(&**db, r, &self.fields, Some(&ids)).await?;
            self.listing
                .lock()
                .map_err(err)?
                .apply(Some(&ids), listed(&docs));
            total += ids.len();
            let deleted = ids.clone();
            self.blocking(move |e| {
                {
                    let w = e.writer.lock().map_err(err)?;
                    for id in &deleted {
                        w.delete_term(Term::from_field_u64(e.fields.id, *id as u64));
                    }
                }
                e.add(docs)
            })
            .await?;
            let feed_id = self
                .applied
                .read()
                .map(|p| p.feed_id.clone())
                .unwrap_or_default();
            self.commit(Payload {
                schema: SCHEMA_VERSION,
                feed_id,
                seq: last,
                at: Utc::now(),
            })
            .await?;
            if (rows.len() as u64) < FOLLOW_BATCH {
                break;
            }
        }
        drop(_turn);
        Ok(Applied {
            cards: total,
            seq: self.applied_seq(),
        })
    }

    /// Recomputes what is derived from the whole index (suggestions, vocabulary, counts).
    /// The CPU work runs on a thread of the lowest priority: searches come first.
    async fn refresh_derived(self: &Arc<Self>, r: &Arc<Reference>) -> Result<(), DbErr> {
        let started = std::time::Instant::now();
        let lists = self.listing.lock().map_err(err)?.lists();
        let (engine, r) = (Arc::clone(self), Arc::clone(r));
        let derived = follow::in_background(move || {
            let counts = query::catalogue_counts(&engine, &r).map_err(err)?;
            let vocabulary = vocabulary::Vocabulary::build(&r, &lists.titles);
            let suggestions = suggest::Suggestions::build(&r, lists);
            Ok(Derived {
                vocabulary,
                suggestions,
                counts,
            })
        })
        .await?;
        if let Ok(mut d) = self.derived.write() {
            *d = Arc::new(derived);
        }
        tracing::debug!(
            ms = started.elapsed().as_millis() as u64,
            "search suggestions, vocabulary and counts recomputed"
        );
        Ok(())
    }

    /// Reads the titles and providers of the cards `ids` (all with `None`) into the
    /// listing.
    async fn load_listing(&self, db: &Db, ids: Option<&[i32]>) -> Result<(), DbErr> {
        let rows = listing::listing_rows(&**db, ids).await?;
        self.listing.lock().map_err(err)?.apply(ids, rows);
        Ok(())
    }

    /// Published cards per category, macro area and accreditation type code.
    pub fn counts(&self) -> HashMap<String, i64> {
        self.derived().counts.clone()
    }
}

/// The titles and providers of documents, for the listing.
fn listed(docs: &[fields::CardDoc]) -> Vec<(i32, String, uuid::Uuid, String)> {
    docs.iter()
        .map(|d| (d.id, d.title.clone(), d.provider.0, d.provider.1.clone()))
        .collect()
}

/// Drops feed entries older than `FEED_DAYS` (a recurring job), but never the newest:
/// it tells an index how far the catalogue has gone.
pub async fn prune_feed(db: &Db, now: DateTime<Utc>) -> Result<u64, DbErr> {
    use crate::entities::catalogue_changes as changes;
    let txn = db.write().await?;
    let (_, newest) = feed_state(&txn).await?;
    let n = changes::Entity::delete_many()
        .filter(changes::Column::At.lt(now - chrono::Duration::days(FEED_DAYS)))
        .filter(changes::Column::Seq.lt(newest))
        .exec(&txn)
        .await?
        .rows_affected;
    txn.commit().await?;
    Ok(n)
}
