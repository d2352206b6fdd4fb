//! Offering a formed group to providers (issue 12): a member whose need has joined sends
//! one request **for the group** through the contact flow (`NewRequest.group`), to the
//! services of the group's kind of help. Its threads, quotes and order are the ones of
//! any request; the request carries the group, so every interaction event of it says
//! `shared` and the order counts as a service delivered in shared form. Every member
//! sees which providers the group was offered to and how far each got (never the
//! messages); the agreed price per hour becomes the group's rate, so the cost split
//! shows what each family pays.
use crate::api::groups::{GroupCarerOffer, GroupOffer, GroupOffers};
use crate::api::notifications::NotificationKind;
use crate::auth::Viewer;
use crate::db::WriteTxn;
use crate::domain::order::OrderStatus;
use crate::domain::pooling::{GroupStatus, MemberStatus};
use crate::domain::registry::MatchStatus;
use crate::domain::week::Week;
use crate::entities::{
    carers, contact_requests, contact_threads, groups, matches, orders, organisations, quotes,
    service_cards, users,
};
use crate::error::ApiError;
use crate::reference::Reference;
use crate::services::contact::Ctx;
use crate::services::groups as group;
use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    sea_query::Expr,
};
use std::collections::HashMap;
use uuid::Uuid;

/// A group a request is being sent for, held by the sending transaction.
pub(crate) struct Offering {
    pub group: groups::Model,
    /// Its kind of help as a catalogue category: the services it may be offered to.
    pub category: Option<String>,
    /// The joined members' hours a week together (what a provider is asked for).
    pub hours: u32,
}

/// The group `id` as the viewer sends a request for it: a group they have no need in is
/// not found (404); only a joined member sends (403); only a formed group is offered
/// (409). The group's row is taken first, so a member leaving at the same moment waits
/// for the request, or the request sees the group as it is after the leave.
pub(crate) async fn offering(
    txn: &WriteTxn,
    r: &Reference,
    viewer: &Viewer,
    id: Uuid,
) -> Result<Offering, ApiError> {
    let found = groups::Entity::find()
        .filter(groups::Column::PublicId.eq(id))
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound("group"))?;
    let g = group::lock(txn, found.id).await?;
    // A family whose need declined or left is no longer in it: not found, as for anyone.
    let mine = group::mine_in(txn, viewer, &g)
        .await?
        .map(|(m, _)| m.status)
        .filter(|s| matches!(s, MemberStatus::Joined | MemberStatus::Invited))
        .ok_or(ApiError::NotFound("group"))?;
    if mine != MemberStatus::Joined {
        return Err(ApiError::Forbidden(
            "Only the group's members offer it: join it first.",
        ));
    }
    if g.status != GroupStatus::Formed {
        return Err(ApiError::Conflict(
            "Only a formed group (two families or more have joined) is offered.",
        ));
    }
    if ordered_elsewhere(txn, g.id, None).await? {
        return Err(ApiError::Conflict(
            "The group already has an agreement with a provider or a carer: it ends first.",
        ));
    }
    let hours = group::joint_week(txn, g.id).await?.hours();
    Ok(Offering {
        category: group::category_of(r, &g),
        group: g,
        hours,
    })
}

/// Tells the group's other joined members that it was offered to providers, or that a
/// provider's quote was accepted for it (their group page shows which).
async fn tell_members(
    txn: &WriteTxn,
    x: &Ctx<'_>,
    g: &groups::Model,
    sender: Option<i32>,
) -> Result<(), ApiError> {
    let people = group::owners(txn, g.id, &[MemberStatus::Joined], sender.unwrap_or(0)).await?;
    group::tell(txn, x, &people, NotificationKind::GroupChanged, g).await
}

/// After a request for the group was sent: the other members are told.
pub(crate) async fn sent(
    txn: &WriteTxn,
    x: &Ctx<'_>,
    o: &Offering,
    sender: i32,
) -> Result<(), ApiError> {
    tell_members(txn, x, &o.group, Some(sender)).await
}

