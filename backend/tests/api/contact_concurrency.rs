//! Reviews and the threads' export under twenty clients at once (issue 11; requests,
//! messages and acceptance have theirs in `contact.rs`): no 5xx, one review per order,
//! one publication, one answer, every report counted, every export audited.
use super::contact::{admin_of, cast, confirmed_order};
use super::helpers::{Data, answered, spawn_app, twenty};
use serde_json::{Value, json};

#[tokio::test]
async fn twenty_clients_at_once_on_a_review_and_an_export() {
    let app = spawn_app(Data::Demo).await;
    let c = cast(&app).await;
    let oid = confirmed_order(&app, &c.family, &c.staff_a, &c.cards_a[0]).await;
    let post = |token: &str, path: String, body: Value| {
        app.client
            .post(format!("{}{path}", app.address))
            .bearer_auth(token)
            .json(&body)
    };

    // Twenty submissions (a double click, many tabs): one review, the rest 409.
    let statuses = twenty(|i| {
        post(
            &c.family,
            format!("/api/v1/orders/{oid}/review"),
            json!({"ratings": {"punctuality": 1 + i % 5, "competence": 4, "kindness": 5, "value": 4},
                   "body": format!("Recensione {i}")}),
        )
    })
    .await;
    answered(&statuses, 201, 1, &[409]);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM reviews").await, 1);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM interaction_events WHERE kind = 'review_submitted'")
            .await,
        1
    );
    let rid: String = {
        let (_, _, o) = super::card_workflow::call(
            &app,
            "GET",
            &format!("/api/v1/orders/{oid}"),
            &c.family,
            None,
            None,
        )
        .await;
        o["review"].as_str().unwrap().to_owned()
    };

    // Twenty publications by the reviewer: one, the rest find it published.
    let statuses = twenty(|_| {
        post(
            &c.reviewer,
            format!("/api/v1/reviews/{rid}/publish"),
            json!({}),
        )
    })
    .await;
    answered(&statuses, 200, 1, &[409]);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM interaction_events WHERE kind = 'review_published'")
            .await,
        1
    );

    // Twenty answers by the provider: one is kept, whole.
    let statuses = twenty(|i| {
        post(
            &c.staff_a,
            format!("/api/v1/reviews/{rid}/reply"),
            json!({"body": format!("Risposta numero {i}")}),
        )
    })
    .await;
    answered(&statuses, 200, 1, &[409]);
    let public = app
        .get_json(&format!("/api/v1/services/{}/reviews", c.cards_a[0]), 200)
        .await;
    let reply = public["items"][0]["reply"].as_str().unwrap();
    assert!(reply.starts_with("Risposta numero "), "{public}");

    // Twenty reports: each one counted, none lost to another.
    let statuses = twenty(|i| {
        post(
            &c.other_family,
            format!("/api/v1/reviews/{rid}/report"),
            json!({"details": format!("Segnalazione {i}")}),
        )
    })
    .await;
    answered(&statuses, 204, 20, &[]);
    assert_eq!(
        app.scalar("SELECT CAST(reports AS BIGINT) FROM reviews")
            .await,
        20
    );

    // Twenty exports by the organisation's administrator: each answered and audited.
    let (org, admin) = admin_of(&app, &c.cards_a[0]).await;
    let statuses = twenty(|_| {
        app.client
            .get(format!(
                "{}/api/v1/organisations/{org}/threads/export",
                app.address
            ))
            .bearer_auth(&admin)
    })
    .await;
    answered(&statuses, 200, 20, &[]);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'threads_exported'")
            .await,
        20
    );
}
