//! Matches between families' needs and listed carers (issue 12). Either side reaches
//! out — the family writes to a carer the ranking showed, or a carer says they are
//! interested in a need they fit — and the two talk in the match's conversation (no
//! contact details cross). The family accepts (an *incrocio domanda/offerta*), says the
//! service started; either side declines or ends. Every step is an interaction event
//! (tenant, category and zone, never a person or a text) and a notification to the other
//! side; every write is one transaction, and a step on a match that moved meanwhile is
//! refused (409), never applied twice.
mod ending;
pub mod find;

pub(crate) use ending::{
    decline_for_closed_need, end_for_erased, end_for_group, end_for_suspended_carer,
};

use crate::api::carers::WeekHours;
use crate::api::demands::RequirementInput;
use crate::api::matches::{
    CarerBrief, CarerMatch, CarerMatchList, CarerMatchSummary, CarerMatchesQuery, MatchMessage,
    MatchOpening, NeedBrief,
};
use crate::api::notifications::NotificationKind;
use crate::api::services::ZoneRef;
use crate::auth::Viewer;
use crate::db::WriteTxn;
use crate::domain::Role;
use crate::domain::contact::{InteractionKind, Side};
use crate::domain::demand::DemandStatus;
use crate::domain::registry::{MatchAction, MatchSide, MatchStatus};
use crate::entities::{carers, demand_requirements, demands, match_messages, matches};
use crate::error::ApiError;
use crate::reference::Reference;
use crate::services::carers::check::hours;
use crate::services::carers::view::week_parse;
use crate::services::contact::{Ctx, check_text, conflict, page_of};
use crate::services::demands::rank::{need_of, zone_ref};
use crate::services::{interactions, notifications};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, sea_query::Expr,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Longest message, in characters.
pub const MESSAGE_MAX: usize = 2000;

/// A match with its need and carer, and the viewer's side.
struct Parties {
    m: matches::Model,
    d: demands::Model,
    c: carers::Model,
    side: MatchSide,
}

