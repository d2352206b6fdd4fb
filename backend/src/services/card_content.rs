//! A card's content (its scheda) as one document: read from and written to the live
//! card's tables, compared field by field. Checking it is `card_check`.
pub use super::card_check::{Scope, check, check_draft};
use super::card_write::{NewCard, NewPrice, NewStaff};
use crate::api::cards_admin::{
    Accessibility, CardContent, FieldChange, HoursInput, PriceInput, StaffInput, Tristate,
};
use crate::domain::CardStatus;
use crate::entities::{
    card_contact_hours, card_delivery_places, card_prices, card_recipients, card_staff,
    card_vouchers, card_zones, organisations, service_cards,
};
use crate::reference::Reference;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

/// The live card's content, from its tables.
pub async fn load_live(
    db: &impl ConnectionTrait,
    r: &Reference,
    card: &service_cards::Model,
) -> Result<CardContent, DbErr> {
    let id = card.id;
    let hours = card_contact_hours::Entity::find()
        .filter(card_contact_hours::Column::CardId.eq(id))
        .order_by_asc(card_contact_hours::Column::Weekday)
        .order_by_asc(card_contact_hours::Column::Opens)
        .all(db)
        .await?;
    let mut zones: Vec<_> = card_zones::Entity::find()
        .filter(card_zones::Column::CardId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|z| r.zone_by_id(z.zone_id))
        .collect();
    zones.sort_by_key(|z| z.id);
    let recipients = card_recipients::Entity::find()
        .filter(card_recipients::Column::CardId.eq(id))
        .all(db)
        .await?;
    let places = card_delivery_places::Entity::find()
        .filter(card_delivery_places::Column::CardId.eq(id))
        .all(db)
        .await?;
    let vouchers = card_vouchers::Entity::find()
        .filter(card_vouchers::Column::CardId.eq(id))
        .all(db)
        .await?;
    let staff = card_staff::Entity::find()
        .filter(card_staff::Column::CardId.eq(id))
        .order_by_asc(card_staff::Column::Id)
        .all(db)
        .await?;
    let prices = card_prices::Entity::find()
        .filter(card_prices::Column::CardId.eq(id))
        .order_by_asc(card_prices::Column::Position)
        .all(db)
        .await?;
    Ok(CardContent {
        title: card.title.clone(),
        category: card.category_code.clone(),
        accreditation_type: card.accreditation_type_code.clone(),
        service_manager: card.service_manager.clone(),
        needs_analysis: card.needs_analysis.clone(),
        solution: card.solution.clone(),
        activities: card.activities.clone(),
        contact_phone: card.contact_phone.clone(),
        contact_email: card.contact_email.clone(),
        hours: hours
            .into_iter()
            .map(|h| HoursInput {
                weekday: h.weekday,
                opens: h.opens,
                closes: h.closes,
            })
            .collect(),
        zones: zones.into_iter().map(|z| z.code.clone()).collect(),
        waiting_days_assessment: card.waiting_days_assessment,
        waiting_days_activation: card.waiting_days_activation,
        quote_available: card.quote_available,
        recipients: recipients.into_iter().map(|x| x.code).collect(),
        delivery_places: places.into_iter().map(|x| x.code).collect(),
        vouchers: vouchers.into_iter().map(|x| x.code).collect(),
        staff: staff
            .into_iter()
            .map(|s| StaffInput {
                kind: s.kind,
                count: s.headcount,
                qualification: s.qualification,
                years_experience: s.years_experience,
                references_available: s.references_available,
                supplier: s.supplier,
            })
            .collect(),
        prices: prices
            .into_iter()
            .map(|p| PriceInput {
                unit: p.unit_code,
                price_cents: p.price_cents,
                vat_rate_bp: p.vat_rate_bp,
                label: p.label,
                is_package: p.is_package,
            })
            .collect(),
        languages: card
            .languages
            .split(',')
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        accessibility: Accessibility {
            step_free: Tristate::parse(&card.access_step_free),
            toilet: Tristate::parse(&card.access_toilet),
            lift: Tristate::parse(&card.access_lift),
        },
    })
}

