use domicilia::config::Settings;
use domicilia::db::Db;
use domicilia::domain::ShiftedClock;
use domicilia::jobs::{JobContext, Round, Runner};
use domicilia::mail::Transport;
use domicilia::reference::{self, Reference};
use domicilia::startup::Application;
use domicilia::{db, seed};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::OnceCell;

/// The access-token key of test apps, so a test can act as any account directly.
pub const TEST_JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123";

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: Db,
    /// The application's clock: the system's, moved forward by `clock.advance(…)`.
    pub clock: ShiftedClock,
    /// A jobs runner on the same database and clock, delivering mail as `.eml` files
    /// into `mail_dir`: `run_jobs` does the background work now, no waiting.
    pub jobs: Runner,
    pub mail_dir: PathBuf,
    /// Where this app keeps uploaded files (unless a test chose an object store).
    pub files_dir: PathBuf,
    pub search: (Arc<domicilia::search::Engine>, Arc<Reference>),
    pub db_url: String,
    /// The index directory this helper made (not one a test chose): removed on drop.
    own_index: Option<PathBuf>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(dir) = &self.own_index {
            let _ = std::fs::remove_dir_all(dir);
        }
        let _ = std::fs::remove_dir_all(&self.mail_dir);
        let _ = std::fs::remove_dir_all(&self.files_dir);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Data {
    /// Reference data only.
    Empty,
    /// Reference data and the demo data set.
    Demo,
}

enum Template {
    Sqlite(PathBuf),
    Postgres { server: String, name: String },
}

static EMPTY: OnceCell<Template> = OnceCell::const_new();
static DEMO: OnceCell<Template> = OnceCell::const_new();

fn pg_server() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
}

/// `postgres://u@h:p/db` → `postgres://u@h:p/<name>`
fn pg_url(server: &str, name: &str) -> String {
    let base = server.rsplit_once('/').map_or(server, |(b, _)| b);
    format!("{base}/{name}")
}

async fn prepare(conn: &DatabaseConnection, data: Data) {
    db::migrate(conn).await.expect("migrations");
    reference::sync(conn).await.expect("reference data");
    if data == Data::Demo {
        let r = Reference::load(conn).await.expect("reference");
        seed::demo::load(conn, &r).await.expect("demo data");
    }
}

async fn make_template(data: Data) -> Template {
    let tag = if data == Data::Demo { "demo" } else { "empty" };
    match pg_server() {
        Some(server) => {
            let name = format!("tpl_{tag}_{}", std::process::id());
            let admin = db::connect(&server, 2).await.expect("postgres reachable");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create template");
            admin.close().await.ok();
            let conn = db::connect(&pg_url(&server, &name), 2)
                .await
                .expect("template");
            prepare(&conn, data).await;
            conn.close().await.ok();
            Template::Postgres { server, name }
        }
        None => {
            let path = std::env::temp_dir().join(format!(
                "domicilia-tpl-{tag}-{}.sqlite",
                uuid::Uuid::now_v7()
            ));
            let conn = db::connect(&format!("sqlite://{}?mode=rwc", path.display()), 1)
                .await
                .expect("sqlite");
            prepare(&conn, data).await;
            conn.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
                .await
                .expect("checkpoint");
            conn.close().await.ok();
            Template::Sqlite(path)
        }
    }
}

async fn fresh_database(data: Data) -> String {
    let cell = if data == Data::Demo { &DEMO } else { &EMPTY };
    let template = cell.get_or_init(|| make_template(data)).await;
    match template {
        Template::Sqlite(path) => {
            let copy = std::env::temp_dir()
                .join(format!("domicilia-test-{}.sqlite", uuid::Uuid::now_v7()));
            std::fs::copy(path, &copy).expect("copy template");
            format!("sqlite://{}?mode=rwc", copy.display())
        }
        Template::Postgres { server, name } => {
            let db_name = format!("t_{}", uuid::Uuid::now_v7().simple());
            let admin = db::connect(server, 1).await.expect("postgres");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {db_name} TEMPLATE {name}"))
                .await
                .expect("clone template");
            admin.close().await.ok();
            pg_url(server, &db_name)
        }
    }
}

pub async fn spawn_app(data: Data) -> TestApp {
    spawn_app_with(data, |_| {}).await
}

