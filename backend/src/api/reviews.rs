//! Reviews of an activated service (issue 11): one per order, written by the family,
//! moderated by the city's reviewers before anyone else sees it, answered once by the
//! provider; and the card's trust signals measured from the interaction events.
use crate::api::contact::CardBrief;
use crate::api::services::OrganisationRef;
use crate::domain::review::{Averages, Ratings, ReviewStatus};
use crate::input::JsonBody;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// The family's review of an order.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReview {
    /// 1 to 5 for each aspect.
    pub ratings: NewRatings,
    /// What went well or not. No health details, no names.
    #[schema(min_length = 1, max_length = 2000)]
    pub body: String,
}

/// The ratings of a review, 1 to 5 each.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRatings {
    #[serde(deserialize_with = "crate::input::integral")]
    #[schema(minimum = 1, maximum = 5)]
    pub punctuality: i16,
    #[serde(deserialize_with = "crate::input::integral")]
    #[schema(minimum = 1, maximum = 5)]
    pub competence: i16,
    #[serde(deserialize_with = "crate::input::integral")]
    #[schema(minimum = 1, maximum = 5)]
    pub kindness: i16,
    #[serde(deserialize_with = "crate::input::integral")]
    #[schema(minimum = 1, maximum = 5)]
    pub value: i16,
}

impl From<NewRatings> for Ratings {
    fn from(r: NewRatings) -> Self {
        Ratings {
            punctuality: r.punctuality,
            competence: r.competence,
            kindness: r.kindness,
            value: r.value,
        }
    }
}

impl JsonBody for NewReview {
    const MULTILINE: &'static [&'static str] = &["body"];
}

/// A review as its author, the city and the provider see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Review {
    pub id: Uuid,
    pub order: Uuid,
    pub card: CardBrief,
    pub organisation: OrganisationRef,
    pub ratings: Ratings,
    /// The mean of the four ratings, in tenths (43 = 4.3).
    pub overall_tenths: i16,
    pub body: String,
    pub status: ReviewStatus,
    pub created_at: DateTime<Utc>,
    pub moderated_at: Option<DateTime<Utc>>,
    pub moderation_note: Option<String>,
    pub reply: Option<String>,
    pub replied_at: Option<DateTime<Utc>>,
    /// How many times people reported it as abusive.
    pub reports: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewList {
    /// Oldest first (the moderation queue's order).
    pub items: Vec<Review>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReviewQuery {
    /// Only reviews in this state (default: pending, the longest waiting first; the
    /// published and rejected ones come newest first).
    pub status: Option<ReviewStatus>,
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

/// A published review, as everyone sees it (no author).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicReview {
    pub id: Uuid,
    /// The service reviewed.
    pub card: CardBrief,
    pub ratings: Ratings,
    pub overall_tenths: i16,
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// The provider's public answer.
    pub reply: Option<String>,
    pub replied_at: Option<DateTime<Utc>>,
}

/// A card's published reviews, newest first, their averages, and what the platform
/// measured of the provider's answers on this card over the last 12 months.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ServiceReviews {
    pub averages: Averages,
    /// At most 50, newest first.
    pub items: Vec<PublicReview>,
    /// Measured from the interaction events: absent under 5 threads in 12 months.
    pub signals: Option<crate::domain::trust::Signals>,
    /// The card's declared waits (assessment + activation), beside the observed one.
    pub declared_waiting_days: i32,
}

/// An organisation's published reviews over all its cards, newest first, their averages,
/// and what the platform measured of its answers over the last 12 months.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganisationReviews {
    pub averages: Averages,
    /// At most 50, newest first, each with its card.
    pub items: Vec<PublicReview>,
    /// Measured from the interaction events of all its cards: absent under 5 threads in
    /// 12 months.
    pub signals: Option<crate::domain::trust::Signals>,
}

/// The city's decision on a review.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Moderation {
    /// Why (required to reject; the author reads it).
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub note: String,
}

impl JsonBody for Moderation {
    const MULTILINE: &'static [&'static str] = &["note"];
}

/// The provider's public answer to a review (once).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewReply {
    #[schema(min_length = 1, max_length = 2000)]
    pub body: String,
}

impl JsonBody for ReviewReply {
    const MULTILINE: &'static [&'static str] = &["body"];
}

/// A report of an abusive review.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewReport {
    /// What is abusive in it.
    #[schema(min_length = 1, max_length = 1000)]
    pub details: String,
}

impl JsonBody for ReviewReport {
    const MULTILINE: &'static [&'static str] = &["details"];
}
