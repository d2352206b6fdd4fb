//! The demo's contact history (`domicilia seed demo`): made through the services with the
//! clock in the past, it leaves what the platform measures on the cards (signals, reviews
//! with averages) and the city's events, and nothing for today's bells and mailboxes.
use super::helpers::{Data, spawn_app};
use domicilia::api::auth::Role;
use domicilia::reference::Reference;
use domicilia::seed::history;
use sea_orm::ConnectionTrait;
use serde_json::Value;

#[tokio::test]
async fn the_demo_history_leaves_measured_cards_and_no_mail() {
    let app = spawn_app(Data::Demo).await;
    let r = Reference::load(&app.db).await.unwrap();
    let now = chrono::Utc::now();
    let made = history::load(&app.db, &r, "http://localhost:8080", now)
        .await
        .unwrap();
    assert!(made.cards >= 20, "{made:?}");
    assert!(made.threads >= 5 * made.cards - 40, "{made:?}");
    assert!(
        made.orders > 0 && made.reviews > 0 && made.reviews <= made.orders,
        "{made:?}"
    );

    // Stored as the flow leaves it: one thread per request here, every state reached.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM contact_threads").await,
        made.threads as i64
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM orders").await,
        made.orders as i64
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM reviews WHERE status = 'published'")
            .await,
        made.reviews as i64
    );
    for status in ["expired", "declined", "closed", "accepted"] {
        assert!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM contact_threads WHERE status = '{status}'"
            ))
            .await
                > 0,
            "a thread {status}"
        );
    }
    assert!(
        app.scalar("SELECT COUNT(*) FROM orders WHERE status = 'confirmed'")
            .await
            > 0
    );
    // Every step is an interaction event, in the past year.
    for kind in [
        "request_sent",
        "thread_opened",
        "first_answer",
        "thread_expired",
        "thread_declined",
        "quote_sent",
        "order_created",
        "review_published",
    ] {
        assert!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM interaction_events WHERE kind = '{kind}'"
            ))
            .await
                > 0,
            "events of kind {kind}"
        );
    }
    // Nothing of it rings a bell or leaves in the mail today.
    assert_eq!(app.scalar("SELECT COUNT(*) FROM notifications").await, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM outbox_emails").await, 0);
    // Its people are not accounts anyone signs in with.
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM users u JOIN contact_requests q ON q.citizen_id = u.id \
             WHERE u.email IS NOT NULL OR u.password_hash IS NOT NULL"
        )
        .await,
        0
    );
    // The organisations of the demo accounts start without history.
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM contact_threads WHERE organisation_id IN \
             (SELECT id FROM organisations WHERE is_consortium = false ORDER BY id LIMIT 2)"
        )
        .await,
        0
    );

    // A card with the most published reviews shows them and the signals measured.
    let card: String = {
        let rows = app
            .db
            .query_all_raw(sea_orm::Statement::from_string(
                app.db.get_database_backend(),
                "SELECT c.public_id FROM reviews v JOIN service_cards c ON c.id = v.card_id \
                 WHERE v.status = 'published' GROUP BY c.public_id ORDER BY COUNT(*) DESC, c.public_id LIMIT 1",
            ))
            .await
            .unwrap();
        let row = rows.first().expect("a reviewed card");
        row.try_get_by_index::<uuid::Uuid>(0)
            .map(|u| u.to_string())
            .or_else(|_| row.try_get_by_index::<String>(0))
            .unwrap()
    };
    let v: Value = app
        .get_json(&format!("/api/v1/services/{card}/reviews"), 200)
        .await;
    let items = v["items"].as_array().unwrap();
    assert!(!items.is_empty(), "{v}");
    assert_eq!(
        v["averages"]["count"].as_i64(),
        Some(items.len() as i64),
        "{v}"
    );
    let overall = v["averages"]["overall"].as_f64().unwrap();
    assert!((3.0..=5.0).contains(&overall), "{v}");
    let s = &v["signals"];
    assert!(s["threads"].as_i64().unwrap() >= 5, "{v}");
    assert!(s["activations"].as_i64().unwrap() >= 1, "{v}");
    assert!(s["median_first_response_secs"].as_i64().unwrap() > 0, "{v}");
    assert!(s["median_activation_days"].as_i64().is_some(), "{v}");

    // The reviewers read the published ones newest first, page after page.
    let reviewer = app
        .grant(
            "revisore.storia@example.org",
            Role::MunicipalReviewer,
            Some("milano"),
            None,
        )
        .await;
    let mut seen: Vec<chrono::DateTime<chrono::FixedOffset>> = Vec::new();
    for page in 1..=3 {
        let (s, _, l) = super::card_workflow::call(
            &app,
            "GET",
            &format!("/api/v1/reviews?status=published&per_page=25&page={page}"),
            &reviewer,
            None,
            None,
        )
        .await;
        assert_eq!(s, 200, "{l}");
        assert_eq!(l["total"].as_i64(), Some(made.reviews as i64));
        seen.extend(l["items"].as_array().unwrap().iter().map(|i| {
            chrono::DateTime::parse_from_rfc3339(i["created_at"].as_str().unwrap()).unwrap()
        }));
    }
    assert_eq!(seen.len(), made.reviews.min(75));
    assert!(
        seen.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {seen:?}"
    );

    // Loaded once: a second run finds requests and adds nothing.
    let again = history::load(&app.db, &r, "http://localhost:8080", now)
        .await
        .unwrap();
    assert_eq!(again, history::History::default());
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM contact_threads").await,
        made.threads as i64
    );
}
