//! The contract's operations the public pages call, answered in process by the same
//! functions as their routes (`routes::…::*_op`). An operation not listed answers 404,
//! so a page that starts calling a new one fails visibly in its server-rendered test.
use crate::error::{ApiError, ApiResult};
use crate::routes::{AppState, catalogue, organisations, reviews, services, spaces};
use actix_web::ResponseError;
use frontend::api::Method;
use frontend::ssr::{ApiFuture, ServerApi};
use std::sync::Arc;

pub fn in_process(state: Arc<AppState>) -> ServerApi {
    ServerApi(Arc::new(move |method, url, _body| -> ApiFuture {
        let state = state.clone();
        Box::pin(async move { dispatch(&state, method, &url).await })
    }))
}

/// (method, path and query) → (status, JSON body), as the route would answer.
async fn dispatch(state: &AppState, method: Method, url: &str) -> (u16, String) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let result = match (method, segments.as_slice()) {
        (Method::Get, ["api", "v1", "services"]) => {
            json(services::search_services_op(state, query).await)
        }
        (Method::Get, ["api", "v1", "services", id]) => {
            json(services::get_service_op(state, &percent_decode(id)).await)
        }
        (Method::Get, ["api", "v1", "services", id, "reviews"]) => {
            json(reviews::get_service_reviews_op(state, &percent_decode(id)).await)
        }
        (Method::Get, ["api", "v1", "organisations", id, "reviews"]) => {
            json(reviews::get_organisation_reviews_op(state, &percent_decode(id)).await)
        }
        (Method::Get, ["api", "v1", "organisations", id]) => {
            json(organisations::get_organisation_op(state, &percent_decode(id)).await)
        }
        (Method::Get, ["api", "v1", "catalogue"]) => json(Ok(catalogue::get_catalogue_op(state))),
        (Method::Get, ["api", "v1", "zones"]) => json(Ok(catalogue::list_zones_op(state))),
        (Method::Get, ["api", "v1", "spaces"]) => json(spaces::list_spaces_op(state, query).await),
        _ => Err(ApiError::NotFound("operation")),
    };
    match result {
        Ok(body) => (200, body),
        Err(e) => {
            if !matches!(e, ApiError::NotFound(_)) {
                tracing::warn!(url, error = %e, "a server-rendered page's call failed");
            }
            // The problem document the route would send (a body in memory: no await).
            let res = e.error_response();
            let status = res.status().as_u16();
            let body = actix_web::body::MessageBody::try_into_bytes(res.into_body())
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            (status, body)
        }
    }
}

fn json<T: serde::Serialize>(r: ApiResult<T>) -> ApiResult<String> {
    r.and_then(|v| serde_json::to_string(&v).map_err(|e| ApiError::Internal(e.to_string())))
}

fn percent_decode(s: &str) -> String {
    form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}
