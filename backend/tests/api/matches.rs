//! Matches between a family's need and listed carers (issue 12): a carer sees the needs
//! they fit (never the family or the conditions) and says they are interested; a family
//! writes to a carer of the ranking; the two talk; the family accepts (only once the
//! carer has written), starts, and either ends or declines. Only the two sides ever see a
//! match; each step is an interaction event without personal content and a notification
//! to the other side; twenty clients at once change nothing twice.
use super::card_workflow::call;
use super::demands::{carer, carer_profile, need};
use super::helpers::{Data, TestApp, answered, spawn_app, twenty};
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

fn spanish() -> Value {
    json!([{"code": "es", "level": "native"}, {"code": "it", "level": "b2"}])
}

/// Lucia fits the need of `need()` (everything asked); Nina lacks its must (dementia
/// care); Marta fits too, in the NIL itself.
struct Cast {
    family: String,
    need: String,
    lucia: String,
    nina: String,
    marta: String,
    marta_id: String,
}

async fn cast(app: &TestApp) -> Cast {
    let lucia = carer(
        app,
        "lucia@example.org",
        carer_profile(
            "Lucia",
            json!(["MI-M5"]),
            json!(["dementia-care", "cooking", "first-aid"]),
            spanish(),
            1100,
            7,
        ),
        true,
    )
    .await;
    let nina = carer(
        app,
        "nina@example.org",
        carer_profile(
            "Nina",
            json!(["MI-M5"]),
            json!(["cooking"]),
            spanish(),
            1000,
            9,
        ),
        true,
    )
    .await;
    let marta = carer(
        app,
        "marta@example.org",
        carer_profile(
            "Marta",
            json!(["MI-NIL-37"]),
            json!(["dementia-care"]),
            json!([{"code": "it", "level": "native"}]),
            1200,
            2,
        ),
        true,
    )
    .await;
    let (_, me) = get(app, &marta, "/api/v1/me/carer").await;
    let family = app
        .grant("anna@example.org", Role::Citizen, None, None)
        .await;
    let (s, d) = post(app, &family, "/api/v1/demands", need()).await;
    assert_eq!(s, 201, "{d}");
    Cast {
        family,
        need: d["id"].as_str().unwrap().to_owned(),
        lucia,
        nina,
        marta,
        marta_id: me["id"].as_str().unwrap().to_owned(),
    }
}

#[tokio::test]
async fn a_carer_sees_only_the_needs_whose_hard_filters_they_pass() {
    let app = spawn_app(Data::Demo).await;
    let c = cast(&app).await;
    let family = app
        .grant("bice@example.org", Role::Citizen, None, None)
        .await;
    // Lucia asks 11 €/h, works by the hour, has dementia care but not night care.
    let mut variants = Vec::new();
    for (label, change) in [
        ("at her rate", json!({"budget_cents": 1100})),
        (
            "a monthly budget",
            json!({"budget_cents": 90000, "budget_period": "month"}),
        ),
        (
            "no budget",
            json!({"budget_cents": null, "budget_period": null}),
        ),
        ("below her rate", json!({"budget_cents": 1099})),
        ("living in", json!({"arrangement": "live_in", "week": {}})),
        (
            "a must she lacks",
            json!({"requirements": [{"kind": "skill", "code": "night-care", "must": true}]}),
        ),
    ] {
        let mut n = need();
        for (k, v) in change.as_object().unwrap() {
            n[k] = v.clone();
        }
        let (s, d) = post(&app, &family, "/api/v1/demands", n).await;
        assert_eq!(s, 201, "{label}: {d}");
        variants.push((label, d["id"].as_str().unwrap().to_owned()));
    }
    let (s, list) = get(&app, &c.lucia, "/api/v1/me/carer/demands?limit=50").await;
    assert_eq!(s, 200, "{list}");
    let seen: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["need"]["id"].as_str().unwrap())
        .collect();
    assert!(seen.contains(&c.need.as_str()));
    for (label, id) in &variants {
        let shown = seen.contains(&id.as_str());
        let fits = matches!(*label, "at her rate" | "a monthly budget" | "no budget");
        assert_eq!(shown, fits, "{label}: {list}");
    }
    assert_eq!(list["total"], seen.len());
}

