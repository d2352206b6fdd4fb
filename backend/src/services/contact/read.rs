//! Reading requests and threads: summaries built in a few queries, whatever the count.
use super::*;

/// Builds the summaries of `threads` for the viewer's `side`, loading what they name in
/// a few queries (not one per thread).
pub(crate) async fn summaries(
    db: &impl ConnectionTrait,
    reference: &Reference,
    threads: &[contact_threads::Model],
    side: Side,
    now: DateTime<Utc>,
) -> Result<Vec<ThreadSummary>, ApiError> {
    let thread_ids: Vec<i32> = threads.iter().map(|t| t.id).collect();
    let request_ids: Vec<i32> = threads.iter().map(|t| t.request_id).collect();
    let org_ids: Vec<i32> = threads.iter().map(|t| t.organisation_id).collect();
    let requests: HashMap<i32, contact_requests::Model> = contact_requests::Entity::find()
        .filter(contact_requests::Column::Id.is_in(request_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let orgs: HashMap<i32, organisations::Model> = organisations::Entity::find()
        .filter(organisations::Column::Id.is_in(org_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let links = contact_thread_cards::Entity::find()
        .filter(contact_thread_cards::Column::ThreadId.is_in(thread_ids.clone()))
        .all(db)
        .await?;
    let cards: HashMap<i32, (Uuid, String)> = service_cards::Entity::find()
        .select_only()
        .column(service_cards::Column::Id)
        .column(service_cards::Column::PublicId)
        .column(service_cards::Column::Title)
        .filter(service_cards::Column::Id.is_in(links.iter().map(|l| l.card_id)))
        .into_tuple::<(i32, Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, p, t)| (id, (p, t)))
        .collect();
    let last_ids = Query::select()
        .expr(Func::max(Expr::col(thread_messages::Column::Id)))
        .from(thread_messages::Entity)
        .and_where(Expr::col(thread_messages::Column::ThreadId).is_in(thread_ids))
        .group_by_col(thread_messages::Column::ThreadId)
        .take();
    let last: HashMap<i32, thread_messages::Model> = thread_messages::Entity::find()
        .filter(Expr::col(thread_messages::Column::Id).in_subquery(last_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.thread_id, m))
        .collect();
    let latest = Query::select()
        .expr(Func::max(Expr::col(quotes::Column::Id)))
        .from(quotes::Entity)
        .and_where(Expr::col(quotes::Column::ThreadId).is_in(threads.iter().map(|t| t.id)))
        .group_by_col(quotes::Column::ThreadId)
        .take();
    let quotes: HashMap<i32, quotes::Model> = quotes::Entity::find()
        .filter(Expr::col(quotes::Column::Id).in_subquery(latest))
        .all(db)
        .await?
        .into_iter()
        .map(|q| (q.thread_id, q))
        .collect();
    let orders: HashMap<i32, Uuid> = orders::Entity::find()
        .select_only()
        .column(orders::Column::ThreadId)
        .column(orders::Column::PublicId)
        .filter(orders::Column::ThreadId.is_in(threads.iter().map(|t| t.id)))
        .into_tuple::<(i32, Uuid)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut out = Vec::with_capacity(threads.len());
    for t in threads {
        let (Some(r), Some(o)) = (requests.get(&t.request_id), orgs.get(&t.organisation_id)) else {
            continue;
        };
        // The thread's first card leads, then the others in the family's order.
        let mut ids: Vec<i32> = links
            .iter()
            .filter(|l| l.thread_id == t.id)
            .map(|l| l.card_id)
            .collect();
        ids.sort_by_key(|id| *id != t.card_id);
        let thread_cards: Vec<CardBrief> = ids
            .iter()
            .filter_map(|id| cards.get(id))
            .map(|(p, title)| CardBrief {
                id: *p,
                title: title.clone(),
            })
            .collect();
        let read_at = match side {
            Side::Provider => t.provider_read_at,
            _ => t.family_read_at,
        };
        out.push(ThreadSummary {
            id: t.public_id,
            request: r.public_id,
            status: t.status,
            organisation: OrganisationRef {
                id: o.public_id,
                legal_name: o.legal_name.clone(),
            },
            cards: thread_cards,
            need: need(reference, r),
            deadline_at: t.deadline_at,
            due_soon: t.status == ThreadStatus::AwaitingAnswer
                && now >= deadline::reminder_at(t.created_at, t.deadline_at),
            first_answer_at: t.first_answer_at,
            last_message: last.get(&t.id).map(|m| MessagePreview {
                side: m.side,
                kind: m.kind,
                excerpt: m.body.chars().take(140).collect(),
                at: m.created_at,
            }),
            quote: quotes.get(&t.id).map(|q| QuoteSummary {
                id: q.public_id,
                version: q.version,
                status: q.status,
                expired: q.valid_until < now.date_naive(),
                gross_cents: q.gross_cents,
                vat_cents: q.vat_cents,
                hourly_cents: q.hourly_cents,
                start_on: q.start_on,
                valid_until: q.valid_until,
                vouchers: crate::services::quotes::split_codes(&q.vouchers),
            }),
            order: orders.get(&t.id).copied(),
            unread: t.last_side != side && read_at.is_none_or(|r| r < t.last_message_at),
            close_reason: t.close_reason,
            decline_reason: t.decline_reason,
            created_at: t.created_at,
        });
    }
    Ok(out)
}

pub(crate) fn need(reference: &Reference, r: &contact_requests::Model) -> Need {
    Need {
        age_band: r.age_band,
        zone: r
            .zone_id
            .and_then(|z| reference.zone_by_id(z))
            .map(|z| ZoneRef {
                code: z.code.clone(),
                name: z.name.clone(),
                kind: z.kind,
            }),
        start_on: r.start_on,
        frequency: r.frequency,
        hours_per_week: r.hours_per_week,
        budget_cents: r.budget_cents,
        budget_per: r.budget_per,
        language: r.language.clone(),
        shared: r.group_id.is_some(),
    }
}

pub(super) async fn request_view(
    db: &impl ConnectionTrait,
    reference: &Reference,
    r: &contact_requests::Model,
    side: Side,
    now: DateTime<Utc>,
) -> Result<Request, ApiError> {
    let threads = contact_threads::Entity::find()
        .filter(contact_threads::Column::RequestId.eq(r.id))
        .order_by_asc(contact_threads::Column::Id)
        .all(db)
        .await?;
    Ok(Request {
        id: r.public_id,
        status: r.status,
        message: r.message.clone(),
        need: need(reference, r),
        created_at: r.created_at,
        threads: summaries(db, reference, &threads, side, now).await?,
    })
}

/// The viewer's own request (another person's is not found).
pub(super) async fn own_request(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> Result<contact_requests::Model, ApiError> {
    contact_requests::Entity::find()
        .filter(contact_requests::Column::PublicId.eq(id))
        .filter(contact_requests::Column::CitizenId.eq(viewer.user.id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("request"))
}

/// The family's requests, newest first, each with its threads.
pub async fn list_requests(
    ctx: &Ctx<'_>,
    viewer: &Viewer,
    q: PageQuery,
) -> Result<RequestList, ApiError> {
    let (page, per_page) = page_of(q.page, q.per_page);
    let find = contact_requests::Entity::find()
        .filter(contact_requests::Column::CitizenId.eq(viewer.user.id));
    let total = find.clone().count(ctx.db).await?;
    let rows = find
        .order_by_desc(contact_requests::Column::CreatedAt)
        .order_by_desc(contact_requests::Column::Id)
        .offset(u64::from((page - 1) * per_page))
        .limit(u64::from(per_page))
        .all(ctx.db)
        .await?;
    let threads = contact_threads::Entity::find()
        .filter(contact_threads::Column::RequestId.is_in(rows.iter().map(|r| r.id)))
        .order_by_asc(contact_threads::Column::Id)
        .all(ctx.db)
        .await?;
    let mut sums = summaries(ctx.db, ctx.reference, &threads, Side::Family, ctx.now).await?;
    let items = rows
        .iter()
        .map(|r| Request {
            id: r.public_id,
            status: r.status,
            message: r.message.clone(),
            need: need(ctx.reference, r),
            created_at: r.created_at,
            threads: {
                let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut sums)
                    .into_iter()
                    .partition(|s| s.request == r.public_id);
                sums = rest;
                mine
            },
        })
        .collect();
    Ok(RequestList {
        items,
        total,
        page,
        per_page,
    })
}

pub async fn get_request(ctx: &Ctx<'_>, viewer: &Viewer, id: Uuid) -> Result<Request, ApiError> {
    let r = own_request(ctx.db, viewer, id).await?;
    request_view(ctx.db, ctx.reference, &r, Side::Family, ctx.now).await
}

/// A thread and the viewer's side in it; not found for anyone else.
pub(crate) async fn visible_thread(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> Result<(contact_threads::Model, contact_requests::Model, Side), ApiError> {
    let t = contact_threads::Entity::find()
        .filter(contact_threads::Column::PublicId.eq(id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("thread"))?;
    let r = contact_requests::Entity::find_by_id(t.request_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("thread"))?;
    let side = if r.citizen_id == Some(viewer.user.id) {
        Side::Family
    } else if policy::can_write_cards_of(viewer, t.organisation_id) {
        Side::Provider
    } else {
        return Err(ApiError::NotFound("thread"));
    };
    Ok((t, r, side))
}

/// The provider's inbox: the threads of the organisations the viewer works for.
pub async fn inbox(ctx: &Ctx<'_>, viewer: &Viewer, q: InboxQuery) -> Result<ThreadList, ApiError> {
    let mut orgs: Vec<i32> = viewer
        .roles()
        .filter(|m| matches!(m.role, Role::ProviderAdmin | Role::ProviderStaff))
        .filter_map(|m| m.organisation_id)
        .collect();
    if orgs.is_empty() {
        return Err(ApiError::Forbidden(
            "Only a provider's staff have an inbox of threads.",
        ));
    }
    if let Some(o) = q.organisation {
        let id = organisations::Entity::find()
            .filter(organisations::Column::PublicId.eq(o))
            .one(ctx.db)
            .await?
            .map(|o| o.id);
        orgs.retain(|x| Some(*x) == id);
        if orgs.is_empty() {
            return Err(ApiError::Forbidden(
                "You do not work for this organisation.",
            ));
        }
    }
    let (page, per_page) = page_of(q.page, q.per_page);
    let mut find =
        contact_threads::Entity::find().filter(contact_threads::Column::OrganisationId.is_in(orgs));
    if let Some(s) = q.status {
        find = find.filter(contact_threads::Column::Status.eq(s));
    }
    if let Some(card) = q.card {
        find = find.filter(
            Expr::col(contact_threads::Column::Id).in_subquery(
                Query::select()
                    .column(contact_thread_cards::Column::ThreadId)
                    .from(contact_thread_cards::Entity)
                    .and_where(
                        Expr::col(contact_thread_cards::Column::CardId).in_subquery(
                            Query::select()
                                .column(service_cards::Column::Id)
                                .from(service_cards::Entity)
                                .and_where(Expr::col(service_cards::Column::PublicId).eq(card))
                                .take(),
                        ),
                    )
                    .take(),
            ),
        );
    }
    let (total, rows) = if q.due_soon == Some(true) {
        // Waiting threads past half their time: few (they end within days), so they
        // are filtered in memory, nearest deadline first.
        let due: Vec<_> = find
            .filter(contact_threads::Column::Status.eq(ThreadStatus::AwaitingAnswer))
            .order_by_asc(contact_threads::Column::DeadlineAt)
            .all(ctx.db)
            .await?
            .into_iter()
            .filter(|t| ctx.now >= deadline::reminder_at(t.created_at, t.deadline_at))
            .collect();
        let total = due.len() as u64;
        let rows = due
            .into_iter()
            .skip(((page - 1) * per_page) as usize)
            .take(per_page as usize)
            .collect();
        (total, rows)
    } else {
        let total = find.clone().count(ctx.db).await?;
        let rows = find
            .order_by_desc(contact_threads::Column::LastMessageAt)
            .order_by_desc(contact_threads::Column::Id)
            .offset(u64::from((page - 1) * per_page))
            .limit(u64::from(per_page))
            .all(ctx.db)
            .await?;
        (total, rows)
    };
    Ok(ThreadList {
        items: summaries(ctx.db, ctx.reference, &rows, Side::Provider, ctx.now).await?,
        total,
        page,
        per_page,
    })
}

/// A whole thread; opening it marks it read for the viewer's side.
pub async fn get_thread(ctx: &Ctx<'_>, viewer: &Viewer, id: Uuid) -> Result<Thread, ApiError> {
    let (t, r, side) = visible_thread(ctx.db, viewer, id).await?;
    let col = match side {
        Side::Provider => contact_threads::Column::ProviderReadAt,
        _ => contact_threads::Column::FamilyReadAt,
    };
    let txn = ctx.db.write().await?;
    contact_threads::Entity::update_many()
        .col_expr(col, Expr::value(ctx.now))
        .filter(contact_threads::Column::Id.eq(t.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    let t = contact_threads::Entity::find_by_id(t.id)
        .one(ctx.db)
        .await?
        .ok_or(ApiError::NotFound("thread"))?;
    thread_view(ctx.db, ctx.reference, &t, &r, side, ctx.now).await
}

pub(crate) async fn thread_view(
    db: &impl ConnectionTrait,
    reference: &Reference,
    t: &contact_threads::Model,
    r: &contact_requests::Model,
    side: Side,
    now: DateTime<Utc>,
) -> Result<Thread, ApiError> {
    let summary = summaries(db, reference, std::slice::from_ref(t), side, now)
        .await?
        .pop()
        .ok_or(ApiError::NotFound("thread"))?;
    let rows = thread_messages::Entity::find()
        .filter(thread_messages::Column::ThreadId.eq(t.id))
        .order_by_asc(thread_messages::Column::Id)
        .all(db)
        .await?;
    let authors: HashMap<i32, String> = users::Entity::find()
        .filter(users::Column::Id.is_in(rows.iter().filter_map(|m| m.author_id)))
        .filter(users::Column::DeletedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let files = message_attachments::Entity::find()
        .filter(message_attachments::Column::ThreadId.eq(t.id))
        .filter(message_attachments::Column::MessageId.is_not_null())
        .order_by_asc(message_attachments::Column::Id)
        .all(db)
        .await?;
    let messages = rows
        .into_iter()
        .map(|m| Message {
            id: m.public_id,
            side: m.side,
            kind: m.kind,
            author: m.author_id.and_then(|a| authors.get(&a).cloned()),
            attachments: files
                .iter()
                .filter(|f| f.message_id == Some(m.id))
                .map(attachment_view)
                .collect(),
            body: m.body,
            created_at: m.created_at,
        })
        .collect();
    Ok(Thread {
        summary,
        viewer_side: side,
        request_message: r.message.clone(),
        decline_details: t.decline_details.clone(),
        messages,
        quotes: crate::services::quotes::of_thread(db, t, now).await?,
    })
}

pub(crate) fn attachment_view(f: &message_attachments::Model) -> Attachment {
    Attachment {
        id: f.public_id,
        filename: f.filename.clone(),
        content_type: f.content_type.clone(),
        size_bytes: f.size_bytes,
    }
}
