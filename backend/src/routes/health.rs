//! Liveness, readiness and metrics (not part of the public API document).
use super::{MetricsData, State};
use actix_web::{HttpRequest, HttpResponse, get, route, web};
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

/// Alive: answers without touching the database (GET or HEAD, for load balancers).
#[route("/healthz", method = "GET", method = "HEAD")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

/// Ready to serve: the database answers within a second. While it is known to be down,
/// the answer is immediate, so a load balancer takes this instance out at once.
#[route("/readyz", method = "GET", method = "HEAD")]
pub async fn readyz(state: State) -> HttpResponse {
    let unavailable = || {
        HttpResponse::ServiceUnavailable()
            .content_type("text/plain")
            .insert_header(("Retry-After", "1"))
            .body("database unreachable")
    };
    if state.db.health().is_down() {
        return unavailable();
    }
    if state.db.ping(Duration::from_secs(1)).await {
        HttpResponse::Ok().content_type("text/plain").body("ready")
    } else {
        tracing::warn!("database not reachable");
        state.db.trip();
        unavailable()
    }
}

/// The bearer token that opens `/metrics` on the public port (`DOMICILIA_METRICS_TOKEN`).
pub struct MetricsToken(pub Option<SecretString>);

/// Constant-time comparison, so the time of a refusal tells nothing about the token.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn render(m: &MetricsData) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .insert_header(("Cache-Control", "no-store"))
        .body(m.render())
}

/// Prometheus metrics on the public port, for a scraper holding the metrics token;
/// without a configured token they are not served here.
#[get("/metrics")]
pub async fn metrics(
    m: MetricsData,
    token: web::Data<MetricsToken>,
    req: HttpRequest,
) -> HttpResponse {
    let Some(expected) = &token.0 else {
        return crate::error::problem_response(
            actix_web::http::StatusCode::NOT_FOUND,
            &crate::error::generic_problem(
                actix_web::http::StatusCode::NOT_FOUND,
                "There is nothing at this address.",
            ),
        );
    };
    let given = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !same(given.as_bytes(), expected.expose_secret().as_bytes()) {
        return actix_web::ResponseError::error_response(&crate::error::ApiError::Unauthorized);
    }
    render(&m)
}

/// Prometheus metrics on the private metrics address (`DOMICILIA_METRICS_ADDR`).
#[get("/metrics")]
pub async fn metrics_private(m: MetricsData) -> HttpResponse {
    render(&m)
}