#[tokio::test]
async fn a_carer_says_they_are_interested_and_the_family_accepts() {
    let app = spawn_app(Data::Demo).await;
    let c = cast(&app).await;

    // Lucia sees the need, with the reasons, and nothing of the family.
    let (s, list) = get(&app, &c.lucia, "/api/v1/me/carer/demands").await;
    assert_eq!(s, 200, "{list}");
    let item = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["need"]["id"] == c.need.as_str())
        .cloned()
        .expect("Lucia fits the need");
    assert!(item["score"].as_u64().unwrap() > 0);
    assert!(
        item["explanation"]["it"]
            .as_str()
            .unwrap()
            .contains("3 desideri su 3"),
        "{item}"
    );
    assert_eq!(item["contact"], Value::Null);
    assert_eq!(item["need"]["zone"]["code"], "MI-NIL-37");
    for key in [
        "conditions",
        "conditions_consent_at",
        "user",
        "email",
        "tenant",
    ] {
        assert!(item["need"].get(key).is_none(), "{key} shown to a carer");
    }
    assert!(!list.to_string().contains("anna@example.org"));

    // Nina lacks the must: not shown, and her interest is not found.
    let (_, theirs) = get(&app, &c.nina, "/api/v1/me/carer/demands").await;
    assert!(!theirs.to_string().contains(&c.need));
    let interest = format!("/api/v1/me/carer/demands/{}/interest", c.need);
    let hello = json!({"message": "Buongiorno, sono Lucia: ho esperienza con la demenza."});
    let (s, _) = post(&app, &c.nina, &interest, hello.clone()).await;
    assert_eq!(s, 404);
    // The family is no carer; an unlisted carer is not matched.
    let (s, _) = get(&app, &c.family, "/api/v1/me/carer/demands").await;
    assert_eq!(s, 403);
    let waiting = carer(
        &app,
        "waiting@example.org",
        carer_profile("Wanda", json!(["MI-M5"]), json!([]), spanish(), 900, 1),
        false,
    )
    .await;
    let (s, p) = get(&app, &waiting, "/api/v1/me/carer/demands").await;
    assert_eq!(s, 409, "{p}");

    // Bad messages: blank, a control character.
    let (s, _) = post(&app, &c.lucia, &interest, json!({"message": "   "})).await;
    assert_eq!(s, 422);
    let (s, _) = post(&app, &c.lucia, &interest, json!({"message": "ciao\u{7}"})).await;
    assert_eq!(s, 422);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM matches").await, 0);

    let (s, m) = post(&app, &c.lucia, &interest, hello.clone()).await;
    assert_eq!(s, 201, "{m}");
    assert_eq!(m["status"], "contacted");
    assert_eq!(m["initiated_by"], "carer");
    assert_eq!(m["viewer_side"], "carer");
    assert_eq!(m["actions"], json!(["decline"]));
    assert_eq!(m["messages"][0]["side"], "carer");
    let id = m["id"].as_str().unwrap().to_owned();
    let (s, _) = post(&app, &c.lucia, &interest, hello.clone()).await;
    assert_eq!(s, 409, "one match per need and carer");

    // The family is told, in the app, with a link to the conversation.
    let (_, notes) = get(&app, &c.family, "/api/v1/me/notifications").await;
    let note = &notes["items"][0];
    assert_eq!(note["kind"], "match_opened");
    assert_eq!(note["link"], format!("/abbinamenti/{id}"));
    assert_eq!(note["title"], "Lucia");

    // The family's list, the ranking and the match itself say so.
    let (_, mine) = get(
        &app,
        &c.family,
        &format!("/api/v1/matches?demand={}", c.need),
    )
    .await;
    assert_eq!(mine["total"], 1);
    assert_eq!(mine["items"][0]["unread"], true);
    assert_eq!(mine["items"][0]["carer"]["first_name"], "Lucia");
    let (_, ranked) = get(
        &app,
        &c.family,
        &format!("/api/v1/demands/{}/matches?kind=carer", c.need),
    )
    .await;
    let lucia = ranked["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["title"] == "Lucia")
        .cloned()
        .unwrap();
    assert_eq!(lucia["contact"]["id"], id.as_str());
    assert_eq!(lucia["contact"]["status"], "contacted");
    let one = format!("/api/v1/matches/{id}");
    let (s, m) = get(&app, &c.family, &one).await;
    assert_eq!(s, 200);
    assert_eq!(m["viewer_side"], "family");
    assert_eq!(m["actions"], json!(["accept", "decline"]));
    assert!(!m.to_string().contains("lucia@example.org"));
    let (_, mine) = get(&app, &c.family, "/api/v1/matches").await;
    assert_eq!(mine["items"][0]["unread"], false);

    // Nobody else sees or touches it.
    let stranger = app
        .grant("other@example.org", Role::Citizen, None, None)
        .await;
    for token in [&stranger, &c.nina] {
        assert_eq!(get(&app, token, &one).await.0, 404);
        let (s, _) = post(
            &app,
            token,
            &format!("{one}/messages"),
            json!({"body": "x"}),
        )
        .await;
        assert_eq!(s, 404);
        let (s, _) = post(
            &app,
            token,
            &format!("{one}/status"),
            json!({"action": "decline"}),
        )
        .await;
        assert_eq!(s, 404);
        let (_, list) = get(&app, token, "/api/v1/matches").await;
        assert_eq!(list["total"], 0);
    }

    // The carer cannot accept; the family does: an incrocio, as an event without a person.
    let step = format!("{one}/status");
    let (s, _) = post(&app, &c.lucia, &step, json!({"action": "accept"})).await;
    assert_eq!(s, 403);
    let (s, m) = post(&app, &c.family, &step, json!({"action": "accept"})).await;
    assert_eq!(s, 200, "{m}");
    assert_eq!(m["status"], "accepted");
    assert!(m["accepted_at"].is_string());
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM interaction_events WHERE kind = 'match_accepted' \
             AND organisation_id IS NULL AND card_id IS NULL AND side = 'family' \
             AND category = 'badante' AND zone_id IS NOT NULL"
        )
        .await,
        1
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'match_accepted'")
            .await,
        1
    );

    // They talk; the carer reads it as unread.
    let (s, m) = post(
        &app,
        &c.family,
        &format!("{one}/messages"),
        json!({"body": "Possiamo iniziare lunedì?\nGrazie"}),
    )
    .await;
    assert_eq!(s, 201, "{m}");
    assert_eq!(m["messages"].as_array().unwrap().len(), 2);
    let (_, hers) = get(&app, &c.lucia, "/api/v1/matches").await;
    assert_eq!(hers["items"][0]["unread"], true);
    assert_eq!(hers["items"][0]["viewer_side"], "carer");

    // Started by the family, ended by the carer; then no more messages.
    let (s, m) = post(&app, &c.family, &step, json!({"action": "activate"})).await;
    assert_eq!((s, m["status"].as_str()), (200, Some("active")));
    let (s, _) = post(&app, &c.lucia, &step, json!({"action": "activate"})).await;
    assert_eq!(s, 403);
    let (s, m) = post(&app, &c.lucia, &step, json!({"action": "end"})).await;
    assert_eq!((s, m["status"].as_str()), (200, Some("ended")));
    assert_eq!(m["open"], false);
    let (s, _) = post(
        &app,
        &c.family,
        &format!("{one}/messages"),
        json!({"body": "ciao"}),
    )
    .await;
    assert_eq!(s, 409);
    let kinds = app
        .scalar(
            "SELECT COUNT(*) FROM interaction_events WHERE kind IN ('match_contacted', \
             'match_message', 'match_accepted', 'match_activated', 'match_ended')",
        )
        .await;
    assert_eq!(kinds, 5);
    // No text of theirs reaches the events.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM interaction_events WHERE reason LIKE '%Lucia%'")
            .await,
        0
    );
}

