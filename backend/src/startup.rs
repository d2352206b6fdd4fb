//! Builds the application: state, middleware, the API (registered through utoipa so the
//! route table is the OpenAPI document), Swagger UI, health endpoints, metrics and the
//! web app's files.
use crate::config::Settings;
use crate::db::Db;
use crate::domain::{Clock, SystemClock};
use crate::error::{generic_problem, problem_response};
use crate::metrics::Metrics;
use crate::reference::Reference;
use crate::routes::{self, AppState, health};
use crate::telemetry;
use actix_files::{Files, NamedFile};
use actix_web::{
    App, HttpRequest, HttpResponse, HttpServer,
    dev::{Server, ServiceRequest, ServiceResponse},
    http::{Method, StatusCode, header},
    middleware, web,
};
use sea_orm::DatabaseConnection;
use secrecy::ExposeSecret;
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

pub use crate::routes::openapi::openapi;

pub struct Application {
    port: u16,
    search: Arc<crate::search::Engine>,
    reference: Arc<Reference>,
    links: crate::auth::links::LinkSigner,
    metrics_port: Option<u16>,
    server: Server,
    metrics_server: Option<Server>,
}

const SECURITY_HEADERS: [(&str, &str); 4] = [
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("x-frame-options", "DENY"),
    (
        "permissions-policy",
        "geolocation=(), camera=(), microphone=()",
    ),
];
/// Same-origin everything; `wasm-unsafe-eval` lets the browser compile the SPA's wasm.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
/// Sent when the public address is https: browsers then never use plain http for it.
const HSTS: &str = "max-age=31536000; includeSubDomains";
/// Swagger UI needs inline styles.
const CSP_DOCS: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";
/// How often each instance applies the catalogue's changes to its search index.
const FOLLOW_EVERY: std::time::Duration = std::time::Duration::from_millis(500);
/// The web app's files with a content hash in their names (`/assets/…`): cached for a
/// year, since a new build has new names.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

impl Application {
    /// The application on the system clock.
    pub async fn build(settings: Settings, db: DatabaseConnection) -> anyhow::Result<Self> {
        let url = settings.database_url.expose_secret().to_owned();
        Self::build_with(
            settings,
            Db::with_url(db, Some(&url)),
            Arc::new(SystemClock),
        )
        .await
    }

