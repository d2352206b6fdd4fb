//! The kinds of background work and what each one does.
use super::{JobContext, payload};
use crate::entities::jobs;
use chrono::{DateTime, Duration, Utc};
use sea_orm::Condition;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::None)",
    rename_all = "snake_case"
)]
pub enum JobKind {
    /// Send one mail of the outbox (`MailJob`).
    DeliverMail,
    /// Look an address up and, if it belongs to an account, queue its reset link
    /// (`PasswordResetJob`): done after answering, so the answer takes the same time
    /// whether or not the address is registered.
    PasswordReset,
    /// Recurring: drop rate-limit events older than any window, the catalogue feed's
    /// old entries and old finished jobs.
    Housekeeping,
    /// Recurring: remind providers of the published cards they have not verified for 11
    /// months (a month before citizens see "not verified since").
    VerifyReminders,
    /// Recurring: remind providers of new threads past half their answer time, and
    /// expire the threads past their deadline (the family is told).
    ThreadDeadlines,
    /// Recurring: tell families of the services and carers new since their need was last
    /// looked at, when one fits it well (at most one digest a need a day).
    MatchDigest,
    /// Recurring: tell people of the cards new to their saved searches that have an
    /// alert (at most one alert a search a day).
    SearchAlerts,
}

/// The payload of `DeliverMail`.
#[derive(Debug, Serialize, Deserialize)]
pub struct MailJob {
    pub mail_id: i32,
}

/// The payload of `PasswordReset`.
#[derive(Debug, Serialize, Deserialize)]
pub struct PasswordResetJob {
    pub email: String,
    /// The client address (for the audit log, hashed there).
    pub client: String,
}

impl JobKind {
    pub const RECURRING: [JobKind; 5] = [
        JobKind::Housekeeping,
        JobKind::VerifyReminders,
        JobKind::ThreadDeadlines,
        JobKind::MatchDigest,
        JobKind::SearchAlerts,
    ];

    pub fn code(self) -> String {
        self.to_value()
    }

    /// Attempts before a job is marked failed.
    pub fn max_attempts(self) -> i32 {
        match self {
            // 2^16 s of backoff in all: about a day of SMTP outage is survived.
            JobKind::DeliverMail => 16,
            JobKind::PasswordReset => 8,
            JobKind::Housekeeping
            | JobKind::VerifyReminders
            | JobKind::ThreadDeadlines
            | JobKind::MatchDigest
            | JobKind::SearchAlerts => i32::MAX,
        }
    }

    /// How often a recurring job runs.
    pub fn every(self) -> Option<Duration> {
        match self {
            JobKind::Housekeeping => Some(Duration::minutes(10)),
            JobKind::VerifyReminders => Some(Duration::hours(6)),
            JobKind::ThreadDeadlines => Some(Duration::minutes(5)),
            // Each need waits a day between digests; hourly passes spread them.
            JobKind::MatchDigest => Some(Duration::hours(1)),
            // Each search waits a day between alerts; hourly passes spread them.
            JobKind::SearchAlerts => Some(Duration::hours(1)),
            _ => None,
        }
    }

    /// The key of a recurring job's single row.
    pub fn unique_key(self) -> String {
        format!("recurring:{}", self.code())
    }
}

/// Runs one claimed job.
pub(super) async fn run(
    ctx: &JobContext,
    job: &jobs::Model,
    now: DateTime<Utc>,
) -> Result<(), String> {
    match job.kind {
        JobKind::DeliverMail => {
            let p: MailJob = payload(job)?;
            crate::mail::deliver(&ctx.db, &ctx.transport, p.mail_id, now).await
        }
        JobKind::PasswordReset => {
            let p: PasswordResetJob = payload(job)?;
            crate::services::accounts::send_reset_link(
                &ctx.db,
                &ctx.public_url,
                &p.email,
                Some(&p.client),
                now,
            )
            .await
            .map_err(|e| e.to_string())
        }
        JobKind::Housekeeping => housekeeping(ctx, now).await.map_err(|e| e.to_string()),
        JobKind::MatchDigest => {
            let r = crate::reference::Reference::load(&ctx.db)
                .await
                .map_err(|e| e.to_string())?;
            crate::services::demands::digest::run(&ctx.db, &r, &ctx.public_url, now)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        }
        JobKind::SearchAlerts => {
            let (Some(search), Some(links)) = (&ctx.search, &ctx.links) else {
                return Err("this runner has no search index to run saved searches on".into());
            };
            let r = std::sync::Arc::new(
                crate::reference::Reference::load(&ctx.db)
                    .await
                    .map_err(|e| e.to_string())?,
            );
            // This instance's index first takes in what was published up to now.
            search
                .follow(&ctx.db, &r)
                .await
                .map_err(|e| e.to_string())?;
            let x = crate::services::saved_searches::Alerts {
                db: &ctx.db,
                reference: &r,
                search,
                links,
                public_url: &ctx.public_url,
            };
            crate::services::saved_searches::run_alerts(&x, now)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        }
        JobKind::VerifyReminders => {
            crate::services::card_workflow::remind_unverified(&ctx.db, &ctx.public_url, now)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        }
        JobKind::ThreadDeadlines => {
            crate::services::contact::run_deadlines(&ctx.db, &ctx.public_url, now)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        }
    }
}

/// Rate-limit events older than any window; finished jobs older than a week;
/// idempotency keys older than a day; attachments uploaded a day ago and never sent;
/// stored certificates no row names (an account deleted).
async fn housekeeping(ctx: &JobContext, now: DateTime<Utc>) -> Result<(), DbErr> {
    crate::services::rate_limit::prune(&ctx.db, now).await?;
    crate::search::prune_feed(&ctx.db, now).await?;
    let week = now - Duration::days(7);
    let txn = ctx.db.write().await?;
    jobs::Entity::delete_many()
        .filter(
            Condition::any()
                .add(jobs::Column::DoneAt.lt(week))
                .add(jobs::Column::FailedAt.lt(week)),
        )
        .exec(&txn)
        .await?;
    crate::services::idempotency::prune(&txn, now).await?;
    txn.commit().await?;
    if let Some(storage) = &ctx.storage {
        crate::services::attachments::prune(&ctx.db, storage, now).await?;
        crate::services::carers::documents::sweep(&ctx.db, storage, now).await?;
        crate::services::carers::photo::sweep(&ctx.db, storage, now).await?;
    }
    Ok(())
}