/// Whether the group has its agreement elsewhere: a request of the group other than
/// `except` with an order not cancelled, or a carer accepted for it (a match other than
/// `except_match`, accepted or active).
async fn ordered_elsewhere(
    txn: &WriteTxn,
    group_id: i32,
    except: Option<i32>,
) -> Result<bool, ApiError> {
    agreed_elsewhere(txn, group_id, except, None).await
}

async fn agreed_elsewhere(
    txn: &WriteTxn,
    group_id: i32,
    except: Option<i32>,
    except_match: Option<i32>,
) -> Result<bool, ApiError> {
    let carer = matches::Entity::find()
        .filter(matches::Column::GroupId.eq(group_id))
        .filter(matches::Column::Status.is_in([MatchStatus::Accepted, MatchStatus::Active]))
        .apply_if(except_match, |q, id| q.filter(matches::Column::Id.ne(id)))
        .count(txn)
        .await?;
    if carer > 0 {
        return Ok(true);
    }
    let mut requests = contact_requests::Entity::find()
        .select_only()
        .column(contact_requests::Column::Id)
        .filter(contact_requests::Column::GroupId.eq(group_id));
    if let Some(id) = except {
        requests = requests.filter(contact_requests::Column::Id.ne(id));
    }
    Ok(orders::Entity::find()
        .filter(orders::Column::RequestId.in_subquery(requests.into_query()))
        .filter(orders::Column::Status.ne(OrderStatus::Cancelled))
        .count(txn)
        .await?
        > 0)
}

/// After a quote of a request for a group was accepted (an order made): the quote's
/// price per hour, when it says one, becomes the group's rate (the members' shares are
/// split on it), and the other members are told.
pub(crate) async fn ordered(
    txn: &WriteTxn,
    x: &Ctx<'_>,
    request: &contact_requests::Model,
    quote: &quotes::Model,
) -> Result<(), ApiError> {
    let Some(group_id) = request.group_id else {
        return Ok(());
    };
    let g = group::lock(txn, group_id).await?;
    // One order per group: of two members' requests accepted at once, the second waits
    // on the group's row and then finds the first order.
    if ordered_elsewhere(txn, g.id, Some(request.id)).await? {
        return Err(ApiError::Conflict(
            "The group already has an agreement with another provider or a carer: it ends first.",
        ));
    }
    // The rate changes only for a group still formed, within the rates a group takes.
    let rate = quote
        .hourly_cents
        .filter(|r| (0..=group::RATE_MAX_CENTS).contains(r))
        .filter(|_| g.status == GroupStatus::Formed);
    let g = match rate {
        Some(rate) => {
            groups::Entity::update_many()
                .col_expr(groups::Column::RateCents, Expr::value(rate))
                .filter(groups::Column::Id.eq(g.id))
                .exec(txn)
                .await?;
            groups::Model {
                rate_cents: Some(rate),
                ..g
            }
        }
        None => g,
    };
    tell_members(txn, x, &g, request.citizen_id).await
}

/// The group a member asks a listed carer for, held by the transaction: its joint week
/// (what the carer must be free for); the member's own need must be the
/// one in the group (anything else: 404, as for a group one is not in).
pub(crate) async fn for_carer(
    txn: &WriteTxn,
    r: &Reference,
    viewer: &Viewer,
    id: Uuid,
    demand_id: i32,
) -> Result<(Offering, Week), ApiError> {
    let o = offering(txn, r, viewer, id).await?;
    let own = group::mine_in(txn, viewer, &o.group)
        .await?
        .is_some_and(|(m, _)| m.demand_id == demand_id);
    if !own {
        return Err(ApiError::NotFound("group"));
    }
    let week = group::joint_week(txn, o.group.id).await?;
    Ok((o, week))
}

/// After a member asked a carer for the group: the other members are told.
pub(crate) async fn asked_carer(
    txn: &WriteTxn,
    x: &Ctx<'_>,
    g: &groups::Model,
    sender: i32,
) -> Result<(), ApiError> {
    tell_members(txn, x, g, Some(sender)).await
}

