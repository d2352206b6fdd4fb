//! E-mail through a transactional outbox.
//!
//! `enqueue` writes the message as a row, inside the caller's transaction: if the change
//! that causes the mail rolls back, so does the mail; if it commits, the mail is durable
//! even when SMTP is down or the process restarts. `deliver_due` (run by the worker every
//! few seconds on each instance) claims due rows, sends them and marks them sent, or
//! schedules a retry with exponential backoff. The row's public id is the Message-ID, so a
//! retried message is the same message.
pub mod templates;
mod transport;

pub use transport::Transport;

use crate::entities::outbox_emails;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

/// A message to send, already rendered in the recipient's language.
#[derive(Debug, Clone)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl OutgoingMail {
    /// A rendered template (see `templates::render`) addressed to `to`.
    pub fn new(to: &str, rendered: templates::Rendered) -> Self {
        Self {
            to: to.to_owned(),
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
        }
    }
}

/// How long a worker owns a claimed row before another may retry it.
const CLAIM: i64 = 120;
/// Rows a worker takes per round.
const BATCH: u64 = 50;
/// Longest wait between two attempts.
const MAX_BACKOFF_SECS: i64 = 3600;

/// Writes the mail to the outbox; call it in the transaction of the change that causes it.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    mail: OutgoingMail,
    now: DateTime<Utc>,
) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    outbox_emails::ActiveModel {
        public_id: Set(id),
        to_address: Set(mail.to),
        subject: Set(mail.subject),
        body_text: Set(mail.text),
        body_html: Set(mail.html),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        sent_at: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// The wait before attempt `attempts + 1`: 2^attempts seconds, capped at an hour.
pub fn backoff(attempts: i32) -> Duration {
    Duration::seconds((1_i64 << attempts.clamp(0, 12)).min(MAX_BACKOFF_SECS))
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub failed: usize,
}

/// Claims a row for this worker: only one instance wins a row at a time.
async fn claim(db: &DatabaseConnection, id: i32, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let res = outbox_emails::Entity::update_many()
        .col_expr(
            outbox_emails::Column::ClaimedUntil,
            Expr::value(now + Duration::seconds(CLAIM)),
        )
        .filter(outbox_emails::Column::Id.eq(id))
        .filter(outbox_emails::Column::SentAt.is_null())
        .filter(
            Condition::any()
                .add(outbox_emails::Column::ClaimedUntil.is_null())
                .add(outbox_emails::Column::ClaimedUntil.lt(now)),
        )
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Delivers every due message once; returns what happened.
pub async fn deliver_due(
    db: &DatabaseConnection,
    transport: &Transport,
    now: DateTime<Utc>,
) -> Result<Round, DbErr> {
    let due = outbox_emails::Entity::find()
        .filter(outbox_emails::Column::SentAt.is_null())
        .filter(outbox_emails::Column::NextAttemptAt.lte(now))
        .order_by_asc(outbox_emails::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut round = Round::default();
    for row in due {
        if !claim(db, row.id, now).await? {
            continue;
        }
        let attempts = row.attempts + 1;
        let result = transport.send(&row).await;
        let mut a: outbox_emails::ActiveModel = row.into();
        a.attempts = Set(attempts);
        a.claimed_until = Set(None);
        match result {
            Ok(()) => {
                a.sent_at = Set(Some(now));
                a.last_error = Set(None);
                round.sent += 1;
            }
            Err(e) => {
                // The error names the transport's problem, never the recipient.
                tracing::warn!(attempts, error = %e, "mail delivery failed; will retry");
                a.next_attempt_at = Set(now + backoff(attempts));
                a.last_error = Set(Some(e.chars().take(500).collect()));
                round.failed += 1;
            }
        }
        a.update(db).await?;
    }
    Ok(round)
}

/// Runs `deliver_due` every `every` until the process ends.
pub fn spawn_worker(db: DatabaseConnection, transport: Transport, every: std::time::Duration) {
    actix_web::rt::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(e) = crate::services::rate_limit::prune(&db, Utc::now()).await {
                tracing::warn!(error = %e, "could not prune rate-limit events");
            }
            match deliver_due(&db, &transport, Utc::now()).await {
                Ok(r) if r.sent + r.failed > 0 => {
                    tracing::info!(sent = r.sent, failed = r.failed, "mail round")
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "mail worker could not read the outbox"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(super::backoff(1).num_seconds(), 2);
        assert_eq!(super::backoff(5).num_seconds(), 32);
        assert_eq!(super::backoff(40).num_seconds(), 3600);
    }
}
