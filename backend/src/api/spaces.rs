//! WeMi spaces: the physical places where operators listen, orient and act for people.
use super::services::ZoneRef;
use crate::input::JsonBody;
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
    #[schema(min_length = 1, max_length = 120)]
    pub name: String,
    #[schema(min_length = 1, max_length = 200)]
    pub address: String,
    /// A zone code of the tenant (`MI-M5`, `MI-NIL-42`…).
    pub zone: Option<String>,
    /// Digits, spaces and `+ - / ( ) .`, with at least six digits.
    #[schema(max_length = 30, pattern = r"^[ +\-/().]*([0-9][ +\-/().]*){6,}$")]
    pub phone: Option<String>,
    #[schema(format = "email", max_length = 254)]
    pub email: Option<String>,
    /// Days and hours, as the space publishes them ("lun–ven 9–13").
    #[schema(min_length = 1, max_length = 200)]
    pub opening_hours: Option<String>,
}

/// A space named in a membership.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SpaceRef {
    pub id: Uuid,
    pub name: String,
}

impl JsonBody for NewSpace {}
