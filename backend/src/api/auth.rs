//! Sign-up, e-mail verification, sign-in, token refresh and the signed-in person's profile.
use super::services::OrganisationRef;
pub use crate::domain::{AccountType, Language, Role};
use crate::input::JsonBody;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    #[schema(format = "email", max_length = 254)]
    pub email: String,
    /// At least 12 characters, not a common password.
    #[schema(min_length = 12, max_length = 128)]
    pub password: String,
    /// How the platform addresses the person (1–100 characters, trimmed).
    #[schema(min_length = 1, max_length = 100)]
    pub display_name: String,
    pub language: Language,
    /// The version of the privacy notice the person accepted.
    pub privacy_version: String,
    pub accept_privacy: bool,
    /// `citizen` (default: looking for care) or `carer` (an assistente familiare offering
    /// work: badante, colf, baby sitter).
    #[serde(default)]
    pub account_type: AccountType,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyEmailRequest {
    pub token: String,
    /// The password chosen with the sign-up the link belongs to (for an address change:
    /// the account's password). Whoever holds the mailbox cannot confirm an account
    /// someone else started with their address.
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccessToken {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires (≤ 900).
    pub expires_in: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Accepted {
    /// What happens next, for the person.
    pub detail: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Membership {
    /// The membership's id: name it in `X-Active-Membership` to act in this role only.
    pub id: Uuid,
    pub role: Role,
    pub organisation: Option<OrganisationRef>,
    /// The tenant (municipality or district) code, for municipal roles and space
    /// operators.
    pub tenant: Option<String>,
    /// The tenant's name ("Comune di Milano").
    pub tenant_name: Option<String>,
    /// The WeMi space, for space operators.
    pub space: Option<super::spaces::SpaceRef>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: Uuid,
    pub email: Option<String>,
    pub email_verified: bool,
    pub display_name: String,
    pub language: Language,
    /// Oldest first.
    pub memberships: Vec<Membership>,
    /// How many of the person's notifications are unread (the header's bell).
    pub unread_notifications: u64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    pub email: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirm {
    pub token: String,
    /// At least 12 characters, not a common password.
    #[schema(min_length = 12, max_length = 128)]
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentRecord {
    pub document: String,
    pub version: String,
    pub accepted_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionRecord {
    /// The browser and system, coarsely ("Firefox · Windows"), when recognised.
    pub device: Option<String>,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub last_active_at: chrono::DateTime<chrono::Utc>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub active: bool,
}

/// A live session: one sign-in on one device, kept alive by its refresh cookie.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActiveSession {
    pub id: Uuid,
    /// The browser and system, coarsely ("Firefox · Windows"), when recognised.
    pub device: Option<String>,
    pub started_at: chrono::DateTime<chrono::Utc>,
    /// When its access was last renewed (at most 15 minutes before its last request).
    pub last_active_at: chrono::DateTime<chrono::Utc>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    /// The session making this request.
    pub current: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionList {
    pub items: Vec<ActiveSession>,
}

/// Everything the platform holds about the signed-in person (GDPR art. 15 and 20).
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountExport {
    pub exported_at: chrono::DateTime<chrono::Utc>,
    pub profile: Me,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub consents: Vec<ConsentRecord>,
    pub sessions: Vec<SessionRecord>,
    /// The requests you sent to providers, with their threads and messages.
    pub requests: Vec<crate::api::contact::ExportedRequest>,
    /// Your registration as a carer (profile, references, the registry's steps), if any.
    pub carer: Option<crate::api::carers::CarerRegistration>,
    /// Your favourite services and carers.
    pub favourites: crate::api::favourites::Favourites,
    /// Your saved searches.
    pub saved_searches: Vec<crate::api::favourites::SavedSearch>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteAccountRequest {
    /// The current password: deleting an account needs a fresh proof of identity.
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    /// At least 12 characters, not a common password.
    #[schema(min_length = 12, max_length = 128)]
    pub new_password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProfileRequest {
    #[schema(min_length = 1, max_length = 100)]
    pub display_name: Option<String>,
    /// The language of the interface and of e-mails.
    pub language: Option<Language>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeEmailRequest {
    pub password: String,
    #[schema(format = "email", max_length = 254)]
    pub new_email: String,
}

impl JsonBody for SignupRequest {}
impl JsonBody for VerifyEmailRequest {}
impl JsonBody for LoginRequest {}
impl JsonBody for PasswordResetRequest {}
impl JsonBody for PasswordResetConfirm {}
impl JsonBody for DeleteAccountRequest {}
impl JsonBody for ChangePasswordRequest {}
impl JsonBody for UpdateProfileRequest {}
impl JsonBody for ChangeEmailRequest {}
