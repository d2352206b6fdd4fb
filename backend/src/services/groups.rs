//! Shared services (issue 12): needs that one carer could serve together — the same kind
//! of help, near each other (the same building, NIL or Municipio, in that order), hours
//! that fit in one carer's week, budgets not too far apart (`domain::pooling`) — and the
//! groups families form from them. Only needs open to sharing are ever proposed, never
//! with a name: a family is named to the others (first name only) once it joins. Every
//! step is one transaction, an interaction event without personal content, and a
//! notification to the families concerned; a step on a group that moved meanwhile is
//! refused (409), never applied twice.
use crate::api::groups::{
    Group, GroupAnswer, GroupInput, GroupInvite, GroupList, GroupMember, GroupsQuery,
    PoolCandidate, PoolCandidates,
};
use crate::api::notifications::NotificationKind;
use crate::auth::Viewer;
use crate::db::WriteTxn;
use crate::domain::contact::{InteractionKind, Side};
use crate::domain::demand::DemandStatus;
use crate::domain::matching::{Arrangement, BudgetPeriod, CarerRole};
use crate::domain::pooling::{
    self, GROUP_MAX, GroupStatus, Member, MemberAction, MemberStatus, Nearness, Place,
};
use crate::domain::week::Week;
use crate::domain::zone::ZoneKind;
use crate::entities::{demands, group_members, groups, users};
use crate::error::ApiError;
use crate::reference::Reference;
use crate::services::carers::check::hours;
use crate::services::carers::view::week_parse;
use crate::services::contact::{Ctx, page_of};
use crate::services::demands::rank::zone_ref;
use crate::services::{interactions, notifications};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    sea_query::Expr,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The highest rate a group takes, in cents an hour (1,000 euros).
pub const RATE_MAX_CENTS: i64 = 100_000;

/// The most candidates shown for one need.
pub const CANDIDATES_MAX: usize = 20;

/// The zone ids of the area that holds `zone_id` (a NIL's Municipio and all its NIL; a
/// Municipio or a comune with its NIL), and the area's id.
fn area_of(r: &Reference, zone_id: i32) -> Option<(i32, Vec<i32>)> {
    let zone = r.zone_by_id(zone_id)?;
    let area = match zone.kind {
        ZoneKind::Nil => zone.parent_id.unwrap_or(zone.id),
        _ => zone.id,
    };
    let area_zone = r.zone_by_id(area)?;
    Some((area, r.zone_match_ids(area_zone)))
}

/// What pooling compares of a need: these columns only are read of the neighbours'.
#[derive(Debug, Clone, FromQueryResult)]
struct Near {
    id: i32,
    public_id: Uuid,
    user_id: i32,
    zone_id: i32,
    building_key: Option<String>,
    week: String,
    budget_cents: Option<i64>,
    budget_period: Option<BudgetPeriod>,
    created_at: DateTime<Utc>,
}

const NEAR_COLUMNS: [demands::Column; 9] = [
    demands::Column::Id,
    demands::Column::PublicId,
    demands::Column::UserId,
    demands::Column::ZoneId,
    demands::Column::BuildingKey,
    demands::Column::Week,
    demands::Column::BudgetCents,
    demands::Column::BudgetPeriod,
    demands::Column::CreatedAt,
];

impl From<&demands::Model> for Near {
    fn from(d: &demands::Model) -> Self {
        Near {
            id: d.id,
            public_id: d.public_id,
            user_id: d.user_id,
            zone_id: d.zone_id,
            building_key: d.building_key.clone(),
            week: d.week.clone(),
            budget_cents: d.budget_cents,
            budget_period: d.budget_period,
            created_at: d.created_at,
        }
    }
}

fn place<'a>(r: &Reference, d: &'a Near) -> Option<Place<'a>> {
    let zone = r.zone_by_id(d.zone_id)?;
    let (area, _) = area_of(r, d.zone_id)?;
    Some(Place {
        zone: zone.id,
        nil: zone.kind == ZoneKind::Nil,
        area,
        building: d.building_key.as_deref(),
    })
}

/// [`member_of`] a whole need.
fn member(d: &demands::Model) -> Member {
    member_of(&Near::from(d))
}

/// A need's hours, and what it pays an hour at most (a monthly budget over its hours:
/// 52 weeks in 12 months).
fn member_of(d: &Near) -> Member {
    let week = week_parse(&d.week);
    let hourly = match (d.budget_cents, d.budget_period) {
        (Some(c), Some(BudgetPeriod::Hour)) => Some(c),
        (Some(c), Some(BudgetPeriod::Month)) if week.hours() > 0 => {
            Some(c * 12 / (52 * i64::from(week.hours())))
        }
        _ => None,
    };
    Member {
        week,
        hourly_budget_cents: hourly,
    }
}

/// Why a need cannot be pooled now, if it cannot.
fn unpoolable(d: &demands::Model) -> Option<&'static str> {
    if d.status != DemandStatus::Open {
        Some("Only an open need can be shared: resume it first.")
    } else if !d.sharing {
        Some("The need is not open to sharing: say so in the need first.")
    } else if d.arrangement == Arrangement::LiveIn {
        Some("A carer living in serves one family: sharing needs hours.")
    } else if week_parse(&d.week).is_empty() {
        Some("Say the hours help is needed first: a group is built on them.")
    } else {
        None
    }
}

