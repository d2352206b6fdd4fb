//! Liveness, readiness and metrics (not part of the public API document).
use super::{MetricsData, State};
use actix_web::{HttpResponse, get};
use sea_orm::ConnectionTrait;

#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

#[get("/readyz")]
pub async fn readyz(state: State) -> HttpResponse {
    let backend = state.db.get_database_backend();
    let ping = sea_orm::Statement::from_string(backend, "SELECT 1");
    match state.db.execute_raw(ping).await {
        Ok(_) => HttpResponse::Ok().content_type("text/plain").body("ready"),
        Err(e) => {
            tracing::warn!(error = %e, "database not reachable");
            HttpResponse::ServiceUnavailable()
                .content_type("text/plain")
                .body("database unreachable")
        }
    }
}

#[get("/metrics")]
pub async fn metrics(m: MetricsData) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(m.render())
}
