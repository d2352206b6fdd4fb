//! The reserved area's view of service cards: providers write them, the city reviews
//! them. A card's *content* (its scheda) is one document, the same for a draft, a
//! version in review and the published card.
use super::CodeLabel;
use super::services::{OrganisationRef, ServiceCard};
pub use crate::domain::workflow::VersionStatus;
pub use crate::domain::{CardStatus, StaffKind};
use crate::input::JsonBody;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Whether the premises have a feature: `yes`, `no` or `unknown`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tristate {
    Yes,
    No,
    #[default]
    Unknown,
}

impl Tristate {
    pub fn code(self) -> &'static str {
        match self {
            Tristate::Yes => "yes",
            Tristate::No => "no",
            Tristate::Unknown => "unknown",
        }
    }

    pub fn parse(code: &str) -> Self {
        match code {
            "yes" => Tristate::Yes,
            "no" => Tristate::No,
            _ => Tristate::Unknown,
        }
    }
}

/// The accessibility of the premises where the service is delivered outside the home.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Accessibility {
    pub step_free: Tristate,
    pub toilet: Tristate,
    pub lift: Tristate,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct HoursInput {
    /// 1 = Monday … 7 = Sunday.
    #[schema(minimum = 1, maximum = 7)]
    #[serde(deserialize_with = "crate::input::integral")]
    pub weekday: i16,
    /// `HH:MM`, Europe/Rome; before `closes`.
    #[schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub opens: String,
    #[schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub closes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct StaffInput {
    pub kind: StaffKind,
    #[schema(minimum = 1, maximum = 500)]
    #[serde(deserialize_with = "crate::input::integral")]
    pub count: i32,
    #[schema(max_length = 200)]
    pub qualification: String,
    #[schema(minimum = 0, maximum = 60)]
    #[serde(deserialize_with = "crate::input::integral")]
    pub years_experience: i32,
    pub references_available: bool,
    /// The organisation that supplies external staff.
    #[schema(max_length = 200)]
    pub supplier: Option<String>,
}

impl Default for StaffInput {
    fn default() -> Self {
        Self {
            kind: StaffKind::Internal,
            count: 1,
            qualification: String::new(),
            years_experience: 0,
            references_available: false,
            supplier: None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PriceInput {
    /// A price unit of the reference vocabulary (`ora`, `accesso`, `pacchetto`…).
    #[schema(max_length = 40)]
    pub unit: String,
    /// VAT included, in cents; more than 0.
    #[schema(minimum = 1, maximum = 100000000)]
    #[serde(deserialize_with = "crate::input::integral")]
    pub price_cents: i64,
    /// In basis points: 0, 400, 500, 1000 or 2200 (0 %, 4 %, 5 %, 10 %, 22 %).
    #[schema(minimum = 0, maximum = 2200)]
    #[serde(deserialize_with = "crate::input::integral")]
    pub vat_rate_bp: i32,
    /// What the price is for (`Prima ora`, `Pacchetto 10 ore`).
    #[schema(max_length = 120)]
    pub label: Option<String>,
    pub is_package: bool,
}

/// A card's content: every field of the *scheda servizio*. A draft may be incomplete;
/// submitting checks it whole.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CardContent {
    #[schema(max_length = 120)]
    pub title: String,
    /// A category code of the catalogue.
    #[schema(max_length = 60)]
    pub category: String,
    /// An accreditation type the organisation holds, valid for the category.
    #[schema(max_length = 10)]
    pub accreditation_type: String,
    #[schema(max_length = 120)]
    pub service_manager: String,
    #[schema(max_length = 4000)]
    pub needs_analysis: String,
    #[schema(max_length = 4000)]
    pub solution: String,
    #[schema(max_length = 4000)]
    pub activities: String,
    #[schema(max_length = 30)]
    pub contact_phone: Option<String>,
    #[schema(max_length = 254)]
    pub contact_email: Option<String>,
    #[schema(max_items = 21)]
    pub hours: Vec<HoursInput>,
    /// Zone codes (`MI-M5`, `MI-NIL-45`, `MI-COM-…`) of the organisation's tenants.
    #[schema(max_items = 200)]
    pub zones: Vec<String>,
    #[schema(minimum = 0, maximum = 365)]
    #[serde(deserialize_with = "crate::input::integral")]
    pub waiting_days_assessment: i32,
    #[schema(minimum = 0, maximum = 365)]
    #[serde(deserialize_with = "crate::input::integral")]
    pub waiting_days_activation: i32,
    pub quote_available: bool,
    #[schema(max_items = 20)]
    pub recipients: Vec<String>,
    #[schema(max_items = 20)]
    pub delivery_places: Vec<String>,
    #[schema(max_items = 20)]
    pub vouchers: Vec<String>,
    #[schema(max_items = 30)]
    pub staff: Vec<StaffInput>,
    #[schema(max_items = 30)]
    pub prices: Vec<PriceInput>,
    /// The languages the staff speak, ISO 639-1 (`it`, `en`, `es`, `ro`, `uk`, `ar`…).
    #[schema(max_items = 30)]
    pub languages: Vec<String>,
    pub accessibility: Accessibility,
}

/// Three texts of up to 4,000 characters (up to 4 bytes each) and the lists.
const CARD_BODY_LIMIT: usize = 96 * 1024;

impl JsonBody for CardContent {
    const MULTILINE: &'static [&'static str] = &["needs_analysis", "solution", "activities"];
    const LIMIT: usize = CARD_BODY_LIMIT;
}

/// A new card: its organisation and its first draft.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCardRequest {
    pub organisation: Uuid,
    pub content: CardContent,
}

