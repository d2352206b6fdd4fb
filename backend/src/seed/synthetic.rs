//! The synthetic catalogue for benchmarks: `n` cards spread over many providers, built
//! from the demo templates with random combinations (deterministic for a given `n`).
//! Every card is one a provider could submit as it is: its organisation holds every
//! accreditation type, the card has the organisation's phone and its zones lie in the
//! organisation's municipality (the bench drafts and
//! approves new versions of them through the API).
use super::Rng;
use super::content::{self, Provider, build_card, demo_time};
use super::demo::{NewOrganisation, insert_organisation, tenant_id};
use crate::api::services::CardStatus;
use crate::domain::vat_number::VatNumber;
use crate::reference::Reference;
use crate::services::card_write::insert_cards;
use sea_orm::{DatabaseConnection, TransactionTrait};

const CARDS_PER_PROVIDER: usize = 200;
const CARDS_PER_TRANSACTION: usize = 2_000;

pub async fn generate(db: &DatabaseConnection, r: &Reference, n: usize) -> anyhow::Result<usize> {
    let file = content::demo_file()?;
    let templates: Vec<(&String, &content::Template)> = file
        .card_templates
        .iter()
        .flat_map(|(c, ts)| ts.iter().map(move |t| (c, t)))
        .collect();
    if templates.is_empty() {
        anyhow::bail!("demo/demo.json has no card templates");
    }
    let mut rng = Rng::new(n as u64 ^ 0x5EED);
    let milano = tenant_id(db, "milano").await?;
    let providers_needed = n.div_ceil(CARDS_PER_PROVIDER).max(1);
    let txn = db.begin().await?;
    let mut providers = Vec::with_capacity(providers_needed);
    for i in 0..providers_needed {
        let base = file.organisations.get(i % file.organisations.len().max(1));
        let name = format!(
            "{} — sede {}",
            base.map_or("Ente sintetico", |o| o.legal_name.as_str()),
            i + 1
        );
        let municipi: Vec<u8> = vec![(i % 9 + 1) as u8, ((i + 4) % 9 + 1) as u8];
        let at = demo_time(i);
        let phone = base
            .and_then(|o| o.phone.clone())
            .unwrap_or_else(|| format!("+39 02 {:07}", 1_000_000 + i));
        let id = insert_organisation(
            &txn,
            NewOrganisation {
                tenant_id: milano,
                legal_name: &name,
                legal_form: "coop-sociale",
                vat_number: VatNumber::from_base(5_000_000_000 + i as u64 * 13),
                description: base.map_or("", |o| o.description.as_str()),
                address: None,
                phone: Some(&phone),
                email: base.and_then(|o| o.email.as_deref()),
                website: None,
                is_consortium: false,
                ati_id: None,
                accreditation_types: r
                    .accreditation_types
                    .iter()
                    .map(|t| t.code.clone())
                    .collect(),
                public_id: rng.uuid_v7(at.timestamp_millis() as u64),
                at,
            },
        )
        .await?;
        providers.push((
            id,
            name,
            phone,
            municipi,
            base.map(|o| o.manager_names.clone()).unwrap_or_default(),
        ));
    }
    txn.commit().await?;
    let mut done = 0;
    while done < n {
        let batch = (n - done).min(CARDS_PER_TRANSACTION);
        let mut cards = Vec::with_capacity(batch);
        for k in done..done + batch {
            let (id, name, phone, municipi, managers) = &providers[k / CARDS_PER_PROVIDER];
            let Some((category, t)) = rng.pick(&templates) else {
                continue;
            };
            let provider = Provider {
                id: *id,
                name,
                phone: Some(phone),
                email: None,
                municipi,
                managers,
                district: false,
            };
            if let Some(card) = build_card(
                &mut rng,
                r,
                &provider,
                category,
                t,
                CardStatus::Published,
                demo_time(k),
            ) {
                cards.push(card);
            }
        }
        let txn = db.begin().await?;
        insert_cards(&txn, r, &cards).await?;
        txn.commit().await?;
        done += batch;
        tracing::info!(done, total = n, "synthetic cards written");
    }
    Ok(done)
}
