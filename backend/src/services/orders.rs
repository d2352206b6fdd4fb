//! Orders (issue 11): the family accepts a quote → one order per request (the unique
//! index on `orders.request_id` makes two acceptances at once end in exactly one), the
//! request's other threads close with a polite notice, the provider confirms the start,
//! either side may cancel with a reason. The co-payment (total, VAT part, voucher, the
//! family's share) is fixed at the acceptance, in cents.
use super::contact::{
    Ctx, add_message, check_text, close_thread, conflict, move_thread, place, tell,
};
use super::idempotency;
use super::interactions::{self, Detail};
use super::quotes::{split_codes, visible_quote};
use crate::api::contact::PageQuery;
use crate::api::contact::{CardBrief, REASON_MAX};
use crate::api::notifications::NotificationKind;
use crate::api::quotes::{AcceptQuote, CancelOrder, ConfirmOrder, Order, OrderList};
use crate::api::services::OrganisationRef;
use crate::auth::Viewer;
use crate::db::WriteTxn;
use crate::domain::Role;
use crate::domain::contact::{
    CloseReason, InteractionKind, MessageKind, RequestStatus, Side, ThreadAction,
};
use crate::domain::order::{self, OrderAction, OrderStatus};
use crate::domain::quote::{self, QuoteAction, QuoteStatus};
use crate::entities::{
    contact_requests, contact_threads, orders, organisations, quotes, reviews, service_cards,
};
use crate::error::{ApiError, FieldError};
use chrono::Utc;
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Condition, sea_query::Expr,
    sea_query::ExprTrait,
};
use uuid::Uuid;

async fn view(db: &impl ConnectionTrait, o: &orders::Model, side: Side) -> Result<Order, ApiError> {
    let missing = || ApiError::NotFound("order");
    let org = organisations::Entity::find_by_id(o.organisation_id)
        .one(db)
        .await?
        .ok_or_else(missing)?;
    let card = service_cards::Entity::find_by_id(o.card_id)
        .one(db)
        .await?
        .ok_or_else(missing)?;
    let request = contact_requests::Entity::find_by_id(o.request_id)
        .one(db)
        .await?
        .ok_or_else(missing)?;
    let thread = contact_threads::Entity::find_by_id(o.thread_id)
        .one(db)
        .await?
        .ok_or_else(missing)?;
    let q = quotes::Entity::find_by_id(o.quote_id)
        .one(db)
        .await?
        .ok_or_else(missing)?;
    let review = reviews::Entity::find()
        .filter(reviews::Column::OrderId.eq(o.id))
        .one(db)
        .await?;
    let review_status = review.as_ref().map(|r| r.status);
    let review = review.map(|r| r.public_id);
    Ok(Order {
        id: o.public_id,
        request: request.public_id,
        thread: thread.public_id,
        quote: q.public_id,
        organisation: OrganisationRef {
            id: org.public_id,
            legal_name: org.legal_name,
        },
        card: CardBrief {
            id: card.public_id,
            title: card.title,
        },
        status: o.status,
        start_on: o.start_on,
        confirmed_at: o.confirmed_at,
        cancelled_at: o.cancelled_at,
        cancelled_by: o.cancelled_by,
        cancel_reason: o.cancel_reason,
        cancel_details: o.cancel_details.clone(),
        co_payment: order::CoPayment {
            total_cents: o.total_cents,
            vat_cents: o.vat_cents,
            voucher_cents: o.voucher_cents,
            citizen_share_cents: o.citizen_share_cents,
        },
        voucher_scheme: o.voucher_scheme.clone(),
        viewer_side: side,
        review,
        review_status,
        created_at: o.created_at,
    })
}

