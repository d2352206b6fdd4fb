//! The offers ranked for a demand (issue 12): the published services of the kind asked
//! (a carer role's own category included) covering the family's zone, and the listed
//! carers of the role (or whose role is of the category) working there, through the hard
//! filters and the score of `domain::matching`, each with the reasons in words.
use super::{category_of, readable, role_of};
use crate::api::Label;
use crate::api::demands::{MatchList, MatchReason, MatchResult, MatchesQuery, OfferKind};
use crate::api::matches::MatchRef;
use crate::api::services::ZoneRef;
use crate::auth::Viewer;
use crate::db::Db;
use crate::domain::contact::InteractionKind;
use crate::domain::demand::{DemandStatus, RequirementKind};
use crate::domain::matching::{
    self, Arrangement, BudgetPeriod, CarerRole, Kind, LanguageLevel, Need, Offer, Reason,
    Requirement, Want,
};
use crate::domain::registry::RegistryStatus;
use crate::domain::review::ReviewStatus;
use crate::domain::week::Week;
use crate::domain::zone::ZoneKind;
use crate::entities::{
    card_prices, card_zones, carer_zones, carers, demand_requirements, demands, interaction_events,
    matches, organisations, reviews, service_cards,
};
use crate::error::ApiError;
use crate::reference::Reference;
use crate::services::carers::check::{hours, parse_codes};
use crate::services::carers::view::{Lists, Only, week_parse};
use crate::services::{cards, interactions};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveEnum, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, sea_query::Query,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Carers' keys come after every card's (the tie-break orders cards first).
const CARER_KEY: i64 = 1 << 40;
/// First answers a card needs before its usual answer time counts.
const ANSWERS_MIN: usize = 5;

/// A published card as the ranking reads it.
#[derive(Debug, sea_orm::FromQueryResult)]
struct CardRow {
    id: i32,
    public_id: Uuid,
    title: String,
    organisation_id: i32,
    category_code: String,
    languages: String,
    waiting_days_total: i32,
}

/// What a result shows besides the score.
pub(super) struct Shown {
    kind: OfferKind,
    id: Uuid,
    title: String,
    organisation: Option<String>,
}

