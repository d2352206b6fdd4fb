//! The carers' registry (issue 12): a carer's application and profile, the operators'
//! registry, and the limited profile families see.
use super::services::ZoneRef;
use crate::domain::matching::{Arrangement, CarerRole, LanguageLevel};
use crate::domain::registry::{RegistryAction, RegistryStatus};
use crate::input::JsonBody;
use crate::reference::matching::Vocabulary;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Most skills, languages, zones and slots a profile lists.
pub const SKILLS_MAX: usize = 30;
pub const LANGUAGES_MAX: usize = 10;
pub const ZONES_MAX: usize = 40;
pub const SLOTS_MAX: usize = 50;
pub const REFERENCES_MAX: usize = 2000;
pub const NOTE_MAX: usize = 2000;

/// A day of the week.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Day {
    pub const ALL: [Day; 7] = [
        Day::Mon,
        Day::Tue,
        Day::Wed,
        Day::Thu,
        Day::Fri,
        Day::Sat,
        Day::Sun,
    ];

    /// Monday is 0 (`domain::week`).
    pub fn index(self) -> u8 {
        match self {
            Day::Mon => 0,
            Day::Tue => 1,
            Day::Wed => 2,
            Day::Thu => 3,
            Day::Fri => 4,
            Day::Sat => 5,
            Day::Sun => 6,
        }
    }

    pub fn of(index: u8) -> Option<Day> {
        Day::ALL.get(usize::from(index)).copied()
    }
}

/// A span of hours on one day: from `from`:00 to `to`:00.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Slot {
    pub day: Day,
    #[schema(minimum = 0, maximum = 23)]
    pub from: u8,
    #[schema(minimum = 1, maximum = 24)]
    pub to: u8,
}

/// A language and how well it is spoken.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SpokenLanguage {
    /// ISO 639-1.
    #[schema(min_length = 2, max_length = 2, pattern = "^[a-z]{2}$")]
    pub code: String,
    pub level: LanguageLevel,
}

/// What a carer says of themselves (applying, or changing their profile).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CarerProfileInput {
    /// Shown to families (never the surname).
    #[schema(min_length = 1, max_length = 60)]
    pub first_name: String,
    #[schema(min_items = 1, max_items = 3)]
    pub roles: Vec<CarerRole>,
    /// Skill codes of the vocabulary (`GET /api/v1/matching/vocabulary`).
    #[schema(max_items = 30)]
    pub skills: Vec<String>,
    #[schema(min_items = 1, max_items = 10)]
    pub languages: Vec<SpokenLanguage>,
    /// Zone codes of one tenant (`MI-M5`, `MI-NIL-42`…): where they work.
    #[schema(min_items = 1, max_items = 40)]
    pub zones: Vec<String>,
    /// When they are free.
    #[schema(max_items = 50)]
    pub week: Vec<Slot>,
    #[schema(min_items = 1, max_items = 3)]
    pub arrangements: Vec<Arrangement>,
    /// Their price by the hour, in cents.
    #[schema(minimum = 0, maximum = 100000)]
    pub hourly_cents: Option<i64>,
    /// Their price by the month (live-out or live-in), in cents.
    #[schema(minimum = 0, maximum = 1000000)]
    pub monthly_cents: Option<i64>,
    #[schema(minimum = 0, maximum = 60)]
    pub experience_years: i32,
    /// Former employers or referees: seen by the operators only.
    #[schema(max_length = 2000)]
    pub references: String,
    /// The WeMi space where they would like their interview.
    pub space: Option<Uuid>,
}

impl JsonBody for CarerProfileInput {
    const MULTILINE: &'static [&'static str] = &["references"];
}

/// One step of the registry.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegistryStep {
    pub action: RegistryAction,
    pub from: RegistryStatus,
    pub to: RegistryStatus,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
}

/// A carer's registration: the profile, where it stands and its steps (the carer
/// themselves and the registry's operators).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CarerRegistration {
    pub id: Uuid,
    pub status: RegistryStatus,
    pub status_at: DateTime<Utc>,
    /// What comes next (none once listed).
    pub next_step: Option<RegistryAction>,
    pub first_name: String,
    pub roles: Vec<CarerRole>,
    pub skills: Vec<String>,
    pub languages: Vec<SpokenLanguage>,
    pub zones: Vec<ZoneRef>,
    pub week: Vec<Slot>,
    pub arrangements: Vec<Arrangement>,
    pub hourly_cents: Option<i64>,
    pub monthly_cents: Option<i64>,
    pub experience_years: i32,
    pub references: String,
    /// The tenant's code.
    pub tenant: String,
    pub space: Option<Uuid>,
    pub steps: Vec<RegistryStep>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The registry's list (operators).
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationList {
    pub items: Vec<CarerRegistration>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RegistryQuery {
    /// Only the registrations at this step.
    pub status: Option<RegistryStatus>,
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

/// An operator's step on a registration.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStep {
    pub action: RegistryAction,
    /// Why (required to suspend).
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

impl JsonBody for NewStep {
    const MULTILINE: &'static [&'static str] = &["note"];
}

/// What a family sees of a listed carer: no surname, no contact details, no references.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CarerProfile {
    pub id: Uuid,
    pub first_name: String,
    pub roles: Vec<CarerRole>,
    pub skills: Vec<String>,
    pub languages: Vec<SpokenLanguage>,
    pub zones: Vec<ZoneRef>,
    pub week: Vec<Slot>,
    pub arrangements: Vec<Arrangement>,
    pub hourly_cents: Option<i64>,
    pub monthly_cents: Option<i64>,
    pub experience_years: i32,
    /// Verified by the registry: interviewed and trained at a WeMi space.
    pub badges: Vec<String>,
}

/// The matching vocabulary: roles, skills, broad conditions, contributions.
pub type MatchingVocabulary = Vocabulary;
