//! Reviews (issue 11): after the provider confirmed the start, the family may review
//! the order once; the tenant's reviewers publish or reject it (nobody else sees it
//! before); the provider answers a published review once; anyone signed in may report
//! an abusive one (the reviewers are told and may take it down). Cards and organisations
//! show the published reviews' averages and counts; the trust signals are measured from
//! the interaction events alone.
use super::contact::{Ctx, check_text, conflict, page_of, place, staff_of};
use super::interactions::{self, Detail};
use super::notifications;
use crate::api::contact::CardBrief;
use crate::api::notifications::NotificationKind;
use crate::api::reviews::{
    Moderation, NewReview, OrganisationReviews, PublicReview, Review, ReviewList, ReviewQuery,
    ReviewReply, ReviewReport, ServiceReviews,
};
use crate::api::services::OrganisationRef;
use crate::auth::{Viewer, policy};
use crate::domain::Role;
use crate::domain::contact::{InteractionKind, Side};
use crate::domain::review::{self, Ratings, ReviewAction, ReviewStatus};
use crate::domain::trust::{self, Signals};
use crate::entities::{
    contact_requests, contact_threads, interaction_events, memberships, orders, organisations,
    reviews, service_cards,
};
use crate::error::{ApiError, FieldError};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use std::collections::HashMap;
use uuid::Uuid;

/// The longest moderation note and report (characters).
const NOTE_MAX: usize = 1000;

fn ratings(r: &reviews::Model) -> Ratings {
    Ratings {
        punctuality: r.punctuality,
        competence: r.competence,
        kindness: r.kindness,
        value: r.value,
    }
}

async fn views(db: &impl ConnectionTrait, rows: &[reviews::Model]) -> Result<Vec<Review>, DbErr> {
    let cards: HashMap<i32, (Uuid, String)> = service_cards::Entity::find()
        .select_only()
        .column(service_cards::Column::Id)
        .column(service_cards::Column::PublicId)
        .column(service_cards::Column::Title)
        .filter(service_cards::Column::Id.is_in(rows.iter().map(|r| r.card_id)))
        .into_tuple::<(i32, Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, p, t)| (id, (p, t)))
        .collect();
    let orgs: HashMap<i32, organisations::Model> = organisations::Entity::find()
        .filter(organisations::Column::Id.is_in(rows.iter().map(|r| r.organisation_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let order_ids: HashMap<i32, Uuid> = orders::Entity::find()
        .select_only()
        .column(orders::Column::Id)
        .column(orders::Column::PublicId)
        .filter(orders::Column::Id.is_in(rows.iter().map(|r| r.order_id)))
        .into_tuple::<(i32, Uuid)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .iter()
        .map(|r| {
            let (card_id, title) = cards.get(&r.card_id).cloned().unwrap_or_default();
            let org = orgs.get(&r.organisation_id);
            Review {
                id: r.public_id,
                order: order_ids.get(&r.order_id).copied().unwrap_or_default(),
                card: CardBrief { id: card_id, title },
                organisation: OrganisationRef {
                    id: org.map(|o| o.public_id).unwrap_or_default(),
                    legal_name: org.map(|o| o.legal_name.clone()).unwrap_or_default(),
                },
                ratings: ratings(r),
                overall_tenths: ratings(r).overall_tenths(),
                body: r.body.clone(),
                status: r.status,
                created_at: r.created_at,
                moderated_at: r.moderated_at,
                moderation_note: r.moderation_note.clone(),
                reply: r.reply.clone(),
                replied_at: r.replied_at,
                reports: r.reports,
            }
        })
        .collect())
}

async fn one(db: &impl ConnectionTrait, r: &reviews::Model) -> Result<Review, ApiError> {
    views(db, std::slice::from_ref(r))
        .await?
        .pop()
        .ok_or(ApiError::NotFound("review"))
}

/// The tenant's reviewers (who moderate reviews there).
async fn reviewers_of(db: &impl ConnectionTrait, tenant_id: i32) -> Result<Vec<i32>, DbErr> {
    Ok(memberships::Entity::find()
        .filter(memberships::Column::TenantId.eq(tenant_id))
        .filter(memberships::Column::Role.eq(Role::MunicipalReviewer))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect())
}

/// The family reviews its order (once, after the provider confirmed the start).
pub async fn submit(
    ctx: &Ctx<'_>,
    viewer: &Viewer,
    order_id: Uuid,
    body: NewReview,
) -> Result<Review, ApiError> {
    let o = orders::Entity::find()
        .filter(orders::Column::PublicId.eq(order_id))
        .filter(orders::Column::CitizenId.eq(viewer.user.id))
        .one(ctx.db)
        .await?
        .ok_or(ApiError::NotFound("order"))?;
    let mut errors = Vec::new();
    let given = Ratings::from(body.ratings);
    if let Some(a) = given.invalid() {
        errors.push(FieldError::new(
            format!("ratings.{}", sea_orm::ActiveEnum::to_value(&a)),
            "out_of_range",
            "From 1 to 5.",
        ));
    }
    let text = check_text(&mut errors, "body", &body.body, true, review::TEXT_MAX);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    if !o.status.can_review(o.was_confirmed) {
        return Err(ApiError::Conflict(
            "A service is reviewed once the provider has confirmed its start.",
        ));
    }
    let org = organisations::Entity::find_by_id(o.organisation_id)
        .one(ctx.db)
        .await?
        .ok_or(ApiError::NotFound("order"))?;
    let now = ctx.now;
    let txn = ctx.db.write().await?;
    let r = reviews::ActiveModel {
        public_id: Set(Uuid::now_v7()),
        order_id: Set(o.id),
        card_id: Set(o.card_id),
        organisation_id: Set(o.organisation_id),
        tenant_id: Set(org.tenant_id),
        author_id: Set(Some(viewer.user.id)),
        punctuality: Set(given.punctuality),
        competence: Set(given.competence),
        kindness: Set(given.kindness),
        value: Set(given.value),
        body: Set(text),
        status: Set(ReviewStatus::Pending),
        created_at: Set(now),
        reports: Set(0),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        if crate::db::is_unique_violation(&e) {
            ApiError::Conflict("This order already has its review.")
        } else {
            e.into()
        }
    })?;
    let (t, req) = thread_of(&txn, &o).await?;
    let at = place(&txn, &t, &req).await?;
    interactions::record(
        &txn,
        InteractionKind::ReviewSubmitted,
        &at,
        Detail::side(Side::Family),
        now,
    )
    .await?;
    let card = service_cards::Entity::find_by_id(o.card_id)
        .one(&txn)
        .await?
        .map(|c| c.title)
        .unwrap_or_default();
    notifications::event(
        &txn,
        &reviewers_of(&txn, org.tenant_id).await?,
        NotificationKind::ReviewToModerate,
        ("review", r.public_id),
        &card,
        ctx.public_url,
        now,
    )
    .await?;
    txn.commit().await?;
    one(ctx.db, &r).await
}