/// The ranked offers for the owner's demand (a closed one: 409).
pub async fn matches(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    id: Uuid,
    q: MatchesQuery,
    now: DateTime<Utc>,
) -> Result<MatchList, ApiError> {
    // The owner, or an operator of the space they shared the need with (recorded).
    let (d, _) = readable(&**db, viewer, id, now).await?;
    if d.status == DemandStatus::Closed {
        return Err(ApiError::Conflict(
            "The need is closed: nothing is matched.",
        ));
    }
    let need = need_of(&**db, r, &d).await?;
    // The services and the carers at once, on two of the pool's connections: their
    // queries do not depend on each other.
    let mut offers = Vec::new();
    let mut shown: HashMap<i64, Shown> = HashMap::new();
    let mut carer_offers = Vec::new();
    let mut carers_shown: HashMap<i64, Shown> = HashMap::new();
    let cards = async {
        if q.kind == Some(OfferKind::Carer) {
            return Ok(());
        }
        services(&**db, r, &need, now, None, &mut offers, &mut shown).await
    };
    let people = async {
        if q.kind == Some(OfferKind::Service) {
            return Ok(());
        }
        listed_carers(&**db, r, &need, None, &mut carer_offers, &mut carers_shown).await
    };
    tokio::try_join!(cards, people)?;
    offers.append(&mut carer_offers);
    shown.extend(carers_shown);
    // The need's own matches (a group's are on the group's page).
    let contacts = contacts(
        &**db,
        Condition::all()
            .add(matches::Column::DemandId.eq(d.id))
            .add(matches::Column::GroupId.is_null()),
    )
    .await?;
    let limit = q.limit.unwrap_or(20).clamp(1, 50) as usize;
    let (items, total) = results(r, &need, &offers, shown, &contacts, limit);
    // The city sees needs left unmet (whether any offer passed), never who.
    let txn = db.write().await?;
    interactions::record_need(
        &txn,
        InteractionKind::MatchesShown,
        d.tenant_id,
        category_of(r, &d),
        d.zone_id,
        Some(if total == 0 { "none" } else { "some" }.to_owned()),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(MatchList { items, total })
}

/// The listed carers a formed group may be offered to, ranked for the viewer's need in
/// it with the group's joint week: only those free for that whole week (one carer serves
/// every family). For a joined member; an invited one: 403; anyone else: 404.
pub async fn for_group(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    id: Uuid,
) -> Result<MatchList, ApiError> {
    use crate::domain::pooling::{GroupStatus, MemberStatus};
    let g = crate::entities::groups::Entity::find()
        .filter(crate::entities::groups::Column::PublicId.eq(id))
        .one(&**db)
        .await?
        .ok_or(ApiError::NotFound("group"))?;
    let (member, d) = crate::services::groups::mine_in(&**db, viewer, &g)
        .await?
        .filter(|(m, _)| matches!(m.status, MemberStatus::Joined | MemberStatus::Invited))
        .ok_or(ApiError::NotFound("group"))?;
    if member.status != MemberStatus::Joined {
        return Err(ApiError::Forbidden(
            "Only the group's members offer it: join it first.",
        ));
    }
    if g.status != GroupStatus::Formed {
        return Ok(MatchList {
            items: Vec::new(),
            total: 0,
        });
    }
    let joint = crate::services::groups::joint_week(&**db, g.id).await?;
    let mut need = need_of(&**db, r, &d).await?;
    need.week = joint;
    let mut offers = Vec::new();
    let mut shown: HashMap<i64, Shown> = HashMap::new();
    listed_carers(&**db, r, &need, None, &mut offers, &mut shown).await?;
    // The viewer's own matches for the group; a carer another member is already asking
    // (an open match) is on the offers' list instead.
    let group_matches = matches::Entity::find()
        .filter(matches::Column::GroupId.eq(g.id))
        .all(&**db)
        .await?;
    let asked_by_others: Vec<i64> = group_matches
        .iter()
        .filter(|m| m.demand_id != d.id && m.status.is_open())
        .map(|m| CARER_KEY + i64::from(m.carer_id))
        .collect();
    offers.retain(|o| o.week.is_some_and(|w| joint.within(w)) && !asked_by_others.contains(&o.key));
    let contacts = contacts(
        &**db,
        Condition::all()
            .add(matches::Column::GroupId.eq(g.id))
            .add(matches::Column::DemandId.eq(d.id)),
    )
    .await?;
    let (items, total) = results(r, &need, &offers, shown, &contacts, 20);
    Ok(MatchList { items, total })
}

/// The matches `which` selects, by the ranking's key of their carer.
async fn contacts(
    db: &impl ConnectionTrait,
    which: Condition,
) -> Result<HashMap<i64, MatchRef>, ApiError> {
    Ok(matches::Entity::find()
        .filter(which)
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            let r = MatchRef {
                id: m.public_id,
                status: m.status,
            };
            (CARER_KEY + i64::from(m.carer_id), r)
        })
        .collect())
}

/// The first `limit` offers ranked for `need`, with their reasons and the match with
/// each, and how many passed the hard filters.
fn results(
    r: &Reference,
    need: &Need,
    offers: &[Offer],
    mut shown: HashMap<i64, Shown>,
    contacts: &HashMap<i64, MatchRef>,
    limit: usize,
) -> (Vec<MatchResult>, u64) {
    let ranked = matching::rank(need, offers.iter(), usize::MAX);
    let total = ranked.len() as u64;
    let items = ranked
        .into_iter()
        .take(limit)
        .filter_map(|a| {
            let s = shown.remove(&a.key)?;
            Some(MatchResult {
                kind: s.kind,
                id: s.id,
                title: s.title,
                organisation: s.organisation,
                score: a.score,
                explanation: explain(r, &a.reasons),
                reasons: a.reasons.iter().filter_map(|x| reason(r, x)).collect(),
                contact: contacts.get(&a.key).cloned(),
            })
        })
        .collect();
    (items, total)
}

/// The demand as the ranking reads it: its zone and the zones containing it, most
/// precise first.
pub(crate) async fn need_of(
    db: &impl ConnectionTrait,
    r: &Reference,
    d: &demands::Model,
) -> Result<Need, ApiError> {
    let rows = demand_requirements::Entity::find()
        .filter(demand_requirements::Column::DemandId.eq(d.id))
        .order_by_asc(demand_requirements::Column::Position)
        .all(db)
        .await?;
    need_from(r, d, &rows).ok_or(ApiError::NotFound("demand"))
}

