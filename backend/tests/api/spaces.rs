//! WeMi spaces: the public list, creation by the tenant's municipal admins, operators
//! invited to a space, listed and removed by those admins.
use super::helpers::{Data, TestApp, spawn_app};
use super::invitations::{accept, invitation_token, invite, signup_verified};
use domicilia::api::auth::Role;
use serde_json::{Value, json};

async fn grant(app: &TestApp, email: &str, role: Role, tenant: Option<&str>) -> String {
    app.grant(email, role, tenant, None).await
}

async fn create(app: &TestApp, token: Option<&str>, body: &Value) -> reqwest::Response {
    let mut req = app
        .client
        .post(format!("{}/api/v1/spaces", app.address))
        .json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

async fn authed(app: &TestApp, method: &str, path: &str, token: &str) -> reqwest::Response {
    app.client
        .request(method.parse().unwrap(), format!("{}{path}", app.address))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_public_sees_the_active_spaces_of_a_tenant() {
    let app = spawn_app(Data::Demo).await;
    let all = app.get_json("/api/v1/spaces", 200).await;
    let items = all["items"].as_array().unwrap();
    assert_eq!(items.len(), 7);
    let names: Vec<&str> = items.iter().map(|s| s["name"].as_str().unwrap()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "by name");
    let loreto = items
        .iter()
        .find(|s| s["name"] == "Spazio WeMi Loreto")
        .unwrap();
    assert_eq!(loreto["tenant"], "milano");
    assert_eq!(loreto["zone"]["code"], "MI-NIL-20");
    assert!(loreto["opening_hours"].as_str().unwrap().contains("9:00"));
    let milano = app.get_json("/api/v1/spaces?tenant=milano", 200).await;
    assert_eq!(milano["items"].as_array().unwrap().len(), 7);
    let district = app
        .get_json("/api/v1/spaces?tenant=ats-mi-distretto-4", 200)
        .await;
    assert!(district["items"].as_array().unwrap().is_empty());
    assert_eq!(
        app.invalid_fields("/api/v1/spaces?tenant=atlantide").await,
        ["tenant"]
    );
    assert_eq!(
        app.invalid_fields("/api/v1/spaces?zone=MI-M1").await,
        ["zone"]
    );
    let id = loreto["id"].as_str().unwrap();
    let one = app.get_json(&format!("/api/v1/spaces/{id}"), 200).await;
    assert_eq!(one["name"], "Spazio WeMi Loreto");
    app.get_json(&format!("/api/v1/spaces/{}", uuid::Uuid::now_v7()), 404)
        .await;
    assert_eq!(app.invalid_fields("/api/v1/spaces/loreto").await, ["id"]);
}

#[tokio::test]
async fn only_the_tenants_administrators_open_spaces() {
    let app = spawn_app(Data::Demo).await;
    let admin = grant(
        &app,
        "admin@comune.milano.it",
        Role::MunicipalAdmin,
        Some("milano"),
    )
    .await;
    let other = grant(
        &app,
        "admin@distretto4.it",
        Role::MunicipalAdmin,
        Some("ats-mi-distretto-4"),
    )
    .await;
    let reviewer = grant(
        &app,
        "revisore@comune.milano.it",
        Role::MunicipalReviewer,
        Some("milano"),
    )
    .await;
    let platform = grant(&app, "root@domicilia.it", Role::PlatformAdmin, None).await;
    let count = || app.scalar("SELECT COUNT(*) FROM spaces");
    let before = count().await;
    let good = json!({"tenant": "milano", "name": "Spazio WeMi Bovisa", "address": "Via Candiani 20, 20158 Milano",
                      "zone": "MI-NIL-77", "phone": "+39 02 1234 5678", "email": "Bovisa@WeMi.example.it",
                      "opening_hours": "lun–ven 9–13"});
    for (who, token, status) in [
        ("anonymous", None, 401),
        ("other tenant", Some(other.as_str()), 403),
        ("reviewer", Some(reviewer.as_str()), 403),
    ] {
        assert_eq!(create(&app, token, &good).await.status(), status, "{who}");
    }
    assert_eq!(count().await, before, "nothing stored");

    // Every bad field is named, and nothing is stored.
    let bad = json!({"tenant": "milano", "name": " ", "address": "x".repeat(201),
                     "zone": "MI-COM-BUSSERO", "phone": "chiamami", "email": "nope"});
    let res = create(&app, Some(&admin), &bad).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    let mut fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort();
    assert_eq!(fields, ["address", "email", "name", "phone", "zone"]);
    let unknown = json!({"tenant": "milano", "name": "X", "address": "Y", "colour": "blue"});
    assert_eq!(create(&app, Some(&admin), &unknown).await.status(), 422);
    assert_eq!(count().await, before);

    let res = create(&app, Some(&admin), &good).await;
    assert_eq!(res.status(), 201);
    let made: Value = res.json().await.unwrap();
    assert_eq!(made["email"], "bovisa@wemi.example.it");
    assert_eq!(made["zone"]["name"], "Bovisa");
    let listed = app.get_json("/api/v1/spaces?tenant=milano", 200).await;
    assert!(
        listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == made["id"])
    );
    // The platform administrators may open one anywhere.
    let district = json!({"tenant": "ats-mi-distretto-4", "name": "Spazio WeMi Cernusco",
                          "address": "Piazza Matteotti 1, Cernusco sul Naviglio",
                          "zone": "MI-COM-CERNUSCO-SUL-NAVIGLIO"});
    assert_eq!(create(&app, Some(&platform), &district).await.status(), 201);
    assert_eq!(count().await, before + 2);
}

#[tokio::test]
async fn operators_are_invited_to_a_space_of_the_admins_tenant() {
    let app = spawn_app(Data::Demo).await;
    let admin = grant(
        &app,
        "admin@comune.milano.it",
        Role::MunicipalAdmin,
        Some("milano"),
    )
    .await;
    let other = grant(
        &app,
        "admin@distretto4.it",
        Role::MunicipalAdmin,
        Some("ats-mi-distretto-4"),
    )
    .await;
    let spaces = app.get_json("/api/v1/spaces?tenant=milano", 200).await;
    let space = spaces["items"][0].clone();
    let space_id = space["id"].as_str().unwrap().to_owned();

    // The scope must be a space, and the admin's own tenant's. Without any scope nobody
    // may invite (authorization comes before validation).
    let unscoped = json!({"email": "op@example.org", "role": "space_operator"});
    assert_eq!(invite(&app, &admin, unscoped).await.status(), 403);
    for body in [
        json!({"email": "op@example.org", "role": "space_operator", "tenant": "milano"}),
        json!({"email": "op@example.org", "role": "space_operator", "space": space_id, "tenant": "milano"}),
    ] {
        let res = invite(&app, &admin, body.clone()).await;
        assert_eq!(res.status(), 422, "{body}");
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], "role", "{body}");
    }
    let unknown =
        json!({"email": "op@example.org", "role": "space_operator", "space": uuid::Uuid::now_v7()});
    let res = invite(&app, &admin, unknown).await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        res.json::<Value>().await.unwrap()["errors"][0]["field"],
        "space"
    );
    let to_space = json!({"email": "op@example.org", "role": "space_operator", "space": space_id});
    assert_eq!(invite(&app, &other, to_space.clone()).await.status(), 403);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM invitations").await,
        0,
        "nothing stored"
    );
    assert_eq!(invite(&app, &admin, to_space).await.status(), 201);

    // The operator signs up, accepts, and holds the role in that space (and its tenant).
    signup_verified(&app, "op@example.org").await;
    let op = app.token_for("op@example.org").await;
    let link = invitation_token(&app, "op@example.org").await;
    assert_eq!(accept(&app, &op, &link).await, 204);
    let me: Value = authed(&app, "GET", "/api/v1/me", &op)
        .await
        .json()
        .await
        .unwrap();
    let ms = me["memberships"].as_array().unwrap();
    let membership = ms
        .iter()
        .find(|m| m["role"] == "space_operator")
        .unwrap_or_else(|| panic!("{me}"));
    assert_eq!(membership["space"]["id"], space["id"]);
    assert_eq!(membership["space"]["name"], space["name"]);
    assert_eq!(membership["tenant"], "milano");

    // The tenant's admin lists the space's operators (an audited read); others may not.
    let path = format!("/api/v1/spaces/{space_id}/members");
    let listed: Value = authed(&app, "GET", &path, &admin)
        .await
        .json()
        .await
        .unwrap();
    let emails: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["email"].as_str().unwrap_or(""))
        .collect();
    assert!(emails.contains(&"op@example.org"), "{listed}");
    for token in [&other, &op] {
        assert_eq!(authed(&app, "GET", &path, token).await.status(), 403);
    }
    assert_eq!(
        authed(
            &app,
            "GET",
            &format!("/api/v1/spaces/{}/members", uuid::Uuid::now_v7()),
            &admin
        )
        .await
        .status(),
        404
    );
    let reads = app
        .scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'members_read'")
        .await;
    assert_eq!(reads, 1, "only the allowed read is recorded");

    // Removing the operator takes effect on their next request.
    let member = format!("{path}/{}", me["id"].as_str().unwrap());
    assert_eq!(authed(&app, "DELETE", &member, &other).await.status(), 403);
    assert_eq!(authed(&app, "DELETE", &member, &admin).await.status(), 204);
    let me: Value = authed(&app, "GET", "/api/v1/me", &op)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        me["memberships"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["role"] != "space_operator"),
        "{me}"
    );
    assert_eq!(authed(&app, "DELETE", &member, &admin).await.status(), 404);
}

#[tokio::test]
async fn the_demo_operator_belongs_to_the_first_space() {
    let app = spawn_app(Data::Demo).await;
    let token = app.token_for("operatore@demo.domicilia.it").await;
    let me: Value = authed(&app, "GET", "/api/v1/me", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["memberships"][0]["role"], "space_operator");
    assert_eq!(me["memberships"][0]["space"]["name"], "Spazio WeMi Loreto");
}
