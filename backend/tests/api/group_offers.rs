//! Offering a formed group to providers (issue 12): a joined member sends one request
//! for the group through the contact flow, to services of the group's kind of help; the
//! zone and the hours are the group's; the provider sees a shared need; every member
//! sees how far each offer got, the messages stay with the sender; the accepted quote's
//! price per hour becomes the group's rate; every event of it says `shared` (the city's
//! services in shared form), with nothing of the families. Twenty sends at once while a
//! member leaves answer 201 or 409 and store exactly what they answered.
use super::card_workflow::call;
use super::contact::quote_body;
use super::groups::{family, get, post, shared};
use super::helpers::{Data, TestApp, answered, spawn_app, twenty};
use domicilia::api::auth::Role;
use serde_json::{Value, json};

/// Two published cards of one organisation whose category is `badante` (the group's
/// help), and one card of another category: (badante cards, organisation, other card).
async fn cards(app: &TestApp) -> (Vec<String>, String, String) {
    let v: Value = app
        .get_json("/api/v1/services?category=badante&per_page=100", 200)
        .await;
    let badante: Vec<&Value> = v["items"].as_array().unwrap().iter().collect();
    assert!(!badante.is_empty(), "the demo publishes badante services");
    let org = badante[0]["organisation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let of_org: Vec<String> = badante
        .iter()
        .filter(|i| i["organisation"]["id"] == org.as_str())
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    let v: Value = app
        .get_json("/api/v1/services?category=colf&per_page=1", 200)
        .await;
    let other = v["items"][0]["id"].as_str().unwrap().to_owned();
    (of_org, org, other)
}

fn offer(cards: &[&str], group: &str) -> Value {
    json!({
        "cards": cards,
        "message": "Buongiorno, siamo due famiglie dello stesso quartiere: cerchiamo una badante da condividere.",
        "need": {"age_band": "elderly", "frequency": "several_times_a_week"},
        "consent": true,
        "group": group,
    })
}

async fn shared_events(app: &TestApp, kind: &str) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) FROM interaction_events WHERE kind = '{kind}' AND shared = TRUE"
    ))
    .await
}

/// Anna and Bice in one formed group (Carla invited, not joined), Dora with a need of
/// her own: their tokens and the group's id.
async fn formed_group(app: &TestApp) -> ([String; 4], String) {
    let (anna, anna_need) = family(
        app,
        "Anna",
        shared("MI-NIL-37", json!({"mon": [9, 10, 11, 12]}), 1200, None),
    )
    .await;
    let (bice, bice_need) = family(
        app,
        "Bice",
        shared("MI-NIL-37", json!({"tue": [9, 10, 11, 12]}), 1100, None),
    )
    .await;
    let (carla, carla_need) = family(
        app,
        "Carla",
        shared("MI-NIL-37", json!({"wed": [9, 10]}), 1100, None),
    )
    .await;
    let (dora, _) = family(
        app,
        "Dora",
        shared("MI-NIL-37", json!({"thu": [9, 10]}), 1100, None),
    )
    .await;
    let (s, g) = post(
        app,
        &anna,
        "/api/v1/groups",
        json!({"demand": anna_need, "invite": [bice_need, carla_need]}),
    )
    .await;
    assert_eq!(s, 201, "{g}");
    let gid = g["id"].as_str().unwrap().to_owned();
    ([anna, bice, carla, dora], gid)
}

/// A staff member of organisation `org`.
async fn staff_of(app: &TestApp, org: &str) -> String {
    app.grant(
        "staff.gruppi@example.org",
        Role::ProviderStaff,
        None,
        Some(org.parse().unwrap()),
    )
    .await
}

/// A family's answer in group `gid` (`join`, `decline`, `leave`).
async fn answer(app: &TestApp, token: &str, gid: &str, action: &str) -> (u16, Value) {
    post(
        app,
        token,
        &format!("/api/v1/groups/{gid}/answer"),
        json!({ "action": action }),
    )
    .await
}