/// The family accepts a quote: the order, the other threads closed, the provider told.
pub async fn accept(
    ctx: &Ctx<'_>,
    viewer: &Viewer,
    quote_id: Uuid,
    body: AcceptQuote,
    key: Option<&idempotency::Key>,
) -> Result<idempotency::Outcome<Order>, ApiError> {
    let (q, t, r, side) = visible_quote(ctx.db, viewer, quote_id).await?;
    if side != Side::Family {
        return Err(ApiError::Forbidden("Only the family accepts a quote."));
    }
    if let Some(k) = key
        && let Some((status, body)) = idempotency::stored(ctx.db, k, ctx.now).await?
    {
        return Ok(idempotency::Outcome::Replayed(status, body));
    }
    let totals = quote::Amounts {
        gross_cents: q.gross_cents,
        net_cents: q.net_cents,
        vat_cents: q.vat_cents,
    };
    let (scheme, voucher_cents) = match &body.voucher {
        None => (None, 0),
        Some(v) => {
            let mut errors = Vec::new();
            if !split_codes(&q.vouchers).contains(&v.scheme) {
                errors.push(FieldError::new(
                    "voucher.scheme",
                    "unknown",
                    "The provider does not accept this voucher for this quote.",
                ));
            }
            if !(0..=q.gross_cents).contains(&v.amount_cents) {
                errors.push(FieldError::new(
                    "voucher.amount_cents",
                    "out_of_range",
                    "From 0 to the quote's total.",
                ));
            }
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
            (Some(v.scheme.clone()), v.amount_cents)
        }
    };
    let pay = order::co_payment(totals, voucher_cents)
        .map_err(|m| ApiError::field("voucher.amount_cents", "out_of_range", m))?;
    quote::check_acceptable(q.status, q.valid_until, ctx.now.date_naive()).map_err(conflict)?;
    t.status.apply(ThreadAction::Accept).map_err(conflict)?;
    let to_request = r.status.activate().map_err(conflict)?;
    let to_quote = q.status.apply(QuoteAction::Accept).map_err(conflict)?;
    let now = ctx.now;
    let out = idempotency::once(ctx.db, key, 201, now, async |txn: &WriteTxn| {
        // The request first: of two acceptances at once, the second waits here (its
        // row lock on PostgreSQL, the write gate on SQLite) and then finds it activated.
        let moved = contact_requests::Entity::update_many()
            .col_expr(contact_requests::Column::Status, Expr::value(to_request))
            .col_expr(contact_requests::Column::UpdatedAt, Expr::value(now))
            .filter(contact_requests::Column::Id.eq(r.id))
            .filter(contact_requests::Column::Status.eq(RequestStatus::Open))
            .exec(txn)
            .await?
            .rows_affected;
        if moved == 0 {
            return Err(ApiError::Conflict(
                "Another quote of this request was already accepted, or the request ended.",
            ));
        }
        move_thread(txn, &t, ThreadAction::Accept, |u| u).await?;
        let moved = quotes::Entity::update_many()
            .col_expr(quotes::Column::Status, Expr::value(to_quote))
            .filter(quotes::Column::Id.eq(q.id))
            .filter(quotes::Column::Status.eq(QuoteStatus::Proposed))
            .exec(txn)
            .await?
            .rows_affected;
        if moved == 0 {
            return Err(ApiError::Conflict(
                "This quote changed meanwhile (a newer version exists): reload the thread.",
            ));
        }
        let o = orders::ActiveModel {
            public_id: Set(Uuid::now_v7()),
            request_id: Set(r.id),
            thread_id: Set(t.id),
            quote_id: Set(q.id),
            organisation_id: Set(t.organisation_id),
            card_id: Set(t.card_id),
            citizen_id: Set(r.citizen_id),
            status: Set(OrderStatus::AwaitingConfirmation),
            start_on: Set(q.start_on),
            was_confirmed: Set(false),
            total_cents: Set(pay.total_cents),
            vat_cents: Set(pay.vat_cents),
            voucher_scheme: Set(scheme.clone()),
            voucher_cents: Set(pay.voucher_cents),
            citizen_share_cents: Set(pay.citizen_share_cents),
            revision: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await
        .map_err(|e| {
            if crate::db::is_unique_violation(&e) {
                ApiError::Conflict("Another quote of this request was already accepted.")
            } else {
                e.into()
            }
        })?;
        add_message(
            txn,
            &t,
            Side::Platform,
            MessageKind::Notice,
            None,
            "quote_accepted".into(),
            now,
        )
        .await?;
        let at = place(txn, &t, &r).await?;
        interactions::record(
            txn,
            InteractionKind::QuoteAccepted,
            &at,
            Detail::side(Side::Family),
            now,
        )
        .await?;
        interactions::record(
            txn,
            InteractionKind::OrderCreated,
            &at,
            Detail {
                elapsed_secs: Some((now - r.created_at).num_seconds()),
                side: Some(Side::Family),
                ..Default::default()
            },
            now,
        )
        .await?;
        tell(
            txn,
            (ctx.public_url, now),
            &t,
            &r,
            Side::Provider,
            NotificationKind::QuoteAccepted,
        )
        .await?;
        // The other providers: closed with a polite notice, and told.
        let others = contact_threads::Entity::find()
            .filter(contact_threads::Column::RequestId.eq(r.id))
            .filter(contact_threads::Column::Id.ne(t.id))
            .all(txn)
            .await?;
        for other in others.iter().filter(|o| o.status.is_live()) {
            close_thread(txn, other, &r, CloseReason::OtherAccepted, now).await?;
            tell(
                txn,
                (ctx.public_url, now),
                other,
                &r,
                Side::Provider,
                NotificationKind::ThreadClosed,
            )
            .await?;
        }
        crate::services::group_offers::ordered(txn, ctx, &r, &q).await?;
        view(txn, &o, Side::Family).await
    })
    .await?;
    Ok(out)
}

/// An order and the viewer's side; not found for anyone else.
async fn visible_order(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> Result<(orders::Model, Side), ApiError> {
    let o = orders::Entity::find()
        .filter(orders::Column::PublicId.eq(id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("order"))?;
    let side = if o.citizen_id == Some(viewer.user.id) {
        Side::Family
    } else if crate::auth::policy::can_write_cards_of(viewer, o.organisation_id) {
        Side::Provider
    } else {
        return Err(ApiError::NotFound("order"));
    };
    Ok((o, side))
}

pub async fn get(ctx: &Ctx<'_>, viewer: &Viewer, id: Uuid) -> Result<Order, ApiError> {
    let (o, side) = visible_order(ctx.db, viewer, id).await?;
    view(ctx.db, &o, side).await
}

/// The viewer's orders: as a family, and for the organisations they work for.
pub async fn list(ctx: &Ctx<'_>, viewer: &Viewer, q: PageQuery) -> Result<OrderList, ApiError> {
    let (page, per_page) = super::contact::page_of(q.page, q.per_page);
    let orgs: Vec<i32> = viewer
        .roles()
        .filter(|m| matches!(m.role, Role::ProviderAdmin | Role::ProviderStaff))
        .filter_map(|m| m.organisation_id)
        .collect();
    let find = orders::Entity::find().filter(
        Condition::any()
            .add(orders::Column::CitizenId.eq(viewer.user.id))
            .add(orders::Column::OrganisationId.is_in(orgs)),
    );
    let total = find.clone().count(ctx.db).await?;
    let rows = find
        .order_by_desc(orders::Column::CreatedAt)
        .order_by_desc(orders::Column::Id)
        .offset(u64::from((page - 1) * per_page))
        .limit(u64::from(per_page))
        .all(ctx.db)
        .await?;
    let mut items = Vec::with_capacity(rows.len());
    for o in &rows {
        let side = if o.citizen_id == Some(viewer.user.id) {
            Side::Family
        } else {
            Side::Provider
        };
        items.push(view(ctx.db, o, side).await?);
    }
    Ok(OrderList {
        items,
        total,
        page,
        per_page,
    })
}

/// Moves the order from the status it was read in (409 when it moved meanwhile).
async fn move_order(
    txn: &WriteTxn,
    o: &orders::Model,
    to: OrderStatus,
    now: chrono::DateTime<Utc>,
    more: impl FnOnce(sea_orm::UpdateMany<orders::Entity>) -> sea_orm::UpdateMany<orders::Entity>,
) -> Result<(), ApiError> {
    let q = orders::Entity::update_many()
        .col_expr(orders::Column::Status, Expr::value(to))
        .col_expr(orders::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            orders::Column::Revision,
            Expr::col(orders::Column::Revision).add(1),
        )
        .filter(orders::Column::Id.eq(o.id))
        .filter(orders::Column::Status.eq(o.status));
    if more(q).exec(txn).await?.rows_affected == 0 {
        return Err(ApiError::Conflict(
            "The order changed meanwhile: reload it and try again.",
        ));
    }
    Ok(())
}

/// The provider confirms the start (the quote's date, or another one not in the past).
pub async fn confirm(
    ctx: &Ctx<'_>,
    viewer: &Viewer,
    id: Uuid,
    body: ConfirmOrder,
) -> Result<Order, ApiError> {
    let (o, side) = visible_order(ctx.db, viewer, id).await?;
    if side != Side::Provider {
        return Err(ApiError::Forbidden("Only the provider confirms the start."));
    }
    let start = body
        .start_on
        .or(o.start_on)
        .ok_or_else(|| ApiError::field("start_on", "required", "Say when the service starts."))?;
    if body.start_on.is_some_and(|d| d < ctx.now.date_naive()) {
        return Err(ApiError::field(
            "start_on",
            "out_of_range",
            "The start cannot be in the past.",
        ));
    }
    let to = o.status.apply(OrderAction::Confirm).map_err(conflict)?;
    let now = ctx.now;
    let txn = ctx.db.write().await?;
    move_order(&txn, &o, to, now, |u| {
        u.col_expr(orders::Column::StartOn, Expr::value(start))
            .col_expr(orders::Column::WasConfirmed, Expr::value(true))
            .col_expr(orders::Column::ConfirmedAt, Expr::value(now))
    })
    .await?;
    let (t, r) = thread_of(&txn, &o).await?;
    add_message(
        &txn,
        &t,
        Side::Platform,
        MessageKind::Notice,
        None,
        "order_confirmed".into(),
        now,
    )
    .await?;
    let at = place(&txn, &t, &r).await?;
    interactions::record(
        &txn,
        InteractionKind::OrderConfirmed,
        &at,
        Detail::side(Side::Provider),
        now,
    )
    .await?;
    tell(
        &txn,
        (ctx.public_url, now),
        &t,
        &r,
        Side::Family,
        NotificationKind::OrderConfirmed,
    )
    .await?;
    txn.commit().await?;
    get(ctx, viewer, id).await
}

async fn thread_of(
    db: &impl ConnectionTrait,
    o: &orders::Model,
) -> Result<(contact_threads::Model, contact_requests::Model), ApiError> {
    let t = contact_threads::Entity::find_by_id(o.thread_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("order"))?;
    let r = contact_requests::Entity::find_by_id(o.request_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("order"))?;
    Ok((t, r))
}

/// Either side cancels, with a reason: the thread and the request close.
pub async fn cancel(
    ctx: &Ctx<'_>,
    viewer: &Viewer,
    id: Uuid,
    body: CancelOrder,
) -> Result<Order, ApiError> {
    let (o, side) = visible_order(ctx.db, viewer, id).await?;
    let mut errors = Vec::new();
    let details = check_text(
        &mut errors,
        "details",
        &body.details,
        body.reason.needs_details(),
        REASON_MAX,
    );
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let to = o.status.apply(OrderAction::Cancel).map_err(conflict)?;
    let now = ctx.now;
    let txn = ctx.db.write().await?;
    move_order(&txn, &o, to, now, |u| {
        u.col_expr(orders::Column::CancelledAt, Expr::value(now))
            .col_expr(orders::Column::CancelledBy, Expr::value(side))
            .col_expr(orders::Column::CancelReason, Expr::value(body.reason))
            .col_expr(
                orders::Column::CancelDetails,
                Expr::value((!details.is_empty()).then(|| details.clone())),
            )
    })
    .await?;
    let (t, r) = thread_of(&txn, &o).await?;
    move_thread(&txn, &t, ThreadAction::OrderCancelled, |u| {
        u.col_expr(
            contact_threads::Column::CloseReason,
            Expr::value(CloseReason::OrderCancelled),
        )
        .col_expr(contact_threads::Column::EndedAt, Expr::value(now))
    })
    .await?;
    contact_requests::Entity::update_many()
        .col_expr(
            contact_requests::Column::Status,
            Expr::value(RequestStatus::Closed),
        )
        .col_expr(contact_requests::Column::UpdatedAt, Expr::value(now))
        .filter(contact_requests::Column::Id.eq(r.id))
        .exec(&txn)
        .await?;
    add_message(
        &txn,
        &t,
        Side::Platform,
        MessageKind::Notice,
        None,
        format!("order_cancelled_by_{}", side.to_value()),
        now,
    )
    .await?;
    let at = place(&txn, &t, &r).await?;
    interactions::record(
        &txn,
        InteractionKind::OrderCancelled,
        &at,
        Detail::reason(body.reason.to_value(), side),
        now,
    )
    .await?;
    let other = if side == Side::Family {
        Side::Provider
    } else {
        Side::Family
    };
    tell(
        &txn,
        (ctx.public_url, now),
        &t,
        &r,
        other,
        NotificationKind::OrderCancelled,
    )
    .await?;
    txn.commit().await?;
    get(ctx, viewer, id).await
}
