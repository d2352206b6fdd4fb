//! One pass over the documents that match the text and the other filters: the three
//! facets (macro area, category, Municipio), each counted with its own filter left out,
//! and the hits that pass all three, with what sorting needs.
use super::fields::{Fields, price_parts};
use crate::api::services::SearchSort;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::index::SegmentReader;
use tantivy::{DocAddress, Score};

/// The facet filters, as index codes.
#[derive(Debug, Clone, Default)]
pub struct FacetFilters {
    pub macro_area: Option<u64>,
    pub category: Option<u64>,
    /// The zone ids a zone filter matches (the zone, its children and its parent).
    pub zones: Option<Vec<u64>>,
    /// Sorting by price in one unit: the unit part of its price keys.
    pub price_unit: Option<u64>,
    /// Not facets, but checked here on the documents the text matched (cheaper than a
    /// range query, which scans the whole column): some price key in one of these
    /// ranges (one per unit), and the total waiting days at most this.
    pub price_ranges: Option<Vec<(u64, u64)>>,
    pub max_waiting: Option<i64>,
    /// Published after this instant (milliseconds): a saved search's new cards.
    pub published_after: Option<i64>,
}

/// Counts by code: a few dozen codes at most (categories, macro areas, Municipi), so a
/// short vector scanned in place beats hashing on every matching document.
#[derive(Debug, Default, Clone)]
pub struct Counts(Vec<(u64, i64)>);

impl Counts {
    #[inline]
    pub fn add(&mut self, code: u64, n: i64) {
        match self.0.iter_mut().find(|(c, _)| *c == code) {
            Some((_, count)) => *count += n,
            None => self.0.push((code, n)),
        }
    }

    pub fn get(&self, code: u64) -> Option<i64> {
        self.0.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
    }

    fn merge(&mut self, other: Counts) {
        for (c, n) in other.0 {
            self.add(c, n);
        }
    }
}

/// What the order of the results reads of each hit (nothing else is read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    /// Relevance of a text search: the score (and the id, for ties).
    Score,
    /// Newest first.
    Published,
    Price,
    Waiting,
}

impl Keys {
    pub fn of(sort: SearchSort, text: bool) -> Self {
        match sort {
            SearchSort::Relevance if text => Keys::Score,
            SearchSort::Relevance => Keys::Published,
            SearchSort::Price => Keys::Price,
            SearchSort::Waiting => Keys::Waiting,
        }
    }
}

/// A hit and its sort keys (those its order does not read are left at zero).
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub address: DocAddress,
    pub score: Score,
    pub id: u64,
    /// The cheapest option (in the unit asked for, if any); `i64::MAX` when none.
    pub price: i64,
    pub waiting_total: i64,
    pub waiting_activation: i64,
    pub published: i64,
}

/// The order of the results: `Less` when `a` comes first.
pub fn cmp_hits(keys: Keys, a: &Hit, b: &Hit) -> std::cmp::Ordering {
    match keys {
        Keys::Score => b.score.total_cmp(&a.score).then(b.id.cmp(&a.id)),
        Keys::Published => (b.published, b.id).cmp(&(a.published, a.id)),
        Keys::Price => (a.price, a.id).cmp(&(b.price, b.id)),
        Keys::Waiting => (a.waiting_total, a.waiting_activation, a.id).cmp(&(
            b.waiting_total,
            b.waiting_activation,
            b.id,
        )),
    }
}

/// Keeps the first `keep` hits in result order (unordered among themselves): the
/// others can never reach the page asked for.
fn prune(hits: &mut Vec<Hit>, keys: Keys, keep: usize) {
    if hits.len() > keep {
        if keep > 0 {
            hits.select_nth_unstable_by(keep - 1, |a, b| cmp_hits(keys, a, b));
        }
        hits.truncate(keep);
    }
}

#[derive(Debug, Default)]
pub struct Fruit {
    /// The best `keep` hits (see `Facets::keep`), in no particular order.
    pub hits: Vec<Hit>,
    /// How many documents passed every filter.
    pub total: usize,
    pub macro_counts: Counts,
    pub category_counts: Counts,
    pub municipio_counts: Counts,
}

pub struct Facets<'a> {
    pub fields: &'a Fields,
    pub filters: &'a FacetFilters,
    pub keys: Keys,
    /// How many of the best hits to keep: the end of the page asked for. Memory and
    /// work stay bounded by it, not by the number of matches.
    pub keep: usize,
}

fn u64_column(reader: &SegmentReader, name: &str) -> tantivy::Result<Column<u64>> {
    reader.fast_fields().u64(name)
}

fn i64_column(reader: &SegmentReader, name: &str) -> tantivy::Result<Column<i64>> {
    reader.fast_fields().i64(name)
}

