//! Every write of the card workflow with twenty simultaneous clients (issue 10), on
//! SQLite and PostgreSQL: no 5xx, each decision taken once, the others told why (412:
//! the card moved on; 409: not allowed in its new state), the stored effects single.
use super::card_workflow::{call, complete, people};
use super::helpers::{Data, TestApp, answered, spawn_app, statuses_at_once};
use serde_json::{Value, json};

/// (method, path, bearer token, If-Match, body)
type Request = (&'static str, String, String, Option<String>, Option<Value>);

/// Sends the requests at once: (status of each, in order).
async fn at_once(app: &TestApp, requests: Vec<Request>) -> Vec<u16> {
    statuses_at_once(
        requests
            .into_iter()
            .map(|(method, path, token, etag, body)| {
                let mut req = app
                    .client
                    .request(method.parse().unwrap(), format!("{}{path}", app.address))
                    .bearer_auth(token);
                if let Some(e) = etag {
                    req = req.header("If-Match", e);
                }
                if let Some(b) = body {
                    req = req.json(&b);
                }
                req
            })
            .collect(),
    )
    .await
}

/// Exactly one success (`ok`), every other answer one of `others`.
fn once(statuses: &[u16], ok: u16, others: &[u16]) {
    answered(statuses, ok, 1, others);
}

async fn etag_of(app: &TestApp, token: &str, id: &str) -> (String, Value) {
    let (status, etag, card) = call(
        app,
        "GET",
        &format!("/api/v1/cards/{id}"),
        token,
        None,
        None,
    )
    .await;
    assert_eq!(status, 200, "{card}");
    (etag.unwrap(), card)
}

#[tokio::test]
async fn twenty_simultaneous_clients_on_each_step_of_the_review() {
    let app = spawn_app(Data::Demo).await;
    let p = people(&app).await;
    let content = complete(&app, &p.org).await;

    // Twenty new cards at once: twenty cards, each with its first draft.
    let before = app.scalar("SELECT COUNT(*) FROM service_cards").await;
    let statuses = at_once(
        &app,
        (0..20)
            .map(|i| {
                let mut c = content.clone();
                c["title"] = json!(format!("Scheda parallela {i}"));
                (
                    "POST",
                    "/api/v1/cards".to_owned(),
                    p.staff.clone(),
                    None,
                    Some(json!({"organisation": p.org, "content": c})),
                )
            })
            .collect(),
    )
    .await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM service_cards").await,
        before + 20
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM card_versions WHERE content LIKE '%Scheda parallela%'")
            .await,
        20
    );

    let (status, etag, card) = call(
        &app,
        "POST",
        "/api/v1/cards",
        &p.staff,
        None,
        Some(json!({"organisation": p.org, "content": content})),
    )
    .await;
    assert_eq!(status, 201, "{card}");
    let id = card["id"].as_str().unwrap().to_owned();
    let path = |action: &str| format!("/api/v1/cards/{id}/{action}");

    // Submitted once.
    let statuses = at_once(
        &app,
        (0..20)
            .map(|_| ("POST", path("submit"), p.staff.clone(), etag.clone(), None))
            .collect(),
    )
    .await;
    once(&statuses, 200, &[409, 412]);
    let (etag, card) = etag_of(&app, &p.staff, &id).await;
    assert_eq!(card["pending"]["status"], "in_review");

    // Ten reviewers approve while ten send it back: one decision.
    let statuses = at_once(
        &app,
        (0..20)
            .map(|i| {
                if i % 2 == 0 {
                    (
                        "POST",
                        path("approve"),
                        p.reviewer.clone(),
                        Some(etag.clone()),
                        None,
                    )
                } else {
                    (
                        "POST",
                        path("request-changes"),
                        p.reviewer.clone(),
                        Some(etag.clone()),
                        Some(json!({"comment": "Manca il prezzo festivo."})),
                    )
                }
            })
            .collect(),
    )
    .await;
    once(&statuses, 200, &[409, 412]);
    let decisions = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE object_id = '{id}' AND action IN ('card_approved', 'card_changes_requested')"
        ))
        .await;
    assert_eq!(decisions, 1);
    let (_, card) = etag_of(&app, &p.staff, &id).await;
    if card["status"] != "published" {
        // Sent back: resubmit and approve, so that the card can be taken down below.
        let (etag, _) = etag_of(&app, &p.staff, &id).await;
        let (s, _, _) = call(&app, "POST", &path("submit"), &p.staff, Some(&etag), None).await;
        assert_eq!(s, 200);
        let (etag, _) = etag_of(&app, &p.staff, &id).await;
        let (s, _, _) = call(
            &app,
            "POST",
            &path("approve"),
            &p.reviewer,
            Some(&etag),
            None,
        )
        .await;
        assert_eq!(s, 200);
    }
    let (etag, card) = etag_of(&app, &p.staff, &id).await;
    assert_eq!(card["status"], "published");
    assert_eq!(
        card["versions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v["status"] == "published")
            .count(),
        1,
        "one live version: {card}"
    );

    // Taken down once.
    let statuses = at_once(
        &app,
        (0..20)
            .map(|_| {
                (
                    "POST",
                    path("unpublish"),
                    p.reviewer.clone(),
                    Some(etag.clone()),
                    Some(json!({"reason": "Informazioni non corrette"})),
                )
            })
            .collect(),
    )
    .await;
    once(&statuses, 200, &[409, 412]);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE object_id = '{id}' AND action = 'card_unpublished'"
        ))
        .await,
        1
    );
    let (_, card) = etag_of(&app, &p.staff, &id).await;
    assert_eq!(card["status"], "unpublished");

    // The staff member's notifications, read twenty times at once: all read, no error.
    let (_, _, list) = call(
        &app,
        "GET",
        "/api/v1/me/notifications",
        &p.staff,
        None,
        None,
    )
    .await;
    let first = list["items"][0]["id"].as_str().unwrap().to_owned();
    let statuses = at_once(
        &app,
        (0..20)
            .map(|i| {
                let path = if i % 2 == 0 {
                    "/api/v1/me/notifications/read-all".to_owned()
                } else {
                    format!("/api/v1/me/notifications/{first}/read")
                };
                ("POST", path, p.staff.clone(), None, None)
            })
            .collect(),
    )
    .await;
    assert!(statuses.iter().all(|s| *s == 204), "{statuses:?}");
    let (_, _, count) = call(
        &app,
        "GET",
        "/api/v1/me/notifications/count",
        &p.staff,
        None,
        None,
    )
    .await;
    assert_eq!(count["unread"], 0);
}
