use super::helpers::{Data, TestApp, spawn_app};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

pub(crate) const PASSWORD: &str = "giardino-di-via-padova-7";

pub(crate) fn signup_body(email: &str) -> Value {
    json!({"email": email, "password": PASSWORD, "display_name": "Anna Rossi", "language": "it",
           "privacy_version": "2026-11", "accept_privacy": true})
}

pub(crate) async fn post(
    app: &TestApp,
    path: &str,
    body: Value,
    cookie: Option<&str>,
    bearer: Option<&str>,
) -> reqwest::Response {
    let mut req = app
        .client
        .post(format!("{}{path}", app.address))
        .json(&body);
    if let Some(c) = cookie {
        req = req.header("Cookie", format!("domicilia_refresh={c}"));
    }
    if let Some(b) = bearer {
        req = req.bearer_auth(b);
    }
    req.send().await.unwrap()
}

pub(crate) fn refresh_cookie(res: &reqwest::Response) -> (String, String) {
    let raw = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("domicilia_refresh="))
        .expect("refresh cookie")
        .to_owned();
    let value = raw
        .trim_start_matches("domicilia_refresh=")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    (value, raw)
}

/// The newest verification link mailed to `email`.
pub(crate) async fn verification_token(app: &TestApp, email: &str) -> String {
    verification_tokens(app, email)
        .await
        .into_iter()
        .next()
        .expect("a verification mail in the outbox")
}