/// The demand with its requirement rows (those of other demands are skipped).
pub(crate) fn need_from(
    r: &Reference,
    d: &demands::Model,
    rows: &[demand_requirements::Model],
) -> Option<Need> {
    let kind = match (&d.category_code, d.carer_role.as_deref().and_then(role_of)) {
        (_, Some(role)) => Kind::Carer(role),
        (Some(c), None) => Kind::Category(c.clone()),
        (None, None) => return None,
    };
    let mut zones = vec![d.zone_id];
    if let Some(parent) = r.zone_by_id(d.zone_id).and_then(|z| z.parent_id) {
        zones.push(parent);
    }
    let requirements = rows
        .iter()
        .filter(|q| q.demand_id == d.id)
        .map(|q| Requirement {
            want: match q.kind {
                RequirementKind::Skill => Want::Skill(q.code.clone()),
                RequirementKind::Language => Want::Language(q.code.clone()),
            },
            must: q.must,
        })
        .collect();
    Some(Need {
        kind,
        zones,
        week: week_parse(&d.week),
        arrangement: d.arrangement,
        budget: d.budget_cents.zip(d.budget_period),
        language: d.language.clone(),
        requirements,
    })
}

/// The kinds of help an offer of `category` (and of the carer roles of that category)
/// gives.
fn kinds_of_category(r: &Reference, category: &str) -> Vec<Kind> {
    let mut kinds = vec![Kind::Category(category.to_owned())];
    kinds.extend(
        r.matching
            .roles
            .iter()
            .filter(|x| x.category == category)
            .map(|x| Kind::Carer(x.code)),
    );
    kinds
}

/// The categories whose services give the help of `kind`.
fn categories_for(r: &Reference, kind: &Kind) -> Vec<String> {
    match kind {
        Kind::Category(c) => vec![c.clone()],
        Kind::Carer(role) => r
            .matching
            .category_of(*role)
            .map(|c| vec![c.to_owned()])
            .unwrap_or_default(),
    }
}

/// A price with its VAT, in whole cents (half up).
fn gross(p: &card_prices::Model) -> i64 {
    let wide = i128::from(p.price_cents) * i128::from(10_000 + p.vat_rate_bp);
    i64::try_from((wide + 5_000) / 10_000).unwrap_or(i64::MAX)
}

