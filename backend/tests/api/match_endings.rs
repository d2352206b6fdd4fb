//! Matches end with what they stand on (issue 12, "only listed carers are matched"): a
//! family declines a conversation; a need closed declines the conversations not yet
//! accepted and keeps the agreement it found; a carer suspended from the registry ends
//! every live match of theirs; an erased account's matches end with their events before
//! the rows go, and its open needs count as closed. Each ending is an interaction event and, but for an erasure, a notice to
//! the other side; nobody writes in an ended conversation.
use super::card_workflow::call;
use super::demands::{carer, carer_profile, need};
use super::helpers::{Data, TestApp, spawn_app};
use domicilia::api::auth::Role;
use serde_json::{Value, json};

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    let (s, _, v) = call(app, "POST", path, token, None, Some(body)).await;
    (s, v)
}

async fn get(app: &TestApp, token: &str, path: &str) -> (u16, Value) {
    let (s, _, v) = call(app, "GET", path, token, None, None).await;
    (s, v)
}

/// A listed carer who meets `need()` (every must and wish): token and id.
async fn fitting(app: &TestApp, name: &str) -> (String, String) {
    let token = carer(
        app,
        &format!("{}@example.org", name.to_lowercase()),
        carer_profile(
            name,
            json!(["MI-NIL-37"]),
            json!(["dementia-care", "cooking", "first-aid"]),
            json!([{"code": "es", "level": "native"}, {"code": "it", "level": "b2"}]),
            1100,
            6,
        ),
        true,
    )
    .await;
    let (_, me) = get(app, &token, "/api/v1/me/carer").await;
    (token, me["id"].as_str().unwrap().to_owned())
}

/// Anna's need: her token and the need's id.
async fn anna(app: &TestApp) -> (String, String) {
    super::auth::signed_in(app, "anna@example.org").await;
    let family = app
        .grant("anna@example.org", Role::Citizen, None, None)
        .await;
    let (s, d) = post(app, &family, "/api/v1/demands", need()).await;
    assert_eq!(s, 201, "{d}");
    (family, d["id"].as_str().unwrap().to_owned())
}

/// The family writes to the carer about the need: the match's path.
async fn write_to(app: &TestApp, family: &str, need: &str, carer_id: &str) -> String {
    let (s, m) = post(
        app,
        family,
        &format!("/api/v1/demands/{need}/carers/{carer_id}/contact"),
        json!({"message": "Buongiorno, cerchiamo aiuto per mia madre."}),
    )
    .await;
    assert_eq!(s, 201, "{m}");
    format!("/api/v1/matches/{}", m["id"].as_str().unwrap())
}

/// The carer answers and the family accepts.
async fn agree(app: &TestApp, family: &str, carer: &str, one: &str) {
    let (s, _) = post(
        app,
        carer,
        &format!("{one}/messages"),
        json!({"body": "Volentieri."}),
    )
    .await;
    assert_eq!(s, 201);
    let (s, m) = post(
        app,
        family,
        &format!("{one}/status"),
        json!({"action": "accept"}),
    )
    .await;
    assert_eq!((s, m["status"].as_str()), (200, Some("accepted")), "{m}");
}

async fn events(app: &TestApp, kind: &str) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) FROM interaction_events WHERE kind = '{kind}'"
    ))
    .await
}

/// The `match_closed` notices `name` was sent.
async fn closed_notices(app: &TestApp, name: &str) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
         WHERE u.email = '{}@example.org' AND n.kind = 'match_closed'",
        name.to_lowercase()
    ))
    .await
}