async fn thread_of(
    db: &impl ConnectionTrait,
    o: &orders::Model,
) -> Result<(contact_threads::Model, contact_requests::Model), ApiError> {
    let t = contact_threads::Entity::find_by_id(o.thread_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("review"))?;
    let r = contact_requests::Entity::find_by_id(o.request_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("review"))?;
    Ok((t, r))
}

/// The reviews of the viewer's tenants (reviewers), in a state (pending by default),
/// oldest first.
pub async fn queue(ctx: &Ctx<'_>, viewer: &Viewer, q: ReviewQuery) -> Result<ReviewList, ApiError> {
    let tenants = policy::review_tenants(viewer);
    if tenants.is_empty() {
        return Err(ApiError::Forbidden(
            "Only the city's reviewers moderate reviews.",
        ));
    }
    let (page, per_page) = page_of(q.page, q.per_page);
    let status = q.status.unwrap_or(ReviewStatus::Pending);
    let find = reviews::Entity::find()
        .filter(reviews::Column::TenantId.is_in(tenants))
        .filter(reviews::Column::Status.eq(status));
    let total = find.clone().count(ctx.db).await?;
    // The queue in the order reviews came (the longest waiting first); the decided ones
    // newest first.
    let order = if status == ReviewStatus::Pending {
        sea_orm::Order::Asc
    } else {
        sea_orm::Order::Desc
    };
    let rows = find
        .order_by(reviews::Column::CreatedAt, order.clone())
        .order_by(reviews::Column::Id, order)
        .offset(u64::from((page - 1) * per_page))
        .limit(u64::from(per_page))
        .all(ctx.db)
        .await?;
    Ok(ReviewList {
        items: views(ctx.db, &rows).await?,
        total,
        page,
        per_page,
    })
}

