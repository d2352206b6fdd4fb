//! The audit log as administrators search it.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEvent {
    pub at: DateTime<Utc>,
    pub action: crate::domain::AuditAction,
    /// Who did it (absent for anonymous attempts and the command line).
    pub actor: Option<Uuid>,
    /// Whose account it concerns.
    pub subject: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEvent>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// Query parameters of `GET /api/v1/audit`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only this action (e.g. `sign_in_failed`).
    pub action: Option<crate::domain::AuditAction>,
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}