#[tokio::test]
async fn a_family_writes_to_a_carer_of_the_ranking() {
    let app = spawn_app(Data::Demo).await;
    let c = cast(&app).await;
    let (_, nina) = get(&app, &c.nina, "/api/v1/me/carer").await;
    let to = |carer: &str| format!("/api/v1/demands/{}/carers/{carer}/contact", c.need);
    let hello = json!({"message": "Buongiorno, cerchiamo aiuto per mia madre."});

    // Nina does not meet the need; an unknown carer is not found; a carer cannot write
    // as a family; someone else's need is not found.
    let (s, p) = post(
        &app,
        &c.family,
        &to(nina["id"].as_str().unwrap()),
        hello.clone(),
    )
    .await;
    assert_eq!(s, 409, "{p}");
    let (s, _) = post(
        &app,
        &c.family,
        &to(&uuid::Uuid::now_v7().to_string()),
        hello.clone(),
    )
    .await;
    assert_eq!(s, 404);
    let (s, _) = post(&app, &c.lucia, &to(&c.marta_id), hello.clone()).await;
    assert_eq!(s, 403);
    let stranger = app
        .grant("other@example.org", Role::Citizen, None, None)
        .await;
    let (s, _) = post(&app, &stranger, &to(&c.marta_id), hello.clone()).await;
    assert_eq!(s, 404);

    let (s, m) = post(&app, &c.family, &to(&c.marta_id), hello.clone()).await;
    assert_eq!(s, 201, "{m}");
    assert_eq!(m["initiated_by"], "family");
    assert_eq!(m["carer"]["first_name"], "Marta");
    // Marta is told where the need is, not who.
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE u.email = 'marta@example.org' AND n.kind = 'match_opened' \
             AND n.params NOT LIKE '%anna%'"
        )
        .await,
        1
    );
    let one = format!("/api/v1/matches/{}", m["id"].as_str().unwrap());
    let step = format!("{one}/status");
    // Not before the carer answers.
    assert_eq!(m["actions"], json!(["decline"]));
    let (s, _) = post(&app, &c.family, &step, json!({"action": "accept"})).await;
    assert_eq!(s, 409);
    // Marta sees the need (never the conditions) and answers.
    let (s, hers) = get(&app, &c.marta, &one).await;
    assert_eq!(s, 200);
    assert!(hers["need"].get("conditions").is_none());
    assert_eq!(hers["messages"][0]["body"], hello["message"]);
    let (s, _) = post(
        &app,
        &c.marta,
        &format!("{one}/messages"),
        json!({"body": "Volentieri!"}),
    )
    .await;
    assert_eq!(s, 201);
    let (s, m) = post(&app, &c.family, &step, json!({"action": "accept"})).await;
    assert_eq!((s, m["status"].as_str()), (200, Some("accepted")));
    // Declining an accepted match is not a step: end it.
    let (s, _) = post(&app, &c.marta, &step, json!({"action": "decline"})).await;
    assert_eq!(s, 409);
    // One conversation per need and carer: asking again is told where it is, and once
    // it has ended, that it has.
    let (s, p) = post(&app, &c.family, &to(&c.marta_id), hello.clone()).await;
    assert_eq!(s, 409);
    assert!(
        p["detail"].as_str().unwrap().contains("already in touch"),
        "{p}"
    );
    let (s, m) = post(&app, &c.marta, &step, json!({"action": "end"})).await;
    assert_eq!((s, m["status"].as_str()), (200, Some("ended")), "{m}");
    let (s, p) = post(&app, &c.family, &to(&c.marta_id), hello.clone()).await;
    assert_eq!(s, 409);
    assert!(p["detail"].as_str().unwrap().contains("it ended"), "{p}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM matches").await, 1);

    // A paused need takes no new contact.
    let (s, _) = post(
        &app,
        &c.family,
        &format!("/api/v1/demands/{}/status", c.need),
        json!({"status": "paused"}),
    )
    .await;
    assert_eq!(s, 200);
    let (_, lucia) = get(&app, &c.lucia, "/api/v1/me/carer").await;
    let (s, _) = post(&app, &c.family, &to(lucia["id"].as_str().unwrap()), hello).await;
    assert_eq!(s, 409);
    let (_, list) = get(&app, &c.lucia, "/api/v1/me/carer/demands").await;
    assert!(
        !list.to_string().contains(&c.need),
        "a paused need is not shown"
    );
}

