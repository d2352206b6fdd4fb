//! WeMi spaces: the physical places where operators listen, orient and act for people.
use super::services::ZoneRef;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Space {
    pub id: Uuid,
    /// The tenant (municipality or district) code.
    pub tenant: String,
    pub name: String,
    pub address: String,
    /// The Municipio, NIL or comune the space is in.
    pub zone: Option<ZoneRef>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Days and hours, as the space publishes them ("lun–ven 9–13").
    pub opening_hours: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SpaceList {
    pub items: Vec<Space>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SpacesQuery {
    /// Only this tenant's spaces (e.g. `milano`).
    pub tenant: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSpace {
    /// The tenant's code: the municipality the space belongs to.
    pub tenant: String,
    /// 1–120 characters.
    pub name: String,
    /// 1–200 characters.
    pub address: String,
    /// A zone code of the tenant (`MI-M5`, `MI-NIL-42`…).
    pub zone: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub opening_hours: Option<String>,
}

/// A space named in a membership.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SpaceRef {
    pub id: Uuid,
    pub name: String,
}