async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<reviews::Model, ApiError> {
    reviews::Entity::find()
        .filter(reviews::Column::PublicId.eq(id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("review"))
}

/// Publishes or rejects a review (a reviewer of its tenant; rejecting a published one
/// takes it down).
pub async fn moderate(
    ctx: &Ctx<'_>,
    viewer: &Viewer,
    id: Uuid,
    publish: bool,
    body: Moderation,
) -> Result<Review, ApiError> {
    let r = find(ctx.db, id).await?;
    if !policy::can_review_in_tenant(viewer, r.tenant_id) {
        return Err(ApiError::NotFound("review"));
    }
    let mut errors = Vec::new();
    let note = check_text(&mut errors, "note", &body.note, !publish, NOTE_MAX);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let action = match (publish, r.status) {
        (true, _) => ReviewAction::Publish,
        (false, ReviewStatus::Published) => ReviewAction::TakeDown,
        (false, _) => ReviewAction::Reject,
    };
    let to = r.status.apply(action).map_err(conflict)?;
    let now = ctx.now;
    let txn = ctx.db.write().await?;
    let moved = reviews::Entity::update_many()
        .col_expr(reviews::Column::Status, Expr::value(to))
        .col_expr(reviews::Column::ModeratedBy, Expr::value(viewer.user.id))
        .col_expr(reviews::Column::ModeratedAt, Expr::value(now))
        .col_expr(
            reviews::Column::ModerationNote,
            Expr::value((!note.is_empty()).then(|| note.clone())),
        )
        .filter(reviews::Column::Id.eq(r.id))
        .filter(reviews::Column::Status.eq(r.status))
        .exec(&txn)
        .await?
        .rows_affected;
    if moved == 0 {
        return Err(ApiError::Conflict(
            "The review was moderated meanwhile: reload it.",
        ));
    }
    let o = orders::Entity::find_by_id(r.order_id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("review"))?;
    let (t, req) = thread_of(&txn, &o).await?;
    let at = place(&txn, &t, &req).await?;
    let kind = if publish {
        InteractionKind::ReviewPublished
    } else {
        InteractionKind::ReviewRejected
    };
    interactions::record(&txn, kind, &at, Detail::default(), now).await?;
    if publish {
        let card = service_cards::Entity::find_by_id(r.card_id)
            .one(&txn)
            .await?
            .map(|c| c.title)
            .unwrap_or_default();
        notifications::event(
            &txn,
            &staff_of(&txn, r.organisation_id).await?,
            NotificationKind::ReviewPublished,
            ("review", r.public_id),
            &card,
            ctx.public_url,
            now,
        )
        .await?;
    }
    txn.commit().await?;
    one(ctx.db, &find(ctx.db, id).await?).await
}

/// The provider answers a published review, publicly, once.
pub async fn reply(
    ctx: &Ctx<'_>,
    viewer: &Viewer,
    id: Uuid,
    body: ReviewReply,
) -> Result<Review, ApiError> {
    let r = find(ctx.db, id).await?;
    if !policy::can_write_cards_of(viewer, r.organisation_id) {
        return Err(ApiError::NotFound("review"));
    }
    let mut errors = Vec::new();
    let text = check_text(&mut errors, "body", &body.body, true, review::REPLY_MAX);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    if r.status != ReviewStatus::Published {
        return Err(ApiError::Conflict(
            "Only a published review can be answered.",
        ));
    }
    let txn = ctx.db.write().await?;
    let done = reviews::Entity::update_many()
        .col_expr(reviews::Column::Reply, Expr::value(text))
        .col_expr(reviews::Column::RepliedAt, Expr::value(ctx.now))
        .filter(reviews::Column::Id.eq(r.id))
        .filter(reviews::Column::Reply.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if done == 0 {
        return Err(ApiError::Conflict("This review already has its answer."));
    }
    txn.commit().await?;
    one(ctx.db, &find(ctx.db, id).await?).await
}

/// Someone signed in reports a published review as abusive: the reviewers are told.
pub async fn report(
    ctx: &Ctx<'_>,
    _viewer: &Viewer,
    id: Uuid,
    body: ReviewReport,
) -> Result<(), ApiError> {
    let r = find(ctx.db, id).await?;
    if r.status != ReviewStatus::Published {
        return Err(ApiError::NotFound("review"));
    }
    let mut errors = Vec::new();
    check_text(&mut errors, "details", &body.details, true, NOTE_MAX);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let txn = ctx.db.write().await?;
    reviews::Entity::update_many()
        .col_expr(
            reviews::Column::Reports,
            Expr::col(reviews::Column::Reports).add(1),
        )
        .filter(reviews::Column::Id.eq(r.id))
        .exec(&txn)
        .await?;
    let card = service_cards::Entity::find_by_id(r.card_id)
        .one(&txn)
        .await?
        .map(|c| c.title)
        .unwrap_or_default();
    notifications::event(
        &txn,
        &reviewers_of(&txn, r.tenant_id).await?,
        NotificationKind::ReviewReported,
        ("review", r.public_id),
        &card,
        ctx.public_url,
        ctx.now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A published card's published reviews, newest first (at most 50), and averages of all.
pub async fn of_card(
    db: &impl ConnectionTrait,
    card: Uuid,
    now: DateTime<Utc>,
) -> Result<ServiceReviews, ApiError> {
    let c = service_cards::Entity::find()
        .filter(service_cards::Column::PublicId.eq(card))
        .filter(super::cards::visible())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("service"))?;
    let rows = reviews::Entity::find()
        .filter(reviews::Column::CardId.eq(c.id))
        .filter(reviews::Column::Status.eq(ReviewStatus::Published))
        .order_by_desc(reviews::Column::CreatedAt)
        .all(db)
        .await?;
    let all: Vec<Ratings> = rows.iter().map(ratings).collect();
    Ok(ServiceReviews {
        signals: signals(db, Scope::Card(c.id), now).await?,
        declared_waiting_days: c.waiting_days_total,
        averages: review::averages(&all),
        items: rows
            .iter()
            .take(50)
            .map(|r| public(r, c.public_id, &c.title))
            .collect(),
    })
}

fn public(r: &reviews::Model, card: Uuid, title: &str) -> PublicReview {
    PublicReview {
        id: r.public_id,
        card: CardBrief {
            id: card,
            title: title.to_owned(),
        },
        ratings: ratings(r),
        overall_tenths: ratings(r).overall_tenths(),
        body: r.body.clone(),
        created_at: r.created_at,
        reply: r.reply.clone(),
        replied_at: r.replied_at,
    }
}

/// An organisation's published reviews of its visible cards, newest first (at most 50),
/// the averages of all of them, and its signals over all its cards. `org` is an
/// organisation the public may see (the route checks it).
pub async fn of_organisation(
    db: &impl ConnectionTrait,
    org: Uuid,
    now: DateTime<Utc>,
) -> Result<OrganisationReviews, ApiError> {
    let o = organisations::Entity::find()
        .filter(organisations::Column::PublicId.eq(org))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("organisation"))?;
    let cards: HashMap<i32, (Uuid, String)> = service_cards::Entity::find()
        .filter(service_cards::Column::OrganisationId.eq(o.id))
        .filter(super::cards::visible())
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, (c.public_id, c.title)))
        .collect();
    let rows = reviews::Entity::find()
        .filter(reviews::Column::OrganisationId.eq(o.id))
        .filter(reviews::Column::CardId.is_in(cards.keys().copied()))
        .filter(reviews::Column::Status.eq(ReviewStatus::Published))
        .order_by_desc(reviews::Column::CreatedAt)
        .all(db)
        .await?;
    let all: Vec<Ratings> = rows.iter().map(ratings).collect();
    Ok(OrganisationReviews {
        signals: signals(db, Scope::Organisation(o.id), now).await?,
        averages: review::averages(&all),
        items: rows
            .iter()
            .take(50)
            .filter_map(|r| {
                let (id, title) = cards.get(&r.card_id)?;
                Some(public(r, *id, title))
            })
            .collect(),
    })
}

