//! Matches between a family's need and a listed carer (issue 12): the needs a carer
//! fits, the first message either side sends, the conversation, and the match's steps.
//! A carer never sees the family or the beneficiary's conditions; a family never sees
//! the carer's contact details.
use super::Label;
use super::carers::WeekHours;
use super::demands::{MatchReason, RequirementInput};
use super::services::ZoneRef;
use crate::domain::contact::AgeBand;
use crate::domain::demand::{Autonomy, DemandStatus};
use crate::domain::matching::{Arrangement, BudgetPeriod, CarerRole};
use crate::domain::registry::{MatchAction, MatchSide, MatchStatus};
use crate::input::JsonBody;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A need as a carer may see it: the help, where (the family's area), when, from when,
/// the budget, the language and the requirements; the beneficiary only as an age band
/// and an autonomy level. Never the family, their conditions or their address.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NeedBrief {
    /// The demand's id.
    pub id: Uuid,
    pub status: DemandStatus,
    pub category: Option<String>,
    pub role: Option<CarerRole>,
    pub zone: ZoneRef,
    pub week: WeekHours,
    pub arrangement: Arrangement,
    pub start_on: Option<NaiveDate>,
    pub budget_cents: Option<i64>,
    pub budget_period: Option<BudgetPeriod>,
    pub language: Option<String>,
    pub age_band: AgeBand,
    pub autonomy: Autonomy,
    pub requirements: Vec<RequirementInput>,
}

/// A match already begun, as a ranked result or a need mentions it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MatchRef {
    pub id: Uuid,
    pub status: MatchStatus,
}

/// An open need a listed carer fits, best first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CarerDemand {
    pub need: NeedBrief,
    /// Out of 1,000.
    pub score: u32,
    pub reasons: Vec<MatchReason>,
    /// The reasons in words.
    pub explanation: Label,
    /// The match, if either side already reached out.
    pub contact: Option<MatchRef>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CarerDemandList {
    pub items: Vec<CarerDemand>,
    /// Needs the carer fits (before `limit`).
    pub total: u64,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CarerDemandsQuery {
    /// How many (default 20).
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<u32>,
}

/// The first message of a match: the family writing to a carer, or a carer saying why
/// they are interested. No contact details: the conversation stays on the platform.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchOpening {
    #[schema(min_length = 1, max_length = 2000)]
    pub message: String,
    /// A formed group the need has joined: the carer is asked for the whole group (its
    /// joint week, which they must be free for), and the match counts as a service
    /// delivered in shared form. Only when the family writes to a carer.
    #[serde(default)]
    pub group: Option<Uuid>,
}

impl JsonBody for MatchOpening {
    const MULTILINE: &'static [&'static str] = &["message"];
}

/// A message in a match's conversation.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchMessageInput {
    #[schema(min_length = 1, max_length = 2000)]
    pub body: String,
}

impl JsonBody for MatchMessageInput {
    const MULTILINE: &'static [&'static str] = &["body"];
}

/// A step of the match: `accept`, `activate` (the family), `decline`, `end` (either).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchStep {
    pub action: MatchAction,
}

impl JsonBody for MatchStep {}

/// The carer of a match, as the family sees them: the first name only.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CarerBrief {
    /// The carer's limited profile: `/api/v1/carers/{id}`.
    pub id: Uuid,
    pub first_name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MatchMessage {
    pub id: Uuid,
    pub side: MatchSide,
    pub body: String,
    pub at: DateTime<Utc>,
}

/// A match as either side sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CarerMatch {
    pub id: Uuid,
    pub status: MatchStatus,
    pub status_at: DateTime<Utc>,
    /// Who reached out first.
    pub initiated_by: MatchSide,
    /// The side the viewer is on.
    pub viewer_side: MatchSide,
    pub need: NeedBrief,
    pub carer: CarerBrief,
    /// What the viewer may do now.
    pub actions: Vec<MatchAction>,
    /// Whether the two can still write to each other.
    pub open: bool,
    pub accepted_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// Oldest first.
    pub messages: Vec<MatchMessage>,
    /// When the carer is asked for a group of families (shared service).
    pub group: Option<MatchGroup>,
}

/// The group a match is for, as both sides may see it: how many families, their joint
/// week and its hours — never who they are.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MatchGroup {
    /// The group's page (`/api/v1/groups/{id}`), for the family side only.
    pub id: Option<Uuid>,
    /// The families whose needs have joined it.
    pub families: u32,
    pub hours_per_week: u32,
    pub week: WeekHours,
}

/// A match in a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CarerMatchSummary {
    pub id: Uuid,
    pub status: MatchStatus,
    pub initiated_by: MatchSide,
    pub viewer_side: MatchSide,
    /// The demand's id.
    pub demand: Uuid,
    pub category: Option<String>,
    pub role: Option<CarerRole>,
    pub zone: ZoneRef,
    pub carer: CarerBrief,
    pub last_message_at: DateTime<Utc>,
    /// The other side wrote since the viewer last read.
    pub unread: bool,
    /// For a group of families (shared service).
    pub shared: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CarerMatchList {
    pub items: Vec<CarerMatchSummary>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CarerMatchesQuery {
    /// Only the matches of this need (the family's own).
    pub demand: Option<Uuid>,
    #[param(minimum = 1)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}
