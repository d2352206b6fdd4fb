//! One message to several providers (issue 11): requests and their threads, messages,
//! declines, deadlines, quotes, counter-proposals, acceptance and orders — through the
//! API, on SQLite and PostgreSQL, with the stored effects (rows, interaction events,
//! notifications, the outbox) and every authorization case by id.
use super::card_workflow::call;
use super::helpers::{Data, TestApp, answered, spawn_app, statuses_at_once};
use domicilia::api::auth::Role;
use serde_json::{Value, json};

/// The demo's actors for contact: a family, a second family, the staff of two
/// organisations (the first with two published cards), a reviewer.
pub(super) struct Cast {
    pub family: String,
    pub other_family: String,
    pub staff_a: String,
    pub staff_b: String,
    pub reviewer: String,
    /// Two cards of organisation A, one of organisation B.
    pub cards_a: Vec<String>,
    pub card_b: String,
}

pub(super) async fn cast(app: &TestApp) -> Cast {
    let v: Value = app.get_json("/api/v1/services?per_page=100", 200).await;
    let items = v["items"].as_array().unwrap();
    // An organisation with at least two published cards, and another one.
    let mut by_org: Vec<(String, Vec<String>)> = Vec::new();
    for i in items {
        let org = i["organisation"]["id"].as_str().unwrap().to_owned();
        let id = i["id"].as_str().unwrap().to_owned();
        match by_org.iter_mut().find(|(o, _)| *o == org) {
            Some((_, c)) => c.push(id),
            None => by_org.push((org, vec![id])),
        }
    }
    let (org_a, cards_a) = by_org
        .iter()
        .find(|(_, c)| c.len() >= 2)
        .cloned()
        .expect("an organisation with two cards");
    let (org_b, cards_b) = by_org
        .iter()
        .find(|(o, _)| *o != org_a)
        .cloned()
        .expect("another organisation");
    Cast {
        family: app
            .grant("famiglia@example.org", Role::Citizen, None, None)
            .await,
        other_family: app
            .grant("altra.famiglia@example.org", Role::Citizen, None, None)
            .await,
        staff_a: app
            .grant(
                "staff.a@example.org",
                Role::ProviderStaff,
                None,
                Some(org_a.parse().unwrap()),
            )
            .await,
        staff_b: app
            .grant(
                "staff.b@example.org",
                Role::ProviderStaff,
                None,
                Some(org_b.parse().unwrap()),
            )
            .await,
        reviewer: app
            .grant(
                "revisore@example.org",
                Role::MunicipalReviewer,
                Some("milano"),
                None,
            )
            .await,
        cards_a: cards_a[..2].to_vec(),
        card_b: cards_b[0].clone(),
    }
}

/// The organisation publishing `card` (its public id) and a token of a new administrator
/// of it, `admin.a@example.org`.
pub(super) async fn admin_of(app: &TestApp, card: &str) -> (String, String) {
    let detail = app.get_json(&format!("/api/v1/services/{card}"), 200).await;
    let org = detail["organisation"]["id"].as_str().unwrap().to_owned();
    let token = app
        .grant(
            "admin.a@example.org",
            Role::ProviderAdmin,
            None,
            Some(org.parse().unwrap()),
        )
        .await;
    (org, token)
}

pub(super) fn request_body(cards: &[&str]) -> Value {
    json!({
        "cards": cards,
        "message": "Buongiorno, cerchiamo assistenza per mia madre tre mattine a settimana.\nGrazie.",
        "need": {
            "age_band": "elderly",
            "zone": "MI-M3",
            "frequency": "several_times_a_week",
            "hours_per_week": 12,
            "budget_cents": 2000,
            "budget_per": "hour",
            "language": "it"
        },
        "consent": true
    })
}

/// Sends a request and returns it (201 expected).
pub(super) async fn send(app: &TestApp, token: &str, cards: &[&str]) -> Value {
    let (s, _, v) = call(
        app,
        "POST",
        "/api/v1/requests",
        token,
        None,
        Some(request_body(cards)),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    v
}

/// The thread of `request` with the organisation of `card`.
pub(super) fn thread_of(request: &Value, card: &str) -> String {
    request["threads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| {
            t["cards"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["id"] == card)
        })
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub(super) fn quote_body(price_cents: i64) -> Value {
    let valid = (chrono::Utc::now() + chrono::Duration::days(30))
        .date_naive()
        .to_string();
    json!({
        "lines": [
            {"description": "Assistenza domiciliare", "unit": "hour", "quantity_milli": 12000,
             "unit_price_cents": price_cents, "vat_rate_bp": 500},
            {"description": "Valutazione iniziale", "unit": "service", "quantity_milli": 1000,
             "unit_price_cents": 3050, "vat_rate_bp": 2200}
        ],
        "valid_until": valid,
        "notes": "Operatrice OSS, lunedì mercoledì venerdì 9-13.",
        "vouchers": ["titoli-sociali"]
    })
}

async fn count(app: &TestApp, table: &str) -> i64 {
    app.scalar(&format!("SELECT COUNT(*) FROM {table}")).await
}

async fn events(app: &TestApp, kind: &str) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) FROM interaction_events WHERE kind = '{kind}'"
    ))
    .await
}

