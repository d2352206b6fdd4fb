//! Sessions: the list on the account page, ending one or all the others (their access
//! tokens die at once), sign-out; client addresses behind trusted proxies; HSTS.
use super::auth::{PASSWORD, me, post, refresh_cookie, signed_in, verified_account};
use super::helpers::{Data, TestApp, spawn_app, spawn_app_with};
use serde_json::{Value, json};

const FIREFOX_WINDOWS: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
const SAFARI_IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const CHROME_LINUX: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/// Signs in from a browser: (access token, refresh cookie value).
async fn sign_in_from(app: &TestApp, email: &str, user_agent: &str) -> (String, String) {
    let res = app
        .client
        .post(format!("{}/api/v1/auth/login", app.address))
        .header("User-Agent", user_agent)
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (cookie, _) = refresh_cookie(&res);
    let body: Value = res.json().await.unwrap();
    (body["access_token"].as_str().unwrap().to_owned(), cookie)
}

async fn sessions(app: &TestApp, access: &str) -> Vec<Value> {
    let res = app
        .client
        .get(format!("{}/api/v1/me/sessions", app.address))
        .bearer_auth(access)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body: Value = res.json().await.unwrap();
    body["items"].as_array().unwrap().clone()
}

async fn end(app: &TestApp, access: &str, path: &str) -> reqwest::Response {
    app.client
        .delete(format!("{}/api/v1/me/sessions{path}", app.address))
        .bearer_auth(access)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn sessions_are_listed_per_device_and_can_be_ended() {
    let app = spawn_app(Data::Empty).await;
    verified_account(&app, "anna@example.org").await;
    let (a, _) = sign_in_from(&app, "anna@example.org", FIREFOX_WINDOWS).await;
    let (b, b_cookie) = sign_in_from(&app, "anna@example.org", SAFARI_IPHONE).await;
    let (c, _) = sign_in_from(&app, "anna@example.org", CHROME_LINUX).await;

    let list = sessions(&app, &a).await;
    assert_eq!(list.len(), 3, "{list:?}");
    let current: Vec<&Value> = list.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["device"], "Firefox · Windows");
    let mut devices: Vec<&str> = list.iter().map(|s| s["device"].as_str().unwrap()).collect();
    devices.sort();
    assert_eq!(
        devices,
        ["Chrome · Linux", "Firefox · Windows", "Safari · iOS"]
    );
    for s in &list {
        assert!(s["started_at"].as_str() <= s["last_active_at"].as_str());
        assert!(s["last_active_at"].as_str() < s["expires_at"].as_str());
    }
    let b_id = list.iter().find(|s| s["device"] == "Safari · iOS").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Rotating B's refresh token keeps it one session, with its device.
    let res = post(
        &app,
        "/api/v1/auth/refresh",
        json!({}),
        Some(&b_cookie),
        None,
    )
    .await;
    assert_eq!(res.status(), 200);
    let (b_cookie2, _) = refresh_cookie(&res);
    let list = sessions(&app, &a).await;
    assert_eq!(list.len(), 3);
    assert!(
        list.iter()
            .any(|s| s["id"] == b_id.as_str() && s["device"] == "Safari · iOS")
    );

    // Ending B signs that device out at once: its access token and its cookie.
    assert_eq!(end(&app, &a, &format!("/{b_id}")).await.status(), 204);
    assert_eq!(me(&app, Some(&b)).await.status(), 401);
    assert_eq!(
        post(
            &app,
            "/api/v1/auth/refresh",
            json!({}),
            Some(&b_cookie2),
            None
        )
        .await
        .status(),
        401
    );
    assert_eq!(sessions(&app, &a).await.len(), 2);
    // Ended already, malformed, or someone else's: not found / invalid, nothing changes.
    let again = end(&app, &a, &format!("/{b_id}")).await;
    assert_eq!(again.status(), 404);
    assert_eq!(again.headers()["content-type"], "application/problem+json");
    assert_eq!(end(&app, &a, "/not-a-uuid").await.status(), 422);
    let other = signed_in(&app, "bruno@example.org").await;
    let bruno_session = sessions(&app, &other).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        end(&app, &a, &format!("/{bruno_session}")).await.status(),
        404
    );
    assert_eq!(me(&app, Some(&other)).await.status(), 200, "untouched");

    // "Sign out everywhere else" keeps only the caller's session.
    assert_eq!(end(&app, &a, "").await.status(), 204);
    assert_eq!(me(&app, Some(&c)).await.status(), 401);
    assert_eq!(me(&app, Some(&a)).await.status(), 200);
    let list = sessions(&app, &a).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["current"], true);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'session_ended'")
            .await,
        2
    );

    // The export lists one entry per sign-in (not per rotation), live or ended.
    let export: Value = app
        .client
        .get(format!("{}/api/v1/me/export", app.address))
        .bearer_auth(&a)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let exported = export["sessions"].as_array().unwrap();
    assert_eq!(exported.len(), 3, "{exported:?}");
    assert_eq!(exported.iter().filter(|s| s["active"] == true).count(), 1);
    // Anonymous callers get 401 on all three routes.
    for (method, path) in [
        ("GET", "/api/v1/me/sessions".to_owned()),
        ("DELETE", "/api/v1/me/sessions".to_owned()),
        ("DELETE", format!("/api/v1/me/sessions/{b_id}")),
    ] {
        let res = app
            .client
            .request(method.parse().unwrap(), format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "{method} {path}");
    }
}

