//! Runs the real binary, drives an auth journey against it and reads everything it logged:
//! no password, token, cookie or e-mail address may appear, nor a family's request or
//! message, nor a need's special-category conditions or building (also when the WeMi
//! space it was shared with reads it), nor a message to a carer.
use super::smtp_sink::free_port;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use std::process::{Command, Stdio};

const PASSWORD: &str = "segreto-di-via-padova-77";
const EMAIL: &str = "lucia.bianchi@example.org";
const MESSAGE: &str = "Mia madre ha il morbo di Parkinson, citofono Bianchi";
const REPLY: &str = "Il codice del portone è Q4711Q";
const BUILDING: &str = "Via Nascosta 4711";
const TO_CARER: &str = "Papà esce da una frattura al femore, chiavi dalla portinaia Zelinda";

#[tokio::test]
async fn an_auth_journey_leaves_no_personal_data_or_secret_in_the_logs() {
    let bin = env!("CARGO_BIN_EXE_domicilia");
    let dir = std::env::temp_dir().join(format!("domicilia-logs-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let db_url = format!("sqlite://{}?mode=rwc", dir.join("db.sqlite").display());
    let port = free_port();
    let env = [
        ("DATABASE_URL", db_url.as_str()),
        ("DOMICILIA_LOG_FORMAT", "json"),
        ("DOMICILIA_LOG", "debug,sqlx=debug,sea_orm=debug"),
        ("DOMICILIA_MAIL_DIR", dir.to_str().unwrap()),
        ("DOMICILIA_STATIC_DIR", "/nonexistent"),
    ];
    for step in [&["migrate"][..], &["seed", "demo"][..]] {
        let status = Command::new(bin)
            .args(step)
            .envs(env)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "{step:?}");
    }
    let log = std::fs::File::create(dir.join("server.log")).unwrap();
    // Killed when dropped, also when an assertion fails first.
    let server = Stopped(
        Command::new(bin)
            .arg("serve")
            .envs(env)
            .env("PORT", port.to_string())
            .env("DOMICILIA_HOST", "127.0.0.1")
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap(),
    );
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let mut ready = false;
    for _ in 0..100 {
        if client
            .get(format!("{base}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            ready = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(ready, "server did not start");

    let post = |path: &str, body: Value, cookie: Option<String>| {
        let mut r = client.post(format!("{base}{path}")).json(&body);
        if let Some(c) = cookie {
            r = r.header("Cookie", format!("domicilia_refresh={c}"));
        }
        r.send()
    };
    let signup = json!({"email": EMAIL, "password": PASSWORD, "display_name": "Lucia Bianchi", "language": "it",
                        "privacy_version": "2026-11", "accept_privacy": true});
    assert_eq!(
        post("/api/v1/auth/signup", signup, None)
            .await
            .unwrap()
            .status(),
        202
    );
    let conn = domicilia::db::connect(&db_url, 1).await.unwrap();
    // The server's jobs runner writes the mail as an .eml file (and forgets its body):
    // read the link there, polled with a bound.
    let mut eml = None;
    for _ in 0..100 {
        eml = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .find(|e| e.path().extension().is_some_and(|x| x == "eml"))
            .map(|e| std::fs::read_to_string(e.path()).unwrap());
        if eml.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let text = super::smtp_sink::decode_qp(&eml.expect("the confirmation mail"));
    let verify_token = text
        .split("token=")
        .nth(1)
        .unwrap()
        .split(|c: char| c.is_whitespace() || c == '"' || c == '<')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(
        post(
            "/api/v1/auth/verify-email",
            json!({"token": verify_token, "password": PASSWORD}),
            None
        )
        .await
        .unwrap()
        .status(),
        204
    );
    post(
        "/api/v1/auth/login",
        json!({"email": EMAIL, "password": "wrong-password-000"}),
        None,
    )
    .await
    .unwrap();
    let res = post(
        "/api/v1/auth/login",
        json!({"email": EMAIL, "password": PASSWORD}),
        None,
    )
    .await
    .unwrap();
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("domicilia_refresh="))
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_owned();
    let access = res.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let me = client
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    // A family's request and message: their texts are never logged.
    let cards: Value = client
        .get(format!("{base}/api/v1/services?per_page=1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let request = client
        .post(format!("{base}/api/v1/requests"))
        .bearer_auth(&access)
        .header("Idempotency-Key", "log-privacy-1")
        .json(
            &json!({"cards": [cards["items"][0]["id"]], "message": MESSAGE, "consent": true,
                      "need": {"age_band": "elderly", "frequency": "weekly"}}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(request.status(), 201);
    let request: Value = request.json().await.unwrap();
    let thread = request["threads"][0]["id"].as_str().unwrap().to_owned();
    let res = client
        .post(format!("{base}/api/v1/threads/{thread}/messages"))
        .bearer_auth(&access)
        .json(&json!({"body": REPLY}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    // A need with special-category conditions and a building, shared with the demo
    // operator's space and read there; a carer of its ranking written to.
    let spaces: Value = client
        .get(format!("{base}/api/v1/spaces?tenant=milano"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let loreto = spaces["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str().unwrap().contains("Loreto"))
        .unwrap()["id"]
        .clone();
    let need = client
        .post(format!("{base}/api/v1/demands"))
        .bearer_auth(&access)
        .json(&json!({
            "role": "badante", "zone": "MI-NIL-20",
            "week": {"mon": [9, 10, 11, 12], "wed": [9, 10, 11, 12]},
            "arrangement": "hourly", "budget_cents": 1500, "budget_period": "hour",
            "age_band": "elderly", "autonomy": "partial",
            "conditions": ["cognitive", "mobility"], "conditions_consent": true,
            "sharing": true, "building": BUILDING, "space": loreto,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(need.status(), 201);
    let need: Value = need.json().await.unwrap();
    let need_id = need["id"].as_str().unwrap().to_owned();
    let operator: Value = post(
        "/api/v1/auth/login",
        json!({"email": "operatore@demo.domicilia.it", "password": "demo-domicilia-2026"}),
        None,
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let operator = operator["access_token"].as_str().unwrap().to_owned();
    for path in [
        format!("/api/v1/demands/{need_id}"),
        format!("/api/v1/spaces/{}/demands", loreto.as_str().unwrap()),
    ] {
        let res = client
            .get(format!("{base}{path}"))
            .bearer_auth(&operator)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert!(res.text().await.unwrap().contains("cognitive"));
    }
    let ranked: Value = client
        .get(format!("{base}/api/v1/demands/{need_id}/matches"))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let carer = ranked["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "carer")
        .unwrap_or_else(|| panic!("a demo carer in the ranking: {ranked}"))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = client
        .post(format!(
            "{base}/api/v1/demands/{need_id}/carers/{carer}/contact"
        ))
        .bearer_auth(&access)
        .json(&json!({"message": TO_CARER}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let res = post("/api/v1/auth/refresh", json!({}), Some(cookie.clone()))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    post("/api/v1/auth/password-reset", json!({"email": EMAIL}), None)
        .await
        .unwrap();
    post("/api/v1/auth/logout", json!({}), Some(cookie.clone()))
        .await
        .unwrap();
    // Until the jobs runner has looked the reset request up and delivered every mail
    // (it logs its rounds): polled, with a bound, not a fixed wait.
    let mut delivered = false;
    for _ in 0..100 {
        let pending = conn
            .query_one_raw(Statement::from_string(
                conn.get_database_backend(),
                "SELECT COUNT(*) FROM jobs WHERE done_at IS NULL AND (unique_key IS NULL OR unique_key NOT LIKE 'recurring:%')",
            ))
            .await
            .unwrap()
            .and_then(|r| r.try_get_by_index::<i64>(0).ok());
        let sent = conn
            .query_one_raw(Statement::from_string(
                conn.get_database_backend(),
                "SELECT COUNT(*) FROM outbox_emails WHERE sent_at IS NOT NULL AND subject LIKE 'Reimposta%'",
            ))
            .await
            .unwrap()
            .and_then(|r| r.try_get_by_index::<i64>(0).ok());
        if pending == Some(0) && sent == Some(1) {
            delivered = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(delivered, "the jobs runner delivered the mail");
    drop(server);

    let logged = std::fs::read_to_string(dir.join("server.log")).unwrap();
    assert!(
        logged.contains("request served") && logged.contains("/api/v1/auth/login"),
        "the journey was logged"
    );
    for secret in [
        MESSAGE,
        REPLY,
        BUILDING,
        TO_CARER,
        "frattura",
        "Zelinda",
        "cognitive",
        "mobility",
        "Parkinson",
        "Q4711Q",
        PASSWORD,
        "wrong-password-000",
        EMAIL,
        "lucia",
        "Bianchi",
        verify_token.as_str(),
        cookie.as_str(),
        access.as_str(),
    ] {
        assert!(
            !logged.to_lowercase().contains(&secret.to_lowercase()),
            "the log contains {secret:?}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// A child process that is killed and reaped when dropped.
struct Stopped(std::process::Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}
