//! Sending a request: checked, then one transaction for the request, its threads, the
//! events and the providers' notifications.
use super::*;
use crate::services::group_offers;

/// Requests one family may send in 24 hours: enough to try many services, too few to
/// spam providers. Counted on the stored requests, in the transaction that would add
/// one, so a replayed or rolled-back request does not count.
pub const REQUESTS_PER_DAY: u64 = 20;

struct CheckedRequest {
    cards: Vec<service_cards::Model>,
    message: String,
    zone_id: Option<i32>,
}

async fn check_request(ctx: &Ctx<'_>, r: &NewRequest) -> Result<CheckedRequest, ApiError> {
    let mut errors = Vec::new();
    if r.cards.is_empty() || r.cards.len() > CARDS_MAX {
        errors.push(FieldError::new(
            "cards",
            "out_of_range",
            format!("Choose from 1 to {CARDS_MAX} services."),
        ));
    }
    let mut seen = HashSet::new();
    for (i, id) in r.cards.iter().enumerate() {
        if !seen.insert(*id) {
            errors.push(FieldError::new(
                format!("cards[{i}]"),
                "duplicate",
                "This service is already in the list.",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    // Then the cards: one that is not published (or never was) is not found (404),
    // whatever else the request says.
    let found: HashMap<Uuid, service_cards::Model> = service_cards::Entity::find()
        .filter(service_cards::Column::PublicId.is_in(r.cards.clone()))
        .filter(crate::services::cards::visible())
        .all(ctx.db)
        .await?
        .into_iter()
        .map(|c| (c.public_id, c))
        .collect();
    if r.cards.iter().any(|id| !found.contains_key(id)) {
        return Err(ApiError::NotFound("service"));
    }
    let cards: Vec<service_cards::Model> = r
        .cards
        .iter()
        .filter_map(|id| found.get(id).cloned())
        .collect();
    let message = check_text(&mut errors, "message", &r.message, true, MESSAGE_MAX);
    if !r.consent {
        errors.push(FieldError::new(
            "consent",
            "required",
            "Agree to share the message with the providers to send it.",
        ));
    }
    let n = &r.need;
    let zone_id = match n.zone.as_deref() {
        None => None,
        Some(code) => match ctx.reference.zone(code) {
            Some(z) => Some(z.id),
            None => {
                errors.push(FieldError::new(
                    "need.zone",
                    "unknown",
                    "Choose a zone from the list.",
                ));
                None
            }
        },
    };
    if let Some(d) = n.start_on
        && d < (ctx.now - chrono::Duration::days(1)).date_naive()
    {
        errors.push(FieldError::new(
            "need.start_on",
            "out_of_range",
            "The start date cannot be in the past.",
        ));
    }
    if n.hours_per_week.is_some_and(|h| !(1..=168).contains(&h)) {
        errors.push(FieldError::new(
            "need.hours_per_week",
            "out_of_range",
            "From 1 to 168 hours a week.",
        ));
    }
    if n.budget_cents
        .is_some_and(|b| !(0..=100_000_000).contains(&b))
    {
        errors.push(FieldError::new(
            "need.budget_cents",
            "out_of_range",
            "From 0 to 1,000,000 euros.",
        ));
    }
    if n.budget_cents.is_some() != n.budget_per.is_some() {
        errors.push(FieldError::new(
            "need.budget_per",
            "required",
            "Say what the budget is for (an hour, a week, a month, in all), with the amount.",
        ));
    }
    if let Some(l) = &n.language
        && !language::is_iso_639_1(l)
    {
        errors.push(FieldError::new(
            "need.language",
            "unknown",
            "A two-letter language code (ISO 639-1).",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    Ok(CheckedRequest {
        cards,
        message,
        zone_id,
    })
}

/// Sends a request: one thread per organisation of the cards, in one transaction.
pub async fn send(
    ctx: &Ctx<'_>,
    viewer: &Viewer,
    r: NewRequest,
    key: Option<&idempotency::Key>,
    working_days: u32,
) -> Result<idempotency::Outcome<Request>, ApiError> {
    if !viewer.holds(Role::Citizen) {
        return Err(ApiError::Forbidden(
            "Requests are sent from a family's (citizen's) account.",
        ));
    }
    if let Some(k) = key
        && let Some((status, body)) = idempotency::stored(ctx.db, k, ctx.now).await?
    {
        return Ok(idempotency::Outcome::Replayed(status, body));
    }
    let checked = check_request(ctx, &r).await?;
    let now = ctx.now;
    let deadline = deadline::answer_deadline(now, working_days);
    let out = idempotency::once(ctx.db, key, 201, now, async |txn: &WriteTxn| {
        // The sender's row first (an erasure at the same moment waits, or is seen; the
        // day's cap below is counted one request at a time), then the group's (a member
        // leaving waits, or is seen).
        crate::services::accounts::hold(txn, viewer.user.id).await?;
        let offering = match r.group {
            Some(id) => Some(group_offers::offering(txn, ctx.reference, viewer, id).await?),
            None => None,
        };
        let sent = contact_requests::Entity::find()
            .filter(contact_requests::Column::CitizenId.eq(viewer.user.id))
            // The day before `now`, not after it: the demo's history plays requests at
            // past instants, and a later one must not count against an earlier one. But
            // a minute after it: in a burst, the requests that committed while this one
            // waited for the sender's row read the clock a little later, and count.
            .filter(contact_requests::Column::CreatedAt.gt(now - chrono::Duration::days(1)))
            .filter(contact_requests::Column::CreatedAt.lte(now + chrono::Duration::minutes(1)))
            .count(txn)
            .await?;
        if sent >= REQUESTS_PER_DAY {
            return Err(ApiError::TooManyRequests(3600));
        }
        if let Some(o) = &offering {
            let errors: Vec<FieldError> = (0..)
                .zip(&checked.cards)
                .filter(|(_, c)| o.category.as_deref() != Some(c.category_code.as_str()))
                .map(|(i, _)| {
                    FieldError::new(
                        format!("cards[{i}]"),
                        "other_kind",
                        "This service is not the kind of help the group shares.",
                    )
                })
                .collect();
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
        }
        let zone_id = checked
            .zone_id
            .or(offering.as_ref().map(|o| o.group.zone_id));
        let hours_per_week = r.need.hours_per_week.or(offering
            .as_ref()
            .and_then(|o| i32::try_from(o.hours).ok())
            .filter(|h| *h > 0));
        let request = contact_requests::ActiveModel {
            public_id: Set(Uuid::now_v7()),
            citizen_id: Set(Some(viewer.user.id)),
            message: Set(checked.message.clone()),
            age_band: Set(r.need.age_band),
            zone_id: Set(zone_id),
            start_on: Set(r.need.start_on),
            frequency: Set(r.need.frequency),
            hours_per_week: Set(hours_per_week),
            budget_cents: Set(r.need.budget_cents),
            budget_per: Set(r.need.budget_per),
            language: Set(r.need.language.clone()),
            consent_at: Set(now),
            status: Set(RequestStatus::Open),
            created_at: Set(now),
            updated_at: Set(now),
            group_id: Set(offering.as_ref().map(|o| o.group.id)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        // One thread per organisation, in the order the family listed the cards.
        let mut by_org: Vec<(i32, Vec<&service_cards::Model>)> = Vec::new();
        for c in &checked.cards {
            match by_org.iter_mut().find(|(o, _)| *o == c.organisation_id) {
                Some((_, cards)) => cards.push(c),
                None => by_org.push((c.organisation_id, vec![c])),
            }
        }
        // What the threads' events and notifications need, read once for all of them.
        let org_ids: Vec<i32> = by_org.iter().map(|(o, _)| *o).collect();
        let tenants: HashMap<i32, i32> = organisations::Entity::find()
            .select_only()
            .column(organisations::Column::Id)
            .column(organisations::Column::TenantId)
            .filter(organisations::Column::Id.is_in(org_ids.clone()))
            .into_tuple::<(i32, i32)>()
            .all(txn)
            .await?
            .into_iter()
            .collect();
        let staff = staff_of_all(txn, &org_ids).await?;
        let planned: Vec<contact_threads::ActiveModel> = by_org
            .iter()
            .map(|(org, cards)| contact_threads::ActiveModel {
                public_id: Set(Uuid::now_v7()),
                request_id: Set(request.id),
                organisation_id: Set(*org),
                card_id: Set(cards[0].id),
                status: Set(ThreadStatus::AwaitingAnswer),
                deadline_at: Set(deadline),
                last_message_at: Set(now),
                last_side: Set(Side::Family),
                family_read_at: Set(Some(now)),
                created_at: Set(now),
                ..Default::default()
            })
            .collect();
        let inserted: HashMap<i32, contact_threads::Model> =
            contact_threads::Entity::insert_many(planned)
                .exec_with_returning(txn)
                .await?
                .into_iter()
                .map(|t| (t.organisation_id, t))
                .collect();
        // In the family's order again (the rows come back in any order).
        let mut threads = Vec::with_capacity(by_org.len());
        for (org, cards) in &by_org {
            let thread = inserted.get(org).cloned().ok_or_else(|| {
                ApiError::Internal(format!("thread of organisation {org} not returned"))
            })?;
            threads.push((thread, cards));
        }
        contact_thread_cards::Entity::insert_many(threads.iter().flat_map(|(t, cards)| {
            cards.iter().map(|c| contact_thread_cards::ActiveModel {
                thread_id: Set(t.id),
                card_id: Set(c.id),
            })
        }))
        .exec_without_returning(txn)
        .await?;
        let mut events = Vec::with_capacity(threads.len() + 1);
        for (thread, cards) in &threads {
            let at = Place {
                tenant_id: tenants
                    .get(&thread.organisation_id)
                    .copied()
                    .ok_or(ApiError::NotFound("service"))?,
                organisation_id: thread.organisation_id,
                category: cards[0].category_code.clone(),
                zone_id,
                card_id: cards[0].id,
                shared: offering.is_some(),
            };
            if events.is_empty() {
                events.push((
                    InteractionKind::RequestSent,
                    at.clone(),
                    Detail::side(Side::Family),
                ));
            }
            events.push((
                InteractionKind::ThreadOpened,
                at,
                Detail::side(Side::Family),
            ));
            notifications::event(
                txn,
                staff
                    .get(&thread.organisation_id)
                    .map_or(&[][..], Vec::as_slice),
                NotificationKind::ThreadNew,
                ("thread", thread.public_id),
                &cards[0].title,
                ctx.public_url,
                now,
            )
            .await?;
        }
        interactions::record_all(txn, events, now).await?;
        if let Some(o) = &offering {
            group_offers::sent(txn, ctx, o, viewer.user.id).await?;
        }
        let threads: Vec<contact_threads::Model> = threads.into_iter().map(|(t, _)| t).collect();
        Ok(Request {
            id: request.public_id,
            status: request.status,
            message: request.message.clone(),
            need: need(ctx.reference, &request),
            created_at: request.created_at,
            threads: summaries(txn, ctx.reference, &threads, Side::Family, now).await?,
        })
    })
    .await?;
    Ok(out)
}