#[tokio::test]
async fn a_formed_group_is_offered_to_a_provider_and_its_order_is_shared() {
    let app = spawn_app(Data::Demo).await;
    let (badante, org, other) = cards(&app).await;
    let staff = staff_of(&app, &org).await;
    let ([anna, bice, carla, dora], gid) = formed_group(&app).await;
    let requests = "SELECT COUNT(*) FROM contact_requests WHERE group_id IS NOT NULL";

    // Still forming (nobody joined but Anna): 409, nothing stored.
    let (s, p) = post(&app, &anna, "/api/v1/requests", offer(&[&badante[0]], &gid)).await;
    assert_eq!(s, 409, "{p}");
    let (s, g) = answer(&app, &bice, &gid, "join").await;
    assert_eq!(s, 200, "{g}");
    assert_eq!(g["status"], "formed");
    assert_eq!(g["hours"], 8);

    // Carla is invited, not joined: 403; Dora is not in it, nor is a made-up group: 404.
    let (s, _) = post(
        &app,
        &carla,
        "/api/v1/requests",
        offer(&[&badante[0]], &gid),
    )
    .await;
    assert_eq!(s, 403);
    let (s, _) = post(&app, &dora, "/api/v1/requests", offer(&[&badante[0]], &gid)).await;
    assert_eq!(s, 404);
    let nobody = uuid::Uuid::now_v7().to_string();
    let (s, p) = post(
        &app,
        &anna,
        "/api/v1/requests",
        offer(&[&badante[0]], &nobody),
    )
    .await;
    assert_eq!(s, 404, "{p}");
    // A service of another kind of help: 422 on that card, nothing stored.
    let (s, p) = post(
        &app,
        &anna,
        "/api/v1/requests",
        offer(&[&badante[0], &other], &gid),
    )
    .await;
    assert_eq!(s, 422, "{p}");
    assert_eq!(p["errors"][0]["field"], "cards[1]");
    assert_eq!(p["errors"][0]["code"], "other_kind");
    assert_eq!(app.scalar(requests).await, 0);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM interaction_events WHERE shared = TRUE")
            .await,
        0
    );

    // Anna offers the group: the zone and the hours (8 together) are the group's.
    let changed = "SELECT COUNT(*) FROM notifications WHERE kind = 'group_changed'";
    let told_before = app.scalar(changed).await;
    let (s, r) = post(&app, &anna, "/api/v1/requests", offer(&[&badante[0]], &gid)).await;
    assert_eq!(s, 201, "{r}");
    assert_eq!(r["need"]["shared"], true);
    assert_eq!(r["need"]["hours_per_week"], 8);
    assert_eq!(r["need"]["zone"]["code"], "MI-NIL-37");
    assert_eq!(app.scalar(requests).await, 1);
    assert_eq!(shared_events(&app, "request_sent").await, 1);
    assert_eq!(shared_events(&app, "thread_opened").await, 1);
    // Bice is told (Anna, who sent it, is not).
    assert_eq!(app.scalar(changed).await, told_before + 1);
    let thread = r["threads"][0]["id"].as_str().unwrap().to_owned();

    // The provider sees a need shared by families, and nothing of them.
    let (s, t) = get(&app, &staff, &format!("/api/v1/threads/{thread}")).await;
    assert_eq!(s, 200, "{t}");
    assert_eq!(t["need"]["shared"], true);
    assert_eq!(t["need"]["hours_per_week"], 8);
    for secret in ["Bice", "Rossi", "bice@"] {
        assert!(!t.to_string().contains(secret), "{secret} shown: {t}");
    }

    // Every member sees the offer; only Anna gets the thread; Carla (invited) sees it too.
    let offers = format!("/api/v1/groups/{gid}/offers");
    let (s, mine) = get(&app, &anna, &offers).await;
    assert_eq!(s, 200, "{mine}");
    assert_eq!(mine["items"][0]["thread"], thread.as_str());
    assert_eq!(mine["items"][0]["status"], "awaiting_answer");
    assert_eq!(mine["items"][0]["service_id"], badante[0].as_str());
    let (s, theirs) = get(&app, &bice, &offers).await;
    assert_eq!(s, 200);
    assert_eq!(theirs["items"].as_array().unwrap().len(), 1);
    assert_eq!(theirs["items"][0]["thread"], Value::Null);
    assert_eq!(theirs["items"][0]["sent_by"], "Anna");
    assert!(
        !theirs.to_string().contains("condividere"),
        "no message: {theirs}"
    );
    let (s, _) = get(&app, &carla, &offers).await;
    assert_eq!(s, 200);
    let (s, _) = get(&app, &dora, &offers).await;
    assert_eq!(s, 404);
    // Bice cannot read Anna's thread.
    let (s, _) = get(&app, &bice, &format!("/api/v1/threads/{thread}")).await;
    assert_eq!(s, 404);

    // The provider quotes 12 h at 15 € (+ 30.50 once): 17.54 € an hour.
    let (s, _, q) = call(
        &app,
        "POST",
        &format!("/api/v1/threads/{thread}/quotes"),
        &staff,
        None,
        Some(quote_body(1500)),
    )
    .await;
    assert_eq!(s, 201, "{q}");
    let hourly = q["hourly_cents"].as_i64().unwrap();
    assert_eq!(hourly, (12 * 1500 + 3050) / 12);
    let (_, theirs) = get(&app, &bice, &offers).await;
    assert_eq!(theirs["items"][0]["hourly_cents"], hourly);
    assert_eq!(theirs["items"][0]["status"], "open");

    // Anna accepts: the order is the group's, the rate the quote's, Bice is told.
    let told_before = app.scalar(changed).await;
    let qid = q["id"].as_str().unwrap();
    let (s, o) = post(
        &app,
        &anna,
        &format!("/api/v1/quotes/{qid}/accept"),
        json!({}),
    )
    .await;
    assert_eq!(s, 201, "{o}");
    assert_eq!(shared_events(&app, "quote_accepted").await, 1);
    assert_eq!(shared_events(&app, "order_created").await, 1);
    assert_eq!(app.scalar(changed).await, told_before + 1);
    let (_, g) = get(&app, &bice, &format!("/api/v1/groups/{gid}")).await;
    assert_eq!(g["rate_cents"], hourly);
    assert_eq!(g["weekly_cents"], hourly * 8);
    let shares: i64 = g["members"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["share_cents"].as_i64())
        .sum();
    assert_eq!(shares, hourly * 8);
    let (_, theirs) = get(&app, &bice, &offers).await;
    assert_eq!(theirs["items"][0]["order"], "awaiting_confirmation");
    assert_eq!(theirs["items"][0]["status"], "accepted");

    // The provider confirms: a service delivered in shared form, for the city's count.
    let oid = o["id"].as_str().unwrap();
    let (s, _, v) = call(
        &app,
        "POST",
        &format!("/api/v1/orders/{oid}/confirm"),
        &staff,
        None,
        Some(json!({"start_on": (chrono::Utc::now() + chrono::Duration::days(7)).date_naive()})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(shared_events(&app, "order_confirmed").await, 1);
    // The events say nothing of the group or its families: their columns are the same
    // as any request's.
    let with_person = app
        .scalar(
            "SELECT COUNT(*) FROM interaction_events WHERE shared = TRUE \
             AND (organisation_id IS NULL OR card_id IS NULL)",
        )
        .await;
    assert_eq!(with_person, 0);

    // One order per group: another offer while it stands is refused.
    let (s, p) = post(&app, &bice, "/api/v1/requests", offer(&[&badante[0]], &gid)).await;
    assert_eq!(s, 409, "{p}");
    // Carla joins, Anna leaves: Anna is no longer named to the others, and for her the
    // group is gone (404), as for anyone outside it.
    let (s, _) = answer(&app, &carla, &gid, "join").await;
    assert_eq!(s, 200);
    let (s, g) = answer(&app, &anna, &gid, "leave").await;
    assert_eq!(s, 200, "{g}");
    let (_, theirs) = get(&app, &bice, &offers).await;
    assert_eq!(theirs["items"][0]["sent_by"], Value::Null);
    assert!(!theirs.to_string().contains("Anna"), "{theirs}");
    let (s, _) = get(&app, &anna, &offers).await;
    assert_eq!(s, 404);
    let (s, _) = post(&app, &anna, "/api/v1/requests", offer(&[&badante[0]], &gid)).await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn twenty_offers_at_once_while_a_member_leaves_store_what_they_answer() {
    let app = spawn_app(Data::Demo).await;
    let (badante, ..) = cards(&app).await;
    let ([anna, bice, ..], gid) = formed_group(&app).await;
    let (s, _) = answer(&app, &bice, &gid, "join").await;
    assert_eq!(s, 200);
    let body = offer(&[&badante[0]], &gid);
    let leave = app
        .client
        .post(format!("{}/api/v1/groups/{gid}/answer", app.address))
        .bearer_auth(&bice)
        .json(&json!({"action": "leave"}));
    let (sends, left) = tokio::join!(
        twenty(|_| {
            app.client
                .post(format!("{}/api/v1/requests", app.address))
                .bearer_auth(&anna)
                .json(&body)
        }),
        leave.send()
    );
    assert_eq!(left.unwrap().status(), 200);
    let sent = sends.iter().filter(|s| **s == 201).count();
    answered(&sends, 201, sent, &[409]);
    // Exactly the requests answered 201 are stored, each with its thread and shared
    // events; after the leave the group is no longer formed and nothing more is sent.
    let stored = app
        .scalar("SELECT COUNT(*) FROM contact_requests WHERE group_id IS NOT NULL")
        .await;
    assert_eq!(stored, sent as i64);
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM contact_threads WHERE request_id IN \
             (SELECT id FROM contact_requests WHERE group_id IS NOT NULL)"
        )
        .await,
        sent as i64
    );
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM interaction_events WHERE kind = 'request_sent' AND shared = TRUE"
        )
        .await,
        sent as i64
    );
    let (s, _) = post(&app, &anna, "/api/v1/requests", body.clone()).await;
    assert_eq!(s, 409);
}

