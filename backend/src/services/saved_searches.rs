//! Saved searches and their daily alert (issue 12). A saved search keeps a search's
//! query string, checked as the search checks it and stored in a canonical form (keys
//! sorted, paging and sorting left out), so the same search is saved once. With its
//! alert on, the recurring job `SearchAlerts` runs the search on the index, counting
//! only cards published after `checked_at`; when some are new (and no alert went out
//! in the last day) the person gets one notification and one mail, whose signed link
//! stops the alert in one click — once: using it (or turning the alert off) changes the
//! generation signed into the links.
use crate::api::favourites::{
    MAX_NAME_CHARS, MAX_QUERY_CHARS, MAX_SAVED_SEARCHES, SavedSearch, SavedSearchInput,
    SavedSearchList, SavedSearchPatch, Unsubscribed,
};
use crate::api::notifications::NotificationKind;
use crate::auth::Viewer;
use crate::auth::links::{LinkPurpose, LinkSigner};
use crate::db::Db;
use crate::entities::{saved_searches, users};
use crate::error::{ApiError, FieldError};
use crate::input::text_field;
use crate::mail::{self, OutgoingMail, templates};
use crate::reference::Reference;
use crate::search::Engine;
use crate::services::SearchParams;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use std::sync::Arc;
use uuid::Uuid;

/// Parameters that do not change which cards match: left out of a saved search.
const NOT_KEPT: [&str; 3] = ["page", "per_page", "sort"];
/// Searches looked at per batch by the alert job.
const BATCH: u64 = 200;

fn view(s: saved_searches::Model) -> SavedSearch {
    SavedSearch {
        id: s.public_id,
        name: s.name,
        query: s.query,
        alert: s.alert,
        alerted_at: s.alerted_at,
        created_at: s.created_at,
    }
}

/// The canonical form of a search's query string, checked as `GET /api/v1/services`
/// checks it (each bad parameter reported as `query.<name>`).
pub fn canonical(query: &str, r: &Reference) -> Result<String, ApiError> {
    let raw = query.trim().trim_start_matches('?');
    if raw.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::field(
            "query",
            "too_long",
            format!("At most {MAX_QUERY_CHARS} characters."),
        ));
    }
    let mut pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw).map_err(|_| {
        ApiError::field(
            "query",
            "invalid_format",
            "The query string is not valid URL encoding.",
        )
    })?;
    pairs.retain(|(k, v)| !NOT_KEPT.contains(&k.as_str()) && !v.trim().is_empty());
    pairs.sort();
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in &pairs {
        out.append_pair(k, v);
    }
    let canonical = out.finish();
    SearchParams::parse(&canonical, r).map_err(|e| match e {
        ApiError::Validation(errors) => ApiError::Validation(
            errors
                .into_iter()
                .map(|f| FieldError::new(format!("query.{}", f.field), &f.code, f.message))
                .collect(),
        ),
        other => other,
    })?;
    Ok(canonical)
}

