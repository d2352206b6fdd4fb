//! The roles a person can hold, and where each applies. Stored as their snake_case codes
//! (`DeriveActiveEnum`): the code never compares role strings.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A role in the platform. Provider roles apply in an organisation, municipal roles in a
/// tenant, space operators in a WeMi space; the others everywhere.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    ToSchema,
)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::None)",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Citizen,
    Carer,
    ProviderStaff,
    ProviderAdmin,
    SpaceOperator,
    MunicipalReviewer,
    MunicipalAdmin,
    PlatformAdmin,
}

/// The kind of place a role applies in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// Citizen, carer, platform admin.
    Everywhere,
    Organisation,
    Tenant,
    Space,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Citizen,
        Role::Carer,
        Role::ProviderStaff,
        Role::ProviderAdmin,
        Role::SpaceOperator,
        Role::MunicipalReviewer,
        Role::MunicipalAdmin,
        Role::PlatformAdmin,
    ];

    /// The stable code (`provider_admin`), as stored and as the API writes it.
    pub fn code(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Carer => "carer",
            Role::ProviderStaff => "provider_staff",
            Role::ProviderAdmin => "provider_admin",
            Role::SpaceOperator => "space_operator",
            Role::MunicipalReviewer => "municipal_reviewer",
            Role::MunicipalAdmin => "municipal_admin",
            Role::PlatformAdmin => "platform_admin",
        }
    }

    /// The role with this code (command-line arguments).
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn scope_kind(self) -> ScopeKind {
        match self {
            Role::ProviderStaff | Role::ProviderAdmin => ScopeKind::Organisation,
            Role::MunicipalReviewer | Role::MunicipalAdmin => ScopeKind::Tenant,
            Role::SpaceOperator => ScopeKind::Space,
            Role::Citizen | Role::Carer | Role::PlatformAdmin => ScopeKind::Everywhere,
        }
    }
}

/// What a person signs up as.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccountType {
    /// Looking for care (the default).
    #[default]
    Citizen,
    /// An assistente familiare offering work: badante, colf, baby sitter.
    Carer,
}

impl AccountType {
    /// The role a sign-up of this type holds.
    pub fn role(self) -> Role {
        match self {
            AccountType::Citizen => Role::Citizen,
            AccountType::Carer => Role::Carer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_serde_and_parse() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
            assert_eq!(
                serde_json::to_value(r).ok(),
                Some(serde_json::Value::String(r.code().into()))
            );
            assert_eq!(r.to_value(), r.code());
        }
        assert_eq!(Role::parse("superuser"), None);
        assert_eq!(AccountType::Carer.role(), Role::Carer);
        assert_eq!(Role::SpaceOperator.scope_kind(), ScopeKind::Space);
    }
}
