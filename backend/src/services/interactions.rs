//! Interaction events: every step between a family and a provider, recorded in the
//! transaction of the step, with the time, tenant, organisation, category, zone and card
//! — never a person, a thread or a text. The city's monitoring and the cards' measured
//! trust signals read these alone.
use crate::domain::contact::{InteractionKind, Side};
use crate::entities::interaction_events;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};

/// Where an interaction happened: the card's tenant, organisation and category, and the
/// family's zone.
#[derive(Debug, Clone)]
pub struct Place {
    pub tenant_id: i32,
    pub organisation_id: i32,
    pub category: String,
    pub zone_id: Option<i32>,
    pub card_id: i32,
    /// The request was sent for a group of families (a service in shared form).
    pub shared: bool,
}

/// What else an event may say (no personal content).
#[derive(Debug, Clone, Default)]
pub struct Detail {
    pub elapsed_secs: Option<i64>,
    pub in_time: Option<bool>,
    pub reason: Option<String>,
    pub side: Option<Side>,
}

impl Detail {
    pub fn side(side: Side) -> Self {
        Detail {
            side: Some(side),
            ..Default::default()
        }
    }

    pub fn reason(code: impl Into<String>, side: Side) -> Self {
        Detail {
            reason: Some(code.into()),
            side: Some(side),
            ..Default::default()
        }
    }
}

/// Records one event.
pub async fn record(
    db: &impl ConnectionTrait,
    kind: InteractionKind,
    at: &Place,
    detail: Detail,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    row(kind, at, detail, now).insert(db).await?;
    Ok(())
}

/// Records an event about a family's need (issue 12): the tenant, the category (a carer
/// role's own category) and the family's zone — no organisation, card or person.
pub async fn record_need(
    db: &impl ConnectionTrait,
    kind: InteractionKind,
    tenant_id: i32,
    category: Option<String>,
    zone_id: i32,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    record_for_need(
        db,
        kind,
        tenant_id,
        category,
        zone_id,
        reason,
        Side::Family,
        false,
        now,
    )
    .await
}

/// Records an event about a need taken by `side` (a carer is the offer's side).
#[allow(clippy::too_many_arguments)]
pub async fn record_for_need(
    db: &impl ConnectionTrait,
    kind: InteractionKind,
    tenant_id: i32,
    category: Option<String>,
    zone_id: i32,
    reason: Option<String>,
    side: Side,
    shared: bool,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    interaction_events::ActiveModel {
        occurred_at: Set(now),
        kind: Set(kind),
        tenant_id: Set(tenant_id),
        organisation_id: Set(None),
        category: Set(category),
        zone_id: Set(Some(zone_id)),
        card_id: Set(None),
        elapsed_secs: Set(None),
        in_time: Set(None),
        reason: Set(reason),
        side: Set(Some(side)),
        shared: Set(shared),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Records several events in one statement (a request's threads opened at once).
pub async fn record_all(
    db: &impl ConnectionTrait,
    events: impl IntoIterator<Item = (InteractionKind, Place, Detail)>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    interaction_events::Entity::insert_many(
        events
            .into_iter()
            .map(|(kind, at, detail)| row(kind, &at, detail, now)),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

fn row(
    kind: InteractionKind,
    at: &Place,
    detail: Detail,
    now: DateTime<Utc>,
) -> interaction_events::ActiveModel {
    interaction_events::ActiveModel {
        occurred_at: Set(now),
        kind: Set(kind),
        tenant_id: Set(at.tenant_id),
        organisation_id: Set(Some(at.organisation_id)),
        category: Set(Some(at.category.clone())),
        zone_id: Set(at.zone_id),
        card_id: Set(Some(at.card_id)),
        elapsed_secs: Set(detail.elapsed_secs),
        in_time: Set(detail.in_time),
        reason: Set(detail.reason),
        side: Set(detail.side),
        shared: Set(at.shared),
        ..Default::default()
    }
}
