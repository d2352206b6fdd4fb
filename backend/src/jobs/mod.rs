//! Background work, in one place: a `jobs` table on both databases, with leases,
//! retries and backoff.
//!
//! - `enqueue` writes a job in the caller's transaction: the work happens only if the
//!   change that asks for it commits (a mail for a sign-up), and it is durable (a
//!   restart, an SMTP outage). Work a request must not do while the caller waits (the
//!   password-reset lookup, whose time would tell whether an address is registered) is
//!   queued the same way.
//! - `Runner::run_due` claims due jobs one by one with a conditional update (a lease),
//!   so two instances never run one job twice; a job whose runner died is taken again
//!   when its lease ends. Success marks it done (and forgets its payload); a failure
//!   schedules it again after 2^attempts seconds (capped at an hour) until
//!   `max_attempts`, then marks it failed with the last error.
//! - Recurring jobs (`every_secs`) are one row each (`unique_key`), moved forward after
//!   each success.
//! - Time comes from the injected `Clock`: tests move a manual clock and call
//!   `run_due`; nothing sleeps to wait for work.
use crate::db::Db;
use crate::domain::Clock;
use crate::entities::jobs;
use crate::mail::Transport;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

mod kinds;

pub use kinds::{JobKind, MailJob, PasswordResetJob};

/// How long a runner owns a claimed job.
pub const LEASE_SECS: i64 = 120;
/// Jobs a runner takes per round.
const BATCH: u64 = 50;
/// Longest wait between two attempts.
const MAX_BACKOFF_SECS: i64 = 3600;

/// The wait before attempt `attempts + 1`: 2^attempts seconds, capped at an hour.
pub fn backoff(attempts: i32) -> Duration {
    Duration::seconds((1_i64 << attempts.clamp(0, 12)).min(MAX_BACKOFF_SECS))
}

/// Queues `kind` with its payload, due at `run_at`; call it in the transaction of the
/// change that causes it.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    kind: JobKind,
    payload: &impl Serialize,
    run_at: DateTime<Utc>,
) -> Result<i32, DbErr> {
    let payload = serde_json::to_string(payload).map_err(|e| DbErr::Json(e.to_string()))?;
    insert(db, kind, payload, None, run_at).await
}

