//! Citizens report a card as wrong or outdated (issue 10): without an account,
//! rate-limited, seen by the card's organisation and the city's reviewers (nobody else),
//! resolved once, with notifications, mail and the audit log.
use super::card_workflow::{call, people};
use super::helpers::{Data, TestApp, answered, spawn_app, spawn_app_with, statuses_at_once};
use serde_json::{Value, json};

/// A published card of the staff's organisation.
async fn card_of(app: &TestApp, org: &str) -> String {
    let v: Value = app.get_json("/api/v1/services?per_page=100", 200).await;
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["organisation"]["id"] == org)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn report(app: &TestApp, card: &str, body: Value) -> (u16, Value) {
    let res = app
        .client
        .post(format!("{}/api/v1/services/{card}/reports", app.address))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn ids(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_citizens_report_reaches_both_queues_and_is_resolved_once() {
    let app = spawn_app(Data::Demo).await;
    let p = people(&app).await;
    let card = card_of(&app, &p.org).await;

    // Bad input stores nothing and names the field.
    for (body, field) in [
        (json!({"reason": "other", "details": "   "}), "details"),
        (
            json!({"reason": "wrong_prices", "details": "x".repeat(1001)}),
            "details",
        ),
        (
            json!({"reason": "wrong_prices", "details": "ciao\u{0}"}),
            "details",
        ),
        (json!({"reason": "rude"}), "reason"),
    ] {
        let (status, problem) = report(&app, &card, body).await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }
    let (status, _) = report(
        &app,
        &uuid::Uuid::now_v7().to_string(),
        json!({"reason": "wrong_hours"}),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM card_reports").await, 0);

    // Anyone may report; nothing about them is kept.
    let (status, receipt) = report(
        &app,
        &card,
        json!({"reason": "wrong_prices", "details": "Al telefono il prezzo è 25 €/h.\nNon 18."}),
    )
    .await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(receipt["status"], "open");
    let rid = receipt["id"].as_str().unwrap().to_owned();

    // The organisation's staff and the tenant's reviewers see it; nobody else does.
    let list = |token: String| {
        let app = &app;
        async move {
            let (status, _, body) = call(
                app,
                "GET",
                "/api/v1/reports?status=open",
                &token,
                None,
                None,
            )
            .await;
            (status, body)
        }
    };
    let (status, mine) = list(p.staff.clone()).await;
    assert_eq!(status, 200);
    assert_eq!(ids(&mine), vec![rid.clone()]);
    assert_eq!(mine["items"][0]["reason"], "wrong_prices");
    assert_eq!(
        mine["items"][0]["details"],
        "Al telefono il prezzo è 25 €/h.\nNon 18."
    );
    assert_eq!(mine["items"][0]["card"], card);
    let (_, city) = list(p.reviewer.clone()).await;
    assert_eq!(ids(&city), vec![rid.clone()]);
    assert!(ids(&list(p.other_staff.clone()).await.1).is_empty());
    assert!(ids(&list(p.other_reviewer.clone()).await.1).is_empty());
    assert_eq!(list(p.citizen.clone()).await.0, 403);
    let (_, _, by_card) = call(
        &app,
        "GET",
        &format!("/api/v1/reports?card={card}"),
        &p.staff,
        None,
        None,
    )
    .await;
    assert_eq!(ids(&by_card), vec![rid.clone()]);

    // On the provider's dashboard: the card needs attention.
    let (_, _, cards) = call(&app, "GET", "/api/v1/cards", &p.staff, None, None).await;
    let row = cards["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == card)
        .unwrap()
        .clone();
    assert_eq!(row["open_reports"], 1);
    assert_eq!(row["needs_attention"], true);

    // The reviewers heard of it, in the app and by mail (without the reporter's words).
    let (_, _, bell) = call(
        &app,
        "GET",
        "/api/v1/me/notifications",
        &p.reviewer,
        None,
        None,
    )
    .await;
    assert_eq!(bell["items"][0]["kind"], "card_report_for_review", "{bell}");
    assert_eq!(bell["items"][0]["link"], "/gestione/segnalazioni");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE to_address = 'reviewer@example.org' AND subject LIKE 'Segnalazione di un cittadino%'")
            .await,
        1
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE body_text LIKE '%Non 18%'")
            .await,
        0
    );

    // Someone who may not handle it gets 404; the organisation resolves it, once.
    let resolve = format!("/api/v1/reports/{rid}/resolve");
    let body =
        json!({"outcome": "corrected", "resolution": "Prezzi aggiornati nella nuova versione."});
    for who in [&p.other_staff, &p.other_reviewer, &p.citizen] {
        let (status, _, _) = call(&app, "POST", &resolve, who, None, Some(body.clone())).await;
        assert_eq!(status, 404);
    }
    let (status, _, bad) = call(
        &app,
        "POST",
        &resolve,
        &p.staff,
        None,
        Some(json!({"outcome": "corrected", "resolution": "y".repeat(1001)})),
    )
    .await;
    assert_eq!(status, 422, "{bad}");
    let (status, _, done) = call(&app, "POST", &resolve, &p.staff, None, Some(body.clone())).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["status"], "resolved");
    assert_eq!(done["outcome"], "corrected");
    assert!(done["resolved_by"].is_string());
    assert!(done["resolved_at"].is_string());
    let (status, _, _) = call(&app, "POST", &resolve, &p.reviewer, None, Some(body)).await;
    assert_eq!(status, 409);
    assert!(ids(&list(p.reviewer.clone()).await.1).is_empty());
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'card_report_resolved' AND object_id = '{card}' AND detail = 'corrected'"
        ))
        .await,
        1
    );
    let (_, _, cards) = call(&app, "GET", "/api/v1/cards", &p.staff, None, None).await;
    let row = cards["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == card)
        .unwrap()
        .clone();
    assert_eq!(row["open_reports"], 0);
}

