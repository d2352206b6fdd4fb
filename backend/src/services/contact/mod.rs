//! Requests and threads (issue 11): a family's one message to up to ten cards opens one
//! thread per organisation, in one transaction; each side reads and writes only its own
//! threads (anyone else gets 404, as if the thread did not exist); every step is an
//! interaction event and a notification to the other side.
//!
//! `send` sends a request; `read` builds the lists and views; `threads` changes a
//! thread (messages, declines, closing, withdrawal); `deadlines` is the recurring job of
//! reminders and expiries; `privacy` exports and forgets a family's side.
mod deadlines;
mod org_export;
mod privacy;
mod read;
mod send;
mod threads;

use super::interactions::{self, Detail, Place};
use super::{idempotency, notifications};
use crate::api::contact::{
    ATTACHMENTS_MAX, Attachment, CARDS_MAX, CardBrief, Decline, InboxQuery, MESSAGE_MAX, Message,
    MessagePreview, Need, NewMessage, NewRequest, PageQuery, QuoteSummary, REASON_MAX, Request,
    RequestList, Thread, ThreadList, ThreadSummary,
};
use crate::api::notifications::NotificationKind;
use crate::api::services::{OrganisationRef, ZoneRef};
use crate::auth::{Viewer, policy};
use crate::db::{Db, WriteTxn};
use crate::domain::contact::{
    CloseReason, InteractionKind, MessageKind, RequestStatus, Side, ThreadAction, ThreadStatus,
};
use crate::domain::workflow::Forbidden;
use crate::domain::{Role, deadline, language};
use crate::entities::{
    contact_requests, contact_thread_cards, contact_threads, memberships, message_attachments,
    orders, organisations, quotes, service_cards, thread_messages, users,
};
use crate::error::{ApiError, FieldError};
use crate::reference::Reference;
use chrono::{DateTime, Utc};
pub use deadlines::{DeadlinePass, run_deadlines};
pub use org_export::export_threads;
pub use privacy::{export, forget};
pub(crate) use read::{attachment_view, need, visible_thread};
pub use read::{get_request, get_thread, inbox, list_requests};
use read::{own_request, request_view, summaries, thread_view};
use sea_orm::{
    ActiveEnum, ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait, Func, Query},
};
pub use send::{REQUESTS_PER_DAY, send};
use std::collections::{HashMap, HashSet};
pub(crate) use threads::{
    add_message, close_thread, first_answer, move_thread, settle_request, tell,
};
pub use threads::{close, decline, post_message, withdraw};
use uuid::Uuid;

/// What the services need from the application.
pub struct Ctx<'a> {
    pub db: &'a Db,
    pub reference: &'a Reference,
    pub public_url: &'a str,
    pub now: DateTime<Utc>,
}

pub(crate) fn conflict(f: Forbidden) -> ApiError {
    ApiError::Conflict(f.0)
}

pub(crate) fn page_of(page: Option<u32>, per_page: Option<u32>) -> (u32, u32) {
    (
        page.unwrap_or(1).clamp(1, 10_000),
        per_page.unwrap_or(20).clamp(1, 100),
    )
}

/// Checks a multi-line text: not blank once trimmed, at most `max` characters.
pub(crate) fn check_text(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    required: bool,
    max: usize,
) -> String {
    let v = value.trim();
    if value.chars().count() > max {
        errors.push(FieldError::new(
            field,
            "out_of_range",
            format!("At most {max} characters."),
        ));
    } else if required && v.is_empty() {
        errors.push(FieldError::new(field, "required", "Write something here."));
    }
    v.to_owned()
}

/// The people of an organisation who handle its threads: its staff and admins.
pub(crate) async fn staff_of(
    db: &impl ConnectionTrait,
    organisation_id: i32,
) -> Result<Vec<i32>, DbErr> {
    Ok(memberships::Entity::find()
        .filter(memberships::Column::OrganisationId.eq(organisation_id))
        .filter(memberships::Column::Role.is_in([Role::ProviderStaff, Role::ProviderAdmin]))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect())
}

/// The people handling the threads of each of `organisations` (see `staff_of`), in one
/// query.
pub(crate) async fn staff_of_all(
    db: &impl ConnectionTrait,
    organisations: &[i32],
) -> Result<HashMap<i32, Vec<i32>>, DbErr> {
    let mut out: HashMap<i32, Vec<i32>> = HashMap::new();
    for m in memberships::Entity::find()
        .filter(memberships::Column::OrganisationId.is_in(organisations.iter().copied()))
        .filter(memberships::Column::Role.is_in([Role::ProviderStaff, Role::ProviderAdmin]))
        .all(db)
        .await?
    {
        if let Some(org) = m.organisation_id {
            out.entry(org).or_default().push(m.user_id);
        }
    }
    Ok(out)
}

/// Where a thread's events happen.
pub(crate) async fn place(
    db: &impl ConnectionTrait,
    thread: &contact_threads::Model,
    request: &contact_requests::Model,
) -> Result<Place, ApiError> {
    let card = service_cards::Entity::find_by_id(thread.card_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("thread"))?;
    let org = organisations::Entity::find_by_id(thread.organisation_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("thread"))?;
    Ok(Place {
        tenant_id: org.tenant_id,
        organisation_id: org.id,
        category: card.category_code,
        zone_id: request.zone_id,
        card_id: card.id,
        shared: request.group_id.is_some(),
    })
}
