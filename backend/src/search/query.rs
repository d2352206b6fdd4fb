//! A search on the index: the text query (all groups, each word exact or within its
//! typo tolerance, exact ranking higher), the filters, the facets, the order, the page,
//! the fallback to partial matches and "did you mean".
use super::Engine;
use super::analysis::{self, Analysed, Word};
use super::collect::{Counts, FacetFilters, Facets as FacetCollector, Fruit, Hit, Keys, cmp_hits};
use super::fields::{self, Fields, code, price_range};
use super::highlight;
use crate::api::services::{FacetCount, Facets, ServiceSearchPage, ServiceSummary};
use crate::reference::{Label, Reference, vocab};
use crate::services::SearchParams;
use std::collections::HashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

/// Title matches weigh this much more than body matches.
const TITLE_BOOST: f32 = 4.0;
/// An exact word weighs this much more than a word found through a typo.
const EXACT_BOOST: f32 = 3.0;

/// A page of results.
pub type Found = ServiceSearchPage;

fn boxed(q: impl Query + 'static) -> Box<dyn Query> {
    Box::new(q)
}

fn any_of(qs: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if qs.len() == 1 {
        return qs.into_iter().next().unwrap_or_else(|| boxed(AllQuery));
    }
    boxed(BooleanQuery::new(
        qs.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

fn all_of(qs: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if qs.len() == 1 {
        return qs.into_iter().next().unwrap_or_else(|| boxed(AllQuery));
    }
    boxed(BooleanQuery::new(
        qs.into_iter().map(|q| (Occur::Must, q)).collect(),
    ))
}

/// One word in the title or the body, exactly or within its tolerance.
fn word_query(f: &Fields, w: &Word) -> Box<dyn Query> {
    let mut alternatives = Vec::new();
    for (field, weight) in [(f.title, TITLE_BOOST), (f.body, 1.0)] {
        let term = Term::from_field_text(field, &w.stem);
        alternatives.push(boxed(BoostQuery::new(
            boxed(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
            weight * EXACT_BOOST,
        )));
        if w.distance > 0 {
            alternatives.push(boxed(BoostQuery::new(
                boxed(FuzzyTermQuery::new(term, w.distance, true)),
                weight,
            )));
        }
    }
    any_of(alternatives)
}

/// A group: any of its alternatives, each with all its words.
fn group_query(f: &Fields, group: &analysis::Group) -> Box<dyn Query> {
    any_of(
        group
            .iter()
            .map(|alt| all_of(alt.iter().map(|w| word_query(f, w)).collect()))
            .collect(),
    )
}

fn term_u64(field: tantivy::schema::Field, v: u64) -> Box<dyn Query> {
    boxed(TermQuery::new(
        Term::from_field_u64(field, v),
        IndexRecordOption::Basic,
    ))
}

/// The filters that are not facets, as query clauses that do not change the ranking.
fn filters(f: &Fields, p: &SearchParams) -> Vec<Box<dyn Query>> {
    let mut out = Vec::new();
    if let Some(a) = &p.accreditation_type {
        out.push(term_u64(f.accreditation_type, code(a)));
    }
    for (field, want) in [
        (f.recipients, &p.recipient),
        (f.delivery_places, &p.delivery_place),
        (f.vouchers, &p.voucher),
        (f.languages, &p.language),
    ] {
        if let Some(c) = want {
            out.push(term_u64(field, code(c)));
        }
    }
    if let Some(q) = p.quote_available {
        out.push(term_u64(f.quote, u64::from(q)));
    }
    out.into_iter()
        .map(|q| boxed(ConstScoreQuery::new(q, 0.0)))
        .collect()
}

fn facet_filters(p: &SearchParams, r: &Reference) -> FacetFilters {
    let price_ranges = (p.max_price_cents.is_some() || p.price_unit.is_some()).then(|| {
        let max = p.max_price_cents.unwrap_or((1 << 40) - 1);
        let units: Vec<String> = match &p.price_unit {
            Some(u) => vec![u.clone()],
            None => r
                .vocabulary(vocab::PRICE_UNIT)
                .iter()
                .map(|t| t.code.clone())
                .collect(),
        };
        units.iter().map(|u| price_range(u, max)).collect()
    });
    FacetFilters {
        price_ranges,
        max_waiting: p.max_waiting_days.map(i64::from),
        published_after: p.published_after,
        macro_area: p.macro_area.as_deref().map(code),
        category: p.category.as_deref().map(code),
        zones: p
            .zone_ids
            .as_ref()
            .map(|ids| ids.iter().map(|z| *z as u64).collect()),
        price_unit: p.price_unit.as_deref().map(fields::unit_part),
    }
}

/// Orders the hits (the collector kept the best `end` of them) in result order.
fn order(hits: &mut [Hit], keys: Keys) {
    hits.sort_unstable_by(|a, b| cmp_hits(keys, a, b));
}

fn run(
    searcher: &Searcher,
    f: &Fields,
    text: Option<Box<dyn Query>>,
    rest: Vec<Box<dyn Query>>,
    facets: &FacetFilters,
    keys: Keys,
    keep: usize,
) -> tantivy::Result<Fruit> {
    let mut clauses: Vec<Box<dyn Query>> = text.into_iter().collect();
    clauses.extend(rest);
    let query = if clauses.is_empty() {
        boxed(AllQuery)
    } else {
        all_of(clauses)
    };
    searcher.search(
        &*query,
        &FacetCollector {
            fields: f,
            filters: facets,
            keys,
            keep,
        },
    )
}

/// Whether any card holds `stem` exactly.
fn known(searcher: &Searcher, f: &Fields, stem: &str) -> bool {
    [f.title, f.body].into_iter().any(|field| {
        searcher
            .doc_freq(&Term::from_field_text(field, stem))
            .is_ok_and(|n| n > 0)
    })
}

impl Engine {
    /// Runs a search (see the module's documentation).
    pub fn search(&self, p: &SearchParams, r: &Reference) -> Result<Found, String> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let analysed: Analysed = analysis::analyse(p.text.as_deref().unwrap_or(""), |stem| {
            known(&searcher, f, stem)
        });
        let has_text = !analysed.groups.is_empty();
        let facets = facet_filters(p, r);
        let text =
            has_text.then(|| all_of(analysed.groups.iter().map(|g| group_query(f, g)).collect()));
        let keys = Keys::of(p.sort, has_text);
        let start = ((p.page - 1) as usize).saturating_mul(p.per_page as usize);
        let keep = start.saturating_add(p.per_page as usize);
        let mut fruit = run(&searcher, f, text, filters(f, p), &facets, keys, keep)
            .map_err(|e| e.to_string())?;
        let mut partial = false;
        if has_text && fruit.total == 0 && analysed.groups.len() > 1 {
            // No card has every word: the cards with the most of them.
            let any = any_of(analysed.groups.iter().map(|g| group_query(f, g)).collect());
            fruit = run(&searcher, f, Some(any), filters(f, p), &facets, keys, keep)
                .map_err(|e| e.to_string())?;
            partial = fruit.total > 0;
        }
        // "Did you mean": a typed word no card holds, close to a known word.
        let derived = self.derived();
        let mut corrected = false;
        let suggestion: Vec<String> = analysed
            .words
            .iter()
            .map(|w| {
                if known(&searcher, f, &w.stem) {
                    return w.folded.clone();
                }
                match derived.vocabulary.closest(&w.folded) {
                    Some(c) => {
                        corrected = true;
                        c.to_owned()
                    }
                    None => w.folded.clone(),
                }
            })
            .collect();
        let did_you_mean = corrected.then(|| suggestion.join(" "));
        let total = fruit.total;
        let end = keep.min(fruit.hits.len());
        order(&mut fruit.hits, keys);
        let highlight_words: Vec<Word> = analysed
            .groups
            .iter()
            .flatten()
            .flatten()
            .cloned()
            .collect();
        let mut items = Vec::new();
        for hit in fruit.hits.get(start..end).unwrap_or(&[]) {
            let doc: TantivyDocument = searcher.doc(hit.address).map_err(|e| e.to_string())?;
            let Some(bytes) = doc.get_first(f.summary).and_then(|v| v.as_bytes()) else {
                continue;
            };
            let mut summary: ServiceSummary =
                serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
            summary.highlights.title = highlight::ranges(&summary.title, &highlight_words);
            summary.highlights.summary = highlight::ranges(&summary.summary, &highlight_words);
            items.push(summary);
        }
        Ok(ServiceSearchPage {
            items,
            total: total as i64,
            page: p.page,
            per_page: p.per_page,
            facets: facet_counts(r, &fruit),
            partial,
            did_you_mean,
        })
    }

    /// Suggestions for what has been typed.
    pub fn suggest(&self, typed: &str) -> Vec<crate::api::services::Suggestion> {
        self.derived().suggestions.find(typed)
    }
}

fn facet_counts(r: &Reference, fruit: &Fruit) -> Facets {
    let get = |m: &Counts, c: &str| m.get(code(c)).unwrap_or(0);
    Facets {
        macro_areas: r
            .macro_areas
            .iter()
            .map(|m| FacetCount {
                code: m.code.clone(),
                label: m.label.clone(),
                count: get(&fruit.macro_counts, &m.code),
            })
            .collect(),
        categories: r
            .categories
            .iter()
            .filter_map(|c| {
                let count = fruit.category_counts.get(code(&c.code))?;
                Some(FacetCount {
                    code: c.code.clone(),
                    label: c.label.clone(),
                    count,
                })
            })
            .collect(),
        municipi: r
            .municipi()
            .map(|z| FacetCount {
                code: z.code.clone(),
                label: Label::new(&z.name, &z.name),
                count: fruit.municipio_counts.get(z.id as u64).unwrap_or(0),
            })
            .collect(),
    }
}

/// Counts of every published card by category, macro area and accreditation type.
struct CountCodes;

struct SegmentCounts {
    columns: [Column<u64>; 3],
    counts: HashMap<u64, i64>,
}

impl Collector for CountCodes {
    type Fruit = HashMap<u64, i64>;
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        _: u32,
        reader: &tantivy::index::SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        let ff = reader.fast_fields();
        Ok(SegmentCounts {
            columns: [
                ff.u64("category")?,
                ff.u64("macro_area")?,
                ff.u64("accreditation_type")?,
            ],
            counts: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<u64, i64>>) -> tantivy::Result<Self::Fruit> {
        let mut out = HashMap::new();
        for f in fruits {
            for (k, v) in f {
                *out.entry(k).or_insert(0) += v;
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = HashMap<u64, i64>;

    fn collect(&mut self, doc: u32, _: tantivy::Score) {
        for c in &self.columns {
            if let Some(v) = c.first(doc) {
                *self.counts.entry(v).or_insert(0) += 1;
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.counts
    }
}

/// Published cards per code (category, macro area, accreditation type).
pub fn catalogue_counts(engine: &Engine, r: &Reference) -> tantivy::Result<HashMap<String, i64>> {
    let by_hash = engine.reader.searcher().search(&AllQuery, &CountCodes)?;
    let mut out = HashMap::new();
    let codes = r
        .categories
        .iter()
        .map(|c| c.code.clone())
        .chain(r.macro_areas.iter().map(|m| m.code.clone()))
        .chain(r.accreditation_types.iter().map(|a| a.code.clone()));
    for c in codes {
        if let Some(n) = by_hash.get(&code(&c)) {
            out.insert(c, *n);
        }
    }
    Ok(out)
}
