//! Role guards over a person's memberships: the first gate of an authorization decision.
//! The services then decide on the object itself (this organisation, tenant, space).
use crate::api::auth::Role;
use crate::entities::memberships;

fn role(m: &memberships::Model) -> Option<Role> {
    Role::parse(&m.role)
}

/// Whether any membership has `role`, wherever.
pub fn holds(ms: &[memberships::Model], role_wanted: Role) -> bool {
    ms.iter().any(|m| role(m) == Some(role_wanted))
}

/// Whether a membership has `role` in the tenant.
pub fn holds_in_tenant(ms: &[memberships::Model], role_wanted: Role, tenant_id: i32) -> bool {
    ms.iter()
        .any(|m| role(m) == Some(role_wanted) && m.tenant_id == Some(tenant_id))
}

/// Whether a membership has `role` in the organisation.
pub fn holds_in_organisation(
    ms: &[memberships::Model],
    role_wanted: Role,
    organisation_id: i32,
) -> bool {
    ms.iter()
        .any(|m| role(m) == Some(role_wanted) && m.organisation_id == Some(organisation_id))
}

/// The tenants in which a membership has `role`.
pub fn tenants_where(ms: &[memberships::Model], role_wanted: Role) -> Vec<i32> {
    ms.iter()
        .filter(|m| role(m) == Some(role_wanted))
        .filter_map(|m| m.tenant_id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(role: &str, tenant: Option<i32>, org: Option<i32>) -> memberships::Model {
        memberships::Model {
            id: 1,
            user_id: 1,
            role: role.into(),
            organisation_id: org,
            space_id: None,
            tenant_id: tenant,
            created_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn guards_look_at_role_and_scope() {
        let ms = [
            m("municipal_admin", Some(7), None),
            m("provider_staff", None, Some(3)),
        ];
        assert!(holds(&ms, Role::MunicipalAdmin));
        assert!(!holds(&ms, Role::PlatformAdmin));
        assert!(holds_in_tenant(&ms, Role::MunicipalAdmin, 7));
        assert!(!holds_in_tenant(&ms, Role::MunicipalAdmin, 8));
        assert!(holds_in_organisation(&ms, Role::ProviderStaff, 3));
        assert!(!holds_in_organisation(&ms, Role::ProviderAdmin, 3));
        assert_eq!(tenants_where(&ms, Role::MunicipalAdmin), [7]);
        // An unknown role string grants nothing.
        assert!(!holds(&[m("superuser", None, None)], Role::PlatformAdmin));
    }
}
