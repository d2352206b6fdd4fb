//! Provider organisations and ATI consortia.
use super::CodeLabel;
use super::services::{OrganisationRef, ServiceSummary};
pub use crate::domain::AccreditationStatus;
use crate::input::JsonBody;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct Organisation {
    pub id: Uuid,
    pub legal_name: String,
    pub legal_form: CodeLabel,
    /// Partita IVA (11 digits, check digit validated).
    pub vat_number: String,
    pub description: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    /// The languages spoken (ISO 639-1 codes), as the organisation says.
    pub languages: Vec<String>,
    /// The logo (PNG), when the organisation has one: the address changes with the file.
    pub logo_url: Option<String>,
    /// The profile's revision: the `ETag` a change of the profile or logo sends back as
    /// `If-Match`.
    pub revision: i32,
    pub accreditation_status: AccreditationStatus,
    /// Why the city last changed the accreditation (a suspension's reason).
    pub accreditation_reason: Option<String>,
    pub accreditation_types: Vec<CodeLabel>,
    /// An ATI (temporary association of providers) grouping member organisations.
    pub is_consortium: bool,
    /// The ATI this organisation belongs to.
    pub ati: Option<OrganisationRef>,
    /// The members, for an ATI.
    pub members: Vec<OrganisationRef>,
    /// Published service cards.
    pub services: Vec<ServiceSummary>,
}

/// One organisation of a municipality's register.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct OrganisationListItem {
    pub id: Uuid,
    pub legal_name: String,
    pub accreditation_status: AccreditationStatus,
    pub is_consortium: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganisationList {
    /// By name.
    pub items: Vec<OrganisationListItem>,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OrganisationQuery {
    /// The municipality (tenant code, see `/api/v1/zones`).
    pub tenant: String,
}

/// Why the city suspends an organisation (its admins read it).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SuspendRequest {
    #[schema(min_length = 3, max_length = 1000)]
    pub reason: String,
}

impl JsonBody for SuspendRequest {
    const MULTILINE: &'static [&'static str] = &["reason"];
}

/// What an organisation's administrators say about it. Its legal data, accreditation
/// and ATI are the city's register, not theirs.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileInput {
    /// What the organisation does, for citizens (line breaks kept).
    #[schema(max_length = 4000)]
    pub description: String,
    #[schema(max_length = 200)]
    pub address: Option<String>,
    /// Digits, spaces and a leading `+` (6 to 15 digits).
    #[schema(max_length = 30, pattern = r"^\+?[0-9 ]*$")]
    pub phone: Option<String>,
    #[schema(max_length = 254, format = Email)]
    pub email: Option<String>,
    /// `https://…` (or `http://…`).
    #[schema(max_length = 300, pattern = r"^https?://[^\s]+$")]
    pub website: Option<String>,
    /// ISO 639-1 codes, each once.
    #[schema(max_items = 30)]
    pub languages: Vec<String>,
}

impl JsonBody for ProfileInput {
    const MULTILINE: &'static [&'static str] = &["description"];
}

/// Query parameters of `GET /api/v1/organisations/{id}/logo`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LogoQuery {
    /// The version in `logo_url`: with it, the answer may be kept for a year.
    #[param(pattern = r"^[0-9a-f]{32}$")]
    pub v: Option<String>,
}

/// An organisation or an ATI as the municipality's register has it (its administrators
/// write it). On creation `tenant` names the municipality and `accreditation_status` may
/// say `pending` (default `accredited`); a change sends neither (suspend or reinstate for
/// the status).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterInput {
    /// The municipality (tenant code, see `/api/v1/zones`): on creation only, and only
    /// needed by an administrator of several municipalities.
    #[schema(max_length = 64)]
    pub tenant: Option<String>,
    #[schema(min_length = 2, max_length = 200)]
    pub legal_name: String,
    /// A code of the `legal_form` vocabulary (`/api/v1/catalogue`).
    #[schema(max_length = 64)]
    pub legal_form: String,
    /// Partita IVA: 11 digits, the last a check digit (an `IT` prefix is accepted).
    #[schema(max_length = 13, pattern = r"^(IT)?[0-9]{11}$")]
    pub vat_number: String,
    /// Accreditation type codes (`/api/v1/catalogue`), each once, at least one.
    #[schema(min_items = 1, max_items = 20)]
    pub accreditation_types: Vec<String>,
    /// An ATI (a temporary association of providers), with its members.
    pub is_consortium: bool,
    /// For an ATI: its members (organisations of the same municipality, in no other ATI;
    /// at least two). Empty for an organisation.
    #[schema(max_items = 50)]
    pub members: Vec<Uuid>,
    /// On creation: `accredited` (default) or `pending`.
    pub accreditation_status: Option<AccreditationStatus>,
}

impl JsonBody for RegisterInput {}
