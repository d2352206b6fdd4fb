//! Catalogue search: full text (FTS5 on SQLite, tsvector on PostgreSQL, the same stemmed
//! tokens on both), filters, sorting, pagination and facet counts.
use super::SearchParams;
use super::cards;
use super::sql::{CodeCount, Sql};
use crate::api::services::{FacetCount, Facets, SearchSort, ServiceSearchPage};
use crate::reference::Reference;
use sea_orm::{ConnectionTrait, DbBackend, DbErr, FromQueryResult};
use std::collections::HashMap;

/// A facet dimension: its own filter is left out when counting it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dim {
    MacroArea,
    Category,
    Zone,
}

#[derive(FromQueryResult)]
struct IdRow {
    id: i32,
}

#[derive(FromQueryResult)]
struct CountRow {
    n: i64,
}

#[derive(FromQueryResult)]
struct IdCount {
    zid: i32,
    n: i64,
}

/// The text-match condition for `c`, or None without terms.
fn text_condition(sql: &mut Sql, p: &SearchParams) -> Option<String> {
    if p.terms.is_empty() {
        return None;
    }
    Some(match sql.backend() {
        DbBackend::Postgres => {
            let q = sql.param(p.terms.join(" & "));
            format!("c.search_vector @@ to_tsquery('simple', {q})")
        }
        _ => {
            let q = sql.param(fts5_query(&p.terms));
            format!("c.id IN (SELECT rowid FROM card_fts WHERE card_fts MATCH {q})")
        }
    })
}

/// Terms are ASCII alphanumerics (see `domain::text`), so quoting each is enough to keep
/// FTS5 syntax out; adjacent phrases are ANDed.
fn fts5_query(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(" ")
}

fn where_clause(sql: &mut Sql, p: &SearchParams, skip: Option<Dim>) -> String {
    let mut w = vec!["c.status = 'published'".to_owned()];
    if let Some(t) = text_condition(sql, p) {
        w.push(t);
    }
    if skip != Some(Dim::MacroArea)
        && let Some(v) = &p.macro_area
    {
        w.push(format!("c.macro_area_code = {}", sql.param(v.clone())));
    }
    if skip != Some(Dim::Category)
        && let Some(v) = &p.category
    {
        w.push(format!("c.category_code = {}", sql.param(v.clone())));
    }
    if let Some(v) = &p.accreditation_type {
        w.push(format!(
            "c.accreditation_type_code = {}",
            sql.param(v.clone())
        ));
    }
    if skip != Some(Dim::Zone)
        && let Some(ids) = &p.zone_ids
    {
        let list = sql.params(ids);
        w.push(format!("EXISTS (SELECT 1 FROM card_zones cz WHERE cz.card_id = c.id AND cz.zone_id IN ({list}))"));
    }
    for (table, value) in [
        ("card_recipients", &p.recipient),
        ("card_delivery_places", &p.delivery_place),
        ("card_vouchers", &p.voucher),
    ] {
        if let Some(v) = value {
            let ph = sql.param(v.clone());
            w.push(format!(
                "EXISTS (SELECT 1 FROM {table} t WHERE t.card_id = c.id AND t.code = {ph})"
            ));
        }
    }
    if p.max_price_cents.is_some() || p.price_unit.is_some() {
        let mut cond = vec!["pr.card_id = c.id".to_owned()];
        if let Some(max) = p.max_price_cents {
            cond.push(format!("pr.price_cents <= {}", sql.param(max)));
        }
        if let Some(u) = &p.price_unit {
            cond.push(format!("pr.unit_code = {}", sql.param(u.clone())));
        }
        w.push(format!(
            "EXISTS (SELECT 1 FROM card_prices pr WHERE {})",
            cond.join(" AND ")
        ));
    }
    if let Some(d) = p.max_waiting_days {
        w.push(format!("c.waiting_days_total <= {}", sql.param(d)));
    }
    if let Some(q) = p.quote_available {
        w.push(format!("c.quote_available = {}", sql.param(q)));
    }
    w.join(" AND ")
}

/// ORDER BY for the page. Call after `where_clause` on the same `Sql`: placeholders are
/// bound in text order, which SQLite's positional `?` requires.
fn order_clause(sql: &mut Sql, p: &SearchParams) -> String {
    match p.sort {
        SearchSort::Relevance if !p.terms.is_empty() => match sql.backend() {
            DbBackend::Postgres => {
                let q = sql.param(p.terms.join(" & "));
                format!("ts_rank(c.search_vector, to_tsquery('simple', {q})) DESC, c.id DESC")
            }
            _ => {
                let q = sql.param(fts5_query(&p.terms));
                // bm25: lower is better; a title match weighs five times a body match.
                format!(
                    "(SELECT bm25(card_fts, 5.0, 1.0) FROM card_fts WHERE card_fts MATCH {q} AND card_fts.rowid = c.id) ASC, c.id DESC"
                )
            }
        },
        SearchSort::Relevance => "c.published_at DESC, c.id DESC".to_owned(),
        SearchSort::Price => match &p.price_unit {
            Some(u) => {
                let ph = sql.param(u.clone());
                format!(
                    "(SELECT MIN(pu.price_cents) FROM card_prices pu WHERE pu.card_id = c.id AND pu.unit_code = {ph}) ASC, c.id ASC"
                )
            }
            None => "CASE WHEN c.min_price_cents IS NULL THEN 1 ELSE 0 END, c.min_price_cents ASC, c.id ASC".to_owned(),
        },
        SearchSort::Waiting => "c.waiting_days_total ASC, c.waiting_days_activation ASC, c.id ASC".to_owned(),
    }
}