#[tokio::test]
async fn one_request_reaches_several_organisations_with_a_thread_each() {
    let app = spawn_app(Data::Demo).await;
    let c = cast(&app).await;
    let r = send(&app, &c.family, &[&c.cards_a[0], &c.card_b, &c.cards_a[1]]).await;
    assert_eq!(r["status"], "open");
    let threads = r["threads"].as_array().unwrap();
    assert_eq!(threads.len(), 2, "one thread per organisation: {r}");
    let ta = thread_of(&r, &c.cards_a[0]);
    assert_eq!(
        ta,
        thread_of(&r, &c.cards_a[1]),
        "both cards of A in one thread"
    );
    let a = threads.iter().find(|t| t["id"] == ta.as_str()).unwrap();
    assert_eq!(
        a["cards"][0]["id"],
        c.cards_a[0].as_str(),
        "the first card leads"
    );
    assert_eq!(a["status"], "awaiting_answer");
    assert_eq!(a["need"]["zone"]["code"], "MI-M3");
    assert!(a["deadline_at"].as_str().unwrap() > a["created_at"].as_str().unwrap());

    // Stored: one request, two threads, three card links, the events, no text in them.
    assert_eq!(count(&app, "contact_requests").await, 1);
    assert_eq!(count(&app, "contact_threads").await, 2);
    assert_eq!(count(&app, "contact_thread_cards").await, 3);
    assert_eq!(events(&app, "request_sent").await, 1);
    assert_eq!(events(&app, "thread_opened").await, 2);
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM interaction_events WHERE zone_id IS NULL OR category IS NULL"
        )
        .await,
        0
    );
    // Each organisation's staff are told, in the app and by mail (without the text).
    for token in [&c.staff_a, &c.staff_b] {
        let (s, _, n) = call(&app, "GET", "/api/v1/me/notifications", token, None, None).await;
        assert_eq!(s, 200, "{n}");
        assert!(
            n["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["kind"] == "thread_new"),
            "{n}"
        );
    }
    app.run_jobs().await;
    let mails = app.delivered_mails().await;
    assert!(
        mails
            .iter()
            .any(|m| m.contains("staff.a@example.org") && m.contains("Nuova richiesta"))
    );
    assert!(
        !mails.iter().any(|m| m.contains("tre mattine")),
        "no message text in mail"
    );

    // Each side sees its own: the family its request, each provider its thread only.
    let (s, _, list) = call(&app, "GET", "/api/v1/requests", &c.family, None, None).await;
    assert_eq!(s, 200);
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["threads"].as_array().unwrap().len(), 2);
    let (s, _, inbox) = call(&app, "GET", "/api/v1/threads", &c.staff_a, None, None).await;
    assert_eq!(s, 200);
    assert_eq!(inbox["total"], 1);
    assert_eq!(inbox["items"][0]["id"], ta.as_str());
    assert_eq!(inbox["items"][0]["unread"], true);
    let tb = thread_of(&r, &c.card_b);
    let id = r["id"].as_str().unwrap();
    for (token, path) in [
        (&c.staff_a, format!("/api/v1/threads/{tb}")),
        (&c.staff_b, format!("/api/v1/threads/{ta}")),
        (&c.other_family, format!("/api/v1/threads/{ta}")),
        (&c.other_family, format!("/api/v1/requests/{id}")),
        (&c.staff_a, format!("/api/v1/requests/{id}")),
        (&c.reviewer, format!("/api/v1/threads/{ta}")),
    ] {
        let (s, _, v) = call(&app, "GET", &path, token, None, None).await;
        assert_eq!(s, 404, "{path}: {v}");
    }
    for (token, path) in [
        (&c.staff_b, format!("/api/v1/threads/{ta}/messages")),
        (&c.other_family, format!("/api/v1/threads/{ta}/messages")),
    ] {
        let (s, _, _) = call(
            &app,
            "POST",
            &path,
            token,
            None,
            Some(json!({"body": "ciao"})),
        )
        .await;
        assert_eq!(s, 404, "{path}");
    }
    let (s, _, _) = call(&app, "GET", "/api/v1/threads", &c.family, None, None).await;
    assert_eq!(s, 403, "a family has no provider inbox");
    let (s, _, _) = call(
        &app,
        "GET",
        &format!("/api/v1/threads/{ta}"),
        &c.staff_a,
        None,
        None,
    )
    .await;
    assert_eq!(s, 200);
    let (_, _, inbox) = call(&app, "GET", "/api/v1/threads", &c.staff_a, None, None).await;
    assert_eq!(inbox["items"][0]["unread"], false, "opened: read");
}

#[tokio::test]
async fn bad_requests_are_refused_and_store_nothing() {
    let app = spawn_app(Data::Demo).await;
    let c = cast(&app).await;
    let a = c.cards_a[0].as_str();
    let unknown = uuid::Uuid::now_v7().to_string();
    let eleven: Vec<String> = (0..11).map(|_| uuid::Uuid::now_v7().to_string()).collect();
    let mut cases: Vec<(Value, &str)> = Vec::new();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut b = request_body(&[a]);
        f(&mut b);
        b
    };
    cases.push((with(&|b| b["cards"] = json!([])), "cards"));
    cases.push((with(&|b| b["cards"] = json!(eleven)), "cards"));
    cases.push((with(&|b| b["cards"] = json!([a, a])), "cards[1]"));
    cases.push((with(&|b| b["message"] = json!("   ")), "message"));
    cases.push((with(&|b| b["message"] = json!("x".repeat(4001))), "message"));
    cases.push((with(&|b| b["message"] = json!("ciao\u{0007}")), "message"));
    cases.push((with(&|b| b["consent"] = json!(false)), "consent"));
    cases.push((with(&|b| b["need"]["zone"] = json!("MI-M99")), "need.zone"));
    cases.push((
        with(&|b| b["need"]["budget_per"] = Value::Null),
        "need.budget_per",
    ));
    cases.push((
        with(&|b| b["need"]["language"] = json!("xx")),
        "need.language",
    ));
    cases.push((
        with(&|b| b["need"]["hours_per_week"] = json!(169)),
        "need.hours_per_week",
    ));
    cases.push((
        with(&|b| b["need"]["age_band"] = json!("baby")),
        "need.age_band",
    ));
    cases.push((
        with(&|b| b["need"]["start_on"] = json!("2020-01-01")),
        "need.start_on",
    ));
    cases.push((with(&|b| b["need"]["name"] = json!("Maria")), "need"));
    for (body, field) in cases {
        let (s, _, v) = call(
            &app,
            "POST",
            "/api/v1/requests",
            &c.family,
            None,
            Some(body),
        )
        .await;
        assert_eq!(s, 422, "{field}: {v}");
        assert_eq!(
            v["type"].as_str().unwrap().rsplit('/').next(),
            Some("validation")
        );
        assert!(
            v["errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["field"].as_str().unwrap().starts_with(field)),
            "{field}: {v}"
        );
    }
    // A card that is not published: not found, whatever else is wrong.
    let mut body = request_body(&[a, &unknown]);
    body["message"] = json!("");
    let (s, _, _) = call(
        &app,
        "POST",
        "/api/v1/requests",
        &c.family,
        None,
        Some(body),
    )
    .await;
    assert_eq!(s, 404);
    // Not a family's account; not signed in.
    let (s, _, _) = call(
        &app,
        "POST",
        "/api/v1/requests",
        &c.staff_a,
        None,
        Some(request_body(&[a])),
    )
    .await;
    assert_eq!(s, 403);
    let res = app
        .client
        .post(format!("{}/api/v1/requests", app.address))
        .json(&request_body(&[a]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 401);
    for table in [
        "contact_requests",
        "contact_threads",
        "interaction_events",
        "notifications",
    ] {
        assert_eq!(count(&app, table).await, 0, "{table}");
    }
}

#[tokio::test]
async fn an_idempotency_key_never_sends_twice() {
    let app = spawn_app(Data::Demo).await;
    let c = cast(&app).await;
    let body = request_body(&[&c.cards_a[0], &c.card_b]);
    let post = |key: &str, body: &Value| {
        app.client
            .post(format!("{}/api/v1/requests", app.address))
            .bearer_auth(&c.family)
            .header("Idempotency-Key", key)
            .json(body)
    };
    let first = post("k-1", &body).send().await.unwrap();
    assert_eq!(first.status().as_u16(), 201);
    let first: Value = first.json().await.unwrap();
    let again = post("k-1", &body).send().await.unwrap();
    assert_eq!(again.status().as_u16(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    assert_eq!(again["threads"], first["threads"]);
    // The same key with another body: 422, nothing stored.
    let mut other = body.clone();
    other["message"] = json!("Un altro messaggio");
    let res = post("k-1", &other).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 422);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["errors"][0]["field"], "Idempotency-Key");
    // A malformed key: 422.
    let res = post("con spazio", &body).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 422);
    assert_eq!(count(&app, "contact_requests").await, 1);

    // Twenty identical sends at once with one key: one request, twenty equal answers.
    let key = uuid::Uuid::now_v7().to_string();
    let statuses = statuses_at_once((0..20).map(|_| post(&key, &body)).collect()).await;
    answered(&statuses, 201, 20, &[]);
    assert_eq!(count(&app, "contact_requests").await, 2);
    assert_eq!(count(&app, "contact_threads").await, 4);
    assert_eq!(events(&app, "request_sent").await, 2);
    // Without a key, sends at once by the other family, each a request.
    let burst = |n: usize| {
        statuses_at_once(
            (0..n)
                .map(|_| {
                    app.client
                        .post(format!("{}/api/v1/requests", app.address))
                        .bearer_auth(&c.other_family)
                        .json(&body)
                })
                .collect(),
        )
    };
    // Eighteen are eighteen requests (within the daily limit).
    answered(&burst(18).await, 201, 18, &[]);
    assert_eq!(count(&app, "contact_requests").await, 20);
    // Twenty more at once: the daily limit (20) holds under the burst, counted one
    // request at a time: two more, the rest 429.
    answered(&burst(20).await, 201, 2, &[429]);
    assert_eq!(count(&app, "contact_requests").await, 22);
}

