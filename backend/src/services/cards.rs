//! Reading service cards: result summaries (batch-loaded for a page) and the full card.
use crate::api::CodeLabel;
use crate::api::cards_admin::Tristate;
use crate::api::services::{
    CardDescription, CardStatus, ContactHours, FirstContact, OrganisationRef, PriceOption,
    ServiceCard, ServiceSummary, StaffMember, ZoneRef,
};
use crate::entities::{
    card_contact_hours, card_delivery_places, card_prices, card_recipients, card_staff,
    card_vouchers, card_zones, organisations, service_cards,
};
use crate::reference::{Label, Reference, vocab};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use uuid::Uuid;

const SUMMARY_CHARS: usize = 180;

fn group<T, K: std::hash::Hash + Eq>(rows: Vec<T>, key: impl Fn(&T) -> K) -> HashMap<K, Vec<T>> {
    let mut map: HashMap<K, Vec<T>> = HashMap::new();
    for row in rows {
        map.entry(key(&row)).or_default().push(row);
    }
    map
}

pub fn price_option(r: &Reference, p: &card_prices::Model) -> PriceOption {
    PriceOption {
        unit: p.unit_code.clone(),
        unit_label: r.term_label(vocab::PRICE_UNIT, &p.unit_code),
        price_cents: p.price_cents,
        vat_rate_bp: p.vat_rate_bp,
        label: p.label.clone(),
        is_package: p.is_package,
    }
}

fn zone_refs(r: &Reference, rows: &[card_zones::Model]) -> Vec<ZoneRef> {
    let mut zones: Vec<_> = rows
        .iter()
        .filter_map(|cz| r.zone_by_id(cz.zone_id))
        .collect();
    zones.sort_by_key(|z| z.id);
    zones
        .into_iter()
        .map(|z| ZoneRef {
            code: z.code.clone(),
            name: z.name.clone(),
            kind: z.kind,
        })
        .collect()
}

fn codes<T>(rows: Option<&Vec<T>>, code: impl Fn(&T) -> &String) -> Vec<String> {
    rows.map(|v| v.iter().map(|x| code(x).clone()).collect())
        .unwrap_or_default()
}

