//! Regression tests of the defects outside testing found (issue 8): concurrent writes on
//! the embedded database, address squatting, the timing of password resets, control
//! characters, IPv6 rate-limit keys and atomic limits, unbounded metrics, the role
//! switcher's references, undeclared methods. Each fails on the code before the fix.
use super::auth::{post, verification_token};
use super::helpers::{Data, TestApp, spawn_app, spawn_app_with};
use futures_util::future::join_all;
use serde_json::{Value, json};

const PASSWORD: &str = "una-password-davvero-lunga";

fn signup(email: &str, name: &str, password: &str) -> Value {
    json!({"email": email, "password": password, "display_name": name, "language": "it",
           "privacy_version": "2026-11", "accept_privacy": true})
}

/// An app that believes `X-Forwarded-For` from the test client, so each simulated client
/// has its own address (and its own rate-limit key).
async fn behind_proxy(data: Data) -> TestApp {
    spawn_app_with(data, |s| s.trusted_proxies = "127.0.0.1, ::1".into()).await
}

async fn send(
    app: &TestApp,
    method: &str,
    path: &str,
    client: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> reqwest::Response {
    let mut req = app
        .client
        .request(method.parse().unwrap(), format!("{}{path}", app.address))
        .header("x-forwarded-for", client);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn two_hundred_concurrent_writes_of_mixed_kinds_queue_and_nothing_is_lost() {
    let app = behind_proxy(Data::Demo).await;
    let admin = app.token_for("comune.admin@demo.domicilia.it").await;
    let citizen = app.token_for("cittadina@demo.domicilia.it").await;
    let users_before = app.scalar("SELECT COUNT(*) FROM users").await;
    let spaces_before = app.scalar("SELECT COUNT(*) FROM spaces").await;
    let mut requests = Vec::new();
    // 80 sign-ups of new addresses, 20 pairs of sign-ups of one address at once, 20
    // reset requests, 20 new spaces, 20 profile changes, 20 sign-ins: 200 writes.
    for i in 0..80 {
        requests.push((
            "POST",
            "/api/v1/auth/signup".to_owned(),
            None,
            Some(signup(&format!("nuova{i}@example.org"), "Nuova", PASSWORD)),
            202,
        ));
    }
    for i in 0..20 {
        for _ in 0..2 {
            requests.push((
                "POST",
                "/api/v1/auth/signup".to_owned(),
                None,
                Some(signup(
                    &format!("doppia{i}@example.org"),
                    "Doppia",
                    PASSWORD,
                )),
                202,
            ));
        }
    }
    for i in 0..20 {
        requests.push((
            "POST",
            "/api/v1/auth/password-reset".to_owned(),
            None,
            Some(json!({"email": format!("reset{i}@example.org")})),
            202,
        ));
    }
    for i in 0..20 {
        requests.push((
            "POST",
            "/api/v1/spaces".to_owned(),
            Some(admin.as_str()),
            Some(
                json!({"tenant": "milano", "name": format!("Spazio {i}"), "address": "Via Roma 1"}),
            ),
            201,
        ));
    }
    for i in 0..20 {
        requests.push((
            "PATCH",
            "/api/v1/me".to_owned(),
            Some(citizen.as_str()),
            Some(json!({"display_name": format!("Giulia {i}")})),
            200,
        ));
    }
    for _ in 0..20 {
        requests.push((
            "POST",
            "/api/v1/auth/login".to_owned(),
            None,
            Some(
                json!({"email": "ente.staff@demo.domicilia.it", "password": "demo-domicilia-2026"}),
            ),
            200,
        ));
    }
    assert_eq!(requests.len(), 200);
    let answers = join_all(requests.iter().enumerate().map(
        |(i, (method, path, token, body, _))| {
            let client = format!("10.1.{}.{}", i / 250, i % 250 + 1);
            let app = &app;
            async move {
                send(app, method, path, &client, *token, body.clone())
                    .await
                    .status()
                    .as_u16()
            }
        },
    ))
    .await;
    let server_errors: Vec<_> = answers.iter().filter(|s| **s >= 500).collect();
    assert!(server_errors.is_empty(), "5xx: {server_errors:?}");
    // Sign-ins are also limited per account (5 a minute): the others wait their turn.
    let mut sign_ins = 0;
    for ((_, path, _, _, want), status) in requests.iter().zip(&answers) {
        if path.ends_with("/login") {
            assert!(*status == 200 || *status == 429, "{path}: {status}");
            sign_ins += usize::from(*status == 200);
        } else {
            assert_eq!(status, want, "{path}");
        }
    }
    assert_eq!(sign_ins, 5, "five sign-ins a minute for one account");
    // Every acknowledged write is stored.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM users").await - users_before,
        100,
        "80 new accounts and one per doubled address"
    );
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM outbox_emails WHERE body_text LIKE '%/verifica-email?token=%'"
        )
        .await,
        120
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'password_reset'")
            .await,
        20
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM spaces").await - spaces_before,
        20
    );
    let names = app
        .scalar("SELECT COUNT(*) FROM users WHERE display_name LIKE 'Giulia %'")
        .await;
    assert_eq!(names, 1);
}