#[tokio::test]
async fn messages_declines_and_the_end_of_a_request() {
    let app = spawn_app(Data::Demo).await;
    let c = cast(&app).await;
    let r = send(&app, &c.family, &[&c.cards_a[0], &c.card_b]).await;
    let (ta, tb) = (thread_of(&r, &c.cards_a[0]), thread_of(&r, &c.card_b));

    // The family writes again: still awaiting; the provider asks a question: answered.
    let (s, _, m) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{ta}/messages"),
        &c.family,
        None,
        Some(json!({"body": "Aggiungo: abitiamo al terzo piano."})),
    )
    .await;
    assert_eq!(s, 201, "{m}");
    assert_eq!(m["side"], "family");
    let (s, _, v) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{ta}/messages"),
        &c.family,
        None,
        Some(json!({"body": "?", "kind": "info_request"})),
    )
    .await;
    assert_eq!(s, 422, "a family does not send questions: {v}");
    let (s, _, m) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{ta}/messages"),
        &c.staff_a,
        None,
        Some(json!({"body": "C'è l'ascensore?", "kind": "info_request"})),
    )
    .await;
    assert_eq!(s, 201);
    assert_eq!(m["kind"], "info_request");
    let (_, _, t) = call(
        &app,
        "GET",
        &format!("/api/v1/threads/{ta}"),
        &c.family,
        None,
        None,
    )
    .await;
    assert_eq!(t["status"], "open");
    assert_eq!(t["viewer_side"], "family");
    assert!(t["first_answer_at"].is_string());
    assert_eq!(t["messages"].as_array().unwrap().len(), 2);
    assert_eq!(events(&app, "first_answer").await, 1);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM interaction_events WHERE kind = 'first_answer' AND in_time = true AND elapsed_secs >= 0").await,
        1
    );
    // A second answer is not a first answer.
    call(
        &app,
        "POST",
        &format!("/api/v1/threads/{ta}/messages"),
        &c.staff_a,
        None,
        Some(json!({"body": "Grazie."})),
    )
    .await;
    assert_eq!(events(&app, "first_answer").await, 1);
    assert_eq!(events(&app, "message").await, 3);

    // B declines: "other" needs a reason; a family cannot decline.
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{tb}/decline"),
        &c.staff_b,
        None,
        Some(json!({"reason": "other"})),
    )
    .await;
    assert_eq!(s, 422);
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{tb}/decline"),
        &c.family,
        None,
        Some(json!({"reason": "no_capacity"})),
    )
    .await;
    assert_eq!(s, 403);
    let (s, _, t) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{tb}/decline"),
        &c.staff_b,
        None,
        Some(json!({"reason": "no_capacity", "details": "Nessuna disponibilità fino a marzo."})),
    )
    .await;
    assert_eq!(s, 200, "{t}");
    assert_eq!(t["status"], "declined");
    assert_eq!(t["decline_reason"], "no_capacity");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM interaction_events WHERE kind = 'thread_declined' AND reason = 'no_capacity'").await,
        1
    );
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{tb}/messages"),
        &c.family,
        None,
        Some(json!({"body": "Peccato"})),
    )
    .await;
    assert_eq!(s, 409, "a declined thread takes no messages");
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{tb}/decline"),
        &c.staff_b,
        None,
        Some(json!({"reason": "no_capacity"})),
    )
    .await;
    assert_eq!(s, 409);
    let (_, _, n) = call(
        &app,
        "GET",
        "/api/v1/me/notifications",
        &c.family,
        None,
        None,
    )
    .await;
    assert!(
        n["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "thread_declined")
    );

    // The family closes A: the request ends (no thread left live).
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{ta}/close"),
        &c.staff_a,
        None,
        None,
    )
    .await;
    assert_eq!(s, 403, "the provider declines, it does not close");
    let (s, _, t) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{ta}/close"),
        &c.family,
        None,
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(t["status"], "closed");
    assert_eq!(t["close_reason"], "by_family");
    let id = r["id"].as_str().unwrap();
    let (_, _, r) = call(
        &app,
        "GET",
        &format!("/api/v1/requests/{id}"),
        &c.family,
        None,
        None,
    )
    .await;
    assert_eq!(r["status"], "closed");
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/requests/{id}/withdraw"),
        &c.family,
        None,
        None,
    )
    .await;
    assert_eq!(s, 409);
}

#[tokio::test]
async fn withdrawing_closes_every_thread_and_tells_the_providers() {
    let app = spawn_app(Data::Demo).await;
    let c = cast(&app).await;
    let r = send(&app, &c.family, &[&c.cards_a[0], &c.card_b]).await;
    let id = r["id"].as_str().unwrap();
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/requests/{id}/withdraw"),
        &c.other_family,
        None,
        None,
    )
    .await;
    assert_eq!(s, 404);
    let (s, _, v) = call(
        &app,
        "POST",
        &format!("/api/v1/requests/{id}/withdraw"),
        &c.family,
        None,
        None,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["status"], "withdrawn");
    assert!(
        v["threads"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["status"] == "closed" && t["close_reason"] == "request_withdrawn")
    );
    assert_eq!(events(&app, "request_withdrawn").await, 1);
    assert_eq!(events(&app, "thread_closed").await, 2);
    for token in [&c.staff_a, &c.staff_b] {
        let (_, _, n) = call(&app, "GET", "/api/v1/me/notifications", token, None, None).await;
        assert!(
            n["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["kind"] == "thread_closed")
        );
    }
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/requests/{id}/withdraw"),
        &c.family,
        None,
        None,
    )
    .await;
    assert_eq!(s, 409);
}

