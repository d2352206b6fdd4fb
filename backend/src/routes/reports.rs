//! Citizens' reports about a card: `POST /api/v1/services/{id}/reports` (anyone),
//! `GET /api/v1/reports` and `POST /api/v1/reports/{id}/resolve` (the card's organisation
//! and the city's reviewers).
use super::State;
use crate::api::reports::{
    NewReport, Report, ReportList, ReportQuery, ReportReceipt, ResolveReport,
};
use crate::auth::{ClientInfo, Viewer};
use crate::error::{ApiResult, Problem};
use crate::input::{Body, NoParams, Query, path_id};
use crate::services::reports;
use actix_web::{HttpResponse, get, post, web};

/// Report a published card as wrong or outdated. No account is needed; nothing about
/// you is kept. The card's organisation and the city's reviewers are told.
#[utoipa::path(
    operation_id = "report_service",
    tag = "services",
    params(("id" = uuid::Uuid, Path, description = "The card's id")),
    request_body = NewReport,
    responses(
        (status = 201, body = ReportReceipt),
        (status = 404, description = "No published card with this id", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "More than 5 reports an hour from this client", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/services/{id}/reports")]
pub async fn report_service(
    state: State,
    _q: Query<NoParams>,
    ClientInfo(client): ClientInfo,
    id: web::Path<String>,
    body: Body<NewReport>,
) -> ApiResult<HttpResponse> {
    let id = path_id("id", &id)?;
    let receipt = reports::submit(
        &state.db,
        id,
        body.into_inner(),
        &client.address,
        &state.public_url,
        state.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(receipt))
}

/// The reports you handle: about your organisation's cards, and (the city's reviewers)
/// about every card of your municipality. Newest first, at most 200.
#[utoipa::path(
    operation_id = "list_reports",
    tag = "review",
    params(ReportQuery),
    responses(
        (status = 200, body = ReportList),
        (status = 403, description = "Neither a provider's staff nor a reviewer", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/reports")]
pub async fn list_reports(
    state: State,
    viewer: Viewer,
    q: Query<ReportQuery>,
) -> ApiResult<web::Json<ReportList>> {
    Ok(web::Json(
        reports::list(&state.db, &viewer, q.into_inner()).await?,
    ))
}

/// Say how a report ended: the card was corrected, or it was right. Once.
#[utoipa::path(
    operation_id = "resolve_report",
    tag = "review",
    params(("id" = uuid::Uuid, Path, description = "The report's id")),
    request_body = ResolveReport,
    responses(
        (status = 200, body = Report),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already resolved", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/reports/{id}/resolve")]
pub async fn resolve_report(
    state: State,
    viewer: Viewer,
    _q: Query<NoParams>,
    id: web::Path<String>,
    body: Body<ResolveReport>,
) -> ApiResult<web::Json<Report>> {
    let id = path_id("id", &id)?;
    Ok(web::Json(
        reports::resolve(&state.db, &viewer, id, body.into_inner(), state.now()).await?,
    ))
}