/// An app whose settings `adjust` changes (trusted proxies, public address…).
pub async fn spawn_app_with(data: Data, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let url = fresh_database(data).await;
    spawn_app_on(url, adjust).await
}

/// Another instance on the database of `app` (its own index, like a second server
/// behind the load balancer).
pub async fn spawn_instance(app: &TestApp) -> TestApp {
    spawn_app_on(app.db_url.clone(), |_| {}).await
}

async fn spawn_app_on(url: String, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let index_dir = std::env::temp_dir().join(format!("domicilia-index-{}", uuid::Uuid::now_v7()));
    let mut settings = Settings {
        database_url: url.clone().into(),
        host: "127.0.0.1".into(),
        port: 0,
        static_dir: PathBuf::from("/nonexistent"),
        max_connections: 4,
        jwt_secret: Some(TEST_JWT_SECRET.into()),
        index_dir: index_dir.clone(),
        files_dir: std::env::temp_dir().join(format!("domicilia-files-{}", uuid::Uuid::now_v7())),
        ..Settings::default()
    };
    adjust(&mut settings);
    let files_dir = settings.files_dir.clone();
    let own_index = (settings.index_dir == index_dir).then_some(index_dir);
    let conn: DatabaseConnection = db::connect(&url, 4).await.expect("connect");
    let db = Db::with_url(conn, Some(&url));
    let clock = ShiftedClock::default();
    let mail_dir = std::env::temp_dir().join(format!("domicilia-mail-{}", uuid::Uuid::now_v7()));
    let storage = domicilia::storage::Storage::open(&settings).ok();
    let public_url = settings.public_url.clone();
    let app = Application::build_with(settings, db.clone(), Arc::new(clock.clone()))
        .await
        .expect("build app");
    let jobs = Runner::new(JobContext {
        db: db.clone(),
        clock: Arc::new(clock.clone()),
        transport: Transport::files(mail_dir.clone(), "Domicilia <noreply@domicilia.localhost>")
            .expect("mail dir"),
        public_url,
        storage,
        search: Some(app.search().0),
        links: Some(app.links()),
    });
    let address = format!("http://127.0.0.1:{}", app.port());
    let search = app.search();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: reqwest::Client::new(),
        db,
        clock,
        jobs,
        mail_dir,
        files_dir,
        search,
        db_url: url,
        own_index,
    }
}

impl TestApp {
    /// Another jobs runner on this application's database (a second instance), with its
    /// own transport and clock.
    pub fn runner(&self, transport: Transport, clock: Arc<dyn domicilia::domain::Clock>) -> Runner {
        Runner::new(JobContext {
            db: self.db.clone(),
            clock,
            transport,
            public_url: "http://localhost:8080".into(),
            storage: None,
            search: None,
            links: None,
        })
    }