#[tokio::test]
async fn the_deadline_reminds_at_half_time_then_expires_the_thread() {
    use domicilia::services::contact::run_deadlines;
    let app = spawn_app(Data::Demo).await;
    let c = cast(&app).await;
    let r = send(&app, &c.family, &[&c.cards_a[0], &c.card_b]).await;
    let (ta, tb) = (thread_of(&r, &c.cards_a[0]), thread_of(&r, &c.card_b));
    // B answers at once; A says nothing.
    call(
        &app,
        "POST",
        &format!("/api/v1/threads/{tb}/messages"),
        &c.staff_b,
        None,
        Some(json!({"body": "Vi chiamiamo domani."})),
    )
    .await;
    let now = chrono::Utc::now();
    let pass = run_deadlines(&app.db, "http://x", now).await.unwrap();
    assert_eq!((pass.reminded, pass.expired), (0, 0));
    // Past half time (at most five days: two working days and a weekend or holidays).
    let deadline: chrono::DateTime<chrono::Utc> = r["threads"][0]["deadline_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let created: chrono::DateTime<chrono::Utc> = r["threads"][0]["created_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let half = created + (deadline - created) / 2 + chrono::Duration::seconds(1);
    let pass = run_deadlines(&app.db, "http://x", half).await.unwrap();
    assert_eq!(
        (pass.reminded, pass.expired),
        (1, 0),
        "only the unanswered thread"
    );
    let pass = run_deadlines(&app.db, "http://x", half).await.unwrap();
    assert_eq!(pass.reminded, 0, "one reminder per thread");
    let (_, _, n) = call(
        &app,
        "GET",
        "/api/v1/me/notifications",
        &c.staff_a,
        None,
        None,
    )
    .await;
    assert!(
        n["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "thread_answer_due")
    );
    app.clock.advance(half - now);
    let (_, _, inbox) = call(
        &app,
        "GET",
        "/api/v1/threads?due_soon=true",
        &c.staff_a,
        None,
        None,
    )
    .await;
    assert_eq!(inbox["total"], 1, "{inbox}");
    assert_eq!(inbox["items"][0]["due_soon"], true);

    // Past the deadline: expired, the family told; answering now is too late.
    let after = deadline + chrono::Duration::seconds(1);
    let pass = run_deadlines(&app.db, "http://x", after).await.unwrap();
    assert_eq!((pass.reminded, pass.expired), (0, 1));
    let (_, _, t) = call(
        &app,
        "GET",
        &format!("/api/v1/threads/{ta}"),
        &c.family,
        None,
        None,
    )
    .await;
    assert_eq!(t["status"], "expired");
    assert_eq!(
        t["messages"].as_array().unwrap().last().unwrap()["body"],
        "thread_expired"
    );
    let (_, _, n) = call(
        &app,
        "GET",
        "/api/v1/me/notifications",
        &c.family,
        None,
        None,
    )
    .await;
    assert!(
        n["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "thread_expired")
    );
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{ta}/messages"),
        &c.staff_a,
        None,
        Some(json!({"body": "Scusate il ritardo"})),
    )
    .await;
    assert_eq!(s, 409);
    assert_eq!(events(&app, "thread_expired").await, 1);
    // The outbox holds the reminder and the expiry mails (due when they were written).
    app.clock.advance(after - half);
    let mails = app.delivered_mails().await;
    assert!(
        mails
            .iter()
            .any(|m| m.contains("staff.a@example.org") && m.contains("Promemoria"))
    );
    assert!(
        mails
            .iter()
            .any(|m| m.contains("famiglia@example.org") && m.contains("non resti in attesa"))
    );
}

#[tokio::test]
async fn quotes_counter_proposals_and_one_order_per_request() {
    let app = spawn_app(Data::Demo).await;
    let c = cast(&app).await;
    let r = send(&app, &c.family, &[&c.cards_a[0], &c.card_b]).await;
    let (ta, tb) = (thread_of(&r, &c.cards_a[0]), thread_of(&r, &c.card_b));

    // A quotes: 12 h at 21.00 (5 % VAT) + 30.50 (22 % VAT).
    let (s, _, q1) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{ta}/quotes"),
        &c.staff_a,
        None,
        Some(quote_body(2100)),
    )
    .await;
    assert_eq!(s, 201, "{q1}");
    assert_eq!(q1["version"], 1);
    assert_eq!(q1["totals"]["gross_cents"], 12 * 2100 + 3050);
    assert_eq!(
        q1["totals"]["net_cents"].as_i64().unwrap() + q1["totals"]["vat_cents"].as_i64().unwrap(),
        12 * 2100 + 3050
    );
    // VAT per rate on the rate's total: 25200 at 5 % → 1200; 3050 at 22 % → 550.
    assert_eq!(q1["totals"]["vat_cents"], 1200 + 550);
    assert_eq!(q1["hourly_cents"], (12 * 2100 + 3050) / 12);
    // B quotes too; the family may not quote, another provider cannot quote in A's thread.
    let (s, _, q_b) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{tb}/quotes"),
        &c.staff_b,
        None,
        Some(quote_body(1900)),
    )
    .await;
    assert_eq!(s, 201);
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{ta}/quotes"),
        &c.family,
        None,
        Some(quote_body(1)),
    )
    .await;
    assert_eq!(s, 403);
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{ta}/quotes"),
        &c.staff_b,
        None,
        Some(quote_body(1)),
    )
    .await;
    assert_eq!(s, 404);
    // Bad quotes: no lines, a VAT rate that does not exist, a past validity.
    for (patch, field) in [
        (json!({"lines": []}), "lines"),
        (json!({"valid_until": "2020-01-01"}), "valid_until"),
        (json!({"vouchers": ["buono-pasto"]}), "vouchers[0]"),
    ] {
        let mut b = quote_body(2100);
        for (k, v) in patch.as_object().unwrap() {
            b[k] = v.clone();
        }
        let (s, _, v) = call(
            &app,
            "POST",
            &format!("/api/v1/threads/{ta}/quotes"),
            &c.staff_a,
            None,
            Some(b),
        )
        .await;
        assert_eq!(s, 422, "{field}: {v}");
        assert_eq!(v["errors"][0]["field"], field, "{v}");
    }
    let mut b = quote_body(2100);
    b["lines"][1]["vat_rate_bp"] = json!(2100);
    let (s, _, v) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{ta}/quotes"),
        &c.staff_a,
        None,
        Some(b),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(v["errors"][0]["field"], "lines[1].vat_rate_bp");
    assert_eq!(count(&app, "quotes").await, 2);

    // The request's threads side by side, each with its quote.
    let id = r["id"].as_str().unwrap();
    let (_, _, side_by_side) = call(
        &app,
        "GET",
        &format!("/api/v1/requests/{id}"),
        &c.family,
        None,
        None,
    )
    .await;
    let totals: Vec<i64> = side_by_side["threads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["quote"]["gross_cents"].as_i64().unwrap())
        .collect();
    assert_eq!(totals.len(), 2);

    // The family counter-proposes a lower total; only one open proposal at a time.
    let q1id = q1["id"].as_str().unwrap();
    let (s, _, cp) = call(
        &app,
        "POST",
        &format!("/api/v1/quotes/{q1id}/counter-proposals"),
        &c.family,
        None,
        Some(json!({"total_cents": 25000, "schedule": "Meglio martedì e giovedì"})),
    )
    .await;
    assert_eq!(s, 201, "{cp}");
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/quotes/{q1id}/counter-proposals"),
        &c.family,
        None,
        Some(json!({"total_cents": 24000})),
    )
    .await;
    assert_eq!(s, 409);
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/quotes/{q1id}/counter-proposals"),
        &c.family,
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(s, 422, "a counter-proposal proposes something");
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/quotes/{q1id}/counter-proposals"),
        &c.staff_a,
        None,
        Some(json!({"total_cents": 1})),
    )
    .await;
    assert_eq!(s, 403);
    // The provider accepts it: version 2 at the proposed total, version 1 kept, superseded.
    let cpid = cp["id"].as_str().unwrap();
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/counter-proposals/{cpid}/answer"),
        &c.staff_b,
        None,
        Some(json!({"decision": "accept"})),
    )
    .await;
    assert_eq!(s, 404);
    let (s, _, q2) = call(
        &app,
        "POST",
        &format!("/api/v1/counter-proposals/{cpid}/answer"),
        &c.staff_a,
        None,
        Some(json!({"decision": "accept"})),
    )
    .await;
    assert_eq!(s, 200, "{q2}");
    assert_eq!(q2["version"], 2);
    assert_eq!(q2["totals"]["gross_cents"], 25000);
    assert_eq!(
        q2["lines"].as_array().unwrap().len(),
        3,
        "an agreed adjustment line"
    );
    assert!(q2["notes"].as_str().unwrap().contains("martedì"));
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/counter-proposals/{cpid}/answer"),
        &c.staff_a,
        None,
        Some(json!({"decision": "decline"})),
    )
    .await;
    assert_eq!(s, 409, "answered once");
    let (_, _, t) = call(
        &app,
        "GET",
        &format!("/api/v1/threads/{ta}"),
        &c.family,
        None,
        None,
    )
    .await;
    let versions: Vec<(i64, &str)> = t["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["version"].as_i64().unwrap(),
                q["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(versions, vec![(1, "superseded"), (2, "proposed")]);
    assert_eq!(t["quotes"][0]["counter_proposals"][0]["status"], "accepted");

    // A stale acceptance (version 1) is refused; a voucher the quote does not take too.
    let (s, _, v) = call(
        &app,
        "POST",
        &format!("/api/v1/quotes/{q1id}/accept"),
        &c.family,
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(s, 409, "{v}");
    let q2id = q2["id"].as_str().unwrap();
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/quotes/{q2id}/accept"),
        &c.family,
        None,
        Some(json!({"voucher": {"scheme": "baf", "amount_cents": 100}})),
    )
    .await;
    assert_eq!(s, 422);
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/quotes/{q2id}/accept"),
        &c.family,
        None,
        Some(json!({"voucher": {"scheme": "titoli-sociali", "amount_cents": 25001}})),
    )
    .await;
    assert_eq!(s, 422);
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/quotes/{q2id}/accept"),
        &c.staff_a,
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(s, 403);
    assert_eq!(count(&app, "orders").await, 0);
    let (s, _, order) = call(
        &app,
        "POST",
        &format!("/api/v1/quotes/{q2id}/accept"),
        &c.family,
        None,
        Some(json!({"voucher": {"scheme": "titoli-sociali", "amount_cents": 10000}})),
    )
    .await;
    assert_eq!(s, 201, "{order}");
    assert_eq!(order["status"], "awaiting_confirmation");
    assert_eq!(order["co_payment"]["total_cents"], 25000);
    assert_eq!(order["co_payment"]["voucher_cents"], 10000);
    assert_eq!(order["co_payment"]["citizen_share_cents"], 15000);
    assert_eq!(order["voucher_scheme"], "titoli-sociali");
    // B's thread closed politely; its quote withdrawn; B is told; A's request activated.
    let (_, _, t) = call(
        &app,
        "GET",
        &format!("/api/v1/threads/{tb}"),
        &c.staff_b,
        None,
        None,
    )
    .await;
    assert_eq!(t["status"], "closed");
    assert_eq!(t["close_reason"], "other_accepted");
    assert_eq!(t["quotes"][0]["status"], "withdrawn");
    assert_eq!(
        t["messages"].as_array().unwrap().last().unwrap()["body"],
        "thread_closed_other_accepted"
    );
    let qbid = q_b["id"].as_str().unwrap();
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/quotes/{qbid}/accept"),
        &c.family,
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(s, 409, "one order per request");
    let (_, _, rr) = call(
        &app,
        "GET",
        &format!("/api/v1/requests/{id}"),
        &c.family,
        None,
        None,
    )
    .await;
    assert_eq!(rr["status"], "activated");
    assert_eq!(events(&app, "order_created").await, 1);
    assert_eq!(events(&app, "quote_accepted").await, 1);

    // The provider confirms the start; the family cannot; others cannot see the order.
    let oid = order["id"].as_str().unwrap();
    for token in [&c.staff_b, &c.other_family, &c.reviewer] {
        let (s, _, _) = call(
            &app,
            "GET",
            &format!("/api/v1/orders/{oid}"),
            token,
            None,
            None,
        )
        .await;
        assert_eq!(s, 404);
    }
    let start = (chrono::Utc::now() + chrono::Duration::days(7))
        .date_naive()
        .to_string();
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/orders/{oid}/confirm"),
        &c.family,
        None,
        Some(json!({"start_on": start})),
    )
    .await;
    assert_eq!(s, 403);
    let (s, _, o) = call(
        &app,
        "POST",
        &format!("/api/v1/orders/{oid}/confirm"),
        &c.staff_a,
        None,
        Some(json!({"start_on": start})),
    )
    .await;
    assert_eq!(s, 200, "{o}");
    assert_eq!(o["status"], "confirmed");
    assert_eq!(o["start_on"], start.as_str());
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/orders/{oid}/confirm"),
        &c.staff_a,
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(s, 409);
    let (_, _, list) = call(&app, "GET", "/api/v1/orders", &c.staff_a, None, None).await;
    assert_eq!(list["total"], 1);
    let (_, _, list) = call(&app, "GET", "/api/v1/orders", &c.staff_b, None, None).await;
    assert_eq!(list["total"], 0);

    // The family cancels, with a reason: the thread and the request close.
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/orders/{oid}/cancel"),
        &c.family,
        None,
        Some(json!({"reason": "other"})),
    )
    .await;
    assert_eq!(s, 422);
    let (s, _, o) = call(
        &app,
        "POST",
        &format!("/api/v1/orders/{oid}/cancel"),
        &c.family,
        None,
        Some(json!({"reason": "schedule_changed"})),
    )
    .await;
    assert_eq!(s, 200, "{o}");
    assert_eq!(o["status"], "cancelled");
    assert_eq!(o["cancelled_by"], "family");
    let (_, _, n) = call(
        &app,
        "GET",
        "/api/v1/me/notifications",
        &c.staff_a,
        None,
        None,
    )
    .await;
    assert!(
        n["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "order_cancelled")
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM interaction_events WHERE kind = 'order_cancelled' AND reason = 'schedule_changed' AND side = 'family'").await,
        1
    );
}

