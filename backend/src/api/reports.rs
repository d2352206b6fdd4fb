//! Citizens' reports about a card, and how the provider or the city resolves them.
use crate::api::services::OrganisationRef;
use crate::domain::report::{ReportOutcome, ReportReason, ReportStatus};
use crate::input::JsonBody;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// The longest text a report or a resolution may carry (characters).
pub const DETAILS_MAX: usize = 1000;

/// A report: what is wrong with the card. No account is needed and nothing about the
/// person is kept.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReport {
    pub reason: ReportReason,
    /// What is wrong, in the person's words (required when the reason is `other`). Do
    /// not write personal data here.
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub details: String,
}

impl JsonBody for NewReport {
    const MULTILINE: &'static [&'static str] = &["details"];
}

/// The report was received.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportReceipt {
    pub id: Uuid,
    pub status: ReportStatus,
}

/// A report as the card's organisation and the city's reviewers see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Report {
    pub id: Uuid,
    /// The card's id.
    pub card: Uuid,
    /// The card's title as it is published.
    pub card_title: String,
    pub organisation: OrganisationRef,
    pub reason: ReportReason,
    pub details: String,
    pub status: ReportStatus,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// Who resolved it (display name), once resolved.
    pub resolved_by: Option<String>,
    pub outcome: Option<ReportOutcome>,
    pub resolution: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportList {
    /// Newest first, at most 200.
    pub items: Vec<Report>,
}

/// Which reports to list.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// Only reports in this state.
    pub status: Option<ReportStatus>,
    /// Only reports about this card.
    pub card: Option<Uuid>,
}

/// How a report ended.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveReport {
    pub outcome: ReportOutcome,
    /// What was done (optional).
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub resolution: String,
}

impl JsonBody for ResolveReport {
    const MULTILINE: &'static [&'static str] = &["resolution"];
}