/// The viewer's own registration as a carer (403 without the carer role).
pub(crate) async fn own_carer(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
) -> Result<carers::Model, ApiError> {
    if !viewer.holds(Role::Carer) {
        return Err(ApiError::Forbidden(
            "Only carers of the registry see the needs they fit.",
        ));
    }
    carers::Entity::find()
        .filter(carers::Column::UserId.eq(viewer.user.id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("registration"))
}

/// The message's text, trimmed (blank or too long: 422; control characters other than
/// line breaks never get past the body's reading).
fn checked(field: &str, body: &str) -> Result<String, ApiError> {
    let mut errors = Vec::new();
    let body = check_text(&mut errors, field, body, true, MESSAGE_MAX);
    if errors.is_empty() {
        Ok(body)
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// A need as a carer may see it (`rows`: requirement rows, of this demand or others).
pub(crate) fn brief(
    r: &Reference,
    d: &demands::Model,
    rows: &[demand_requirements::Model],
) -> NeedBrief {
    NeedBrief {
        id: d.public_id,
        status: d.status,
        category: d.category_code.clone(),
        role: d.carer_role.as_deref().and_then(|c| {
            <crate::domain::matching::CarerRole as sea_orm::ActiveEnum>::try_from_value(
                &c.to_owned(),
            )
            .ok()
        }),
        zone: zone_of(r, d.zone_id),
        week: week_hours(&d.week),
        arrangement: d.arrangement,
        start_on: d.start_on,
        budget_cents: d.budget_cents,
        budget_period: d.budget_period,
        language: d.language.clone(),
        age_band: d.age_band,
        autonomy: d.autonomy,
        requirements: rows
            .iter()
            .filter(|q| q.demand_id == d.id)
            .map(|q| RequirementInput {
                kind: q.kind,
                code: q.code.clone(),
                must: q.must,
            })
            .collect(),
    }
}

fn week_hours(stored: &str) -> WeekHours {
    hours(week_parse(stored))
}

fn zone_of(r: &Reference, id: i32) -> ZoneRef {
    zone_ref(r, id).unwrap_or(ZoneRef {
        code: String::new(),
        name: String::new(),
        kind: crate::domain::zone::ZoneKind::Comune,
    })
}

/// The family writes to a listed carer about their need: the carer must pass the need's
/// hard filters (the ranking's), the need must be open.
pub async fn contact_carer(
    x: &Ctx<'_>,
    viewer: &Viewer,
    demand: Uuid,
    carer: Uuid,
    opening: MatchOpening,
) -> Result<CarerMatch, ApiError> {
    if !viewer.holds(Role::Citizen) {
        return Err(ApiError::Forbidden(
            "Carers are contacted from a citizen's account.",
        ));
    }
    let body = checked("message", &opening.message)?;
    let db = &**x.db;
    let d = demands::Entity::find()
        .filter(demands::Column::PublicId.eq(demand))
        .filter(demands::Column::UserId.eq(viewer.user.id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("demand"))?;
    let c = carers::Entity::find()
        .filter(carers::Column::PublicId.eq(carer))
        .filter(carers::Column::Status.eq(crate::domain::registry::RegistryStatus::Listed))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("carer"))?;
    if d.status != DemandStatus::Open {
        return Err(ApiError::Conflict(
            "The need is paused or closed: resume it to contact carers.",
        ));
    }
    let need = need_of(db, x.reference, &d).await?;
    let offer = find::offer_of(db, x.reference, &c).await?;
    if opening.group.is_none() && find::fits(&need, &offer).is_none() {
        return Err(ApiError::Conflict(
            "This carer does not meet the need (zone, hours, budget or a must).",
        ));
    }
    let ask = opening.group.map(|id| GroupAsk { id, need, offer });
    open(x, viewer, d, c, MatchSide::Family, body, ask).await
}

/// A family's member asking a carer for their group: the group's id, and the member's
/// need and the carer as the ranking reads them (checked against the group's joint week
/// once the group is held).
struct GroupAsk {
    id: Uuid,
    need: crate::domain::matching::Need,
    offer: crate::domain::matching::Offer,
}

/// The group of a match being opened, held by its transaction: the member's need with
/// the group's joint week must fit the carer, who must be free for that whole week; one
/// open match per group and carer.
async fn group_of(
    txn: &WriteTxn,
    x: &Ctx<'_>,
    viewer: &Viewer,
    d: &demands::Model,
    c: &carers::Model,
    ask: GroupAsk,
) -> Result<crate::entities::groups::Model, ApiError> {
    let (o, week) =
        crate::services::group_offers::for_carer(txn, x.reference, viewer, ask.id, d.id).await?;
    if o.category.as_deref() != crate::services::demands::category_of(x.reference, d).as_deref() {
        return Err(ApiError::NotFound("group"));
    }
    let mut need = ask.need;
    need.week = week;
    // A carer with no declared week (living in) is not free for several families' hours.
    let free = ask.offer.week.is_some_and(|w| week.within(w));
    if find::fits(&need, &ask.offer).is_none() || !free {
        return Err(ApiError::Conflict(
            "This carer is not free for the group's whole week, or does not meet the need.",
        ));
    }
    let open_already = matches::Entity::find()
        .filter(matches::Column::GroupId.eq(o.group.id))
        .filter(matches::Column::CarerId.eq(c.id))
        .filter(matches::Column::Status.is_in(MatchStatus::OPEN))
        .count(txn)
        .await?;
    if open_already > 0 {
        return Err(ApiError::Conflict(
            "The group was already offered to this carer: the conversation is on the group's page.",
        ));
    }
    Ok(o.group)
}

/// A listed carer tells the family of a need they fit that they are interested. A need
/// the carer does not fit (or not open) is not theirs to see: 404.
pub async fn express_interest(
    x: &Ctx<'_>,
    viewer: &Viewer,
    demand: Uuid,
    opening: MatchOpening,
) -> Result<CarerMatch, ApiError> {
    let db = &**x.db;
    let c = find::listed(db, viewer).await?;
    let body = checked("message", &opening.message)?;
    let d = demands::Entity::find()
        .filter(demands::Column::PublicId.eq(demand))
        .filter(demands::Column::Status.eq(DemandStatus::Open))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("demand"))?;
    let need = need_of(db, x.reference, &d).await?;
    let offer = find::offer_of(db, x.reference, &c).await?;
    if find::fits(&need, &offer).is_none() || d.user_id == viewer.user.id {
        return Err(ApiError::NotFound("demand"));
    }
    open(x, viewer, d, c, MatchSide::Carer, body, None).await
}

/// Opens the match with its first message; a second opening of the same need and carer
/// (also two at once) is refused with 409.
async fn open(
    x: &Ctx<'_>,
    viewer: &Viewer,
    d: demands::Model,
    c: carers::Model,
    side: MatchSide,
    body: String,
    ask: Option<GroupAsk>,
) -> Result<CarerMatch, ApiError> {
    let status = MatchStatus::Proposed
        .apply(MatchAction::Contact)
        .map_err(conflict)?;
    let txn = x.db.write().await?;
    hold(&txn, &d, &c, side).await?;
    let group = match ask {
        Some(ask) => Some(group_of(&txn, x, viewer, &d, &c, ask).await?),
        None => None,
    };
    let already = |open: bool| {
        ApiError::Conflict(match (open, group.is_some()) {
            (true, true) => {
                "The group was already offered to this carer: the conversation is on the group's page."
            }
            (true, false) => {
                "You are already in touch about this need: write in the same conversation."
            }
            // The unique key keeps one conversation per need and carer (and group): a
            // carer who declined, or a conversation that ended, is not asked again.
            (false, _) => {
                "There was a conversation about this need with this carer and it ended (declined or closed): one conversation per need and carer."
            }
        })
    };
    let earlier = matches::Entity::find()
        .select_only()
        .column(matches::Column::Status)
        .filter(matches::Column::DemandId.eq(d.id))
        .filter(matches::Column::CarerId.eq(c.id))
        .filter(match &group {
            Some(g) => matches::Column::GroupId.eq(g.id),
            None => matches::Column::GroupId.is_null(),
        })
        .into_tuple::<MatchStatus>()
        .one(&txn)
        .await?;
    if let Some(status) = earlier {
        return Err(already(MatchStatus::OPEN.contains(&status)));
    }
    let inserted = matches::ActiveModel {
        group_id: Set(group.as_ref().map(|g| g.id)),
        public_id: Set(Uuid::now_v7()),
        demand_id: Set(d.id),
        carer_id: Set(c.id),
        status: Set(status),
        initiated_by: Set(side),
        last_message_at: Set(x.now),
        last_side: Set(side),
        family_read_at: Set((side == MatchSide::Family).then_some(x.now)),
        carer_read_at: Set((side == MatchSide::Carer).then_some(x.now)),
        accepted_at: Set(None),
        status_at: Set(x.now),
        created_at: Set(x.now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let m = match inserted {
        Ok(m) => m,
        // Two openings at once: the other one is open.
        Err(e) if crate::db::is_unique_violation(&e) => return Err(already(true)),
        Err(e) => return Err(e.into()),
    };
    write_message(&txn, &m, side, viewer, &body, x.now).await?;
    record(
        &txn,
        x.reference,
        &d,
        &m,
        InteractionKind::MatchContacted,
        side,
        x.now,
    )
    .await?;
    tell(&txn, x, &m, &d, &c, side, NotificationKind::MatchOpened).await?;
    if let Some(g) = &group {
        crate::services::group_offers::asked_carer(&txn, x, g, viewer.user.id).await?;
    }
    let p = Parties { m, d, c, side };
    let view = view(&txn, x.reference, &p).await?;
    txn.commit().await?;
    Ok(view)
}

/// Takes the need's row, then the carer's, for the opening's transaction, each only in
/// the status that allows it (the need open, the carer listed). A close of the need or a
/// suspension of the carer at the same moment either waits for the opening and then ends
/// the match it made, or went first and is seen here: no match is opened on a closed
/// need or with a suspended carer. The order (need, carer, then the group) is the one
/// every other writer of these rows keeps.
async fn hold(
    txn: &WriteTxn,
    d: &demands::Model,
    c: &carers::Model,
    side: MatchSide,
) -> Result<(), ApiError> {
    let open = sea_orm::Condition::all()
        .add(demands::Column::Id.eq(d.id))
        .add(demands::Column::Status.eq(DemandStatus::Open));
    if !txn
        .take::<demands::Entity>(demands::Column::Status, open)
        .await?
    {
        return Err(match side {
            MatchSide::Family => {
                ApiError::Conflict("The need is paused or closed: resume it to contact carers.")
            }
            // The carer sees only open needs.
            MatchSide::Carer => ApiError::NotFound("demand"),
        });
    }
    let listed = sea_orm::Condition::all()
        .add(carers::Column::Id.eq(c.id))
        .add(carers::Column::Status.eq(crate::domain::registry::RegistryStatus::Listed));
    if !txn
        .take::<carers::Entity>(carers::Column::Status, listed)
        .await?
    {
        return Err(match side {
            MatchSide::Family => ApiError::NotFound("carer"),
            MatchSide::Carer => {
                ApiError::Conflict("Only listed carers are matched with families' needs.")
            }
        });
    }
    Ok(())
}

async fn write_message(
    txn: &WriteTxn,
    m: &matches::Model,
    side: MatchSide,
    viewer: &Viewer,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    match_messages::ActiveModel {
        public_id: Set(Uuid::now_v7()),
        match_id: Set(m.id),
        side: Set(side),
        author_id: Set(Some(viewer.user.id)),
        body: Set(body.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// The interaction event of a step: the need's tenant, category and zone, the side
/// (the carer is the offer's side) and whether it is for a group (`shared`) — nothing of
/// either person.
async fn record(
    db: &impl ConnectionTrait,
    r: &Reference,
    d: &demands::Model,
    m: &matches::Model,
    kind: InteractionKind,
    side: MatchSide,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let side = match side {
        MatchSide::Family => Side::Family,
        MatchSide::Carer => Side::Provider,
    };
    interactions::record_for_need(
        db,
        kind,
        d.tenant_id,
        crate::services::demands::category_of(r, d),
        d.zone_id,
        None,
        side,
        m.group_id.is_some(),
        now,
    )
    .await?;
    Ok(())
}

/// Tells the side other than `from`: the carer reads where the need is, the family the
/// carer's first name.
async fn tell(
    txn: &WriteTxn,
    x: &Ctx<'_>,
    m: &matches::Model,
    d: &demands::Model,
    c: &carers::Model,
    from: MatchSide,
    kind: NotificationKind,
) -> Result<(), ApiError> {
    let (to, title) = match from {
        MatchSide::Family => (c.user_id, zone_of(x.reference, d.zone_id).name),
        MatchSide::Carer => (d.user_id, c.first_name.clone()),
    };
    notifications::event(
        txn,
        &[to],
        kind,
        ("match", m.public_id),
        &title,
        x.public_url,
        x.now,
    )
    .await?;
    Ok(())
}

/// The match if the viewer is one of its two sides (anyone else: 404).
async fn load(db: &impl ConnectionTrait, viewer: &Viewer, id: Uuid) -> Result<Parties, ApiError> {
    let m = matches::Entity::find()
        .filter(matches::Column::PublicId.eq(id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("match"))?;
    let d = demands::Entity::find_by_id(m.demand_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("match"))?;
    let c = carers::Entity::find_by_id(m.carer_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("match"))?;
    let side = if d.user_id == viewer.user.id && viewer.holds(Role::Citizen) {
        MatchSide::Family
    } else if c.user_id == viewer.user.id && viewer.holds(Role::Carer) {
        MatchSide::Carer
    } else {
        return Err(ApiError::NotFound("match"));
    };
    Ok(Parties { m, d, c, side })
}

async fn view(
    db: &impl ConnectionTrait,
    r: &Reference,
    p: &Parties,
) -> Result<CarerMatch, ApiError> {
    let requirements = demand_requirements::Entity::find()
        .filter(demand_requirements::Column::DemandId.eq(p.d.id))
        .order_by_asc(demand_requirements::Column::Position)
        .all(db)
        .await?;
    let messages: Vec<MatchMessage> = match_messages::Entity::find()
        .filter(match_messages::Column::MatchId.eq(p.m.id))
        .order_by_asc(match_messages::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| MatchMessage {
            id: m.public_id,
            side: m.side,
            body: m.body,
            at: m.created_at,
        })
        .collect();
    let carer_wrote = messages.iter().any(|m| m.side == MatchSide::Carer);
    let group = match p.m.group_id {
        Some(id) => group_view(db, id, p.side).await?,
        None => None,
    };
    Ok(CarerMatch {
        group,
        id: p.m.public_id,
        status: p.m.status,
        status_at: p.m.status_at,
        initiated_by: p.m.initiated_by,
        viewer_side: p.side,
        need: brief(r, &p.d, &requirements),
        carer: CarerBrief {
            id: p.c.public_id,
            first_name: p.c.first_name.clone(),
        },
        actions: p.m.status.actions(p.side, carer_wrote),
        open: p.m.status.is_open(),
        accepted_at: p.m.accepted_at,
        created_at: p.m.created_at,
        messages,
    })
}

/// What both sides see of a match's group: its families and joint week (the group's id
/// for the family only).
async fn group_view(
    db: &impl ConnectionTrait,
    id: i32,
    side: MatchSide,
) -> Result<Option<crate::api::matches::MatchGroup>, ApiError> {
    let Some(g) = crate::entities::groups::Entity::find_by_id(id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let joined = crate::services::groups::joined_members(db, id).await?;
    let week = joined
        .iter()
        .fold(crate::domain::week::Week::EMPTY, |w, m| w.or(m.week));
    Ok(Some(crate::api::matches::MatchGroup {
        id: (side == MatchSide::Family).then_some(g.public_id),
        families: u32::try_from(joined.len()).unwrap_or(u32::MAX),
        hours_per_week: week.hours(),
        week: hours(week),
    }))
}

/// One of the viewer's matches, with its conversation (read from now on).
pub async fn get(x: &Ctx<'_>, viewer: &Viewer, id: Uuid) -> Result<CarerMatch, ApiError> {
    let mut p = load(&**x.db, viewer, id).await?;
    let txn = x.db.write().await?;
    let col = match p.side {
        MatchSide::Family => matches::Column::FamilyReadAt,
        MatchSide::Carer => matches::Column::CarerReadAt,
    };
    matches::Entity::update_many()
        .col_expr(col, Expr::value(x.now))
        .filter(matches::Column::Id.eq(p.m.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    match p.side {
        MatchSide::Family => p.m.family_read_at = Some(x.now),
        MatchSide::Carer => p.m.carer_read_at = Some(x.now),
    }
    view(&**x.db, x.reference, &p).await
}

/// The viewer's matches (a family's: of their needs, or of one need; a carer's: their
/// own), the latest message first.
pub async fn list(
    x: &Ctx<'_>,
    viewer: &Viewer,
    q: CarerMatchesQuery,
) -> Result<CarerMatchList, ApiError> {
    let db = &**x.db;
    let (page, per_page) = page_of(q.page, q.per_page);
    let own_demands = demands::Entity::find()
        .select_only()
        .column(demands::Column::Id)
        .filter(demands::Column::UserId.eq(viewer.user.id))
        .apply_if(q.demand, |s, id| s.filter(demands::Column::PublicId.eq(id)))
        .into_tuple::<i32>()
        .all(db)
        .await?;
    let own_carer: Option<i32> = if viewer.holds(Role::Carer) && q.demand.is_none() {
        carers::Entity::find()
            .select_only()
            .column(carers::Column::Id)
            .filter(carers::Column::UserId.eq(viewer.user.id))
            .into_tuple::<i32>()
            .one(db)
            .await?
    } else {
        None
    };
    let mut mine = sea_orm::Condition::any();
    if viewer.holds(Role::Citizen) {
        mine = mine.add(matches::Column::DemandId.is_in(own_demands));
    }
    if let Some(c) = own_carer {
        mine = mine.add(matches::Column::CarerId.eq(c));
    }
    let pages = matches::Entity::find()
        .filter(mine)
        .order_by_desc(matches::Column::LastMessageAt)
        .order_by_desc(matches::Column::Id)
        .paginate(db, u64::from(per_page));
    let total = pages.num_items().await?;
    let rows = pages.fetch_page(u64::from(page - 1)).await?;
    let needs: HashMap<i32, demands::Model> = demands::Entity::find()
        .filter(demands::Column::Id.is_in(rows.iter().map(|m| m.demand_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let carers: HashMap<i32, carers::Model> = carers::Entity::find()
        .filter(carers::Column::Id.is_in(rows.iter().map(|m| m.carer_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let items = rows
        .into_iter()
        .filter_map(|m| {
            let d = needs.get(&m.demand_id)?;
            let c = carers.get(&m.carer_id)?;
            let side = if Some(c.id) == own_carer {
                MatchSide::Carer
            } else {
                MatchSide::Family
            };
            let read = match side {
                MatchSide::Family => m.family_read_at,
                MatchSide::Carer => m.carer_read_at,
            };
            Some(CarerMatchSummary {
                id: m.public_id,
                status: m.status,
                initiated_by: m.initiated_by,
                viewer_side: side,
                demand: d.public_id,
                category: d.category_code.clone(),
                role: brief(x.reference, d, &[]).role,
                zone: zone_of(x.reference, d.zone_id),
                carer: CarerBrief {
                    id: c.public_id,
                    first_name: c.first_name.clone(),
                },
                last_message_at: m.last_message_at,
                unread: m.last_side != side && read.is_none_or(|r| r < m.last_message_at),
                shared: m.group_id.is_some(),
            })
        })
        .collect();
    Ok(CarerMatchList {
        items,
        total,
        page,
        per_page,
    })
}

/// A message from the viewer's side (the match must still be open: 409 otherwise).
pub async fn post_message(
    x: &Ctx<'_>,
    viewer: &Viewer,
    id: Uuid,
    body: &str,
) -> Result<CarerMatch, ApiError> {
    let body = checked("body", body)?;
    let p = load(&**x.db, viewer, id).await?;
    if !p.m.status.is_open() {
        return Err(ApiError::Conflict(
            "This match was declined or has ended: no more messages.",
        ));
    }
    let txn = x.db.write().await?;
    let read = match p.side {
        MatchSide::Family => matches::Column::FamilyReadAt,
        MatchSide::Carer => matches::Column::CarerReadAt,
    };
    // Still open once the row is ours: a decline or an end at the same moment is 409,
    // never a message after it.
    let moved = matches::Entity::update_many()
        .col_expr(matches::Column::LastMessageAt, Expr::value(x.now))
        .col_expr(matches::Column::LastSide, Expr::value(p.side))
        .col_expr(read, Expr::value(x.now))
        .filter(matches::Column::Id.eq(p.m.id))
        .filter(matches::Column::Status.is_in(MatchStatus::OPEN))
        .exec(&txn)
        .await?;
    if moved.rows_affected == 0 {
        return Err(ApiError::Conflict(
            "This match was declined or has ended: no more messages.",
        ));
    }
    write_message(&txn, &p.m, p.side, viewer, &body, x.now).await?;
    record(
        &txn,
        x.reference,
        &p.d,
        &p.m,
        InteractionKind::MatchMessage,
        p.side,
        x.now,
    )
    .await?;
    tell(
        &txn,
        x,
        &p.m,
        &p.d,
        &p.c,
        p.side,
        NotificationKind::MatchMessage,
    )
    .await?;
    finish(txn, x.reference, p).await
}

/// A step of the match by the viewer's side: accept and activate are the family's; the
/// family accepts once the carer has written. A match that moved meanwhile: 409.
pub async fn step(
    x: &Ctx<'_>,
    viewer: &Viewer,
    id: Uuid,
    action: MatchAction,
) -> Result<CarerMatch, ApiError> {
    let p = load(&**x.db, viewer, id).await?;
    if !action.open_to(p.side) {
        return Err(ApiError::Forbidden(
            "Only the family accepts a match or says the service started.",
        ));
    }
    let to = p.m.status.apply(action).map_err(conflict)?;
    if action == MatchAction::Accept {
        let carer_wrote = match_messages::Entity::find()
            .filter(match_messages::Column::MatchId.eq(p.m.id))
            .filter(match_messages::Column::Side.eq(MatchSide::Carer))
            .count(&**x.db)
            .await?
            > 0;
        if !carer_wrote {
            return Err(ApiError::Conflict(
                "Wait for the carer's answer before accepting.",
            ));
        }
    }
    let txn = x.db.write().await?;
    // A group's match: the group's row first, as leaving the group takes it before
    // ending the group's matches (one order everywhere: group, then match).
    if let Some(group_id) = p.m.group_id {
        crate::services::groups::lock(&txn, group_id).await?;
    }
    let mut update = matches::Entity::update_many()
        .col_expr(matches::Column::Status, Expr::value(to))
        .col_expr(matches::Column::StatusAt, Expr::value(x.now));
    if to == MatchStatus::Accepted {
        update = update.col_expr(matches::Column::AcceptedAt, Expr::value(x.now));
    }
    let moved = update
        .filter(matches::Column::Id.eq(p.m.id))
        .filter(matches::Column::Status.eq(p.m.status))
        .exec(&txn)
        .await?;
    if moved.rows_affected == 0 {
        return Err(ApiError::Conflict(
            "The match changed meanwhile: reload it.",
        ));
    }
    let (kind, note) = match action {
        MatchAction::Accept => (
            InteractionKind::MatchAccepted,
            NotificationKind::MatchAccepted,
        ),
        MatchAction::Decline => (
            InteractionKind::MatchDeclined,
            NotificationKind::MatchClosed,
        ),
        MatchAction::Activate => (
            InteractionKind::MatchActivated,
            NotificationKind::MatchStarted,
        ),
        MatchAction::End | MatchAction::Contact => {
            (InteractionKind::MatchEnded, NotificationKind::MatchClosed)
        }
    };
    if to == MatchStatus::Accepted {
        crate::services::group_offers::carer_accepted(&txn, x, &p.m, &p.c, viewer.user.id).await?;
    }
    record(&txn, x.reference, &p.d, &p.m, kind, p.side, x.now).await?;
    tell(&txn, x, &p.m, &p.d, &p.c, p.side, note).await?;
    finish(txn, x.reference, p).await
}

/// Re-reads the match in the transaction, commits, and answers its view.
async fn finish(txn: WriteTxn, r: &Reference, mut p: Parties) -> Result<CarerMatch, ApiError> {
    p.m = matches::Entity::find_by_id(p.m.id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("match"))?;
    let view = view(&txn, r, &p).await?;
    txn.commit().await?;
    Ok(view)
}