#[tokio::test]
async fn twenty_simultaneous_reports_from_one_client_keep_to_the_limit_and_resolving_races_once() {
    let app = spawn_app(Data::Demo).await;
    let p = people(&app).await;
    let card = card_of(&app, &p.org).await;
    let url = format!("{}/api/v1/services/{card}/reports", app.address);
    let statuses = statuses_at_once(
        (0..20)
            .map(|i| {
                app.client.post(&url).json(
                    &json!({"reason": "wrong_hours", "details": format!("Orari sbagliati ({i})")}),
                )
            })
            .collect(),
    )
    .await;
    answered(&statuses, 201, 5, &[429]);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM card_reports").await, 5);

    // Twenty people resolving the same report at once: one wins, the others are told.
    let (_, _, open) = call(&app, "GET", "/api/v1/reports", &p.staff, None, None).await;
    let rid = open["items"][0]["id"].as_str().unwrap().to_owned();
    let url = format!("{}/api/v1/reports/{rid}/resolve", app.address);
    let statuses = statuses_at_once(
        (0..20)
            .map(|i| {
                let token = if i % 2 == 0 { &p.staff } else { &p.reviewer };
                app.client
                    .post(&url)
                    .bearer_auth(token)
                    .json(&json!({"outcome": "no_change"}))
            })
            .collect(),
    )
    .await;
    answered(&statuses, 200, 1, &[409]);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'card_report_resolved'")
            .await,
        1
    );
}