async fn status_of(app: &TestApp, token: &str, one: &str) -> String {
    let (s, m) = get(app, token, one).await;
    assert_eq!(s, 200, "{m}");
    m["status"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_family_declines_and_closing_the_need_declines_what_was_not_accepted() {
    let app = spawn_app(Data::Demo).await;
    let (family, need) = anna(&app).await;
    let (olga, olga_id) = fitting(&app, "Olga").await;
    let (marta, marta_id) = fitting(&app, "Marta").await;
    let (lucia, lucia_id) = fitting(&app, "Lucia").await;
    let with_olga = write_to(&app, &family, &need, &olga_id).await;
    let with_marta = write_to(&app, &family, &need, &marta_id).await;
    let with_lucia = write_to(&app, &family, &need, &lucia_id).await;

    // The family declines Olga: the event, Olga told, no more messages either way.
    let (s, m) = post(
        &app,
        &family,
        &format!("{with_olga}/status"),
        json!({"action": "decline"}),
    )
    .await;
    assert_eq!((s, m["status"].as_str()), (200, Some("declined")), "{m}");
    assert_eq!(m["open"], false);
    assert_eq!(m["actions"], json!([]));
    assert_eq!(events(&app, "match_declined").await, 1);
    assert_eq!(closed_notices(&app, "Olga").await, 1);
    for token in [&olga, &family] {
        let (s, _) = post(
            &app,
            token,
            &format!("{with_olga}/messages"),
            json!({"body": "Ancora qui?"}),
        )
        .await;
        assert_eq!(s, 409);
    }
    // Declining twice: 409, no second event.
    let (s, _) = post(
        &app,
        &olga,
        &format!("{with_olga}/status"),
        json!({"action": "decline"}),
    )
    .await;
    assert_eq!(s, 409);
    assert_eq!(events(&app, "match_declined").await, 1);

    // Lucia is accepted; then the family closes the need: Marta's conversation, never
    // accepted, is declined and Marta told; the agreement with Lucia goes on.
    agree(&app, &family, &lucia, &with_lucia).await;
    let (s, d) = post(
        &app,
        &family,
        &format!("/api/v1/demands/{need}/status"),
        json!({"status": "closed"}),
    )
    .await;
    assert_eq!(s, 200, "{d}");
    assert_eq!(status_of(&app, &marta, &with_marta).await, "declined");
    assert_eq!(status_of(&app, &lucia, &with_lucia).await, "accepted");
    assert_eq!(events(&app, "match_declined").await, 2);
    assert_eq!(closed_notices(&app, "Marta").await, 1);
    assert_eq!(closed_notices(&app, "Lucia").await, 0);
    let (s, _) = post(
        &app,
        &lucia,
        &format!("{with_lucia}/messages"),
        json!({"body": "Ci vediamo lunedì."}),
    )
    .await;
    assert_eq!(s, 201);
    let (s, m) = post(
        &app,
        &family,
        &format!("{with_lucia}/status"),
        json!({"action": "activate"}),
    )
    .await;
    assert_eq!((s, m["status"].as_str()), (200, Some("active")), "{m}");
}

#[tokio::test]
async fn a_suspended_carer_is_matched_no_more() {
    let app = spawn_app(Data::Demo).await;
    let (family, need) = anna(&app).await;
    let (lucia, lucia_id) = fitting(&app, "Lucia").await;
    let (_marta, marta_id) = fitting(&app, "Marta").await;
    let with_lucia = write_to(&app, &family, &need, &lucia_id).await;
    agree(&app, &family, &lucia, &with_lucia).await;
    let bea = app
        .grant("bea@example.org", Role::Citizen, None, None)
        .await;
    let (_, bea_need) = post(&app, &bea, "/api/v1/demands", super::demands::need()).await;
    let bea_need = bea_need["id"].as_str().unwrap().to_owned();
    let bea_with_lucia = write_to(&app, &bea, &bea_need, &lucia_id).await;
    let bea_with_marta = write_to(&app, &bea, &bea_need, &marta_id).await;

    // The registry suspends Lucia: her agreement with Anna ends, Bea's conversation is
    // declined; both families are told; Marta's conversation is untouched.
    let reviewer = app.token_for("revisore@demo.domicilia.it").await;
    let (s, r) = post(
        &app,
        &reviewer,
        &format!("/api/v1/registry/carers/{lucia_id}/steps"),
        json!({"action": "suspend", "note": "Documenti scaduti."}),
    )
    .await;
    assert_eq!((s, r["status"].as_str()), (200, Some("suspended")), "{r}");
    assert_eq!(status_of(&app, &family, &with_lucia).await, "ended");
    assert_eq!(status_of(&app, &bea, &bea_with_lucia).await, "declined");
    assert_eq!(status_of(&app, &bea, &bea_with_marta).await, "contacted");
    assert_eq!(events(&app, "match_ended").await, 1);
    assert_eq!(events(&app, "match_declined").await, 1);
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM interaction_events WHERE kind IN ('match_ended', 'match_declined') \
             AND side = 'provider'"
        )
        .await,
        2
    );
    assert_eq!(closed_notices(&app, "Anna").await, 1);
    assert_eq!(closed_notices(&app, "Bea").await, 1);
    // Nothing more happens in those conversations.
    let (s, _) = post(
        &app,
        &family,
        &format!("{with_lucia}/status"),
        json!({"action": "activate"}),
    )
    .await;
    assert_eq!(s, 409);
    let (s, _) = post(
        &app,
        &lucia,
        &format!("{bea_with_lucia}/messages"),
        json!({"body": "Sono ancora disponibile."}),
    )
    .await;
    assert_eq!(s, 409);
}

