//! Favourites and saved searches (issue 12): a person keeps published cards and listed
//! carers (once each, never a carer's contact detail, marked unavailable when gone) and
//! saved searches (checked as the search checks them, stored once in a canonical form);
//! a search's alert tells the person once a day of newly published cards, in the app and
//! by mail, and the mail's signed link stops it once. Twenty clients at once save nothing
//! twice and never pass the caps.
use super::card_workflow::call;
use super::helpers::{Data, TEST_JWT_SECRET, TestApp, answered, spawn_app, twenty};
use domicilia::api::auth::Role;
use domicilia::auth::links::LinkSigner;
use domicilia::services::saved_searches::{AlertPass, Alerts, run_alerts};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

async fn send(
    app: &TestApp,
    token: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let (s, _, v) = call(app, method, path, token, None, body).await;
    (s, v)
}

/// A published card of the demo: its id and category.
async fn published_card(app: &TestApp) -> (String, String) {
    let v = app.get_json("/api/v1/services?per_page=1", 200).await;
    (
        v["items"][0]["id"].as_str().unwrap().to_owned(),
        v["items"][0]["category"].as_str().unwrap().to_owned(),
    )
}

/// A carer listed by Milan's reviewer.
async fn listed_carer(app: &TestApp) -> String {
    use super::demands::{carer, carer_profile};
    use domicilia::entities::carers;
    use sea_orm::EntityTrait;
    let profile = carer_profile(
        "Lucia",
        json!(["MI-M5"]),
        json!(["cooking"]),
        json!([{"code": "it", "level": "native"}]),
        1100,
        5,
    );
    carer(app, "lucia@example.org", profile, true).await;
    carers::Entity::find()
        .one(&*app.db)
        .await
        .unwrap()
        .expect("listed")
        .public_id
        .to_string()
}