fn summary_text(s: &str) -> String {
    if s.chars().count() <= SUMMARY_CHARS {
        return s.to_owned();
    }
    let cut: String = s.chars().take(SUMMARY_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// A batch of cards with the rows their summaries and search documents are made of
/// (one query per table for the whole batch).
#[derive(Default)]
pub struct CardRows {
    pub cards: HashMap<i32, service_cards::Model>,
    pub orgs: HashMap<i32, organisations::Model>,
    /// In the card's order (`position`).
    pub prices: HashMap<i32, Vec<card_prices::Model>>,
    pub zones: HashMap<i32, Vec<card_zones::Model>>,
    pub vouchers: HashMap<i32, Vec<card_vouchers::Model>>,
    pub recipients: HashMap<i32, Vec<card_recipients::Model>>,
    pub places: HashMap<i32, Vec<card_delivery_places::Model>>,
}

impl CardRows {
    pub async fn load(db: &impl ConnectionTrait, ids: &[i32]) -> Result<Self, DbErr> {
        let ids = ids.to_vec();
        let cards: HashMap<i32, service_cards::Model> = service_cards::Entity::find()
            .filter(service_cards::Column::Id.is_in(ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let mut org_ids: Vec<i32> = cards.values().map(|c| c.organisation_id).collect();
        org_ids.sort_unstable();
        org_ids.dedup();
        let orgs: HashMap<i32, organisations::Model> = organisations::Entity::find()
            .filter(organisations::Column::Id.is_in(org_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
        let prices = group(
            card_prices::Entity::find()
                .filter(card_prices::Column::CardId.is_in(ids.clone()))
                .order_by_asc(card_prices::Column::Position)
                .all(db)
                .await?,
            |p| p.card_id,
        );
        let zones = group(
            card_zones::Entity::find()
                .filter(card_zones::Column::CardId.is_in(ids.clone()))
                .all(db)
                .await?,
            |z| z.card_id,
        );
        let vouchers = group(
            card_vouchers::Entity::find()
                .filter(card_vouchers::Column::CardId.is_in(ids.clone()))
                .all(db)
                .await?,
            |v| v.card_id,
        );
        let recipients = group(
            card_recipients::Entity::find()
                .filter(card_recipients::Column::CardId.is_in(ids.clone()))
                .all(db)
                .await?,
            |v| v.card_id,
        );
        let places = group(
            card_delivery_places::Entity::find()
                .filter(card_delivery_places::Column::CardId.is_in(ids))
                .all(db)
                .await?,
            |v| v.card_id,
        );
        Ok(Self {
            cards,
            orgs,
            prices,
            zones,
            vouchers,
            recipients,
            places,
        })
    }

    /// The summary of one card of the batch.
    pub fn summary(&self, r: &Reference, id: i32) -> Option<ServiceSummary> {
        let c = self.cards.get(&id)?;
        let org = self.orgs.get(&c.organisation_id)?;
        let min_price = self
            .prices
            .get(&id)
            .and_then(|ps| ps.iter().min_by_key(|p| p.price_cents))
            .map(|p| price_option(r, p));
        Some(ServiceSummary {
            id: c.public_id,
            title: c.title.clone(),
            organisation: OrganisationRef {
                id: org.public_id,
                legal_name: org.legal_name.clone(),
            },
            category: c.category_code.clone(),
            category_label: r.category(&c.category_code).map_or_else(
                || Label::new(&c.category_code, &c.category_code),
                |k| k.label.clone(),
            ),
            macro_area: c.macro_area_code.clone(),
            accreditation_type: c.accreditation_type_code.clone(),
            summary: summary_text(&c.solution),
            min_price,
            waiting_days_assessment: c.waiting_days_assessment,
            waiting_days_activation: c.waiting_days_activation,
            quote_available: c.quote_available,
            zones: self
                .zones
                .get(&id)
                .map(|z| zone_refs(r, z))
                .unwrap_or_default(),
            vouchers: codes(self.vouchers.get(&id), |v| &v.code),
            recipients: codes(self.recipients.get(&id), |v| &v.code),
            delivery_places: codes(self.places.get(&id), |v| &v.code),
            highlights: Default::default(),
        })
    }
}

/// Summaries of the cards with these internal ids, in the same order.
pub async fn summaries(
    db: &impl ConnectionTrait,
    r: &Reference,
    ids: &[i32],
) -> Result<Vec<ServiceSummary>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = CardRows::load(db, ids).await?;
    Ok(ids.iter().filter_map(|id| rows.summary(r, *id)).collect())
}

fn code_labels(r: &Reference, kind: &str, codes: Vec<String>) -> Vec<CodeLabel> {
    codes
        .into_iter()
        .map(|c| CodeLabel {
            label: r.term_label(kind, &c),
            code: c,
        })
        .collect()
}

/// The cards citizens may see: published, by an organisation whose accreditation stands
/// (a suspended, pending or revoked organisation's cards are hidden, and come back with
/// its reinstatement). Every public read and the search index use it.
pub fn visible() -> sea_orm::Condition {
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    sea_orm::Condition::all()
        .add(service_cards::Column::Status.eq(CardStatus::Published))
        .add(
            Expr::col((service_cards::Entity, service_cards::Column::OrganisationId)).in_subquery(
                Query::select()
                    .column(organisations::Column::Id)
                    .from(organisations::Entity)
                    .and_where(
                        Expr::col(organisations::Column::AccreditationStatus)
                            .eq(crate::domain::AccreditationStatus::Accredited),
                    )
                    .take(),
            ),
        )
}

/// A published card by its public id.
pub async fn published(
    db: &impl ConnectionTrait,
    r: &Reference,
    id: Uuid,
) -> Result<Option<ServiceCard>, DbErr> {
    card_page(db, r, id, Some(visible())).await
}

/// A card as its public page shows it, whatever its state (a provider's preview).
pub async fn as_public(
    db: &impl ConnectionTrait,
    r: &Reference,
    id: Uuid,
) -> Result<Option<ServiceCard>, DbErr> {
    card_page(db, r, id, None).await
}

async fn card_page(
    db: &impl ConnectionTrait,
    r: &Reference,
    id: Uuid,
    only: Option<sea_orm::Condition>,
) -> Result<Option<ServiceCard>, DbErr> {
    let mut find = service_cards::Entity::find().filter(service_cards::Column::PublicId.eq(id));
    if let Some(c) = only {
        find = find.filter(c);
    }
    let Some(c) = find.one(db).await? else {
        return Ok(None);
    };
    let Some(org) = organisations::Entity::find_by_id(c.organisation_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let prices = card_prices::Entity::find()
        .filter(card_prices::Column::CardId.eq(c.id))
        .order_by_asc(card_prices::Column::Position)
        .all(db)
        .await?;
    let zones = card_zones::Entity::find()
        .filter(card_zones::Column::CardId.eq(c.id))
        .all(db)
        .await?;
    let hours = card_contact_hours::Entity::find()
        .filter(card_contact_hours::Column::CardId.eq(c.id))
        .order_by_asc(card_contact_hours::Column::Weekday)
        .order_by_asc(card_contact_hours::Column::Opens)
        .all(db)
        .await?;
    let staff = card_staff::Entity::find()
        .filter(card_staff::Column::CardId.eq(c.id))
        .order_by_asc(card_staff::Column::Id)
        .all(db)
        .await?;
    let recipients = card_recipients::Entity::find()
        .filter(card_recipients::Column::CardId.eq(c.id))
        .all(db)
        .await?;
    let places = card_delivery_places::Entity::find()
        .filter(card_delivery_places::Column::CardId.eq(c.id))
        .all(db)
        .await?;
    let vouchers = card_vouchers::Entity::find()
        .filter(card_vouchers::Column::CardId.eq(c.id))
        .all(db)
        .await?;
    let category = r.category(&c.category_code);
    let unknown = |code: &str| Label::new(code, code);
    Ok(Some(ServiceCard {
        id: c.public_id,
        status: c.status,
        title: c.title.clone(),
        organisation: OrganisationRef {
            id: org.public_id,
            legal_name: org.legal_name,
        },
        category_label: category.map_or_else(|| unknown(&c.category_code), |k| k.label.clone()),
        macro_area_label: r
            .macro_area(&c.macro_area_code)
            .map_or_else(|| unknown(&c.macro_area_code), |m| m.label.clone()),
        accreditation_type_label: r
            .accreditation_type(&c.accreditation_type_code)
            .map_or_else(|| unknown(&c.accreditation_type_code), |a| a.label.clone()),
        category: c.category_code,
        macro_area: c.macro_area_code,
        accreditation_type: c.accreditation_type_code,
        recipients: code_labels(
            r,
            vocab::RECIPIENT_GROUP,
            recipients.into_iter().map(|x| x.code).collect(),
        ),
        first_contact: FirstContact {
            phone: c.contact_phone,
            email: c.contact_email,
            hours: hours
                .into_iter()
                .map(|h| ContactHours {
                    weekday: h.weekday,
                    opens: h.opens,
                    closes: h.closes,
                })
                .collect(),
        },
        zones: zone_refs(r, &zones),
        service_manager: c.service_manager,
        description: CardDescription {
            needs_analysis: c.needs_analysis,
            solution: c.solution,
            activities: c.activities,
        },
        waiting_days_assessment: c.waiting_days_assessment,
        waiting_days_activation: c.waiting_days_activation,
        delivery_places: code_labels(
            r,
            vocab::DELIVERY_PLACE,
            places.into_iter().map(|x| x.code).collect(),
        ),
        staff: staff
            .into_iter()
            .map(|s| StaffMember {
                kind: s.kind,
                count: s.headcount,
                qualification: s.qualification,
                years_experience: s.years_experience,
                references_available: s.references_available,
                supplier: s.supplier,
            })
            .collect(),
        prices: prices.iter().map(|p| price_option(r, p)).collect(),
        quote_available: c.quote_available,
        vouchers: code_labels(
            r,
            vocab::VOUCHER_SCHEME,
            vouchers.into_iter().map(|x| x.code).collect(),
        ),
        languages: c
            .languages
            .split(',')
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        accessibility: crate::api::cards_admin::Accessibility {
            step_free: Tristate::parse(&c.access_step_free),
            toilet: Tristate::parse(&c.access_toilet),
            lift: Tristate::parse(&c.access_lift),
        },
        last_verified_at: c.last_verified_at,
        verified_recently: c
            .last_verified_at
            .is_some_and(|v| chrono::Utc::now() - v < chrono::Duration::days(365)),
        published_at: c.published_at,
        updated_at: c.updated_at,
    }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn summary_cuts_on_a_word() {
        let long = "parola ".repeat(60);
        let s = super::summary_text(&long);
        assert!(s.ends_with('…') && s.chars().count() <= 181);
        assert_eq!(super::summary_text("breve"), "breve");
    }
}