#[tokio::test]
async fn two_quotes_accepted_at_once_make_exactly_one_order() {
    let app = spawn_app(Data::Demo).await;
    let c = cast(&app).await;
    let r = send(&app, &c.family, &[&c.cards_a[0], &c.card_b]).await;
    let (ta, tb) = (thread_of(&r, &c.cards_a[0]), thread_of(&r, &c.card_b));
    let (_, _, qa) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{ta}/quotes"),
        &c.staff_a,
        None,
        Some(quote_body(2100)),
    )
    .await;
    let (_, _, qb) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{tb}/quotes"),
        &c.staff_b,
        None,
        Some(quote_body(1900)),
    )
    .await;
    let accept = |q: &Value, key: Option<String>| {
        let mut req = app
            .client
            .post(format!(
                "{}/api/v1/quotes/{}/accept",
                app.address,
                q["id"].as_str().unwrap()
            ))
            .bearer_auth(&c.family)
            .json(&json!({}));
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        req
    };
    // Twenty clients: ten on each quote, each with a key of its own.
    let requests = (0..20)
        .map(|i| {
            accept(
                if i % 2 == 0 { &qa } else { &qb },
                Some(format!("accept-{i}")),
            )
        })
        .collect();
    let statuses = statuses_at_once(requests).await;
    answered(&statuses, 201, 1, &[409]);
    assert_eq!(count(&app, "orders").await, 1);
    assert_eq!(events(&app, "order_created").await, 1);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM quotes WHERE status = 'accepted'")
            .await,
        1
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM contact_threads WHERE status = 'accepted'")
            .await,
        1
    );
    // A retried acceptance with the winner's key answers the same order again.
    let winner = statuses.iter().position(|s| *s == 201).unwrap();
    let q = if winner % 2 == 0 { &qa } else { &qb };
    let res = accept(q, Some(format!("accept-{winner}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    assert_eq!(res.headers()["idempotent-replayed"], "true");
    assert_eq!(count(&app, "orders").await, 1);
}

#[tokio::test]
async fn twenty_messages_at_once_are_all_kept() {
    let app = spawn_app(Data::Demo).await;
    let c = cast(&app).await;
    let r = send(&app, &c.family, &[&c.cards_a[0]]).await;
    let ta = thread_of(&r, &c.cards_a[0]);
    let requests = (0..20)
        .map(|i| {
            let token = if i % 2 == 0 { &c.family } else { &c.staff_a };
            app.client
                .post(format!("{}/api/v1/threads/{ta}/messages", app.address))
                .bearer_auth(token)
                .json(&json!({"body": format!("messaggio {i}")}))
        })
        .collect();
    let statuses = statuses_at_once(requests).await;
    answered(&statuses, 201, 20, &[]);
    assert_eq!(count(&app, "thread_messages").await, 20);
    assert_eq!(
        events(&app, "first_answer").await,
        1,
        "one first answer, whoever won"
    );
    let (_, _, t) = call(
        &app,
        "GET",
        &format!("/api/v1/threads/{ta}"),
        &c.family,
        None,
        None,
    )
    .await;
    assert_eq!(t["messages"].as_array().unwrap().len(), 20);
}

#[tokio::test]
async fn the_export_holds_the_requests_and_deleting_the_account_erases_its_side() {
    let app = spawn_app(Data::Demo).await;
    let c = cast(&app).await;
    let anna = super::auth::signed_in(&app, "anna.contatto@example.org").await;
    let r = send(&app, &anna, &[&c.cards_a[0], &c.card_b]).await;
    let ta = thread_of(&r, &c.cards_a[0]);
    call(
        &app,
        "POST",
        &format!("/api/v1/threads/{ta}/messages"),
        &c.staff_a,
        None,
        Some(json!({"body": "Possiamo venire giovedì."})),
    )
    .await;
    call(
        &app,
        "POST",
        &format!("/api/v1/threads/{ta}/messages"),
        &anna,
        None,
        Some(json!({"body": "Il citofono è Rossi, scala B."})),
    )
    .await;

    let (s, _, data) = call(&app, "GET", "/api/v1/me/export", &anna, None, None).await;
    assert_eq!(s, 200);
    let req = &data["requests"][0];
    assert!(req["message"].as_str().unwrap().contains("tre mattine"));
    let text = data.to_string();
    assert!(text.contains("Il citofono è Rossi") && text.contains("Possiamo venire giovedì"));

    app.erase_account(&anna).await;
    // The open request is withdrawn, its threads closed, the providers told.
    let (_, _, t) = call(
        &app,
        "GET",
        &format!("/api/v1/threads/{ta}"),
        &c.staff_a,
        None,
        None,
    )
    .await;
    assert_eq!(t["status"], "closed");
    assert_eq!(t["close_reason"], "request_withdrawn");
    assert_eq!(t["request_message"], "—");
    let bodies: Vec<&str> = t["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert!(
        bodies.contains(&"Possiamo venire giovedì."),
        "the provider's own words stay"
    );
    assert!(!bodies.iter().any(|b| b.contains("citofono")), "{bodies:?}");
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM contact_requests WHERE citizen_id IS NOT NULL OR message <> '—'"
        )
        .await,
        0
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM thread_messages WHERE side = 'family' AND (author_id IS NOT NULL OR body <> '—')").await,
        0
    );
    let (_, _, n) = call(
        &app,
        "GET",
        "/api/v1/me/notifications",
        &c.staff_b,
        None,
        None,
    )
    .await;
    assert!(
        n["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "thread_closed")
    );
}

/// A request from `family` to `card`, answered with a quote by `staff`, accepted and
/// confirmed: the order's id.
pub(super) async fn confirmed_order(
    app: &TestApp,
    family: &str,
    staff: &str,
    card: &str,
) -> String {
    let r = send(app, family, &[card]).await;
    let t = thread_of(&r, card);
    let (_, _, q) = call(
        app,
        "POST",
        &format!("/api/v1/threads/{t}/quotes"),
        staff,
        None,
        Some(quote_body(2000)),
    )
    .await;
    let (s, _, o) = call(
        app,
        "POST",
        &format!("/api/v1/quotes/{}/accept", q["id"].as_str().unwrap()),
        family,
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(s, 201, "{o}");
    let oid = o["id"].as_str().unwrap().to_owned();
    let start = (chrono::Utc::now() + chrono::Duration::days(3))
        .date_naive()
        .to_string();
    let (s, _, _) = call(
        app,
        "POST",
        &format!("/api/v1/orders/{oid}/confirm"),
        staff,
        None,
        Some(json!({"start_on": start})),
    )
    .await;
    assert_eq!(s, 200);
    oid
}

#[tokio::test]
async fn reviews_are_moderated_then_shown_with_averages_and_one_reply() {
    let app = spawn_app(Data::Demo).await;
    let c = cast(&app).await;
    let card = c.cards_a[0].clone();
    // Before the provider confirms, no review.
    let r = send(&app, &c.family, &[&card]).await;
    let t = thread_of(&r, &card);
    let (_, _, q) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{t}/quotes"),
        &c.staff_a,
        None,
        Some(quote_body(2000)),
    )
    .await;
    let (_, _, o) = call(
        &app,
        "POST",
        &format!("/api/v1/quotes/{}/accept", q["id"].as_str().unwrap()),
        &c.family,
        None,
        Some(json!({})),
    )
    .await;
    let oid = o["id"].as_str().unwrap();
    let good = json!({"ratings": {"punctuality": 5, "competence": 4, "kindness": 5, "value": 4},
                      "body": "Operatrice puntuale e gentile."});
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/orders/{oid}/review"),
        &c.family,
        None,
        Some(good.clone()),
    )
    .await;
    assert_eq!(s, 409, "not confirmed yet");
    let start = (chrono::Utc::now() + chrono::Duration::days(3))
        .date_naive()
        .to_string();
    call(
        &app,
        "POST",
        &format!("/api/v1/orders/{oid}/confirm"),
        &c.staff_a,
        None,
        Some(json!({"start_on": start})),
    )
    .await;
    // Bad ratings and texts; someone else's order.
    for (body, field) in [
        (
            json!({"ratings": {"punctuality": 6, "competence": 4, "kindness": 5, "value": 4}, "body": "x"}),
            "ratings.punctuality",
        ),
        (
            json!({"ratings": {"punctuality": 5, "competence": 0, "kindness": 5, "value": 4}, "body": "x"}),
            "ratings.competence",
        ),
        (
            json!({"ratings": {"punctuality": 5, "competence": 4, "kindness": 5, "value": 4}, "body": " "}),
            "body",
        ),
    ] {
        let (s, _, v) = call(
            &app,
            "POST",
            &format!("/api/v1/orders/{oid}/review"),
            &c.family,
            None,
            Some(body),
        )
        .await;
        assert_eq!(s, 422, "{field}: {v}");
        assert_eq!(v["errors"][0]["field"], field);
    }
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/orders/{oid}/review"),
        &c.other_family,
        None,
        Some(good.clone()),
    )
    .await;
    assert_eq!(s, 404);
    let (s, _, rv) = call(
        &app,
        "POST",
        &format!("/api/v1/orders/{oid}/review"),
        &c.family,
        None,
        Some(good.clone()),
    )
    .await;
    assert_eq!(s, 201, "{rv}");
    assert_eq!(rv["status"], "pending");
    assert_eq!(rv["overall_tenths"], 45);
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/orders/{oid}/review"),
        &c.family,
        None,
        Some(good),
    )
    .await;
    assert_eq!(s, 409, "one review per order");
    // The order says where its review is, to both sides.
    for who in [&c.family, &c.staff_a] {
        let (s, _, ord) = call(
            &app,
            "GET",
            &format!("/api/v1/orders/{oid}"),
            who,
            None,
            None,
        )
        .await;
        assert_eq!(s, 200);
        assert_eq!(ord["review"], rv["id"]);
        assert_eq!(ord["review_status"], "pending");
    }

    // Not public until a reviewer of the tenant publishes it.
    let public = app
        .get_json(&format!("/api/v1/services/{card}/reviews"), 200)
        .await;
    assert_eq!(public["averages"]["count"], 0);
    assert!(
        public["signals"].is_null(),
        "fewer than 5 threads: {public}"
    );
    let (s, _, _) = call(&app, "GET", "/api/v1/reviews", &c.staff_a, None, None).await;
    assert_eq!(s, 403);
    let (s, _, queue) = call(&app, "GET", "/api/v1/reviews", &c.reviewer, None, None).await;
    assert_eq!(s, 200);
    assert_eq!(queue["total"], 1);
    let rid = rv["id"].as_str().unwrap();
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/reviews/{rid}/reply"),
        &c.staff_a,
        None,
        Some(json!({"body": "Grazie"})),
    )
    .await;
    assert_eq!(s, 409, "not published yet");
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/reviews/{rid}/publish"),
        &c.staff_a,
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(s, 404);
    let (s, _, p) = call(
        &app,
        "POST",
        &format!("/api/v1/reviews/{rid}/publish"),
        &c.reviewer,
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(s, 200, "{p}");
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/reviews/{rid}/publish"),
        &c.reviewer,
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(s, 409);
    let (_, _, ord) = call(
        &app,
        "GET",
        &format!("/api/v1/orders/{oid}"),
        &c.family,
        None,
        None,
    )
    .await;
    assert_eq!(ord["review_status"], "published");
    let public = app
        .get_json(&format!("/api/v1/services/{card}/reviews"), 200)
        .await;
    assert_eq!(public["averages"]["count"], 1);
    assert_eq!(public["averages"]["overall"], 4.5);
    assert_eq!(public["items"][0]["body"], "Operatrice puntuale e gentile.");
    assert_eq!(public["items"][0]["card"]["id"], card.as_str());
    // The organisation's page counts it too, with its card.
    let detail = app.get_json(&format!("/api/v1/services/{card}"), 200).await;
    let org = detail["organisation"]["id"].as_str().unwrap();
    let of_org = app
        .get_json(&format!("/api/v1/organisations/{org}/reviews"), 200)
        .await;
    assert_eq!(of_org["averages"]["count"], 1);
    assert_eq!(of_org["items"][0]["card"]["id"], card.as_str());
    assert!(of_org["signals"].is_null(), "one thread: {of_org}");
    assert!(!public.to_string().contains("famiglia@"), "no author");
    // The provider answers once; another provider cannot.
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/reviews/{rid}/reply"),
        &c.staff_b,
        None,
        Some(json!({"body": "Grazie"})),
    )
    .await;
    assert_eq!(s, 404);
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/reviews/{rid}/reply"),
        &c.staff_a,
        None,
        Some(json!({"body": "Grazie a voi!"})),
    )
    .await;
    assert_eq!(s, 200);
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/reviews/{rid}/reply"),
        &c.staff_a,
        None,
        Some(json!({"body": "Ancora"})),
    )
    .await;
    assert_eq!(s, 409);
    // Reported as abusive: the reviewers are told and may take it down.
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/reviews/{rid}/report"),
        &c.other_family,
        None,
        Some(json!({"details": "Contiene un nome"})),
    )
    .await;
    assert_eq!(s, 204);
    let (_, _, n) = call(
        &app,
        "GET",
        "/api/v1/me/notifications",
        &c.reviewer,
        None,
        None,
    )
    .await;
    assert!(
        n["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "review_reported")
    );
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/reviews/{rid}/reject"),
        &c.reviewer,
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(s, 422, "a take-down says why");
    let (s, _, v) = call(
        &app,
        "POST",
        &format!("/api/v1/reviews/{rid}/reject"),
        &c.reviewer,
        None,
        Some(json!({"note": "Contiene dati personali"})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["status"], "rejected");
    let public = app
        .get_json(&format!("/api/v1/services/{card}/reviews"), 200)
        .await;
    assert_eq!(public["averages"]["count"], 0);
    assert_eq!(events(&app, "review_submitted").await, 1);
    assert_eq!(events(&app, "review_published").await, 1);
}

#[tokio::test]
async fn a_card_shows_its_measured_answers_from_five_threads() {
    let app = spawn_app(Data::Demo).await;
    let c = cast(&app).await;
    let card = c.cards_a[0].clone();
    // Four requests: no signals yet; a fifth: signals, from the events alone.
    let mut families = Vec::new();
    for i in 0..5 {
        families.push(
            app.grant(
                &format!("famiglia{i}@example.org"),
                Role::Citizen,
                None,
                None,
            )
            .await,
        );
    }
    for (i, f) in families.iter().enumerate() {
        let r = send(&app, f, &[&card]).await;
        let t = thread_of(&r, &card);
        if i < 4 {
            call(
                &app,
                "POST",
                &format!("/api/v1/threads/{t}/messages"),
                &c.staff_a,
                None,
                Some(json!({"body": "Eccoci"})),
            )
            .await;
        }
        let public = app
            .get_json(&format!("/api/v1/services/{card}/reviews"), 200)
            .await;
        assert_eq!(public["signals"].is_null(), i < 4, "{i}: {public}");
    }
    // Two orders: activations counted.
    confirmed_order(&app, &families[0], &c.staff_a, &card).await;
    let public = app
        .get_json(&format!("/api/v1/services/{card}/reviews"), 200)
        .await;
    let s = &public["signals"];
    assert_eq!(s["threads"], 6);
    assert_eq!(s["activations"], 1);
    assert_eq!(s["median_activation_days"], 0);
    assert!(s["median_first_response_secs"].as_i64().unwrap() >= 0);
    // Five first answers in time (four messages, one quote), none expired yet.
    assert_eq!(s["response_rate_pct"], 100);
    let detail = app.get_json(&format!("/api/v1/services/{card}"), 200).await;
    assert_eq!(
        public["declared_waiting_days"].as_i64().unwrap(),
        detail["waiting_days_assessment"].as_i64().unwrap()
            + detail["waiting_days_activation"].as_i64().unwrap()
    );
    // The organisation's signals count all its cards' threads: here, this card's.
    let org = detail["organisation"]["id"].as_str().unwrap();
    let of_org = app
        .get_json(&format!("/api/v1/organisations/{org}/reviews"), 200)
        .await;
    assert_eq!(of_org["signals"], public["signals"]);
    app.get_json(
        &format!("/api/v1/organisations/{}/reviews", uuid::Uuid::now_v7()),
        404,
    )
    .await;
    // The rows the signals came from hold no person, no text.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM interaction_events WHERE kind = 'thread_opened'")
            .await,
        6
    );
}