async fn insert(
    db: &impl ConnectionTrait,
    kind: JobKind,
    payload: String,
    unique_key: Option<String>,
    run_at: DateTime<Utc>,
) -> Result<i32, DbErr> {
    let row = jobs::ActiveModel {
        kind: Set(kind),
        payload: Set(payload),
        every_secs: Set(unique_key
            .as_ref()
            .and(kind.every())
            .map(|d| d.num_seconds() as i32)),
        unique_key: Set(unique_key),
        run_at: Set(run_at),
        attempts: Set(0),
        max_attempts: Set(kind.max_attempts()),
        lease_until: Set(None),
        lease_owner: Set(None),
        last_error: Set(None),
        done_at: Set(None),
        failed_at: Set(None),
        created_at: Set(run_at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Makes sure each recurring job exists once (every instance calls it at start; the
/// unique key keeps one row).
pub async fn ensure_recurring(db: &Db, now: DateTime<Utc>) -> Result<(), DbErr> {
    for kind in JobKind::RECURRING {
        match ensure_one(db, kind, now).await {
            // Another instance created it at the same moment: one row, as wanted.
            Err(e) if crate::db::is_unique_violation(&e) => {}
            other => other?,
        }
    }
    Ok(())
}

/// Brings a recurring job forward to `at` (if it was due later): a first publication
/// wakes the saved searches' alerts, which would otherwise wait for their hour.
pub async fn wake(
    db: &impl ConnectionTrait,
    kind: JobKind,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    jobs::Entity::update_many()
        .col_expr(jobs::Column::RunAt, Expr::value(at))
        .filter(jobs::Column::UniqueKey.eq(kind.unique_key()))
        .filter(jobs::Column::RunAt.gt(at))
        .filter(jobs::Column::DoneAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

async fn ensure_one(db: &Db, kind: JobKind, now: DateTime<Utc>) -> Result<(), DbErr> {
    let txn = db.write().await?;
    let exists = jobs::Entity::find()
        .filter(jobs::Column::UniqueKey.eq(kind.unique_key()))
        .one(&txn)
        .await?
        .is_some();
    if !exists {
        insert(&txn, kind, "{}".into(), Some(kind.unique_key()), now).await?;
    }
    txn.commit().await
}

/// What the jobs need: the database, the clock, the mail transport, the public address.
pub struct JobContext {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub transport: Transport,
    pub public_url: String,
    /// The uploaded files (housekeeping drops attachments never sent); none in tests
    /// that do not need it.
    pub storage: Option<crate::storage::Storage>,
    /// The instance's search index and link signer (saved searches' alerts); a runner
    /// without them leaves that job to one that has them.
    pub search: Option<std::sync::Arc<crate::search::Engine>>,
    pub links: Option<crate::auth::links::LinkSigner>,
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub done: usize,
    pub retried: usize,
    pub failed: usize,
}

impl Round {
    pub fn ran(&self) -> usize {
        self.done + self.retried + self.failed
    }
}

/// A runner: one per instance (or more, in tests of concurrency).
#[derive(Clone)]
pub struct Runner {
    ctx: Arc<JobContext>,
    owner: String,
}

impl Runner {
    pub fn new(ctx: JobContext) -> Self {
        Self {
            ctx: Arc::new(ctx),
            owner: uuid::Uuid::now_v7().to_string(),
        }
    }

    pub fn context(&self) -> &JobContext {
        &self.ctx
    }

    /// Claims a job for this runner: only one runner wins a job at a time.
    async fn claim(&self, id: i32, now: DateTime<Utc>) -> Result<bool, DbErr> {
        let txn = self.ctx.db.write().await?;
        let res = jobs::Entity::update_many()
            .col_expr(
                jobs::Column::LeaseUntil,
                Expr::value(now + Duration::seconds(LEASE_SECS)),
            )
            .col_expr(jobs::Column::LeaseOwner, Expr::value(self.owner.clone()))
            .col_expr(
                jobs::Column::Attempts,
                sea_orm::sea_query::ExprTrait::add(Expr::col(jobs::Column::Attempts), 1),
            )
            .filter(jobs::Column::Id.eq(id))
            .filter(jobs::Column::DoneAt.is_null())
            .filter(jobs::Column::FailedAt.is_null())
            .filter(jobs::Column::RunAt.lte(now))
            .filter(
                Condition::any()
                    .add(jobs::Column::LeaseUntil.is_null())
                    .add(jobs::Column::LeaseUntil.lt(now)),
            )
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(res.rows_affected == 1)
    }

    /// Records how a claimed job went (unless its lease passed to another runner).
    async fn finish(
        &self,
        job: &jobs::Model,
        result: Result<(), String>,
        now: DateTime<Utc>,
        round: &mut Round,
    ) -> Result<(), DbErr> {
        let attempts = job.attempts + 1;
        let mut update = jobs::Entity::update_many()
            .col_expr(
                jobs::Column::LeaseUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                jobs::Column::LeaseOwner,
                Expr::value(Option::<String>::None),
            );
        update = match (&result, job.every_secs) {
            (Ok(()), Some(every)) => {
                round.done += 1;
                update
                    .col_expr(
                        jobs::Column::RunAt,
                        Expr::value(now + Duration::seconds(i64::from(every))),
                    )
                    .col_expr(jobs::Column::Attempts, Expr::value(0))
                    .col_expr(jobs::Column::LastError, Expr::value(Option::<String>::None))
            }
            (Ok(()), None) => {
                round.done += 1;
                // Done: the payload (an address, a mail id) is not needed any more.
                update
                    .col_expr(jobs::Column::DoneAt, Expr::value(now))
                    .col_expr(jobs::Column::Payload, Expr::value("{}"))
            }
            (Err(e), _) => {
                // The error names the job's problem (a transport, a query), never personal
                // data.
                let error: String = e.chars().take(500).collect();
                tracing::warn!(kind = job.kind.code(), attempts, error = %error, "job failed");
                let update = update.col_expr(jobs::Column::LastError, Expr::value(error));
                if attempts >= job.max_attempts && job.every_secs.is_none() {
                    round.failed += 1;
                    update
                        .col_expr(jobs::Column::FailedAt, Expr::value(now))
                        .col_expr(jobs::Column::Payload, Expr::value("{}"))
                } else {
                    round.retried += 1;
                    update.col_expr(jobs::Column::RunAt, Expr::value(now + backoff(attempts)))
                }
            }
        };
        let txn = self.ctx.db.write().await?;
        update
            .filter(jobs::Column::Id.eq(job.id))
            .filter(jobs::Column::LeaseOwner.eq(self.owner.clone()))
            .exec(&txn)
            .await?;
        txn.commit().await
    }

    /// Runs every job due now, once; returns what happened.
    pub async fn run_due(&self) -> Result<Round, DbErr> {
        let now = self.ctx.clock.now();
        let due = jobs::Entity::find()
            .filter(jobs::Column::DoneAt.is_null())
            .filter(jobs::Column::FailedAt.is_null())
            .filter(jobs::Column::RunAt.lte(now))
            .filter(
                Condition::any()
                    .add(jobs::Column::LeaseUntil.is_null())
                    .add(jobs::Column::LeaseUntil.lt(now)),
            )
            .order_by_asc(jobs::Column::RunAt)
            .order_by_asc(jobs::Column::Id)
            .limit(BATCH)
            .all(&self.ctx.db)
            .await?;
        let mut round = Round::default();
        for job in due {
            // Saved searches run on a search index: a runner without one leaves them.
            if job.kind == JobKind::SearchAlerts && self.ctx.search.is_none() {
                continue;
            }
            if !self.claim(job.id, now).await? {
                continue;
            }
            let result = kinds::run(&self.ctx, &job, now).await;
            self.finish(&job, result, now, &mut round).await?;
        }
        Ok(round)
    }

    /// Runs `run_due` every `every` until the process ends.
    pub fn spawn(self, every: std::time::Duration) {
        actix_web::rt::spawn(async move {
            let now = self.ctx.clock.now();
            if let Err(e) = ensure_recurring(&self.ctx.db, now).await {
                tracing::warn!(error = %e, "could not schedule the recurring jobs");
            }
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                if self.ctx.db.health().is_down() {
                    continue;
                }
                match self.run_due().await {
                    Ok(r) if r.ran() > 0 => tracing::info!(
                        done = r.done,
                        retried = r.retried,
                        failed = r.failed,
                        "jobs round"
                    ),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "jobs runner could not read the queue"),
                }
            }
        });
    }
}

/// The payload of a job, read back.
pub(crate) fn payload<T: for<'de> Deserialize<'de>>(job: &jobs::Model) -> Result<T, String> {
    serde_json::from_str(&job.payload).map_err(|e| format!("bad payload: {e}"))
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