#[tokio::test]
async fn two_sign_ups_of_one_address_at_the_same_moment_answer_alike() {
    let app = behind_proxy(Data::Empty).await;
    for round in 0..5 {
        let email = format!("insieme{round}@example.org");
        let (a, b) = tokio::join!(
            send(
                &app,
                "POST",
                "/api/v1/auth/signup",
                "10.9.0.1",
                None,
                Some(signup(&email, "A", PASSWORD))
            ),
            send(
                &app,
                "POST",
                "/api/v1/auth/signup",
                "10.9.0.2",
                None,
                Some(signup(&email, "B", PASSWORD))
            ),
        );
        assert_eq!((a.status().as_u16(), b.status().as_u16()), (202, 202));
        assert_eq!(
            (a.text().await.unwrap(), "same"),
            (b.text().await.unwrap(), "same")
        );
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM users").await, 5);
}

async fn confirm(app: &TestApp, token: &str, password: &str) -> (u16, Vec<(String, String)>) {
    problem_fields(
        post(
            app,
            "/api/v1/auth/verify-email",
            json!({"token": token, "password": password}),
            None,
            None,
        )
        .await,
    )
    .await
}

async fn sign_in_as(app: &TestApp, client: &str, email: &str, password: &str) -> reqwest::Response {
    send(
        app,
        "POST",
        "/api/v1/auth/login",
        client,
        None,
        Some(json!({"email": email, "password": password})),
    )
    .await
}

/// The account of `email` after confirmation: its name and first role.
async fn profile(app: &TestApp, res: reqwest::Response) -> Value {
    let token: Value = res.json().await.unwrap();
    super::auth::me(app, token["access_token"].as_str())
        .await
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_address_cannot_be_squatted_whoever_signs_up_first() {
    let squatter_password = "password-dello-squatter-77";
    let owner_password = "password-della-titolare-42";
    for squatter_first in [true, false] {
        let app = behind_proxy(Data::Empty).await;
        let email = "vera@example.org";
        let squat = || {
            send(
                &app,
                "POST",
                "/api/v1/auth/signup",
                "10.0.0.66",
                None,
                Some(signup(email, "Vera Titolare", squatter_password)),
            )
        };
        let own = || {
            send(
                &app,
                "POST",
                "/api/v1/auth/signup",
                "10.0.0.7",
                None,
                Some(signup(email, "Vera Titolare", owner_password)),
            )
        };
        let (first, second) = if squatter_first {
            (squat().await, own().await)
        } else {
            (own().await, squat().await)
        };
        assert_eq!(
            (first.status().as_u16(), second.status().as_u16()),
            (202, 202)
        );
        let links = super::auth::verification_tokens(&app, email).await;
        assert_eq!(links.len(), 2, "one link per sign-up, both alive");
        let (newest, oldest) = (links[0].clone(), links[1].clone());
        let (owner_link, squatter_link) = if squatter_first {
            (newest, oldest)
        } else {
            (oldest, newest)
        };
        // The owner, in their mailbox, clicks the squatter's link: their own password
        // does not confirm it.
        let (status, fields) = confirm(&app, &squatter_link, owner_password).await;
        assert_eq!(
            (status, fields[0].0.as_str()),
            (422, "password"),
            "squatter first: {squatter_first}"
        );
        // Before confirmation the squatter's password opens nothing.
        let res = sign_in_as(&app, "10.0.0.66", email, squatter_password).await;
        assert_eq!(res.status(), 403, "a link is sent again, to the owner");
        // The owner's own link, with their password, confirms their sign-up.
        assert_eq!(confirm(&app, &owner_link, owner_password).await.0, 204);
        let res = sign_in_as(&app, "10.0.0.7", email, owner_password).await;
        assert_eq!(res.status(), 200);
        let me = profile(&app, res).await;
        assert_eq!(me["display_name"], "Vera Titolare");
        assert_eq!(me["memberships"][0]["role"], "citizen");
        // Every other sign-up link of the address died with the confirmation.
        assert_eq!(
            confirm(&app, &squatter_link, squatter_password).await.1[0].0,
            "token"
        );
        let res = sign_in_as(&app, "10.0.0.66", email, squatter_password).await;
        assert_eq!(res.status(), 401);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM users").await, 1);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM consents").await, 1);
    }
}