impl JsonBody for NewCardRequest {
    const MULTILINE: &'static [&'static str] = &["needs_analysis", "solution", "activities"];
    const LIMIT: usize = CARD_BODY_LIMIT;
}

/// The reviewer's decision to send a version back, with comments.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewComments {
    /// For the whole card (may be empty when every comment is on a field).
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub comment: String,
    /// Comments per field of the content (`prices`, `zones`, `title`…).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

impl JsonBody for ReviewComments {
    const MULTILINE: &'static [&'static str] = &["comment"];
}

/// Why the city takes a published card down.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnpublishRequest {
    #[schema(min_length = 3, max_length = 1000)]
    pub reason: String,
}

impl JsonBody for UnpublishRequest {
    const MULTILINE: &'static [&'static str] = &["reason"];
}

/// One version of a card.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionSummary {
    pub number: i32,
    pub status: VersionStatus,
    /// Who last changed it (display name), when known.
    pub updated_by: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// A version with its content (the pending one, as the editor and the reviewer see it).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Version {
    pub number: i32,
    pub status: VersionStatus,
    pub updated_by: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub content: CardContent,
    /// The reviewer's comments, when changes were requested.
    pub review: Option<ReviewComments>,
}

/// A card as its provider (and its reviewer) works on it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ManagedCard {
    pub id: Uuid,
    pub organisation: OrganisationRef,
    pub status: CardStatus,
    /// The next version, when one is being written or reviewed.
    pub pending: Option<Version>,
    /// What citizens see (absent until a version is approved).
    pub published: Option<CardContent>,
    /// Why the city took the card down, when it did.
    pub status_reason: Option<String>,
    pub last_verified_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    /// The card's revision: the `ETag` a change must send back as `If-Match`.
    pub revision: i32,
    /// What stops the pending version from being submitted (empty when it can be).
    pub problems: Vec<crate::error::FieldError>,
    pub versions: Vec<VersionSummary>,
}

/// A line of the provider's card list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ManagedCardSummary {
    pub id: Uuid,
    pub organisation: OrganisationRef,
    pub title: String,
    pub category: CodeLabel,
    pub status: CardStatus,
    pub pending: Option<VersionStatus>,
    pub last_verified_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    /// Citizens' reports about the card not resolved yet.
    pub open_reports: u64,
    /// Changes requested, not verified for 11 months or more, or open reports.
    pub needs_attention: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ManagedCardList {
    pub items: Vec<ManagedCardSummary>,
}

/// What changed in one field between two versions.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct FieldChange {
    /// The field of the content (`title`, `prices`, `accessibility`…).
    pub field: String,
    /// Its value before and after (JSON), for display.
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionDiff {
    /// `published`, `reviewed` or a version number.
    pub from: String,
    pub to: String,
    pub changes: Vec<FieldChange>,
}

/// Whether an item of the review queue publishes a card for the first time or changes
/// a published one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionKind {
    First,
    Change,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewItem {
    pub card: Uuid,
    pub organisation: OrganisationRef,
    pub title: String,
    pub category: CodeLabel,
    pub kind: SubmissionKind,
    pub version: i32,
    pub submitted_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewQueue {
    pub items: Vec<ReviewItem>,
}

/// The card exactly as citizens would see it once the pending version is approved (or,
/// without one, as they see it now).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Preview {
    pub card: ServiceCard,
    /// The version shown: the pending one's number, or None for the live content.
    pub version: Option<i32>,
}

/// Query parameters of `GET /api/v1/cards/{id}/diff`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DiffQuery {
    /// `published` (what citizens see), `reviewed` (what the city last sent back with
    /// requests for changes: the pending version as it was reviewed) or a version number.
    #[param(max_length = 12, pattern = r"^(published|reviewed|[1-9][0-9]{0,8})$")]
    pub from: String,
    /// As `from`.
    #[param(max_length = 12, pattern = r"^(published|reviewed|[1-9][0-9]{0,8})$")]
    pub to: String,
}

/// Query parameters of `GET /api/v1/review-queue`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct QueueQuery {
    /// Only this organisation's submissions.
    pub organisation: Option<Uuid>,
    /// Only this category.
    #[param(max_length = 60)]
    pub category: Option<String>,
    /// First publications or changes of published cards.
    pub kind: Option<SubmissionKind>,
    /// Only submissions waiting for at least this many days.
    #[param(minimum = 0, maximum = 365)]
    pub waiting_days: Option<u32>,
}