pub(crate) fn role_of(code: &str) -> Option<CarerRole> {
    CarerRole::try_from_value(&code.to_owned()).ok()
}

/// Which needs [`candidates`] looks at.
enum Scope<'a> {
    /// The nearest [`CANDIDATES_MAX`].
    Pool,
    /// These (a proposal's invitations), wherever they rank.
    Only(&'a [Uuid]),
}

/// Needs of others that one carer could serve with `me`: open to sharing, the same kind
/// of help, the same area, not in a group already; hours and budgets that fit with
/// `me`'s. Nearest first, then the fewest shared hours, then the oldest.
///
/// The pool reads the need's own NIL and building first (an index each) and the rest of
/// the Municipio only when those hold fewer than [`CANDIDATES_MAX`] that fit: every need
/// farther away ranks after them. Budgets more than twice apart are left out in SQL.
async fn candidates(
    db: &impl ConnectionTrait,
    r: &Reference,
    me: &demands::Model,
    scope: Scope<'_>,
) -> Result<Vec<(Near, Nearness, u32)>, ApiError> {
    let Some((_, zones)) = area_of(r, me.zone_id) else {
        return Ok(Vec::new());
    };
    let me_near = Near::from(me);
    let Some(my_place) = place(r, &me_near) else {
        return Ok(Vec::new());
    };
    let mine = member_of(&me_near);
    let joined = group_members::Entity::find()
        .select_only()
        .column(group_members::Column::DemandId)
        .filter(group_members::Column::Status.eq(MemberStatus::Joined))
        .into_query();
    let kind = match (&me.category_code, &me.carer_role) {
        (Some(c), _) => Condition::all().add(demands::Column::CategoryCode.eq(c.clone())),
        (None, Some(role)) => Condition::all().add(demands::Column::CarerRole.eq(role.clone())),
        (None, None) => return Ok(Vec::new()),
    };
    let budget = match mine.hourly_budget_cents {
        Some(h) if h > 0 => Condition::any()
            .add(demands::Column::BudgetCents.is_null())
            .add(demands::Column::BudgetPeriod.is_null())
            .add(demands::Column::BudgetPeriod.ne(BudgetPeriod::Hour))
            .add(demands::Column::BudgetCents.lte(0))
            .add(demands::Column::BudgetCents.between((h + 1) / 2, h.saturating_mul(2))),
        _ => Condition::all(),
    };
    let base = demands::Entity::find()
        .select_only()
        .columns(NEAR_COLUMNS)
        .filter(demands::Column::TenantId.eq(me.tenant_id))
        .filter(demands::Column::Status.eq(DemandStatus::Open))
        .filter(demands::Column::Sharing.eq(true))
        .filter(demands::Column::ZoneId.is_in(zones))
        .filter(demands::Column::Arrangement.ne(Arrangement::LiveIn))
        .filter(demands::Column::UserId.ne(me.user_id))
        .filter(kind)
        .filter(budget)
        .filter(demands::Column::Id.not_in_subquery(joined));
    let fit = |rows: Vec<Near>| -> Vec<(Near, Nearness, u32)> {
        rows.into_iter()
            .filter_map(|d| {
                let near = pooling::nearness(&my_place, &place(r, &d)?)?;
                let them = member_of(&d);
                pooling::joint_week(&[mine, them]).ok()?;
                let shared = mine.week.and(them.week).hours();
                Some((d, near, shared))
            })
            .collect()
    };
    let mut out = match scope {
        Scope::Only(ids) => fit(base
            .filter(demands::Column::PublicId.is_in(ids.iter().copied()))
            .into_model::<Near>()
            .all(db)
            .await?),
        Scope::Pool => {
            let mut close = Condition::any();
            let mut far = Condition::all();
            if my_place.nil {
                close = close.add(demands::Column::ZoneId.eq(me.zone_id));
                far = far.add(demands::Column::ZoneId.ne(me.zone_id));
            }
            if let Some(key) = &me.building_key {
                close = close.add(demands::Column::BuildingKey.eq(key.clone()));
                far = far.add(
                    Condition::any()
                        .add(demands::Column::BuildingKey.is_null())
                        .add(demands::Column::BuildingKey.ne(key.clone())),
                );
            }
            let mut out = if close.is_empty() {
                Vec::new()
            } else {
                fit(base
                    .clone()
                    .filter(close)
                    .into_model::<Near>()
                    .all(db)
                    .await?)
            };
            if out.len() < CANDIDATES_MAX {
                // A need whose building changed between the two reads is listed once.
                let seen: HashSet<i32> = out.iter().map(|(d, ..)| d.id).collect();
                let rows = base.filter(far).into_model::<Near>().all(db).await?;
                out.extend(
                    fit(rows)
                        .into_iter()
                        .filter(|(d, ..)| !seen.contains(&d.id)),
                );
            }
            out
        }
    };
    out.sort_by_key(|a| (a.1, a.2, a.0.created_at, a.0.id));
    Ok(out)
}