/// Every verification link mailed to `email`, newest first.
pub(crate) async fn verification_tokens(app: &TestApp, email: &str) -> Vec<String> {
    let rows = app
        .db
        .query_all_raw(sea_orm::Statement::from_sql_and_values(
            app.backend(),
            if app.backend() == sea_orm::DbBackend::Postgres {
                "SELECT body_text FROM outbox_emails WHERE to_address = $1 AND body_text LIKE '%/verifica-email?token=%' ORDER BY id DESC"
            } else {
                "SELECT body_text FROM outbox_emails WHERE to_address = ? AND body_text LIKE '%/verifica-email?token=%' ORDER BY id DESC"
            },
            [email.into()],
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|row| {
            let text: String = row.try_get_by_index(0).unwrap();
            text.split("token=")
                .nth(1)
                .unwrap()
                .split_whitespace()
                .next()
                .unwrap()
                .to_owned()
        })
        .collect()
}

pub(crate) async fn me(app: &TestApp, bearer: Option<&str>) -> reqwest::Response {
    let mut req = app.client.get(format!("{}/api/v1/me", app.address));
    if let Some(b) = bearer {
        req = req.bearer_auth(b);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn signup_verify_sign_in_refresh_and_sign_out() {
    let app = spawn_app(Data::Empty).await;
    let res = post(
        &app,
        "/api/v1/auth/signup",
        signup_body("Anna.Rossi@Example.org"),
        None,
        None,
    )
    .await;
    assert_eq!(res.status(), 202);
    let email = "anna.rossi@example.org";
    assert_eq!(app.scalar("SELECT COUNT(*) FROM outbox_emails").await, 1);
    // The consent and the role are recorded when the address is confirmed, with the
    // credentials of the sign-up whose link is used.
    assert_eq!(app.scalar("SELECT COUNT(*) FROM consents").await, 0);
    let token = verification_token(&app, email).await;

    let login = json!({"email": email, "password": PASSWORD});
    assert_eq!(
        post(&app, "/api/v1/auth/login", login.clone(), None, None)
            .await
            .status(),
        403,
        "not verified yet"
    );
    // The right password on an unconfirmed address brings a fresh link; a wrong one not.
    assert_eq!(app.scalar("SELECT COUNT(*) FROM outbox_emails").await, 2);
    let wrong = json!({"email": email, "password": "wrong-password-123"});
    assert_eq!(
        post(&app, "/api/v1/auth/login", wrong, None, None)
            .await
            .status(),
        401
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM outbox_emails").await, 2);
    assert_eq!(
        post(
            &app,
            "/api/v1/auth/verify-email",
            json!({"token": token, "password": PASSWORD}),
            None,
            None
        )
        .await
        .status(),
        204
    );
    let again = post(
        &app,
        "/api/v1/auth/verify-email",
        json!({"token": token, "password": PASSWORD}),
        None,
        None,
    )
    .await;
    assert_eq!(again.status(), 422, "single use");

    let res = post(&app, "/api/v1/auth/login", login.clone(), None, None).await;
    assert_eq!(res.status(), 200);
    let (cookie1, raw) = refresh_cookie(&res);
    for attr in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/api/v1/auth"] {
        assert!(raw.contains(attr), "{raw} lacks {attr}");
    }
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert!(body["expires_in"].as_i64().unwrap() <= 900);
    let access = body["access_token"].as_str().unwrap().to_owned();
    let profile: Value = me(&app, Some(&access)).await.json().await.unwrap();
    assert_eq!(
        (
            profile["email"].as_str(),
            profile["email_verified"].as_bool()
        ),
        (Some(email), Some(true))
    );
    assert_eq!(profile["memberships"][0]["role"], "citizen");

    // Rotation: the new cookie works, the old one is reuse and ends the whole family.
    let res = post(
        &app,
        "/api/v1/auth/refresh",
        json!({}),
        Some(&cookie1),
        None,
    )
    .await;
    assert_eq!(res.status(), 200);
    let (cookie2, _) = refresh_cookie(&res);
    assert_ne!(cookie1, cookie2);
    assert_eq!(
        post(
            &app,
            "/api/v1/auth/refresh",
            json!({}),
            Some(&cookie1),
            None
        )
        .await
        .status(),
        401
    );
    assert_eq!(
        post(
            &app,
            "/api/v1/auth/refresh",
            json!({}),
            Some(&cookie2),
            None
        )
        .await
        .status(),
        401,
        "family revoked"
    );

    // Sign-out ends the session.
    let res = post(&app, "/api/v1/auth/login", login, None, None).await;
    let (cookie3, _) = refresh_cookie(&res);
    let out = post(&app, "/api/v1/auth/logout", json!({}), Some(&cookie3), None).await;
    assert_eq!(out.status(), 204);
    assert!(refresh_cookie(&out).1.contains("Max-Age=0"));
    assert_eq!(
        post(
            &app,
            "/api/v1/auth/refresh",
            json!({}),
            Some(&cookie3),
            None
        )
        .await
        .status(),
        401
    );
    // Tokens are stored hashed only.
    let stored = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM refresh_tokens WHERE token_hash = '{cookie3}'"
        ))
        .await;
    assert_eq!(stored, 0);
}

#[tokio::test]
async fn answers_do_not_reveal_whether_an_address_is_registered() {
    let app = spawn_app(Data::Empty).await;
    let first = post(
        &app,
        "/api/v1/auth/signup",
        signup_body("anna@example.org"),
        None,
        None,
    )
    .await;
    let (s1, b1) = (first.status(), first.text().await.unwrap());
    let second = post(
        &app,
        "/api/v1/auth/signup",
        signup_body("anna@example.org"),
        None,
        None,
    )
    .await;
    assert_eq!(
        (second.status(), second.text().await.unwrap()),
        (s1, b1.clone())
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM users").await, 1);
    // The owner of a never-confirmed address gets a fresh link, not a second account.
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM outbox_emails WHERE body_text LIKE '%/verifica-email?token=%'"
        )
        .await,
        2
    );
    let token = verification_token(&app, "anna@example.org").await;
    post(
        &app,
        "/api/v1/auth/verify-email",
        json!({"token": token, "password": PASSWORD}),
        None,
        None,
    )
    .await;
    // Once confirmed, a sign-up with the address answers the same and tells its owner.
    let third = post(
        &app,
        "/api/v1/auth/signup",
        signup_body("anna@example.org"),
        None,
        None,
    )
    .await;
    assert_eq!((third.status(), third.text().await.unwrap()), (s1, b1));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM users").await, 1);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE subject = 'Hai già un account Domicilia' AND body_text LIKE '%/password-dimenticata%'")
            .await,
        1
    );
    let unknown = post(
        &app,
        "/api/v1/auth/login",
        json!({"email": "nobody@example.org", "password": PASSWORD}),
        None,
        None,
    )
    .await;
    let wrong = post(
        &app,
        "/api/v1/auth/login",
        json!({"email": "anna@example.org", "password": "wrong-password-123"}),
        None,
        None,
    )
    .await;
    assert_eq!(unknown.status(), 401);
    assert_eq!(unknown.headers()["www-authenticate"], "Bearer");
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.text().await.unwrap(), wrong.text().await.unwrap());
}

