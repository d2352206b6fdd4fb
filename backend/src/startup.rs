//! Builds the application: state, middleware, the API (registered through utoipa so the
//! route table is the OpenAPI document), Swagger UI, health endpoints and the SPA.
use crate::config::Settings;
use crate::error::{generic_problem, problem_response};
use crate::metrics::Metrics;
use crate::reference::Reference;
use crate::routes::{self, AppState, health};
use crate::telemetry;
use actix_files::{Files, NamedFile};
use actix_web::{
    App, HttpRequest, HttpResponse, HttpServer, dev::Server, http::StatusCode, middleware, web,
};
use sea_orm::DatabaseConnection;
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Domicilia API",
        description = "Home-care and family services of Milan: the public catalogue of accredited providers' service cards.",
        license(name = "AGPL-3.0-or-later")
    ),
    tags(
        (name = "services", description = "Service cards: search and detail"),
        (name = "organisations", description = "Provider organisations and ATI consortia"),
        (name = "catalogue", description = "Taxonomy and zones"),
        (name = "auth", description = "Accounts, sign-in and sessions"),
        (name = "spaces", description = "WeMi spaces and their operators"),
    ),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The OpenAPI document, as the running server serves it at `/api/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    api
}

pub struct Application {
    port: u16,
    server: Server,
}

const SECURITY_HEADERS: [(&str, &str); 4] = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    (
        "Permissions-Policy",
        "geolocation=(), camera=(), microphone=()",
    ),
];
/// Same-origin everything; `wasm-unsafe-eval` lets the browser compile the SPA's wasm.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
/// Sent when the public address is https: browsers then never use plain http for it.
const HSTS: &str = "max-age=31536000; includeSubDomains";
/// Swagger UI needs inline styles.
const CSP_DOCS: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

impl Application {
    pub async fn build(settings: Settings, db: DatabaseConnection) -> anyhow::Result<Self> {
        let listener = TcpListener::bind((settings.host.as_str(), settings.port))?;
        let port = listener.local_addr()?.port();
        let reference = Arc::new(Reference::load(&db).await?);
        let search_index = crate::services::search_index::SearchIndex::default();
        // Build the search index before accepting traffic.
        search_index.fresh(&db, &reference).await?;
        let secret = match &settings.jwt_secret {
            Some(s) => s.as_bytes().to_vec(),
            None => {
                tracing::warn!(
                    "DOMICILIA_JWT_SECRET is not set: using a random key; sessions end when this process does"
                );
                crate::auth::tokens::random_token().into_bytes()
            }
        };
        let state = web::Data::new(AppState {
            db,
            reference,
            search_index,
            access_tokens: crate::auth::tokens::AccessTokens::new(&secret),
            hasher: crate::auth::password::Hasher::default(),
            public_url: settings.public_url.clone(),
            trusted_proxies: crate::domain::client_addr::TrustedProxies::parse(
                &settings.trusted_proxies,
            )
            .map_err(anyhow::Error::msg)?,
        });
        let hsts = settings.public_url.starts_with("https://");
        let metrics = web::Data::new(Metrics::default());
        let static_dir = settings.static_dir.clone();
        let server = HttpServer::new(move || {
            let (app, api) = App::new()
                .into_utoipa_app()
                .openapi(ApiDoc::openapi())
                .app_data(state.clone())
                .app_data(metrics.clone())
                .app_data(
                    web::JsonConfig::default()
                        .limit(16 * 1024)
                        .error_handler(|err, _| crate::error::json_error(&err).into()),
                )
                .configure(routes::configure)
                .split_for_parts();
            app.wrap(middleware::from_fn(security_headers))
                .wrap(middleware::Condition::new(
                    hsts,
                    middleware::DefaultHeaders::new()
                        .add((actix_web::http::header::STRICT_TRANSPORT_SECURITY, HSTS)),
                ))
                .wrap(middleware::Compress::default())
                .wrap(middleware::from_fn(telemetry::request_context))
                .service(health::healthz)
                .service(health::readyz)
                .service(health::metrics)
                .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", api))
                .service(web::redirect("/api/docs", "/api/docs/"))
                .configure(|cfg| spa(cfg, &static_dir))
                .default_service(web::to(not_found))
        })
        .listen(listener)?
        .run();
        Ok(Self { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

async fn security_headers(
    req: actix_web::dev::ServiceRequest,
    next: middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let docs = req.path().starts_with("/api/docs");
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    for (k, v) in SECURITY_HEADERS {
        headers.insert(
            actix_web::http::header::HeaderName::from_static(static_lower(k)),
            actix_web::http::header::HeaderValue::from_static(v),
        );
    }
    headers.insert(
        actix_web::http::header::CONTENT_SECURITY_POLICY,
        actix_web::http::header::HeaderValue::from_static(if docs { CSP_DOCS } else { CSP }),
    );
    Ok(res)
}

const fn static_lower(k: &'static str) -> &'static str {
    // The header names above, lower-cased as `HeaderName::from_static` requires.
    match k.as_bytes() {
        b"X-Content-Type-Options" => "x-content-type-options",
        b"Referrer-Policy" => "referrer-policy",
        b"X-Frame-Options" => "x-frame-options",
        _ => "permissions-policy",
    }
}

/// The SPA: static files, and `index.html` for any other page path (client routing).
fn spa(cfg: &mut web::ServiceConfig, dir: &std::path::Path) {
    if !dir.join("index.html").is_file() {
        tracing::warn!(dir = %dir.display(), "no built SPA found: only the API is served (run `make frontend`)");
        return;
    }
    let index: PathBuf = dir.join("index.html");
    cfg.service(
        Files::new("/", dir)
            .index_file("index.html")
            .use_etag(true)
            .default_handler(web::to(move |req: HttpRequest| {
                let index = index.clone();
                async move {
                    // API paths and missing files (a name with an extension: a stale
                    // bundle, a mistyped asset) are not pages.
                    let last = req.path().rsplit('/').next().unwrap_or("");
                    if req.path().starts_with("/api/") || last.contains('.') {
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

async fn not_found(req: HttpRequest) -> HttpResponse {
    let _ = req;
    problem_response(
        StatusCode::NOT_FOUND,
        &generic_problem(StatusCode::NOT_FOUND, "There is nothing at this address."),
    )
}
