//! Invitations to a role.
use super::auth::Role;
use crate::input::JsonBody;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvitationRequest {
    #[schema(format = "email", max_length = 254)]
    pub email: String,
    pub role: Role,
    /// For provider roles: the organisation's id.
    pub organisation: Option<Uuid>,
    /// For municipal roles: the tenant's code.
    pub tenant: Option<String>,
    /// For space operators: the WeMi space's id.
    pub space: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Invitation {
    pub id: Uuid,
    pub role: Role,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitation {
    pub token: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Member {
    /// The person's id.
    pub id: Uuid,
    pub display_name: String,
    pub email: Option<String>,
    pub role: Role,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberList {
    pub items: Vec<Member>,
}

/// What an invitation is for, shown before it is accepted (the link's holder may not be
/// signed in yet).
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationPreview {
    pub role: Role,
    pub organisation: Option<super::services::OrganisationRef>,
    /// The tenant's name, for municipal roles and space operators.
    pub tenant: Option<String>,
    pub space: Option<super::spaces::SpaceRef>,
    /// The invited address, masked ("a•••@example.org"): sign in with that one.
    pub email_hint: String,
    /// Asked with a token: whether the signed-in person is the one invited (their
    /// confirmed address is the invited one). Absent for anonymous callers.
    pub for_you: Option<bool>,
    pub expires_at: DateTime<Utc>,
}

impl JsonBody for InvitationRequest {}
impl JsonBody for AcceptInvitation {}
