//! An account erased while its holder's other clients are still writing: every write that
//! adds to what a person owns takes the account's row first, as the erasure does, so a
//! write either commits before the erasure (which then erases it) or is refused (401).
//! Nothing of the person survives the erasure, whatever the order.
use super::contact::request_body;
use super::demands::{carer, carer_profile, need};
use super::helpers::{Data, TestApp, spawn_app};
use std::sync::atomic::{AtomicBool, Ordering};

/// The holder of `token` erases their account while, for as long as the erasure runs and
/// one round after, rounds of twenty of `write` (numbered on) are sent at once: the
/// erasure's status and every write's.
async fn while_erasing(
    app: &TestApp,
    token: &str,
    write: impl Fn(usize) -> reqwest::RequestBuilder,
) -> (u16, Vec<u16>) {
    let done = AtomicBool::new(false);
    let erase = async {
        let res = app
            .client
            .delete(format!("{}/api/v1/me", app.address))
            .bearer_auth(token)
            .json(&json!({"password": super::auth::PASSWORD}))
            .send()
            .await
            .unwrap();
        done.store(true, Ordering::SeqCst);
        res.status().as_u16()
    };
    let writes = async {
        let mut all = Vec::new();
        for round in 0..50 {
            let last = done.load(Ordering::SeqCst);
            let batch = (0..20).map(|i| write(round * 20 + i).send());
            for res in futures_util::future::join_all(batch).await {
                all.push(res.unwrap().status().as_u16());
            }
            if last {
                break;
            }
        }
        all
    };
    tokio::join!(erase, writes)
}
use domicilia::api::auth::Role;
use serde_json::json;

/// Anna erases her account while her other clients, twenty at a time, create needs, send
/// requests to providers, keep favourites, save searches and rename her.
#[tokio::test]
async fn an_erasure_racing_the_family_s_writes_leaves_nothing_of_her() {
    let app = spawn_app(Data::Demo).await;
    super::auth::signed_in(&app, "anna@example.org").await;
    let anna = app
        .grant("anna@example.org", Role::Citizen, None, None)
        .await;
    let id = app
        .scalar("SELECT CAST(id AS BIGINT) FROM users WHERE email = 'anna@example.org'")
        .await;
    let v: serde_json::Value = app
        .get_json("/api/v1/services?category=badante&per_page=5", 200)
        .await;
    let cards: Vec<String> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(cards.len(), 5, "{v}");
    let open_before = app
        .scalar("SELECT COUNT(*) FROM contact_requests WHERE status = 'open'")
        .await;
    let write = |i: usize| {
        let c = &app.client;
        let at = |path: &str| format!("{}{path}", app.address);
        let card = &cards[i % cards.len()];
        let req = match i % 5 {
            0 => c.post(at("/api/v1/demands")).json(&need()),
            1 => c.post(at("/api/v1/requests")).json(&request_body(&[card])),
            2 => c.put(at(&format!("/api/v1/me/favourites/services/{card}"))),
            3 => c
                .post(at("/api/v1/me/saved-searches"))
                .json(&json!({"name": format!("Badanti {i}"), "query": format!("q=aiuto{i}")})),
            _ => c
                .patch(at("/api/v1/me"))
                .json(&json!({"display_name": "Anna Bianchi"})),
        };
        req.bearer_auth(&anna)
    };
    let (erased, statuses) = while_erasing(&app, &anna, write).await;
    assert_eq!(erased, 204, "{statuses:?}");
    // Written before the erasure, refused after it (401, or 403 when the account was
    // read before the erasure and its roles after), or a cap reached (409, 429).
    assert!(
        statuses
            .iter()
            .all(|s| [200, 201, 204, 401, 403, 409, 429].contains(s)),
        "{statuses:?}"
    );
    for (what, sql) in [
        ("needs", format!("SELECT COUNT(*) FROM demands WHERE user_id = {id}")),
        (
            "requests",
            format!("SELECT COUNT(*) FROM contact_requests WHERE citizen_id = {id}"),
        ),
        (
            "request texts",
            "SELECT COUNT(*) FROM contact_requests WHERE message LIKE 'Buongiorno, cerchiamo assistenza%'"
                .to_owned(),
        ),
        (
            "favourites",
            format!("SELECT COUNT(*) FROM favourites WHERE user_id = {id}"),
        ),
        (
            "saved searches",
            format!("SELECT COUNT(*) FROM saved_searches WHERE user_id = {id}"),
        ),
        (
            "her name",
            format!("SELECT COUNT(*) FROM users WHERE id = {id} AND display_name <> '—'"),
        ),
    ] {
        assert_eq!(app.scalar(&sql).await, 0, "{what}: {statuses:?}");
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM contact_requests WHERE status = 'open'")
            .await,
        open_before,
        "no request of hers is left open: {statuses:?}"
    );
}

/// Lucia erases her account while her other clients, twenty at a time, change her carer's
/// registration and upload certificates: no registration is made again for the erased
/// account, no certificate is left, and no upload fails with a 5xx.
#[tokio::test]
async fn an_erasure_racing_the_carer_s_registration_leaves_none() {
    let app = spawn_app(Data::Demo).await;
    super::auth::signed_in(&app, "lucia@example.org").await;
    let profile = carer_profile(
        "Lucia",
        json!(["MI-NIL-37"]),
        json!(["dementia-care"]),
        json!([{"code": "it", "level": "native"}]),
        1100,
        6,
    );
    let lucia = carer(&app, "lucia@example.org", profile.clone(), false).await;
    let id = app
        .scalar("SELECT CAST(id AS BIGINT) FROM users WHERE email = 'lucia@example.org'")
        .await;
    let write = |i: usize| {
        if i % 4 == 3 {
            return app
                .client
                .post(format!(
                    "{}/api/v1/me/carer/documents?kind=other&filename=corso-{i}.pdf",
                    app.address
                ))
                .header("Content-Type", "application/pdf")
                .body(b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec())
                .bearer_auth(&lucia);
        }
        let mut p = profile.clone();
        p["experience_years"] = json!(i % 40);
        app.client
            .put(format!("{}/api/v1/me/carer", app.address))
            .json(&p)
            .bearer_auth(&lucia)
    };
    let (erased, statuses) = while_erasing(&app, &lucia, write).await;
    assert_eq!(erased, 204, "{statuses:?}");
    // Changed or kept before the erasure; after it refused (401, 403 as above), or the
    // registration found gone (404); the certificates' limit (409).
    assert!(
        statuses
            .iter()
            .all(|s| [200, 201, 401, 403, 404, 409].contains(s)),
        "{statuses:?}"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM carer_documents").await,
        0,
        "{statuses:?}"
    );
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM carers WHERE user_id = {id}"))
            .await,
        0,
        "{statuses:?}"
    );
}
