//! The demo's contact history (`domicilia seed demo`, after the catalogue): a year of
//! families' requests to a few dozen published cards, answered, declined, expired,
//! quoted, accepted, started and reviewed, so that `make run` shows what the platform
//! measures — the reviews with their averages, the median first answer, the answers in
//! time and the observed days to activation beside the declared ones — and the city's
//! interaction events have something to count.
//!
//! Everything goes through the services themselves, with the clock set at each step's
//! moment in the past: the rows, the state machines and the interaction events agree as
//! they would in use. The people of this history are not sign-in accounts: families and
//! the organisations' staff have neither e-mail nor password. The two organisations the
//! demo accounts work for (`ente.*@`, `altro.ente@`) get no history, so their cards start
//! empty for whoever tries the flow. What the steps would have sent (notifications, mail)
//! belongs to the past and is removed at the end. Deterministic for a given catalogue.
use super::Rng;
use crate::api::contact::{Decline, NewMessage, NewNeed, NewRequest};
use crate::api::quotes::{AcceptQuote, ConfirmOrder, NewQuote, NewQuoteLine, VoucherUse};
use crate::api::reviews::{Moderation, NewRatings, NewReview, ReviewReply};
use crate::auth::Viewer;
use crate::db::Db;
use crate::domain::contact::{AgeBand, DeclineReason, Frequency};
use crate::domain::quote::QuoteUnit;
use crate::domain::{CardStatus, Role};
use crate::entities::{
    card_prices, card_vouchers, card_zones, contact_requests, memberships, notifications,
    organisations, outbox_emails, service_cards, users,
};
use crate::error::ApiError;
use crate::reference::Reference;
use crate::services::accounts::{ResolvedScope, add_membership};
use crate::services::contact::{self, Ctx};
use crate::services::idempotency::Outcome;
use crate::services::{orders, quotes, reviews};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

const SEED: u64 = 2018;
/// One published card in `STRIDE` (of the organisations with history) gets one.
const STRIDE: usize = 9;
/// At most this many cards have a history.
const CARDS_MAX: usize = 40;
/// Threads per card: enough for the signals (5 in 12 months) on most of them.
const THREADS: (i64, i64) = (4, 9);
/// The answer time the platform gives providers (working days), as in use.
const WORKING_DAYS: u32 = 2;

/// First names of the families (a family shows itself by first name only).
const FAMILIES: [&str; 14] = [
    "Giovanna",
    "Luca",
    "Fatima",
    "Roberto",
    "Chiara",
    "Ahmed",
    "Elena",
    "Marco",
    "Rosa",
    "Wei",
    "Francesca",
    "Paolo",
    "Maria",
    "Jorge",
];

const REQUESTS: [&str; 6] = [
    "Buongiorno, cerchiamo un aiuto a casa per mia madre, che vive da sola e fatica con le faccende e la spesa. Potete darci disponibilità e costi?",
    "Salve, mio padre è appena uscito dall'ospedale e per qualche settimana ha bisogno di assistenza al mattino. Quando potreste iniziare?",
    "Buonasera, vorremmo qualche ora a settimana di supporto per nostro figlio dopo la scuola. Che orari avete liberi?",
    "Buongiorno, ci servirebbe un servizio continuativo due o tre volte a settimana. Accettate i voucher del Comune?",
    "Gentili, cerco informazioni sul servizio per una persona anziana non del tutto autonoma. È possibile un primo colloquio a domicilio?",
    "Salve, avremmo bisogno di aiuto nei fine settimana, quando la badante è libera. Avete personale disponibile?",
];

const ANSWERS: [&str; 4] = [
    "Buongiorno, grazie per averci scritto. Possiamo fissare un colloquio conoscitivo a domicilio: le mandiamo una proposta.",
    "Gentile famiglia, abbiamo disponibilità nella vostra zona. Le inviamo il preventivo con le ore che ci ha indicato.",
    "Salve, il servizio è attivabile in pochi giorni. Per completare la proposta ci dica i giorni preferiti.",
    "Grazie del messaggio. Un nostro coordinatore la chiamerà per capire meglio le esigenze; intanto ecco una proposta.",
];

const REPLIES: [&str; 3] = [
    "Grazie, i giorni migliori per noi sono lunedì e giovedì mattina.",
    "Perfetto, attendiamo la proposta. Per noi va bene anche un orario pomeridiano.",
    "Grazie della risposta, ne parlo in famiglia e vi facciamo sapere.",
];