#[tokio::test]
async fn twenty_clients_at_once_open_accept_and_write_once_each() {
    let app = spawn_app(Data::Demo).await;
    let c = cast(&app).await;
    let interest = format!(
        "{}/api/v1/me/carer/demands/{}/interest",
        app.address, c.need
    );
    let statuses = twenty(|i| {
        app.client
            .post(&interest)
            .bearer_auth(&c.lucia)
            .json(&json!({"message": format!("Interessata ({i})")}))
    })
    .await;
    answered(&statuses, 201, 1, &[409]);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM matches").await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM match_messages").await, 1);
    let (_, list) = get(&app, &c.family, "/api/v1/matches").await;
    let id = list["items"][0]["id"].as_str().unwrap().to_owned();
    let messages = format!("{}/api/v1/matches/{id}/messages", app.address);
    let statuses = twenty(|i| {
        app.client
            .post(&messages)
            .bearer_auth(if i % 2 == 0 { &c.family } else { &c.lucia })
            .json(&json!({"body": format!("messaggio {i}")}))
    })
    .await;
    answered(&statuses, 201, 20, &[]);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM match_messages").await, 21);
    let step = format!("{}/api/v1/matches/{id}/status", app.address);
    let statuses = twenty(|_| {
        app.client
            .post(&step)
            .bearer_auth(&c.family)
            .json(&json!({"action": "accept"}))
    })
    .await;
    answered(&statuses, 200, 1, &[409]);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM interaction_events WHERE kind = 'match_accepted'")
            .await,
        1
    );
}