#[tokio::test]
async fn favourites_are_kept_once_each_and_marked_when_gone() {
    let app = spawn_app(Data::Demo).await;
    let anna = app
        .grant("anna@example.org", Role::Citizen, None, None)
        .await;
    let bruno = app
        .grant("bruno@example.org", Role::Citizen, None, None)
        .await;
    let (card, _) = published_card(&app).await;
    let carer = listed_carer(&app).await;

    for _ in 0..2 {
        let (s, _) = send(
            &app,
            &anna,
            "PUT",
            &format!("/api/v1/me/favourites/services/{card}"),
            None,
        )
        .await;
        assert_eq!(s, 204);
    }
    let (s, _) = send(
        &app,
        &anna,
        "PUT",
        &format!("/api/v1/me/favourites/carers/{carer}"),
        None,
    )
    .await;
    assert_eq!(s, 204);
    // Not published, not listed, not there: 404; not an id: 422.
    let in_review = app
        .scalar("SELECT COUNT(*) FROM service_cards WHERE status = 'in_review'")
        .await;
    assert!(in_review > 0, "the demo has cards in review");
    let hidden: String = {
        use domicilia::entities::service_cards;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        service_cards::Entity::find()
            .filter(service_cards::Column::Status.eq(domicilia::domain::CardStatus::InReview))
            .one(&*app.db)
            .await
            .unwrap()
            .unwrap()
            .public_id
            .to_string()
    };
    for path in [
        format!("/api/v1/me/favourites/services/{hidden}"),
        format!("/api/v1/me/favourites/services/{}", uuid::Uuid::now_v7()),
        format!("/api/v1/me/favourites/carers/{}", uuid::Uuid::now_v7()),
        format!("/api/v1/me/favourites/carers/{card}"),
    ] {
        let (s, v) = send(&app, &anna, "PUT", &path, None).await;
        assert_eq!(s, 404, "{path}: {v}");
    }
    let (s, _) = send(
        &app,
        &anna,
        "PUT",
        "/api/v1/me/favourites/services/nope",
        None,
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM favourites").await, 2);

    let (s, v) = send(&app, &anna, "GET", "/api/v1/me/favourites", None).await;
    assert_eq!(s, 200);
    assert_eq!(v["cards"].as_array().unwrap().len(), 1);
    assert_eq!(v["cards"][0]["id"], card.as_str());
    assert_eq!(v["cards"][0]["available"], true);
    assert!(!v["cards"][0]["organisation"].as_str().unwrap().is_empty());
    let c = &v["carers"][0];
    assert_eq!(c["id"], carer.as_str());
    assert_eq!(c["available"], true);
    assert!(!c["first_name"].as_str().unwrap().is_empty());
    // A carer's favourite shows the limited profile's fields alone.
    let mut keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["available", "first_name", "id", "roles", "saved_at"]);

    // Another person sees only their own (none), and removes nothing of Anna's.
    let (_, v) = send(&app, &bruno, "GET", "/api/v1/me/favourites", None).await;
    assert_eq!(v, json!({"cards": [], "carers": []}));
    let (s, _) = send(
        &app,
        &bruno,
        "DELETE",
        &format!("/api/v1/me/favourites/services/{card}"),
        None,
    )
    .await;
    assert_eq!(s, 204);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM favourites").await, 2);

    // The card unpublished and the carer suspended: still listed, marked, nameless.
    {
        use domicilia::domain::CardStatus;
        use domicilia::domain::registry::RegistryStatus;
        use domicilia::entities::{carers, service_cards};
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        let id = |s: &str| uuid::Uuid::parse_str(s).unwrap();
        service_cards::Entity::update_many()
            .col_expr(
                service_cards::Column::Status,
                Expr::value(CardStatus::Unpublished),
            )
            .filter(service_cards::Column::PublicId.eq(id(&card)))
            .exec(&*app.db)
            .await
            .unwrap();
        carers::Entity::update_many()
            .col_expr(
                carers::Column::Status,
                Expr::value(RegistryStatus::Suspended),
            )
            .filter(carers::Column::PublicId.eq(id(&carer)))
            .exec(&*app.db)
            .await
            .unwrap();
    }
    let (_, v) = send(&app, &anna, "GET", "/api/v1/me/favourites", None).await;
    assert_eq!(v["cards"][0]["available"], false);
    assert_eq!(v["cards"][0]["organisation"], "");
    assert_eq!(v["carers"][0]["available"], false);
    assert_eq!(v["carers"][0]["first_name"], "");

    // Removed; and erased with the account.
    let (s, _) = send(
        &app,
        &anna,
        "DELETE",
        &format!("/api/v1/me/favourites/carers/{carer}"),
        None,
    )
    .await;
    assert_eq!(s, 204);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM favourites").await, 1);
    let (s, v) = send(&app, &anna, "GET", "/api/v1/me/export", None).await;
    assert_eq!(s, 200);
    assert_eq!(v["favourites"]["cards"][0]["id"], card.as_str());
    let carla = super::auth::signed_in(&app, "carla@example.org").await;
    let (s, _) = send(
        &app,
        &carla,
        "POST",
        "/api/v1/me/saved-searches",
        Some(json!({"name": "Tutto", "query": "q=badante"})),
    )
    .await;
    assert_eq!(s, 201);
    let (s, v) = send(
        &app,
        &carla,
        "DELETE",
        "/api/v1/me",
        Some(json!({"password": super::auth::PASSWORD})),
    )
    .await;
    assert_eq!(s, 204, "{v}");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM saved_searches").await,
        0,
        "erased with the account"
    );
}

