//! The demo content file (`demo/demo.json`) and how a card is built from one of its
//! templates. Shared by the demo seed and the synthetic generator.
use super::Rng;
use crate::api::services::{CardStatus, StaffKind};
use crate::reference::{Reference, ZoneKind};
use crate::services::card_write::{NewCard, NewPrice, NewStaff};
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde::Deserialize;
use std::collections::BTreeMap;

pub const DEMO_JSON: &str = include_str!("../../../demo/demo.json");

#[derive(Debug, Deserialize)]
pub struct DemoFile {
    pub organisations: Vec<DemoOrg>,
    pub atis: Vec<DemoAti>,
    pub card_templates: BTreeMap<String, Vec<Template>>,
    pub spaces: Vec<DemoSpace>,
}

/// A (fictional) WeMi space of Milan.
#[derive(Debug, Deserialize)]
pub struct DemoSpace {
    pub name: String,
    pub address: String,
    pub zone: String,
    pub phone: String,
    pub email: String,
    pub opening_hours: String,
}

#[derive(Debug, Deserialize)]
pub struct DemoOrg {
    pub key: String,
    pub legal_name: String,
    pub legal_form: String,
    pub description: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub accreditation_types: Vec<String>,
    pub municipi: Vec<u8>,
    pub categories: Vec<String>,
    pub manager_names: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct DemoAti {
    pub key: String,
    pub legal_name: String,
    pub description: String,
    pub members: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Template {
    pub title: String,
    pub needs: String,
    pub solution: String,
    pub activities: String,
    pub recipients: Vec<String>,
    pub delivery_places: Vec<String>,
    pub prices: Vec<TemplatePrice>,
    pub staff: Vec<TemplateStaff>,
    pub waiting_assessment_days: [i32; 2],
    pub waiting_activation_days: [i32; 2],
    pub quote_available: bool,
    #[serde(default)]
    pub vouchers: Vec<String>,
    pub contact_hours: Vec<TemplateHours>,
}

#[derive(Debug, Deserialize)]
pub struct TemplatePrice {
    pub unit: String,
    pub min_cents: i64,
    pub max_cents: i64,
    pub vat_rate_bp: i32,
    pub label: Option<String>,
    #[serde(default)]
    pub package: bool,
}

#[derive(Debug, Deserialize)]
pub struct TemplateStaff {
    pub kind: StaffKind,
    pub qualification: String,
    pub count_min: i32,
    pub count_max: i32,
    pub years_min: i32,
    pub years_max: i32,
    pub references: bool,
    pub supplier: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct TemplateHours {
    pub weekdays: Vec<i16>,
    pub opens: String,
    pub closes: String,
}

pub fn demo_file() -> anyhow::Result<DemoFile> {
    Ok(serde_json::from_str(DEMO_JSON)?)
}

/// The provider a card is published by, as the card builder needs it.
pub struct Provider<'a> {
    pub id: i32,
    pub name: &'a str,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub municipi: &'a [u8],
    pub managers: &'a [String],
    /// Whether some cards also cover comuni of the metropolitan district (another tenant:
    /// cards a provider could not submit as they are, since a card's zones must lie in
    /// its organisation's tenant — the demo's providers do, the synthetic ones do not).
    pub district: bool,
}

/// Demo timeline: cards were published over 2026, deterministic.
pub fn demo_time(i: usize) -> DateTime<Utc> {
    let base = Utc
        .with_ymd_and_hms(2026, 1, 12, 9, 0, 0)
        .single()
        .unwrap_or_default();
    base + Duration::minutes((i as i64 * 977) % (300 * 24 * 60))
}

/// Rounds a price to 50 cents, as providers state them.
fn round_price(c: i64) -> i64 {
    ((c + 25) / 50) * 50
}

/// The zones a card covers: whole Municipi where the provider works, sometimes only a few
/// of their NIL, sometimes (`district`) also comuni of the metropolitan district.
fn zones(rng: &mut Rng, r: &Reference, municipi: &[u8], district: bool) -> Vec<i32> {
    let mut ids = Vec::new();
    let codes: Vec<String> = municipi.iter().map(|m| format!("MI-M{m}")).collect();
    let mut chosen: Vec<&String> = codes.iter().collect();
    if chosen.len() > 1 && rng.chance(50) {
        chosen.truncate(rng.range(1, chosen.len() as i64) as usize);
    }
    for code in chosen {
        let Some(m) = r.zone(code) else { continue };
        if rng.chance(25) {
            let nils: Vec<i32> = r
                .zones
                .iter()
                .filter(|z| z.parent_id == Some(m.id))
                .map(|z| z.id)
                .collect();
            let take = rng.range(2, 4) as usize;
            let start = rng.range(0, nils.len().saturating_sub(1) as i64) as usize;
            ids.extend(nils.iter().cycle().skip(start).take(take.min(nils.len())));
        } else {
            ids.push(m.id);
        }
    }
    if district && rng.chance(12) {
        let comuni: Vec<i32> = r
            .zones
            .iter()
            .filter(|z| z.kind == ZoneKind::Comune)
            .map(|z| z.id)
            .collect();
        let take = rng.range(2, 5) as usize;
        let start = rng.range(0, comuni.len().saturating_sub(1) as i64) as usize;
        ids.extend(
            comuni
                .iter()
                .cycle()
                .skip(start)
                .take(take.min(comuni.len())),
        );
    }
    if ids.is_empty() {
        ids.extend(r.zone("MI-M1").map(|z| z.id));
    }
    ids.sort_unstable();
    ids.dedup();
    ids
}

#[allow(clippy::too_many_arguments)]
pub fn build_card(
    rng: &mut Rng,
    r: &Reference,
    provider: &Provider<'_>,
    category: &str,
    template: &Template,
    status: CardStatus,
    created_at: DateTime<Utc>,
) -> Option<NewCard> {
    let cat = r.category(category)?;
    let accreditation_type = rng.pick(&cat.accreditation_types)?.clone();
    let staff = template
        .staff
        .iter()
        .map(|s| NewStaff {
            kind: s.kind,
            count: rng.range(s.count_min.into(), s.count_max.into()) as i32,
            qualification: s.qualification.clone(),
            years_experience: rng.range(s.years_min.into(), s.years_max.into()) as i32,
            references_available: s.references,
            supplier: s.supplier.clone(),
        })
        .collect();
    let prices = template
        .prices
        .iter()
        .map(|p| NewPrice {
            unit: p.unit.clone(),
            price_cents: round_price(rng.range(p.min_cents, p.max_cents)).max(50),
            vat_rate_bp: p.vat_rate_bp,
            label: p.label.clone(),
            is_package: p.package,
        })
        .collect();
    let hours = template
        .contact_hours
        .iter()
        .flat_map(|h| {
            h.weekdays
                .iter()
                .map(|d| (*d, h.opens.clone(), h.closes.clone()))
        })
        .collect();
    let [a_lo, a_hi] = template.waiting_assessment_days;
    let [w_lo, w_hi] = template.waiting_activation_days;
    let public_id = rng.uuid_v7(created_at.timestamp_millis().max(0) as u64);
    Some(NewCard {
        public_id,
        organisation_id: provider.id,
        organisation_name: provider.name.to_owned(),
        category: category.to_owned(),
        accreditation_type,
        title: template.title.clone(),
        service_manager: rng
            .pick(provider.managers)
            .cloned()
            .unwrap_or_else(|| "Responsabile del servizio".into()),
        needs_analysis: template.needs.clone(),
        solution: template.solution.clone(),
        activities: template.activities.clone(),
        contact_phone: provider.phone.map(str::to_owned),
        contact_email: provider.email.map(str::to_owned),
        waiting_days_assessment: rng.range(a_lo.into(), a_hi.into()) as i32,
        waiting_days_activation: rng.range(w_lo.into(), w_hi.into()) as i32,
        quote_available: template.quote_available,
        status,
        recipients: template.recipients.clone(),
        delivery_places: template.delivery_places.clone(),
        vouchers: template.vouchers.clone(),
        zone_ids: zones(rng, r, provider.municipi, provider.district),
        hours,
        staff,
        prices,
        languages: languages_of(&public_id),
        accessibility: Default::default(),
        created_at,
    })
}

/// The languages a seeded card's staff speak: Italian, and for some cards one of the
/// languages Milan's families most often ask for, chosen from the card's id (not from
/// the seed's random sequence, which the rest of the data follows).
fn languages_of(id: &uuid::Uuid) -> Vec<String> {
    const OTHERS: [&str; 8] = ["en", "es", "ro", "uk", "ar", "tl", "zh", "fr"];
    let b = id.as_bytes();
    let mut out = vec!["it".to_owned()];
    let pick = usize::from(b[15]) % (OTHERS.len() * 2);
    if let Some(l) = OTHERS.get(pick) {
        out.push((*l).to_owned());
    }
    out
}
