//! Shared services (issue 12): the neighbours' needs one carer could serve with a
//! family's own, the groups families form from them, and each family's answer. Another
//! family is never named before joining, and a member is never shown beyond a first name
//! and the hours agreed.
use super::carers::WeekHours;
use super::services::ZoneRef;
use crate::domain::matching::CarerRole;
use crate::domain::pooling::{GroupStatus, MemberAction, MemberStatus, Nearness};
use crate::input::JsonBody;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Another family's need one carer could serve together with the viewer's: how near it
/// is and its hours, nothing else (no name, no budget, no beneficiary).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PoolCandidate {
    /// The need's id, to invite it (`POST /api/v1/groups`).
    pub demand: Uuid,
    pub nearness: Nearness,
    pub week: WeekHours,
    /// Hours a week.
    pub hours: u32,
    /// Hours a week both need at the same time (a carer is with both then).
    pub shared_hours: u32,
}

/// The neighbours' needs that fit with the viewer's, nearest first, and the group the
/// platform would propose from them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PoolCandidates {
    pub items: Vec<PoolCandidate>,
    /// The needs of the proposed group besides the viewer's (a subset of `items`, in
    /// their order), empty when none fits.
    pub proposal: Vec<Uuid>,
    /// The proposed group's joint week (the viewer's alone when nobody fits).
    pub week: WeekHours,
    pub hours: u32,
}

/// A group proposed around one of the viewer's needs, inviting other needs.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupInput {
    /// The viewer's need (open, open to sharing, by the hour).
    pub demand: Uuid,
    /// The needs invited (from `GET /api/v1/demands/{id}/pool`), at least one, each once.
    #[schema(min_items = 1, max_items = 5)]
    pub invite: Vec<Uuid>,
    /// The rate per hour the group means to pay, in cents (the split follows it).
    #[schema(minimum = 0, maximum = 100000)]
    #[serde(default, deserialize_with = "crate::input::integral_opt")]
    pub rate_cents: Option<i64>,
}

impl JsonBody for GroupInput {}

/// One more need invited into a group (by a member).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupInvite {
    pub demand: Uuid,
}

impl JsonBody for GroupInvite {}

/// A family's answer for its need in a group: `join` or `decline` an invitation,
/// `leave` after joining.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupAnswer {
    pub action: MemberAction,
}

impl JsonBody for GroupAnswer {}

/// A member of a group as the others see it: the first name once joined (an invited
/// family is not named), the hours, the share of the cost.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupMember {
    /// Only for joined members (and the viewer).
    pub first_name: Option<String>,
    pub status: MemberStatus,
    pub week: WeekHours,
    pub hours: u32,
    /// This member's share of `weekly_cents` (joined members, when a rate is named).
    pub share_cents: Option<i64>,
    /// The viewer's own need.
    pub you: bool,
}

/// A group as its members (and the families invited) see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Group {
    pub id: Uuid,
    pub status: GroupStatus,
    pub status_at: DateTime<Utc>,
    /// The kind of help as a catalogue category (a carer role's own category): the
    /// services the group may be offered to.
    pub category: Option<String>,
    pub role: Option<CarerRole>,
    /// The zone of the need it was proposed around.
    pub zone: ZoneRef,
    /// How near its members live.
    pub nearness: Nearness,
    pub rate_cents: Option<i64>,
    /// The joined members' joint week: what a carer is asked for.
    pub week: WeekHours,
    pub hours: u32,
    /// `rate_cents` × `hours`, split among the joined members by their hours (the
    /// shares add up to it exactly).
    pub weekly_cents: Option<i64>,
    /// Joined and invited members, in the order they came (declined and gone ones only
    /// when they are the viewer).
    pub members: Vec<GroupMember>,
    /// The viewer's need in the group.
    pub demand: Uuid,
    /// What the viewer may do now.
    pub actions: Vec<MemberAction>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GroupList {
    pub items: Vec<Group>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct GroupsQuery {
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

/// One provider a group was offered to (a thread of a request sent for the group): what
/// every member sees. The messages stay between the member who sent it and the provider.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupOffer {
    /// The organisation's name.
    pub provider: String,
    /// The service's title and id, as the family picked it.
    pub service: String,
    pub service_id: Uuid,
    pub status: crate::domain::contact::ThreadStatus,
    /// The latest quote's price per hour, if a quote was sent and says one.
    pub hourly_cents: Option<i64>,
    /// The order made from it, if a quote was accepted.
    pub order: Option<crate::domain::order::OrderStatus>,
    pub sent_at: DateTime<Utc>,
    /// The member who sent it: their first name.
    pub sent_by: Option<String>,
    /// The thread, for the member who sent it (`/api/v1/threads/{id}`); others: null.
    pub thread: Option<Uuid>,
}

/// A listed carer the group was offered to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupCarerOffer {
    /// The carer's first name and profile (`/api/v1/carers/{id}`).
    pub carer: String,
    pub carer_id: Uuid,
    pub status: crate::domain::registry::MatchStatus,
    /// The carer's price per hour.
    pub hourly_cents: Option<i64>,
    pub sent_at: DateTime<Utc>,
    /// The member who asked: their first name.
    pub sent_by: Option<String>,
    /// The match, for the member who asked (`/api/v1/matches/{id}`); others: null.
    #[serde(rename = "match")]
    #[schema(rename = "match")]
    pub match_id: Option<Uuid>,
}

/// The providers and the carers a group was offered to, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupOffers {
    pub items: Vec<GroupOffer>,
    pub carers: Vec<GroupCarerOffer>,
}