/// Which events a signal counts: those of a card, or of an organisation.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    Card(i32),
    Organisation(i32),
}

/// The trust signals over the last 12 months, from the interaction events alone; `None`
/// under `trust::MIN_THREADS` threads.
pub async fn signals(
    db: &impl ConnectionTrait,
    scope: Scope,
    now: DateTime<Utc>,
) -> Result<Option<Signals>, DbErr> {
    let since = now - Duration::days(365);
    let mut q = interaction_events::Entity::find()
        .select_only()
        .column(interaction_events::Column::Kind)
        .column(interaction_events::Column::ElapsedSecs)
        .column(interaction_events::Column::InTime)
        .filter(interaction_events::Column::OccurredAt.gt(since))
        .filter(interaction_events::Column::Kind.is_in([
            InteractionKind::ThreadOpened,
            InteractionKind::FirstAnswer,
            InteractionKind::ThreadExpired,
            InteractionKind::OrderCreated,
        ]));
    q = match scope {
        Scope::Card(id) => q.filter(interaction_events::Column::CardId.eq(id)),
        Scope::Organisation(id) => q.filter(interaction_events::Column::OrganisationId.eq(id)),
    };
    let rows: Vec<(InteractionKind, Option<i64>, Option<bool>)> = q.into_tuple().all(db).await?;
    let opened = rows
        .iter()
        .filter(|r| r.0 == InteractionKind::ThreadOpened)
        .count() as i64;
    let first: Vec<(i64, bool)> = rows
        .iter()
        .filter(|r| r.0 == InteractionKind::FirstAnswer)
        .filter_map(|r| Some((r.1?, r.2.unwrap_or(false))))
        .collect();
    let expired = rows
        .iter()
        .filter(|r| r.0 == InteractionKind::ThreadExpired)
        .count() as i64;
    let activations: Vec<i64> = rows
        .iter()
        .filter(|r| r.0 == InteractionKind::OrderCreated)
        .filter_map(|r| r.1)
        .collect();
    Ok(trust::signals(opened, &first, expired, &activations))
}
