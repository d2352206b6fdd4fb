//! A carer's contact details never appear in a citizen-facing response (issue 12, "tested
//! on every route that returns carers"). Gemma, listed, has an e-mail address, a surname
//! and references with a telephone number; two families meet her through every route a
//! family reaches a carer by — her profile, the ranking, favourites, a match opened by
//! either side, its conversation and steps, the notices and mails about it, a group's
//! carers and offers — and none of those strings is in any answer or mail they get.
use super::card_workflow::call;
use super::demands::carer_profile;
use super::groups::{family, shared};
use super::helpers::{Data, TestApp, spawn_app};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// What must never reach a family: Gemma's address, surname, and her references.
const SECRETS: [&str; 5] = [
    "gemma.riservata",
    "Segretissima",
    "333 1234567",
    "Famiglia Bianchi",
    "references",
];

/// Every citizen-facing route that returns a carer, as the API names it; the test
/// fails if one of them was not called.
const ROUTES: [&str; 15] = [
    "GET /api/v1/carers/{id}",
    "GET /api/v1/demands/{id}/matches",
    "PUT /api/v1/me/favourites/carers/{id}",
    "GET /api/v1/me/favourites",
    "POST /api/v1/demands/{id}/carers/{carer}/contact",
    "GET /api/v1/matches",
    "GET /api/v1/matches/{id}",
    "POST /api/v1/matches/{id}/messages",
    "POST /api/v1/matches/{id}/status",
    "GET /api/v1/me/notifications",
    "GET /api/v1/groups/{id}",
    "GET /api/v1/groups/{id}/carers",
    "GET /api/v1/groups/{id}/offers",
    "GET /api/v1/demands/{id}",
    "GET /api/v1/me/export",
];

struct Probe<'a> {
    app: &'a TestApp,
    called: BTreeSet<&'static str>,
}

impl Probe<'_> {
    /// Calls `path` as `token` (the route's template `route`), checks the status and
    /// that no secret is in the answer; the answer.
    async fn call(
        &mut self,
        route: &'static str,
        path: &str,
        token: &str,
        body: Option<Value>,
        status: u16,
    ) -> Value {
        assert!(ROUTES.contains(&route), "{route} is not in ROUTES");
        let method = route.split(' ').next().unwrap();
        let (s, _, v) = call(self.app, method, path, token, None, body).await;
        assert_eq!(s, status, "{route}: {v}");
        clean(route, &v.to_string());
        self.called.insert(route);
        v
    }
}

fn clean(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} shows {secret:?}: {text}");
    }
}