const REVIEWS: [&str; 6] = [
    "Mia madre si è trovata subito bene con l'operatrice, sempre puntuale. Coordinamento raggiungibile.",
    "Servizio attivato in pochi giorni, come promesso. Qualche cambio di orario all'inizio, poi tutto regolare.",
    "Persone competenti e attente. Il prezzo è in linea con quanto indicato sulla scheda.",
    "Bene nel complesso: professionali, anche se una volta hanno avvisato tardi di un ritardo.",
    "Ci hanno aiutato molto nelle settimane dopo il ricovero. Consigliato.",
    "Gentili ma non sempre puntuali; abbiamo chiarito con la coordinatrice e ora va meglio.",
];

const PROVIDER_REPLIES: [&str; 2] = [
    "Grazie per le sue parole: le riportiamo all'équipe che segue la vostra famiglia.",
    "Grazie del riscontro. Sui cambi d'orario abbiamo rivisto l'organizzazione dei turni.",
];

/// What the history made.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct History {
    pub cards: usize,
    pub threads: usize,
    pub orders: usize,
    pub reviews: usize,
}

/// A card with a history and what its quotes are made of.
struct Card {
    public_id: Uuid,
    organisation_id: i32,
    /// The card's service manager, who answers its requests in this history.
    manager: String,
    category: String,
    zone: Option<String>,
    unit: QuoteUnit,
    price_cents: i64,
    vat_rate_bp: i32,
    vouchers: Vec<String>,
}