#[tokio::test]
async fn an_erased_account_s_matches_end_with_their_events_before_the_rows_go() {
    let app = spawn_app(Data::Demo).await;
    let (family, need) = anna(&app).await;
    let (lucia, lucia_id) = fitting(&app, "Lucia").await;
    super::auth::signed_in(&app, "marta@example.org").await;
    let (marta, marta_id) = fitting(&app, "Marta").await;
    let with_lucia = write_to(&app, &family, &need, &lucia_id).await;
    agree(&app, &family, &lucia, &with_lucia).await;
    write_to(&app, &family, &need, &marta_id).await;
    let bea = app
        .grant("bea@example.org", Role::Citizen, None, None)
        .await;
    let (_, bea_need) = post(&app, &bea, "/api/v1/demands", super::demands::need()).await;
    let bea_need = bea_need["id"].as_str().unwrap().to_owned();
    let bea_with_marta = write_to(&app, &bea, &bea_need, &marta_id).await;
    let erase = |token: &str| {
        app.client
            .delete(format!("{}/api/v1/me", app.address))
            .bearer_auth(token)
            .json(&json!({"password": super::auth::PASSWORD}))
            .send()
    };

    // Anna erases her account: her agreement ends and her other conversation is
    // declined, as events; the rows go; no notice points at what is gone.
    assert_eq!(events(&app, "demand_closed").await, 0);
    assert_eq!(erase(&family).await.unwrap().status().as_u16(), 204);
    assert_eq!(
        events(&app, "demand_closed").await,
        1,
        "the need, for the city"
    );
    assert_eq!(events(&app, "match_ended").await, 1);
    assert_eq!(events(&app, "match_declined").await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM matches").await, 1);
    assert_eq!(closed_notices(&app, "Lucia").await, 0);
    assert_eq!(closed_notices(&app, "Marta").await, 0);
    // Marta erases hers: Bea's conversation with her ends the same way.
    assert_eq!(erase(&marta).await.unwrap().status().as_u16(), 204);
    assert_eq!(events(&app, "match_declined").await, 2);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM matches").await, 0);
    let (s, _) = get(&app, &bea, &bea_with_marta).await;
    assert_eq!(s, 404);
    let (_, mine) = get(&app, &bea, "/api/v1/matches").await;
    assert_eq!(mine["total"], 0, "{mine}");
}

/// Twenty clients at once: the registry suspends Lucia while Anna accepts her, starts
/// the service and writes, and Lucia writes. Whatever the order, no live match of
/// Lucia's survives the suspension, and every stored message has its event.
#[tokio::test]
async fn a_suspension_racing_the_family_leaves_no_live_match() {
    let app = spawn_app(Data::Demo).await;
    let (family, need) = anna(&app).await;
    let (lucia, lucia_id) = fitting(&app, "Lucia").await;
    let one = write_to(&app, &family, &need, &lucia_id).await;
    let (s, _) = post(
        &app,
        &lucia,
        &format!("{one}/messages"),
        json!({"body": "Volentieri."}),
    )
    .await;
    assert_eq!(s, 201);
    let reviewer = app.token_for("revisore@demo.domicilia.it").await;
    let statuses = super::helpers::twenty(|i| {
        let c = &app.client;
        match i {
            5 => c
                .post(format!(
                    "{}/api/v1/registry/carers/{lucia_id}/steps",
                    app.address
                ))
                .bearer_auth(&reviewer)
                .json(&json!({"action": "suspend", "note": "Verifica in corso."})),
            i if i % 3 == 0 => c
                .post(format!("{}{one}/status", app.address))
                .bearer_auth(&family)
                .json(&json!({"action": if i % 2 == 0 { "accept" } else { "activate" }})),
            i if i % 3 == 1 => c
                .post(format!("{}{one}/messages", app.address))
                .bearer_auth(&family)
                .json(&json!({"body": "Quando può iniziare?"})),
            _ => c
                .post(format!("{}{one}/messages", app.address))
                .bearer_auth(&lucia)
                .json(&json!({"body": "Anche domani."})),
        }
    })
    .await;
    assert_eq!(statuses[5], 200, "{statuses:?}");
    assert!(
        statuses.iter().all(|s| [200, 201, 409].contains(s)),
        "{statuses:?}"
    );
    let status = status_of(&app, &family, &one).await;
    assert!(["declined", "ended"].contains(&status.as_str()), "{status}");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM matches WHERE status IN ('proposed', 'contacted', 'accepted', 'active')")
            .await,
        0
    );
    assert_eq!(
        events(&app, "match_declined").await + events(&app, "match_ended").await,
        1
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM match_messages").await,
        events(&app, "match_message").await + 1,
        "every message but the first (its contact event) has its event"
    );
}

