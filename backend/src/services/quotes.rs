//! Quotes and counter-proposals (issue 11): the provider quotes in a thread (each
//! revision a new version, the earlier ones kept), the family may counter-propose a
//! total, a start or a schedule, which the provider accepts (a new version with those
//! terms), declines or answers with a revision. Amounts are computed in integer cents
//! by `domain::quote`.
use super::contact::{
    Ctx, add_message, check_text, conflict, first_answer, move_thread, place, tell, visible_thread,
};
use super::idempotency;
use super::interactions::{self, Detail};
use crate::api::notifications::NotificationKind;
use crate::api::quotes::{
    AnswerCounterProposal, COUNTER_TEXT_MAX, CounterDecision, CounterProposal, LINE_MAX, NOTES_MAX,
    NewCounterProposal, NewQuote, Quote, QuoteLine,
};
use crate::auth::Viewer;
use crate::db::WriteTxn;
use crate::domain::contact::{InteractionKind, MessageKind, Side, ThreadAction};
use crate::domain::quote::{
    self, CounterAction, CounterStatus, LineInput, QuoteAction, QuoteStatus,
};
use crate::entities::{contact_requests, contact_threads, counter_proposals, quote_lines, quotes};
use crate::error::{ApiError, FieldError};
use crate::reference::vocab;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, sea_query::Expr,
};
use uuid::Uuid;

/// Today in the service's terms (UTC date: a quote valid "until 31 March" is accepted
/// through that day).
fn today(now: DateTime<Utc>) -> NaiveDate {
    now.date_naive()
}

/// Withdraws the thread's open quote and counter-proposals (the thread ended).
pub(crate) async fn withdraw_open(
    txn: &impl ConnectionTrait,
    t: &contact_threads::Model,
) -> Result<(), DbErr> {
    quotes::Entity::update_many()
        .col_expr(quotes::Column::Status, Expr::value(QuoteStatus::Withdrawn))
        .filter(quotes::Column::ThreadId.eq(t.id))
        .filter(quotes::Column::Status.eq(QuoteStatus::Proposed))
        .exec(txn)
        .await?;
    counter_proposals::Entity::update_many()
        .col_expr(
            counter_proposals::Column::Status,
            Expr::value(CounterStatus::Withdrawn),
        )
        .filter(counter_proposals::Column::ThreadId.eq(t.id))
        .filter(counter_proposals::Column::Status.eq(CounterStatus::Open))
        .exec(txn)
        .await?;
    Ok(())
}

/// A thread's quote versions, oldest first, with their lines and counter-proposals.
pub(crate) async fn of_thread(
    db: &impl ConnectionTrait,
    thread: &contact_threads::Model,
    now: DateTime<Utc>,
) -> Result<Vec<Quote>, DbErr> {
    let rows = quotes::Entity::find()
        .filter(quotes::Column::ThreadId.eq(thread.id))
        .order_by_asc(quotes::Column::Version)
        .all(db)
        .await?;
    let lines = quote_lines::Entity::find()
        .filter(quote_lines::Column::QuoteId.is_in(rows.iter().map(|q| q.id)))
        .order_by_asc(quote_lines::Column::Position)
        .all(db)
        .await?;
    let counters = counter_proposals::Entity::find()
        .filter(counter_proposals::Column::ThreadId.eq(thread.id))
        .order_by_asc(counter_proposals::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .iter()
        .map(|q| view(q, thread.public_id, &lines, &counters, now))
        .collect())
}

fn counter_view(c: &counter_proposals::Model, quote: Uuid) -> CounterProposal {
    CounterProposal {
        id: c.public_id,
        quote,
        status: c.status,
        total_cents: c.total_cents,
        start_on: c.start_on,
        schedule: c.schedule.clone(),
        message: c.message.clone(),
        created_at: c.created_at,
        answered_at: c.answered_at,
    }
}