    pub async fn build_with(
        settings: Settings,
        db: Db,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Self> {
        let listener = TcpListener::bind((settings.host.as_str(), settings.port))?;
        let port = listener.local_addr()?.port();
        let reference = Arc::new(Reference::load(&db).await?);
        // The search index: opened (or built, at the first start) before accepting
        // traffic, then kept up to date from the catalogue's change feed.
        let search =
            crate::search::Engine::open(Some(&settings.index_dir), &db, &reference).await?;
        search.spawn_follower(db.clone(), Arc::clone(&reference), FOLLOW_EVERY);
        let (app_search, app_reference) = (Arc::clone(&search), Arc::clone(&reference));
        let secret = match &settings.jwt_secret {
            Some(s) => s.expose_secret().as_bytes().to_vec(),
            None => {
                tracing::warn!(
                    "DOMICILIA_JWT_SECRET is not set: using a random key; sessions end when this process does"
                );
                crate::auth::tokens::random_token().into_bytes()
            }
        };
        let links = crate::auth::links::LinkSigner::new(&secret);
        let storage = crate::storage::Storage::open(&settings)?;
        tracing::info!(storage = storage.kind(), "uploaded files storage");
        let state = web::Data::new(AppState {
            db,
            clock,
            reference,
            search,
            access_tokens: crate::auth::tokens::AccessTokens::new(&secret),
            links: links.clone(),
            hasher: crate::auth::password::Hasher::default(),
            public_url: settings.public_url.clone(),
            trusted_proxies: crate::domain::client_addr::TrustedProxies::parse(
                &settings.trusted_proxies,
            )
            .map_err(anyhow::Error::msg)?,
            storage,
            answer_working_days: settings.answer_working_days,
        });
        let hsts = settings.public_url.starts_with("https://");
        let metrics = web::Data::new(Metrics::default());
        let metrics_token = web::Data::new(health::MetricsToken(settings.metrics_token.clone()));
        let methods = web::Data::new(routes::methods::MethodTable::new());
        let static_dir = settings.static_dir.clone();
        let app_metrics = metrics.clone();
        let server = HttpServer::new(move || {
            let (app, api) = App::new()
                .into_utoipa_app()
                .openapi(routes::openapi::base())
                .app_data(state.clone())
                .app_data(app_metrics.clone())
                .app_data(metrics_token.clone())
                .app_data(methods.clone())
                .configure(routes::configure)
                .split_for_parts();
            let api = routes::openapi::complete(api);
            app.wrap(middleware::from_fn(database_guard))
                .wrap(middleware::from_fn(security_headers))
                .wrap(middleware::Condition::new(
                    hsts,
                    middleware::DefaultHeaders::new()
                        .add((header::STRICT_TRANSPORT_SECURITY, HSTS)),
                ))
                .wrap(middleware::Compress::default())
                .wrap(middleware::from_fn(telemetry::request_context))
                .service(health::healthz)
                .service(health::readyz)
                .service(health::metrics)
                .service(
                    SwaggerUi::new("/api/docs/{_:.*}")
                        .external_url_unchecked("/api/openapi.json", api),
                )
                .service(web::redirect("/api/docs", "/api/docs/"))
                .configure(|cfg| crate::ssr::configure(cfg, &static_dir))
                .configure(|cfg| spa(cfg, &static_dir))
                .default_service(web::to(not_found))
        })
        .listen(listener)?
        .run();
        let (metrics_server, metrics_port) = match &settings.metrics_addr {
            Some(addr) => {
                let listener = TcpListener::bind(addr.as_str())?;
                let port = listener.local_addr()?.port();
                let metrics = metrics.clone();
                let server = HttpServer::new(move || {
                    App::new()
                        .app_data(metrics.clone())
                        .service(health::metrics_private)
                })
                .workers(1)
                .listen(listener)?
                .run();
                (Some(server), Some(port))
            }
            None => (None, None),
        };
        Ok(Self {
            port,
            search: app_search,
            reference: app_reference,
            links,
            metrics_port,
            server,
            metrics_server,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The instance's search engine (tests apply the catalogue's changes with it at once
    /// instead of waiting for the follower).
    pub fn search(&self) -> (Arc<crate::search::Engine>, Arc<Reference>) {
        (Arc::clone(&self.search), Arc::clone(&self.reference))
    }

    /// The signer of the links in mails (the jobs runner signs them, the routes check
    /// them: one key).
    pub fn links(&self) -> crate::auth::links::LinkSigner {
        self.links.clone()
    }

    /// The port of the private metrics address, when one is configured.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        match self.metrics_server {
            Some(metrics) => {
                let (a, b) = futures_util::future::join(self.server, metrics).await;
                a.and(b)
            }
            None => self.server.await,
        }
    }
}

/// While the database is known to be unreachable, API requests that need it answer 503
/// at once (the search answers from the index it holds; the zones live in memory). A
/// 503 from a handler trips the breaker; a probe closes it when the database is back.
async fn database_guard(
    req: ServiceRequest,
    next: middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<
    ServiceResponse<actix_web::body::EitherBody<impl actix_web::body::MessageBody>>,
    actix_web::Error,
> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let api = req.path().starts_with("/api/v1/");
    let without_db =
        req.method() == Method::GET && matches!(req.path(), "/api/v1/services" | "/api/v1/zones");
    if let Some(state) = &state
        && api
        && !without_db
        && state.db.health().is_down()
    {
        let res = crate::error::ApiError::Database(sea_orm::DbErr::ConnectionAcquire(
            sea_orm::ConnAcquireErr::Timeout,
        ));
        let res = actix_web::ResponseError::error_response(&res);
        return Ok(req.into_response(res).map_into_right_body());
    }
    let res = next.call(req).await?;
    if let Some(state) = &state
        && api
        && res.status() == StatusCode::SERVICE_UNAVAILABLE
    {
        state.db.trip();
    }
    Ok(res.map_into_left_body())
}

async fn security_headers(
    req: ServiceRequest,
    next: middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let path = req.path().to_owned();
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    for (k, v) in SECURITY_HEADERS {
        headers.insert(
            header::HeaderName::from_static(k),
            header::HeaderValue::from_static(v),
        );
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(if path.starts_with("/api/docs") {
            CSP_DOCS
        } else {
            CSP
        }),
    );
    // The web app: hashed assets for a year, everything else (index.html, the page
    // paths) revalidated on every visit so a new release is picked up at once.
    if !path.starts_with("/api/") && !headers.contains_key(header::CACHE_CONTROL) {
        let policy = if path.starts_with("/assets/") && res.status().is_success() {
            IMMUTABLE
        } else {
            "no-cache"
        };
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static(policy),
        );
    }
    Ok(res)
}

/// The web app: static files, and `index.html` for any other page path (client routing).
fn spa(cfg: &mut web::ServiceConfig, dir: &std::path::Path) {
    if !dir.join("index.html").is_file() {
        tracing::warn!(dir = %dir.display(), "no built SPA found: only the API is served (run `make frontend`)");
        return;
    }
    let index: PathBuf = dir.join("index.html");
    let assets = web::Data::new(AssetDir(dir.join("assets")));
    cfg.service(
        web::resource("/assets/{file}")
            .app_data(assets)
            .route(web::get().to(asset))
            .route(web::head().to(asset)),
    );
    cfg.service(
        Files::new("/", dir)
            // Only page and file reads; anything else (an API path, another method)
            // goes on to the application's answer (404, or 405 with `Allow`).
            .guard(actix_web::guard::fn_guard(|ctx| {
                matches!(ctx.head().method, Method::GET | Method::HEAD)
                    && !ctx.head().uri.path().starts_with("/api/")
                    // The server-rendered pages' template, not a page.
                    && ctx.head().uri.path() != "/page.html"
            }))
            .index_file("index.html")
            .use_etag(true)
            .default_handler(web::to(move |req: HttpRequest| {
                let index = index.clone();
                async move {
                    // Missing files (a name with an extension: a stale bundle, a
                    // mistyped asset) are not pages.
                    let last = req.path().rsplit('/').next().unwrap_or("");
                    if last.contains('.') {
                        return not_found(req).await;
                    }
                    match NamedFile::open_async(&index).await {
                        Ok(f) => f.into_response(&req),
                        Err(_) => not_found(req).await,
                    }
                }
            })),
    );
}

/// Where the hashed files are.
struct AssetDir(PathBuf);

/// A hashed file, precompressed when the browser accepts it (brotli, else gzip; the
/// build writes `.br` and `.gz` beside each file), with `Vary: Accept-Encoding`.
async fn asset(
    req: HttpRequest,
    dir: web::Data<AssetDir>,
    file: web::Path<String>,
) -> HttpResponse {
    let name = file.into_inner();
    let plain = dir.0.join(&name);
    // A plain file of the directory itself: no hidden names, separators or links out.
    let inside = |p: &std::path::Path| match (p.canonicalize(), dir.0.canonicalize()) {
        (Ok(p), Ok(d)) => p.starts_with(d) && p.is_file(),
        _ => false,
    };
    if name.starts_with('.') || name.contains(['/', '\\']) || !inside(&plain) {
        return not_found(req).await;
    }
    let accepts = |enc: &str| {
        req.headers()
            .get_all(header::ACCEPT_ENCODING)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|t| {
                let mut parts = t.trim().split(';');
                parts.next() == Some(enc) && !parts.any(|p| p.trim() == "q=0")
            })
    };
    let choice = [("br", "br"), ("gzip", "gz")]
        .into_iter()
        .find(|(enc, ext)| accepts(enc) && inside(&dir.0.join(format!("{name}.{ext}"))));
    let (path, encoding) = match choice {
        Some((enc, ext)) => (dir.0.join(format!("{name}.{ext}")), Some(enc)),
        None => (plain.clone(), None),
    };
    let Ok(file) = NamedFile::open_async(&path).await else {
        return not_found(req).await;
    };
    let file = file
        .set_content_type(actix_files::file_extension_to_mime(
            plain.extension().and_then(|e| e.to_str()).unwrap_or(""),
        ))
        .use_etag(true);
    let mut res = file.into_response(&req);
    // Already encoded: the header tells the compression middleware to leave it alone.
    if let Some(enc) = encoding {
        res.headers_mut().insert(
            header::CONTENT_ENCODING,
            header::HeaderValue::from_static(enc),
        );
    }
    res.headers_mut().insert(
        header::VARY,
        header::HeaderValue::from_static("Accept-Encoding"),
    );
    res
}

/// Nothing here: a 404 problem, or, for a path of the API with another method, a 405
/// with the methods it takes (`Allow`).
async fn not_found(req: HttpRequest) -> HttpResponse {
    let allowed = req
        .app_data::<web::Data<routes::methods::MethodTable>>()
        .and_then(|t| t.allowed(req.path()));
    if let Some(methods) = allowed {
        let mut res = problem_response(
            StatusCode::METHOD_NOT_ALLOWED,
            &generic_problem(
                StatusCode::METHOD_NOT_ALLOWED,
                &format!("This address takes {}.", methods.join(", ")),
            ),
        );
        if let Ok(v) = header::HeaderValue::from_str(&methods.join(", ")) {
            res.headers_mut().insert(header::ALLOW, v);
        }
        return res;
    }
    problem_response(
        StatusCode::NOT_FOUND,
        &generic_problem(StatusCode::NOT_FOUND, "There is nothing at this address."),
    )
}