/// The neighbours' needs that fit with the viewer's need, and the group proposed.
pub async fn pool(x: &Ctx<'_>, viewer: &Viewer, id: Uuid) -> Result<PoolCandidates, ApiError> {
    let me = crate::services::demands::owned(&**x.db, viewer, id).await?;
    if let Some(why) = unpoolable(&me) {
        return Err(ApiError::Conflict(why));
    }
    let mut found = candidates(&**x.db, x.reference, &me, Scope::Pool).await?;
    found.truncate(CANDIDATES_MAX);
    let members: Vec<Member> = found.iter().map(|(d, ..)| member_of(d)).collect();
    let mine = member(&me);
    let picked = pooling::propose(mine, &members);
    let week = picked.iter().fold(mine.week, |w, i| w.or(members[*i].week));
    Ok(PoolCandidates {
        proposal: picked.iter().map(|i| found[*i].0.public_id).collect(),
        items: found
            .iter()
            .zip(&members)
            .map(|((d, near, shared), m)| PoolCandidate {
                demand: d.public_id,
                nearness: *near,
                week: hours(m.week),
                hours: m.week.hours(),
                shared_hours: *shared,
            })
            .collect(),
        week: hours(week),
        hours: week.hours(),
    })
}

/// The group's kind of help in the catalogue's terms (a carer role's own category).
pub(crate) fn category_of(r: &Reference, g: &groups::Model) -> Option<String> {
    g.category_code.clone().or_else(|| {
        g.carer_role
            .as_deref()
            .and_then(role_of)
            .and_then(|role| r.matching.category_of(role))
            .map(str::to_owned)
    })
}

/// The event of a group step, and its kind of help in the catalogue's terms.
async fn record(
    db: &impl ConnectionTrait,
    r: &Reference,
    kind: InteractionKind,
    g: &groups::Model,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    interactions::record_for_need(
        db,
        kind,
        g.tenant_id,
        category_of(r, g),
        g.zone_id,
        None,
        Side::Family,
        false,
        now,
    )
    .await?;
    Ok(())
}

/// The owners of the group's needs in `statuses`, but `except`.
pub(crate) async fn owners(
    db: &impl ConnectionTrait,
    group_id: i32,
    statuses: &[MemberStatus],
    except: i32,
) -> Result<Vec<i32>, ApiError> {
    let ids: Vec<i32> = demands::Entity::find()
        .select_only()
        .column(demands::Column::UserId)
        .filter(
            demands::Column::Id.in_subquery(
                group_members::Entity::find()
                    .select_only()
                    .column(group_members::Column::DemandId)
                    .filter(group_members::Column::GroupId.eq(group_id))
                    .filter(group_members::Column::Status.is_in(statuses.iter().copied()))
                    .into_query(),
            ),
        )
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.into_iter().filter(|u| *u != except).collect())
}

pub(crate) async fn tell(
    txn: &WriteTxn,
    x: &Ctx<'_>,
    people: &[i32],
    kind: NotificationKind,
    g: &groups::Model,
) -> Result<(), ApiError> {
    let title = zone_ref(x.reference, g.zone_id)
        .map(|z| z.name)
        .unwrap_or_default();
    notifications::event(
        txn,
        people,
        kind,
        ("group", g.public_id),
        &title,
        x.public_url,
        x.now,
    )
    .await?;
    Ok(())
}

