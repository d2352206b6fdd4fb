//! The demo data set: 25 ATI grouping 58 organisations and a few hundred published cards
//! whose categories follow the 2017 demand table. Loaded only into an empty database.
use super::Rng;
use super::content::{self, DemoOrg, Provider, build_card, demo_time};
use crate::api::services::CardStatus;
use crate::domain::vat_number::VatNumber;
use crate::entities::{organisation_accreditations, organisations, spaces, tenants};
use crate::reference::Reference;
use crate::services::card_write::insert_cards;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait,
};
use std::collections::{BTreeSet, HashMap};

/// How many demo cards: "a few hundred".
pub const DEMO_CARDS: usize = 360;
const SEED: u64 = 2017;

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Loaded { organisations: usize, cards: usize },
    AlreadyPopulated,
}

pub struct NewOrganisation<'a> {
    pub tenant_id: i32,
    pub legal_name: &'a str,
    pub legal_form: &'a str,
    pub vat_number: VatNumber,
    pub description: &'a str,
    pub address: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub website: Option<&'a str>,
    pub is_consortium: bool,
    pub ati_id: Option<i32>,
    pub accreditation_types: Vec<String>,
    pub public_id: uuid::Uuid,
    pub at: DateTime<Utc>,
}

pub async fn insert_organisation(
    db: &impl ConnectionTrait,
    o: NewOrganisation<'_>,
) -> anyhow::Result<i32> {
    let id = organisations::ActiveModel {
        public_id: Set(o.public_id),
        tenant_id: Set(o.tenant_id),
        legal_name: Set(o.legal_name.to_owned()),
        legal_form: Set(o.legal_form.to_owned()),
        vat_number: Set(o.vat_number.as_str().to_owned()),
        description: Set(o.description.to_owned()),
        address: Set(o.address.map(str::to_owned)),
        phone: Set(o.phone.map(str::to_owned)),
        email: Set(o.email.map(str::to_owned)),
        website: Set(o.website.map(str::to_owned)),
        accreditation_status: Set(crate::domain::AccreditationStatus::Accredited),
        is_consortium: Set(o.is_consortium),
        ati_id: Set(o.ati_id),
        created_at: Set(o.at),
        updated_at: Set(o.at),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id;
    for t in o.accreditation_types {
        organisation_accreditations::ActiveModel {
            organisation_id: Set(id),
            accreditation_type_code: Set(t),
        }
        .insert(db)
        .await?;
    }
    Ok(id)
}

pub async fn tenant_id(db: &impl ConnectionTrait, code: &str) -> anyhow::Result<i32> {
    tenants::Entity::find()
        .filter(tenants::Column::Code.eq(code))
        .one(db)
        .await?
        .map(|t| t.id)
        .ok_or_else(|| anyhow::anyhow!("tenant {code} missing: run `domicilia migrate` first"))
}

/// Number of cards per category, proportional to the 2017 requests (plus a floor so that
/// every category with a template has some offer).
fn card_quota(r: &Reference, file: &content::DemoFile, total: usize) -> Vec<(String, usize)> {
    let weights: Vec<(String, i64)> = r
        .categories
        .iter()
        .filter(|c| file.card_templates.contains_key(&c.code))
        .map(|c| (c.code.clone(), i64::from(c.requests_2017) + 6))
        .collect();
    let sum: i64 = weights.iter().map(|(_, w)| w).sum::<i64>().max(1);
    weights
        .into_iter()
        .map(|(c, w)| (c, ((w * total as i64) / sum).max(1) as usize))
        .collect()
}

pub async fn load(db: &DatabaseConnection, r: &Reference) -> anyhow::Result<Outcome> {
    if organisations::Entity::find().count(db).await? > 0 {
        return Ok(Outcome::AlreadyPopulated);
    }
    let file = content::demo_file()?;
    let mut rng = Rng::new(SEED);
    let txn = db.begin().await?;
    let milano = tenant_id(&txn, "milano").await?;
    let orgs: HashMap<&str, &DemoOrg> = file
        .organisations
        .iter()
        .map(|o| (o.key.as_str(), o))
        .collect();
    let mut ids: HashMap<&str, i32> = HashMap::new();
    let mut vat_base: u64 = 3_100_000_000;
    for (i, ati) in file.atis.iter().enumerate() {
        let types: BTreeSet<String> = ati
            .members
            .iter()
            .filter_map(|m| orgs.get(m.as_str()))
            .flat_map(|o| o.accreditation_types.iter().cloned())
            .collect();
        vat_base += 7_919;
        let at = demo_time(i);
        let ati_id = insert_organisation(
            &txn,
            NewOrganisation {
                tenant_id: milano,
                legal_name: &ati.legal_name,
                legal_form: "ati",
                vat_number: VatNumber::from_base(vat_base),
                description: &ati.description,
                address: None,
                phone: None,
                email: None,
                website: None,
                is_consortium: true,
                ati_id: None,
                accreditation_types: types.into_iter().collect(),
                public_id: rng.uuid_v7(at.timestamp_millis() as u64),
                at,
            },
        )
        .await?;
        ids.insert(ati.key.as_str(), ati_id);
        for m in &ati.members {
            let Some(o) = orgs.get(m.as_str()) else {
                anyhow::bail!("ATI {} names unknown member {m}", ati.key);
            };
            vat_base += 7_919;
            let id = insert_organisation(
                &txn,
                NewOrganisation {
                    tenant_id: milano,
                    legal_name: &o.legal_name,
                    legal_form: &o.legal_form,
                    vat_number: VatNumber::from_base(vat_base),
                    description: &o.description,
                    address: o.address.as_deref(),
                    phone: o.phone.as_deref(),
                    email: o.email.as_deref(),
                    website: o.website.as_deref(),
                    is_consortium: false,
                    ati_id: Some(ati_id),
                    accreditation_types: o.accreditation_types.clone(),
                    public_id: rng.uuid_v7(at.timestamp_millis() as u64),
                    at,
                },
            )
            .await?;
            ids.insert(o.key.as_str(), id);
        }
    }
    let mut cards = Vec::new();
    for (category, quota) in card_quota(r, &file, DEMO_CARDS) {
        let providers: Vec<&DemoOrg> = file
            .organisations
            .iter()
            .filter(|o| o.categories.contains(&category))
            .collect();
        let Some(templates) = file.card_templates.get(&category) else {
            continue;
        };
        for k in 0..quota {
            let (Some(o), Some(t)) = (
                providers.get(k % providers.len().max(1)),
                templates.get(k % templates.len().max(1)),
            ) else {
                continue;
            };
            let Some(&org_id) = ids.get(o.key.as_str()) else {
                continue;
            };
            let provider = Provider {
                id: org_id,
                name: &o.legal_name,
                phone: o.phone.as_deref(),
                email: o.email.as_deref(),
                municipi: &o.municipi,
                managers: &o.manager_names,
                district: true,
            };
            // A few cards are still being reviewed: they must not be visible to the public.
            let status = if cards.len() % 29 == 28 {
                CardStatus::InReview
            } else {
                CardStatus::Published
            };
            let at = demo_time(cards.len() + 100);
            if let Some(card) = build_card(&mut rng, r, &provider, &category, t, status, at) {
                cards.push(card);
            }
        }
    }
    let stored = insert_cards(&txn, r, &cards).await?;
    // A card in review has its version in review: the city's queue shows it.
    for (card, id) in cards.iter().zip(&stored) {
        if card.status == CardStatus::InReview {
            crate::services::card_workflow::seed_in_review(&txn, r, *id, card.created_at).await?;
        }
    }
    for (i, sp) in file.spaces.iter().enumerate() {
        let at = demo_time(i);
        spaces::ActiveModel {
            public_id: Set(rng.uuid_v7(at.timestamp_millis() as u64)),
            tenant_id: Set(milano),
            name: Set(sp.name.clone()),
            address: Set(sp.address.clone()),
            zone_id: Set(r.zone(&sp.zone).map(|z| z.id)),
            phone: Set(Some(sp.phone.clone())),
            email: Set(Some(sp.email.clone())),
            opening_hours: Set(Some(sp.opening_hours.clone())),
            active: Set(true),
            created_at: Set(at),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    super::accounts::load(&txn, chrono::Utc::now()).await?;
    txn.commit().await?;
    Ok(Outcome::Loaded {
        organisations: ids.len(),
        cards: stored.len(),
    })
}
