//! The index's schema, and the documents built from the database's published cards.
//!
//! Text is analysed by `domain::text` (folding, Italian stop words, Snowball stemming)
//! before it reaches tantivy, which only splits on spaces: the same function analyses
//! queries, so indexing and searching always agree, whatever the database. Codes
//! (category, zones, vocabularies…) are stored as stable 64-bit hashes of the code, so
//! the index does not depend on the order of the reference data.
use crate::domain::text;
use crate::domain::{CardStatus, ZoneKind};
use crate::entities::service_cards;
use crate::reference::{Reference, vocab};
use crate::services::cards::CardRows;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use sha2::{Digest, Sha256};
use tantivy::TantivyDocument;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions,
};

/// Bumped whenever the schema or the text analysis changes: an index with another
/// version is rebuilt.
pub const SCHEMA_VERSION: u32 = 3;
/// The tokenizer of the text fields (the text is analysed before).
pub const TOKENIZER: &str = "spaces";

#[derive(Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub title: Field,
    pub body: Field,
    pub macro_area: Field,
    pub category: Field,
    pub accreditation_type: Field,
    pub zones: Field,
    pub municipi: Field,
    pub recipients: Field,
    pub delivery_places: Field,
    pub vouchers: Field,
    /// The languages the staff speak (ISO 639-1 codes).
    pub languages: Field,
    /// One value per price option: the unit's hash in the high 24 bits, the cents in the
    /// low 40 (so "this unit, at most X" is a range).
    pub prices: Field,
    pub min_price: Field,
    pub waiting_total: Field,
    pub waiting_activation: Field,
    pub quote: Field,
    pub published: Field,
    pub summary: Field,
}

pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let code = INDEXED | FAST;
    let fields = Fields {
        id: b.add_u64_field("id", INDEXED | FAST | STORED),
        title: b.add_text_field("title", text.clone()),
        body: b.add_text_field("body", text),
        macro_area: b.add_u64_field("macro_area", code.clone()),
        category: b.add_u64_field("category", code.clone()),
        accreditation_type: b.add_u64_field("accreditation_type", code.clone()),
        zones: b.add_u64_field("zones", code.clone()),
        municipi: b.add_u64_field("municipi", code.clone()),
        recipients: b.add_u64_field("recipients", code.clone()),
        delivery_places: b.add_u64_field("delivery_places", code.clone()),
        vouchers: b.add_u64_field("vouchers", code.clone()),
        languages: b.add_u64_field("languages", code.clone()),
        prices: b.add_u64_field("prices", code.clone()),
        min_price: b.add_i64_field("min_price", FAST),
        waiting_total: b.add_i64_field("waiting_total", INDEXED | FAST),
        waiting_activation: b.add_i64_field("waiting_activation", FAST),
        quote: b.add_u64_field("quote", code),
        published: b.add_i64_field("published", FAST),
        summary: b.add_bytes_field("summary", STORED),
    };
    (b.build(), fields)
}