/// The content as the card writer's input (a checked content: unknown zones are left out).
pub fn to_new_card(
    r: &Reference,
    c: &CardContent,
    card: &service_cards::Model,
    org: &organisations::Model,
    status: CardStatus,
) -> NewCard {
    NewCard {
        public_id: card.public_id,
        organisation_id: org.id,
        organisation_name: org.legal_name.clone(),
        category: c.category.clone(),
        accreditation_type: c.accreditation_type.clone(),
        title: c.title.trim().to_owned(),
        service_manager: c.service_manager.trim().to_owned(),
        needs_analysis: c.needs_analysis.trim().to_owned(),
        solution: c.solution.trim().to_owned(),
        activities: c.activities.trim().to_owned(),
        contact_phone: c
            .contact_phone
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned),
        contact_email: c
            .contact_email
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned),
        waiting_days_assessment: c.waiting_days_assessment,
        waiting_days_activation: c.waiting_days_activation,
        quote_available: c.quote_available,
        status,
        recipients: c.recipients.clone(),
        delivery_places: c.delivery_places.clone(),
        vouchers: c.vouchers.clone(),
        zone_ids: c
            .zones
            .iter()
            .filter_map(|z| r.zone(z))
            .map(|z| z.id)
            .collect(),
        hours: c
            .hours
            .iter()
            .map(|h| (h.weekday, h.opens.clone(), h.closes.clone()))
            .collect(),
        staff: c
            .staff
            .iter()
            .map(|s| NewStaff {
                kind: s.kind,
                count: s.count,
                qualification: s.qualification.trim().to_owned(),
                years_experience: s.years_experience,
                references_available: s.references_available,
                supplier: s
                    .supplier
                    .as_deref()
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned),
            })
            .collect(),
        prices: c
            .prices
            .iter()
            .map(|p| NewPrice {
                unit: p.unit.clone(),
                price_cents: p.price_cents,
                vat_rate_bp: p.vat_rate_bp,
                label: p
                    .label
                    .as_deref()
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned),
                is_package: p.is_package,
            })
            .collect(),
        languages: c.languages.clone(),
        accessibility: c.accessibility,
        created_at: card.created_at,
    }
}

/// The fields of a card's content, in the scheda's order (`CardContent`'s fields; a unit
/// test keeps the two in step).
pub const CONTENT_FIELDS: [&str; 21] = [
    "title",
    "category",
    "accreditation_type",
    "service_manager",
    "needs_analysis",
    "solution",
    "activities",
    "contact_phone",
    "contact_email",
    "hours",
    "zones",
    "waiting_days_assessment",
    "waiting_days_activation",
    "quote_available",
    "recipients",
    "delivery_places",
    "vouchers",
    "staff",
    "prices",
    "languages",
    "accessibility",
];

/// The fields whose values differ, in the content's order.
pub fn diff(before: &CardContent, after: &CardContent) -> Vec<FieldChange> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return Vec::new();
    };
    // serde_json keeps keys sorted; list them in the struct's order instead.
    CONTENT_FIELDS
        .iter()
        .filter_map(|k| {
            let (x, y) = (a.get(*k)?, b.get(*k)?);
            (x != y).then(|| FieldChange {
                field: (*k).to_owned(),
                before: x.clone(),
                after: y.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_list_is_the_contents() {
        let v = serde_json::to_value(CardContent::default()).unwrap_or_default();
        let mut keys: Vec<&str> = v
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut listed = CONTENT_FIELDS.to_vec();
        keys.sort_unstable();
        listed.sort_unstable();
        assert_eq!(keys, listed);
    }

    #[test]
    fn a_diff_names_the_changed_fields_in_order() {
        let a = CardContent {
            title: "Badante".into(),
            zones: vec!["MI-M5".into()],
            ..Default::default()
        };
        let mut b = a.clone();
        b.zones.push("MI-M6".into());
        b.title = "Badante convivente".into();
        b.accessibility.lift = Tristate::Yes;
        let d = diff(&a, &b);
        let fields: Vec<&str> = d.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["title", "zones", "accessibility"]);
        assert!(diff(&a, &a).is_empty());
    }
}
