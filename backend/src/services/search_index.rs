//! The in-process search index over published cards.
//!
//! Why in memory: at 100,000 cards a common term ("badante") matches ~12% of the
//! catalogue, and ranking plus three facet aggregations in SQL cost ~200 ms of database
//! CPU per search (measured, see docs/benchmarks.md). The index answers text, filters,
//! facets and sorting in a single pass in Rust; the database then only loads the 20
//! cards of the page by primary key.
//!
//! Freshness: `catalogue_version` is bumped in the same transaction as every card write.
//! Each search reads it (one primary-key row) and rebuilds the snapshot when it moved, so
//! every instance behind a load balancer serves what is committed.
use super::cards;
use super::sql::Sql;
use crate::api::services::ServiceSummary;
use crate::reference::{Reference, ZoneKind};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

#[derive(Debug, Default)]
pub struct Doc {
    pub id: i32,
    pub macro_area: String,
    pub category: String,
    pub accreditation_type: String,
    pub zones: Vec<i32>,
    /// Distinct Municipi of the covered zones (a NIL counts for its Municipio).
    pub municipi: Vec<i32>,
    pub recipients: Vec<String>,
    pub delivery_places: Vec<String>,
    pub vouchers: Vec<String>,
    /// (unit, cents)
    pub prices: Vec<(String, i64)>,
    pub min_price: Option<i64>,
    pub waiting_total: i32,
    pub waiting_activation: i32,
    pub quote_available: bool,
    pub published_at: i64,
}

/// A term's occurrences in one document.
#[derive(Debug, Clone, Copy)]
pub struct Posting {
    pub doc: u32,
    pub title_tf: u16,
    pub body_tf: u16,
}

#[derive(Debug, Default)]
pub struct Snapshot {
    pub version: i64,
    pub docs: Vec<Doc>,
    /// The result-list form of each document, same order as `docs`: a page of results
    /// needs no database round trip.
    pub summaries: Vec<ServiceSummary>,
    pub postings: HashMap<String, Vec<Posting>>,
}

/// Cards whose summaries are loaded per query while building the snapshot.
const SUMMARY_BATCH: usize = 1_000;

#[derive(FromQueryResult)]
struct CardRow {
    id: i32,
    macro_area_code: String,
    category_code: String,
    accreditation_type_code: String,
    waiting_days_total: i32,
    waiting_days_activation: i32,
    quote_available: bool,
    min_price_cents: Option<i64>,
    published_at: Option<DateTime<Utc>>,
    search_title: String,
    search_body: String,
}

#[derive(FromQueryResult)]
struct CodeRow {
    card_id: i32,
    code: String,
}

#[derive(FromQueryResult)]
struct ZoneRow {
    card_id: i32,
    zone_id: i32,
}

#[derive(FromQueryResult)]
struct PriceRow {
    card_id: i32,
    unit_code: String,
    price_cents: i64,
}

#[derive(FromQueryResult)]
struct VersionRow {
    version: i64,
}

const PUBLISHED: &str = "SELECT id FROM service_cards WHERE status = 'published'";

async fn rows<T: FromQueryResult>(db: &impl ConnectionTrait, sql: &str) -> Result<Vec<T>, DbErr> {
    let mut s = Sql::new(db.get_database_backend());
    s.push(sql);
    T::find_by_statement(s.build()).all(db).await
}

pub async fn current_version(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    Ok(
        rows::<VersionRow>(db, "SELECT version FROM catalogue_version WHERE id = 1")
            .await?
            .first()
            .map_or(0, |r| r.version),
    )
}

fn add_terms(map: &mut HashMap<String, (u16, u16)>, text: &str, title: bool) {
    for t in text.split_whitespace() {
        let e = map.entry(t.to_owned()).or_default();
        if title {
            e.0 = e.0.saturating_add(1);
        } else {
            e.1 = e.1.saturating_add(1);
        }
    }
}

