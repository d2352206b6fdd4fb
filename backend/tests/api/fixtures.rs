//! A small, exactly known catalogue for precise search assertions.
use super::helpers::TestApp;
use domicilia::api::services::{CardStatus, StaffKind};
use domicilia::domain::vat_number::VatNumber;
use domicilia::reference::Reference;
use domicilia::seed::demo::{NewOrganisation, insert_organisation, tenant_id};
use domicilia::services::card_write::{NewCard, NewPrice, NewStaff, insert_cards};
use sea_orm::TransactionTrait;

pub struct Spec {
    pub title: &'static str,
    pub category: &'static str,
    pub zones: &'static [&'static str],
    pub unit: &'static str,
    pub price_cents: i64,
    pub recipients: &'static [&'static str],
    pub vouchers: &'static [&'static str],
    pub waiting: (i32, i32),
    pub quote: bool,
    pub status: CardStatus,
    pub text: &'static str,
}

pub const CARDS: [Spec; 5] = [
    Spec {
        title: "Badante convivente per anziani",
        category: "badante",
        zones: &["MI-M5"],
        unit: "mese",
        price_cents: 160_000,
        recipients: &["anziani"],
        vouchers: &["baf"],
        waiting: (2, 5),
        quote: true,
        status: CardStatus::Published,
        text: "Assistenza continuativa a casa, giorno e notte.",
    },
    Spec {
        title: "Assistenza notturna",
        category: "assistenza-personale",
        zones: &["NIL:MI-M5"],
        unit: "ora",
        price_cents: 2_200,
        recipients: &["anziani", "disabili"],
        vouchers: &[],
        waiting: (1, 3),
        quote: true,
        status: CardStatus::Published,
        text: "Operatori qualificati per le notti in città.",
    },
    Spec {
        title: "Baby sitter a domicilio",
        category: "baby-sitter",
        zones: &["MI-M1"],
        unit: "ora",
        price_cents: 1_200,
        recipients: &["minori"],
        vouchers: &["bebe-card"],
        waiting: (3, 10),
        quote: false,
        status: CardStatus::Published,
        text: "Tata esperta per bambini da 0 a 10 anni.",
    },
    Spec {
        title: "Idraulico pronto intervento",
        category: "idraulico",
        zones: &["COMUNE:Cernusco sul Naviglio"],
        unit: "intervento",
        price_cents: 6_000,
        recipients: &["famiglie"],
        vouchers: &[],
        waiting: (1, 1),
        quote: true,
        status: CardStatus::Published,
        text: "Riparazioni di perdite e scarichi.",
    },
    Spec {
        title: "Badante in revisione",
        category: "badante",
        zones: &["MI-M5"],
        unit: "ora",
        price_cents: 1_900,
        recipients: &["anziani"],
        vouchers: &[],
        waiting: (1, 1),
        quote: true,
        status: CardStatus::InReview,
        text: "Non ancora pubblicata.",
    },
];

fn zone_ids(r: &Reference, specs: &[&str]) -> Vec<i32> {
    specs
        .iter()
        .map(|s| {
            if let Some(parent) = s.strip_prefix("NIL:") {
                let p = r.zone(parent).expect("municipio").id;
                r.zones
                    .iter()
                    .find(|z| z.parent_id == Some(p))
                    .expect("a NIL")
                    .id
            } else if let Some(name) = s.strip_prefix("COMUNE:") {
                r.zones.iter().find(|z| z.name == name).expect("comune").id
            } else {
                r.zone(s).expect("zone").id
            }
        })
        .collect()
}

/// Inserts one organisation and the five cards above; returns the cards' public ids.
pub async fn load(app: &TestApp) -> Vec<uuid::Uuid> {
    let r = Reference::load(&app.db).await.expect("reference");
    let txn = app.db.begin().await.expect("txn");
    let tenant = tenant_id(&txn, "milano").await.expect("tenant");
    let org = insert_organisation(
        &txn,
        NewOrganisation {
            tenant_id: tenant,
            legal_name: "Cooperativa Aurora",
            legal_form: "coop-sociale",
            vat_number: VatNumber::from_base(1_234_567_890),
            description: "Cooperativa di prova.",
            address: None,
            phone: Some("+39 02 0000000"),
            email: Some("info@aurora.example.it"),
            website: None,
            is_consortium: false,
            ati_id: None,
            accreditation_types: vec!["3A".into()],
            public_id: uuid::Uuid::now_v7(),
            at: chrono::Utc::now(),
        },
    )
    .await
    .expect("organisation");
    let cards: Vec<NewCard> = CARDS
        .iter()
        .map(|s| {
            let cat = r
                .category(s.category)
                .unwrap_or_else(|| panic!("category {}", s.category));
            NewCard {
                public_id: uuid::Uuid::now_v7(),
                organisation_id: org,
                organisation_name: "Cooperativa Aurora".into(),
                category: s.category.into(),
                accreditation_type: cat.accreditation_types[0].clone(),
                title: s.title.into(),
                service_manager: "Dott.ssa Anna Verdi".into(),
                needs_analysis: "Colloquio iniziale con la famiglia.".into(),
                solution: s.text.into(),
                activities: "Attività quotidiane concordate.".into(),
                contact_phone: Some("+39 02 0000000".into()),
                contact_email: None,
                waiting_days_assessment: s.waiting.0,
                waiting_days_activation: s.waiting.1,
                quote_available: s.quote,
                status: s.status,
                recipients: s.recipients.iter().map(|x| x.to_string()).collect(),
                delivery_places: vec!["domicilio".into()],
                vouchers: s.vouchers.iter().map(|x| x.to_string()).collect(),
                zone_ids: zone_ids(&r, s.zones),
                hours: vec![
                    (1, "09:00".into(), "13:00".into()),
                    (3, "14:00".into(), "17:00".into()),
                ],
                staff: vec![NewStaff {
                    kind: StaffKind::Internal,
                    count: 4,
                    qualification: "OSS".into(),
                    years_experience: 6,
                    references_available: true,
                    supplier: None,
                }],
                prices: vec![NewPrice {
                    unit: s.unit.into(),
                    price_cents: s.price_cents,
                    vat_rate_bp: 500,
                    label: None,
                    is_package: false,
                }],
                // One card's staff also speak Spanish and Romanian (`language=`).
                languages: if s.title == "Badante convivente per anziani" {
                    vec!["it".into(), "es".into(), "ro".into()]
                } else {
                    vec!["it".into()]
                },
                accessibility: Default::default(),
                created_at: chrono::Utc::now(),
            }
        })
        .collect();
    let ids = cards.iter().map(|c| c.public_id).collect();
    insert_cards(&txn, &r, &cards).await.expect("cards");
    txn.commit().await.expect("commit");
    app.sync_search().await;
    ids
}
