//! E-mail through a transactional outbox.
//!
//! `enqueue` writes the message as a row, with its delivery job (`jobs::JobKind::
//! DeliverMail`), inside the caller's transaction: if the change that causes the mail
//! rolls back, so does the mail; if it commits, the mail is durable even when SMTP is
//! down or the process restarts. The jobs runner delivers it, retrying with backoff. The
//! row's public id is the Message-ID, so a retried message is the same message.
pub mod templates;
mod transport;

pub use transport::Transport;

use crate::db::Db;
use crate::entities::outbox_emails;
use crate::jobs;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, sea_query::Expr,
};
use uuid::Uuid;

/// A message to send, already rendered in the recipient's language.
#[derive(Debug, Clone)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Where a mail client stops this kind of mail with one POST (RFC 8058): sent as
    /// `List-Unsubscribe` with `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
    pub unsubscribe: Option<String>,
}

impl OutgoingMail {
    /// A rendered template (see `templates::render`) addressed to `to`.
    pub fn new(to: &str, rendered: templates::Rendered) -> Self {
        Self {
            to: to.to_owned(),
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
            unsubscribe: None,
        }
    }

    /// The same mail, with a one-click unsubscribe address (RFC 8058).
    pub fn with_unsubscribe(self, url: String) -> Self {
        Self {
            unsubscribe: Some(url),
            ..self
        }
    }
}

/// Writes the mail to the outbox with its delivery job; call it in the transaction of the
/// change that causes it.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    mail: OutgoingMail,
    now: DateTime<Utc>,
) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    let row = outbox_emails::ActiveModel {
        public_id: Set(id),
        to_address: Set(mail.to),
        subject: Set(mail.subject),
        body_text: Set(mail.text),
        body_html: Set(mail.html),
        unsubscribe_url: Set(mail.unsubscribe),
        sent_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    jobs::enqueue(
        db,
        jobs::JobKind::DeliverMail,
        &jobs::MailJob { mail_id: row.id },
        now,
    )
    .await?;
    Ok(id)
}

/// At most this many mails a day to one address on behalf of people who are not signed
/// in (sign-up links, "you already have an account", reset links): beyond, the request
/// is answered as usual and nothing is sent, so nobody can flood a mailbox.
pub const DAILY_CAP: u64 = 10;

/// `enqueue`, unless the address already got `DAILY_CAP` mails in the last 24 hours;
/// true when queued.
pub async fn enqueue_capped(
    db: &impl ConnectionTrait,
    mail: OutgoingMail,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    use sea_orm::PaginatorTrait;
    let recent = outbox_emails::Entity::find()
        .filter(outbox_emails::Column::ToAddress.eq(mail.to.clone()))
        .filter(outbox_emails::Column::CreatedAt.gt(now - chrono::Duration::days(1)))
        .filter(outbox_emails::Column::CreatedAt.lte(now))
        .count(db)
        .await?;
    if recent >= DAILY_CAP {
        tracing::warn!("daily mail cap reached for an address: nothing sent");
        return Ok(false);
    }
    enqueue(db, mail, now).await?;
    Ok(true)
}

/// Sends one mail of the outbox, marks it sent and forgets its body (links in it may
/// still be valid); a mail already sent, or erased with its recipient's account, is
/// done.
pub async fn deliver(
    db: &Db,
    transport: &Transport,
    mail_id: i32,
    now: DateTime<Utc>,
) -> Result<(), String> {
    let row = outbox_emails::Entity::find_by_id(mail_id)
        .one(db)
        .await
        .map_err(|e| e.to_string())?;
    let Some(row) = row.filter(|r| r.sent_at.is_none()) else {
        return Ok(());
    };
    transport.send(&row).await?;
    let txn = db.write().await.map_err(|e| e.to_string())?;
    // Sent: the body (links with live tokens) is not kept.
    outbox_emails::Entity::update_many()
        .col_expr(outbox_emails::Column::SentAt, Expr::value(now))
        .col_expr(outbox_emails::Column::BodyText, Expr::value(""))
        .col_expr(outbox_emails::Column::BodyHtml, Expr::value(""))
        .col_expr(
            outbox_emails::Column::UnsubscribeUrl,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox_emails::Column::Id.eq(mail_id))
        .exec(&txn)
        .await
        .map_err(|e| e.to_string())?;
    txn.commit().await.map_err(|e| e.to_string())
}