#[tokio::test]
async fn a_change_of_address_is_confirmed_with_the_accounts_password() {
    let app = behind_proxy(Data::Demo).await;
    let citizen = app.token_for("cittadina@demo.domicilia.it").await;
    // Someone asks to move their account to another person's address…
    let res = send(
        &app,
        "POST",
        "/api/v1/me/email",
        "10.0.1.1",
        Some(&citizen),
        Some(json!({"password": "demo-domicilia-2026", "new_email": "altra@example.org"})),
    )
    .await;
    assert_eq!(res.status(), 202);
    let link = super::auth::verification_tokens(&app, "altra@example.org").await[0].clone();
    // …whose owner clicks the link: without the account's password nothing changes.
    assert_eq!(
        confirm(&app, &link, "una-password-qualsiasi-1").await.0,
        422
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM users WHERE email = 'altra@example.org'")
            .await,
        0
    );
    assert_eq!(confirm(&app, &link, "demo-domicilia-2026").await.0, 204);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM users WHERE email = 'altra@example.org'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_reset_request_does_its_work_after_answering_for_every_address() {
    let app = behind_proxy(Data::Demo).await;
    let registered = "cittadina@demo.domicilia.it";
    let mails = app.scalar("SELECT COUNT(*) FROM outbox_emails").await;
    let audit = app.scalar("SELECT COUNT(*) FROM audit_events").await;
    for (i, email) in [registered, "nessuno@example.org"].into_iter().enumerate() {
        let res = send(
            &app,
            "POST",
            "/api/v1/auth/password-reset",
            &format!("10.2.0.{i}"),
            None,
            Some(json!({"email": email})),
        )
        .await;
        assert_eq!(res.status(), 202);
    }
    // During the request nothing tells the two apart: no mail, no audit event, one
    // queued job each.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails").await,
        mails
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_events").await, audit);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'password_reset' AND done_at IS NULL")
            .await,
        2
    );
    // The job does the lookup: a link for the registered address only.
    let round = app.run_jobs().await;
    assert!(round.done >= 2, "{round:?}");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM outbox_emails WHERE to_address = '{registered}' AND body_text LIKE '%/reimposta-password?token=%'"
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE to_address = 'nessuno@example.org'")
            .await,
        0
    );
    // The finished jobs keep no address.
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM jobs WHERE kind = 'password_reset' AND payload LIKE '%@%'"
        )
        .await,
        0
    );
}

