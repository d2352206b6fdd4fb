//! Provider organisations and ATI consortia.
use super::CodeLabel;
use super::services::{OrganisationRef, ServiceSummary};
pub use crate::domain::AccreditationStatus;
use serde::Serialize;
use utoipa::ToSchema;
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
    pub accreditation_status: AccreditationStatus,
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
