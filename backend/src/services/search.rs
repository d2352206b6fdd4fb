//! Catalogue search over the in-memory index (`search_index`): text (all terms must
//! match, ranked BM25-style with title matches weighing five times body matches),
//! filters, facet counts (each facet ignoring its own filter), sorting and pagination.
//! The page's cards are then loaded from the database.
use super::SearchParams;
use super::search_index::{Doc, SearchIndex, Snapshot};
use crate::api::services::{FacetCount, Facets, SearchSort, ServiceSearchPage};
use crate::db::Db;
use crate::reference::{Label, Reference};
use sea_orm::DbErr;
use std::collections::HashMap;

/// Documents matching every term, with their relevance; every document without terms.
fn text_matches(s: &Snapshot, terms: &[String]) -> Vec<(u32, f64)> {
    if terms.is_empty() {
        return (0..s.docs.len() as u32).map(|d| (d, 0.0)).collect();
    }
    let n = s.docs.len().max(1) as f64;
    let mut lists = Vec::with_capacity(terms.len());
    for t in terms {
        match s.postings.get(t) {
            Some(p) => lists.push(p),
            None => return Vec::new(),
        }
    }
    lists.sort_by_key(|l| l.len());
    let score = |title_tf: u16, body_tf: u16, df: usize| {
        let tf = 5.0 * f64::from(title_tf) + f64::from(body_tf);
        (1.0 + n / df as f64).ln() * tf / (tf + 1.2)
    };
    let mut acc: Vec<(u32, f64)> = lists[0]
        .iter()
        .map(|p| (p.doc, score(p.title_tf, p.body_tf, lists[0].len())))
        .collect();
    for list in &lists[1..] {
        // Both are sorted by document: merge-intersect.
        let mut out = Vec::with_capacity(acc.len().min(list.len()));
        let (mut i, mut j) = (0, 0);
        while i < acc.len() && j < list.len() {
            match acc[i].0.cmp(&list[j].doc) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    out.push((
                        acc[i].0,
                        acc[i].1 + score(list[j].title_tf, list[j].body_tf, list.len()),
                    ));
                    i += 1;
                    j += 1;
                }
            }
        }
        acc = out;
    }
    acc
}

fn has(codes: &[String], want: &Option<String>) -> bool {
    want.as_ref().is_none_or(|w| codes.iter().any(|c| c == w))
}

/// The filters other than macro area, category and zone (the facet dimensions).
fn rest_ok(d: &Doc, p: &SearchParams) -> bool {
    p.accreditation_type
        .as_ref()
        .is_none_or(|a| &d.accreditation_type == a)
        && has(&d.recipients, &p.recipient)
        && has(&d.delivery_places, &p.delivery_place)
        && has(&d.vouchers, &p.voucher)
        && (p.max_price_cents.is_none() && p.price_unit.is_none()
            || d.prices.iter().any(|(unit, cents)| {
                p.max_price_cents.is_none_or(|m| *cents <= m)
                    && p.price_unit.as_ref().is_none_or(|u| unit == u)
            }))
        && p.max_waiting_days.is_none_or(|m| d.waiting_total <= m)
        && p.quote_available.is_none_or(|q| d.quote_available == q)
}

fn min_in_unit(d: &Doc, unit: &str) -> Option<i64> {
    d.prices
        .iter()
        .filter(|(u, _)| u == unit)
        .map(|(_, c)| *c)
        .min()
}

/// Orders matches (doc index, relevance) so that the first `upto` are in result order:
/// a partial selection, then a sort of that prefix only.
fn sort(s: &Snapshot, hits: &mut [(u32, f64)], p: &SearchParams, upto: usize) {
    let doc = |i: u32| &s.docs[i as usize];
    let price_key = |d: &Doc| {
        let price = match &p.price_unit {
            Some(u) => min_in_unit(d, u),
            None => d.min_price,
        };
        (price.is_none(), price.unwrap_or(0), d.id)
    };
    let cmp = |a: &(u32, f64), b: &(u32, f64)| -> std::cmp::Ordering {
        let (da, db) = (doc(a.0), doc(b.0));
        match p.sort {
            SearchSort::Relevance if !p.terms.is_empty() => {
                b.1.total_cmp(&a.1).then_with(|| db.id.cmp(&da.id))
            }
            SearchSort::Relevance => (db.published_at, db.id).cmp(&(da.published_at, da.id)),
            SearchSort::Price => price_key(da).cmp(&price_key(db)),
            SearchSort::Waiting => (da.waiting_total, da.waiting_activation, da.id).cmp(&(
                db.waiting_total,
                db.waiting_activation,
                db.id,
            )),
        }
    };
    if upto > 0 && upto < hits.len() {
        hits.select_nth_unstable_by(upto - 1, cmp);
    }
    let prefix = upto.min(hits.len());
    hits[..prefix].sort_by(cmp);
}

pub struct Outcome<'a> {
    pub total: i64,
    /// Indexes into the snapshot's documents, in result order.
    pub page: Vec<usize>,
    pub macro_counts: HashMap<&'a str, i64>,
    pub category_counts: HashMap<&'a str, i64>,
    pub municipio_counts: HashMap<i32, i64>,
}