#[tokio::test]
async fn a_saved_search_is_checked_and_kept_once_in_canonical_form() {
    let app = spawn_app(Data::Demo).await;
    let anna = app
        .grant("anna@example.org", Role::Citizen, None, None)
        .await;
    let bruno = app
        .grant("bruno@example.org", Role::Citizen, None, None)
        .await;
    let (_, category) = published_card(&app).await;
    let path = "/api/v1/me/saved-searches";

    let (s, v) = send(
        &app,
        &anna,
        "POST",
        path,
        Some(json!({
            "name": "  Vicino a casa ",
            "query": format!("?sort=price&zone=MI-M5&page=2&category={category}&q="),
            "alert": true,
        })),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(v["name"], "Vicino a casa");
    assert_eq!(v["query"], format!("category={category}&zone=MI-M5"));
    assert_eq!(v["alert"], true);
    let id = v["id"].as_str().unwrap().to_owned();
    // The same search in another order, or another page of it: already saved.
    let (s, v) = send(
        &app,
        &anna,
        "POST",
        path,
        Some(json!({
            "name": "Ancora", "query": format!("zone=MI-M5&category={category}&per_page=5"),
        })),
    )
    .await;
    assert_eq!(s, 409, "{v}");
    // Bad parameters are reported by name; a control character in the name is refused.
    let (s, v) = send(
        &app,
        &anna,
        "POST",
        path,
        Some(json!({"name": "Bella", "query": "category=nope&max_price_cents=-1"})),
    )
    .await;
    assert_eq!(s, 422);
    let fields: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in ["query.category", "query.max_price_cents"] {
        assert!(fields.contains(&f), "{f}: {v}");
    }
    let (s, v) = send(
        &app,
        &anna,
        "POST",
        path,
        Some(json!({"name": "Bell\u{7}", "query": "q=badante"})),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(v["errors"][0]["field"], "name");
    let (s, _) = send(
        &app,
        &anna,
        "POST",
        path,
        Some(json!({"name": "Lunga", "query": "q=".to_owned() + &"a".repeat(1001)})),
    )
    .await;
    assert_eq!(s, 422);
    // Another person may save the same search; sees and changes only their own.
    let (s, _) = send(
        &app,
        &bruno,
        "POST",
        path,
        Some(json!({"name": "Mia", "query": format!("category={category}&zone=MI-M5")})),
    )
    .await;
    assert_eq!(s, 201);
    let (_, v) = send(&app, &bruno, "GET", path, None).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    assert_eq!(v["items"][0]["name"], "Mia");
    for (method, body) in [("PATCH", Some(json!({"name": "Presa"}))), ("DELETE", None)] {
        let (s, _) = send(&app, &bruno, method, &format!("{path}/{id}"), body).await;
        assert_eq!(s, 404, "{method}");
    }
    // Renamed, alert off; then deleted.
    let (s, v) = send(
        &app,
        &anna,
        "PATCH",
        &format!("{path}/{id}"),
        Some(json!({"name": "Casa", "alert": false})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        (v["name"].as_str(), v["alert"].as_bool()),
        (Some("Casa"), Some(false))
    );
    let (s, _) = send(
        &app,
        &anna,
        "PATCH",
        &format!("{path}/{id}"),
        Some(json!({"name": ""})),
    )
    .await;
    assert_eq!(s, 422);
    let (s, _) = send(&app, &anna, "DELETE", &format!("{path}/{id}"), None).await;
    assert_eq!(s, 204);
    let (_, v) = send(&app, &anna, "GET", path, None).await;
    assert_eq!(v["items"], json!([]));
}

/// Twenty clients at once: the same card saved once (every answer 204); the same search
/// saved once (one 201, the rest 409); twenty different searches past the cap of 20 stop
/// exactly at it.
#[tokio::test]
async fn twenty_saves_at_once_keep_one_row_and_the_caps() {
    let app = spawn_app(Data::Demo).await;
    let anna = app
        .grant("anna@example.org", Role::Citizen, None, None)
        .await;
    let (card, _) = published_card(&app).await;
    let statuses = twenty(|_| {
        app.client
            .put(format!(
                "{}/api/v1/me/favourites/services/{card}",
                app.address
            ))
            .bearer_auth(&anna)
    })
    .await;
    answered(&statuses, 204, 20, &[]);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM favourites").await, 1);

    let statuses = twenty(|i| {
        app.client
            .post(format!("{}/api/v1/me/saved-searches", app.address))
            .bearer_auth(&anna)
            .json(&json!({"name": format!("Badante {i}"), "query": "q=badante"}))
    })
    .await;
    answered(&statuses, 201, 1, &[409]);
    // 1 kept, 4 more: 5; then twenty different ones at once: 15 fit.
    for i in 0..4 {
        let (s, _) = send(
            &app,
            &anna,
            "POST",
            "/api/v1/me/saved-searches",
            Some(json!({"name": "x", "query": format!("q=colf{i}")})),
        )
        .await;
        assert_eq!(s, 201);
    }
    let statuses = twenty(|i| {
        app.client
            .post(format!("{}/api/v1/me/saved-searches", app.address))
            .bearer_auth(&anna)
            .json(&json!({"name": "y", "query": format!("q=aiuto{i}")}))
    })
    .await;
    answered(&statuses, 201, 15, &[409]);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM saved_searches").await, 20);
}

/// The alert (with the caller's clock): cards published after the search was last
/// looked at tell the person once (in the app and by mail, with a signed link); within
/// the day nothing is looked at; a day later, nothing new tells nobody; partial text
/// matches tell nobody; the link stops the alert once, a forged one not at all; an alert
/// turned off is never looked at.
#[tokio::test]
async fn a_saved_search_alert_tells_once_a_day_and_its_link_stops_it_once() {
    let app = spawn_app(Data::Demo).await;
    let anna = app
        .grant("anna@example.org", Role::Citizen, None, None)
        .await;
    (*app.db)
        .execute_unprepared(
            "UPDATE users SET email_verified_at = created_at WHERE email = 'anna@example.org'",
        )
        .await
        .unwrap();
    let (_, category) = published_card(&app).await;
    let (s, v) = send(
        &app,
        &anna,
        "POST",
        "/api/v1/me/saved-searches",
        Some(json!({
            "name": "Assistenza", "query": format!("category={category}"), "alert": true,
        })),
    )
    .await;
    assert_eq!(s, 201);
    let id = v["id"].as_str().unwrap().to_owned();
    let (s, _) = send(
        &app,
        &anna,
        "POST",
        "/api/v1/me/saved-searches",
        Some(json!({
            "name": "Spenta", "query": "q=badante", "alert": false,
        })),
    )
    .await;
    assert_eq!(s, 201);
    // No card holds both words: the search's partial matches are not news.
    let (s, _) = send(
        &app,
        &anna,
        "POST",
        "/api/v1/me/saved-searches",
        Some(json!({
            "name": "Parziale", "query": "q=badante+zzqxwv", "alert": true,
        })),
    )
    .await;
    assert_eq!(s, 201);
    let links = LinkSigner::new(TEST_JWT_SECRET.as_bytes());
    let x = Alerts {
        db: &app.db,
        reference: &app.search.1,
        search: &app.search.0,
        links: &links,
        public_url: "http://x",
    };
    let now = chrono::Utc::now();
    // Saved just now: nothing was published after them.
    assert_eq!(
        run_alerts(&x, now).await.unwrap(),
        AlertPass { looked: 2, told: 0 }
    );

    // As if both were saved long before the demo's cards were published.
    {
        use domicilia::entities::saved_searches;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        let long_ago = chrono::DateTime::parse_from_rfc3339("2000-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        saved_searches::Entity::update_many()
            .col_expr(saved_searches::Column::CheckedAt, Expr::value(long_ago))
            .filter(saved_searches::Column::Alert.eq(true))
            .exec(&*app.db)
            .await
            .unwrap();
    }
    assert_eq!(
        run_alerts(&x, now).await.unwrap(),
        AlertPass { looked: 2, told: 1 }
    );
    let (_, notes) = send(&app, &anna, "GET", "/api/v1/me/notifications", None).await;
    assert_eq!(notes["items"][0]["kind"], "search_alert");
    assert_eq!(notes["items"][0]["title"], "Assistenza");
    assert_eq!(notes["items"][0]["link"], "/account");
    let mail = {
        use domicilia::entities::outbox_emails;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let mut rows = outbox_emails::Entity::find()
            .filter(outbox_emails::Column::ToAddress.eq("anna@example.org"))
            .filter(outbox_emails::Column::Subject.contains("Assistenza"))
            .all(&*app.db)
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        rows.remove(0)
    };
    let body = mail.body_text.clone();
    assert!(
        body.contains(&format!("http://x/cerca?category={category}")),
        "{body}"
    );
    let token = body
        .split("/avvisi/stop?token=")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .expect("the stop link")
        .to_owned();
    // Within the day: nothing looked at; a day on, nothing new: nobody told.
    assert_eq!(
        run_alerts(&x, now + chrono::Duration::hours(23))
            .await
            .unwrap(),
        AlertPass { looked: 1, told: 0 },
        "the partial one only"
    );
    assert_eq!(
        run_alerts(&x, now + chrono::Duration::hours(25))
            .await
            .unwrap(),
        AlertPass { looked: 2, told: 0 }
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'search_alert'")
            .await,
        1
    );

    // The mail names the one-click address (RFC 8058) with the same token, in its
    // headers; once sent, the outbox forgets it with the body.
    let one_click = mail
        .unsubscribe_url
        .clone()
        .expect("a List-Unsubscribe address");
    assert_eq!(
        one_click,
        format!("http://x/api/v1/saved-searches/one-click?token={token}")
    );
    let dir = std::env::temp_dir().join(format!("domicilia-mail-{}", uuid::Uuid::now_v7()));
    let transport =
        domicilia::mail::Transport::files(dir.clone(), "WeMi <noreply@example.org>").unwrap();
    domicilia::mail::deliver(&app.db, &transport, mail.id, now)
        .await
        .unwrap();
    let eml = std::fs::read_to_string(dir.join(format!("{}.eml", mail.public_id))).unwrap();
    assert!(
        eml.contains(&format!("List-Unsubscribe: <{one_click}>")),
        "{eml}"
    );
    assert!(
        eml.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
        "{eml}"
    );
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE unsubscribe_url IS NOT NULL")
            .await,
        0
    );
    let one_click_path = one_click.trim_start_matches("http://x").to_owned();
    let post_one_click = |content_type: &'static str, body: &'static str| {
        app.client
            .post(format!("{}{one_click_path}", app.address))
            .header("content-type", content_type)
            .body(body)
            .send()
    };

    // The link: forged, then used (by the mail client's one click), then used again.
    let unsubscribe = |t: String| {
        app.client
            .post(format!("{}/api/v1/saved-searches/unsubscribe", app.address))
            .json(&json!({ "token": t }))
            .send()
    };
    let mut forged = token.clone();
    forged.replace_range(0..1, if forged.starts_with('A') { "B" } else { "A" });
    let r = unsubscribe(forged).await.unwrap();
    assert_eq!(r.status(), 422);
    // Not a form: 415, and the alert stays on.
    let r = post_one_click("application/json", "{}").await.unwrap();
    assert_eq!(r.status(), 415);
    let r = post_one_click(
        "application/x-www-form-urlencoded",
        "List-Unsubscribe=One-Click",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["name"], "Assistenza");
    let r = post_one_click(
        "application/x-www-form-urlencoded",
        "List-Unsubscribe=One-Click",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 410);
    let r = unsubscribe(token.clone()).await.unwrap();
    assert_eq!(r.status(), 410);
    assert_eq!(
        r.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    let (_, v) = send(&app, &anna, "GET", "/api/v1/me/saved-searches", None).await;
    assert!(
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["alert"] == (s["name"] == "Parziale")),
        "{v}"
    );
    assert_eq!(
        run_alerts(&x, now + chrono::Duration::days(3))
            .await
            .unwrap(),
        AlertPass { looked: 1, told: 0 },
        "the stopped one is not looked at"
    );
    // Turned on again: the old link stays dead.
    let (s, _) = send(
        &app,
        &anna,
        "PATCH",
        &format!("/api/v1/me/saved-searches/{id}"),
        Some(json!({"alert": true})),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(unsubscribe(token).await.unwrap().status(), 410);
}

/// Twenty mail clients (or one client retrying) post the same one-click address at
/// once: the alert stops once (one 200), every other answer is 410, and the search's
/// link generation moved by one.
#[tokio::test]
async fn twenty_one_clicks_at_once_stop_the_alert_once() {
    let app = spawn_app(Data::Demo).await;
    let anna = app
        .grant("anna@example.org", Role::Citizen, None, None)
        .await;
    let (s, v) = send(
        &app,
        &anna,
        "POST",
        "/api/v1/me/saved-searches",
        Some(json!({"name": "Notti", "query": "q=notte", "alert": true})),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    let id = uuid::Uuid::parse_str(v["id"].as_str().unwrap()).unwrap();
    let generation = app
        .scalar("SELECT CAST(link_generation AS BIGINT) FROM saved_searches")
        .await;
    let token = LinkSigner::new(TEST_JWT_SECRET.as_bytes()).sign(
        domicilia::auth::links::LinkPurpose::StopSearchAlert,
        id,
        i32::try_from(generation).unwrap(),
    );
    let statuses = twenty(|_| {
        app.client
            .post(format!(
                "{}/api/v1/saved-searches/one-click?token={token}",
                app.address
            ))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
    })
    .await;
    answered(&statuses, 200, 1, &[410]);
    assert_eq!(
        app.scalar("SELECT CAST(link_generation AS BIGINT) FROM saved_searches")
            .await,
        generation + 1
    );
    let (_, v) = send(&app, &anna, "GET", "/api/v1/me/saved-searches", None).await;
    assert_eq!(v["items"][0]["alert"], false, "{v}");
}