/// Loads the history, unless the database has requests already.
pub async fn load(
    db: &Db,
    r: &Reference,
    public_url: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<History> {
    if contact_requests::Entity::find().count(&**db).await? > 0 {
        return Ok(History::default());
    }
    let last_notification = last_id::<notifications::Entity>(db, notifications::Column::Id).await?;
    let last_mail = last_id::<outbox_emails::Entity>(db, outbox_emails::Column::Id).await?;
    let cards = cards(db, r).await?;
    let mut rng = Rng::new(SEED);
    let start = now - Duration::days(360);
    let mut families = Vec::new();
    for name in FAMILIES {
        families.push(person(db, name, Role::Citizen, None, start).await?);
    }
    let reviewer = demo_account(db, "revisore@demo.domicilia.it").await?;
    let mut staff: HashMap<i32, Viewer> = HashMap::new();
    let mut made = History {
        cards: cards.len(),
        ..History::default()
    };
    for (i, card) in cards.iter().enumerate() {
        if let std::collections::hash_map::Entry::Vacant(e) = staff.entry(card.organisation_id) {
            let v = person(
                db,
                &card.manager,
                Role::ProviderStaff,
                Some(card.organisation_id),
                start,
            )
            .await?;
            e.insert(v);
        }
        let Some(provider) = staff.get(&card.organisation_id) else {
            continue;
        };
        let n = rng.range(THREADS.0, THREADS.1);
        for j in 0..n {
            let family = &families[(i * 5 + j as usize) % families.len()];
            let t0 = start
                + Duration::days(rng.range(0, 340))
                + Duration::hours(rng.range(8, 19))
                + Duration::minutes(rng.range(0, 59));
            let story = Story {
                db,
                r,
                public_url,
                now,
                card,
                family,
                provider,
                reviewer: &reviewer,
            };
            let (order, review) = story
                .play(&mut rng, t0)
                .await
                .map_err(|e| anyhow::anyhow!("demo history, card {}: {e}", card.public_id))?;
            made.threads += 1;
            made.orders += usize::from(order);
            made.reviews += usize::from(review);
        }
    }
    // What those steps told people belongs to the past: no bell, no mail today.
    notifications::Entity::delete_many()
        .filter(notifications::Column::Id.gt(last_notification))
        .exec(&**db)
        .await?;
    outbox_emails::Entity::delete_many()
        .filter(outbox_emails::Column::Id.gt(last_mail))
        .exec(&**db)
        .await?;
    Ok(made)
}

/// The highest id of the table so far (0 when empty).
async fn last_id<E: EntityTrait>(db: &Db, id: E::Column) -> anyhow::Result<i32> {
    Ok(E::find()
        .select_only()
        .column(id)
        .order_by_desc(id)
        .into_tuple::<i32>()
        .one(&**db)
        .await?
        .unwrap_or(0))
}

/// The published cards with a history: one in `STRIDE`, of the organisations the demo
/// accounts do not work for, with their price, zone and vouchers.
async fn cards(db: &Db, r: &Reference) -> anyhow::Result<Vec<Card>> {
    let demo_orgs: Vec<i32> = organisations::Entity::find()
        .select_only()
        .column(organisations::Column::Id)
        .filter(organisations::Column::IsConsortium.eq(false))
        .order_by_asc(organisations::Column::Id)
        .limit(2)
        .into_tuple()
        .all(&**db)
        .await?;
    let published = service_cards::Entity::find()
        .filter(service_cards::Column::Status.eq(CardStatus::Published))
        .filter(service_cards::Column::OrganisationId.is_not_in(demo_orgs))
        .order_by_asc(service_cards::Column::Id)
        .all(&**db)
        .await?;
    let mut out = Vec::new();
    for c in published.iter().step_by(STRIDE).take(CARDS_MAX) {
        let price = card_prices::Entity::find()
            .filter(card_prices::Column::CardId.eq(c.id))
            .order_by_asc(card_prices::Column::Position)
            .one(&**db)
            .await?;
        let zone = card_zones::Entity::find()
            .filter(card_zones::Column::CardId.eq(c.id))
            .order_by_asc(card_zones::Column::ZoneId)
            .one(&**db)
            .await?
            .and_then(|z| r.zone_by_id(z.zone_id))
            .map(|z| z.code.clone());
        let vouchers = card_vouchers::Entity::find()
            .filter(card_vouchers::Column::CardId.eq(c.id))
            .all(&**db)
            .await?
            .into_iter()
            .map(|v| v.code)
            .collect();
        let (unit, price_cents, vat_rate_bp) = match &price {
            Some(p) => (unit_of(&p.unit_code), p.price_cents, p.vat_rate_bp),
            None => (QuoteUnit::Hour, 2_200, 500),
        };
        out.push(Card {
            public_id: c.public_id,
            organisation_id: c.organisation_id,
            manager: Some(c.service_manager.trim())
                .filter(|m| !m.is_empty())
                .unwrap_or("Coordinamento del servizio")
                .to_owned(),
            category: c.category_code.clone(),
            zone,
            unit,
            price_cents: price_cents.max(100),
            vat_rate_bp,
            vouchers,
        });
    }
    Ok(out)
}

/// The quote unit of a card's price unit (`reference/taxonomy.json`, `price_units`).
fn unit_of(code: &str) -> QuoteUnit {
    match code {
        "ora" => QuoteUnit::Hour,
        "visita" | "intervento" => QuoteUnit::Visit,
        "giorno" => QuoteUnit::Day,
        "mese" => QuoteUnit::Month,
        _ => QuoteUnit::Service,
    }
}

/// A person of the history (no e-mail, no password: not an account to sign in with)
/// with one role.
async fn person(
    db: &Db,
    name: &str,
    role: Role,
    organisation_id: Option<i32>,
    at: DateTime<Utc>,
) -> anyhow::Result<Viewer> {
    let user = super::accounts::insert_user(&**db, None, name, at).await?;
    let scope = ResolvedScope {
        organisation_id,
        organisation_tenant: None,
        tenant_id: None,
        space_id: None,
    };
    add_membership(&**db, user.id, role, scope, at)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    viewer(db, user).await
}

async fn demo_account(db: &Db, email: &str) -> anyhow::Result<Viewer> {
    let user = users::Entity::find()
        .filter(users::Column::Email.eq(email))
        .one(&**db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account {email} missing"))?;
    viewer(db, user).await
}

async fn viewer(db: &Db, user: users::Model) -> anyhow::Result<Viewer> {
    let ms = memberships::Entity::find()
        .filter(memberships::Column::UserId.eq(user.id))
        .order_by_asc(memberships::Column::Id)
        .all(&**db)
        .await?;
    Ok(Viewer::new(user, ms))
}

/// One request to one card, from the family's message to wherever it ends.
struct Story<'a> {
    db: &'a Db,
    r: &'a Reference,
    public_url: &'a str,
    now: DateTime<Utc>,
    card: &'a Card,
    family: &'a Viewer,
    provider: &'a Viewer,
    reviewer: &'a Viewer,
}

fn fresh<T>(o: Outcome<T>) -> Result<T, ApiError> {
    match o {
        Outcome::Fresh(t) => Ok(t),
        Outcome::Replayed(..) => Err(ApiError::Conflict("replayed without a key")),
    }
}

impl Story<'_> {
    fn at(&self, t: DateTime<Utc>) -> Ctx<'_> {
        Ctx {
            db: self.db,
            reference: self.r,
            public_url: self.public_url,
            now: t,
        }
    }

    /// Plays the story from `t0`; whether it led to an order, and to a published review.
    /// Steps that would fall after today are left for the future (the thread stays as it
    /// is, as a real one would).
    async fn play(&self, rng: &mut Rng, t0: DateTime<Utc>) -> Result<(bool, bool), ApiError> {
        let hours = rng.range(4, 20) as i32;
        let request = fresh(
            contact::send(
                &self.at(t0),
                self.family,
                NewRequest {
                    cards: vec![self.card.public_id],
                    message: rng
                        .pick(&REQUESTS)
                        .copied()
                        .unwrap_or(REQUESTS[0])
                        .to_owned(),
                    need: NewNeed {
                        age_band: age_band(&self.card.category, rng),
                        zone: self.card.zone.clone(),
                        start_on: None,
                        frequency: if hours > 10 {
                            Frequency::SeveralTimesAWeek
                        } else {
                            Frequency::Weekly
                        },
                        hours_per_week: Some(hours),
                        budget_cents: None,
                        budget_per: None,
                        language: None,
                    },
                    consent: true,
                    group: None,
                },
                None,
                WORKING_DAYS,
            )
            .await?,
        )?;
        let Some((thread, deadline)) = request.threads.first().map(|t| (t.id, t.deadline_at))
        else {
            return Ok((false, false));
        };
        let roll = rng.range(0, 99);
        // Most providers answer within hours, some take days, a few never do: a thread
        // still unanswered at its deadline expires (the job's pass, a minute later).
        let first = t0 + Duration::minutes(rng.range(40, if roll < 70 { 600 } else { 4_000 }));
        if roll < 7 || first > deadline {
            let pass = deadline + Duration::minutes(1);
            if pass < self.now {
                contact::run_deadlines(self.db, self.public_url, pass).await?;
            }
            return Ok((false, false));
        }
        if first >= self.now {
            return Ok((false, false));
        }
        if roll < 19 {
            let reason = match roll % 4 {
                0 => DeclineReason::NoCapacity,
                1 => DeclineReason::OutsideArea,
                2 => DeclineReason::NotOurService,
                _ => DeclineReason::FamilyUnreachable,
            };
            contact::decline(
                &self.at(first),
                self.provider,
                thread,
                Decline {
                    reason,
                    details: String::new(),
                },
            )
            .await?;
            return Ok((false, false));
        }
        self.message(thread, self.provider, rng.pick(&ANSWERS), first)
            .await?;
        let reply = first + Duration::hours(rng.range(1, 30));
        if reply >= self.now {
            return Ok((false, false));
        }
        self.message(thread, self.family, rng.pick(&REPLIES), reply)
            .await?;
        if roll < 40 {
            // The family looked elsewhere, or no longer needs it.
            let closed = reply + Duration::days(rng.range(2, 12));
            if closed < self.now {
                contact::close(&self.at(closed), self.family, thread).await?;
            }
            return Ok((false, false));
        }
        let quoted = reply + Duration::hours(rng.range(2, 40));
        if quoted >= self.now {
            return Ok((false, false));
        }
        let start_on = (quoted + Duration::days(rng.range(3, 12))).date_naive();
        let quote = fresh(
            quotes::create(
                &self.at(quoted),
                self.provider,
                thread,
                self.quote(hours, start_on, quoted),
                None,
            )
            .await?,
        )?;
        let accepted = quoted + Duration::hours(rng.range(6, 96));
        if accepted >= self.now {
            return Ok((false, false));
        }
        if rng.chance(20) {
            // Too dear, or another solution found: the family closes the thread.
            contact::close(&self.at(accepted), self.family, thread).await?;
            return Ok((false, false));
        }
        let gross = quote.totals.gross_cents;
        let voucher = quote
            .vouchers
            .first()
            .filter(|_| rng.chance(40))
            .map(|scheme| VoucherUse {
                scheme: scheme.clone(),
                amount_cents: (gross / 2).min(25_000),
            });
        let order = fresh(
            orders::accept(
                &self.at(accepted),
                self.family,
                quote.id,
                AcceptQuote { voucher },
                None,
            )
            .await?,
        )?;
        let confirmed = accepted + Duration::hours(rng.range(2, 30));
        if confirmed >= self.now || start_on < confirmed.date_naive() {
            return Ok((true, false));
        }
        orders::confirm(
            &self.at(confirmed),
            self.provider,
            order.id,
            ConfirmOrder { start_on: None },
        )
        .await?;
        let reviewed = confirmed + Duration::days(rng.range(15, 60));
        if reviewed >= self.now || rng.chance(35) {
            return Ok((true, false));
        }
        let stars = |rng: &mut Rng| rng.range(3, 5) as i16;
        let review = reviews::submit(
            &self.at(reviewed),
            self.family,
            order.id,
            NewReview {
                ratings: NewRatings {
                    punctuality: stars(rng),
                    competence: stars(rng),
                    kindness: stars(rng),
                    value: stars(rng),
                },
                body: rng.pick(&REVIEWS).copied().unwrap_or(REVIEWS[0]).to_owned(),
            },
        )
        .await?;
        let moderated = reviewed + Duration::hours(rng.range(3, 48));
        if moderated >= self.now {
            return Ok((true, false));
        }
        reviews::moderate(
            &self.at(moderated),
            self.reviewer,
            review.id,
            true,
            Moderation {
                note: String::new(),
            },
        )
        .await?;
        let answered = moderated + Duration::days(rng.range(1, 5));
        if answered < self.now && rng.chance(30) {
            reviews::reply(
                &self.at(answered),
                self.provider,
                review.id,
                ReviewReply {
                    body: rng
                        .pick(&PROVIDER_REPLIES)
                        .copied()
                        .unwrap_or(PROVIDER_REPLIES[0])
                        .to_owned(),
                },
            )
            .await?;
        }
        Ok((true, true))
    }

    async fn message(
        &self,
        thread: Uuid,
        who: &Viewer,
        body: Option<&&str>,
        at: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        contact::post_message(
            &self.at(at),
            who,
            thread,
            NewMessage {
                body: body.copied().unwrap_or("Grazie.").to_owned(),
                kind: None,
                attachments: Vec::new(),
            },
            None,
        )
        .await?;
        Ok(())
    }

    /// A month of the service at the card's own price.
    fn quote(&self, hours_per_week: i32, start_on: NaiveDate, at: DateTime<Utc>) -> NewQuote {
        let c = self.card;
        let (description, quantity) = match c.unit {
            QuoteUnit::Hour => (
                "Ore di servizio a domicilio (4 settimane)",
                hours_per_week * 4,
            ),
            QuoteUnit::Visit => ("Interventi a domicilio (4 settimane)", 8),
            QuoteUnit::Day => ("Giornate di servizio", 20),
            QuoteUnit::Week => ("Settimane di servizio", 4),
            QuoteUnit::Month => ("Mese di servizio", 1),
            QuoteUnit::Service => ("Servizio come da scheda", 1),
        };
        NewQuote {
            lines: vec![NewQuoteLine {
                description: description.to_owned(),
                unit: c.unit,
                quantity_milli: i64::from(quantity) * 1_000,
                unit_price_cents: c.price_cents,
                vat_rate_bp: c.vat_rate_bp,
            }],
            valid_until: (at + Duration::days(30)).date_naive(),
            start_on: Some(start_on),
            notes: "Prezzi IVA inclusa. Il primo colloquio a domicilio è gratuito.".to_owned(),
            vouchers: c.vouchers.clone(),
        }
    }
}

/// Whom a request is for, by the card's category (coarse, as the form asks).
fn age_band(category: &str, rng: &mut Rng) -> AgeBand {
    let young = [
        "baby-sitter",
        "supporto-studio",
        "educativo",
        "centri-estivi",
    ];
    if young.iter().any(|w| category.starts_with(w)) {
        if rng.chance(50) {
            AgeBand::Child
        } else {
            AgeBand::Teen
        }
    } else if rng.chance(80) {
        AgeBand::Elderly
    } else {
        AgeBand::Adult
    }
}