#[tokio::test]
async fn no_citizen_facing_route_shows_a_carer_s_contact_details() {
    let app = spawn_app(Data::Demo).await;
    let mut p = carer_profile(
        "Gemma",
        json!(["MI-NIL-37"]),
        json!(["dementia-care"]),
        json!([{"code": "it", "level": "native"}]),
        1000,
        5,
    );
    p["week"] = json!({"mon": [9, 10, 11, 12], "tue": [9, 10, 11, 12]});
    p["references"] = json!("Famiglia Bianchi, tel. 333 1234567");
    let gemma = super::demands::carer(&app, "gemma.riservata@example.org", p, true).await;
    app.db
        .execute_unprepared(
            "UPDATE users SET display_name = 'Gemma Segretissima' \
             WHERE email = 'gemma.riservata@example.org'",
        )
        .await
        .unwrap();
    let (_, _, me) = call(&app, "GET", "/api/v1/me/carer", &gemma, None, None).await;
    let gemma_id = me["id"].as_str().unwrap().to_owned();
    // The registration itself holds them (the test would prove nothing otherwise).
    assert!(me.to_string().contains("333 1234567"), "{me}");

    let (anna, anna_need) = family(
        &app,
        "Anna",
        shared("MI-NIL-37", json!({"mon": [9, 10, 11, 12]}), 1200, None),
    )
    .await;
    let (bice, bice_need) = family(
        &app,
        "Bice",
        shared("MI-NIL-37", json!({"tue": [9, 10, 11, 12]}), 1200, None),
    )
    .await;
    let mut probe = Probe {
        app: &app,
        called: BTreeSet::new(),
    };

    // Her profile, the ranking, the favourites.
    let profile = probe
        .call(
            "GET /api/v1/carers/{id}",
            &format!("/api/v1/carers/{gemma_id}"),
            &anna,
            None,
            200,
        )
        .await;
    assert_eq!(profile["first_name"], "Gemma");
    let ranked = probe
        .call(
            "GET /api/v1/demands/{id}/matches",
            &format!("/api/v1/demands/{anna_need}/matches"),
            &anna,
            None,
            200,
        )
        .await;
    assert!(ranked.to_string().contains(&gemma_id), "{ranked}");
    probe
        .call(
            "PUT /api/v1/me/favourites/carers/{id}",
            &format!("/api/v1/me/favourites/carers/{gemma_id}"),
            &anna,
            None,
            204,
        )
        .await;
    let fav = probe
        .call(
            "GET /api/v1/me/favourites",
            "/api/v1/me/favourites",
            &anna,
            None,
            200,
        )
        .await;
    assert!(fav.to_string().contains(&gemma_id), "{fav}");

    // Anna writes to her; Gemma answers; Anna reads, writes, accepts.
    let m = probe
        .call(
            "POST /api/v1/demands/{id}/carers/{carer}/contact",
            &format!("/api/v1/demands/{anna_need}/carers/{gemma_id}/contact"),
            &anna,
            Some(json!({"message": "Buongiorno, per mia madre il lunedì."})),
            201,
        )
        .await;
    let one = format!("/api/v1/matches/{}", m["id"].as_str().unwrap());
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("{one}/messages"),
        &gemma,
        None,
        Some(json!({"body": "Volentieri, sono Gemma."})),
    )
    .await;
    assert_eq!(s, 201);
    probe
        .call("GET /api/v1/matches", "/api/v1/matches", &anna, None, 200)
        .await;
    probe
        .call("GET /api/v1/matches/{id}", &one, &anna, None, 200)
        .await;
    probe
        .call(
            "POST /api/v1/matches/{id}/messages",
            &format!("{one}/messages"),
            &anna,
            Some(json!({"body": "Grazie!"})),
            201,
        )
        .await;
    probe
        .call(
            "POST /api/v1/matches/{id}/status",
            &format!("{one}/status"),
            &anna,
            Some(json!({"action": "accept"})),
            200,
        )
        .await;

    // Gemma says she is interested in Bice's need: Bice's notices and matches.
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/me/carer/demands/{bice_need}/interest"),
        &gemma,
        None,
        Some(json!({"message": "Buongiorno, sono libera il martedì."})),
    )
    .await;
    assert_eq!(s, 201);
    probe
        .call("GET /api/v1/matches", "/api/v1/matches", &bice, None, 200)
        .await;
    for token in [&anna, &bice] {
        let n = probe
            .call(
                "GET /api/v1/me/notifications",
                "/api/v1/me/notifications",
                token,
                None,
                200,
            )
            .await;
        assert!(n.to_string().contains("Gemma"), "{n}");
    }

    // A group of the two: its carers and offers, its page, the needs themselves.
    let (s, _, g) = call(
        &app,
        "POST",
        "/api/v1/groups",
        &anna,
        None,
        Some(json!({"demand": anna_need, "invite": [bice_need]})),
    )
    .await;
    assert_eq!(s, 201, "{g}");
    let gid = g["id"].as_str().unwrap().to_owned();
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/groups/{gid}/answer"),
        &bice,
        None,
        Some(json!({"action": "join"})),
    )
    .await;
    assert_eq!(s, 200);
    let carers = probe
        .call(
            "GET /api/v1/groups/{id}/carers",
            &format!("/api/v1/groups/{gid}/carers"),
            &bice,
            None,
            200,
        )
        .await;
    assert!(carers.to_string().contains(&gemma_id), "{carers}");
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/demands/{bice_need}/carers/{gemma_id}/contact"),
        &bice,
        None,
        Some(json!({"message": "Per il gruppo.", "group": gid})),
    )
    .await;
    assert_eq!(s, 201);
    for token in [&anna, &bice] {
        let o = probe
            .call(
                "GET /api/v1/groups/{id}/offers",
                &format!("/api/v1/groups/{gid}/offers"),
                token,
                None,
                200,
            )
            .await;
        assert_eq!(o["carers"][0]["carer"], "Gemma", "{o}");
        probe
            .call(
                "GET /api/v1/groups/{id}",
                &format!("/api/v1/groups/{gid}"),
                token,
                None,
                200,
            )
            .await;
    }
    probe
        .call(
            "GET /api/v1/demands/{id}",
            &format!("/api/v1/demands/{anna_need}"),
            &anna,
            None,
            200,
        )
        .await;
    probe
        .call(
            "GET /api/v1/me/export",
            "/api/v1/me/export",
            &anna,
            None,
            200,
        )
        .await;

    // Every route was called, and no mail to the families carries them either.
    let missed: Vec<_> = ROUTES
        .iter()
        .filter(|r| !probe.called.contains(*r))
        .collect();
    assert!(missed.is_empty(), "not called: {missed:?}");
    let mails = app
        .db
        .query_all_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "SELECT subject || ' ' || body_text || ' ' || body_html FROM outbox_emails \
             WHERE to_address IN ('anna@example.org', 'bice@example.org')",
        ))
        .await
        .unwrap();
    for row in &mails {
        let text: String = row.try_get_by_index(0).unwrap();
        clean("a mail to a family", &text);
    }
}
