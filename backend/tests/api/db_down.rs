//! A lost database (issue 8, defect 12): with its PostgreSQL stopped, the server answers
//! 503 with `Retry-After` at once instead of hanging, `/healthz` stays up, `/readyz` says
//! 503 at once, search keeps answering from the index it holds; when PostgreSQL comes
//! back, so does the service. The test starts, stops and restarts a cluster of its own.
use super::helpers::TEST_JWT_SECRET;
use super::smtp_sink::free_port as free_port_for_tests;
use domicilia::config::Settings;
use domicilia::db::{self, Db};
use domicilia::domain::SystemClock;
use domicilia::reference::{self, Reference};
use domicilia::startup::Application;
use serde_json::json;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

struct Cluster {
    dir: PathBuf,
}

impl Cluster {
    fn script(args: &[&str]) -> String {
        let out = Command::new("bash")
            .arg("../scripts/pg-test.sh")
            .args(args)
            .output()
            .expect("run pg-test.sh");
        assert!(
            out.status.success(),
            "pg-test.sh {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    fn start() -> (Self, String) {
        let dir = std::env::temp_dir().join(format!("domicilia-down-{}", uuid::Uuid::now_v7()));
        let port = free_port_for_tests().to_string();
        let url = Self::script(&["start", &dir.to_string_lossy(), &port]);
        (Self { dir }, url)
    }

    fn pause(&self) {
        Self::script(&["pause", &self.dir.to_string_lossy()]);
    }

    fn resume(&self) {
        Self::script(&["resume", &self.dir.to_string_lossy()]);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg("../scripts/pg-test.sh")
            .args(["stop", &self.dir.to_string_lossy()])
            .output();
    }
}

#[tokio::test]
async fn a_lost_database_is_answered_at_once_and_its_return_noticed() {
    let (cluster, url) = Cluster::start();
    let conn = db::connect(&url, 4).await.expect("connect");
    db::migrate(&conn).await.expect("migrate");
    reference::sync(&conn).await.expect("reference");
    let r = Reference::load(&conn).await.expect("reference");
    domicilia::seed::demo::load(&conn, &r).await.expect("demo");
    let settings = Settings {
        database_url: url.clone().into(),
        host: "127.0.0.1".into(),
        port: 0,
        static_dir: PathBuf::from("/nonexistent"),
        max_connections: 4,
        jwt_secret: Some(TEST_JWT_SECRET.into()),
        index_dir: std::env::temp_dir().join(format!("domicilia-index-{}", uuid::Uuid::now_v7())),
        files_dir: std::env::temp_dir().join(format!("domicilia-files-{}", uuid::Uuid::now_v7())),
        ..Settings::default()
    };
    let app = Application::build_with(
        settings,
        Db::with_url(conn, Some(&url)),
        Arc::new(SystemClock),
    )
    .await
    .expect("app");
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    // Every request must be answered well within this; before the fix they hung 10 s.
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let login = json!({"email": "cittadina@demo.domicilia.it", "password": "demo-domicilia-2026"});
    let sign_in = || {
        client
            .post(format!("{base}/api/v1/auth/login"))
            .json(&login)
            .send()
    };
    assert_eq!(sign_in().await.unwrap().status(), 200);
    let found: serde_json::Value = client
        .get(format!("{base}/api/v1/services?q=badante"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let total = found["total"].as_i64().unwrap();
    assert!(total > 0);

    cluster.pause();
    for _ in 0..3 {
        for res in [
            client.get(format!("{base}/api/v1/spaces")).send().await,
            client.get(format!("{base}/api/v1/catalogue")).send().await,
            sign_in().await,
        ] {
            let res = res.expect("an answer, not a hang");
            assert_eq!(res.status(), 503);
            assert_eq!(res.headers()["retry-after"], "1");
            assert_eq!(res.headers()["content-type"], "application/problem+json");
        }
        let ready = client.get(format!("{base}/readyz")).send().await.unwrap();
        assert_eq!(ready.status(), 503);
        let alive = client.get(format!("{base}/healthz")).send().await.unwrap();
        assert_eq!(alive.status(), 200);
        // Search answers from the index this instance holds.
        let res = client
            .get(format!("{base}/api/v1/services?q=badante"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let page: serde_json::Value = res.json().await.unwrap();
        assert_eq!(page["total"].as_i64(), Some(total));
    }

    cluster.resume();
    // The breaker's probe notices the database within moments: poll readiness (bounded).
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
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "the service came back");
    // Right after the restart, on a loaded machine, a fresh connection can take longer
    // than the pool's half-second wait: the answer is then 503 with `Retry-After`, never
    // anything else, and a client that honours it is served within a few tries.
    let mut signed_in = false;
    for _ in 0..20 {
        let res = sign_in().await.expect("an answer, not a hang");
        if res.status() == 200 {
            signed_in = true;
            break;
        }
        assert_eq!(res.status(), 503);
        assert_eq!(res.headers()["retry-after"], "1");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(signed_in, "signing in works again");
    // The same holds for any other route: 503 with `Retry-After` while a connection is
    // slow to open, then the answer.
    let mut served = false;
    for _ in 0..20 {
        let res = client
            .get(format!("{base}/api/v1/spaces"))
            .send()
            .await
            .expect("an answer, not a hang");
        if res.status() == 200 {
            served = true;
            break;
        }
        assert_eq!(res.status(), 503);
        assert_eq!(res.headers()["retry-after"], "1");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(served, "the spaces are served again");
}
