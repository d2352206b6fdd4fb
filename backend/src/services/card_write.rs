//! Writing service cards. Cards are inserted in batches (the demo and the 100,000-card
//! synthetic set use the same path); the caller owns the transaction, so a card and all
//! its child rows are stored together or not at all.
use crate::api::services::{CardStatus, StaffKind};
use crate::domain::{money, text};
use crate::entities::{
    card_contact_hours, card_delivery_places, card_prices, card_recipients, card_staff,
    card_vouchers, card_zones, service_cards,
};
use crate::reference::{Reference, vocab};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct NewPrice {
    pub unit: String,
    pub price_cents: i64,
    pub vat_rate_bp: i32,
    pub label: Option<String>,
    pub is_package: bool,
}

#[derive(Debug, Clone)]
pub struct NewStaff {
    pub kind: StaffKind,
    pub count: i32,
    pub qualification: String,
    pub years_experience: i32,
    pub references_available: bool,
    pub supplier: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewCard {
    pub public_id: Uuid,
    pub organisation_id: i32,
    pub organisation_name: String,
    pub category: String,
    pub accreditation_type: String,
    pub title: String,
    pub service_manager: String,
    pub needs_analysis: String,
    pub solution: String,
    pub activities: String,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub waiting_days_assessment: i32,
    pub waiting_days_activation: i32,
    pub quote_available: bool,
    pub status: CardStatus,
    pub recipients: Vec<String>,
    pub delivery_places: Vec<String>,
    pub vouchers: Vec<String>,
    pub zone_ids: Vec<i32>,
    /// (weekday 1–7, opens HH:MM, closes HH:MM)
    pub hours: Vec<(i16, String, String)>,
    pub staff: Vec<NewStaff>,
    pub prices: Vec<NewPrice>,
    /// ISO 639-1 codes of the languages the staff speak.
    pub languages: Vec<String>,
    pub accessibility: crate::api::cards_admin::Accessibility,
    pub created_at: DateTime<Utc>,
}

/// Checks a card against the reference data and the card rules; returns what is wrong.
pub fn check(r: &Reference, c: &NewCard) -> Vec<String> {
    let mut errs = Vec::new();
    match r.category(&c.category) {
        None => errs.push(format!("unknown category {}", c.category)),
        Some(cat) if !cat.accreditation_types.contains(&c.accreditation_type) => {
            errs.push(format!(
                "accreditation type {} does not fit category {}",
                c.accreditation_type, c.category
            ))
        }
        Some(_) => {}
    }
    for (kind, codes) in [
        (vocab::RECIPIENT_GROUP, &c.recipients),
        (vocab::DELIVERY_PLACE, &c.delivery_places),
        (vocab::VOUCHER_SCHEME, &c.vouchers),
    ] {
        for code in codes {
            if r.term(kind, code).is_none() {
                errs.push(format!("unknown {kind} {code}"));
            }
        }
    }
    for z in &c.zone_ids {
        if r.zone_by_id(*z).is_none() {
            errs.push(format!("unknown zone id {z}"));
        }
    }
    if c.prices.is_empty() {
        errs.push("a card states at least one price".into());
    }
    for p in &c.prices {
        if r.term(vocab::PRICE_UNIT, &p.unit).is_none() {
            errs.push(format!("unknown price unit {}", p.unit));
        }
        if p.price_cents <= 0 || !money::is_valid_vat_rate(p.vat_rate_bp) {
            errs.push(format!(
                "bad price {} / VAT {}",
                p.price_cents, p.vat_rate_bp
            ));
        }
    }
    if c.waiting_days_assessment < 0 || c.waiting_days_activation < 0 {
        errs.push("waiting days cannot be negative".into());
    }
    for (d, o, cl) in &c.hours {
        if !(1..=7).contains(d) || o >= cl {
            errs.push(format!("bad contact hours {d} {o}-{cl}"));
        }
    }
    errs
}

pub(crate) fn search_body(r: &Reference, c: &NewCard) -> String {
    let mut parts: Vec<String> = vec![c.organisation_name.clone()];
    if let Some(cat) = r.category(&c.category) {
        parts.extend([
            cat.label.it.clone(),
            cat.label.en.clone(),
            cat.synonyms.clone(),
        ]);
        if let Some(m) = r.macro_area(&cat.macro_area) {
            parts.extend([m.label.it.clone(), m.label.en.clone()]);
        }
    }
    for code in &c.recipients {
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

const BATCH: usize = 200;

/// Appends the cards to the catalogue's change feed. Every write that changes what a card
/// looks like in search calls it inside its transaction, so the search index of every
/// instance applies the change (see `crate::search`). On PostgreSQL the writers of the
/// feed take turns (a transaction-scoped advisory lock held to commit): sequence numbers
/// then commit in order, and an index that has applied number n has seen every change
/// before it. (On SQLite writes take turns anyway.)
pub async fn record_changes(db: &impl ConnectionTrait, card_ids: &[i32]) -> Result<(), DbErr> {
    use sea_orm::{DbBackend, Statement};
    if card_ids.is_empty() {
        return Ok(());
    }
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock(7415823901)",
        ))
        .await?;
    }
    let now = chrono::Utc::now();
    for chunk in card_ids.chunks(BATCH) {
        let rows = chunk
            .iter()
            .map(|id| crate::entities::catalogue_changes::ActiveModel {
                seq: NotSet,
                card_id: Set(*id),
                at: Set(now),
            });
        crate::entities::catalogue_changes::Entity::insert_many(rows)
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Inserts the cards with all their child rows; returns their internal ids.
pub async fn insert_cards(
    db: &impl ConnectionTrait,
    r: &Reference,
    cards: &[NewCard],
) -> Result<Vec<i32>, DbErr> {
    let mut all_ids = Vec::with_capacity(cards.len());
    for chunk in cards.chunks(BATCH) {
        for c in chunk {
            let errs = check(r, c);
            if !errs.is_empty() {
                return Err(DbErr::Custom(format!(
                    "invalid card {:?}: {}",
                    c.title,
                    errs.join("; ")
                )));
            }
        }
        let rows = chunk.iter().map(|c| {
            let published = c.status == CardStatus::Published;
            service_cards::ActiveModel {
                id: NotSet,
                public_id: Set(c.public_id),
                organisation_id: Set(c.organisation_id),
                category_code: Set(c.category.clone()),
                macro_area_code: Set(r
                    .category(&c.category)
                    .map(|k| k.macro_area.clone())
                    .unwrap_or_default()),
                accreditation_type_code: Set(c.accreditation_type.clone()),
                title: Set(c.title.clone()),
                service_manager: Set(c.service_manager.clone()),
                needs_analysis: Set(c.needs_analysis.clone()),
                solution: Set(c.solution.clone()),
                activities: Set(c.activities.clone()),
                contact_phone: Set(c.contact_phone.clone()),
                contact_email: Set(c.contact_email.clone()),
                waiting_days_assessment: Set(c.waiting_days_assessment),
                waiting_days_activation: Set(c.waiting_days_activation),
                waiting_days_total: Set(c.waiting_days_assessment + c.waiting_days_activation),
                quote_available: Set(c.quote_available),
                status: Set(c.status),
                min_price_cents: Set(c.prices.iter().map(|p| p.price_cents).min()),
                search_title: Set(text::document(&[&c.title])),
                search_body: Set(search_body(r, c)),
                published_at: Set(published.then_some(c.created_at)),
                created_at: Set(c.created_at),
                updated_at: Set(c.created_at),
                languages: Set(c.languages.join(",")),
                access_step_free: Set(c.accessibility.step_free.code().into()),
                access_toilet: Set(c.accessibility.toilet.code().into()),
                access_lift: Set(c.accessibility.lift.code().into()),
                last_verified_at: Set(published.then_some(c.created_at)),
                verify_reminded_at: Set(None),
                status_reason: Set(None),
                revision: Set(1),
            }
        });
        service_cards::Entity::insert_many(rows).exec(db).await?;
        let uuids: Vec<Uuid> = chunk.iter().map(|c| c.public_id).collect();
        let ids: HashMap<Uuid, i32> = service_cards::Entity::find()
            .select_only()
            .column(service_cards::Column::PublicId)
            .column(service_cards::Column::Id)
            .filter(service_cards::Column::PublicId.is_in(uuids))
            .into_tuple::<(Uuid, i32)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let mut chunk_ids = Vec::with_capacity(chunk.len());
        for c in chunk {
            let id = *ids
                .get(&c.public_id)
                .ok_or_else(|| DbErr::Custom(format!("card {} was not stored", c.public_id)))?;
            chunk_ids.push(id);
        }
        insert_children(db, chunk, &chunk_ids).await?;
        all_ids.extend(chunk_ids);
    }
    record_changes(db, &all_ids).await?;
    Ok(all_ids)
}

pub(crate) async fn insert_children(
    db: &impl ConnectionTrait,
    chunk: &[NewCard],
    ids: &[i32],
) -> Result<(), DbErr> {
    let pairs = || chunk.iter().zip(ids.iter().copied());
    let recipients: Vec<_> = pairs()
        .flat_map(|(c, id)| {
            c.recipients
                .iter()
                .map(move |code| card_recipients::ActiveModel {
                    card_id: Set(id),
                    code: Set(code.clone()),
                })
        })
        .collect();
    let places: Vec<_> = pairs()
        .flat_map(|(c, id)| {
            c.delivery_places
                .iter()
                .map(move |code| card_delivery_places::ActiveModel {
                    card_id: Set(id),
                    code: Set(code.clone()),
                })
        })
        .collect();
    let vouchers: Vec<_> = pairs()
        .flat_map(|(c, id)| {
            c.vouchers
                .iter()
                .map(move |code| card_vouchers::ActiveModel {
                    card_id: Set(id),
                    code: Set(code.clone()),
                })
        })
        .collect();
    let zones: Vec<_> = pairs()
        .flat_map(|(c, id)| {
            c.zone_ids.iter().map(move |z| card_zones::ActiveModel {
                card_id: Set(id),
                zone_id: Set(*z),
                category_code: Set(c.category.clone()),
            })
        })
        .collect();
    let hours: Vec<_> = pairs()
        .flat_map(|(c, id)| {
            c.hours
                .iter()
                .map(move |(d, o, cl)| card_contact_hours::ActiveModel {
                    id: NotSet,
                    card_id: Set(id),
                    weekday: Set(*d),
                    opens: Set(o.clone()),
                    closes: Set(cl.clone()),
                })
        })
        .collect();
    let staff: Vec<_> = pairs()
        .flat_map(|(c, id)| {
            c.staff.iter().map(move |s| card_staff::ActiveModel {
                id: NotSet,
                card_id: Set(id),
                kind: Set(s.kind),
                headcount: Set(s.count),
                qualification: Set(s.qualification.clone()),
                years_experience: Set(s.years_experience),
                references_available: Set(s.references_available),
                supplier: Set(s.supplier.clone()),
            })
        })
        .collect();
    let prices: Vec<_> = pairs()
        .flat_map(|(c, id)| {
            c.prices
                .iter()
                .enumerate()
                .map(move |(i, p)| card_prices::ActiveModel {
                    id: NotSet,
                    card_id: Set(id),
                    unit_code: Set(p.unit.clone()),
                    price_cents: Set(p.price_cents),
                    vat_rate_bp: Set(p.vat_rate_bp),
                    label: Set(p.label.clone()),
                    is_package: Set(p.is_package),
                    position: Set(i as i32),
                })
        })
        .collect();
    // SQLite allows 32,766 bound values a statement: stay well below in every batch.
    insert_chunked(db, recipients, 1000).await?;
    insert_chunked(db, places, 1000).await?;
    insert_chunked(db, vouchers, 1000).await?;
    insert_chunked(db, zones, 1000).await?;
    insert_chunked(db, hours, 1000).await?;
    insert_chunked(db, staff, 500).await?;
    insert_chunked(db, prices, 500).await?;
    Ok(())
}

/// Inserts rows in batches of `size` (bounded statement size on every backend).
async fn insert_chunked<A>(
    db: &impl ConnectionTrait,
    rows: Vec<A>,
    size: usize,
) -> Result<(), DbErr>
where
    A: ActiveModelTrait + sea_orm::ActiveModelBehavior + Clone + Send,
    <A::Entity as EntityTrait>::Model: sea_orm::IntoActiveModel<A>,
{
    for batch in rows.chunks(size) {
        <A::Entity as EntityTrait>::insert_many(batch.to_vec())
            .exec(db)
            .await?;
    }
    Ok(())
}