#[tokio::test]
async fn the_limit_counts_each_client_and_ipv6_clients_per_network() {
    let app = spawn_app_with(Data::Demo, |s| s.trusted_proxies = "127.0.0.1, ::1".into()).await;
    let p = people(&app).await;
    let card = card_of(&app, &p.org).await;
    let send = |from: &'static str| {
        let app = &app;
        let card = card.clone();
        async move {
            app.client
                .post(format!("{}/api/v1/services/{card}/reports", app.address))
                .header("X-Forwarded-For", from)
                .json(&json!({"reason": "service_ended"}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    // Five from one IPv6 network (different addresses in one /64), then it waits.
    for from in [
        "2001:db8::1",
        "2001:db8::2",
        "2001:db8::3",
        "2001:db8::4",
        "2001:db8::5",
    ] {
        assert_eq!(send(from).await, 201);
    }
    assert_eq!(send("2001:db8::99").await, 429);
    // Another client is not held back by the first.
    assert_eq!(send("2001:db8:1::1").await, 201);
    assert_eq!(send("198.51.100.7").await, 201);
}

#[tokio::test]
async fn a_card_unverified_for_eleven_months_reminds_its_admins_once_per_verification() {
    use domicilia::api::auth::Role;
    use domicilia::services::accounts::{Scope, grant_role};
    use domicilia::services::card_workflow::remind_unverified;
    let app = spawn_app(Data::Demo).await;
    let p = people(&app).await;
    grant_role(
        &app.db,
        "http://x",
        "admin@example.org",
        Role::ProviderAdmin,
        Scope {
            tenant: None,
            organisation: Some(p.org.parse().unwrap()),
            space: None,
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let admin = app.token_for("admin@example.org").await;
    let card = card_of(&app, &p.org).await;
    let now = chrono::Utc::now();
    // Every card verified recently, except this one: 340 days ago.
    let verified = |at: chrono::DateTime<chrono::Utc>, only: Option<uuid::Uuid>| {
        let app = &app;
        async move {
            use domicilia::entities::service_cards::{Column, Entity};
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
            let mut q = Entity::update_many().col_expr(Column::LastVerifiedAt, Expr::value(at));
            if let Some(id) = only {
                q = q.filter(Column::PublicId.eq(id));
            }
            q.exec(&*app.db).await.unwrap();
        }
    };
    verified(now - chrono::Duration::days(10), None).await;
    verified(
        now - chrono::Duration::days(340),
        Some(card.parse().unwrap()),
    )
    .await;
    assert_eq!(
        remind_unverified(&app.db, "http://x", now).await.unwrap(),
        1
    );
    // Once: the next rounds find nothing new.
    assert_eq!(
        remind_unverified(&app.db, "http://x", now).await.unwrap(),
        0
    );
    let (_, _, bell) = call(&app, "GET", "/api/v1/me/notifications", &admin, None, None).await;
    assert_eq!(bell["items"][0]["kind"], "card_verify_due", "{bell}");
    assert_eq!(bell["items"][0]["link"], format!("/gestione/schede/{card}"));
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE to_address = 'admin@example.org' AND subject LIKE 'Scheda da verificare%'")
            .await,
        1
    );
    // On the dashboard it needs attention.
    let (_, _, cards) = call(&app, "GET", "/api/v1/cards", &admin, None, None).await;
    let row = cards["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == card)
        .unwrap()
        .clone();
    assert_eq!(row["needs_attention"], true);
    // The provider confirms it is still accurate: verified now, no reminder until 11
    // months later, then one again.
    let (_, etag, _) = call(
        &app,
        "GET",
        &format!("/api/v1/cards/{card}"),
        &admin,
        None,
        None,
    )
    .await;
    let (status, _, confirmed) = call(
        &app,
        "POST",
        &format!("/api/v1/cards/{card}/confirm"),
        &admin,
        etag.as_deref(),
        None,
    )
    .await;
    assert_eq!(status, 200, "{confirmed}");
    assert_eq!(
        remind_unverified(&app.db, "http://x", chrono::Utc::now())
            .await
            .unwrap(),
        0
    );
    let later = chrono::Utc::now() + chrono::Duration::days(336);
    assert!(remind_unverified(&app.db, "http://x", later).await.unwrap() >= 1);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM notifications WHERE kind = 'card_verify_due' AND object_id = '{card}'"
        ))
        .await,
        2
    );
}