pub(super) async fn services(
    db: &impl ConnectionTrait,
    r: &Reference,
    need: &Need,
    now: DateTime<Utc>,
    since: Option<DateTime<Utc>>,
    offers: &mut Vec<Offer>,
    shown: &mut HashMap<i64, Shown>,
) -> Result<(), ApiError> {
    let categories = categories_for(r, &need.kind);
    if categories.is_empty() {
        return Ok(());
    }
    // The cards of the categories covering the need's zones: one range of the zone rows'
    // index (zone, category, card; migration 000031), which also gives the zones each
    // card covers among the need's (coverage and its reason: a card's other zones are not
    // read). A zone row keeps the category of the card's last published content; the card
    // row's category is checked too (a draft never published may have changed it).
    let in_area = Condition::all()
        .add(card_zones::Column::ZoneId.is_in(need.zones.iter().copied()))
        .add(card_zones::Column::CategoryCode.is_in(categories.iter().cloned()));
    let zone_rows = Query::select()
        .column(card_zones::Column::CardId)
        .from(card_zones::Entity)
        .cond_where(in_area.clone())
        .take();
    // Only what the ranking reads of the cards (reading every card row of the category
    // cost most of the ranking's time with 100,000 cards), in one flat query: the zone
    // rows' range first, then each of those cards by its key (a self-join on the cards'
    // own index of category and status cost a third more). The zone rows in the same go.
    let (rows, card_zone_rows) = tokio::try_join!(
        service_cards::Entity::find()
            .select_only()
            .column(service_cards::Column::Id)
            .column(service_cards::Column::PublicId)
            .column(service_cards::Column::Title)
            .column(service_cards::Column::OrganisationId)
            .column(service_cards::Column::CategoryCode)
            .column(service_cards::Column::Languages)
            .column(service_cards::Column::WaitingDaysTotal)
            .filter(cards::visible())
            .filter(service_cards::Column::CategoryCode.is_in(categories.iter().cloned()))
            .apply_if(since, |q, t| {
                q.filter(service_cards::Column::PublishedAt.gt(t))
            })
            .filter(service_cards::Column::Id.in_subquery(zone_rows))
            .into_model::<CardRow>()
            .all(db),
        card_zones::Entity::find()
            .select_only()
            .column(card_zones::Column::CardId)
            .column(card_zones::Column::ZoneId)
            .filter(in_area)
            .into_tuple::<(i32, i32)>()
            .all(db),
    )?;
    if rows.is_empty() {
        return Ok(());
    }
    let ids: Vec<i32> = rows.iter().map(|c| c.id).collect();
    let mut org_ids: Vec<i32> = rows.iter().map(|c| c.organisation_id).collect();
    org_ids.sort_unstable();
    org_ids.dedup();
    // The candidates' prices, reviews, answer times and organisations: four independent
    // reads, run at once.
    let (price_rows, published, firsts, org_rows) = tokio::try_join!(
        card_prices::Entity::find()
            .filter(card_prices::Column::CardId.is_in(ids.iter().copied()))
            .filter(card_prices::Column::UnitCode.is_in(["ora", "mese"]))
            .filter(card_prices::Column::IsPackage.eq(false))
            .all(db),
        reviews::Entity::find()
            .select_only()
            .column(reviews::Column::CardId)
            .column(reviews::Column::Value)
            .filter(reviews::Column::CardId.is_in(ids.iter().copied()))
            .filter(reviews::Column::Status.eq(ReviewStatus::Published))
            .into_tuple::<(i32, i16)>()
            .all(db),
        interaction_events::Entity::find()
            .select_only()
            .column(interaction_events::Column::CardId)
            .column(interaction_events::Column::ElapsedSecs)
            .filter(interaction_events::Column::CardId.is_in(ids.iter().copied()))
            .filter(interaction_events::Column::Kind.eq(InteractionKind::FirstAnswer))
            .filter(interaction_events::Column::OccurredAt.gt(now - Duration::days(365)))
            .into_tuple::<(Option<i32>, Option<i64>)>()
            .all(db),
        organisations::Entity::find()
            .select_only()
            .column(organisations::Column::Id)
            .column(organisations::Column::LegalName)
            .filter(organisations::Column::Id.is_in(org_ids))
            .into_tuple::<(i32, String)>()
            .all(db),
    )?;
    let mut zones: HashMap<i32, Vec<i32>> = HashMap::new();
    for (card, zone) in card_zone_rows {
        zones.entry(card).or_default().push(zone);
    }
    // The lowest price by the hour and by the month, VAT included.
    let mut prices: HashMap<(i32, BudgetPeriod), i64> = HashMap::new();
    for p in price_rows {
        let period = if p.unit_code == "ora" {
            BudgetPeriod::Hour
        } else {
            BudgetPeriod::Month
        };
        let g = gross(&p);
        prices
            .entry((p.card_id, period))
            .and_modify(|x| *x = (*x).min(g))
            .or_insert(g);
    }
    let mut ratings: HashMap<i32, (u32, u32)> = HashMap::new();
    for (card, value) in published {
        let e = ratings.entry(card).or_default();
        e.0 += u32::try_from(value).unwrap_or(0);
        e.1 += 1;
    }
    let mut answers: HashMap<i32, Vec<i64>> = HashMap::new();
    for (card, secs) in firsts {
        if let (Some(card), Some(secs)) = (card, secs) {
            answers.entry(card).or_default().push(secs);
        }
    }
    let orgs: HashMap<i32, String> = org_rows.into_iter().collect();
    for c in rows {
        let key = i64::from(c.id);
        let rating = ratings
            .get(&c.id)
            .map(|(sum, n)| (u16::try_from(sum * 100 / (*n).max(1)).unwrap_or(500), *n));
        let response_hours = answers
            .get_mut(&c.id)
            .filter(|a| a.len() >= ANSWERS_MIN)
            .map(|a| {
                a.sort_unstable();
                let median = a[a.len() / 2];
                u32::try_from((median + 3599) / 3600).unwrap_or(u32::MAX)
            });
        offers.push(Offer {
            key,
            kinds: kinds_of_category(r, &c.category_code),
            zones: zones.remove(&c.id).unwrap_or_default(),
            week: None,
            arrangements: Vec::new(),
            hourly_cents: prices.get(&(c.id, BudgetPeriod::Hour)).copied(),
            monthly_cents: prices.get(&(c.id, BudgetPeriod::Month)).copied(),
            skills: Vec::new(),
            // A service's staff speak its languages at a working level.
            languages: c
                .languages
                .split(',')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| (l.to_owned(), LanguageLevel::C1))
                .collect(),
            experience_years: None,
            waiting_days: Some(u16::try_from(c.waiting_days_total.max(0)).unwrap_or(u16::MAX)),
            rating,
            response_hours,
        });
        shown.insert(
            key,
            Shown {
                kind: OfferKind::Service,
                id: c.public_id,
                title: c.title,
                organisation: orgs.get(&c.organisation_id).cloned(),
            },
        );
    }
    Ok(())
}