async fn page_ids(db: &impl ConnectionTrait, p: &SearchParams) -> Result<Vec<i32>, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    let w = where_clause(&mut sql, p, None);
    let o = order_clause(&mut sql, p);
    let limit = sql.param(i64::from(p.per_page));
    let offset = sql.param(i64::from(p.page - 1) * i64::from(p.per_page));
    sql.push(&format!("SELECT c.id AS id FROM service_cards c WHERE {w} ORDER BY {o} LIMIT {limit} OFFSET {offset}"));
    Ok(IdRow::find_by_statement(sql.build())
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect())
}

async fn total(db: &impl ConnectionTrait, p: &SearchParams) -> Result<i64, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    let w = where_clause(&mut sql, p, None);
    sql.push(&format!(
        "SELECT COUNT(*) AS n FROM service_cards c WHERE {w}"
    ));
    Ok(CountRow::find_by_statement(sql.build())
        .one(db)
        .await?
        .map_or(0, |r| r.n))
}

async fn column_facet(
    db: &impl ConnectionTrait,
    p: &SearchParams,
    dim: Dim,
) -> Result<HashMap<String, i64>, DbErr> {
    let column = if dim == Dim::MacroArea {
        "c.macro_area_code"
    } else {
        "c.category_code"
    };
    let mut sql = Sql::new(db.get_database_backend());
    let w = where_clause(&mut sql, p, Some(dim));
    sql.push(&format!(
        "SELECT {column} AS code, COUNT(*) AS n FROM service_cards c WHERE {w} GROUP BY {column}"
    ));
    Ok(CodeCount::find_by_statement(sql.build())
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.code, r.n))
        .collect())
}

async fn municipio_facet(
    db: &impl ConnectionTrait,
    p: &SearchParams,
) -> Result<HashMap<i32, i64>, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    let w = where_clause(&mut sql, p, Some(Dim::Zone));
    sql.push(&format!(
        "SELECT z.municipio_id AS zid, COUNT(DISTINCT c.id) AS n FROM service_cards c \
         JOIN card_zones cz ON cz.card_id = c.id JOIN zones z ON z.id = cz.zone_id \
         WHERE {w} AND z.municipio_id IS NOT NULL GROUP BY z.municipio_id"
    ));
    Ok(IdCount::find_by_statement(sql.build())
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.zid, r.n))
        .collect())
}

pub async fn search(
    db: &impl ConnectionTrait,
    r: &Reference,
    p: &SearchParams,
) -> Result<ServiceSearchPage, DbErr> {
    // Five independent reads: run them at once (each takes its own pooled connection).
    let (ids, total, macro_counts, category_counts, municipio_counts) = tokio::try_join!(
        page_ids(db, p),
        total(db, p),
        column_facet(db, p, Dim::MacroArea),
        column_facet(db, p, Dim::Category),
        municipio_facet(db, p),
    )?;
    let facets = Facets {
        macro_areas: r
            .macro_areas
            .iter()
            .map(|m| FacetCount {
                code: m.code.clone(),
                label: m.label.clone(),
                count: macro_counts.get(&m.code).copied().unwrap_or(0),
            })
            .collect(),
        categories: r
            .categories
            .iter()
            .filter_map(|c| {
                let count = *category_counts.get(&c.code)?;
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
                label: crate::reference::Label::new(&z.name, &z.name),
                count: municipio_counts.get(&z.id).copied().unwrap_or(0),
            })
            .collect(),
    };
    Ok(ServiceSearchPage {
        items: cards::summaries(db, r, &ids).await?,
        total,
        page: p.page,
        per_page: p.per_page,
        facets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts5_terms_are_quoted_phrases() {
        assert_eq!(
            fts5_query(&["badant".into(), "milan".into()]),
            "\"badant\" \"milan\""
        );
    }

    #[test]
    fn sqlite_binding_order_matches_text_order() {
        let p = SearchParams {
            terms: vec!["badant".into()],
            category: Some("badante".into()),
            page: 2,
            per_page: 10,
            ..Default::default()
        };
        let mut sql = Sql::new(DbBackend::Postgres);
        let w = where_clause(&mut sql, &p, None);
        let o = order_clause(&mut sql, &p);
        assert!(
            w.contains("$1") && w.contains("$2") && o.contains("$3"),
            "{w} / {o}"
        );
    }
}