/// The daily digest (with the caller's clock): a carer listed after the need was
/// described tells the family once (in the app and by mail, linking to the need); the
/// next pass within a day looks at nothing; later, a carer who fits only below the
/// threshold, or who misses a must, tells nobody; a paused need is not looked at.
#[tokio::test]
async fn new_carers_reach_the_family_in_one_digest_a_day() {
    use domicilia::entities::demands;
    use domicilia::services::demands::digest::{self, DigestPass, THRESHOLD};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let app = spawn_app(Data::Demo).await;
    let reference = domicilia::reference::Reference::load(&app.db)
        .await
        .unwrap();
    let family = app
        .grant("anna@example.org", Role::Citizen, None, None)
        .await;
    let (_, d) = post(&app, &family, "/api/v1/demands", need()).await;
    let id = d["id"].as_str().unwrap().to_owned();
    // The passes run two days on; `mark` sets the need's last look to the real present,
    // so that what is listed next is new to it.
    let now = chrono::Utc::now() + chrono::Duration::days(2);
    let mark = || {
        demands::Entity::update_many()
            .col_expr(demands::Column::DigestAt, Expr::value(chrono::Utc::now()))
            .filter(demands::Column::PublicId.eq(uuid::Uuid::parse_str(&id).unwrap()))
            .exec(&*app.db)
    };
    let pass = digest::run(&app.db, &reference, "http://x", now)
        .await
        .unwrap();
    // The demo neighbour's need (open to sharing) is looked at too: nothing new for it.
    assert_eq!(pass, DigestPass { looked: 2, told: 0 }, "nothing new since");

    // Lucia is listed: one digest.
    mark().await.unwrap();
    carer(
        &app,
        "lucia@example.org",
        carer_profile(
            "Lucia",
            json!(["MI-M5"]),
            json!(["dementia-care", "cooking", "first-aid"]),
            spanish(),
            1100,
            7,
        ),
        true,
    )
    .await;
    let pass = digest::run(&app.db, &reference, "http://x", now)
        .await
        .unwrap();
    assert_eq!(pass, DigestPass { looked: 1, told: 1 });
    let (_, notes) = get(&app, &family, "/api/v1/me/notifications").await;
    assert_eq!(notes["items"][0]["kind"], "match_digest");
    assert_eq!(notes["items"][0]["link"], format!("/bisogni/{id}"));
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM outbox_emails WHERE to_address = 'anna@example.org' \
             AND subject = 'Nuove proposte per il tuo bisogno'"
        )
        .await,
        1
    );
    // Within the day: nothing looked at, however many passes.
    let later = now + chrono::Duration::hours(23);
    let pass = digest::run(&app.db, &reference, "http://x", later)
        .await
        .unwrap();
    assert_eq!(pass, DigestPass::default());

    // Olga fits, below the threshold; Nina misses the must: no digest.
    mark().await.unwrap();
    carer(
        &app,
        "olga@example.org",
        carer_profile(
            "Olga",
            json!(["MI-M5"]),
            json!(["dementia-care"]),
            json!([{"code": "it", "level": "b1"}]),
            1200,
            0,
        ),
        true,
    )
    .await;
    carer(
        &app,
        "nina@example.org",
        carer_profile(
            "Nina",
            json!(["MI-M5"]),
            json!(["cooking"]),
            spanish(),
            1000,
            9,
        ),
        true,
    )
    .await;
    let (_, ranked) = get(
        &app,
        &family,
        &format!("/api/v1/demands/{id}/matches?kind=carer"),
    )
    .await;
    let olga = ranked["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["title"] == "Olga")
        .cloned()
        .expect("Olga passes the filters");
    assert!(
        olga["score"].as_u64().unwrap() < u64::from(THRESHOLD),
        "{olga}"
    );
    let pass = digest::run(&app.db, &reference, "http://x", now)
        .await
        .unwrap();
    assert_eq!(pass, DigestPass { looked: 1, told: 0 });

    // A paused need is not looked at.
    mark().await.unwrap();
    let (s, _) = post(
        &app,
        &family,
        &format!("/api/v1/demands/{id}/status"),
        json!({"status": "paused"}),
    )
    .await;
    assert_eq!(s, 200);
    let pass = digest::run(&app.db, &reference, "http://x", now)
        .await
        .unwrap();
    assert_eq!(pass, DigestPass::default());
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'match_digest'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_service_published_since_reaches_the_family_in_its_digest() {
    use domicilia::entities::service_cards;
    use domicilia::services::demands::digest::{self, DigestPass, THRESHOLD};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let app = spawn_app(Data::Demo).await;
    let reference = domicilia::reference::Reference::load(&app.db)
        .await
        .unwrap();
    let family = app
        .grant("anna@example.org", Role::Citizen, None, None)
        .await;
    let mut n = need();
    n["requirements"] = json!([]);
    n.as_object_mut().unwrap().remove("language");
    n["budget_cents"] = json!(3000);
    let (s, d) = post(&app, &family, "/api/v1/demands", n).await;
    assert_eq!(s, 201, "{d}");
    let id = d["id"].as_str().unwrap().to_owned();
    let (_, ranked) = get(
        &app,
        &family,
        &format!("/api/v1/demands/{id}/matches?kind=service&limit=50"),
    )
    .await;
    // The best service of the ranking, well above the digest's threshold.
    let best = ranked["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["score"].as_u64().unwrap() >= u64::from(THRESHOLD))
        .cloned()
        .unwrap_or_else(|| panic!("a demo service above the threshold: {ranked}"));
    let card = best["id"].as_str().unwrap().to_owned();
    // Every card the demo published came before the need: nothing new two days on.
    let now = chrono::Utc::now() + chrono::Duration::days(2);
    let pass = digest::run(&app.db, &reference, "http://x", now)
        .await
        .unwrap();
    assert_eq!(pass.told, 0, "{pass:?}");
    // That card is published again an hour after that pass (as the review of a change
    // publishes it); the next day's pass tells the family, once.
    service_cards::Entity::update_many()
        .col_expr(
            service_cards::Column::PublishedAt,
            Expr::value(now + chrono::Duration::hours(1)),
        )
        .filter(service_cards::Column::PublicId.eq(uuid::Uuid::parse_str(&card).unwrap()))
        .exec(&*app.db)
        .await
        .unwrap();
    let next = now + chrono::Duration::days(1) + chrono::Duration::hours(2);
    let pass = digest::run(&app.db, &reference, "http://x", next)
        .await
        .unwrap();
    assert_eq!(pass.told, 1, "{pass:?}");
    let (_, notes) = get(&app, &family, "/api/v1/me/notifications").await;
    assert_eq!(notes["items"][0]["kind"], "match_digest");
    assert_eq!(notes["items"][0]["link"], format!("/bisogni/{id}"));
    // Nothing newer: the day after, no second digest.
    let pass = digest::run(
        &app.db,
        &reference,
        "http://x",
        next + chrono::Duration::days(1),
    )
    .await
    .unwrap();
    assert_eq!(pass.told, 0);
    assert_ne!(pass, DigestPass::default(), "the need was looked at");
}