pub(super) async fn listed_carers(
    db: &impl ConnectionTrait,
    r: &Reference,
    need: &Need,
    since: Option<DateTime<Utc>>,
    offers: &mut Vec<Offer>,
    shown: &mut HashMap<i64, Shown>,
) -> Result<(), ApiError> {
    // The roles that give the help asked: narrowed in SQL (the roles are a comma list,
    // and no role's code is inside another's), checked exactly below.
    let asked: Vec<CarerRole> = match &need.kind {
        Kind::Carer(role) => vec![*role],
        Kind::Category(cat) => r
            .matching
            .roles
            .iter()
            .filter(|x| x.category == *cat)
            .map(|x| x.code)
            .collect(),
    };
    if asked.is_empty() {
        return Ok(());
    }
    let any_role = asked.iter().fold(Condition::any(), |c, role| {
        c.add(carers::Column::Roles.like(format!("%{}%", role.to_value())))
    });
    // The carers of the need's zones first, then those rows by key: one query with a
    // subquery was planned as a scan of every carer (measured: 11 ms against 4 ms at
    // 20,000 carers).
    let near: Vec<i32> = carer_zones::Entity::find()
        .select_only()
        .column(carer_zones::Column::CarerId)
        .filter(carer_zones::Column::ZoneId.is_in(need.zones.iter().copied()))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    if near.is_empty() {
        return Ok(());
    }
    let rows = carers::Entity::find()
        .filter(carers::Column::Id.is_in(near))
        .filter(carers::Column::Status.eq(RegistryStatus::Listed))
        .filter(any_role)
        .apply_if(since, |q, t| q.filter(carers::Column::StatusAt.gt(t)))
        .all(db)
        .await?;
    let roles_of = |c: &carers::Model| parse_codes::<CarerRole>(&c.roles);
    // Only those of the help asked: the role, or a role of the category.
    let rows: Vec<carers::Model> = rows
        .into_iter()
        .filter(|c| {
            roles_of(c).into_iter().any(|role| match &need.kind {
                Kind::Carer(asked) => *asked == role,
                Kind::Category(cat) => r.matching.category_of(role) == Some(cat.as_str()),
            })
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    let ids: Vec<i32> = rows.iter().map(|c| c.id).collect();
    // Only what the ranking compares: the need's skills, languages and zones.
    let mut skills = Vec::new();
    let mut languages: Vec<String> = need.language.iter().cloned().collect();
    for q in &need.requirements {
        match &q.want {
            Want::Skill(s) => skills.push(s.clone()),
            Want::Language(l) => languages.push(l.clone()),
        }
    }
    let only = Only {
        skills: &skills,
        languages: &languages,
        zones: &need.zones,
    };
    let lists = Lists::narrowed(db, &ids, only).await?;
    for c in rows {
        let key = CARER_KEY + i64::from(c.id);
        offers.push(carer_offer(r, &c, &lists, key));
        shown.insert(
            key,
            Shown {
                kind: OfferKind::Carer,
                id: c.public_id,
                title: c.first_name,
                organisation: None,
            },
        );
    }
    Ok(())
}

/// A listed carer as the ranking reads them (`lists` loaded for them).
pub(crate) fn carer_offer(r: &Reference, c: &carers::Model, lists: &Lists, key: i64) -> Offer {
    let mut kinds = Vec::new();
    for role in parse_codes::<CarerRole>(&c.roles) {
        kinds.push(Kind::Carer(role));
        if let Some(cat) = r.matching.category_of(role) {
            kinds.push(Kind::Category(cat.to_owned()));
        }
    }
    Offer {
        key,
        kinds,
        zones: lists.zone_ids(c.id),
        week: Some(week_parse(&c.week)),
        arrangements: parse_codes::<Arrangement>(&c.arrangements),
        hourly_cents: c.hourly_cents,
        monthly_cents: c.monthly_cents,
        skills: lists.skills(c.id),
        languages: lists
            .languages(c.id)
            .into_iter()
            .map(|l| (l.code, l.level))
            .collect(),
        experience_years: Some(u16::try_from(c.experience_years.max(0)).unwrap_or(60)),
        waiting_days: None,
        rating: None,
        response_hours: None,
    }
}

pub(crate) fn zone_ref(r: &Reference, id: i32) -> Option<ZoneRef> {
    r.zone_by_id(id).map(|z| ZoneRef {
        code: z.code.clone(),
        name: z.name.clone(),
        kind: z.kind,
    })
}

/// A reason as the API gives it.
pub(crate) fn reason(r: &Reference, x: &Reason) -> Option<MatchReason> {
    Some(match x {
        Reason::Zone(z) => MatchReason::Zone {
            zone: zone_ref(r, *z)?,
        },
        Reason::Speaks(l) => MatchReason::Speaks {
            language: l.clone(),
        },
        Reason::Free(w) => MatchReason::Free { week: hours(*w) },
        Reason::LiveIn => MatchReason::LiveIn,
        Reason::Wishes { met, asked } => MatchReason::Wishes {
            met: *met,
            asked: *asked,
        },
        Reason::Price {
            cents,
            period,
            within,
        } => MatchReason::Price {
            cents: *cents,
            period: *period,
            within: *within,
        },
        Reason::Waiting(d) => MatchReason::Waiting { days: *d },
        Reason::Experience(y) => MatchReason::Experience { years: *y },
        Reason::Rating {
            average_x100,
            count,
        } => MatchReason::Rating {
            average_x100: *average_x100,
            count: *count,
        },
        Reason::Answers { hours } => MatchReason::Answers { hours: *hours },
    })
}

/// The reasons in words, Italian and English: "copre il Municipio 5 · parla spagnolo ·
/// libera lun–ven 9–13 · 2 desideri su 3 · 11 €/h, nel budget".
pub fn explain(r: &Reference, reasons: &[Reason]) -> Label {
    let mut it = Vec::new();
    let mut en = Vec::new();
    for x in reasons {
        let (i, e) = match x {
            Reason::Zone(z) => {
                let Some(zone) = r.zone_by_id(*z) else {
                    continue;
                };
                let article = if zone.kind == ZoneKind::Municipio {
                    "il "
                } else {
                    ""
                };
                (
                    format!("copre {article}{}", zone.name),
                    format!("covers {}", zone.name),
                )
            }
            Reason::Speaks(l) => {
                let name = r.matching.language_name(l);
                (format!("parla {}", name.it), format!("speaks {}", name.en))
            }
            Reason::Free(w) => (
                format!("libera {}", week_words(*w, &IT_DAYS)),
                format!("free {}", week_words(*w, &EN_DAYS)),
            ),
            Reason::LiveIn => ("disponibile a convivere".into(), "can live in".into()),
            Reason::Wishes { met, asked } => (
                format!(
                    "{met} {} su {asked}",
                    if *met == 1 { "desiderio" } else { "desideri" }
                ),
                format!("{met} of {asked} wishes"),
            ),
            Reason::Price {
                cents,
                period,
                within,
            } => {
                let (unit_it, unit_en) = match period {
                    BudgetPeriod::Hour => ("h", "h"),
                    BudgetPeriod::Month => ("mese", "month"),
                };
                let (tail_it, tail_en) = match within {
                    Some(true) => (", nel budget", ", within budget"),
                    Some(false) => (", oltre il budget", ", over budget"),
                    None => ("", ""),
                };
                (
                    format!("{} €/{unit_it}{tail_it}", euros(*cents, ',', '.')),
                    format!("€{}/{unit_en}{tail_en}", euros(*cents, '.', ',')),
                )
            }
            Reason::Waiting(0) => ("nessuna attesa".into(), "no wait".into()),
            Reason::Waiting(1) => ("attesa 1 giorno".into(), "1 day's wait".into()),
            Reason::Waiting(d) => (format!("attesa {d} giorni"), format!("{d} days' wait")),
            Reason::Experience(1) => ("1 anno di esperienza".into(), "1 year's experience".into()),
            Reason::Experience(y) => (
                format!("{y} anni di esperienza"),
                format!("{y} years' experience"),
            ),
            Reason::Rating {
                average_x100,
                count,
            } => {
                let (whole, tenth) = (average_x100 / 100, (average_x100 % 100) / 10);
                (
                    format!("★ {whole},{tenth} ({count} recensioni)"),
                    format!("★ {whole}.{tenth} ({count} reviews)"),
                )
            }
            Reason::Answers { hours } if *hours <= 1 => (
                "risponde entro un'ora".into(),
                "answers within an hour".into(),
            ),
            Reason::Answers { hours } => (
                format!("risponde in circa {hours} ore"),
                format!("answers in about {hours} hours"),
            ),
        };
        it.push(i);
        en.push(e);
    }
    Label {
        it: it.join(" · "),
        en: en.join(" · "),
    }
}

const IT_DAYS: [&str; 7] = ["lun", "mar", "mer", "gio", "ven", "sab", "dom"];
const EN_DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Euros: "11", "11,50", "1.200" (Italian separators) or "11.50", "1,200".
fn euros(cents: i64, decimal: char, thousands: char) -> String {
    let whole = (cents / 100).abs().to_string();
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(thousands);
        }
        grouped.push(ch);
    }
    let sign = if cents < 0 { "-" } else { "" };
    match cents.abs() % 100 {
        0 => format!("{sign}{grouped}"),
        c => format!("{sign}{grouped}{decimal}{c:02}"),
    }
}

