use super::helpers::{Data, spawn_app};
use super::smtp_sink::{SmtpSink, decode_qp, free_port};
use chrono::{Duration, Utc};
use domicilia::mail::{OutgoingMail, Round, Transport, deliver_due, enqueue};
use sea_orm::TransactionTrait;
use std::sync::{Arc, Mutex};

const FROM: &str = "Domicilia <noreply@domicilia.localhost>";

fn mail(i: usize) -> OutgoingMail {
    OutgoingMail {
        to: format!("famiglia{i}@example.org"),
        subject: format!("Messaggio {i}"),
        text: format!("Testo {i}: https://domicilia.localhost/verifica?t={i}"),
        html: format!("<p>Testo {i}</p>"),
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

#[tokio::test]
async fn outbox_survives_an_smtp_outage_and_delivers_each_mail_exactly_once() {
    let app = spawn_app(Data::Empty).await;
    let port = free_port();
    let transport = Transport::smtp(&format!("smtp://127.0.0.1:{port}"), FROM).unwrap();
    let now = Utc::now();
    let txn = app.db.begin().await.unwrap();
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(enqueue(&txn, mail(i), now).await.unwrap());
    }
    txn.commit().await.unwrap();

    // SMTP is down: nothing is lost, every row is scheduled again.
    assert_eq!(
        deliver_due(&app.db, &transport, now).await.unwrap(),
        Round { sent: 0, failed: 3 }
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE sent_at IS NULL AND attempts = 1 AND last_error IS NOT NULL").await, 3);
    // Not due again before the backoff.
    assert_eq!(
        deliver_due(&app.db, &transport, now).await.unwrap(),
        Round::default()
    );

    // SMTP is back (the process could have restarted too: the state is all in the table).
    let store = Arc::new(Mutex::new(Vec::new()));
    let sink = SmtpSink::start(port, Arc::clone(&store)).await;
    let later = now + Duration::seconds(10);
    assert_eq!(
        deliver_due(&app.db, &transport, later).await.unwrap(),
        Round { sent: 3, failed: 0 }
    );
    assert_eq!(
        deliver_due(&app.db, &transport, later + Duration::hours(2))
            .await
            .unwrap(),
        Round::default()
    );
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
        app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE sent_at IS NOT NULL AND attempts = 2")
            .await,
        3
    );
}

#[tokio::test]
async fn two_workers_never_send_the_same_mail_twice() {
    let app = spawn_app(Data::Empty).await;
    let port = free_port();
    let store = Arc::new(Mutex::new(Vec::new()));
    let sink = SmtpSink::start(port, Arc::clone(&store)).await;
    let now = Utc::now();
    for i in 0..8 {
        enqueue(&app.db, mail(i), now).await.unwrap();
    }
    let a = Transport::smtp(&format!("smtp://127.0.0.1:{port}"), FROM).unwrap();
    let b = Transport::smtp(&format!("smtp://127.0.0.1:{port}"), FROM).unwrap();
    let (ra, rb) = tokio::join!(deliver_due(&app.db, &a, now), deliver_due(&app.db, &b, now));
    assert_eq!(ra.unwrap().sent + rb.unwrap().sent, 8);
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
    let transport = Transport::smtp(&format!("smtp://127.0.0.1:{port}"), FROM).unwrap();
    assert_eq!(
        deliver_due(&app.db, &transport, Utc::now())
            .await
            .unwrap()
            .sent,
        1
    );
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
}

#[tokio::test]
async fn without_smtp_mail_is_written_as_eml_files() {
    let app = spawn_app(Data::Empty).await;
    let dir = std::env::temp_dir().join(format!("domicilia-mail-{}", uuid::Uuid::now_v7()));
    let transport = Transport::files(dir.clone(), FROM).unwrap();
    let id = enqueue(&app.db, mail(7), Utc::now()).await.unwrap();
    assert_eq!(
        deliver_due(&app.db, &transport, Utc::now()).await.unwrap(),
        Round { sent: 1, failed: 0 }
    );
    let eml = std::fs::read_to_string(dir.join(format!("{id}.eml"))).unwrap();
    assert!(
        eml.contains("Subject: Messaggio 7")
            && eml.contains("https://domicilia.localhost/verifica?t=7")
    );
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn a_bad_address_is_retried_later_not_lost_and_not_fatal() {
    let app = spawn_app(Data::Empty).await;
    let dir = std::env::temp_dir().join(format!("domicilia-mail-{}", uuid::Uuid::now_v7()));
    let transport = Transport::files(dir.clone(), FROM).unwrap();
    let mut bad = mail(1);
    bad.to = "not an address".into();
    enqueue(&app.db, bad, Utc::now()).await.unwrap();
    enqueue(&app.db, mail(2), Utc::now()).await.unwrap();
    assert_eq!(
        deliver_due(&app.db, &transport, Utc::now()).await.unwrap(),
        Round { sent: 1, failed: 1 }
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE sent_at IS NULL")
            .await,
        1
    );
    std::fs::remove_dir_all(dir).ok();
}