/// A code's stable number in the index.
pub fn code(code: &str) -> u64 {
    let digest = Sha256::digest(code.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(bytes)
}

const CENTS_BITS: u32 = 40;

/// A price option as one number (see `Fields::prices`).
pub fn price_key(unit: &str, cents: i64) -> u64 {
    let unit_bits = code(unit) >> (64 - (64 - CENTS_BITS));
    (unit_bits << CENTS_BITS) | (cents.clamp(0, (1 << CENTS_BITS) - 1) as u64)
}

/// The range of price keys of `unit` up to `max` cents.
pub fn price_range(unit: &str, max: i64) -> (u64, u64) {
    (price_key(unit, 0), price_key(unit, max))
}

/// The unit part and the cents of a price key.
pub fn price_parts(key: u64) -> (u64, i64) {
    (key >> CENTS_BITS, (key & ((1 << CENTS_BITS) - 1)) as i64)
}

/// The unit part of a price key for `unit`.
pub fn unit_part(unit: &str) -> u64 {
    price_parts(price_key(unit, 0)).0
}

/// What the index holds of one published card.
pub struct CardDoc {
    pub id: i32,
    pub doc: TantivyDocument,
    pub title: String,
    pub provider: (uuid::Uuid, String),
}

/// The searchable text of a card besides its title: the provider, the category's names,
/// description and synonyms in both languages, the macro area, the recipients, and the
/// card's own description.
fn body_text(r: &Reference, c: &service_cards::Model, org: &str, recipients: &[String]) -> String {
    let mut parts: Vec<String> = vec![org.to_owned()];
    if let Some(cat) = r.category(&c.category_code) {
        parts.extend([
            cat.label.it.clone(),
            cat.label.en.clone(),
            cat.description.it.clone(),
            cat.description.en.clone(),
            cat.synonyms.clone(),
        ]);
        if let Some(m) = r.macro_area(&cat.macro_area) {
            parts.extend([m.label.it.clone(), m.label.en.clone()]);
        }
    }
    for code in recipients {
        let l = r.term_label(vocab::RECIPIENT_GROUP, code);
        parts.extend([l.it, l.en]);
    }
    parts.extend([
        c.needs_analysis.clone(),
        c.solution.clone(),
        c.activities.clone(),
    ]);
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    text::document(&refs)
}

/// The published cards among `ids` (all published cards with `None`), as documents.
pub async fn load(
    db: &impl ConnectionTrait,
    r: &Reference,
    f: &Fields,
    ids: Option<&[i32]>,
) -> Result<Vec<CardDoc>, DbErr> {
    let (ids, rows) = load_rows(db, ids).await?;
    documents(r, f, &ids, &rows)
}

/// The rows of the cards `ids` (all published cards with `None`): the database's part
/// of [`load`].
pub async fn load_rows(
    db: &impl ConnectionTrait,
    ids: Option<&[i32]>,
) -> Result<(Vec<i32>, CardRows), DbErr> {
    let ids: Vec<i32> = match ids {
        Some(ids) => ids.to_vec(),
        None => {
            service_cards::Entity::find()
                .select_only()
                .column(service_cards::Column::Id)
                .filter(crate::services::cards::visible())
                .order_by_asc(service_cards::Column::Id)
                .into_tuple::<i32>()
                .all(db)
                .await?
        }
    };
    if ids.is_empty() {
        return Ok((ids, CardRows::default()));
    }
    let rows = CardRows::load(db, &ids).await?;
    Ok((ids, rows))
}

/// The documents of the published cards among `ids`, from their rows: the CPU's part of
/// [`load`] (text analysis: folding and stemming).
pub fn documents(
    r: &Reference,
    f: &Fields,
    ids: &[i32],
    rows: &CardRows,
) -> Result<Vec<CardDoc>, DbErr> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        // A card removed or unpublished meanwhile, or of an organisation suspended
        // meanwhile, is left out (a change deletes it): `cards::visible`, on the rows.
        let Some(c) = rows
            .cards
            .get(id)
            .filter(|c| c.status == CardStatus::Published)
        else {
            continue;
        };
        let (Some(org), Some(summary)) = (rows.orgs.get(&c.organisation_id), rows.summary(r, c.id))
        else {
            continue;
        };
        if org.accreditation_status != crate::domain::AccreditationStatus::Accredited {
            continue;
        }
        let recipient_codes: Vec<String> = rows
            .recipients
            .get(&c.id)
            .map(|v| v.iter().map(|x| x.code.clone()).collect())
            .unwrap_or_default();
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.id, c.id as u64);
        doc.add_text(f.title, text::document(&[&c.title]));
        doc.add_text(f.body, body_text(r, c, &org.legal_name, &recipient_codes));
        doc.add_u64(f.macro_area, code(&c.macro_area_code));
        doc.add_u64(f.category, code(&c.category_code));
        doc.add_u64(f.accreditation_type, code(&c.accreditation_type_code));
        let mut municipi = Vec::new();
        for z in rows.zones.get(&c.id).into_iter().flatten() {
            doc.add_u64(f.zones, z.zone_id as u64);
            let municipio = r.zone_by_id(z.zone_id).and_then(|zone| match zone.kind {
                ZoneKind::Municipio => Some(zone.id),
                ZoneKind::Nil => zone.parent_id,
                ZoneKind::Comune => None,
            });
            if let Some(m) = municipio
                && !municipi.contains(&m)
            {
                municipi.push(m);
                doc.add_u64(f.municipi, m as u64);
            }
        }
        for code_ in &recipient_codes {
            doc.add_u64(f.recipients, code(code_));
        }
        for lang in c
            .languages
            .split(',')
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            doc.add_u64(f.languages, code(lang));
        }
        for p in rows.places.get(&c.id).into_iter().flatten() {
            doc.add_u64(f.delivery_places, code(&p.code));
        }
        for v in rows.vouchers.get(&c.id).into_iter().flatten() {
            doc.add_u64(f.vouchers, code(&v.code));
        }
        for p in rows.prices.get(&c.id).into_iter().flatten() {
            doc.add_u64(f.prices, price_key(&p.unit_code, p.price_cents));
        }
        doc.add_i64(f.min_price, c.min_price_cents.unwrap_or(i64::MAX));
        doc.add_i64(f.waiting_total, i64::from(c.waiting_days_total));
        doc.add_i64(f.waiting_activation, i64::from(c.waiting_days_activation));
        doc.add_u64(f.quote, u64::from(c.quote_available));
        doc.add_i64(
            f.published,
            c.published_at.map_or(0, |t| t.timestamp_millis()),
        );
        let bytes = serde_json::to_vec(&summary).map_err(|e| DbErr::Json(e.to_string()))?;
        doc.add_bytes(f.summary, &bytes);
        out.push(CardDoc {
            id: c.id,
            doc,
            title: c.title.clone(),
            provider: (org.public_id, org.legal_name.clone()),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_keys_keep_units_apart_and_order_cents() {
        let (lo, hi) = price_range("ora", 2_000);
        assert!(lo <= price_key("ora", 1_500) && price_key("ora", 1_500) <= hi);
        assert!(price_key("ora", 2_001) > hi);
        let other = price_key("mese", 1_000);
        assert!(other < lo || other > hi);
        assert_eq!(
            price_parts(price_key("ora", 1_234)),
            (unit_part("ora"), 1_234)
        );
        assert_eq!(code("badante"), code("badante"));
        assert_ne!(code("badante"), code("colf"));
    }
}