impl Snapshot {
    pub async fn load(db: &impl ConnectionTrait, r: &Reference) -> Result<Self, DbErr> {
        let version = current_version(db).await?;
        let cards: Vec<CardRow> = rows(
            db,
            "SELECT id, macro_area_code, category_code, accreditation_type_code, waiting_days_total, \
             waiting_days_activation, quote_available, min_price_cents, published_at, search_title, search_body \
             FROM service_cards WHERE status = 'published' ORDER BY id",
        )
        .await?;
        let mut index: HashMap<i32, usize> = HashMap::with_capacity(cards.len());
        let mut snap = Snapshot {
            version,
            docs: Vec::with_capacity(cards.len()),
            summaries: Vec::with_capacity(cards.len()),
            postings: HashMap::new(),
        };
        for c in cards {
            let doc_idx = snap.docs.len() as u32;
            index.insert(c.id, snap.docs.len());
            let mut terms: HashMap<String, (u16, u16)> = HashMap::new();
            add_terms(&mut terms, &c.search_title, true);
            add_terms(&mut terms, &c.search_body, false);
            for (term, (title_tf, body_tf)) in terms {
                snap.postings.entry(term).or_default().push(Posting {
                    doc: doc_idx,
                    title_tf,
                    body_tf,
                });
            }
            snap.docs.push(Doc {
                id: c.id,
                macro_area: c.macro_area_code,
                category: c.category_code,
                accreditation_type: c.accreditation_type_code,
                min_price: c.min_price_cents,
                waiting_total: c.waiting_days_total,
                waiting_activation: c.waiting_days_activation,
                quote_available: c.quote_available,
                published_at: c.published_at.map_or(0, |t| t.timestamp_millis()),
                ..Default::default()
            });
        }
        for z in rows::<ZoneRow>(
            db,
            &format!("SELECT card_id, zone_id FROM card_zones WHERE card_id IN ({PUBLISHED})"),
        )
        .await?
        {
            if let Some(&i) = index.get(&z.card_id) {
                let doc = &mut snap.docs[i];
                doc.zones.push(z.zone_id);
                let municipio = r.zone_by_id(z.zone_id).and_then(|zone| match zone.kind {
                    ZoneKind::Municipio => Some(zone.id),
                    ZoneKind::Nil => zone.parent_id,
                    ZoneKind::Comune => None,
                });
                if let Some(m) = municipio
                    && !doc.municipi.contains(&m)
                {
                    doc.municipi.push(m);
                }
            }
        }
        for p in rows::<PriceRow>(db, &format!("SELECT card_id, unit_code, price_cents FROM card_prices WHERE card_id IN ({PUBLISHED})")).await? {
            if let Some(&i) = index.get(&p.card_id) {
                snap.docs[i].prices.push((p.unit_code, p.price_cents));
            }
        }
        for (table, field) in [
            ("card_recipients", 0),
            ("card_delivery_places", 1),
            ("card_vouchers", 2),
        ] {
            let sql = format!("SELECT card_id, code FROM {table} WHERE card_id IN ({PUBLISHED})");
            for row in rows::<CodeRow>(db, &sql).await? {
                if let Some(&i) = index.get(&row.card_id) {
                    let doc = &mut snap.docs[i];
                    match field {
                        0 => doc.recipients.push(row.code),
                        1 => doc.delivery_places.push(row.code),
                        _ => doc.vouchers.push(row.code),
                    }
                }
            }
        }
        let ids: Vec<i32> = snap.docs.iter().map(|d| d.id).collect();
        for chunk in ids.chunks(SUMMARY_BATCH) {
            let summaries = cards::summaries(db, r, chunk).await?;
            if summaries.len() != chunk.len() {
                return Err(DbErr::Custom(
                    "a published card changed while the search index was built".into(),
                ));
            }
            snap.summaries.extend(summaries);
        }
        Ok(snap)
    }
}

/// The shared, swappable snapshot.
#[derive(Default)]
pub struct SearchIndex {
    current: RwLock<Arc<Snapshot>>,
    rebuilding: tokio::sync::Mutex<()>,
}

impl SearchIndex {
    fn get(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .map(|s| Arc::clone(&s))
            .unwrap_or_default()
    }

    /// The snapshot this instance holds, if one was built.
    pub fn held(&self) -> Option<Arc<Snapshot>> {
        Some(self.get()).filter(|s| s.version != 0)
    }

    /// The snapshot for the committed catalogue, rebuilt first if a write moved the version.
    pub async fn fresh(
        &self,
        db: &impl ConnectionTrait,
        r: &Reference,
    ) -> Result<Arc<Snapshot>, DbErr> {
        let version = current_version(db).await?;
        let snap = self.get();
        if snap.version == version && version != 0 {
            return Ok(snap);
        }
        let _guard = self.rebuilding.lock().await;
        let snap = self.get();
        if snap.version == version && version != 0 {
            return Ok(snap); // another request rebuilt it meanwhile
        }
        let started = std::time::Instant::now();
        let new = Arc::new(Snapshot::load(db, r).await?);
        tracing::info!(
            cards = new.docs.len(),
            terms = new.postings.len(),
            version = new.version,
            ms = started.elapsed().as_millis() as u64,
            "search index rebuilt"
        );
        if let Ok(mut w) = self.current.write() {
            *w = Arc::clone(&new);
        }
        Ok(new)
    }
}