#[tokio::test]
async fn attachments_are_checked_by_content_and_given_to_participants_only() {
    let app = spawn_app(Data::Demo).await;
    let c = cast(&app).await;
    let r = send(&app, &c.family, &[&c.cards_a[0]]).await;
    let ta = thread_of(&r, &c.cards_a[0]);
    let upload = |token: &str, ct: &str, name: &str, bytes: Vec<u8>| {
        app.client
            .post(format!(
                "{}/api/v1/threads/{ta}/attachments?filename={name}",
                app.address
            ))
            .bearer_auth(token)
            .header("Content-Type", ct)
            .body(bytes)
            .send()
    };
    let pdf = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec();
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    // Wrong declared type: 415; content not of the declared type: 422; too large: 413.
    let res = upload(
        &c.family,
        "application/x-msdownload",
        "a.exe",
        b"MZ\x90\x00".to_vec(),
    )
    .await
    .unwrap();
    assert_eq!(res.status().as_u16(), 415);
    let res = upload(&c.family, "application/pdf", "finto.pdf", png.clone())
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422);
    let res = upload(
        &c.family,
        "application/pdf",
        "grande.pdf",
        [pdf.clone(), vec![b' '; 10 * 1024 * 1024]].concat(),
    )
    .await
    .unwrap();
    assert_eq!(res.status().as_u16(), 413);
    // Another organisation's staff, another family: no such thread.
    let res = upload(&c.staff_b, "application/pdf", "x.pdf", pdf.clone())
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 404);
    let res = upload(&c.other_family, "application/pdf", "x.pdf", pdf.clone())
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 404);
    assert_eq!(count(&app, "message_attachments").await, 0);

    let res = upload(
        &c.family,
        "application/pdf",
        "certificato%20medico.pdf",
        pdf.clone(),
    )
    .await
    .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    let a: Value = res.json().await.unwrap();
    assert_eq!(a["filename"], "certificato medico.pdf");
    let aid = a["id"].as_str().unwrap();
    let download = |token: &str| {
        app.client
            .get(format!("{}/api/v1/attachments/{aid}", app.address))
            .bearer_auth(token)
            .send()
    };
    // Not sent yet: only its uploader has it.
    assert_eq!(download(&c.staff_a).await.unwrap().status().as_u16(), 404);
    assert_eq!(download(&c.family).await.unwrap().status().as_u16(), 200);
    // Sent with a message: the provider has it too; another provider, another family not.
    let (s, _, m) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{ta}/messages"),
        &c.family,
        None,
        Some(json!({"body": "In allegato il certificato.", "attachments": [aid]})),
    )
    .await;
    assert_eq!(s, 201, "{m}");
    assert_eq!(m["attachments"][0]["id"], aid);
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{ta}/messages"),
        &c.family,
        None,
        Some(json!({"body": "Di nuovo", "attachments": [aid]})),
    )
    .await;
    assert_eq!(s, 422, "a file is sent once");
    let res = download(&c.staff_a).await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.bytes().await.unwrap().to_vec(), pdf);
    for token in [&c.staff_b, &c.other_family, &c.reviewer] {
        assert_eq!(download(token).await.unwrap().status().as_u16(), 404);
    }
    let (_, _, t) = call(
        &app,
        "GET",
        &format!("/api/v1/threads/{ta}"),
        &c.staff_a,
        None,
        None,
    )
    .await;
    assert_eq!(
        t["messages"][0]["attachments"][0]["filename"],
        "certificato medico.pdf"
    );
    // A PNG from the provider, never sent: dropped by the housekeeping after a day.
    let res = upload(&c.staff_a, "image/png", "foto.png", png)
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    let storage = domicilia::storage::Storage::local(&app.files_dir).unwrap();
    let dropped = domicilia::services::attachments::prune(
        &app.db,
        &storage,
        chrono::Utc::now() + chrono::Duration::hours(25),
    )
    .await
    .unwrap();
    assert_eq!(dropped, 1);
    assert_eq!(
        count(&app, "message_attachments").await,
        1,
        "the sent file stays"
    );
}