async fn problem_fields(res: reqwest::Response) -> (u16, Vec<(String, String)>) {
    let status = res.status().as_u16();
    let body: Value = res.json().await.unwrap_or_default();
    let fields = body["errors"]
        .as_array()
        .map(|es| {
            es.iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap_or("").to_owned(),
                        e["code"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    (status, fields)
}

#[tokio::test]
async fn control_characters_are_refused_by_name_on_every_route() {
    let app = behind_proxy(Data::Demo).await;
    let control = |f: &str| (422, vec![(f.to_owned(), "control_character".to_owned())]);
    let mut body = signup("nul@example.org", "Nome\u{0}Nascosto", PASSWORD);
    let res = send(
        &app,
        "POST",
        "/api/v1/auth/signup",
        "10.3.0.1",
        None,
        Some(body.clone()),
    )
    .await;
    assert_eq!(problem_fields(res).await, control("display_name"));
    body["display_name"] = json!("Nome\u{202E}otsocsan");
    let res = send(
        &app,
        "POST",
        "/api/v1/auth/signup",
        "10.3.0.2",
        None,
        Some(body),
    )
    .await;
    assert_eq!(problem_fields(res).await, control("display_name"));
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM users WHERE email = 'nul@example.org'")
            .await,
        0
    );

    let citizen = app.token_for("cittadina@demo.domicilia.it").await;
    let res = send(
        &app,
        "PATCH",
        "/api/v1/me",
        "10.3.0.3",
        Some(&citizen),
        Some(json!({"display_name": "Giulia\u{7}"})),
    )
    .await;
    assert_eq!(problem_fields(res).await, control("display_name"));

    let admin = app.token_for("comune.admin@demo.domicilia.it").await;
    let res = send(&app, "POST", "/api/v1/invitations", "10.3.0.4", Some(&admin),
                   Some(json!({"email": "x@example.org", "role": "municipal_reviewer", "tenant": "milano\u{0}"}))).await;
    assert_eq!(problem_fields(res).await, control("tenant"));
    let res = send(
        &app,
        "POST",
        "/api/v1/spaces",
        "10.3.0.5",
        Some(&admin),
        Some(json!({"tenant": "milano", "name": "Spazio\nDue righe", "address": "Via Roma 1"})),
    )
    .await;
    assert_eq!(problem_fields(res).await, control("name"));
    // Query strings too.
    let res = app.get("/api/v1/spaces?tenant=milano%00").await;
    assert_eq!(problem_fields(res).await, control("tenant"));
    let res = app.get("/api/v1/services?q=badante%00").await;
    assert_eq!(problem_fields(res).await, control("q"));
    // Nothing was written.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM users WHERE display_name LIKE 'Giulia%'")
            .await,
        1
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM invitations").await, 0);
}

#[tokio::test]
async fn an_ipv6_client_is_one_client_per_64_and_limits_are_atomic() {
    let app = behind_proxy(Data::Demo).await;
    // Seven failed sign-ins from seven addresses of one /64, for seven accounts.
    let mut statuses = Vec::new();
    for i in 1..=7 {
        let res = send(&app, "POST", "/api/v1/auth/login", &format!("2001:db8:1:2::{i:x}"), None,
                       Some(json!({"email": format!("utente{i}@example.org"), "password": "sbagliata-del-tutto"}))).await;
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429, 429]);
    // Another /64 is another client.
    let res = send(
        &app,
        "POST",
        "/api/v1/auth/login",
        "2001:db8:1:3::1",
        None,
        Some(json!({"email": "utente9@example.org", "password": "sbagliata-del-tutto"})),
    )
    .await;
    assert_eq!(res.status(), 401);

    // Twenty attempts for one account at the same moment, from twenty clients: at most
    // five get past the limit.
    let answers = join_all((0..20).map(|i| {
        let app = &app;
        async move {
            send(app, "POST", "/api/v1/auth/login", &format!("10.4.0.{}", i + 1), None,
                 Some(json!({"email": "cittadina@demo.domicilia.it", "password": "sbagliata-del-tutto"})))
                .await
                .status()
                .as_u16()
        }
    }))
    .await;
    let passed = answers.iter().filter(|s| **s != 429).count();
    assert_eq!(passed, 5, "{answers:?}");
    assert!(
        answers.iter().all(|s| *s == 401 || *s == 429),
        "{answers:?}"
    );
    // A minute later the account may try again (the clock moves; nothing sleeps).
    app.clock.advance(chrono::Duration::seconds(61));
    let res = send(
        &app,
        "POST",
        "/api/v1/auth/login",
        "10.4.1.1",
        None,
        Some(json!({"email": "cittadina@demo.domicilia.it", "password": "demo-domicilia-2026"})),
    )
    .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn metrics_are_private_and_their_series_bounded() {
    const TOKEN: &str = "a-metrics-token-of-some-length";
    let app = spawn_app_with(Data::Empty, |s| {
        s.metrics_token = Some(TOKEN.into());
        s.metrics_addr = Some("127.0.0.1:0".into());
    })
    .await;
    for i in 0..20 {
        app.client
            .request(
                format!("FOO{i}").parse().unwrap(),
                format!("{}/api/v1/zones", app.address),
            )
            .send()
            .await
            .unwrap();
        app.get(&format!("/nothing/{i}")).await;
    }
    let metrics = |token: Option<&str>| {
        let mut req = app.client.get(format!("{}/metrics", app.address));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
    };
    assert_eq!(metrics(None).await.unwrap().status(), 401);
    assert_eq!(
        metrics(Some("wrong-token-wrong-token"))
            .await
            .unwrap()
            .status(),
        401
    );
    let text = metrics(Some(TOKEN)).await.unwrap().text().await.unwrap();
    assert!(!text.contains("FOO"), "{text}");
    assert!(!text.contains("/nothing"), "{text}");
    assert!(text.contains("method=\"OTHER\""), "{text}");
    let series = text
        .lines()
        .filter(|l| l.starts_with("http_requests_total{"))
        .count();
    assert!(series <= 3, "{series} series: {text}");
    // Without a token the public port serves no metrics at all.
    let plain = spawn_app(Data::Empty).await;
    assert_eq!(plain.get("/metrics").await.status(), 404);
}

#[tokio::test]
async fn memberships_have_ids_in_a_stable_order_and_name_the_active_role() {
    let app = spawn_app(Data::Demo).await;
    use domicilia::api::auth::Role;
    use domicilia::services::accounts::{Scope, grant_role};
    let email = "piattaforma@demo.domicilia.it";
    grant_role(
        &app.db,
        "http://x",
        email,
        Role::MunicipalReviewer,
        Scope {
            tenant: Some("milano".into()),
            organisation: None,
            space: None,
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    grant_role(
        &app.db,
        "http://x",
        email,
        Role::Citizen,
        Scope::default(),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let token = app.token_for(email).await;
    let me = |active: Option<String>| {
        let mut req = app
            .client
            .get(format!("{}/api/v1/me", app.address))
            .bearer_auth(&token);
        if let Some(a) = active {
            req = req.header("X-Active-Membership", a);
        }
        req.send()
    };
    let first: Value = me(None).await.unwrap().json().await.unwrap();
    let roles: Vec<&str> = first["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(
        roles,
        ["platform_admin", "municipal_reviewer", "citizen"],
        "oldest first"
    );
    for _ in 0..3 {
        let again: Value = me(None).await.unwrap().json().await.unwrap();
        assert_eq!(again["memberships"], first["memberships"]);
    }
    let id_of = |role: &str| {
        first["memberships"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["role"] == role)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    // Acting as a citizen, the platform admin cannot read the audit log.
    let audit = |active: &str| {
        app.client
            .get(format!("{}/api/v1/audit", app.address))
            .bearer_auth(&token)
            .header("X-Active-Membership", active.to_owned())
            .send()
    };
    assert_eq!(audit(&id_of("citizen")).await.unwrap().status(), 403);
    assert_eq!(audit(&id_of("platform_admin")).await.unwrap().status(), 200);
    // Someone else's membership, or none: not allowed; not an id at all: invalid.
    let (status, _) = problem_fields(audit(&uuid::Uuid::now_v7().to_string()).await.unwrap()).await;
    assert_eq!(status, 403);
    let (status, fields) = problem_fields(audit("not-an-id").await.unwrap()).await;
    assert_eq!(
        (status, fields.first().map(|f| f.0.as_str())),
        (422, Some("X-Active-Membership"))
    );
    assert_eq!(me(Some(id_of("citizen"))).await.unwrap().status(), 200);
}

#[tokio::test]
async fn undeclared_methods_answer_405_with_the_methods_a_path_takes() {
    let app = spawn_app(Data::Empty).await;
    for (method, path, allow) in [
        ("PUT", "/api/v1/zones", "GET"),
        ("DELETE", "/api/v1/spaces", "GET, POST"),
        ("TRACE", "/api/v1/services", "GET"),
        (
            "PATCH",
            "/api/v1/spaces/0199a5b0-0000-7000-8000-000000000000",
            "GET",
        ),
        ("OPTIONS", "/api/v1/me", "DELETE, GET, PATCH"),
        ("GET", "/api/v1/auth/login", "POST"),
    ] {
        let res = app
            .client
            .request(method.parse().unwrap(), format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 405, "{method} {path}");
        assert_eq!(res.headers()["allow"], allow, "{method} {path}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    }
    // An unknown path stays a 404.
    let res = app
        .client
        .put(format!("{}/api/v1/nothing", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn a_readable_cookie_tells_the_web_app_whether_there_is_a_session() {
    let app = spawn_app(Data::Demo).await;
    let cookies = |res: &reqwest::Response| -> Vec<String> {
        res.headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    };
    let login = json!({"email": "cittadina@demo.domicilia.it", "password": "demo-domicilia-2026"});
    let res = post(&app, "/api/v1/auth/login", login, None, None).await;
    assert_eq!(res.status(), 200);
    let set = cookies(&res);
    let hint = set
        .iter()
        .find(|c| c.starts_with("domicilia_session="))
        .expect("the session hint");
    assert!(hint.starts_with("domicilia_session=1;"), "{hint}");
    assert!(!hint.contains("HttpOnly"), "readable by the app: {hint}");
    assert!(hint.contains("Path=/") && hint.contains("SameSite=Strict") && hint.contains("Secure"));
    let refresh = set
        .iter()
        .find(|c| c.starts_with("domicilia_refresh="))
        .unwrap();
    assert!(refresh.contains("HttpOnly"));
    let value = refresh
        .trim_start_matches("domicilia_refresh=")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    // Signing out, or a refresh that finds no session, clears both.
    let res = post(&app, "/api/v1/auth/logout", json!({}), Some(&value), None).await;
    assert_eq!(res.status(), 204);
    assert!(
        cookies(&res)
            .iter()
            .any(|c| c.starts_with("domicilia_session=;"))
    );
    let res = post(&app, "/api/v1/auth/refresh", json!({}), Some(&value), None).await;
    assert_eq!(res.status(), 401);
    let cleared = cookies(&res);
    assert!(
        cleared.iter().any(|c| c.starts_with("domicilia_session=;")),
        "{cleared:?}"
    );
    assert!(
        cleared.iter().any(|c| c.starts_with("domicilia_refresh=;")),
        "{cleared:?}"
    );
}

/// `send` with an owned client address (for requests made in a closure).
async fn owned(
    app: &TestApp,
    method: &str,
    path: &str,
    client: String,
    token: Option<&str>,
    body: Option<Value>,
) -> reqwest::Response {
    send(app, method, path, &client, token, body).await
}

/// Answers of twenty simultaneous requests, as statuses.
async fn twenty<F, Fut>(make: F) -> Vec<u16>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = reqwest::Response>,
{
    join_all((0..20).map(|i| {
        let answer = make(i);
        async move { answer.await.status().as_u16() }
    }))
    .await
}

fn count(answers: &[u16], status: u16) -> usize {
    answers.iter().filter(|s| **s == status).count()
}

#[tokio::test]
async fn single_use_and_administrative_writes_under_twenty_simultaneous_clients() {
    let app = behind_proxy(Data::Demo).await;
    let admin = app.token_for("comune.admin@demo.domicilia.it").await;
    // Twenty invitations at once: all created, all mailed.
    let answers = twenty(|i| {
        owned(&app, "POST", "/api/v1/invitations", format!("10.5.0.{i}"), Some(&admin),
             Some(json!({"email": format!("revisore{i}@example.org"), "role": "municipal_reviewer", "tenant": "milano"})))
    })
    .await;
    assert_eq!(count(&answers, 201), 20, "{answers:?}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM invitations").await, 20);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE body_text LIKE '%/invito?token=%'")
            .await,
        20
    );

    // One confirmation link clicked twenty times: it works once.
    send(
        &app,
        "POST",
        "/api/v1/auth/signup",
        "10.5.1.1",
        None,
        Some(signup("unica@example.org", "Unica", PASSWORD)),
    )
    .await;
    let link = verification_token(&app, "unica@example.org").await;
    let answers = twenty(|i| {
        owned(
            &app,
            "POST",
            "/api/v1/auth/verify-email",
            format!("10.5.2.{i}"),
            None,
            Some(json!({"token": link, "password": PASSWORD})),
        )
    })
    .await;
    // Five password attempts a minute per link; of those, one confirms.
    assert_eq!(
        (
            count(&answers, 204),
            count(&answers, 422) + count(&answers, 429)
        ),
        (1, 19),
        "{answers:?}"
    );
    assert!(count(&answers, 429) >= 15, "{answers:?}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'unica@example.org'").await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM consents c JOIN users u ON u.id = c.user_id WHERE u.email = 'unica@example.org'").await, 1);

    // One invitation accepted twenty times at once by its addressee: one membership.
    let res = send(
        &app,
        "POST",
        "/api/v1/auth/login",
        "10.5.3.1",
        None,
        Some(json!({"email": "unica@example.org", "password": PASSWORD})),
    )
    .await;
    let body: Value = res.json().await.unwrap();
    let access = body["access_token"].as_str().unwrap().to_owned();
    let res = send(
        &app,
        "POST",
        "/api/v1/invitations",
        "10.5.3.2",
        Some(&admin),
        Some(
            json!({"email": "unica@example.org", "role": "municipal_reviewer", "tenant": "milano"}),
        ),
    )
    .await;
    assert_eq!(res.status(), 201);
    let invitation = super::invitations::invitation_token(&app, "unica@example.org").await;
    let answers = twenty(|i| {
        owned(
            &app,
            "POST",
            "/api/v1/invitations/accept",
            format!("10.5.4.{i}"),
            Some(&access),
            Some(json!({"token": invitation})),
        )
    })
    .await;
    assert_eq!(
        (count(&answers, 204), count(&answers, 422)),
        (1, 19),
        "{answers:?}"
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'unica@example.org' AND m.role = 'municipal_reviewer'").await, 1);

    // One refresh cookie presented twenty times at once: one rotation at most, the rest
    // is reuse (the session ends), never a server error.
    let res = send(
        &app,
        "POST",
        "/api/v1/auth/login",
        "10.5.5.1",
        None,
        Some(json!({"email": "unica@example.org", "password": PASSWORD})),
    )
    .await;
    let (cookie, _) = super::auth::refresh_cookie(&res);
    let answers =
        twenty(|_| post(&app, "/api/v1/auth/refresh", json!({}), Some(&cookie), None)).await;
    assert!(count(&answers, 200) <= 1, "{answers:?}");
    assert_eq!(
        count(&answers, 200) + count(&answers, 401),
        20,
        "{answers:?}"
    );

    // Twenty sign-outs of every other session, and twenty removals of one member.
    let answers = twenty(|i| {
        owned(
            &app,
            "DELETE",
            "/api/v1/me/sessions",
            format!("10.5.6.{i}"),
            Some(&access),
            None,
        )
    })
    .await;
    assert!(
        answers.iter().all(|s| *s == 204 || *s == 401),
        "{answers:?}"
    );
    let operator = app.token_for("operatore@demo.domicilia.it").await;
    let me: Value = super::auth::me(&app, Some(&operator))
        .await
        .json()
        .await
        .unwrap();
    let space = me["memberships"][0]["space"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let member = me["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/spaces/{space}/members/{member}");
    let answers = twenty(|i| {
        owned(
            &app,
            "DELETE",
            &path,
            format!("10.5.7.{i}"),
            Some(&admin),
            None,
        )
    })
    .await;
    assert_eq!(
        (count(&answers, 204), count(&answers, 404)),
        (1, 19),
        "{answers:?}"
    );
    assert!(answers.iter().all(|s| *s < 500));
}

#[tokio::test]
async fn outside_findings_stay_fixed() {
    let app = behind_proxy(Data::Demo).await;
    // A reset of an address nobody confirmed sends nothing: its sign-ups' links are the
    // way in, each with its own password.
    send(
        &app,
        "POST",
        "/api/v1/auth/signup",
        "10.6.0.1",
        None,
        Some(signup("nessuna.conferma@example.org", "Chiunque", PASSWORD)),
    )
    .await;
    send(
        &app,
        "POST",
        "/api/v1/auth/password-reset",
        "10.6.0.2",
        None,
        Some(json!({"email": "nessuna.conferma@example.org"})),
    )
    .await;
    let mails = app.delivered_mails().await;
    assert!(mails.iter().all(|m| !m.contains("/reimposta-password")));
    // A confirmation mail carries no text of the sign-up (a stranger chose the name).
    assert!(
        mails
            .iter()
            .any(|m| m.contains("/verifica-email?token=") && !m.contains("Chiunque"))
    );
    // Sent mail keeps no body in the database (its links may still be valid).
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE sent_at IS NOT NULL AND (body_text <> '' OR body_html <> '')")
            .await,
        0
    );
    assert!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE sent_at IS NOT NULL")
            .await
            > 0
    );

    // At most ten mails a day to one address on behalf of strangers, however the
    // minutes are spread.
    for minute in 0..4 {
        for i in 0..5 {
            send(
                &app,
                "POST",
                "/api/v1/auth/signup",
                &format!("10.6.{minute}.{}", i + 10),
                None,
                Some(signup("bersaglio@example.org", "X", PASSWORD)),
            )
            .await;
        }
        app.clock.advance(chrono::Duration::seconds(61));
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE to_address = 'bersaglio@example.org'")
            .await,
        10
    );

    // Addresses the mailer would refuse or deliver elsewhere are refused at the door.
    for bad in [
        "a@b..example",
        "x@demo.domicilia.it@evil.example",
        "a(comment)@weird.example",
        "\"quoted\"@weird.example",
    ] {
        let res = send(
            &app,
            "POST",
            "/api/v1/auth/signup",
            "10.6.9.1",
            None,
            Some(signup(bad, "X", PASSWORD)),
        )
        .await;
        let (status, fields) = problem_fields(res).await;
        assert_eq!((status, fields[0].0.as_str()), (422, "email"), "{bad}");
    }

    // One active membership, named once.
    let admin = app.token_for("comune.admin@demo.domicilia.it").await;
    let me: Value = super::auth::me(&app, Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    let id = me["memberships"][0]["id"].as_str().unwrap().to_owned();
    let res = app
        .client
        .get(format!("{}/api/v1/me", app.address))
        .bearer_auth(&admin)
        .header("X-Active-Membership", id.clone())
        .header("X-Active-Membership", id)
        .send()
        .await
        .unwrap();
    let (status, fields) = problem_fields(res).await;
    assert_eq!((status, fields[0].1.as_str()), (422, "duplicate"));

    // Load balancers may check health with HEAD.
    for path in ["/healthz", "/readyz"] {
        let res = app
            .client
            .head(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
    }
}
