use super::State;
use crate::api::catalogue::{Catalogue, ZoneList};
use crate::error::ApiResult;
use crate::input::{NoParams, Query};
use crate::services::catalogue;
use actix_web::{get, web};

/// The taxonomy: macro areas and their categories, accreditation lines and types, and the
/// vocabularies, with counts of published cards.
#[utoipa::path(
    operation_id = "get_catalogue",
    tag = "catalogue",
    responses((status = 200, body = Catalogue))
)]
#[get("/catalogue")]
pub async fn get_catalogue(state: State, _q: Query<NoParams>) -> ApiResult<web::Json<Catalogue>> {
    Ok(web::Json(get_catalogue_op(&state)))
}

/// The operation itself, for the route above and for server-rendered pages (`ssr`).
pub fn get_catalogue_op(state: &super::AppState) -> Catalogue {
    catalogue::catalogue(&state.search.counts(), &state.reference)
}

/// Every zone: Milan's Municipi and NIL, and the comuni of the metropolitan districts.
#[utoipa::path(
    operation_id = "list_zones",
    tag = "catalogue",
    responses((status = 200, body = ZoneList))
)]
#[get("/zones")]
pub async fn list_zones(state: State, _q: Query<NoParams>) -> ApiResult<web::Json<ZoneList>> {
    Ok(web::Json(list_zones_op(&state)))
}

/// The operation itself, for the route above and for server-rendered pages (`ssr`).
pub fn list_zones_op(state: &super::AppState) -> ZoneList {
    catalogue::zones(&state.reference)
}