impl Collector for Facets<'_> {
    type Fruit = Fruit;
    type Child = SegmentFacets;

    fn for_segment(&self, segment: u32, reader: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let _ = self.fields;
        Ok(SegmentFacets {
            segment,
            filters: self.filters.clone(),
            keys: self.keys,
            keep: self.keep,
            id: u64_column(reader, "id")?,
            macro_area: u64_column(reader, "macro_area")?,
            category: u64_column(reader, "category")?,
            zones: u64_column(reader, "zones")?,
            municipi: u64_column(reader, "municipi")?,
            prices: u64_column(reader, "prices")?,
            min_price: i64_column(reader, "min_price")?,
            waiting_total: i64_column(reader, "waiting_total")?,
            waiting_activation: i64_column(reader, "waiting_activation")?,
            published: i64_column(reader, "published")?,
            fruit: Fruit::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.keys == Keys::Score
    }

    fn merge_fruits(&self, fruits: Vec<Fruit>) -> tantivy::Result<Fruit> {
        let mut out = Fruit::default();
        for f in fruits {
            out.hits.extend(f.hits);
            out.total += f.total;
            out.macro_counts.merge(f.macro_counts);
            out.category_counts.merge(f.category_counts);
            out.municipio_counts.merge(f.municipio_counts);
        }
        prune(&mut out.hits, self.keys, self.keep);
        Ok(out)
    }
}

pub struct SegmentFacets {
    segment: u32,
    filters: FacetFilters,
    keys: Keys,
    keep: usize,
    id: Column<u64>,
    macro_area: Column<u64>,
    category: Column<u64>,
    zones: Column<u64>,
    municipi: Column<u64>,
    prices: Column<u64>,
    min_price: Column<i64>,
    waiting_total: Column<i64>,
    waiting_activation: Column<i64>,
    published: Column<i64>,
    fruit: Fruit,
}

impl SegmentCollector for SegmentFacets {
    type Fruit = Fruit;

    fn collect(&mut self, doc: u32, score: Score) {
        let f = &self.filters;
        if let Some(ranges) = &f.price_ranges
            && !self
                .prices
                .values_for_doc(doc)
                .any(|k| ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&k)))
        {
            return;
        }
        if let Some(max) = f.max_waiting
            && self.waiting_total.first(doc).is_none_or(|w| w > max)
        {
            return;
        }
        if let Some(after) = f.published_after
            && self.published.first(doc).is_none_or(|p| p <= after)
        {
            return;
        }
        let macro_area = self.macro_area.first(doc).unwrap_or_default();
        let category = self.category.first(doc).unwrap_or_default();
        let macro_ok = f.macro_area.is_none_or(|m| m == macro_area);
        let cat_ok = f.category.is_none_or(|c| c == category);
        let zone_ok = f
            .zones
            .as_ref()
            .is_none_or(|ids| self.zones.values_for_doc(doc).any(|z| ids.contains(&z)));
        if cat_ok && zone_ok {
            self.fruit.macro_counts.add(macro_area, 1);
        }
        if macro_ok && zone_ok {
            self.fruit.category_counts.add(category, 1);
        }
        if !(macro_ok && cat_ok) {
            return;
        }
        for m in self.municipi.values_for_doc(doc) {
            self.fruit.municipio_counts.add(m, 1);
        }
        if !zone_ok {
            return;
        }
        let mut hit = Hit {
            address: DocAddress::new(self.segment, doc),
            score,
            id: self.id.first(doc).unwrap_or_default(),
            price: 0,
            waiting_total: 0,
            waiting_activation: 0,
            published: 0,
        };
        match self.keys {
            Keys::Score => {}
            Keys::Published => hit.published = self.published.first(doc).unwrap_or_default(),
            Keys::Price => {
                hit.price = match f.price_unit {
                    Some(unit) => self
                        .prices
                        .values_for_doc(doc)
                        .map(price_parts)
                        .filter(|(u, _)| *u == unit)
                        .map(|(_, cents)| cents)
                        .min()
                        .unwrap_or(i64::MAX),
                    None => self.min_price.first(doc).unwrap_or(i64::MAX),
                }
            }
            Keys::Waiting => {
                hit.waiting_total = self.waiting_total.first(doc).unwrap_or_default();
                hit.waiting_activation = self.waiting_activation.first(doc).unwrap_or_default();
            }
        }
        self.fruit.total += 1;
        self.fruit.hits.push(hit);
        if self.fruit.hits.len() >= 2 * self.keep.max(64) {
            prune(&mut self.fruit.hits, self.keys, self.keep);
        }
    }

    fn harvest(mut self) -> Fruit {
        prune(&mut self.fruit.hits, self.keys, self.keep);
        self.fruit
    }
}