#[tokio::test]
async fn two_members_accepting_at_once_make_one_order_for_the_group() {
    let app = spawn_app(Data::Demo).await;
    let (badante, org, _) = cards(&app).await;
    let staff = staff_of(&app, &org).await;
    let ([anna, bice, ..], gid) = formed_group(&app).await;
    let (s, _) = answer(&app, &bice, &gid, "join").await;
    assert_eq!(s, 200);
    // Each member offers the group to the same provider, which quotes both.
    let mut quotes = Vec::new();
    for who in [&anna, &bice] {
        let (s, r) = post(&app, who, "/api/v1/requests", offer(&[&badante[0]], &gid)).await;
        assert_eq!(s, 201, "{r}");
        let thread = r["threads"][0]["id"].as_str().unwrap().to_owned();
        let (s, _, q) = call(
            &app,
            "POST",
            &format!("/api/v1/threads/{thread}/quotes"),
            &staff,
            None,
            Some(quote_body(1500)),
        )
        .await;
        assert_eq!(s, 201, "{q}");
        quotes.push(q["id"].as_str().unwrap().to_owned());
    }
    let accept = |token: &str, q: &str| {
        app.client
            .post(format!("{}/api/v1/quotes/{q}/accept", app.address))
            .bearer_auth(token)
            .json(&json!({}))
            .send()
    };
    let (a, b) = tokio::join!(accept(&anna, &quotes[0]), accept(&bice, &quotes[1]));
    let mut statuses = vec![a.unwrap().status().as_u16(), b.unwrap().status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409]);
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM orders WHERE request_id IN \
             (SELECT id FROM contact_requests WHERE group_id IS NOT NULL)"
        )
        .await,
        1
    );
    assert_eq!(shared_events(&app, "order_created").await, 1);
}