fn view(
    q: &quotes::Model,
    thread: Uuid,
    lines: &[quote_lines::Model],
    counters: &[counter_proposals::Model],
    now: DateTime<Utc>,
) -> Quote {
    Quote {
        id: q.public_id,
        thread,
        version: q.version,
        status: q.status,
        expired: q.valid_until < today(now),
        valid_until: q.valid_until,
        start_on: q.start_on,
        notes: q.notes.clone(),
        vouchers: split_codes(&q.vouchers),
        lines: lines
            .iter()
            .filter(|l| l.quote_id == q.id)
            .map(|l| QuoteLine {
                description: l.description.clone(),
                unit: l.unit,
                quantity_milli: l.quantity_milli,
                unit_price_cents: l.unit_price_cents,
                vat_rate_bp: l.vat_rate_bp,
                amounts: quote::Amounts {
                    gross_cents: l.gross_cents,
                    net_cents: l.net_cents,
                    vat_cents: l.vat_cents,
                },
            })
            .collect(),
        totals: quote::Amounts {
            gross_cents: q.gross_cents,
            net_cents: q.net_cents,
            vat_cents: q.vat_cents,
        },
        hourly_cents: q.hourly_cents,
        created_at: q.created_at,
        counter_proposals: counters
            .iter()
            .filter(|c| c.quote_id == q.id)
            .map(|c| counter_view(c, q.public_id))
            .collect(),
    }
}

