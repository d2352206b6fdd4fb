//! The notification centre: one row per person and event, written in the transaction
//! of the event (with its e-mail through the outbox, in the person's language).
use crate::api::notifications::{Notification, NotificationKind, NotificationList};
use crate::auth::Viewer;
use crate::entities::{notifications, users};
use crate::error::ApiError;
use crate::mail::{self, OutgoingMail, templates};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

/// The most recent notifications a list shows.
const LIST_MAX: u64 = 100;

/// An event about a card for these people: a notification each, and an e-mail each
/// (if they have a confirmed address). `public_url` makes the mail's link absolute.
pub async fn card_event(
    db: &impl ConnectionTrait,
    people: &[i32],
    kind: NotificationKind,
    card: Uuid,
    title: &str,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    event(db, people, kind, ("card", card), title, public_url, now).await
}

/// An event about an object (`card`, `organisation` and its public id) for these people;
/// `title` names the object in the message.
pub async fn event(
    db: &impl ConnectionTrait,
    people: &[i32],
    kind: NotificationKind,
    object: (&str, Uuid),
    title: &str,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut people = people.to_vec();
    people.sort_unstable();
    people.dedup();
    if people.is_empty() {
        return Ok(());
    }
    in_app(db, &people, kind, object, title, now).await?;
    let link = link(kind, object.0, &object.1.to_string());
    let recipients = users::Entity::find()
        .filter(users::Column::Id.is_in(people))
        .filter(users::Column::EmailVerifiedAt.is_not_null())
        .filter(users::Column::DeletedAt.is_null())
        .all(db)
        .await?;
    let url = format!("{}{link}", public_url.trim_end_matches('/'));
    for u in recipients {
        let Some(to) = u.email.as_deref() else {
            continue;
        };
        let rendered = templates::render(
            kind.code(),
            u.language.code(),
            &[("title", title), ("link", &url)],
        )
        .map_err(|e| DbErr::Custom(format!("mail template {}: {e}", kind.code())))?;
        mail::enqueue(db, OutgoingMail::new(to, rendered), now).await?;
    }
    Ok(())
}

/// The notification rows alone (a caller that writes its own mail).
pub async fn in_app(
    db: &impl ConnectionTrait,
    people: &[i32],
    kind: NotificationKind,
    object: (&str, Uuid),
    title: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if people.is_empty() {
        return Ok(());
    }
    let params = serde_json::json!({ "title": title }).to_string();
    notifications::Entity::insert_many(people.iter().map(|user_id| notifications::ActiveModel {
        public_id: Set(Uuid::now_v7()),
        user_id: Set(*user_id),
        kind: Set(kind.code().to_owned()),
        object_kind: Set(object.0.into()),
        object_id: Set(object.1.to_string()),
        params: Set(params.clone()),
        created_at: Set(now),
        read_at: Set(None),
        ..Default::default()
    }))
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Where a notification leads: about an organisation, its management page; about a
/// card, the reviewer's screen for a submission, the reports' page for a report, the
/// provider's editor otherwise.
fn link(kind: NotificationKind, object_kind: &str, id: &str) -> String {
    if object_kind == "organisation" {
        return "/gestione/ente".into();
    }
    if object_kind == "thread" {
        return format!("/conversazioni/{id}");
    }
    if object_kind == "review" {
        return "/gestione/recensioni".into();
    }
    if object_kind == "carer" {
        return "/assistente".into();
    }
    if object_kind == "match" {
        return format!("/abbinamenti/{id}");
    }
    if object_kind == "group" {
        return format!("/gruppi/{id}");
    }
    if object_kind == "demand" {
        return format!("/bisogni/{id}");
    }
    if object_kind == "search" {
        return "/account".into();
    }
    let card = id;
    match kind {
        NotificationKind::CardSubmitted => format!("/gestione/revisione/{card}"),
        NotificationKind::CardReported | NotificationKind::CardReportForReview => {
            "/gestione/segnalazioni".into()
        }
        _ => format!("/gestione/schede/{card}"),
    }
}

fn view(n: notifications::Model) -> Option<Notification> {
    let kind = NotificationKind::parse(&n.kind)?;
    let params: serde_json::Value = serde_json::from_str(&n.params).unwrap_or_default();
    Some(Notification {
        id: n.public_id,
        kind,
        link: link(kind, &n.object_kind, &n.object_id),
        title: params["title"].as_str().unwrap_or_default().to_owned(),
        created_at: n.created_at,
        read_at: n.read_at,
    })
}

/// The viewer's notifications, newest first, and how many are unread.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    unread_only: bool,
) -> Result<NotificationList, ApiError> {
    let mut q =
        notifications::Entity::find().filter(notifications::Column::UserId.eq(viewer.user.id));
    if unread_only {
        q = q.filter(notifications::Column::ReadAt.is_null());
    }
    let items = q
        .order_by_desc(notifications::Column::CreatedAt)
        .order_by_desc(notifications::Column::Id)
        .limit(LIST_MAX)
        .all(db)
        .await?
        .into_iter()
        .filter_map(view)
        .collect();
    Ok(NotificationList {
        items,
        unread: unread(db, viewer).await?,
    })
}

pub async fn unread(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<u64, DbErr> {
    unread_of(db, viewer.user.id).await
}

/// How many of the person's notifications are unread.
pub async fn unread_of(db: &impl ConnectionTrait, user_id: i32) -> Result<u64, DbErr> {
    notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(user_id))
        .filter(notifications::Column::ReadAt.is_null())
        .count(db)
        .await
}

/// Marks one of the viewer's notifications read (another person's is not found).
pub async fn mark_read(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let n = notifications::Entity::find()
        .filter(notifications::Column::PublicId.eq(id))
        .filter(notifications::Column::UserId.eq(viewer.user.id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("notification"))?;
    if n.read_at.is_none() {
        notifications::Entity::update_many()
            .col_expr(notifications::Column::ReadAt, Expr::value(now))
            .filter(notifications::Column::Id.eq(n.id))
            .filter(notifications::Column::ReadAt.is_null())
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Marks every notification of the viewer read.
pub async fn mark_all_read(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    notifications::Entity::update_many()
        .col_expr(notifications::Column::ReadAt, Expr::value(now))
        .filter(notifications::Column::UserId.eq(viewer.user.id))
        .filter(notifications::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