/// Twenty clients at once: families write to Lucia and Lucia tells other families she is
/// interested, while the registry suspends her. An opening either comes first (and the
/// suspension then ends it) or sees her suspended: no live match with a suspended carer,
/// and every match stored has its opening and its ending as events.
#[tokio::test]
async fn openings_racing_a_suspension_leave_no_match_with_a_suspended_carer() {
    let app = spawn_app(Data::Demo).await;
    let (lucia, lucia_id) = fitting(&app, "Lucia").await;
    let mut families = Vec::new();
    for i in 0..20 {
        let token = app
            .grant(
                &format!("famiglia{i}@example.org"),
                Role::Citizen,
                None,
                None,
            )
            .await;
        let (s, d) = post(&app, &token, "/api/v1/demands", need()).await;
        assert_eq!(s, 201, "{d}");
        families.push((token, d["id"].as_str().unwrap().to_owned()));
    }
    let reviewer = app.token_for("revisore@demo.domicilia.it").await;
    let statuses = super::helpers::twenty(|i| {
        let c = &app.client;
        let (family, need) = &families[i];
        match i {
            7 => c
                .post(format!(
                    "{}/api/v1/registry/carers/{lucia_id}/steps",
                    app.address
                ))
                .bearer_auth(&reviewer)
                .json(&json!({"action": "suspend", "note": "Verifica in corso."})),
            i if i % 2 == 0 => c
                .post(format!(
                    "{}/api/v1/demands/{need}/carers/{lucia_id}/contact",
                    app.address
                ))
                .bearer_auth(family)
                .json(&json!({"message": "Buongiorno, cerchiamo aiuto per mia madre."})),
            _ => c
                .post(format!(
                    "{}/api/v1/me/carer/demands/{need}/interest",
                    app.address
                ))
                .bearer_auth(&lucia)
                .json(&json!({"message": "Buongiorno, sono disponibile."})),
        }
    })
    .await;
    assert_eq!(statuses[7], 200, "{statuses:?}");
    // Before the suspension: 201; after it: the family does not find her (404), she is
    // no longer matched (409).
    assert!(
        statuses.iter().all(|s| [200, 201, 404, 409].contains(s)),
        "{statuses:?}"
    );
    let opened = statuses.iter().filter(|s| **s == 201).count() as i64;
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM matches WHERE status IN ('proposed', 'contacted', 'accepted', 'active')")
            .await,
        0,
        "{statuses:?}"
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM matches").await, opened);
    assert_eq!(events(&app, "match_contacted").await, opened);
    assert_eq!(events(&app, "match_declined").await, opened);
}

/// Twenty clients at once: carers tell Anna they are interested in her need, and she
/// writes to one, while she closes it. No conversation not yet accepted is left open on
/// the closed need.
#[tokio::test]
async fn openings_racing_a_closed_need_leave_no_open_conversation_on_it() {
    let app = spawn_app(Data::Demo).await;
    let (family, need) = anna(&app).await;
    let mut carers = Vec::new();
    for name in [
        "Olga", "Marta", "Lucia", "Irina", "Rosa", "Ana", "Elena", "Maria", "Sofia", "Nadia",
    ] {
        carers.push(fitting(&app, name).await);
    }
    let statuses = super::helpers::twenty(|i| {
        let c = &app.client;
        let (token, id) = &carers[i % carers.len()];
        match i {
            9 => c
                .post(format!("{}/api/v1/demands/{need}/status", app.address))
                .bearer_auth(&family)
                .json(&json!({"status": "closed"})),
            i if i < 10 => c
                .post(format!(
                    "{}/api/v1/me/carer/demands/{need}/interest",
                    app.address
                ))
                .bearer_auth(token)
                .json(&json!({"message": "Buongiorno, sono disponibile."})),
            _ => c
                .post(format!(
                    "{}/api/v1/demands/{need}/carers/{id}/contact",
                    app.address
                ))
                .bearer_auth(&family)
                .json(&json!({"message": "Buongiorno, cerchiamo aiuto per mia madre."})),
        }
    })
    .await;
    assert_eq!(statuses[9], 200, "{statuses:?}");
    // Before the close: 201 (or 409, the same carer and need twice); after it: the
    // carer no longer sees the need (404), the family is told it is closed (409).
    assert!(
        statuses.iter().all(|s| [200, 201, 404, 409].contains(s)),
        "{statuses:?}"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM matches WHERE status IN ('proposed', 'contacted')")
            .await,
        0,
        "{statuses:?}"
    );
    let stored = app.scalar("SELECT COUNT(*) FROM matches").await;
    assert_eq!(events(&app, "match_contacted").await, stored);
    assert_eq!(events(&app, "match_declined").await, stored);
}