/// A week in words: days with the same hours grouped ("lun–ven 9–13, sab 9–12").
fn week_words(w: Week, days: &[&str; 7]) -> String {
    let bits = w.bits();
    let spans = |b: u32| -> String {
        let mut out = Vec::new();
        let mut h = 0u32;
        while h < 24 {
            if b & (1 << h) != 0 {
                let start = h;
                while h < 24 && b & (1 << h) != 0 {
                    h += 1;
                }
                out.push(format!("{start}–{h}"));
            } else {
                h += 1;
            }
        }
        out.join(", ")
    };
    let mut parts = Vec::new();
    let mut d = 0;
    while d < 7 {
        if bits[d] == 0 {
            d += 1;
            continue;
        }
        let start = d;
        while d + 1 < 7 && bits[d + 1] == bits[start] {
            d += 1;
        }
        let name = if d > start {
            format!("{}–{}", days[start], days[d])
        } else {
            days[start].to_owned()
        };
        parts.push(format!("{name} {}", spans(bits[start])));
        d += 1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_reads_as_people_say_it() {
        let morning = 0b1111 << 9;
        let w = Week::from_bits([
            morning,
            morning,
            morning,
            morning,
            morning,
            (1 << 9) | (1 << 15),
            0,
        ]);
        assert_eq!(week_words(w, &IT_DAYS), "lun–ven 9–13, sab 9–10, 15–16");
        assert_eq!(week_words(w, &EN_DAYS), "Mon–Fri 9–13, Sat 9–10, 15–16");
        assert_eq!(week_words(Week::default(), &IT_DAYS), "");
    }

    #[test]
    fn euros_read_in_each_language() {
        assert_eq!(euros(1100, ',', '.'), "11");
        assert_eq!(euros(1150, ',', '.'), "11,50");
        assert_eq!(euros(120_000, ',', '.'), "1.200");
        assert_eq!(euros(120_005, '.', ','), "1,200.05");
    }
}
