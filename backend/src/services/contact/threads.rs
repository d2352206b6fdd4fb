//! Changing a thread: messages, declines, closing, withdrawing a request.
use super::*;

/// Applies `action` to the thread as it is now (read again in the transaction) and
/// stores the new status with whatever `more` sets, as a conditional update: when
/// another writer moved the thread in between, the action is tried again on the new
/// status (PostgreSQL holds the row from the update until the transaction ends; SQLite's
/// writes take turns). Forbidden for the current status: 409.
pub(crate) async fn move_thread(
    txn: &WriteTxn,
    t: &contact_threads::Model,
    action: ThreadAction,
    more: impl Fn(
        sea_orm::UpdateMany<contact_threads::Entity>,
    ) -> sea_orm::UpdateMany<contact_threads::Entity>,
) -> Result<ThreadStatus, ApiError> {
    for _ in 0..5 {
        let now = contact_threads::Entity::find_by_id(t.id)
            .one(txn)
            .await?
            .ok_or(ApiError::NotFound("thread"))?;
        let to = now.status.apply(action).map_err(conflict)?;
        let q = contact_threads::Entity::update_many()
            .col_expr(contact_threads::Column::Status, Expr::value(to))
            .filter(contact_threads::Column::Id.eq(t.id))
            .filter(contact_threads::Column::Status.eq(now.status));
        if more(q).exec(txn).await?.rows_affected == 1 {
            return Ok(to);
        }
    }
    Err(ApiError::Conflict(
        "The thread keeps changing: reload it and try again.",
    ))
}

/// Records the provider's first answer in a thread, once (whoever answers first).
pub(crate) async fn first_answer(
    txn: &WriteTxn,
    t: &contact_threads::Model,
    at: &Place,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let first = contact_threads::Entity::update_many()
        .col_expr(contact_threads::Column::FirstAnswerAt, Expr::value(now))
        .filter(contact_threads::Column::Id.eq(t.id))
        .filter(contact_threads::Column::FirstAnswerAt.is_null())
        .exec(txn)
        .await?
        .rows_affected
        > 0;
    if first {
        interactions::record(
            txn,
            InteractionKind::FirstAnswer,
            at,
            Detail {
                elapsed_secs: Some((now - t.created_at).num_seconds()),
                in_time: Some(now <= t.deadline_at),
                side: Some(Side::Provider),
                reason: None,
            },
            now,
        )
        .await?;
    }
    Ok(())
}

