//! Families' needs (issue 12): a demand, the family's own list, its status, and the
//! ranked offers (services and carers) with the reasons each one fits.
use super::Label;
use super::carers::WeekHours;
use super::services::ZoneRef;
use crate::domain::contact::AgeBand;
use crate::domain::demand::{Autonomy, DemandStatus, RequirementKind};
use crate::domain::matching::{Arrangement, BudgetPeriod, CarerRole};
use crate::input::JsonBody;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Most requirements and conditions a demand lists.
pub const REQUIREMENTS_MAX: usize = 20;
pub const CONDITIONS_MAX: usize = 10;
/// Longest building address, in characters.
pub const BUILDING_MAX: usize = 120;

/// Something the family asks of the offer: a skill or a language, a must (offers without
/// it are left out) or a wish (it adds to the score).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RequirementInput {
    pub kind: RequirementKind,
    /// A skill code of the vocabulary, or a language (ISO 639-1).
    #[schema(min_length = 2, max_length = 40, pattern = "^[a-z][a-z0-9-]*$")]
    pub code: String,
    #[serde(default)]
    pub must: bool,
}

/// A family's need, as they describe it (creating or changing it).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandInput {
    /// A service category of the catalogue (`GET /api/v1/catalogue`); or `role`.
    #[schema(min_length = 1, max_length = 80)]
    pub category: Option<String>,
    /// A carer's role; or `category` (exactly one of the two).
    pub role: Option<CarerRole>,
    /// The family's zone code (a NIL, a Municipio or a comune).
    #[schema(min_length = 1, max_length = 40)]
    pub zone: String,
    /// The hours help is needed (none with living in).
    #[serde(default)]
    pub week: WeekHours,
    pub arrangement: Arrangement,
    /// From when.
    pub start_on: Option<NaiveDate>,
    /// The most the family will pay, in cents, by `budget_period`.
    #[schema(minimum = 0, maximum = 1000000)]
    #[serde(default, deserialize_with = "crate::input::integral_opt")]
    pub budget_cents: Option<i64>,
    pub budget_period: Option<BudgetPeriod>,
    /// The language the family would like spoken (ISO 639-1).
    #[schema(min_length = 2, max_length = 2, pattern = "^[a-z]{2}$")]
    pub language: Option<String>,
    pub age_band: AgeBand,
    pub autonomy: Autonomy,
    /// Broad conditions of the vocabulary (special-category data): kept only with
    /// `conditions_consent`, otherwise refused.
    #[serde(default)]
    #[schema(max_items = 10)]
    pub conditions: Vec<String>,
    /// The owner's explicit consent to keeping the conditions for matching. False
    /// erases any kept.
    #[serde(default)]
    pub conditions_consent: bool,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub requirements: Vec<RequirementInput>,
    /// Open to sharing one carer with neighbours whose needs fit (a group): only such
    /// needs are proposed to each other, never with the family's name.
    #[serde(default)]
    pub sharing: bool,
    /// The building's street and number, to find neighbours in the same building: seen
    /// by the owner only, compared for equality, never shown to anyone else.
    #[schema(max_length = 120)]
    pub building: Option<String>,
    /// A WeMi space of the need's municipality (`GET /api/v1/spaces`) whose operators may
    /// see the need whole, conditions included (not the building), and help with it: the
    /// owner's consent. None withdraws it.
    #[serde(default)]
    pub space: Option<Uuid>,
}

impl JsonBody for DemandInput {}

/// A demand as its owner sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Demand {
    pub id: Uuid,
    pub status: DemandStatus,
    pub status_at: DateTime<Utc>,
    pub category: Option<String>,
    pub role: Option<CarerRole>,
    pub zone: ZoneRef,
    /// The tenant's code.
    pub tenant: String,
    pub week: WeekHours,
    pub arrangement: Arrangement,
    pub start_on: Option<NaiveDate>,
    pub budget_cents: Option<i64>,
    pub budget_period: Option<BudgetPeriod>,
    pub language: Option<String>,
    pub age_band: AgeBand,
    pub autonomy: Autonomy,
    /// Only with consent (its time in `conditions_consent_at`).
    pub conditions: Vec<String>,
    pub conditions_consent_at: Option<DateTime<Utc>>,
    pub requirements: Vec<RequirementInput>,
    pub sharing: bool,
    /// The owner's only (an operator reading the need does not see it).
    pub building: Option<String>,
    /// The WeMi space whose operators may see the need, and since when.
    pub space: Option<Uuid>,
    pub space_consent_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DemandList {
    pub items: Vec<Demand>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DemandsQuery {
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

/// Pause, resume or close a demand.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandStatusChange {
    pub status: DemandStatus,
}

impl JsonBody for DemandStatusChange {}

/// What kind of offer a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OfferKind {
    Service,
    Carer,
}

/// One reason an offer fits, as data (the explanation says them all in words).
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MatchReason {
    /// It covers the family's zone.
    Zone {
        zone: ZoneRef,
    },
    /// It speaks the language (ISO 639-1).
    Speaks {
        language: String,
    },
    /// The hours in common with the need.
    Free {
        week: WeekHours,
    },
    /// It accepts living in.
    LiveIn,
    /// Of the wishes asked, how many it meets.
    Wishes {
        met: u32,
        asked: u32,
    },
    /// Its price, and whether it is within the budget (null: no budget given).
    Price {
        cents: i64,
        period: BudgetPeriod,
        within: Option<bool>,
    },
    /// Days before the service starts.
    Waiting {
        days: u16,
    },
    Experience {
        years: u16,
    },
    /// The published reviews' average (× 100) and how many.
    Rating {
        average_x100: u16,
        count: u32,
    },
    /// The usual first answer, in hours.
    Answers {
        hours: u32,
    },
}

/// A ranked offer: a published service or a listed carer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MatchResult {
    pub kind: OfferKind,
    /// The service's (`/api/v1/services/{id}`) or the carer's (`/api/v1/carers/{id}`) id.
    pub id: Uuid,
    /// The service's title, or the carer's first name.
    pub title: String,
    /// The organisation's name (services).
    pub organisation: Option<String>,
    /// Out of 1,000.
    pub score: u32,
    pub reasons: Vec<MatchReason>,
    /// The reasons in words: "copre il Municipio 5 · parla spagnolo · …".
    pub explanation: Label,
    /// A carer's match with this need, if either side already reached out.
    pub contact: Option<super::matches::MatchRef>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MatchList {
    pub items: Vec<MatchResult>,
    /// Offers that passed every hard filter (before `limit`).
    pub total: u64,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MatchesQuery {
    /// Only services or only carers.
    pub kind: Option<OfferKind>,
    /// How many (default 20).
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<u32>,
}

/// The eligibility screener's question.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EligibilityQuery {
    /// The household's ISEE, in cents.
    #[param(minimum = 0, maximum = 100000000)]
    pub isee_cents: i64,
    /// The help looked for (a carer's role); none: any.
    pub role: Option<CarerRole>,
}

/// The contributions that may apply: guidance, the office named decides.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContributionList {
    pub items: Vec<crate::reference::matching::Contribution>,
}