async fn own(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> Result<saved_searches::Model, ApiError> {
    saved_searches::Entity::find()
        .filter(saved_searches::Column::PublicId.eq(id))
        .filter(saved_searches::Column::UserId.eq(viewer.user.id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("saved search"))
}

/// The person's saved searches, newest first.
pub async fn list(db: &impl ConnectionTrait, user_id: i32) -> Result<SavedSearchList, ApiError> {
    let items = saved_searches::Entity::find()
        .filter(saved_searches::Column::UserId.eq(user_id))
        .order_by_desc(saved_searches::Column::CreatedAt)
        .order_by_desc(saved_searches::Column::Id)
        .all(db)
        .await?;
    Ok(SavedSearchList {
        items: items.into_iter().map(view).collect(),
    })
}

const ALREADY_SAVED: &str = "You already saved this search.";

/// Saves a search. The same search saved again: 409; more than `MAX_SAVED_SEARCHES`:
/// 409.
pub async fn create(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    input: SavedSearchInput,
    now: DateTime<Utc>,
) -> Result<SavedSearch, ApiError> {
    let mut errors = Vec::new();
    let name = text_field(&mut errors, "name", &input.name, 1, MAX_NAME_CHARS);
    let query = match canonical(&input.query, r) {
        Ok(q) => Some(q),
        Err(ApiError::Validation(mut e)) => {
            errors.append(&mut e);
            None
        }
        Err(other) => return Err(other),
    };
    let (Some(name), Some(query), true) = (name, query, errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let txn = db.write().await?;
    crate::services::accounts::hold(&txn, viewer.user.id).await?;
    let mine =
        saved_searches::Entity::find().filter(saved_searches::Column::UserId.eq(viewer.user.id));
    if mine
        .clone()
        .filter(saved_searches::Column::Query.eq(query.clone()))
        .count(&txn)
        .await?
        > 0
    {
        return Err(ApiError::Conflict(ALREADY_SAVED));
    }
    if mine.count(&txn).await? >= MAX_SAVED_SEARCHES {
        return Err(ApiError::Conflict(
            "You already keep 20 saved searches: remove one first.",
        ));
    }
    let row = saved_searches::ActiveModel {
        public_id: Set(Uuid::now_v7()),
        user_id: Set(viewer.user.id),
        name: Set(name),
        query: Set(query),
        alert: Set(input.alert),
        link_generation: Set(0),
        checked_at: Set(now),
        alerted_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match row {
        Ok(row) => {
            txn.commit().await?;
            Ok(view(row))
        }
        Err(e) if crate::db::is_unique_violation(&e) => Err(ApiError::Conflict(ALREADY_SAVED)),
        Err(e) => Err(e.into()),
    }
}

/// Renames a saved search or turns its alert on or off. Turning it on counts cards
/// from now; turning it off retires the links already mailed.
pub async fn update(
    db: &Db,
    viewer: &Viewer,
    id: Uuid,
    patch: SavedSearchPatch,
    now: DateTime<Utc>,
) -> Result<SavedSearch, ApiError> {
    let mut errors = Vec::new();
    let name = patch
        .name
        .as_deref()
        .map(|n| text_field(&mut errors, "name", n, 1, MAX_NAME_CHARS));
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let txn = db.write().await?;
    let s = own(&txn, viewer, id).await?;
    let mut a: saved_searches::ActiveModel = s.clone().into();
    if let Some(Some(name)) = name {
        a.name = Set(name);
    }
    match patch.alert {
        Some(true) if !s.alert => {
            a.alert = Set(true);
            a.checked_at = Set(now);
        }
        Some(false) if s.alert => {
            a.alert = Set(false);
            a.link_generation = Set(s.link_generation.wrapping_add(1));
        }
        _ => {}
    }
    let row = a.update(&txn).await?;
    txn.commit().await?;
    Ok(view(row))
}

/// Deletes a saved search (its links stop working with it).
pub async fn delete(db: &Db, viewer: &Viewer, id: Uuid) -> Result<(), ApiError> {
    let txn = db.write().await?;
    let s = own(&txn, viewer, id).await?;
    saved_searches::Entity::delete_by_id(s.id)
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

const LINK_USED: &str = "This link was already used, or the alert was turned off or removed. Manage your saved searches from your account page.";

/// Stops an alert from its mail's signed link, without signing in. A link works once.
pub async fn unsubscribe(
    db: &Db,
    links: &LinkSigner,
    token: &str,
) -> Result<Unsubscribed, ApiError> {
    let Some((id, generation)) = links.verify(LinkPurpose::StopSearchAlert, token.trim()) else {
        return Err(ApiError::field(
            "token",
            "invalid",
            "This link is not valid: copy the whole address from the mail.",
        ));
    };
    let txn = db.write().await?;
    let done = saved_searches::Entity::update_many()
        .col_expr(saved_searches::Column::Alert, Expr::value(false))
        .col_expr(
            saved_searches::Column::LinkGeneration,
            sea_orm::sea_query::ExprTrait::add(
                Expr::col(saved_searches::Column::LinkGeneration),
                1,
            ),
        )
        .filter(saved_searches::Column::PublicId.eq(id))
        .filter(saved_searches::Column::LinkGeneration.eq(generation))
        .filter(saved_searches::Column::Alert.eq(true))
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(ApiError::Gone(LINK_USED));
    }
    let s = saved_searches::Entity::find()
        .filter(saved_searches::Column::PublicId.eq(id))
        .one(&txn)
        .await?
        .ok_or(ApiError::Gone(LINK_USED))?;
    txn.commit().await?;
    Ok(Unsubscribed { name: s.name })
}

/// What an alert pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct AlertPass {
    /// Searches looked at.
    pub looked: usize,
    /// People told of new cards.
    pub told: usize,
}

/// What the alert job needs beside the database.
pub struct Alerts<'a> {
    pub db: &'a Db,
    pub reference: &'a Arc<Reference>,
    pub search: &'a Arc<Engine>,
    pub links: &'a LinkSigner,
    pub public_url: &'a str,
}

/// Looks at every saved search with its alert on and none sent in the last day, and
/// tells the people whose searches have new cards.
pub async fn run_alerts(x: &Alerts<'_>, now: DateTime<Utc>) -> Result<AlertPass, ApiError> {
    let due = now - Duration::days(1);
    let mut pass = AlertPass::default();
    let mut after = 0;
    loop {
        let batch = saved_searches::Entity::find()
            .filter(saved_searches::Column::Alert.eq(true))
            .filter(saved_searches::Column::Id.gt(after))
            .filter(due_filter(due))
            .order_by_asc(saved_searches::Column::Id)
            .limit(BATCH)
            .all(&**x.db)
            .await?;
        let Some(last) = batch.last() else {
            break;
        };
        after = last.id;
        for s in batch {
            pass.looked += 1;
            if tell_one(x, &s, due, now).await? {
                pass.told += 1;
            }
        }
    }
    Ok(pass)
}

fn due_filter(due: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(saved_searches::Column::AlertedAt.is_null())
        .add(saved_searches::Column::AlertedAt.lte(due))
}

/// One search: the count of new cards, then (when some are new) the mark, the
/// notification and the mail, in one transaction. Whether the person was told.
async fn tell_one(
    x: &Alerts<'_>,
    s: &saved_searches::Model,
    due: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let Ok(mut params) = SearchParams::parse(&s.query, x.reference) else {
        // The reference data changed under the search (a code withdrawn): it matches
        // nothing until the person saves it again.
        tracing::warn!(search = %s.public_id, "a saved search no longer parses");
        return Ok(false);
    };
    params.published_after = Some(s.checked_at.timestamp_millis());
    params.page = 1;
    params.per_page = 1;
    let found = x
        .search
        .search_in_turn(params, Arc::clone(x.reference))
        .await
        .map_err(ApiError::Internal)?;
    // A text search with no card holding every word falls back to partial matches:
    // those are not what the person saved.
    if found.total == 0 || found.partial {
        return Ok(false);
    }
    let txn = x.db.write().await?;
    let marked = saved_searches::Entity::update_many()
        .col_expr(saved_searches::Column::AlertedAt, Expr::value(now))
        .col_expr(saved_searches::Column::CheckedAt, Expr::value(now))
        .filter(saved_searches::Column::Id.eq(s.id))
        .filter(saved_searches::Column::Alert.eq(true))
        .filter(due_filter(due))
        .exec(&txn)
        .await?;
    if marked.rows_affected != 1 {
        return Ok(false);
    }
    crate::services::notifications::in_app(
        &txn,
        &[s.user_id],
        NotificationKind::SearchAlert,
        ("search", s.public_id),
        &s.name,
        now,
    )
    .await?;
    let person = users::Entity::find_by_id(s.user_id)
        .filter(users::Column::EmailVerifiedAt.is_not_null())
        .filter(users::Column::DeletedAt.is_null())
        .one(&txn)
        .await?;
    if let Some((to, lang)) = person.and_then(|u| Some((u.email?, u.language))) {
        let base = x.public_url.trim_end_matches('/');
        let link = format!("{base}/cerca?{}", s.query);
        let token = x
            .links
            .sign(LinkPurpose::StopSearchAlert, s.public_id, s.link_generation);
        let stop = format!("{base}/avvisi/stop?token={token}");
        let count = found.total.to_string();
        let rendered = templates::render(
            NotificationKind::SearchAlert.code(),
            lang.code(),
            &[
                ("title", &s.name),
                ("count", &count),
                ("link", &link),
                ("stop", &stop),
            ],
        )
        .map_err(|e| ApiError::Internal(format!("mail template search_alert: {e}")))?;
        // One click in the mail client too (RFC 8058): the same token, by POST.
        let one_click = format!("{base}/api/v1/saved-searches/one-click?token={token}");
        mail::enqueue(
            &txn,
            OutgoingMail::new(&to, rendered).with_unsubscribe(one_click),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(true)
}
