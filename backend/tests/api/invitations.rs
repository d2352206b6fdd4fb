use super::helpers::{Data, TestApp, spawn_app};
use domicilia::api::auth::Role;
use domicilia::services::accounts::{Scope, grant_role};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

pub(crate) async fn invite(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.client
        .post(format!("{}/api/v1/invitations", app.address))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

pub(crate) async fn accept(app: &TestApp, token: &str, invitation: &str) -> u16 {
    app.client
        .post(format!("{}/api/v1/invitations/accept", app.address))
        .bearer_auth(token)
        .json(&json!({"token": invitation}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

pub(crate) async fn signup_verified(app: &TestApp, email: &str) {
    let body = json!({"email": email, "password": "giardino-di-via-padova-7", "display_name": "Persona", "language": "it",
                      "privacy_version": "2026-11", "accept_privacy": true});
    app.client
        .post(format!("{}/api/v1/auth/signup", app.address))
        .json(&body)
        .send()
        .await
        .unwrap();
    app.db
        .execute_unprepared(&format!(
            "UPDATE users SET email_verified_at = created_at WHERE email = '{email}'"
        ))
        .await
        .unwrap();
}

pub(crate) async fn invitation_token(app: &TestApp, email: &str) -> String {
    let row = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            app.backend(),
            format!("SELECT body_text FROM outbox_emails WHERE to_address = '{email}' AND body_text LIKE '%/invito?token=%'"),
        ))
        .await
        .unwrap()
        .expect("an invitation mail");
    let text: String = row.try_get_by_index(0).unwrap();
    text.split("token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn provider_admin_invites_staff_of_their_own_organisation_only() {
    let app = spawn_app(Data::Demo).await;
    let page: Value = app.get_json("/api/v1/services?per_page=100", 200).await;
    let orgs: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["organisation"]["id"].as_str().unwrap().to_owned())
        .collect();
    let org_a = orgs[0].clone();
    let org_b = orgs.iter().find(|o| **o != org_a).unwrap().clone();
    let now = chrono::Utc::now();
    grant_role(
        &app.db,
        "http://x",
        "capo@ente-a.it",
        Role::ProviderAdmin,
        Scope {
            tenant: None,
            organisation: Some(org_a.parse().unwrap()),
            space: None,
        },
        now,
    )
    .await
    .unwrap();
    let admin = app.token_for("capo@ente-a.it").await;

    let res = invite(
        &app,
        &admin,
        json!({"email": "Nuova@Example.org", "role": "provider_staff", "organisation": org_a}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["role"], "provider_staff");
    // Not for another organisation, not a municipal role, not without a scope.
    assert_eq!(
        invite(
            &app,
            &admin,
            json!({"email": "x@example.org", "role": "provider_staff", "organisation": org_b})
        )
        .await
        .status(),
        403
    );
    assert_eq!(
        invite(
            &app,
            &admin,
            json!({"email": "x@example.org", "role": "municipal_reviewer", "tenant": "milano"})
        )
        .await
        .status(),
        403
    );
    assert_eq!(
        invite(
            &app,
            &admin,
            json!({"email": "x@example.org", "role": "platform_admin"})
        )
        .await
        .status(),
        403
    );
    assert_eq!(
        invite(
            &app,
            &admin,
            json!({"email": "bad", "role": "provider_staff", "organisation": org_a})
        )
        .await
        .status(),
        422
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM invitations").await,
        1,
        "nothing stored for refused requests"
    );

    // The invitee signs up with the same address and accepts; someone else cannot.
    signup_verified(&app, "nuova@example.org").await;
    signup_verified(&app, "altra@example.org").await;
    let token = invitation_token(&app, "nuova@example.org").await;
    let other = app.token_for("altra@example.org").await;
    assert_eq!(accept(&app, &other, &token).await, 403);
    let invitee = app.token_for("nuova@example.org").await;
    assert_eq!(accept(&app, &invitee, &token).await, 204);
    assert_eq!(accept(&app, &invitee, &token).await, 422, "single use");
    let me: Value = app
        .client
        .get(format!("{}/api/v1/me", app.address))
        .bearer_auth(&invitee)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let roles: Vec<(&str, Option<&str>)> = me["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["role"].as_str().unwrap(),
                m["organisation"]["id"].as_str(),
            )
        })
        .collect();
    assert!(
        roles.contains(&("provider_staff", Some(org_a.as_str()))),
        "{roles:?}"
    );
}

#[tokio::test]
async fn municipal_admins_invite_within_their_tenant_and_citizens_not_at_all() {
    let app = spawn_app(Data::Empty).await;
    let now = chrono::Utc::now();
    grant_role(
        &app.db,
        "http://x",
        "comune@example.org",
        Role::MunicipalAdmin,
        Scope {
            tenant: Some("milano".into()),
            organisation: None,
            space: None,
        },
        now,
    )
    .await
    .unwrap();
    signup_verified(&app, "anna@example.org").await;
    let municipal = app.token_for("comune@example.org").await;
    let citizen = app.token_for("anna@example.org").await;
    assert_eq!(
        invite(
            &app,
            &municipal,
            json!({"email": "r@example.org", "role": "municipal_reviewer", "tenant": "milano"})
        )
        .await
        .status(),
        201
    );
    assert_eq!(invite(&app, &municipal, json!({"email": "r@example.org", "role": "municipal_reviewer", "tenant": "ats-mi-distretto-4"})).await.status(), 403);
    assert_eq!(
        invite(
            &app,
            &citizen,
            json!({"email": "r@example.org", "role": "municipal_reviewer", "tenant": "milano"})
        )
        .await
        .status(),
        403
    );
    let anonymous = app
        .client
        .post(format!("{}/api/v1/invitations", app.address))
        .json(&json!({"email": "r@example.org", "role": "citizen"}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let expired_token = "not-a-real-token";
    assert_eq!(accept(&app, &citizen, expired_token).await, 422);
}

#[tokio::test]
async fn an_admin_lists_and_removes_members_and_removal_takes_effect_at_once() {
    let app = spawn_app(Data::Demo).await;
    let page: Value = app.get_json("/api/v1/services?per_page=100", 200).await;
    let orgs: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["organisation"]["id"].as_str().unwrap().to_owned())
        .collect();
    let org_a = orgs[0].clone();
    let org_b = orgs.iter().find(|o| **o != org_a).unwrap().clone();
    let now = chrono::Utc::now();
    let scope = |o: &str| Scope {
        tenant: None,
        organisation: Some(o.parse().unwrap()),
        space: None,
    };
    grant_role(
        &app.db,
        "http://x",
        "capo@a.it",
        Role::ProviderAdmin,
        scope(&org_a),
        now,
    )
    .await
    .unwrap();
    grant_role(
        &app.db,
        "http://x",
        "staff@a.it",
        Role::ProviderAdmin,
        scope(&org_a),
        now,
    )
    .await
    .unwrap();
    grant_role(
        &app.db,
        "http://x",
        "capo@b.it",
        Role::ProviderAdmin,
        scope(&org_b),
        now,
    )
    .await
    .unwrap();
    let (admin, staff, other) = (
        app.token_for("capo@a.it").await,
        app.token_for("staff@a.it").await,
        app.token_for("capo@b.it").await,
    );
    let list = |token: String, org: String| {
        let app = &app;
        async move {
            app.client
                .get(format!(
                    "{}/api/v1/organisations/{org}/members",
                    app.address
                ))
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
        }
    };
    let res = list(admin.clone(), org_a.clone()).await;
    assert_eq!(res.status(), 200);
    let members: Value = res.json().await.unwrap();
    let emails: Vec<&str> = members["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["email"].as_str())
        .collect();
    assert!(
        emails.contains(&"staff@a.it")
            && emails.contains(&"capo@a.it")
            && !emails.contains(&"capo@b.it"),
        "{emails:?}"
    );
    assert_eq!(
        list(other.clone(), org_a.clone()).await.status(),
        403,
        "another organisation's admin"
    );
    assert_eq!(
        list(admin.clone(), uuid::Uuid::now_v7().to_string())
            .await
            .status(),
        404
    );
    assert_eq!(list(admin.clone(), "xyz".into()).await.status(), 422);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'members_read'")
            .await,
        1
    );

    // The staff member can list until removed; removal takes effect on the next request.
    assert_eq!(list(staff.clone(), org_a.clone()).await.status(), 200);
    let staff_id = members["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == "staff@a.it")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let remove = |token: String, member: String| {
        let app = &app;
        let org = org_a.clone();
        async move {
            app.client
                .delete(format!(
                    "{}/api/v1/organisations/{org}/members/{member}",
                    app.address
                ))
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(remove(other.clone(), staff_id.clone()).await, 403);
    assert_eq!(remove(admin.clone(), staff_id.clone()).await, 204);
    assert_eq!(
        list(staff.clone(), org_a.clone()).await.status(),
        403,
        "the same token, roles re-read"
    );
    assert_eq!(
        remove(admin.clone(), staff_id.clone()).await,
        404,
        "already removed"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'role_revoked'")
            .await,
        1
    );
}

#[tokio::test]
async fn an_invitation_can_be_previewed_until_it_is_used() {
    let app = spawn_app(Data::Demo).await;
    let admin = app.token_for("comune.admin@demo.domicilia.it").await;
    let spaces: Value = app.get_json("/api/v1/spaces?tenant=milano", 200).await;
    let space = spaces["items"][1].clone();
    let res = invite(
        &app,
        &admin,
        json!({"email": "nuova.operatrice@example.org", "role": "space_operator", "space": space["id"]}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let link = invitation_token(&app, "nuova.operatrice@example.org").await;
    let preview = |token: String| {
        app.client
            .post(format!("{}/api/v1/invitations/preview", app.address))
            .json(&json!({"token": token}))
            .send()
    };
    let res = preview(link.clone()).await.unwrap();
    assert_eq!(res.status(), 200);
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["role"], "space_operator");
    assert_eq!(p["space"]["name"], space["name"]);
    assert_eq!(p["tenant"], "Comune di Milano");
    assert_eq!(p["email_hint"], "n•••@example.org");
    assert!(p["organisation"].is_null());
    assert!(p["for_you"].is_null(), "anonymous");
    // Signed in: whether the invitation is for this person; a bad token is a 401.
    let with = |bearer: String, token: String| {
        app.client
            .post(format!("{}/api/v1/invitations/preview", app.address))
            .bearer_auth(bearer)
            .json(&json!({"token": token}))
            .send()
    };
    let someone_else = app.token_for("cittadina@demo.domicilia.it").await;
    let seen: Value = with(someone_else, link.clone())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(seen["for_you"], false);
    assert_eq!(
        with("not-a-token".into(), link.clone())
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(preview("nope".into()).await.unwrap().status(), 422);
    signup_verified(&app, "nuova.operatrice@example.org").await;
    let op = app.token_for("nuova.operatrice@example.org").await;
    let mine: Value = with(op.clone(), link.clone())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mine["for_you"], true);
    assert_eq!(accept(&app, &op, &link).await, 204);
    let used = preview(link).await.unwrap();
    assert_eq!(used.status(), 422);
    assert_eq!(
        used.json::<Value>().await.unwrap()["errors"][0]["field"],
        "token"
    );
}
