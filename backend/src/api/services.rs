//! Service cards: search results and the full card.
use super::{CodeLabel, Label, ZoneKind};
pub use crate::domain::{CardStatus, StaffKind};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct FacetCount {
    pub code: String,
    pub label: Label,
    pub count: i64,
}

/// Counts for the current query; each facet ignores its own filter, so a person sees how
/// many results each alternative value would give.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct Facets {
    pub macro_areas: Vec<FacetCount>,
    pub categories: Vec<FacetCount>,
    pub municipi: Vec<FacetCount>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct PriceOption {
    pub unit: String,
    pub unit_label: Label,
    /// Euro cents, VAT included.
    pub price_cents: i64,
    /// VAT rate in basis points (2200 = 22%).
    pub vat_rate_bp: i32,
    pub label: Option<String>,
    pub is_package: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct OrganisationRef {
    pub id: Uuid,
    pub legal_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct ZoneRef {
    pub code: String,
    pub name: String,
    pub kind: ZoneKind,
}

/// Where a searched word is in a text: characters (Unicode scalar values) from `start`
/// (included) to `end` (excluded).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

/// The searched words in a result's title and summary.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct Highlights {
    pub title: Vec<TextRange>,
    pub summary: Vec<TextRange>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct ServiceSummary {
    pub id: Uuid,
    pub title: String,
    pub organisation: OrganisationRef,
    pub category: String,
    pub category_label: Label,
    pub macro_area: String,
    pub accreditation_type: String,
    /// The start of the proposed solution, for result lists.
    pub summary: String,
    /// The cheapest price option.
    pub min_price: Option<PriceOption>,
    pub waiting_days_assessment: i32,
    pub waiting_days_activation: i32,
    pub quote_available: bool,
    pub zones: Vec<ZoneRef>,
    pub vouchers: Vec<String>,
    pub recipients: Vec<String>,
    pub delivery_places: Vec<String>,
    /// In search results: where the searched words are (empty elsewhere).
    #[serde(default)]
    pub highlights: Highlights,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ServiceSearchPage {
    pub items: Vec<ServiceSummary>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub facets: Facets,
    /// True when no card matches all the words: the results are the best partial
    /// matches (say so to the person).
    pub partial: bool,
    /// For a likely typo, the query with the closest known words ("badante" for
    /// "badnte"), to offer as a link.
    pub did_you_mean: Option<String>,
}

/// What a suggestion is.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionKind {
    /// A category of services (search with `category`).
    Category,
    /// A provider (its page).
    Provider,
    /// The title of services (search for it).
    Service,
}

/// A suggestion while typing.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct Suggestion {
    pub kind: SuggestionKind,
    /// What to show, and what to search for when chosen.
    pub text: String,
    /// The category's code (kind `category`).
    pub category: Option<String>,
    /// The provider's id (kind `provider`).
    pub id: Option<Uuid>,
    /// The parts of `text` that match what was typed.
    pub highlights: Vec<TextRange>,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct SuggestionList {
    pub items: Vec<Suggestion>,
}

/// Query parameters of `GET /api/v1/services/suggest`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SuggestQuery {
    /// What has been typed so far (the last word may be incomplete).
    #[param(max_length = 100)]
    pub q: String,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ContactHours {
    /// 1 = Monday … 7 = Sunday.
    pub weekday: i16,
    /// Local time in Europe/Rome, `HH:MM`.
    pub opens: String,
    pub closes: String,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct FirstContact {
    pub phone: Option<String>,
    pub email: Option<String>,
    pub hours: Vec<ContactHours>,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct CardDescription {
    pub needs_analysis: String,
    pub solution: String,
    pub activities: String,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct StaffMember {
    pub kind: StaffKind,
    pub count: i32,
    pub qualification: String,
    pub years_experience: i32,
    pub references_available: bool,
    pub supplier: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ServiceCard {
    pub id: Uuid,
    pub status: CardStatus,
    pub title: String,
    pub organisation: OrganisationRef,
    pub category: String,
    pub category_label: Label,
    pub macro_area: String,
    pub macro_area_label: Label,
    pub accreditation_type: String,
    pub accreditation_type_label: Label,
    pub recipients: Vec<CodeLabel>,
    pub first_contact: FirstContact,
    pub zones: Vec<ZoneRef>,
    pub service_manager: String,
    pub description: CardDescription,
    pub waiting_days_assessment: i32,
    pub waiting_days_activation: i32,
    pub delivery_places: Vec<CodeLabel>,
    pub staff: Vec<StaffMember>,
    pub prices: Vec<PriceOption>,
    pub quote_available: bool,
    pub vouchers: Vec<CodeLabel>,
    /// The languages the staff speak (ISO 639-1 codes).
    pub languages: Vec<String>,
    /// The accessibility of the premises where the service is delivered outside the home.
    pub accessibility: crate::api::cards_admin::Accessibility,
    /// When the city approved the card or its provider confirmed it still accurate.
    pub last_verified_at: Option<DateTime<Utc>>,
    /// Whether that was in the last 12 months (otherwise the page says since when the
    /// information has not been verified).
    pub verified_recently: bool,
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum SearchSort {
    /// Best text match first (newest first without a text query).
    #[default]
    Relevance,
    /// Cheapest price option first.
    Price,
    /// Shortest total wait (assessment + activation) first.
    Waiting,
}

/// Query parameters of `GET /api/v1/services` (documentation; parsing is strict and
/// reports each bad parameter by name).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    /// Free text, Italian stemming ("badanti" finds "badante"), accents ignored.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Macro area code (see `/api/v1/catalogue`).
    pub macro_area: Option<String>,
    /// Citizen category code.
    pub category: Option<String>,
    /// Accreditation type, `1A` … `5F`.
    pub accreditation_type: Option<String>,
    /// Zone code. A Municipio also matches cards covering its NIL; a NIL also matches
    /// cards covering its Municipio.
    pub zone: Option<String>,
    /// Recipient group code.
    pub recipient: Option<String>,
    /// Delivery place code.
    pub delivery_place: Option<String>,
    /// Only cards with a price option at or below this many cents (VAT included).
    #[param(minimum = 0, maximum = 100000000)]
    pub max_price_cents: Option<i64>,
    /// Restrict `max_price_cents` (or, alone, the cards) to price options in this unit.
    pub price_unit: Option<String>,
    /// Only cards whose waiting days (assessment + activation) are at most this.
    #[param(minimum = 0, maximum = 365)]
    pub max_waiting_days: Option<i32>,
    /// Only cards whose staff speak this language (ISO 639-1: `es`, `ro`, `uk`, `ar`…).
    pub language: Option<String>,
    /// Voucher scheme code the card accepts.
    pub voucher: Option<String>,
    /// Only cards where a personalised quote can be asked.
    pub quote_available: Option<bool>,
    pub sort: Option<SearchSort>,
    /// 1-based page number.
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<u32>,
    /// Items per page (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}