/// After the family accepted a carer for the group (`m`, in the acceptance's
/// transaction): only a need still joined in a formed group accepts for it (409
/// otherwise); one agreement per group (a provider's order or another carer: 409); the
/// carer free for the group's whole week as it is now (409); the carer's price per hour
/// becomes the group's rate, and the other members are told.
pub(crate) async fn carer_accepted(
    txn: &WriteTxn,
    x: &Ctx<'_>,
    m: &matches::Model,
    c: &carers::Model,
    sender: i32,
) -> Result<(), ApiError> {
    let Some(group_id) = m.group_id else {
        return Ok(());
    };
    let g = group::lock(txn, group_id).await?;
    // Only for a group still formed whose member the accepting need still is: a family
    // that left (or paused its need) makes no agreement for the others.
    let joined = crate::entities::group_members::Entity::find()
        .filter(crate::entities::group_members::Column::GroupId.eq(g.id))
        .filter(crate::entities::group_members::Column::DemandId.eq(m.demand_id))
        .filter(crate::entities::group_members::Column::Status.eq(MemberStatus::Joined))
        .count(txn)
        .await?
        > 0;
    if !joined || g.status != GroupStatus::Formed {
        return Err(ApiError::Conflict(
            "Your need is no longer in a formed group: the carer is accepted for the group by one of its members.",
        ));
    }
    if agreed_elsewhere(txn, g.id, None, Some(m.id)).await? {
        return Err(ApiError::Conflict(
            "The group already has an agreement with a provider or another carer.",
        ));
    }
    // The carer as they are now (read in this transaction): still free for the group's
    // whole week as it is now (a member's need may have changed its hours, still fitting
    // the group, since the carer was asked), and their price.
    let c = carers::Entity::find_by_id(c.id)
        .one(txn)
        .await?
        .unwrap_or_else(|| c.clone());
    let week = group::joint_week(txn, g.id).await?;
    let offer = crate::services::matches::find::offer_of(txn, x.reference, &c).await?;
    if !offer.week.is_some_and(|w| week.within(w)) {
        return Err(ApiError::Conflict(
            "The group's hours have changed since this carer was asked and the carer is not free for all of them: ask again for the group's week as it is now.",
        ));
    }
    let rate = c
        .hourly_cents
        .filter(|r| (0..=group::RATE_MAX_CENTS).contains(r));
    if let Some(rate) = rate {
        groups::Entity::update_many()
            .col_expr(groups::Column::RateCents, Expr::value(rate))
            .filter(groups::Column::Id.eq(g.id))
            .exec(txn)
            .await?;
    }
    tell_members(txn, x, &g, Some(sender)).await
}