#[tokio::test]
async fn signing_out_ends_the_access_token_too() {
    let app = spawn_app(Data::Empty).await;
    verified_account(&app, "anna@example.org").await;
    let (access, cookie) = sign_in_from(&app, "anna@example.org", CHROME_LINUX).await;
    assert_eq!(me(&app, Some(&access)).await.status(), 200);
    let res = post(&app, "/api/v1/auth/logout", json!({}), Some(&cookie), None).await;
    assert_eq!(res.status(), 204);
    let cleared = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.starts_with("domicilia_refresh=;") && v.contains("Max-Age=0"));
    assert!(cleared, "the cookie is cleared");
    assert_eq!(me(&app, Some(&access)).await.status(), 401);
}

async fn login_from(app: &TestApp, email: &str, forwarded_for: &str) -> u16 {
    app.client
        .post(format!("{}/api/v1/auth/login", app.address))
        .header("X-Forwarded-For", forwarded_for)
        .json(&json!({"email": email, "password": "wrong-password-123"}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn client_addresses_come_from_trusted_proxies_only() {
    // Behind a trusted load balancer, each client is limited on its own address.
    let app = spawn_app_with(Data::Empty, |s| s.trusted_proxies = "127.0.0.1, ::1".into()).await;
    for i in 0..5 {
        let who = format!("nobody{i}@example.org");
        assert_eq!(login_from(&app, &who, "198.51.100.7").await, 401);
    }
    assert_eq!(
        login_from(&app, "nobody9@example.org", "198.51.100.7").await,
        429,
        "the sixth attempt from one client address waits"
    );
    assert_eq!(
        login_from(&app, "nobody9@example.org", "203.0.113.20").await,
        401,
        "another client behind the same proxy does not"
    );

    // Without trusted proxies the header is ignored: changing it does not escape the limit.
    let app = spawn_app(Data::Empty).await;
    for i in 0..5 {
        let who = format!("nobody{i}@example.org");
        assert_eq!(
            login_from(&app, &who, &format!("198.51.100.{i}")).await,
            401
        );
    }
    assert_eq!(
        login_from(&app, "nobody9@example.org", "203.0.113.20").await,
        429
    );
}

#[tokio::test]
async fn hsts_is_sent_when_the_public_address_is_https() {
    let plain = spawn_app(Data::Empty).await;
    let res = plain.get("/healthz").await;
    assert!(res.headers().get("strict-transport-security").is_none());
    let tls = spawn_app_with(Data::Empty, |s| {
        s.public_url = "https://domicilia.comune.example.it".into()
    })
    .await;
    for path in ["/healthz", "/api/v1/zones", "/api/v1/nothing-here"] {
        let res = tls.get(path).await;
        assert_eq!(
            res.headers()["strict-transport-security"],
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
    }
}