#[tokio::test]
async fn an_organisations_administrator_exports_its_threads_and_the_export_is_audited() {
    let app = spawn_app(Data::Demo).await;
    let c = cast(&app).await;
    let r = send(&app, &c.family, &[&c.cards_a[0], &c.card_b]).await;
    let ta = thread_of(&r, &c.cards_a[0]);
    call(
        &app,
        "POST",
        &format!("/api/v1/threads/{ta}/messages"),
        &c.staff_a,
        None,
        Some(json!({"body": "Possiamo venire giovedì."})),
    )
    .await;
    let (org_a, admin) = admin_of(&app, &c.cards_a[0]).await;
    let path = format!("/api/v1/organisations/{org_a}/threads/export");
    // Its staff read threads, but do not export them; nor does anyone else.
    for who in [&c.staff_a, &c.staff_b, &c.family, &c.reviewer] {
        let (s, _, _) = call(&app, "GET", &path, who, None, None).await;
        assert_eq!(s, 404);
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'threads_exported'")
            .await,
        0
    );
    let res = app
        .client
        .get(format!("{}{path}", app.address))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"conversazioni-"),
        "{disposition}"
    );
    let export: Value = res.json().await.unwrap();
    assert_eq!(export["organisation"]["id"], org_a.as_str());
    let threads = export["threads"].as_array().unwrap();
    assert_eq!(
        threads.len(),
        1,
        "organisation B's thread is not in A's export"
    );
    assert_eq!(threads[0]["id"], ta.as_str());
    assert_eq!(
        threads[0]["messages"][0]["body"],
        "Possiamo venire giovedì."
    );
    assert!(
        threads[0]["request_message"]
            .as_str()
            .unwrap()
            .contains("tre mattine")
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'threads_exported'")
            .await,
        1
    );
}
