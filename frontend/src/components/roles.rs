//! How roles and memberships are named to people.
use crate::api::{Membership, Role};
use crate::i18n::{Lang, t};

pub fn role_label(lang: Lang, role: Role) -> &'static str {
    t(
        lang,
        match role {
            Role::Citizen => "role.citizen",
            Role::Carer => "role.carer",
            Role::ProviderStaff => "role.provider_staff",
            Role::ProviderAdmin => "role.provider_admin",
            Role::SpaceOperator => "role.space_operator",
            Role::MunicipalReviewer => "role.municipal_reviewer",
            Role::MunicipalAdmin => "role.municipal_admin",
            Role::PlatformAdmin => "role.platform_admin",
        },
    )
}

/// "Provider administrator — Cooperativa Sociale Esempio".
pub fn membership_label(lang: Lang, m: &Membership) -> String {
    let scope = m
        .organisation
        .as_ref()
        .map(|o| o.legal_name.clone())
        .or_else(|| m.space.as_ref().map(|s| s.name.clone()))
        .or_else(|| m.tenant_name.clone())
        .or_else(|| m.tenant.clone());
    match scope {
        Some(s) => format!("{} — {s}", role_label(lang, m.role)),
        None => role_label(lang, m.role).to_owned(),
    }
}
