//! The carers' registry (issue 12): a carer's application and profile, the operators'
//! registry, and the limited profile families see.
use super::services::ZoneRef;
use crate::domain::matching::{Arrangement, CarerRole, LanguageLevel};
use crate::domain::registry::{DocumentDecision, DocumentStatus, RegistryAction, RegistryStatus};
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
pub const REFERENCES_MAX: usize = 2000;
pub const NOTE_MAX: usize = 2000;

/// A week of hours: for each day, the hours (0–23) that are free (or needed), each the
/// hour from h:00 to h+1:00. A missing day has none.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct WeekHours {
    #[serde(default, deserialize_with = "crate::input::integral_list")]
    #[schema(max_items = 24, value_type = Vec<u8>)]
    pub mon: Vec<u8>,
    #[serde(default, deserialize_with = "crate::input::integral_list")]
    #[schema(max_items = 24, value_type = Vec<u8>)]
    pub tue: Vec<u8>,
    #[serde(default, deserialize_with = "crate::input::integral_list")]
    #[schema(max_items = 24, value_type = Vec<u8>)]
    pub wed: Vec<u8>,
    #[serde(default, deserialize_with = "crate::input::integral_list")]
    #[schema(max_items = 24, value_type = Vec<u8>)]
    pub thu: Vec<u8>,
    #[serde(default, deserialize_with = "crate::input::integral_list")]
    #[schema(max_items = 24, value_type = Vec<u8>)]
    pub fri: Vec<u8>,
    #[serde(default, deserialize_with = "crate::input::integral_list")]
    #[schema(max_items = 24, value_type = Vec<u8>)]
    pub sat: Vec<u8>,
    #[serde(default, deserialize_with = "crate::input::integral_list")]
    #[schema(max_items = 24, value_type = Vec<u8>)]
    pub sun: Vec<u8>,
}

impl WeekHours {
    /// The days' hours, Monday first.
    pub fn days(&self) -> [&Vec<u8>; 7] {
        [
            &self.mon, &self.tue, &self.wed, &self.thu, &self.fri, &self.sat, &self.sun,
        ]
    }

    /// From the days' hours, Monday first.
    pub fn from_days(mut d: [Vec<u8>; 7]) -> WeekHours {
        let mut take = |i: usize| std::mem::take(&mut d[i]);
        WeekHours {
            mon: take(0),
            tue: take(1),
            wed: take(2),
            thu: take(3),
            fri: take(4),
            sat: take(5),
            sun: take(6),
        }
    }
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
    /// A language named twice counts once, at the better level.
    #[schema(min_items = 1, max_items = 10)]
    pub languages: Vec<SpokenLanguage>,
    /// Zone codes of one tenant (`MI-M5`, `MI-NIL-42`…): where they work.
    #[schema(min_items = 1, max_items = 40)]
    pub zones: Vec<String>,
    /// When they are free.
    #[serde(default)]
    pub week: WeekHours,
    #[schema(min_items = 1, max_items = 3)]
    pub arrangements: Vec<Arrangement>,
    /// Their price by the hour, in cents.
    #[schema(minimum = 0, maximum = 100000)]
    #[serde(default, deserialize_with = "crate::input::integral_opt")]
    pub hourly_cents: Option<i64>,
    /// Their price by the month (live-out or live-in), in cents.
    #[schema(minimum = 0, maximum = 1000000)]
    #[serde(default, deserialize_with = "crate::input::integral_opt")]
    pub monthly_cents: Option<i64>,
    #[schema(minimum = 0, maximum = 60)]
    #[serde(deserialize_with = "crate::input::integral")]
    pub experience_years: i32,
    /// Former employers or referees: seen by the operators only.
    #[schema(max_length = 2000)]
    pub references: String,
    /// The WeMi space where they would like their interview (one of the municipality of
    /// the zones; another is not found).
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
    /// What an operator may do now (suspend a listed carer, reinstate a suspended one…).
    pub actions: Vec<RegistryAction>,
    pub first_name: String,
    /// The photo's address (none without a photo): it works for one to two hours,
    /// without signing in; ask for the registration again for a fresh one.
    pub photo: Option<String>,
    pub roles: Vec<CarerRole>,
    pub skills: Vec<String>,
    pub languages: Vec<SpokenLanguage>,
    pub zones: Vec<ZoneRef>,
    pub week: WeekHours,
    pub arrangements: Vec<Arrangement>,
    pub hourly_cents: Option<i64>,
    pub monthly_cents: Option<i64>,
    pub experience_years: i32,
    pub references: String,
    /// The tenant's code.
    pub tenant: String,
    pub space: Option<Uuid>,
    pub steps: Vec<RegistryStep>,
    /// The certificates uploaded, oldest first.
    pub documents: Vec<CarerDocument>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Most certificates one carer keeps.
pub const DOCUMENTS_MAX: u64 = 10;

/// A carer's certificate (the carer and the registry's operators): the file is at
/// `GET /api/v1/carer-documents/{id}`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CarerDocument {
    pub id: Uuid,
    /// The kind of certificate (`certificates` of the matching vocabulary).
    pub kind: String,
    pub filename: String,
    /// `application/pdf`, `image/jpeg` or `image/png`.
    pub content_type: String,
    pub size_bytes: i64,
    pub status: DocumentStatus,
    /// Why an operator rejected it.
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When an operator verified or rejected it.
    pub decided_at: Option<DateTime<Utc>>,
}

/// What an uploaded certificate is.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DocumentQuery {
    /// The kind of certificate (`certificates` of `GET /api/v1/matching/vocabulary`).
    #[param(min_length = 1, max_length = 40)]
    pub kind: String,
    /// The file's name as the person knows it (paths are dropped).
    #[param(max_length = 200)]
    pub filename: Option<String>,
}

/// An operator's decision on a certificate.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDocumentDecision {
    pub decision: DocumentDecision,
    /// Why (required to reject; the carer reads it).
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

impl JsonBody for NewDocumentDecision {
    const MULTILINE: &'static [&'static str] = &["note"];
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
    /// The photo's address (none without a photo): it works for one to two hours,
    /// without signing in.
    pub photo: Option<String>,
    pub roles: Vec<CarerRole>,
    pub skills: Vec<String>,
    pub languages: Vec<SpokenLanguage>,
    pub zones: Vec<ZoneRef>,
    pub week: WeekHours,
    pub arrangements: Vec<Arrangement>,
    pub hourly_cents: Option<i64>,
    pub monthly_cents: Option<i64>,
    pub experience_years: i32,
    /// What the registry verified: `wemi_registry` (interviewed and trained at a WeMi
    /// space), then the codes of the certificates an operator verified (`certificates`
    /// of the matching vocabulary).
    pub badges: Vec<String>,
}

/// The matching vocabulary: roles, skills, broad conditions, contributions.
pub type MatchingVocabulary = Vocabulary;

/// The photo's version in its address (`photo` of a registration or a profile).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PhotoQuery {
    #[param(pattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    pub v: String,
}
