use super::{State, no_query};
use crate::api::catalogue::{Catalogue, ZoneList};
use crate::error::{ApiResult, Problem};
use crate::services::catalogue;
use actix_web::{HttpRequest, get, web};

/// The taxonomy: macro areas and their categories, accreditation lines and types, and the
/// vocabularies, with counts of published cards.
#[utoipa::path(
    operation_id = "get_catalogue",
    tag = "catalogue",
    responses((status = 200, body = Catalogue), (status = 422, body = Problem, content_type = "application/problem+json"))
)]
#[get("/catalogue")]
pub async fn get_catalogue(state: State, req: HttpRequest) -> ApiResult<web::Json<Catalogue>> {
    no_query(&req)?;
    Ok(web::Json(
        catalogue::catalogue(&state.db, &state.reference).await?,
    ))
}

/// Every zone: Milan's Municipi and NIL, and the comuni of the metropolitan districts.
#[utoipa::path(
    operation_id = "list_zones",
    tag = "catalogue",
    responses((status = 200, body = ZoneList), (status = 422, body = Problem, content_type = "application/problem+json"))
)]
#[get("/zones")]
pub async fn list_zones(state: State, req: HttpRequest) -> ApiResult<web::Json<ZoneList>> {
    no_query(&req)?;
    Ok(web::Json(catalogue::zones(&state.reference)))
}
