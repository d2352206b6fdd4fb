//! Mail through the outbox and the jobs runner: durable, retried with backoff, sent once.
use super::helpers::{Data, spawn_app};
use super::smtp_sink::{SmtpSink, decode_qp, free_port};
use chrono::{Duration, Utc};
use domicilia::domain::ManualClock;
use domicilia::jobs::Round;
use domicilia::mail::{OutgoingMail, Transport, enqueue};
use sea_orm::TransactionTrait;
use std::sync::{Arc, Mutex};

const FROM: &str = "Domicilia <noreply@domicilia.localhost>";

fn mail(i: usize) -> OutgoingMail {
    OutgoingMail {
        to: format!("famiglia{i}@example.org"),
        subject: format!("Messaggio {i}"),
        text: format!("Testo {i}: https://domicilia.localhost/verifica?t={i}"),
        html: format!("<p>Testo {i}</p>"),
        unsubscribe: None,
    }
}

fn message_ids(messages: &[String]) -> Vec<String> {
    let mut ids: Vec<String> = messages
        .iter()
        .filter_map(|m| {
            m.lines()
                .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
                .map(|l| l[11..].trim().to_owned())
        })
        .collect();
    ids.sort();
    ids
}

fn smtp(port: u16) -> Transport {
    Transport::smtp(&format!("smtp://127.0.0.1:{port}"), FROM).unwrap()
}

#[tokio::test]
async fn outbox_survives_an_smtp_outage_and_delivers_each_mail_exactly_once() {
    let app = spawn_app(Data::Empty).await;
    let port = free_port();
    let now = Utc::now();
    let clock = ManualClock::new(now);
    let runner = app.runner(smtp(port), Arc::new(clock.clone()));
    let txn = app.db.begin().await.unwrap();
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(enqueue(&txn, mail(i), now).await.unwrap());
    }
    txn.commit().await.unwrap();

    // SMTP is down: nothing is lost, every mail is scheduled again.
    assert_eq!(
        runner.run_due().await.unwrap(),
        Round {
            retried: 3,
            ..Round::default()
        }
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'deliver_mail' AND done_at IS NULL AND attempts = 1 AND last_error IS NOT NULL").await, 3);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE sent_at IS NULL")
            .await,
        3
    );
    // Not due again before the backoff.
    assert_eq!(runner.run_due().await.unwrap(), Round::default());

    // SMTP is back (the process could have restarted too: the state is all in tables).
    let store = Arc::new(Mutex::new(Vec::new()));
    let sink = SmtpSink::start(port, Arc::clone(&store)).await;
    clock.advance(Duration::seconds(10));
    assert_eq!(runner.run_due().await.unwrap().done, 3);
    clock.advance(Duration::hours(2));
    assert_eq!(runner.run_due().await.unwrap(), Round::default());
    let messages = sink.stop().lock().unwrap().clone();
    assert_eq!(messages.len(), 3, "each mail arrives exactly once");
    let mut expected: Vec<String> = ids.iter().map(|id| format!("<{id}@domicilia>")).collect();
    expected.sort();
    assert_eq!(
        message_ids(&messages),
        expected,
        "the Message-ID is the row's id"
    );
    let first = messages
        .iter()
        .find(|m| m.contains("Subject: Messaggio 0"))
        .expect("message 0");
    assert!(first.contains("To: famiglia0@example.org"));
    assert!(
        first.contains("https://domicilia.localhost/verifica?t=0"),
        "the link arrives intact"
    );
    assert!(first.contains("text/html") && first.contains("text/plain"));
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE sent_at IS NOT NULL")
            .await,
        3
    );
    // Done jobs keep no payload.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM jobs WHERE done_at IS NOT NULL AND attempts = 2 AND payload = '{}'")
            .await,
        3
    );
}

#[tokio::test]
async fn two_runners_never_send_the_same_mail_twice() {
    let app = spawn_app(Data::Empty).await;
    let port = free_port();
    let store = Arc::new(Mutex::new(Vec::new()));
    let sink = SmtpSink::start(port, Arc::clone(&store)).await;
    let now = Utc::now();
    for i in 0..8 {
        enqueue(&app.db, mail(i), now).await.unwrap();
    }
    let clock = Arc::new(ManualClock::new(now));
    let a = app.runner(smtp(port), clock.clone());
    let b = app.runner(smtp(port), clock);
    let (ra, rb) = tokio::join!(a.run_due(), b.run_due());
    assert_eq!(ra.unwrap().done + rb.unwrap().done, 8);
    let messages = sink.stop().lock().unwrap().clone();
    assert_eq!(messages.len(), 8);
    let mut ids = message_ids(&messages);
    ids.dedup();
    assert_eq!(ids.len(), 8);
}

#[tokio::test]
async fn a_template_travels_through_smtp_with_its_link_intact() {
    let app = spawn_app(Data::Empty).await;
    let port = free_port();
    let store = Arc::new(Mutex::new(Vec::new()));
    let sink = SmtpSink::start(port, Arc::clone(&store)).await;
    let link = "https://domicilia.localhost/verifica-email?token=AbC-123_xyz";
    let rendered = domicilia::mail::templates::render(
        "verify_email",
        "en",
        &[("name", "Anna"), ("link", link), ("hours", "48")],
    )
    .unwrap();
    enqueue(
        &app.db,
        OutgoingMail::new("anna@example.org", rendered),
        Utc::now(),
    )
    .await
    .unwrap();
    let runner = app.runner(smtp(port), Arc::new(ManualClock::new(Utc::now())));
    assert_eq!(runner.run_due().await.unwrap().done, 1);
    let messages = sink.stop().lock().unwrap().clone();
    let decoded = decode_qp(&messages[0]);
    assert!(messages[0].contains("Subject: Confirm your e-mail address"));
    assert!(
        decoded.contains(&format!("\n{link}\n")) || decoded.contains(&format!("\r\n{link}\r\n")),
        "the text link: {decoded}"
    );
    assert!(
        decoded.contains(&format!("href=\"{link}\"")),
        "the HTML link: {decoded}"
    );
    assert!(
        decoded.contains("Domicilia — home care"),
        "UTF-8 survives: {decoded}"
    );
}

#[tokio::test]
async fn a_rolled_back_change_sends_nothing() {
    let app = spawn_app(Data::Empty).await;
    let txn = app.db.begin().await.unwrap();
    enqueue(&txn, mail(1), Utc::now()).await.unwrap();
    txn.rollback().await.unwrap();
    assert_eq!(app.scalar("SELECT COUNT(*) FROM outbox_emails").await, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM jobs").await, 0);
}

#[tokio::test]
async fn without_smtp_mail_is_written_as_eml_files() {
    let app = spawn_app(Data::Empty).await;
    let id = enqueue(&app.db, mail(7), Utc::now()).await.unwrap();
    assert_eq!(app.run_jobs().await.done, 1);
    let eml = std::fs::read_to_string(app.mail_dir.join(format!("{id}.eml"))).unwrap();
    assert!(
        eml.contains("Subject: Messaggio 7")
            && eml.contains("https://domicilia.localhost/verifica?t=7")
    );
}

#[tokio::test]
async fn a_bad_address_is_retried_later_not_lost_and_not_fatal() {
    let app = spawn_app(Data::Empty).await;
    let mut bad = mail(1);
    bad.to = "not an address".into();
    enqueue(&app.db, bad, Utc::now()).await.unwrap();
    enqueue(&app.db, mail(2), Utc::now()).await.unwrap();
    let round = app.run_jobs().await;
    assert_eq!((round.done, round.retried), (1, 1));
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE sent_at IS NULL")
            .await,
        1
    );
}