    /// Runs the due jobs until none is left (a job may queue another: a reset lookup
    /// queues its mail's delivery), then returns the mails delivered so far, oldest first,
    /// decoded (the outbox forgets a mail's body once it is sent).
    pub async fn delivered_mails(&self) -> Vec<String> {
        for _ in 0..5 {
            if self.run_jobs().await.ran() == 0 {
                break;
            }
        }
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&self.mail_dir)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .map(|m| super::smtp_sink::decode_qp(&m))
            .collect()
    }

    /// Applies the catalogue's changes to the search index now (the server's follower
    /// does it every half second).
    pub async fn sync_search(&self) -> domicilia::search::Applied {
        let (engine, reference) = &self.search;
        engine
            .follow(&self.db, reference)
            .await
            .expect("follow the catalogue")
    }

    /// Runs the background jobs that are due now (mail delivery, password-reset
    /// lookups…), as the server's runner would.
    pub async fn run_jobs(&self) -> Round {
        self.jobs.run_due().await.expect("jobs round")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{}", self.address, path))
            .send()
            .await
            .expect("request")
    }

    /// GET and parse JSON, asserting the status.
    pub async fn get_json(&self, path: &str, status: u16) -> Value {
        let res = self.get(path).await;
        let got = res.status().as_u16();
        let ct = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let body: Value = res.json().await.expect("json body");
        assert_eq!(got, status, "GET {path} → {got}: {body}");
        if status >= 400 {
            assert_eq!(ct, "application/problem+json", "GET {path}");
            assert_eq!(body["status"], status);
            assert!(
                body["type"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("https://")),
                "{body}"
            );
            assert!(
                body["title"].is_string() && body["detail"].is_string(),
                "{body}"
            );
        }
        body
    }

    /// A problem's invalid field names.
    pub async fn invalid_fields(&self, path: &str) -> Vec<String> {
        let body = self.get_json(path, 422).await;
        body["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .map(|e| e["field"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    pub fn backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }

    pub async fn scalar(&self, sql: &str) -> i64 {
        let row = self
            .db
            .query_one_raw(Statement::from_string(self.backend(), sql))
            .await
            .expect("query")
            .expect("row");
        row.try_get_by_index::<i64>(0).expect("integer")
    }
}

impl TestApp {
    /// The holder of `token` erases their account with the test password: 204.
    pub async fn erase_account(&self, token: &str) {
        let res = self
            .client
            .delete(format!("{}/api/v1/me", self.address))
            .bearer_auth(token)
            .json(&serde_json::json!({"password": super::auth::PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 204);
    }

    /// Gives the account with this e-mail (created if new) a role, in a municipality or an
    /// organisation, and returns an access token for it.
    pub async fn grant(
        &self,
        email: &str,
        role: domicilia::api::auth::Role,
        tenant: Option<&str>,
        organisation: Option<uuid::Uuid>,
    ) -> String {
        let scope = domicilia::services::accounts::Scope {
            tenant: tenant.map(str::to_owned),
            organisation,
            space: None,
        };
        domicilia::services::accounts::grant_role(
            &self.db,
            "http://x",
            email,
            role,
            scope,
            chrono::Utc::now(),
        )
        .await
        .expect("grant the role");
        self.token_for(email).await
    }

    /// Two organisations of the demo's published cards: the first card's, and another.
    pub async fn two_organisations(&self) -> (uuid::Uuid, uuid::Uuid) {
        let v = self.get_json("/api/v1/services?per_page=100", 200).await;
        let orgs: Vec<uuid::Uuid> = v["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| {
                i["organisation"]["id"]
                    .as_str()
                    .expect("id")
                    .parse()
                    .expect("uuid")
            })
            .collect();
        let other = orgs
            .iter()
            .find(|o| **o != orgs[0])
            .expect("a second organisation");
        (orgs[0], *other)
    }

    /// An access token for the account with this e-mail, as sign-in would issue it (with
    /// a session of its own, as sign-in would open).
    pub async fn token_for(&self, email: &str) -> String {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
        let user = domicilia::entities::users::Entity::find()
            .filter(domicilia::entities::users::Column::Email.eq(email))
            .one(&self.db)
            .await
            .expect("query")
            .expect("account");
        let now = chrono::Utc::now();
        let session = uuid::Uuid::now_v7();
        domicilia::entities::refresh_tokens::ActiveModel {
            user_id: Set(user.id),
            family_id: Set(session),
            token_hash: Set(domicilia::auth::tokens::token_hash(
                &domicilia::auth::tokens::random_token(),
            )),
            expires_at: Set(now + chrono::Duration::days(1)),
            used_at: Set(None),
            revoked_at: Set(None),
            created_at: Set(now),
            device: Set(None),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .expect("session");
        domicilia::auth::tokens::AccessTokens::new(TEST_JWT_SECRET.as_bytes())
            .issue(user.public_id, session, now.timestamp())
            .expect("token")
    }
}

/// Sends the requests at once (twenty simultaneous clients, say) and returns their
/// statuses, in order.
pub async fn statuses_at_once(requests: Vec<reqwest::RequestBuilder>) -> Vec<u16> {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|r| tokio::spawn(async move { r.send().await.unwrap().status().as_u16() }))
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

/// Twenty clients at once, the `i`-th sending `request(i)`: their statuses, in order.
pub async fn twenty(request: impl Fn(usize) -> reqwest::RequestBuilder) -> Vec<u16> {
    statuses_at_once((0..20).map(request).collect()).await
}

/// Exactly `n` answers are `ok`, and every other one is among `others`.
pub fn answered(statuses: &[u16], ok: u16, n: usize, others: &[u16]) {
    assert_eq!(
        statuses.iter().filter(|s| **s == ok).count(),
        n,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == ok || others.contains(s)),
        "{statuses:?}"
    );
}