pub(crate) fn split_codes(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A line as written, and its numbers for the computation.
struct Line {
    description: String,
    input: LineInput,
}

/// Checks a quote: its lines and totals, its dates, notes and vouchers.
fn check_quote(ctx: &Ctx<'_>, q: &NewQuote) -> Result<(Vec<Line>, quote::Amounts), ApiError> {
    let mut errors = Vec::new();
    let mut lines = Vec::new();
    for (i, l) in q.lines.iter().enumerate() {
        let description = check_text(
            &mut errors,
            &format!("lines[{i}].description"),
            &l.description,
            true,
            LINE_MAX,
        );
        lines.push(Line {
            description,
            input: LineInput {
                unit: l.unit,
                quantity_milli: l.quantity_milli,
                unit_price_cents: l.unit_price_cents,
                vat_rate_bp: l.vat_rate_bp,
            },
        });
    }
    let inputs: Vec<LineInput> = lines.iter().map(|l| l.input).collect();
    let totals = match quote::totals(&inputs) {
        Ok(t) => Some(t),
        Err(e) => {
            errors.push(FieldError::new(e.field(), e.code(), e.message()));
            None
        }
    };
    if q.valid_until < today(ctx.now) {
        errors.push(FieldError::new(
            "valid_until",
            "out_of_range",
            "A quote is valid until today or a later day.",
        ));
    }
    if q.start_on.is_some_and(|d| d < today(ctx.now)) {
        errors.push(FieldError::new(
            "start_on",
            "out_of_range",
            "The start cannot be in the past.",
        ));
    }
    check_text(&mut errors, "notes", &q.notes, false, NOTES_MAX);
    if q.vouchers.len() > 10 {
        errors.push(FieldError::new("vouchers", "out_of_range", "At most 10."));
    }
    for (i, v) in q.vouchers.iter().enumerate() {
        if ctx.reference.term(vocab::VOUCHER_SCHEME, v).is_none() {
            errors.push(FieldError::new(
                format!("vouchers[{i}]"),
                "unknown",
                "A voucher scheme of the catalogue.",
            ));
        }
    }
    match (totals, errors.is_empty()) {
        (Some(t), true) => Ok((lines, t)),
        _ => Err(ApiError::Validation(errors)),
    }
}

/// Terms of a new version.
struct Terms {
    lines: Vec<Line>,
    totals: quote::Amounts,
    valid_until: NaiveDate,
    start_on: Option<NaiveDate>,
    notes: String,
    vouchers: Vec<String>,
}

/// Writes a new version of the thread's quote: the current one is superseded, an open
/// counter-proposal is answered by it (`counter_to` says how), an event and a notice
/// record it.
async fn write_version(
    txn: &WriteTxn,
    t: &contact_threads::Model,
    author: i32,
    terms: Terms,
    counter_to: CounterStatus,
    now: DateTime<Utc>,
) -> Result<quotes::Model, ApiError> {
    let current = quotes::Entity::find()
        .filter(quotes::Column::ThreadId.eq(t.id))
        .order_by_desc(quotes::Column::Version)
        .one(txn)
        .await?;
    if let Some(c) = current
        .as_ref()
        .filter(|c| c.status == QuoteStatus::Proposed)
    {
        let to = c.status.apply(QuoteAction::Revise).map_err(conflict)?;
        let moved = quotes::Entity::update_many()
            .col_expr(quotes::Column::Status, Expr::value(to))
            .filter(quotes::Column::Id.eq(c.id))
            .filter(quotes::Column::Status.eq(QuoteStatus::Proposed))
            .exec(txn)
            .await?
            .rows_affected;
        if moved == 0 {
            return Err(ApiError::Conflict(
                "The quote changed meanwhile: reload the thread.",
            ));
        }
    }
    let inputs: Vec<LineInput> = terms.lines.iter().map(|l| l.input).collect();
    let q = quotes::ActiveModel {
        public_id: Set(Uuid::now_v7()),
        thread_id: Set(t.id),
        version: Set(current.as_ref().map_or(1, |c| c.version + 1)),
        status: Set(QuoteStatus::Proposed),
        valid_until: Set(terms.valid_until),
        start_on: Set(terms.start_on),
        notes: Set(terms.notes),
        vouchers: Set(terms.vouchers.join(",")),
        gross_cents: Set(terms.totals.gross_cents),
        net_cents: Set(terms.totals.net_cents),
        vat_cents: Set(terms.totals.vat_cents),
        hourly_cents: Set(quote::hourly_cents(&inputs)),
        created_by: Set(Some(author)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    quote_lines::Entity::insert_many(terms.lines.iter().enumerate().map(|(i, l)| {
        let a = quote::line_amounts(&l.input);
        quote_lines::ActiveModel {
            quote_id: Set(q.id),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            description: Set(l.description.clone()),
            unit: Set(l.input.unit),
            quantity_milli: Set(l.input.quantity_milli),
            unit_price_cents: Set(l.input.unit_price_cents),
            vat_rate_bp: Set(l.input.vat_rate_bp),
            gross_cents: Set(a.gross_cents),
            net_cents: Set(a.net_cents),
            vat_cents: Set(a.vat_cents),
        }
    }))
    .exec(txn)
    .await?;
    counter_proposals::Entity::update_many()
        .col_expr(counter_proposals::Column::Status, Expr::value(counter_to))
        .col_expr(counter_proposals::Column::AnsweredAt, Expr::value(now))
        .col_expr(counter_proposals::Column::AnswerQuoteId, Expr::value(q.id))
        .filter(counter_proposals::Column::ThreadId.eq(t.id))
        .filter(counter_proposals::Column::Status.eq(CounterStatus::Open))
        .exec(txn)
        .await?;
    add_message(
        txn,
        t,
        Side::Platform,
        MessageKind::Notice,
        None,
        if q.version == 1 {
            "quote_sent".into()
        } else {
            "quote_revised".into()
        },
        now,
    )
    .await?;
    Ok(q)
}

async fn quote_out(
    db: &impl ConnectionTrait,
    t: &contact_threads::Model,
    q: &quotes::Model,
    now: DateTime<Utc>,
) -> Result<Quote, ApiError> {
    of_thread(db, t, now)
        .await?
        .into_iter()
        .find(|x| x.id == q.public_id)
        .ok_or(ApiError::NotFound("quote"))
}

/// The provider quotes in a thread, or revises its quote (a new version).
pub async fn create(
    ctx: &Ctx<'_>,
    viewer: &Viewer,
    thread: Uuid,
    body: NewQuote,
    key: Option<&idempotency::Key>,
) -> Result<idempotency::Outcome<Quote>, ApiError> {
    let (t, r, side) = visible_thread(ctx.db, viewer, thread).await?;
    if side != Side::Provider {
        return Err(ApiError::Forbidden("Only the provider sends quotes."));
    }
    if !t.status.is_live() {
        return Err(ApiError::Conflict(
            "This thread has ended or its quote was accepted: it takes no new quotes.",
        ));
    }
    let (lines, totals) = check_quote(ctx, &body)?;
    let now = ctx.now;
    idempotency::once(ctx.db, key, 201, now, async |txn: &WriteTxn| {
        let to = move_thread(txn, &t, ThreadAction::ProviderAnswers, |q| q).await?;
        if !to.is_live() {
            return Err(ApiError::Conflict(
                "This thread's quote was accepted meanwhile: it takes no new quotes.",
            ));
        }
        let at = place(txn, &t, &r).await?;
        first_answer(txn, &t, &at, now).await?;
        let q = write_version(
            txn,
            &t,
            viewer.user.id,
            Terms {
                lines,
                totals,
                valid_until: body.valid_until,
                start_on: body.start_on,
                notes: body.notes.trim().to_owned(),
                vouchers: body.vouchers.clone(),
            },
            CounterStatus::Revised,
            now,
        )
        .await?;
        let kind = if q.version == 1 {
            InteractionKind::QuoteSent
        } else {
            InteractionKind::QuoteRevised
        };
        interactions::record(txn, kind, &at, Detail::side(Side::Provider), now).await?;
        tell(
            txn,
            (ctx.public_url, now),
            &t,
            &r,
            Side::Family,
            NotificationKind::QuoteReceived,
        )
        .await?;
        quote_out(txn, &t, &q, now).await
    })
    .await
}

/// A quote and its thread, for someone who sees the thread.
pub(crate) async fn visible_quote(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> Result<
    (
        quotes::Model,
        contact_threads::Model,
        contact_requests::Model,
        Side,
    ),
    ApiError,
> {
    let q = quotes::Entity::find()
        .filter(quotes::Column::PublicId.eq(id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("quote"))?;
    let t = contact_threads::Entity::find_by_id(q.thread_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("quote"))?;
    let (t, r, side) = visible_thread(db, viewer, t.public_id)
        .await
        .map_err(|_| ApiError::NotFound("quote"))?;
    Ok((q, t, r, side))
}

/// The family counter-proposes on the thread's current quote.
pub async fn counter(
    ctx: &Ctx<'_>,
    viewer: &Viewer,
    quote_id: Uuid,
    body: NewCounterProposal,
    key: Option<&idempotency::Key>,
) -> Result<idempotency::Outcome<CounterProposal>, ApiError> {
    let (q, t, r, side) = visible_quote(ctx.db, viewer, quote_id).await?;
    if side != Side::Family {
        return Err(ApiError::Forbidden(
            "Only the family counter-proposes; the provider revises the quote.",
        ));
    }
    let mut errors = Vec::new();
    let schedule = check_text(
        &mut errors,
        "schedule",
        &body.schedule,
        false,
        COUNTER_TEXT_MAX,
    );
    let message = check_text(
        &mut errors,
        "message",
        &body.message,
        false,
        COUNTER_TEXT_MAX,
    );
    if body
        .total_cents
        .is_some_and(|c| !(1..=quote::MAX_TOTAL_CENTS).contains(&c))
    {
        errors.push(FieldError::new(
            "total_cents",
            "out_of_range",
            "A total from 1 cent to 1,000,000 euros.",
        ));
    }
    if body.start_on.is_some_and(|d| d < today(ctx.now)) {
        errors.push(FieldError::new(
            "start_on",
            "out_of_range",
            "The start cannot be in the past.",
        ));
    }
    if body.total_cents.is_none() && body.start_on.is_none() && schedule.is_empty() {
        errors.push(FieldError::new(
            "total_cents",
            "required",
            "Propose a total, a start date or a schedule.",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    quote::check_acceptable(q.status, q.valid_until, today(ctx.now)).map_err(conflict)?;
    if !t.status.is_live() {
        return Err(ApiError::Conflict("This thread has ended."));
    }
    let now = ctx.now;
    idempotency::once(ctx.db, key, 201, now, async |txn: &WriteTxn| {
        // One open counter-proposal per quote: the provider answers it first.
        let open = counter_proposals::Entity::find()
            .filter(counter_proposals::Column::QuoteId.eq(q.id))
            .filter(counter_proposals::Column::Status.eq(CounterStatus::Open))
            .one(txn)
            .await?;
        if open.is_some() {
            return Err(ApiError::Conflict(
                "Your counter-proposal to this quote is waiting for the provider's answer.",
            ));
        }
        // The quote must still be the current one when the proposal is written.
        let still = quotes::Entity::update_many()
            .col_expr(quotes::Column::Status, Expr::value(QuoteStatus::Proposed))
            .filter(quotes::Column::Id.eq(q.id))
            .filter(quotes::Column::Status.eq(QuoteStatus::Proposed))
            .exec(txn)
            .await?
            .rows_affected;
        if still == 0 {
            return Err(ApiError::Conflict("A newer version of this quote exists."));
        }
        let c = counter_proposals::ActiveModel {
            public_id: Set(Uuid::now_v7()),
            quote_id: Set(q.id),
            thread_id: Set(t.id),
            total_cents: Set(body.total_cents),
            start_on: Set(body.start_on),
            schedule: Set(schedule.clone()),
            message: Set(message.clone()),
            status: Set(CounterStatus::Open),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        add_message(
            txn,
            &t,
            Side::Platform,
            MessageKind::Notice,
            None,
            "counter_proposed".into(),
            now,
        )
        .await?;
        let at = place(txn, &t, &r).await?;
        interactions::record(
            txn,
            InteractionKind::CounterProposed,
            &at,
            Detail::side(Side::Family),
            now,
        )
        .await?;
        tell(
            txn,
            (ctx.public_url, now),
            &t,
            &r,
            Side::Provider,
            NotificationKind::CounterProposed,
        )
        .await?;
        Ok(counter_view(&c, q.public_id))
    })
    .await
}

/// The provider accepts a counter-proposal (a new version with its total and start) or
/// declines it (the quote stands).
pub async fn answer_counter(
    ctx: &Ctx<'_>,
    viewer: &Viewer,
    id: Uuid,
    body: AnswerCounterProposal,
) -> Result<Quote, ApiError> {
    let c = counter_proposals::Entity::find()
        .filter(counter_proposals::Column::PublicId.eq(id))
        .one(ctx.db)
        .await?
        .ok_or(ApiError::NotFound("counter_proposal"))?;
    let t = contact_threads::Entity::find_by_id(c.thread_id)
        .one(ctx.db)
        .await?
        .ok_or(ApiError::NotFound("counter_proposal"))?;
    let (t, r, side) = visible_thread(ctx.db, viewer, t.public_id)
        .await
        .map_err(|_| ApiError::NotFound("counter_proposal"))?;
    if side != Side::Provider {
        return Err(ApiError::Forbidden(
            "Only the provider answers a counter-proposal.",
        ));
    }
    let action = match body.decision {
        CounterDecision::Accept => CounterAction::Accept,
        CounterDecision::Decline => CounterAction::Decline,
    };
    let to = c.status.apply(action).map_err(conflict)?;
    let q = quotes::Entity::find_by_id(c.quote_id)
        .one(ctx.db)
        .await?
        .ok_or(ApiError::NotFound("counter_proposal"))?;
    let now = ctx.now;
    let txn = ctx.db.write().await?;
    let at = place(&txn, &t, &r).await?;
    let result = match body.decision {
        CounterDecision::Decline => {
            let moved = counter_proposals::Entity::update_many()
                .col_expr(counter_proposals::Column::Status, Expr::value(to))
                .col_expr(counter_proposals::Column::AnsweredAt, Expr::value(now))
                .filter(counter_proposals::Column::Id.eq(c.id))
                .filter(counter_proposals::Column::Status.eq(CounterStatus::Open))
                .exec(&txn)
                .await?
                .rows_affected;
            if moved == 0 {
                return Err(ApiError::Conflict(
                    "This counter-proposal was already answered.",
                ));
            }
            add_message(
                &txn,
                &t,
                Side::Platform,
                MessageKind::Notice,
                None,
                "counter_declined".into(),
                now,
            )
            .await?;
            interactions::record(
                &txn,
                InteractionKind::CounterDeclined,
                &at,
                Detail::side(Side::Provider),
                now,
            )
            .await?;
            q
        }
        CounterDecision::Accept => {
            let lines = quote_lines::Entity::find()
                .filter(quote_lines::Column::QuoteId.eq(q.id))
                .order_by_asc(quote_lines::Column::Position)
                .all(&txn)
                .await?;
            let mut new_lines: Vec<Line> = lines
                .iter()
                .map(|l| Line {
                    description: l.description.clone(),
                    input: LineInput {
                        unit: l.unit,
                        quantity_milli: l.quantity_milli,
                        unit_price_cents: l.unit_price_cents,
                        vat_rate_bp: l.vat_rate_bp,
                    },
                })
                .collect();
            if let Some(target) = c.total_cents.filter(|t| *t != q.gross_cents) {
                let inputs: Vec<LineInput> = new_lines.iter().map(|l| l.input).collect();
                let adjust = quote::adjust_to(&inputs, target).map_err(|e| {
                    ApiError::Conflict(if e == quote::QuoteError::TooManyLines {
                        "The quote has too many lines to add the agreed adjustment: send a revised quote."
                    } else {
                        "The proposed total cannot be reached by an adjustment: send a revised quote."
                    })
                })?;
                new_lines.push(Line {
                    description: "Adeguamento concordato / Agreed adjustment".into(),
                    input: adjust,
                });
            }
            let inputs: Vec<LineInput> = new_lines.iter().map(|l| l.input).collect();
            let totals = quote::totals(&inputs).map_err(|_| {
                ApiError::Conflict(
                    "The proposed total cannot be reached by an adjustment: send a revised quote.",
                )
            })?;
            let notes = if c.schedule.is_empty() {
                q.notes.clone()
            } else if q.notes.is_empty() {
                c.schedule.clone()
            } else {
                format!("{}\n\n{}", q.notes, c.schedule)
            };
            let q = write_version(
                &txn,
                &t,
                viewer.user.id,
                Terms {
                    lines: new_lines,
                    totals,
                    valid_until: q.valid_until.max(today(now)),
                    start_on: c.start_on.or(q.start_on),
                    notes: notes.chars().take(NOTES_MAX).collect(),
                    vouchers: split_codes(&q.vouchers),
                },
                CounterStatus::Accepted,
                now,
            )
            .await?;
            interactions::record(
                &txn,
                InteractionKind::CounterAccepted,
                &at,
                Detail::side(Side::Provider),
                now,
            )
            .await?;
            q
        }
    };
    tell(
        &txn,
        (ctx.public_url, now),
        &t,
        &r,
        Side::Family,
        NotificationKind::QuoteReceived,
    )
    .await?;
    txn.commit().await?;
    quote_out(ctx.db, &t, &result, now).await
}