/// One pass over the text matches: results and the three facets.
pub fn run<'a>(s: &'a Snapshot, p: &SearchParams) -> Outcome<'a> {
    let mut hits = Vec::new();
    let (mut macro_counts, mut category_counts, mut municipio_counts) =
        (HashMap::new(), HashMap::new(), HashMap::new());
    for (i, score) in text_matches(s, &p.terms) {
        let d = &s.docs[i as usize];
        if !rest_ok(d, p) {
            continue;
        }
        let macro_ok = p.macro_area.as_ref().is_none_or(|m| &d.macro_area == m);
        let cat_ok = p.category.as_ref().is_none_or(|c| &d.category == c);
        let zone_ok = p
            .zone_ids
            .as_ref()
            .is_none_or(|ids| d.zones.iter().any(|z| ids.contains(z)));
        if cat_ok && zone_ok {
            *macro_counts.entry(d.macro_area.as_str()).or_insert(0) += 1;
        }
        if macro_ok && zone_ok {
            *category_counts.entry(d.category.as_str()).or_insert(0) += 1;
        }
        if macro_ok && cat_ok {
            for m in &d.municipi {
                *municipio_counts.entry(*m).or_insert(0) += 1;
            }
            if zone_ok {
                hits.push((i, score));
            }
        }
    }
    let start = ((p.page - 1) as usize).saturating_mul(p.per_page as usize);
    let end = start.saturating_add(p.per_page as usize).min(hits.len());
    if start < hits.len() {
        sort(s, &mut hits, p, end);
    }
    let page = hits
        .get(start..end)
        .unwrap_or(&[])
        .iter()
        .map(|(i, _)| *i as usize)
        .collect();
    Outcome {
        total: hits.len() as i64,
        page,
        macro_counts,
        category_counts,
        municipio_counts,
    }
}

/// Searches the published cards. While the database cannot be reached, the answer comes
/// from the index this instance holds (possibly a little behind).
pub async fn search(
    db: &Db,
    index: &SearchIndex,
    r: &Reference,
    p: &SearchParams,
) -> Result<ServiceSearchPage, DbErr> {
    let held = index.held();
    let snapshot = match held {
        Some(s) if db.health().is_down() => s,
        held => match index.fresh(db, r).await {
            Ok(s) => s,
            Err(e) if crate::db::is_unavailable(&e) => {
                db.trip();
                held.ok_or(e)?
            }
            Err(e) => return Err(e),
        },
    };
    let o = run(&snapshot, p);
    let facets = Facets {
        macro_areas: r
            .macro_areas
            .iter()
            .map(|m| FacetCount {
                code: m.code.clone(),
                label: m.label.clone(),
                count: o.macro_counts.get(m.code.as_str()).copied().unwrap_or(0),
            })
            .collect(),
        categories: r
            .categories
            .iter()
            .filter_map(|c| {
                let count = *o.category_counts.get(c.code.as_str())?;
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
                count: o.municipio_counts.get(&z.id).copied().unwrap_or(0),
            })
            .collect(),
    };
    Ok(ServiceSearchPage {
        items: o
            .page
            .iter()
            .filter_map(|i| snapshot.summaries.get(*i).cloned())
            .collect(),
        total: o.total,
        page: p.page,
        per_page: p.per_page,
        facets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::search_index::Posting;

    fn snapshot(n: usize) -> Snapshot {
        let mut s = Snapshot::default();
        for i in 0..n {
            s.docs.push(Doc {
                id: i as i32 + 1,
                macro_area: if i % 2 == 0 { "a" } else { "b" }.into(),
                category: format!("c{}", i % 5),
                zones: vec![(i % 3) as i32],
                municipi: vec![(i % 3) as i32],
                prices: vec![("ora".into(), ((i * 37) % 50) as i64 * 100)],
                min_price: Some(((i * 37) % 50) as i64 * 100),
                waiting_total: (i % 7) as i32,
                published_at: (i * 13 % 17) as i64,
                ..Default::default()
            });
            let p = Posting {
                doc: i as u32,
                title_tf: (i % 3) as u16,
                body_tf: 1,
            };
            s.postings.entry("x".into()).or_default().push(p);
            if i % 4 == 0 {
                s.postings.entry("y".into()).or_default().push(p);
            }
        }
        s
    }

    fn params(sort: SearchSort, page: u32, per_page: u32) -> SearchParams {
        SearchParams {
            sort,
            page,
            per_page,
            ..Default::default()
        }
    }

    #[test]
    fn pages_of_a_partial_sort_equal_slices_of_a_full_sort() {
        let s = snapshot(103);
        for sort in [
            SearchSort::Relevance,
            SearchSort::Price,
            SearchSort::Waiting,
        ] {
            let all: Vec<usize> = run(&s, &params(sort, 1, 1000)).page;
            assert_eq!(all.len(), 103);
            let mut paged = Vec::new();
            for page in 1..=11 {
                paged.extend(run(&s, &params(sort, page, 10)).page);
            }
            assert_eq!(paged, all, "{sort:?}");
        }
    }

    #[test]
    fn terms_intersect_and_facets_ignore_their_own_filter() {
        let s = snapshot(40);
        let mut p = params(SearchSort::Relevance, 1, 100);
        p.terms = vec!["x".into(), "y".into()];
        let o = run(&s, &p);
        assert_eq!(o.total, 10); // every 4th document has both terms
        p.terms.push("z".into());
        assert_eq!(run(&s, &p).total, 0);
        let mut p = params(SearchSort::Relevance, 1, 100);
        p.macro_area = Some("a".into());
        let o = run(&s, &p);
        assert_eq!(o.total, 20);
        assert_eq!(
            (o.macro_counts.get("a"), o.macro_counts.get("b")),
            (Some(&20), Some(&20))
        );
        let cats: i64 = o.category_counts.values().sum();
        assert_eq!(cats, 20);
        p.zone_ids = Some(vec![1]);
        let o = run(&s, &p);
        assert!(
            o.page
                .iter()
                .all(|i| s.docs[*i].zones == vec![1] && s.docs[*i].macro_area == "a")
        );
        assert_eq!(
            o.municipio_counts.values().sum::<i64>(),
            20,
            "the zone facet ignores the zone filter"
        );
    }
}
