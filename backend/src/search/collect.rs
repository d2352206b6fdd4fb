//! One pass over the documents that match the text and the other filters: the three
//! facets (macro area, category, Municipio), each counted with its own filter left out,
//! and the hits that pass all three, with what sorting needs.
use super::fields::{Fields, price_parts};
use std::collections::HashMap;
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
}

/// A hit and its sort keys.
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

#[derive(Debug, Default)]
pub struct Fruit {
    pub hits: Vec<Hit>,
    pub macro_counts: HashMap<u64, i64>,
    pub category_counts: HashMap<u64, i64>,
    pub municipio_counts: HashMap<u64, i64>,
}

pub struct Facets<'a> {
    pub fields: &'a Fields,
    pub filters: &'a FacetFilters,
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
        true
    }

    fn merge_fruits(&self, fruits: Vec<Fruit>) -> tantivy::Result<Fruit> {
        let mut out = Fruit::default();
        for f in fruits {
            out.hits.extend(f.hits);
            for (target, source) in [
                (&mut out.macro_counts, f.macro_counts),
                (&mut out.category_counts, f.category_counts),
                (&mut out.municipio_counts, f.municipio_counts),
            ] {
                for (k, v) in source {
                    *target.entry(k).or_insert(0) += v;
                }
            }
        }
        Ok(out)
    }
}

pub struct SegmentFacets {
    segment: u32,
    filters: FacetFilters,
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
        let macro_area = self.macro_area.first(doc).unwrap_or_default();
        let category = self.category.first(doc).unwrap_or_default();
        let f = &self.filters;
        let macro_ok = f.macro_area.is_none_or(|m| m == macro_area);
        let cat_ok = f.category.is_none_or(|c| c == category);
        let zone_ok = f
            .zones
            .as_ref()
            .is_none_or(|ids| self.zones.values_for_doc(doc).any(|z| ids.contains(&z)));
        if cat_ok && zone_ok {
            *self.fruit.macro_counts.entry(macro_area).or_insert(0) += 1;
        }
        if macro_ok && zone_ok {
            *self.fruit.category_counts.entry(category).or_insert(0) += 1;
        }
        if !(macro_ok && cat_ok) {
            return;
        }
        for m in self.municipi.values_for_doc(doc) {
            *self.fruit.municipio_counts.entry(m).or_insert(0) += 1;
        }
        if !zone_ok {
            return;
        }
        let price = match f.price_unit {
            Some(unit) => self
                .prices
                .values_for_doc(doc)
                .map(price_parts)
                .filter(|(u, _)| *u == unit)
                .map(|(_, cents)| cents)
                .min()
                .unwrap_or(i64::MAX),
            None => self.min_price.first(doc).unwrap_or(i64::MAX),
        };
        self.fruit.hits.push(Hit {
            address: DocAddress::new(self.segment, doc),
            score,
            id: self.id.first(doc).unwrap_or_default(),
            price,
            waiting_total: self.waiting_total.first(doc).unwrap_or_default(),
            waiting_activation: self.waiting_activation.first(doc).unwrap_or_default(),
            published: self.published.first(doc).unwrap_or_default(),
        });
    }

    fn harvest(self) -> Fruit {
        self.fruit
    }
}