/// Checks a group's input: at least one need invited, each once, none the proposer's; a
/// rate from 0 to 1,000 euros an hour.
fn check_input(g: &GroupInput) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let distinct: HashSet<&Uuid> = g.invite.iter().collect();
    if g.invite.is_empty() || g.invite.len() >= GROUP_MAX || distinct.len() != g.invite.len() {
        errors.push(crate::error::FieldError::new(
            "invite",
            "out_of_range",
            format!("Invite from 1 to {} other needs, each once.", GROUP_MAX - 1),
        ));
    }
    if distinct.contains(&g.demand) {
        errors.push(crate::error::FieldError::new(
            "invite",
            "own",
            "Invite other families' needs, not your own.",
        ));
    }
    if g.rate_cents
        .is_some_and(|c| !(0..=RATE_MAX_CENTS).contains(&c))
    {
        errors.push(crate::error::FieldError::new(
            "rate_cents",
            "out_of_range",
            "From 0 to 1,000 euros an hour.",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// The farthest nearness among the needs (each compared with the first).
fn group_nearness(r: &Reference, needs: &[Near]) -> Nearness {
    let places: Vec<Option<Place<'_>>> = needs.iter().map(|d| place(r, d)).collect();
    let mut far = Nearness::Building;
    for (i, a) in places.iter().enumerate() {
        for b in &places[i + 1..] {
            let n = match (a, b) {
                (Some(a), Some(b)) => pooling::nearness(a, b).unwrap_or(Nearness::Municipio),
                _ => Nearness::Municipio,
            };
            far = far.max(n);
        }
    }
    far
}

/// A group proposed around the viewer's need, inviting needs `GET …/pool` showed: 201.
/// A need that no longer fits (changed, paused, in another group): 409.
pub async fn create(x: &Ctx<'_>, viewer: &Viewer, g: GroupInput) -> Result<Group, ApiError> {
    check_input(&g)?;
    let txn = x.db.write().await?;
    let me = crate::services::demands::owned(&txn, viewer, g.demand).await?;
    // Every need's row (the proposer's and those invited), then the candidates as they
    // are: a need paused at the same time is not invited.
    let me = lock_needs(&txn, me.id, &g.invite).await?;
    if let Some(why) = unpoolable(&me) {
        return Err(ApiError::Conflict(why));
    }
    if in_group(&txn, me.id).await? {
        return Err(ApiError::Conflict(
            "The need is in a group already: leave it first.",
        ));
    }
    let found = candidates(&txn, x.reference, &me, Scope::Only(&g.invite)).await?;
    let by_id: HashMap<Uuid, &Near> = found.iter().map(|(d, ..)| (d.public_id, d)).collect();
    let invited: Vec<&Near> = g
        .invite
        .iter()
        .map(|id| by_id.get(id).copied())
        .collect::<Option<_>>()
        .ok_or(ApiError::Conflict(
            "A need invited no longer fits (changed, paused or in another group): look again.",
        ))?;
    let mut all = vec![Near::from(&me)];
    all.extend(invited.iter().map(|d| (*d).clone()));
    let members: Vec<Member> = all.iter().map(member_of).collect();
    if pooling::joint_week(&members).is_err() {
        return Err(ApiError::Conflict(
            "Together these needs do not fit one carer's week: invite fewer.",
        ));
    }
    let group = groups::ActiveModel {
        public_id: Set(Uuid::now_v7()),
        tenant_id: Set(me.tenant_id),
        category_code: Set(me.category_code.clone()),
        carer_role: Set(me.carer_role.clone()),
        zone_id: Set(me.zone_id),
        nearness: Set(group_nearness(x.reference, &all)),
        rate_cents: Set(g.rate_cents),
        status: Set(GroupStatus::Forming),
        proposed_by: Set(Some(viewer.user.id)),
        status_at: Set(x.now),
        created_at: Set(x.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    group_members::Entity::insert_many((0..).zip(&all).map(|(i, d)| group_members::ActiveModel {
        group_id: Set(group.id),
        demand_id: Set(d.id),
        position: Set(i),
        status: Set(if i == 0 {
            MemberStatus::Joined
        } else {
            MemberStatus::Invited
        }),
        status_at: Set(x.now),
        created_at: Set(x.now),
        ..Default::default()
    }))
    .exec_without_returning(&txn)
    .await?;
    record(
        &txn,
        x.reference,
        InteractionKind::GroupProposed,
        &group,
        x.now,
    )
    .await?;
    for _ in &invited {
        record(
            &txn,
            x.reference,
            InteractionKind::GroupInvited,
            &group,
            x.now,
        )
        .await?;
    }
    let people: Vec<i32> = invited.iter().map(|d| d.user_id).collect();
    tell(&txn, x, &people, NotificationKind::GroupInvited, &group).await?;
    let view = view(&txn, x.reference, viewer, group).await?;
    txn.commit().await?;
    Ok(view)
}

/// Whether the need is a joined member of a group.
async fn in_group(db: &impl ConnectionTrait, demand_id: i32) -> Result<bool, ApiError> {
    Ok(group_members::Entity::find()
        .filter(group_members::Column::DemandId.eq(demand_id))
        .filter(group_members::Column::Status.eq(MemberStatus::Joined))
        .count(db)
        .await?
        > 0)
}

/// The group and the viewer's place in it (their need invited or joined before any
/// other); a group the viewer has no need in: 404.
async fn load(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> Result<(groups::Model, group_members::Model, demands::Model), ApiError> {
    let g = groups::Entity::find()
        .filter(groups::Column::PublicId.eq(id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("group"))?;
    let mine = mine_in(db, viewer, &g)
        .await?
        .ok_or(ApiError::NotFound("group"))?;
    Ok((g, mine.0, mine.1))
}

/// The viewer's membership in the group, the live one first.
pub(crate) async fn mine_in(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    g: &groups::Model,
) -> Result<Option<(group_members::Model, demands::Model)>, ApiError> {
    let rows = group_members::Entity::find()
        .filter(group_members::Column::GroupId.eq(g.id))
        .order_by_asc(group_members::Column::Position)
        .all(db)
        .await?;
    let ids: Vec<i32> = rows.iter().map(|m| m.demand_id).collect();
    let own: HashMap<i32, demands::Model> = demands::Entity::find()
        .filter(demands::Column::Id.is_in(ids))
        .filter(demands::Column::UserId.eq(viewer.user.id))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let live = |s: MemberStatus| matches!(s, MemberStatus::Invited | MemberStatus::Joined);
    let mut mine: Vec<group_members::Model> = rows
        .into_iter()
        .filter(|m| own.contains_key(&m.demand_id))
        .collect();
    mine.sort_by_key(|m| (!live(m.status), m.position));
    Ok(mine.into_iter().next().and_then(|m| {
        let d = own.get(&m.demand_id)?.clone();
        Some((m, d))
    }))
}

/// A group as the viewer sees it.
async fn view(
    db: &impl ConnectionTrait,
    r: &Reference,
    viewer: &Viewer,
    g: groups::Model,
) -> Result<Group, ApiError> {
    let rows = group_members::Entity::find()
        .filter(group_members::Column::GroupId.eq(g.id))
        .order_by_asc(group_members::Column::Position)
        .all(db)
        .await?;
    let needs: HashMap<i32, demands::Model> = demands::Entity::find()
        .filter(demands::Column::Id.is_in(rows.iter().map(|m| m.demand_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let joined_users: Vec<i32> = rows
        .iter()
        .filter(|m| m.status == MemberStatus::Joined)
        .filter_map(|m| needs.get(&m.demand_id).map(|d| d.user_id))
        .chain([viewer.user.id])
        .collect();
    let names: HashMap<i32, String> = users::Entity::find()
        .filter(users::Column::Id.is_in(joined_users))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, first_name(&u.display_name)))
        .collect();
    // The viewer's live membership first, else their latest.
    let live = |s: MemberStatus| matches!(s, MemberStatus::Invited | MemberStatus::Joined);
    let mine = rows
        .iter()
        .filter(|m| {
            needs
                .get(&m.demand_id)
                .is_some_and(|d| d.user_id == viewer.user.id)
        })
        .min_by_key(|m| (!live(m.status), m.position))
        .ok_or(ApiError::NotFound("group"))?;
    let mine_id = mine.id;
    let my_demand = needs
        .get(&mine.demand_id)
        .map(|d| d.public_id)
        .unwrap_or_default();
    let actions = if g.status == GroupStatus::Closed {
        Vec::new()
    } else {
        mine.status.actions()
    };
    let joint = rows
        .iter()
        .filter(|m| m.status == MemberStatus::Joined)
        .filter_map(|m| needs.get(&m.demand_id))
        .fold(Week::EMPTY, |w, d| w.or(week_parse(&d.week)));
    let weekly = g.rate_cents.map(|r| r * i64::from(joint.hours()));
    let joined_hours: Vec<u32> = rows
        .iter()
        .filter(|m| m.status == MemberStatus::Joined)
        .filter_map(|m| needs.get(&m.demand_id))
        .map(|d| week_parse(&d.week).hours())
        .collect();
    let mut shares = weekly
        .and_then(|w| pooling::split_by_hours(w, &joined_hours))
        .unwrap_or_default()
        .into_iter();
    let mut members = Vec::new();
    for m in &rows {
        let Some(d) = needs.get(&m.demand_id) else {
            continue;
        };
        let you = m.id == mine_id;
        let share = if m.status == MemberStatus::Joined {
            shares.next()
        } else {
            None
        };
        if !(live(m.status) || you) {
            continue;
        }
        let named = m.status == MemberStatus::Joined || you;
        let week = week_parse(&d.week);
        members.push(GroupMember {
            first_name: named.then(|| names.get(&d.user_id).cloned()).flatten(),
            status: m.status,
            week: hours(week),
            hours: week.hours(),
            share_cents: share,
            you,
        });
    }
    Ok(Group {
        id: g.public_id,
        status: g.status,
        status_at: g.status_at,
        category: category_of(r, &g),
        role: g.carer_role.as_deref().and_then(role_of),
        zone: zone_ref(r, g.zone_id).unwrap_or_else(|| crate::api::services::ZoneRef {
            code: String::new(),
            name: String::new(),
            kind: ZoneKind::Comune,
        }),
        nearness: g.nearness,
        rate_cents: g.rate_cents,
        week: hours(joint),
        hours: joint.hours(),
        weekly_cents: weekly,
        members,
        demand: my_demand,
        actions,
        created_at: g.created_at,
    })
}

/// The first word of a display name (a member is never shown more).
pub(crate) fn first_name(display: &str) -> String {
    display
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// A group the viewer has a need in (any other: 404).
pub async fn get(x: &Ctx<'_>, viewer: &Viewer, id: Uuid) -> Result<Group, ApiError> {
    let (g, ..) = load(&**x.db, viewer, id).await?;
    view(&**x.db, x.reference, viewer, g).await
}

/// The groups the viewer's needs are in or invited to, newest first.
pub async fn list(x: &Ctx<'_>, viewer: &Viewer, q: GroupsQuery) -> Result<GroupList, ApiError> {
    let (page, per_page) = page_of(q.page, q.per_page);
    let mine = group_members::Entity::find()
        .select_only()
        .column(group_members::Column::GroupId)
        .filter(
            group_members::Column::DemandId.in_subquery(
                demands::Entity::find()
                    .select_only()
                    .column(demands::Column::Id)
                    .filter(demands::Column::UserId.eq(viewer.user.id))
                    .into_query(),
            ),
        )
        .into_query();
    let pages = groups::Entity::find()
        .filter(groups::Column::Id.in_subquery(mine))
        .order_by_desc(groups::Column::CreatedAt)
        .order_by_desc(groups::Column::Id)
        .paginate(&**x.db, u64::from(per_page));
    let total = pages.num_items().await?;
    let mut items = Vec::new();
    for g in pages.fetch_page(u64::from(page - 1)).await? {
        items.push(view(&**x.db, x.reference, viewer, g).await?);
    }
    Ok(GroupList {
        items,
        total,
        page,
        per_page,
    })
}

/// The viewer's place in a group still open, its row taken for this transaction (a
/// closed group: 409).
async fn load_open(
    txn: &WriteTxn,
    viewer: &Viewer,
    id: Uuid,
    invitee: Option<Uuid>,
) -> Result<(groups::Model, group_members::Model, demands::Model), ApiError> {
    let (g, mine, demand) = load(txn, viewer, id).await?;
    // The needs first (the viewer's, and the one invited), then the group, as a pause of
    // a need takes them: two steps never wait for each other.
    let demand = lock_needs(txn, demand.id, invitee.as_slice()).await?;
    let g = lock(txn, g.id).await?;
    if g.status == GroupStatus::Closed {
        return Err(ApiError::Conflict("The group is closed."));
    }
    let mine = group_members::Entity::find_by_id(mine.id)
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound("group"))?;
    Ok((g, mine, demand))
}

/// Takes the rows of need `id` and of the needs `others` (public ids; unknown ones are
/// skipped) in the order of their ids, and reads need `id` back.
async fn lock_needs(txn: &WriteTxn, id: i32, others: &[Uuid]) -> Result<demands::Model, ApiError> {
    let mut ids: Vec<i32> = if others.is_empty() {
        Vec::new()
    } else {
        demands::Entity::find()
            .select_only()
            .column(demands::Column::Id)
            .filter(demands::Column::PublicId.is_in(others.iter().copied()))
            .into_tuple()
            .all(txn)
            .await?
    };
    ids.push(id);
    take_needs(txn, ids).await?;
    read_need(txn, id).await
}

/// Takes the needs' rows for this transaction, in the order of their ids (a pause,
/// close or erasure of one of them waits, or is waited for).
pub(crate) async fn take_needs(txn: &WriteTxn, mut ids: Vec<i32>) -> Result<(), ApiError> {
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        demands::Entity::update_many()
            .col_expr(demands::Column::Status, Expr::col(demands::Column::Status))
            .filter(demands::Column::Id.eq(id))
            .exec(txn)
            .await?;
    }
    Ok(())
}

async fn read_need(txn: &WriteTxn, id: i32) -> Result<demands::Model, ApiError> {
    demands::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound("demand"))
}

/// Takes the group's row for this transaction (PostgreSQL: concurrent steps on one group
/// queue here and each reads what the one before wrote; SQLite: writes queue already),
/// and reads it back. Gone: 404.
pub(crate) async fn lock(txn: &WriteTxn, id: i32) -> Result<groups::Model, ApiError> {
    groups::Entity::update_many()
        .col_expr(groups::Column::Status, Expr::col(groups::Column::Status))
        .filter(groups::Column::Id.eq(id))
        .exec(txn)
        .await?;
    groups::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound("group"))
}

/// Moves the group to the status its members make, with its event; on closing, the one
/// member left is freed (the step's notice told them).
async fn settle(txn: &WriteTxn, x: &Ctx<'_>, g: groups::Model) -> Result<groups::Model, ApiError> {
    let rows = group_members::Entity::find()
        .filter(group_members::Column::GroupId.eq(g.id))
        .all(txn)
        .await?;
    let count = |s| rows.iter().filter(|m| m.status == s).count();
    let next = g
        .status
        .next(count(MemberStatus::Joined), count(MemberStatus::Invited));
    if next == g.status {
        return Ok(g);
    }
    groups::Entity::update_many()
        .col_expr(groups::Column::Status, Expr::value(next.to_value()))
        .col_expr(groups::Column::StatusAt, Expr::value(x.now))
        .filter(groups::Column::Id.eq(g.id))
        .exec(txn)
        .await?;
    if next == GroupStatus::Closed {
        group_members::Entity::update_many()
            .col_expr(
                group_members::Column::Status,
                Expr::value(MemberStatus::Left.to_value()),
            )
            .col_expr(group_members::Column::StatusAt, Expr::value(x.now))
            .filter(group_members::Column::GroupId.eq(g.id))
            .filter(group_members::Column::Status.eq(MemberStatus::Joined))
            .exec(txn)
            .await?;
        crate::services::matches::end_for_group(txn, x, g.id, None, true).await?;
    }
    let kind = match next {
        GroupStatus::Formed => Some(InteractionKind::GroupFormed),
        GroupStatus::Closed => Some(InteractionKind::GroupClosed),
        GroupStatus::Forming => None,
    };
    let g = groups::Entity::find_by_id(g.id)
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound("group"))?;
    if let Some(kind) = kind {
        record(txn, x.reference, kind, &g, x.now).await?;
    }
    Ok(g)
}

/// The viewer's answer for their need in the group: join or decline an invitation, leave
/// after joining. A step not open (or a group closed): 409; joining with hours that no
/// longer fit the members', or while in another group: 409.
pub async fn answer(
    x: &Ctx<'_>,
    viewer: &Viewer,
    id: Uuid,
    a: GroupAnswer,
) -> Result<Group, ApiError> {
    let txn = x.db.write().await?;
    let (g, mine, demand) = load_open(&txn, viewer, id, None).await?;
    let Some(to) = mine.status.after(a.action) else {
        return Err(ApiError::Conflict(match mine.status {
            MemberStatus::Joined => "You are in the group already.",
            MemberStatus::Invited => "You are not in the group yet: join or decline.",
            _ => "Your need is no longer in this group.",
        }));
    };
    if a.action == MemberAction::Join {
        if let Some(why) = unpoolable(&demand) {
            return Err(ApiError::Conflict(why));
        }
        if in_group(&txn, demand.id).await? {
            return Err(ApiError::Conflict(
                "Your need is in another group: leave it first.",
            ));
        }
        let mut members = joined_members(&txn, g.id).await?;
        members.push(member(&demand));
        if members.len() > GROUP_MAX || pooling::joint_week(&members).is_err() {
            return Err(ApiError::Conflict(
                "Your hours no longer fit the group's: change the need or decline.",
            ));
        }
    }
    let moved = group_members::Entity::update_many()
        .col_expr(group_members::Column::Status, Expr::value(to.to_value()))
        .col_expr(group_members::Column::StatusAt, Expr::value(x.now))
        .filter(group_members::Column::Id.eq(mine.id))
        .filter(group_members::Column::Status.eq(mine.status))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(ApiError::Conflict("The group changed at the same time."));
    }
    let kind = match a.action {
        MemberAction::Join => InteractionKind::GroupJoined,
        MemberAction::Decline => InteractionKind::GroupDeclined,
        MemberAction::Leave => InteractionKind::GroupLeft,
    };
    record(&txn, x.reference, kind, &g, x.now).await?;
    if a.action == MemberAction::Leave {
        crate::services::matches::end_for_group(&txn, x, g.id, Some(&[demand.id]), true).await?;
    }
    let people = owners(&txn, g.id, &[MemberStatus::Joined], viewer.user.id).await?;
    tell(&txn, x, &people, NotificationKind::GroupChanged, &g).await?;
    let g = settle(&txn, x, g).await?;
    let view = view(&txn, x.reference, viewer, g).await?;
    txn.commit().await?;
    Ok(view)
}

/// A need paused, closed or erased leaves its groups at once: an invitation is declined,
/// a membership left, each with its event; the group's other members are told, and the
/// group settles (below two members it closes and frees the last one). In the caller's
/// transaction, which holds the needs' rows already (changed, or taken by
/// [`take_needs`]), all of `user_id`. `erased`: the needs go with their account (the
/// matches they opened for a group end without a notice, as they go too).
pub(crate) async fn withdraw(
    txn: &WriteTxn,
    x: &Ctx<'_>,
    user_id: i32,
    needs: &[i32],
    erased: bool,
) -> Result<(), ApiError> {
    let live = [MemberStatus::Joined, MemberStatus::Invited];
    // Each group once, in the order of their ids: two transactions leaving groups never
    // wait for each other (each holds its own needs' rows already).
    let groups: Vec<i32> = group_members::Entity::find()
        .select_only()
        .column(group_members::Column::GroupId)
        .filter(group_members::Column::DemandId.is_in(needs.iter().copied()))
        .filter(group_members::Column::Status.is_in(live))
        .order_by_asc(group_members::Column::GroupId)
        .distinct()
        .into_tuple()
        .all(txn)
        .await?;
    for group_id in groups {
        // The group first (a step at the same time holds it), then the memberships as
        // they are once the group is ours.
        let g = lock(txn, group_id).await?;
        leave(txn, x, user_id, g, needs, erased).await?;
    }
    Ok(())
}

/// The needs `needs` (all of `user_id`) leave group `g`, whose row the caller holds: an
/// invitation is declined, a membership left, each with its event; the other members are
/// told, the matches those needs opened for the group end (the carers told, unless the
/// needs are `erased`), and the group settles.
async fn leave(
    txn: &WriteTxn,
    x: &Ctx<'_>,
    user_id: i32,
    g: groups::Model,
    needs: &[i32],
    erased: bool,
) -> Result<(), ApiError> {
    let live = [MemberStatus::Joined, MemberStatus::Invited];
    let group_id = g.id;
    {
        let rows = group_members::Entity::find()
            .filter(group_members::Column::GroupId.eq(group_id))
            .filter(group_members::Column::DemandId.is_in(needs.iter().copied()))
            .filter(group_members::Column::Status.is_in(live))
            .all(txn)
            .await?;
        let mut kinds = Vec::new();
        let mut left = Vec::new();
        for m in rows {
            let (to, kind) = match m.status {
                MemberStatus::Joined => (MemberStatus::Left, InteractionKind::GroupLeft),
                _ => (MemberStatus::Declined, InteractionKind::GroupDeclined),
            };
            let moved = group_members::Entity::update_many()
                .col_expr(group_members::Column::Status, Expr::value(to.to_value()))
                .col_expr(group_members::Column::StatusAt, Expr::value(x.now))
                .filter(group_members::Column::Id.eq(m.id))
                .filter(group_members::Column::Status.eq(m.status))
                .exec(txn)
                .await?;
            if moved.rows_affected == 1 {
                kinds.push(kind);
                if to == MemberStatus::Left {
                    left.push(m.demand_id);
                }
            }
        }
        if kinds.is_empty() || g.status == GroupStatus::Closed {
            return Ok(());
        }
        for kind in kinds {
            record(txn, x.reference, kind, &g, x.now).await?;
        }
        if !left.is_empty() {
            crate::services::matches::end_for_group(txn, x, g.id, Some(&left), !erased).await?;
        }
        let people = owners(txn, g.id, &[MemberStatus::Joined], user_id).await?;
        tell(txn, x, &people, NotificationKind::GroupChanged, &g).await?;
        settle(txn, x, g).await?;
    }
    Ok(())
}

/// After the owner changed a need (`demands::update`, in its transaction, which holds the
/// need's row): every group it is in or invited to that it no longer fits — no longer
/// open to sharing, live-in or without hours, another kind of help, another
/// municipality or Municipio, or hours and budget that no longer fit the joined
/// members' — it leaves (an invitation is declined), as pausing it would.
pub(crate) async fn refit(txn: &WriteTxn, x: &Ctx<'_>, need_id: i32) -> Result<(), ApiError> {
    let groups: Vec<i32> = group_members::Entity::find()
        .select_only()
        .column(group_members::Column::GroupId)
        .filter(group_members::Column::DemandId.eq(need_id))
        .filter(group_members::Column::Status.is_in([MemberStatus::Joined, MemberStatus::Invited]))
        .order_by_asc(group_members::Column::GroupId)
        .distinct()
        .into_tuple()
        .all(txn)
        .await?;
    if groups.is_empty() {
        return Ok(());
    }
    let d = read_need(txn, need_id).await?;
    for group_id in groups {
        let g = lock(txn, group_id).await?;
        if g.status != GroupStatus::Closed && !fits(txn, x.reference, &g, &d).await? {
            leave(txn, x, d.user_id, g, &[d.id], false).await?;
        }
    }
    Ok(())
}

/// Whether need `d`, as it is now, still fits group `g` with its other joined members.
async fn fits(
    txn: &WriteTxn,
    r: &Reference,
    g: &groups::Model,
    d: &demands::Model,
) -> Result<bool, ApiError> {
    let same_kind = match &g.carer_role {
        Some(role) => d.carer_role.as_ref() == Some(role),
        None => d.carer_role.is_none() && d.category_code == g.category_code,
    };
    let near = area_of(r, g.zone_id).is_some_and(|(_, zones)| zones.contains(&d.zone_id));
    if unpoolable(d).is_some() || d.tenant_id != g.tenant_id || !same_kind || !near {
        return Ok(false);
    }
    let others: Vec<i32> = group_members::Entity::find()
        .select_only()
        .column(group_members::Column::DemandId)
        .filter(group_members::Column::GroupId.eq(g.id))
        .filter(group_members::Column::Status.eq(MemberStatus::Joined))
        .filter(group_members::Column::DemandId.ne(d.id))
        .into_tuple()
        .all(txn)
        .await?;
    if others.is_empty() {
        return Ok(true);
    }
    let mut members: Vec<Member> = demands::Entity::find()
        .filter(demands::Column::Id.is_in(others))
        .all(txn)
        .await?
        .iter()
        .map(member)
        .collect();
    members.push(member(d));
    Ok(members.len() <= GROUP_MAX && pooling::joint_week(&members).is_ok())
}

/// The joined members' needs as pooling compares them.
pub(crate) async fn joined_members(
    db: &impl ConnectionTrait,
    group_id: i32,
) -> Result<Vec<Member>, ApiError> {
    Ok(demands::Entity::find()
        .filter(
            demands::Column::Id.in_subquery(
                group_members::Entity::find()
                    .select_only()
                    .column(group_members::Column::DemandId)
                    .filter(group_members::Column::GroupId.eq(group_id))
                    .filter(group_members::Column::Status.eq(MemberStatus::Joined))
                    .into_query(),
            ),
        )
        .all(db)
        .await?
        .iter()
        .map(member)
        .collect())
}

/// The joined members' hours together: the week one carer would work for the group.
pub(crate) async fn joint_week(db: &impl ConnectionTrait, group_id: i32) -> Result<Week, ApiError> {
    Ok(joined_members(db, group_id)
        .await?
        .iter()
        .fold(Week::EMPTY, |w, m| w.or(m.week)))
}

/// A joined member invites one more need that fits with the viewer's (as `GET …/pool`
/// shows it) and with every joined member's: 201. Full, closed, or not fitting: 409.
pub async fn invite(
    x: &Ctx<'_>,
    viewer: &Viewer,
    id: Uuid,
    i: GroupInvite,
) -> Result<Group, ApiError> {
    let txn = x.db.write().await?;
    let (g, mine, demand) = load_open(&txn, viewer, id, Some(i.demand)).await?;
    if mine.status != MemberStatus::Joined {
        return Err(ApiError::Forbidden("Only the group's members invite."));
    }
    let rows = group_members::Entity::find()
        .filter(group_members::Column::GroupId.eq(g.id))
        .all(&txn)
        .await?;
    let live = rows
        .iter()
        .filter(|m| matches!(m.status, MemberStatus::Joined | MemberStatus::Invited))
        .count();
    if live >= GROUP_MAX {
        return Err(ApiError::Conflict("The group is full."));
    }
    let found = candidates(&txn, x.reference, &demand, Scope::Only(&[i.demand])).await?;
    let Some(them) = found
        .iter()
        .map(|(d, ..)| d)
        .find(|d| d.public_id == i.demand)
    else {
        return Err(ApiError::Conflict(
            "That need does not fit (changed, paused or in another group): look again.",
        ));
    };
    if rows.iter().any(|m| m.demand_id == them.id) {
        return Err(ApiError::Conflict("That need was invited already."));
    }
    let mut members = joined_members(&txn, g.id).await?;
    members.push(member_of(them));
    if pooling::joint_week(&members).is_err() {
        return Err(ApiError::Conflict(
            "That need's hours do not fit the group's week.",
        ));
    }
    let position = rows.iter().map(|m| m.position).max().unwrap_or(0) + 1;
    group_members::ActiveModel {
        group_id: Set(g.id),
        demand_id: Set(them.id),
        position: Set(position),
        status: Set(MemberStatus::Invited),
        status_at: Set(x.now),
        created_at: Set(x.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    record(&txn, x.reference, InteractionKind::GroupInvited, &g, x.now).await?;
    tell(&txn, x, &[them.user_id], NotificationKind::GroupInvited, &g).await?;
    let view = view(&txn, x.reference, viewer, g).await?;
    txn.commit().await?;
    Ok(view)
}