#[tokio::test]
async fn bad_sign_up_input_is_named_and_nothing_is_stored() {
    let app = spawn_app(Data::Empty).await;
    let cases: [(Value, &str); 7] = [
        (json!({"password": "short"}), "password"),
        (json!({"password": "Password1234"}), "password"),
        (json!({"email": "not-an-address"}), "email"),
        (json!({"language": "fr"}), "language"),
        (json!({"accept_privacy": false}), "accept_privacy"),
        (json!({"privacy_version": "2020-01"}), "accept_privacy"),
        (json!({"display_name": ""}), "display_name"),
    ];
    for (patch, field) in cases {
        let mut body = signup_body("anna@example.org");
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let res = post(&app, "/api/v1/auth/signup", body, None, None).await;
        assert_eq!(res.status(), 422, "{field}");
        let p: Value = res.json().await.unwrap();
        assert_eq!(p["errors"][0]["field"], field, "{p}");
    }
    let mut unknown = signup_body("anna@example.org");
    unknown["is_admin"] = json!(true);
    let p: Value = post(&app, "/api/v1/auth/signup", unknown, None, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (p["status"].as_i64(), p["errors"][0]["field"].as_str()),
        (Some(422), Some("is_admin"))
    );
    let p: Value = post(
        &app,
        "/api/v1/auth/signup",
        json!({"email": "a@b.it"}),
        None,
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(p["errors"][0]["code"], "required");
    let raw = app
        .client
        .post(format!("{}/api/v1/auth/signup", app.address))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    assert_eq!(raw.headers()["content-type"], "application/problem+json");
    let big = app
        .client
        .post(format!("{}/api/v1/auth/signup", app.address))
        .header("content-type", "application/json")
        .body(format!("{{\"email\": \"{}\"}}", "a".repeat(20_000)))
        .send()
        .await
        .unwrap();
    assert_eq!(big.status(), 413);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM users").await, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM outbox_emails").await, 0);
    let bad_token = post(
        &app,
        "/api/v1/auth/verify-email",
        json!({"token": "nope", "password": PASSWORD}),
        None,
        None,
    )
    .await;
    assert_eq!(bad_token.status(), 422);
}

