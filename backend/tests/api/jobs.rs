//! The jobs runner: leases, retries with backoff, failure after the last attempt,
//! recurring jobs, and two instances never running one job twice. Time moves by the
//! injected clock; nothing sleeps.
use super::helpers::{Data, TestApp, spawn_app};
use chrono::{Duration, Utc};
use domicilia::domain::ManualClock;
use domicilia::jobs::{self, JobKind, LEASE_SECS, Round};
use domicilia::mail::{OutgoingMail, Transport, enqueue};
use std::sync::Arc;

const FROM: &str = "Domicilia <noreply@domicilia.localhost>";

fn mail(i: usize) -> OutgoingMail {
    OutgoingMail {
        to: format!("persona{i}@example.org"),
        subject: format!("Avviso {i}"),
        text: format!("Testo {i}"),
        html: format!("<p>Testo {i}</p>"),
        unsubscribe: None,
    }
}

fn files(dir: &std::path::Path) -> Transport {
    Transport::files(dir.to_owned(), FROM).unwrap()
}

fn temp_dir() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("domicilia-jobs-{}", uuid::Uuid::now_v7()))
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    app.scalar(sql).await
}

#[tokio::test]
async fn two_instances_never_run_one_job_twice() {
    let app = spawn_app(Data::Empty).await;
    let now = Utc::now();
    for i in 0..60 {
        enqueue(&app.db, mail(i), now).await.unwrap();
    }
    // Two instances, each with its own runner and its own mail directory.
    let (dir_a, dir_b) = (temp_dir(), temp_dir());
    let clock = Arc::new(ManualClock::new(now));
    let a = app.runner(files(&dir_a), clock.clone());
    let b = app.runner(files(&dir_b), clock);
    let mut total = Round::default();
    loop {
        let (ra, rb) = tokio::join!(a.run_due(), b.run_due());
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        if ra.ran() + rb.ran() == 0 {
            break;
        }
        total.done += ra.done + rb.done;
        total.retried += ra.retried + rb.retried;
    }
    assert_eq!(
        total,
        Round {
            done: 60,
            ..Round::default()
        }
    );
    let written = |d: &std::path::Path| std::fs::read_dir(d).map(|r| r.count()).unwrap_or(0);
    assert_eq!(
        written(&dir_a) + written(&dir_b),
        60,
        "each mail written once"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM jobs WHERE done_at IS NOT NULL AND attempts = 1"
        )
        .await,
        60
    );
    std::fs::remove_dir_all(dir_a).ok();
    std::fs::remove_dir_all(dir_b).ok();
}

#[tokio::test]
async fn a_job_whose_runner_died_is_taken_again_when_its_lease_ends() {
    let app = spawn_app(Data::Empty).await;
    let now = Utc::now();
    enqueue(&app.db, mail(1), now).await.unwrap();
    // Another instance claimed it and died.
    {
        use domicilia::entities::jobs as j;
        use sea_orm::{EntityTrait, sea_query::Expr};
        j::Entity::update_many()
            .col_expr(j::Column::LeaseOwner, Expr::value("dead"))
            .col_expr(
                j::Column::LeaseUntil,
                Expr::value(now + Duration::seconds(LEASE_SECS)),
            )
            .col_expr(j::Column::Attempts, Expr::value(1))
            .exec(&app.db)
            .await
            .unwrap();
    }
    let clock = ManualClock::new(now);
    let dir = temp_dir();
    let runner = app.runner(files(&dir), Arc::new(clock.clone()));
    assert_eq!(runner.run_due().await.unwrap(), Round::default(), "leased");
    clock.advance(Duration::seconds(LEASE_SECS + 1));
    assert_eq!(runner.run_due().await.unwrap().done, 1);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM outbox_emails WHERE sent_at IS NOT NULL"
        )
        .await,
        1
    );
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn a_job_that_keeps_failing_is_marked_failed_after_its_last_attempt() {
    let app = spawn_app(Data::Empty).await;
    let now = Utc::now();
    let mut bad = mail(1);
    bad.to = "not an address".into();
    enqueue(&app.db, bad, now).await.unwrap();
    let clock = ManualClock::new(now);
    let dir = temp_dir();
    let runner = app.runner(files(&dir), Arc::new(clock.clone()));
    let max = JobKind::DeliverMail.max_attempts();
    for attempt in 1..=max {
        let round = runner.run_due().await.unwrap();
        if attempt < max {
            assert_eq!(round.retried, 1, "attempt {attempt}");
            // Not before its backoff…
            assert_eq!(runner.run_due().await.unwrap(), Round::default());
            // …and again after it.
            clock.advance(jobs::backoff(attempt));
        } else {
            assert_eq!(round.failed, 1);
        }
    }
    clock.advance(Duration::days(2));
    assert_eq!(
        runner.run_due().await.unwrap(),
        Round::default(),
        "failed for good"
    );
    assert_eq!(
        count(&app, &format!("SELECT COUNT(*) FROM jobs WHERE failed_at IS NOT NULL AND attempts = {max} AND last_error IS NOT NULL AND payload = '{{}}'")).await,
        1
    );
}

#[tokio::test]
async fn recurring_housekeeping_exists_once_and_moves_forward() {
    let app = spawn_app(Data::Empty).await;
    let now = Utc::now();
    jobs::ensure_recurring(&app.db, now).await.unwrap();
    jobs::ensure_recurring(&app.db, now).await.unwrap();
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM jobs WHERE kind = 'housekeeping'"
        )
        .await,
        1
    );
    // An old rate-limit event and a fresh one.
    for at in [now - Duration::hours(2), now] {
        domicilia::services::rate_limit::hit(
            &app.db,
            domicilia::services::rate_limit::LOGIN,
            &[format!("account:{at}")],
            at,
        )
        .await
        .unwrap();
    }
    let clock = ManualClock::new(now);
    let dir = temp_dir();
    let runner = app.runner(files(&dir), Arc::new(clock.clone()));
    // Housekeeping, the verification reminders, the answer deadlines and the matches'
    // daily digest.
    assert_eq!(runner.run_due().await.unwrap().done, 4);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM rate_events").await, 1);
    // Not again until its period has passed (the deadlines every 5 minutes, the
    // housekeeping every 10); then again.
    clock.advance(Duration::minutes(4));
    assert_eq!(runner.run_due().await.unwrap(), Round::default());
    clock.advance(Duration::minutes(2));
    assert_eq!(runner.run_due().await.unwrap().done, 1, "the deadlines");
    clock.advance(Duration::minutes(3));
    assert_eq!(runner.run_due().await.unwrap(), Round::default());
    clock.advance(Duration::minutes(2));
    assert_eq!(
        runner.run_due().await.unwrap().done,
        2,
        "the housekeeping and the deadlines"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM jobs WHERE kind = 'housekeeping' AND done_at IS NULL"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_job_enqueued_in_a_rolled_back_change_never_runs() {
    let app = spawn_app(Data::Empty).await;
    let txn = app.db.write().await.unwrap();
    jobs::enqueue(
        &txn,
        JobKind::PasswordReset,
        &jobs::PasswordResetJob {
            email: "x@example.org".into(),
            client: String::new(),
        },
        Utc::now(),
    )
    .await
    .unwrap();
    drop(txn);
    assert_eq!(app.run_jobs().await, Round::default());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM jobs").await, 0);
}