/// The providers the group was offered to, newest request first: for every member whose
/// need is joined or invited (an invited family sees what joining would mean); anyone
/// else: 404.
pub async fn offers(x: &Ctx<'_>, viewer: &Viewer, id: Uuid) -> Result<GroupOffers, ApiError> {
    let db = &**x.db;
    let g = groups::Entity::find()
        .filter(groups::Column::PublicId.eq(id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("group"))?;
    let live = group::mine_in(db, viewer, &g)
        .await?
        .is_some_and(|(m, _)| matches!(m.status, MemberStatus::Joined | MemberStatus::Invited));
    if !live {
        return Err(ApiError::NotFound("group"));
    }
    // A sender is named while their need is in the group (first names are shown of
    // joined members only), and to themselves.
    let joined = group::owners(db, g.id, &[MemberStatus::Joined], 0).await?;
    let carers = carer_offers(db, viewer, &g, &joined).await?;
    let requests: HashMap<i32, contact_requests::Model> = contact_requests::Entity::find()
        .filter(contact_requests::Column::GroupId.eq(g.id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    if requests.is_empty() {
        return Ok(GroupOffers {
            items: Vec::new(),
            carers,
        });
    }
    let threads = contact_threads::Entity::find()
        .filter(contact_threads::Column::RequestId.is_in(requests.keys().copied()))
        .order_by_desc(contact_threads::Column::CreatedAt)
        .order_by_asc(contact_threads::Column::Id)
        .all(db)
        .await?;
    let thread_ids: Vec<i32> = threads.iter().map(|t| t.id).collect();
    let cards: HashMap<i32, (Uuid, String)> = service_cards::Entity::find()
        .filter(service_cards::Column::Id.is_in(threads.iter().map(|t| t.card_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, (c.public_id, c.title)))
        .collect();
    let providers: HashMap<i32, String> = organisations::Entity::find()
        .filter(organisations::Column::Id.is_in(threads.iter().map(|t| t.organisation_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.legal_name))
        .collect();
    // The latest version of each thread's quotes (versions ascend).
    let rates: HashMap<i32, Option<i64>> = quotes::Entity::find()
        .filter(quotes::Column::ThreadId.is_in(thread_ids.clone()))
        .order_by_asc(quotes::Column::Version)
        .all(db)
        .await?
        .into_iter()
        .map(|q| (q.thread_id, q.hourly_cents))
        .collect();
    let placed: HashMap<i32, orders::Model> = orders::Entity::find()
        .filter(orders::Column::ThreadId.is_in(thread_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.thread_id, o))
        .collect();
    let senders = senders(
        db,
        viewer,
        joined.as_slice(),
        requests.values().filter_map(|r| r.citizen_id),
    )
    .await?;
    let items = threads
        .into_iter()
        .filter_map(|t| {
            let r = requests.get(&t.request_id)?;
            let (service_id, service) = cards.get(&t.card_id).cloned()?;
            let by_viewer = r.citizen_id == Some(viewer.user.id);
            Some(GroupOffer {
                provider: providers
                    .get(&t.organisation_id)
                    .cloned()
                    .unwrap_or_default(),
                service,
                service_id,
                status: t.status,
                hourly_cents: rates.get(&t.id).copied().flatten(),
                order: placed.get(&t.id).map(|o| o.status),
                sent_at: r.created_at,
                sent_by: r.citizen_id.and_then(|u| senders.get(&u).cloned()),
                thread: by_viewer.then_some(t.public_id),
            })
        })
        .collect();
    Ok(GroupOffers { items, carers })
}

/// The first names of the senders `who` the viewer may read: the members still joined,
/// and the viewer.
async fn senders(
    db: &impl sea_orm::ConnectionTrait,
    viewer: &Viewer,
    joined: &[i32],
    who: impl Iterator<Item = i32>,
) -> Result<HashMap<i32, String>, ApiError> {
    let ids: Vec<i32> = who
        .filter(|u| joined.contains(u) || *u == viewer.user.id)
        .collect();
    Ok(users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, group::first_name(&u.display_name)))
        .collect())
}

/// The carers the group was offered to, newest first, each match's sender named as for
/// providers.
async fn carer_offers(
    db: &impl sea_orm::ConnectionTrait,
    viewer: &Viewer,
    g: &groups::Model,
    joined: &[i32],
) -> Result<Vec<GroupCarerOffer>, ApiError> {
    let rows = matches::Entity::find()
        .filter(matches::Column::GroupId.eq(g.id))
        .order_by_desc(matches::Column::CreatedAt)
        .order_by_asc(matches::Column::Id)
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let people: HashMap<i32, i32> = crate::entities::demands::Entity::find()
        .select_only()
        .column(crate::entities::demands::Column::Id)
        .column(crate::entities::demands::Column::UserId)
        .filter(crate::entities::demands::Column::Id.is_in(rows.iter().map(|m| m.demand_id)))
        .into_tuple::<(i32, i32)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let cs: HashMap<i32, carers::Model> = carers::Entity::find()
        .filter(carers::Column::Id.is_in(rows.iter().map(|m| m.carer_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let names = senders(db, viewer, joined, people.values().copied()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|m| {
            let c = cs.get(&m.carer_id)?;
            let sender = people.get(&m.demand_id).copied();
            Some(GroupCarerOffer {
                carer: c.first_name.clone(),
                carer_id: c.public_id,
                status: m.status,
                hourly_cents: c.hourly_cents,
                sent_at: m.created_at,
                sent_by: sender.and_then(|u| names.get(&u).cloned()),
                match_id: (sender == Some(viewer.user.id)).then_some(m.public_id),
            })
        })
        .collect())
}