#[tokio::test]
async fn me_needs_a_valid_token_of_an_existing_account() {
    let app = spawn_app(Data::Empty).await;
    let res = me(&app, None).await;
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    assert_eq!(me(&app, Some("not.a.jwt")).await.status(), 401);
    post(
        &app,
        "/api/v1/auth/signup",
        signup_body("anna@example.org"),
        None,
        None,
    )
    .await;
    let token = verification_token(&app, "anna@example.org").await;
    post(
        &app,
        "/api/v1/auth/verify-email",
        json!({"token": token, "password": PASSWORD}),
        None,
        None,
    )
    .await;
    let body: Value = post(
        &app,
        "/api/v1/auth/login",
        json!({"email": "anna@example.org", "password": PASSWORD}),
        None,
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    let access = body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(me(&app, Some(&access)).await.status(), 200);
    assert_eq!(
        post(&app, "/api/v1/auth/refresh", json!({}), None, None)
            .await
            .status(),
        401,
        "no cookie"
    );
    // A deleted account's token stops working at once.
    app.db
        .execute_unprepared("DELETE FROM users")
        .await
        .unwrap();
    assert_eq!(me(&app, Some(&access)).await.status(), 401);
}

pub(crate) async fn verified_account(app: &TestApp, email: &str) {
    post(app, "/api/v1/auth/signup", signup_body(email), None, None).await;
    let token = verification_token(app, email).await;
    assert_eq!(
        post(
            app,
            "/api/v1/auth/verify-email",
            json!({"token": token, "password": PASSWORD}),
            None,
            None
        )
        .await
        .status(),
        204
    );
}

async fn reset_token(app: &TestApp) -> String {
    // The reset request is looked up after answering, by a job; its mail is delivered by
    // another.
    let mails = app.delivered_mails().await;
    let text = mails
        .iter()
        .rev()
        .find(|m| m.contains("/reimposta-password?token="))
        .expect("a reset mail");
    text.split("token=")
        .nth(1)
        .unwrap()
        .split(|c: char| c.is_whitespace() || c == '"' || c == '<')
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn password_reset_sets_a_new_password_and_ends_every_session() {
    let app = spawn_app(Data::Empty).await;
    verified_account(&app, "anna@example.org").await;
    let old_login = json!({"email": "anna@example.org", "password": PASSWORD});
    let (old_cookie, _) =
        refresh_cookie(&post(&app, "/api/v1/auth/login", old_login.clone(), None, None).await);

    let res = post(
        &app,
        "/api/v1/auth/password-reset",
        json!({"email": "ANNA@example.org"}),
        None,
        None,
    )
    .await;
    assert_eq!(res.status(), 202);
    let known_body = res.text().await.unwrap();
    let unknown = post(
        &app,
        "/api/v1/auth/password-reset",
        json!({"email": "nobody@example.org"}),
        None,
        None,
    )
    .await;
    assert_eq!(
        (unknown.status().as_u16(), unknown.text().await.unwrap()),
        (202, known_body),
        "same answer"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE to_address = 'nobody@example.org'")
            .await,
        0
    );

    let token = reset_token(&app).await;
    // The job found no account for the unknown address: still no mail to it.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE to_address = 'nobody@example.org'")
            .await,
        0
    );
    let weak = post(
        &app,
        "/api/v1/auth/password-reset/confirm",
        json!({"token": token, "password": "short"}),
        None,
        None,
    )
    .await;
    assert_eq!(weak.status(), 422);
    let new_password = "un-altro-giardino-a-lambrate";
    let ok = post(
        &app,
        "/api/v1/auth/password-reset/confirm",
        json!({"token": token, "password": new_password}),
        None,
        None,
    )
    .await;
    assert_eq!(ok.status(), 204);
    let reused = post(
        &app,
        "/api/v1/auth/password-reset/confirm",
        json!({"token": token, "password": "ancora-un-altra-password"}),
        None,
        None,
    )
    .await;
    assert_eq!(reused.status(), 422, "single use");
    assert_eq!(
        post(
            &app,
            "/api/v1/auth/refresh",
            json!({}),
            Some(&old_cookie),
            None
        )
        .await
        .status(),
        401,
        "sessions ended"
    );
    assert_eq!(
        post(&app, "/api/v1/auth/login", old_login, None, None)
            .await
            .status(),
        401
    );
    let new_login = json!({"email": "anna@example.org", "password": new_password});
    assert_eq!(
        post(&app, "/api/v1/auth/login", new_login, None, None)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn sign_in_is_limited_to_five_attempts_a_minute_then_429() {
    let app = spawn_app(Data::Empty).await;
    verified_account(&app, "anna@example.org").await;
    let wrong = json!({"email": "anna@example.org", "password": "wrong-password-123"});
    for _ in 0..5 {
        assert_eq!(
            post(&app, "/api/v1/auth/login", wrong.clone(), None, None)
                .await
                .status(),
            401
        );
    }
    let res = post(
        &app,
        "/api/v1/auth/login",
        json!({"email": "anna@example.org", "password": PASSWORD}),
        None,
        None,
    )
    .await;
    assert_eq!(res.status(), 429, "even the right password waits");
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry));
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    // The events hold no address in clear.
    assert_eq!(app.scalar("SELECT COUNT(*) FROM rate_events WHERE key_hash LIKE '%anna%' OR key_hash LIKE '%127.0.0.1%'").await, 0);
    // Resets are limited too.
    for _ in 0..5 {
        post(
            &app,
            "/api/v1/auth/password-reset",
            json!({"email": "x@example.org"}),
            None,
            None,
        )
        .await;
    }
    assert_eq!(
        post(
            &app,
            "/api/v1/auth/password-reset",
            json!({"email": "x@example.org"}),
            None,
            None
        )
        .await
        .status(),
        429
    );
}

#[tokio::test]
async fn admin_bootstrap_creates_a_verified_account_that_sets_its_own_password() {
    use domicilia::api::auth::Role;
    use domicilia::services::accounts::{Scope, grant_role};
    let app = spawn_app(Data::Empty).await;
    let now = chrono::Utc::now();
    let scope = |tenant: Option<&str>| Scope {
        tenant: tenant.map(str::to_owned),
        organisation: None,
        space: None,
    };
    assert!(
        grant_role(
            &app.db,
            "http://x",
            "capo@comune.milano.it",
            Role::PlatformAdmin,
            scope(None),
            now
        )
        .await
        .unwrap()
    );
    // A municipal role needs a tenant; a platform role none.
    assert!(
        grant_role(
            &app.db,
            "http://x",
            "capo@comune.milano.it",
            Role::MunicipalAdmin,
            scope(None),
            now
        )
        .await
        .is_err()
    );
    assert!(
        grant_role(
            &app.db,
            "http://x",
            "capo@comune.milano.it",
            Role::MunicipalAdmin,
            scope(Some("atlantide")),
            now
        )
        .await
        .is_err()
    );
    assert!(
        !grant_role(
            &app.db,
            "http://x",
            "capo@comune.milano.it",
            Role::MunicipalAdmin,
            scope(Some("milano")),
            now
        )
        .await
        .unwrap()
    );
    // Idempotent.
    assert!(
        !grant_role(
            &app.db,
            "http://x",
            "capo@comune.milano.it",
            Role::MunicipalAdmin,
            scope(Some("milano")),
            now
        )
        .await
        .unwrap()
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM memberships").await, 2);
    // No password yet: sign-in fails until the link is used.
    let token = reset_token(&app).await;
    assert_eq!(
        post(
            &app,
            "/api/v1/auth/login",
            json!({"email": "capo@comune.milano.it", "password": PASSWORD}),
            None,
            None
        )
        .await
        .status(),
        401
    );
    post(
        &app,
        "/api/v1/auth/password-reset/confirm",
        json!({"token": token, "password": PASSWORD}),
        None,
        None,
    )
    .await;
    let body: Value = post(
        &app,
        "/api/v1/auth/login",
        json!({"email": "capo@comune.milano.it", "password": PASSWORD}),
        None,
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    let profile: Value = me(&app, body["access_token"].as_str())
        .await
        .json()
        .await
        .unwrap();
    let roles: Vec<(&str, Option<&str>)> = profile["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["role"].as_str().unwrap(), m["tenant"].as_str()))
        .collect();
    assert_eq!(
        roles,
        vec![
            ("platform_admin", None),
            ("municipal_admin", Some("milano"))
        ]
    );
}

pub(crate) async fn signed_in(app: &TestApp, email: &str) -> String {
    verified_account(app, email).await;
    let body: Value = post(
        app,
        "/api/v1/auth/login",
        json!({"email": email, "password": PASSWORD}),
        None,
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn export_holds_the_persons_data_and_no_secret() {
    let app = spawn_app(Data::Empty).await;
    let access = signed_in(&app, "anna@example.org").await;
    let res = app
        .client
        .get(format!("{}/api/v1/me/export", app.address))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let text = res.text().await.unwrap();
    let data: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(data["profile"]["email"], "anna@example.org");
    assert_eq!(data["consents"][0]["version"], "2026-11");
    assert_eq!(data["sessions"].as_array().unwrap().len(), 1);
    assert!(!text.contains("argon2") && !text.contains("token_hash") && !text.contains(PASSWORD));
    let anonymous = app
        .client
        .get(format!("{}/api/v1/me/export", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn deleting_the_account_needs_the_password_and_erases_personal_data() {
    let app = spawn_app(Data::Empty).await;
    let access = signed_in(&app, "anna@example.org").await;
    let delete = |password: &str| {
        app.client
            .delete(format!("{}/api/v1/me", app.address))
            .bearer_auth(&access)
            .json(&json!({"password": password}))
            .send()
    };
    let wrong = delete("not-the-password-123").await.unwrap();
    assert_eq!(wrong.status(), 422);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM users WHERE email = 'anna@example.org'")
            .await,
        1,
        "nothing changed"
    );
    assert_eq!(delete(PASSWORD).await.unwrap().status(), 204);
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM users WHERE email IS NOT NULL OR password_hash IS NOT NULL"
        )
        .await,
        0
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM users WHERE deleted_at IS NOT NULL")
            .await,
        1
    );
    for table in [
        "memberships",
        "refresh_tokens",
        "email_tokens",
        "outbox_emails",
    ] {
        assert_eq!(
            app.scalar(&format!("SELECT COUNT(*) FROM {table}")).await,
            0,
            "{table}"
        );
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM consents").await,
        1,
        "the record of consent is kept"
    );
    assert_eq!(
        me(&app, Some(&access)).await.status(),
        401,
        "the token dies with the account"
    );
    let login = post(
        &app,
        "/api/v1/auth/login",
        json!({"email": "anna@example.org", "password": PASSWORD}),
        None,
        None,
    )
    .await;
    assert_eq!(login.status(), 401);
    // The address can be used again for a new account.
    assert_eq!(
        post(
            &app,
            "/api/v1/auth/signup",
            signup_body("anna@example.org"),
            None,
            None
        )
        .await
        .status(),
        202
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM users WHERE email = 'anna@example.org'")
            .await,
        1
    );
}

#[tokio::test]
async fn the_audit_log_records_the_journey_and_refuses_any_change() {
    let app = spawn_app(Data::Empty).await;
    signed_in(&app, "anna@example.org").await;
    post(
        &app,
        "/api/v1/auth/login",
        json!({"email": "anna@example.org", "password": "wrong-password-123"}),
        None,
        None,
    )
    .await;
    let rows = app
        .db
        .query_all_raw(sea_orm::Statement::from_string(
            app.backend(),
            "SELECT action, client_hash FROM audit_events ORDER BY id",
        ))
        .await
        .unwrap();
    let actions: Vec<String> = rows
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "signed_up",
            "email_verified",
            "sign_in_succeeded",
            "sign_in_failed"
        ]
    );
    let client: Option<String> = rows[2].try_get_by_index(1).unwrap();
    assert_eq!(
        client.as_deref().map(str::len),
        Some(64),
        "the client address is hashed"
    );
    assert!(
        app.db
            .execute_unprepared("UPDATE audit_events SET action = 'nothing'")
            .await
            .is_err()
    );
    assert!(
        app.db
            .execute_unprepared("DELETE FROM audit_events")
            .await
            .is_err()
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'nothing'")
            .await,
        0
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_events").await, 4);
}

async fn audit(app: &TestApp, bearer: Option<&str>, query: &str) -> reqwest::Response {
    let mut req = app
        .client
        .get(format!("{}/api/v1/audit{query}", app.address));
    if let Some(b) = bearer {
        req = req.bearer_auth(b);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn only_administrators_read_the_audit_log_each_within_their_scope() {
    use domicilia::api::auth::Role;
    use domicilia::services::accounts::{Scope, grant_role};
    let app = spawn_app(Data::Empty).await;
    let citizen = signed_in(&app, "anna@example.org").await;
    let platform = signed_in(&app, "root@example.org").await;
    let municipal = signed_in(&app, "comune@example.org").await;
    let reviewer = signed_in(&app, "revisore@example.org").await;
    let now = chrono::Utc::now();
    let tenant = |t: &str| Scope {
        tenant: Some(t.to_owned()),
        organisation: None,
        space: None,
    };
    grant_role(
        &app.db,
        "http://x",
        "root@example.org",
        Role::PlatformAdmin,
        Scope::default(),
        now,
    )
    .await
    .unwrap();
    grant_role(
        &app.db,
        "http://x",
        "comune@example.org",
        Role::MunicipalAdmin,
        tenant("milano"),
        now,
    )
    .await
    .unwrap();
    grant_role(
        &app.db,
        "http://x",
        "revisore@example.org",
        Role::MunicipalReviewer,
        tenant("milano"),
        now,
    )
    .await
    .unwrap();

    assert_eq!(audit(&app, None, "").await.status(), 401);
    assert_eq!(audit(&app, Some(&citizen), "").await.status(), 403);
    assert_eq!(
        audit(&app, Some(&citizen), "?action=nope").await.status(),
        403,
        "authorization before validation"
    );
    assert_eq!(audit(&app, Some(&reviewer), "").await.status(), 403);

    let all: Value = audit(&app, Some(&platform), "?per_page=100")
        .await
        .json()
        .await
        .unwrap();
    let total = all["total"].as_i64().unwrap();
    assert_eq!(total, app.scalar("SELECT COUNT(*) FROM audit_events").await);
    let mine: Value = audit(&app, Some(&municipal), "?per_page=100")
        .await
        .json()
        .await
        .unwrap();
    // The municipal admin sees events about people with a role in Milan, not about the citizen.
    assert!(mine["total"].as_i64().unwrap() > 0 && mine["total"].as_i64().unwrap() < total);
    let anna_public: Value = me(&app, Some(&citizen)).await.json().await.unwrap();
    assert!(
        mine["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["subject"] != anna_public["id"]),
        "no event about the citizen"
    );
    let grants: Value = audit(&app, Some(&platform), "?action=role_granted")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(grants["total"], 3);
    assert_eq!(
        audit(&app, Some(&platform), "?action=nope").await.status(),
        422
    );
    assert_eq!(
        audit(&app, Some(&platform), "?per_page=500").await.status(),
        422
    );
    assert_eq!(
        audit(&app, Some(&platform), "?colour=red").await.status(),
        422
    );
}

#[tokio::test]
async fn the_demo_database_has_one_documented_account_per_role() {
    use domicilia::seed::accounts::{DEMO_ACCOUNTS, DEMO_PASSWORD};
    let app = spawn_app(Data::Demo).await;
    let login = json!({"email": DEMO_ACCOUNTS[0].0, "password": DEMO_PASSWORD});
    assert_eq!(
        post(&app, "/api/v1/auth/login", login, None, None)
            .await
            .status(),
        200,
        "the documented password works"
    );
    for (email, _, role, scope) in DEMO_ACCOUNTS {
        let token = app.token_for(email).await;
        let profile: Value = me(&app, Some(&token)).await.json().await.unwrap();
        assert_eq!(profile["memberships"][0]["role"], role.code(), "{email}");
        match scope {
            "first-provider" | "second-provider" => assert!(
                profile["memberships"][0]["organisation"]["id"].is_string(),
                "{email}"
            ),
            "tenant:milano" => assert_eq!(profile["memberships"][0]["tenant"], "milano", "{email}"),
            _ => {}
        }
    }
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    assert!(
        readme.contains(DEMO_PASSWORD),
        "the README documents the demo password"
    );
    for (email, ..) in DEMO_ACCOUNTS {
        assert!(readme.contains(email), "the README lists {email}");
    }
}

#[tokio::test]
async fn change_password_and_profile() {
    let app = spawn_app(Data::Empty).await;
    verified_account(&app, "anna@example.org").await;
    let res = post(
        &app,
        "/api/v1/auth/login",
        json!({"email": "anna@example.org", "password": PASSWORD}),
        None,
        None,
    )
    .await;
    let (cookie, _) = refresh_cookie(&res);
    let access = res.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let change = |current: &str, new: &str| {
        post(
            &app,
            "/api/v1/me/password",
            json!({"current_password": current, "new_password": new}),
            None,
            Some(&access),
        )
    };
    let wrong = change("not-my-password-1", "una-nuova-password-lunga").await;
    assert_eq!(wrong.status(), 422);
    assert_eq!(
        wrong.json::<Value>().await.unwrap()["errors"][0]["field"],
        "current_password"
    );
    let weak = change(PASSWORD, "password1234").await;
    assert_eq!(
        weak.json::<Value>().await.unwrap()["errors"][0]["field"],
        "new_password"
    );
    assert_eq!(
        change(PASSWORD, "una-nuova-password-lunga").await.status(),
        204
    );
    assert_eq!(
        post(&app, "/api/v1/auth/refresh", json!({}), Some(&cookie), None)
            .await
            .status(),
        401,
        "sessions ended"
    );
    assert_eq!(
        post(
            &app,
            "/api/v1/auth/login",
            json!({"email": "anna@example.org", "password": PASSWORD}),
            None,
            None
        )
        .await
        .status(),
        401
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'password_changed'")
            .await,
        1
    );
    // The access token of the ended session stops working at once, not in 15 minutes.
    assert_eq!(me(&app, Some(&access)).await.status(), 401);
    let res = post(
        &app,
        "/api/v1/auth/login",
        json!({"email": "anna@example.org", "password": "una-nuova-password-lunga"}),
        None,
        None,
    )
    .await;
    assert_eq!(res.status(), 200);
    let access = res.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();

    let patch = |body: Value| {
        app.client
            .patch(format!("{}/api/v1/me", app.address))
            .bearer_auth(&access)
            .json(&body)
            .send()
    };
    let res = patch(json!({"language": "en", "display_name": "  Anna R.  "}))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let profile: Value = res.json().await.unwrap();
    assert_eq!(
        (
            profile["language"].as_str(),
            profile["display_name"].as_str()
        ),
        (Some("en"), Some("Anna R."))
    );
    // An unknown language is refused by name; so is an empty name.
    for (body, field) in [
        (json!({"language": "fr"}), "language"),
        (json!({"display_name": ""}), "display_name"),
        (json!({"display_name": "   "}), "display_name"),
        (json!({"display_name": "Nome\u{0}Nascosto"}), "display_name"),
    ] {
        let bad = patch(body.clone()).await.unwrap();
        assert_eq!(bad.status(), 422, "{body}");
        let problem: Value = bad.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], field, "{body}");
    }
    assert_eq!(
        patch(json!({"email": "x@y.it"})).await.unwrap().status(),
        422,
        "unknown field"
    );
    let anonymous = app
        .client
        .patch(format!("{}/api/v1/me", app.address))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn changing_the_address_needs_the_password_and_a_click_from_the_new_one() {
    let app = spawn_app(Data::Empty).await;
    verified_account(&app, "anna@example.org").await;
    verified_account(&app, "occupato@example.org").await;
    let access = app.token_for("anna@example.org").await;
    let change = |body: Value| post(&app, "/api/v1/me/email", body, None, Some(&access));
    assert_eq!(
        change(json!({"password": "wrong-password-123", "new_email": "nuova@example.org"}))
            .await
            .status(),
        422
    );
    assert_eq!(
        change(json!({"password": PASSWORD, "new_email": "not-an-address"}))
            .await
            .status(),
        422
    );
    let taken = change(json!({"password": PASSWORD, "new_email": "occupato@example.org"})).await;
    let ok = change(json!({"password": PASSWORD, "new_email": "Nuova@Example.org"})).await;
    assert_eq!(
        (taken.status(), ok.status()),
        (ok.status(), reqwest::StatusCode::ACCEPTED)
    );
    assert_eq!(
        taken.text().await.unwrap(),
        ok.text().await.unwrap(),
        "no hint that an address is taken"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE to_address = 'occupato@example.org'")
            .await,
        1,
        "only its own sign-up mail"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM users WHERE email = 'anna@example.org'")
            .await,
        1,
        "nothing changes before the click"
    );
    let token = verification_token(&app, "nuova@example.org").await;
    assert_eq!(
        post(
            &app,
            "/api/v1/auth/verify-email",
            json!({"token": token, "password": PASSWORD}),
            None,
            None
        )
        .await
        .status(),
        204
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM users WHERE email = 'nuova@example.org'")
            .await,
        1
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM users WHERE email = 'anna@example.org'")
            .await,
        0
    );
    let login = post(
        &app,
        "/api/v1/auth/login",
        json!({"email": "nuova@example.org", "password": PASSWORD}),
        None,
        None,
    )
    .await;
    assert_eq!(login.status(), 200);
}

#[tokio::test]
async fn carers_sign_up_as_carers_and_sign_ups_are_rate_limited() {
    let app = spawn_app(Data::Empty).await;
    let mut body = signup_body("maria@example.org");
    body["account_type"] = json!("carer");
    assert_eq!(
        post(&app, "/api/v1/auth/signup", body.clone(), None, None)
            .await
            .status(),
        202
    );
    let token = verification_token(&app, "maria@example.org").await;
    post(
        &app,
        "/api/v1/auth/verify-email",
        json!({"token": token, "password": PASSWORD}),
        None,
        None,
    )
    .await;
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM memberships WHERE role = 'carer'")
            .await,
        1
    );
    body["account_type"] = json!("provider_admin");
    assert_eq!(
        post(&app, "/api/v1/auth/signup", body, None, None)
            .await
            .status(),
        422,
        "only citizens and carers sign up"
    );
    // Five sign-ups a minute for one address; the sixth waits (and sends nothing).
    for _ in 0..4 {
        post(
            &app,
            "/api/v1/auth/signup",
            signup_body("maria@example.org"),
            None,
            None,
        )
        .await;
    }
    let mails = app.scalar("SELECT COUNT(*) FROM outbox_emails").await;
    let res = post(
        &app,
        "/api/v1/auth/signup",
        signup_body("maria@example.org"),
        None,
        None,
    )
    .await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails").await,
        mails
    );
}