/// Adds a message (a notice or a person's) and moves the thread's "last message".
pub(crate) async fn add_message(
    txn: &WriteTxn,
    t: &contact_threads::Model,
    side: Side,
    kind: MessageKind,
    author: Option<i32>,
    body: String,
    now: DateTime<Utc>,
) -> Result<thread_messages::Model, DbErr> {
    let m = thread_messages::ActiveModel {
        public_id: Set(Uuid::now_v7()),
        thread_id: Set(t.id),
        side: Set(side),
        kind: Set(kind),
        author_id: Set(author),
        body: Set(body),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let read = match side {
        Side::Provider => Some(contact_threads::Column::ProviderReadAt),
        Side::Family => Some(contact_threads::Column::FamilyReadAt),
        Side::Platform => None,
    };
    let mut q = contact_threads::Entity::update_many()
        .col_expr(contact_threads::Column::LastMessageAt, Expr::value(now))
        .col_expr(contact_threads::Column::LastSide, Expr::value(side))
        .filter(contact_threads::Column::Id.eq(t.id));
    if let Some(c) = read {
        q = q.col_expr(c, Expr::value(now));
    }
    q.exec(txn).await?;
    Ok(m)
}

/// Tells the other side of a thread: the family (titled with the organisation's
/// name) or the organisation's staff (titled with the card's title).
pub(crate) async fn tell(
    txn: &WriteTxn,
    (public_url, now): (&str, DateTime<Utc>),
    t: &contact_threads::Model,
    r: &contact_requests::Model,
    to: Side,
    kind: NotificationKind,
) -> Result<(), ApiError> {
    let (people, title) = match to {
        Side::Family => {
            let org = organisations::Entity::find_by_id(t.organisation_id)
                .one(txn)
                .await?
                .map(|o| o.legal_name)
                .unwrap_or_default();
            (r.citizen_id.into_iter().collect::<Vec<_>>(), org)
        }
        _ => {
            let card = service_cards::Entity::find_by_id(t.card_id)
                .one(txn)
                .await?
                .map(|c| c.title)
                .unwrap_or_default();
            (staff_of(txn, t.organisation_id).await?, card)
        }
    };
    notifications::event(
        txn,
        &people,
        kind,
        ("thread", t.public_id),
        &title,
        public_url,
        now,
    )
    .await?;
    Ok(())
}

/// Posts a message in a thread (either side).
pub async fn post_message(
    ctx: &Ctx<'_>,
    viewer: &Viewer,
    id: Uuid,
    m: NewMessage,
    key: Option<&idempotency::Key>,
) -> Result<idempotency::Outcome<Message>, ApiError> {
    let (t, r, side) = visible_thread(ctx.db, viewer, id).await?;
    let mut errors = Vec::new();
    let body = check_text(&mut errors, "body", &m.body, true, MESSAGE_MAX);
    let kind = m.kind.unwrap_or(MessageKind::Message);
    match kind {
        MessageKind::Message => {}
        MessageKind::InfoRequest if side == Side::Provider => {}
        _ => errors.push(FieldError::new(
            "kind",
            "invalid",
            "Families send messages; providers send messages or questions.",
        )),
    }
    if m.attachments.len() > ATTACHMENTS_MAX {
        errors.push(FieldError::new(
            "attachments",
            "out_of_range",
            format!("At most {ATTACHMENTS_MAX} files a message."),
        ));
    }
    let files = message_attachments::Entity::find()
        .filter(message_attachments::Column::PublicId.is_in(m.attachments.clone()))
        .filter(message_attachments::Column::ThreadId.eq(t.id))
        .filter(message_attachments::Column::UploaderId.eq(viewer.user.id))
        .filter(message_attachments::Column::MessageId.is_null())
        .all(ctx.db)
        .await?;
    for (i, a) in m.attachments.iter().enumerate() {
        if !files.iter().any(|f| f.public_id == *a) {
            errors.push(FieldError::new(
                format!("attachments[{i}]"),
                "not_found",
                "Upload the file to this thread first (each file is sent once).",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let action = match side {
        Side::Provider => ThreadAction::ProviderAnswers,
        _ => ThreadAction::FamilyWrites,
    };
    t.status.apply(action).map_err(conflict)?;
    let now = ctx.now;
    idempotency::once(ctx.db, key, 201, now, async |txn: &WriteTxn| {
        move_thread(txn, &t, action, |q| q).await?;
        let at = place(txn, &t, &r).await?;
        if side == Side::Provider {
            first_answer(txn, &t, &at, now).await?;
        }
        let msg = add_message(txn, &t, side, kind, Some(viewer.user.id), body.clone(), now).await?;
        let linked = message_attachments::Entity::update_many()
            .col_expr(message_attachments::Column::MessageId, Expr::value(msg.id))
            .filter(message_attachments::Column::Id.is_in(files.iter().map(|f| f.id)))
            .filter(message_attachments::Column::MessageId.is_null())
            .exec(txn)
            .await?
            .rows_affected;
        if linked != files.len() as u64 {
            return Err(ApiError::Conflict(
                "A file was sent with another message meanwhile: upload it again.",
            ));
        }
        interactions::record(txn, InteractionKind::Message, &at, Detail::side(side), now).await?;
        let other = if side == Side::Provider {
            Side::Family
        } else {
            Side::Provider
        };
        tell(
            txn,
            (ctx.public_url, now),
            &t,
            &r,
            other,
            NotificationKind::ThreadMessage,
        )
        .await?;
        Ok(Message {
            id: msg.public_id,
            side,
            kind,
            body: msg.body,
            author: Some(viewer.user.display_name.clone()),
            attachments: files.iter().map(attachment_view).collect(),
            created_at: now,
        })
    })
    .await
}

/// Ends the request when none of its threads is live any more.
pub(crate) async fn settle_request(
    txn: &WriteTxn,
    r: &contact_requests::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let statuses: Vec<ThreadStatus> = contact_threads::Entity::find()
        .select_only()
        .column(contact_threads::Column::Status)
        .filter(contact_threads::Column::RequestId.eq(r.id))
        .into_tuple()
        .all(txn)
        .await?;
    let current = contact_requests::Entity::find_by_id(r.id)
        .one(txn)
        .await?
        .map(|r| r.status)
        .unwrap_or(r.status);
    let to = current.settle(&statuses);
    if to != current {
        contact_requests::Entity::update_many()
            .col_expr(contact_requests::Column::Status, Expr::value(to))
            .col_expr(contact_requests::Column::UpdatedAt, Expr::value(now))
            .filter(contact_requests::Column::Id.eq(r.id))
            .filter(contact_requests::Column::Status.eq(current))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// The provider declines, with a reason from the list.
pub async fn decline(
    ctx: &Ctx<'_>,
    viewer: &Viewer,
    id: Uuid,
    d: Decline,
) -> Result<Thread, ApiError> {
    let (t, r, side) = visible_thread(ctx.db, viewer, id).await?;
    if side != Side::Provider {
        return Err(ApiError::Forbidden("Only the provider declines a request."));
    }
    let mut errors = Vec::new();
    let details = check_text(
        &mut errors,
        "details",
        &d.details,
        d.reason.needs_details(),
        REASON_MAX,
    );
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    t.status.apply(ThreadAction::Decline).map_err(conflict)?;
    let now = ctx.now;
    let txn = ctx.db.write().await?;
    move_thread(&txn, &t, ThreadAction::Decline, |q| {
        q.col_expr(
            contact_threads::Column::DeclineReason,
            Expr::value(d.reason),
        )
        .col_expr(
            contact_threads::Column::DeclineDetails,
            Expr::value((!details.is_empty()).then(|| details.clone())),
        )
        .col_expr(contact_threads::Column::EndedAt, Expr::value(now))
    })
    .await?;
    let at = place(&txn, &t, &r).await?;
    first_answer(&txn, &t, &at, now).await?;
    crate::services::quotes::withdraw_open(&txn, &t).await?;
    add_message(
        &txn,
        &t,
        Side::Platform,
        MessageKind::Notice,
        None,
        "thread_declined".into(),
        now,
    )
    .await?;
    interactions::record(
        &txn,
        InteractionKind::ThreadDeclined,
        &at,
        Detail::reason(d.reason.to_value(), Side::Provider),
        now,
    )
    .await?;
    tell(
        &txn,
        (ctx.public_url, ctx.now),
        &t,
        &r,
        Side::Family,
        NotificationKind::ThreadDeclined,
    )
    .await?;
    settle_request(&txn, &r, now).await?;
    txn.commit().await?;
    reload(ctx, &t, &r, side).await
}

pub(super) async fn reload(
    ctx: &Ctx<'_>,
    t: &contact_threads::Model,
    r: &contact_requests::Model,
    side: Side,
) -> Result<Thread, ApiError> {
    let t = contact_threads::Entity::find_by_id(t.id)
        .one(ctx.db)
        .await?
        .ok_or(ApiError::NotFound("thread"))?;
    let r = contact_requests::Entity::find_by_id(r.id)
        .one(ctx.db)
        .await?
        .ok_or(ApiError::NotFound("thread"))?;
    thread_view(ctx.db, ctx.reference, &t, &r, side, ctx.now).await
}

/// Closes a live thread for `reason`, with a notice, an event and the open quotes
/// withdrawn (no notification: the caller decides who hears).
pub(crate) async fn close_thread(
    txn: &WriteTxn,
    t: &contact_threads::Model,
    r: &contact_requests::Model,
    reason: CloseReason,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    move_thread(txn, t, ThreadAction::Close, |q| {
        q.col_expr(contact_threads::Column::CloseReason, Expr::value(reason))
            .col_expr(contact_threads::Column::EndedAt, Expr::value(now))
    })
    .await?;
    crate::services::quotes::withdraw_open(txn, t).await?;
    add_message(
        txn,
        t,
        Side::Platform,
        MessageKind::Notice,
        None,
        format!("thread_closed_{}", reason.to_value()),
        now,
    )
    .await?;
    let at = place(txn, t, r).await?;
    interactions::record(
        txn,
        InteractionKind::ThreadClosed,
        &at,
        Detail::reason(reason.to_value(), Side::Family),
        now,
    )
    .await?;
    Ok(())
}

/// The family closes one thread (the others go on).
pub async fn close(ctx: &Ctx<'_>, viewer: &Viewer, id: Uuid) -> Result<Thread, ApiError> {
    let (t, r, side) = visible_thread(ctx.db, viewer, id).await?;
    if side != Side::Family {
        return Err(ApiError::Forbidden(
            "Only the family closes a thread; the provider declines it.",
        ));
    }
    t.status.apply(ThreadAction::Close).map_err(conflict)?;
    let txn = ctx.db.write().await?;
    close_thread(&txn, &t, &r, CloseReason::ByFamily, ctx.now).await?;
    tell(
        &txn,
        (ctx.public_url, ctx.now),
        &t,
        &r,
        Side::Provider,
        NotificationKind::ThreadClosed,
    )
    .await?;
    settle_request(&txn, &r, ctx.now).await?;
    txn.commit().await?;
    reload(ctx, &t, &r, side).await
}

/// The family withdraws a request: every live thread closes, the providers are told.
pub async fn withdraw(ctx: &Ctx<'_>, viewer: &Viewer, id: Uuid) -> Result<Request, ApiError> {
    let r = own_request(ctx.db, viewer, id).await?;
    let to = r.status.withdraw().map_err(conflict)?;
    let now = ctx.now;
    let txn = ctx.db.write().await?;
    let moved = contact_requests::Entity::update_many()
        .col_expr(contact_requests::Column::Status, Expr::value(to))
        .col_expr(contact_requests::Column::UpdatedAt, Expr::value(now))
        .filter(contact_requests::Column::Id.eq(r.id))
        .filter(contact_requests::Column::Status.eq(r.status))
        .exec(&txn)
        .await?
        .rows_affected;
    if moved == 0 {
        return Err(ApiError::Conflict(
            "The request changed meanwhile: reload it and try again.",
        ));
    }
    let threads = contact_threads::Entity::find()
        .filter(contact_threads::Column::RequestId.eq(r.id))
        .all(&txn)
        .await?;
    let mut first = true;
    for t in threads.iter().filter(|t| t.status.is_live()) {
        close_thread(&txn, t, &r, CloseReason::RequestWithdrawn, now).await?;
        if first {
            let at = place(&txn, t, &r).await?;
            interactions::record(
                &txn,
                InteractionKind::RequestWithdrawn,
                &at,
                Detail::side(Side::Family),
                now,
            )
            .await?;
            first = false;
        }
        tell(
            &txn,
            (ctx.public_url, ctx.now),
            t,
            &r,
            Side::Provider,
            NotificationKind::ThreadClosed,
        )
        .await?;
    }
    txn.commit().await?;
    let r = own_request(ctx.db, viewer, id).await?;
    request_view(ctx.db, ctx.reference, &r, Side::Family, now).await
}
