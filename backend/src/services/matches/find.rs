//! The open needs a listed carer fits, best first: the needs of the carer's roles (or of
//! their roles' categories) in the zones they work in (a Municipio covers its NIL, and a
//! NIL need is met by a carer of its Municipio), through the same hard filters and score
//! as the family's ranking.
use super::{brief, own_carer};
use crate::api::matches::{CarerDemand, CarerDemandList, CarerDemandsQuery, MatchRef};
use crate::auth::Viewer;
use crate::domain::demand::{DemandStatus, RequirementKind};
use crate::domain::matching::{self, BudgetPeriod, CarerRole, Need, Offer};
use crate::domain::registry::RegistryStatus;
use crate::entities::{carers, demand_requirements, demands, matches};
use crate::error::ApiError;
use crate::reference::Reference;
use crate::services::carers::check::parse_codes;
use crate::services::carers::view::Lists;
use crate::services::contact::Ctx;
use crate::services::demands::rank::{carer_offer, explain, need_from, reason};
use sea_orm::{
    ActiveEnum, ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter,
    QueryOrder,
    sea_query::{Expr, Query},
};
use std::collections::HashMap;

/// The carer's own registration, listed (otherwise 409: only listed carers are matched).
pub(super) async fn listed(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
) -> Result<carers::Model, ApiError> {
    let c = own_carer(db, viewer).await?;
    if c.status != RegistryStatus::Listed {
        return Err(ApiError::Conflict(
            "Only listed carers are matched with families' needs.",
        ));
    }
    Ok(c)
}

/// The carer as the ranking reads them.
pub(crate) async fn offer_of(
    db: &impl ConnectionTrait,
    r: &Reference,
    c: &carers::Model,
) -> Result<Offer, ApiError> {
    let lists = Lists::plain(db, &[c.id]).await?;
    Ok(carer_offer(r, c, &lists, i64::from(c.id)))
}

/// Whether the carer passes the need's hard filters, and their score.
pub(super) fn fits(need: &Need, offer: &Offer) -> Option<matching::Assessment> {
    matching::assess(need, offer).ok()
}

/// What SQL can tell of the ranking's hard filters (`matching::admits`) for this offer,
/// so that the needs it surely fails are not read: an arrangement the carer does not
/// work in, a budget below the carer's rate in the budget's period, a skill the carer
/// lacks marked *must*. The rest (hours, languages) is checked on the rows read.
fn within_reach(offer: &Offer) -> Condition {
    let mut c = Condition::all();
    if !offer.arrangements.is_empty() {
        c = c.add(demands::Column::Arrangement.is_in(offer.arrangements.iter().copied()));
    }
    for (period, price) in [
        (BudgetPeriod::Hour, offer.hourly_cents),
        (BudgetPeriod::Month, offer.monthly_cents),
    ] {
        if let Some(price) = price {
            c = c.add(
                Condition::any()
                    .add(demands::Column::BudgetCents.is_null())
                    .add(demands::Column::BudgetPeriod.is_null())
                    .add(demands::Column::BudgetPeriod.ne(period))
                    .add(demands::Column::BudgetCents.gte(price)),
            );
        }
    }
    // Per need, by the requirements' key (demand_id, position).
    let lacking = Query::select()
        .expr(Expr::val(1))
        .from(demand_requirements::Entity)
        .and_where(
            Expr::col((
                demand_requirements::Entity,
                demand_requirements::Column::DemandId,
            ))
            .equals((demands::Entity, demands::Column::Id)),
        )
        .and_where(demand_requirements::Column::Must.eq(true))
        .and_where(demand_requirements::Column::Kind.eq(RequirementKind::Skill))
        .and_where(demand_requirements::Column::Code.is_not_in(offer.skills.iter().cloned()))
        .to_owned();
    c.add(Condition::all().add(Expr::exists(lacking)).not())
}

/// The needs the viewer (a listed carer) fits.
pub async fn carer_demands(
    x: &Ctx<'_>,
    viewer: &Viewer,
    q: CarerDemandsQuery,
) -> Result<CarerDemandList, ApiError> {
    let db = &**x.db;
    let r = x.reference;
    let c = listed(db, viewer).await?;
    let offer = offer_of(db, r, &c).await?;
    // A need is in reach when its zone, or the zone containing it, is one of the carer's.
    let theirs = offer.zones.clone();
    let in_reach: Vec<i32> = r
        .zones
        .iter()
        .filter(|z| theirs.contains(&z.id) || z.parent_id.is_some_and(|p| theirs.contains(&p)))
        .map(|z| z.id)
        .collect();
    let roles = parse_codes::<CarerRole>(&c.roles);
    let role_codes: Vec<String> = roles.iter().map(ActiveEnum::to_value).collect();
    let categories: Vec<String> = roles
        .iter()
        .filter_map(|x| r.matching.category_of(*x))
        .map(str::to_owned)
        .collect();
    let rows = demands::Entity::find()
        .filter(demands::Column::Status.eq(DemandStatus::Open))
        .filter(demands::Column::ZoneId.is_in(in_reach))
        .filter(
            Condition::any()
                .add(demands::Column::CarerRole.is_in(role_codes))
                .add(demands::Column::CategoryCode.is_in(categories)),
        )
        .filter(within_reach(&offer))
        .order_by_desc(demands::Column::CreatedAt)
        .all(db)
        .await?;
    let mut requirements: HashMap<i32, Vec<demand_requirements::Model>> = HashMap::new();
    for q in demand_requirements::Entity::find()
        .filter(demand_requirements::Column::DemandId.is_in(rows.iter().map(|d| d.id)))
        .order_by_asc(demand_requirements::Column::Position)
        .all(db)
        .await?
    {
        requirements.entry(q.demand_id).or_default().push(q);
    }
    // The needs' own matches (a group's is on the group's page).
    let contacts: HashMap<i32, MatchRef> = matches::Entity::find()
        .filter(matches::Column::CarerId.eq(c.id))
        .filter(matches::Column::GroupId.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            (
                m.demand_id,
                MatchRef {
                    id: m.public_id,
                    status: m.status,
                },
            )
        })
        .collect();
    let mut found: Vec<(u32, &demands::Model, matching::Assessment)> = rows
        .iter()
        .filter_map(|d| {
            let need = need_from(r, d, requirements.get(&d.id).map_or(&[], Vec::as_slice))?;
            fits(&need, &offer).map(|a| (a.score, d, a))
        })
        .collect();
    // Best first; equal scores: the newest need first, then by id (a stable order).
    found.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.created_at.cmp(&a.1.created_at))
            .then(b.1.id.cmp(&a.1.id))
    });
    let total = found.len() as u64;
    let limit = q.limit.unwrap_or(20).clamp(1, 50) as usize;
    let items = found
        .into_iter()
        .take(limit)
        .map(|(score, d, a)| CarerDemand {
            need: brief(r, d, requirements.get(&d.id).map_or(&[], Vec::as_slice)),
            score,
            reasons: a.reasons.iter().filter_map(|x| reason(r, x)).collect(),
            explanation: explain(r, &a.reasons),
            contact: contacts.get(&d.id).cloned(),
        })
        .collect();
    Ok(CarerDemandList { items, total })
}
