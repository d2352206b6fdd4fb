//! Authorization: one function per decision, "may this viewer do this to this object",
//! asked by the services before they act (and before they validate, so that a caller who
//! may not act learns nothing from validation messages). No I/O: the service loads the
//! object, the policy decides.
use super::Viewer;
use crate::domain::{Role, ScopeKind};
use crate::entities::{invitations, service_cards};
use crate::services::accounts::ResolvedScope;

/// Whether the viewer may invite someone to `role` in `scope`: platform admins anyone
/// anywhere; a provider admin staff and admins of their organisation; a municipal admin
/// reviewers, admins and space operators of their tenant.
pub fn can_invite(v: &Viewer, role: Role, scope: &ResolvedScope) -> bool {
    if v.holds(Role::PlatformAdmin) {
        return true;
    }
    match role.scope_kind() {
        // An organisation's administrators invite its people; the municipality's
        // administrators invite the administrators of the organisations of its register
        // (the first one of a new organisation).
        ScopeKind::Organisation => {
            scope
                .organisation_id
                .is_some_and(|o| v.holds_in_organisation(Role::ProviderAdmin, o))
                || (role == Role::ProviderAdmin
                    && scope
                        .organisation_tenant
                        .is_some_and(|t| v.holds_in_tenant(Role::MunicipalAdmin, t)))
        }
        ScopeKind::Tenant | ScopeKind::Space => scope
            .tenant_id
            .is_some_and(|t| v.holds_in_tenant(Role::MunicipalAdmin, t)),
        ScopeKind::Everywhere => false,
    }
}

/// Whether the viewer manages the organisation's people (lists and removes members):
/// its provider admins and the platform admins.
pub fn can_manage_organisation(v: &Viewer, organisation_id: i32) -> bool {
    v.holds(Role::PlatformAdmin) || v.holds_in_organisation(Role::ProviderAdmin, organisation_id)
}

/// Whether the viewer administers the tenant (opens its WeMi spaces, manages their
/// operators): its municipal admins and the platform admins. `None`: a tenant that does
/// not exist, which only platform admins may be told about.
pub fn can_administer_tenant(v: &Viewer, tenant_id: Option<i32>) -> bool {
    v.holds(Role::PlatformAdmin)
        || tenant_id.is_some_and(|t| v.holds_in_tenant(Role::MunicipalAdmin, t))
}

/// How much of the audit log the viewer reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditReach {
    /// Every event (platform admins).
    All,
    /// The events about people with a role in these tenants (municipal admins).
    Tenants(Vec<i32>),
}

pub fn audit_reach(v: &Viewer) -> Option<AuditReach> {
    if v.holds(Role::PlatformAdmin) {
        return Some(AuditReach::All);
    }
    let tenants = v.tenants_where(Role::MunicipalAdmin);
    (!tenants.is_empty()).then_some(AuditReach::Tenants(tenants))
}

/// Whether the invitation is addressed to the viewer: their confirmed address is the
/// invited one.
pub fn is_invited(v: &Viewer, inv: &invitations::Model) -> bool {
    v.user.email.as_deref() == Some(inv.email.as_str()) && v.user.email_verified_at.is_some()
}

/// Whether the viewer may edit the card: the staff and admins of its organisation.
pub fn can_edit_card(v: &Viewer, card: &service_cards::Model) -> bool {
    v.holds_in_organisation(Role::ProviderStaff, card.organisation_id)
        || v.holds_in_organisation(Role::ProviderAdmin, card.organisation_id)
}

/// Whether the viewer may create and edit cards of the organisation: its staff and
/// admins.
pub fn can_write_cards_of(v: &Viewer, organisation_id: i32) -> bool {
    v.holds_in_organisation(Role::ProviderStaff, organisation_id)
        || v.holds_in_organisation(Role::ProviderAdmin, organisation_id)
}

/// Whether the viewer reviews the cards of the tenant's organisations: its municipal
/// reviewers and admins.
pub fn can_review_in_tenant(v: &Viewer, tenant_id: i32) -> bool {
    v.holds_in_tenant(Role::MunicipalReviewer, tenant_id)
        || v.holds_in_tenant(Role::MunicipalAdmin, tenant_id)
}

/// The tenants whose submissions the viewer reviews.
pub fn review_tenants(v: &Viewer) -> Vec<i32> {
    let mut t = v.tenants_where(Role::MunicipalReviewer);
    t.extend(v.tenants_where(Role::MunicipalAdmin));
    t.sort_unstable();
    t.dedup();
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CardStatus, Language};
    use crate::entities::{memberships, users};

    fn person(email: &str, verified: bool) -> users::Model {
        let now = chrono::Utc::now();
        users::Model {
            id: 1,
            public_id: uuid::Uuid::now_v7(),
            email: Some(email.into()),
            email_verified_at: verified.then_some(now),
            password_hash: None,
            display_name: "Anna".into(),
            language: Language::It,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        }
    }

    fn m(id: i32, role: Role, org: Option<i32>, tenant: Option<i32>) -> memberships::Model {
        memberships::Model {
            id,
            public_id: uuid::Uuid::now_v7(),
            user_id: 1,
            role,
            organisation_id: org,
            space_id: None,
            tenant_id: tenant,
            scope_key: String::new(),
            created_at: chrono::Utc::now(),
        }
    }

    fn viewer(ms: Vec<memberships::Model>) -> Viewer {
        Viewer::new(person("anna@example.org", true), ms)
    }

    fn scope(org: Option<i32>, tenant: Option<i32>, space: Option<i32>) -> ResolvedScope {
        ResolvedScope {
            organisation_id: org,
            organisation_tenant: None,
            tenant_id: tenant,
            space_id: space,
        }
    }

    #[test]
    fn a_municipality_invites_the_administrators_of_its_register() {
        let city = viewer(vec![m(1, Role::MunicipalAdmin, None, Some(7))]);
        let org_of = |tenant| ResolvedScope {
            organisation_id: Some(3),
            organisation_tenant: Some(tenant),
            ..ResolvedScope::default()
        };
        assert!(can_invite(&city, Role::ProviderAdmin, &org_of(7)));
        // Not its staff (their administrators do that), not another municipality's.
        assert!(!can_invite(&city, Role::ProviderStaff, &org_of(7)));
        assert!(!can_invite(&city, Role::ProviderAdmin, &org_of(8)));
        let reviewer = viewer(vec![m(1, Role::MunicipalReviewer, None, Some(7))]);
        assert!(!can_invite(&reviewer, Role::ProviderAdmin, &org_of(7)));
    }

    #[test]
    fn invitations_follow_role_and_place() {
        let provider_admin = viewer(vec![m(1, Role::ProviderAdmin, Some(3), None)]);
        assert!(can_invite(
            &provider_admin,
            Role::ProviderStaff,
            &scope(Some(3), None, None)
        ));
        assert!(can_invite(
            &provider_admin,
            Role::ProviderAdmin,
            &scope(Some(3), None, None)
        ));
        // Another organisation, or a municipal role: no.
        assert!(!can_invite(
            &provider_admin,
            Role::ProviderStaff,
            &scope(Some(4), None, None)
        ));
        assert!(!can_invite(
            &provider_admin,
            Role::MunicipalReviewer,
            &scope(None, Some(1), None)
        ));
        // Staff do not invite.
        let staff = viewer(vec![m(1, Role::ProviderStaff, Some(3), None)]);
        assert!(!can_invite(
            &staff,
            Role::ProviderStaff,
            &scope(Some(3), None, None)
        ));
        let municipal = viewer(vec![m(1, Role::MunicipalAdmin, None, Some(7))]);
        assert!(can_invite(
            &municipal,
            Role::MunicipalReviewer,
            &scope(None, Some(7), None)
        ));
        assert!(can_invite(
            &municipal,
            Role::SpaceOperator,
            &scope(None, Some(7), Some(2))
        ));
        assert!(!can_invite(
            &municipal,
            Role::SpaceOperator,
            &scope(None, Some(8), Some(5))
        ));
        assert!(!can_invite(
            &municipal,
            Role::ProviderAdmin,
            &scope(Some(3), None, None)
        ));
        assert!(!can_invite(
            &municipal,
            Role::PlatformAdmin,
            &scope(None, None, None)
        ));
        let platform = viewer(vec![m(1, Role::PlatformAdmin, None, None)]);
        assert!(can_invite(
            &platform,
            Role::PlatformAdmin,
            &scope(None, None, None)
        ));
        assert!(!can_invite(
            &viewer(vec![]),
            Role::Citizen,
            &scope(None, None, None)
        ));
    }

    #[test]
    fn the_active_membership_alone_counts_when_named() {
        let mut v = viewer(vec![
            m(1, Role::Citizen, None, None),
            m(2, Role::PlatformAdmin, None, None),
        ]);
        assert!(can_administer_tenant(&v, Some(1)));
        v.active = Some(1);
        assert!(!can_administer_tenant(&v, Some(1)));
        assert_eq!(audit_reach(&v), None);
        v.active = Some(2);
        assert_eq!(audit_reach(&v), Some(AuditReach::All));
    }

    #[test]
    fn organisations_tenants_and_the_audit_log() {
        let admin = viewer(vec![m(1, Role::ProviderAdmin, Some(3), None)]);
        assert!(can_manage_organisation(&admin, 3));
        assert!(!can_manage_organisation(&admin, 4));
        let staff = viewer(vec![m(1, Role::ProviderStaff, Some(3), None)]);
        assert!(!can_manage_organisation(&staff, 3));
        let municipal = viewer(vec![
            m(1, Role::MunicipalAdmin, None, Some(7)),
            m(2, Role::MunicipalReviewer, None, Some(8)),
        ]);
        assert!(can_administer_tenant(&municipal, Some(7)));
        assert!(!can_administer_tenant(&municipal, Some(8)));
        assert!(!can_administer_tenant(&municipal, None));
        assert_eq!(audit_reach(&municipal), Some(AuditReach::Tenants(vec![7])));
        assert_eq!(audit_reach(&staff), None);
        let platform = viewer(vec![m(1, Role::PlatformAdmin, None, None)]);
        assert!(can_administer_tenant(&platform, None));
        assert!(can_manage_organisation(&platform, 99));
    }

    #[test]
    fn invitations_are_for_the_confirmed_address_only() {
        let inv = invitations::Model {
            id: 1,
            public_id: uuid::Uuid::now_v7(),
            token_hash: String::new(),
            email: "anna@example.org".into(),
            role: Role::ProviderStaff,
            organisation_id: Some(3),
            tenant_id: None,
            space_id: None,
            invited_by: 2,
            expires_at: chrono::Utc::now(),
            accepted_at: None,
            created_at: chrono::Utc::now(),
        };
        assert!(is_invited(&viewer(vec![]), &inv));
        let unconfirmed = Viewer::new(person("anna@example.org", false), vec![]);
        assert!(!is_invited(&unconfirmed, &inv));
        let other = Viewer::new(person("bruno@example.org", true), vec![]);
        assert!(!is_invited(&other, &inv));
    }

    #[test]
    fn cards_are_edited_by_their_organisation() {
        let now = chrono::Utc::now();
        let card = service_cards::Model {
            id: 1,
            public_id: uuid::Uuid::now_v7(),
            organisation_id: 3,
            category_code: "badante".into(),
            macro_area_code: "benessere".into(),
            accreditation_type_code: "3A".into(),
            title: "Badante".into(),
            service_manager: "R.".into(),
            needs_analysis: String::new(),
            solution: String::new(),
            activities: String::new(),
            contact_phone: None,
            contact_email: None,
            waiting_days_assessment: 1,
            waiting_days_activation: 1,
            waiting_days_total: 2,
            quote_available: false,
            status: CardStatus::Draft,
            min_price_cents: None,
            search_title: String::new(),
            search_body: String::new(),
            published_at: None,
            created_at: now,
            updated_at: now,
            languages: String::new(),
            access_step_free: "unknown".into(),
            access_toilet: "unknown".into(),
            access_lift: "unknown".into(),
            last_verified_at: None,
            verify_reminded_at: None,
            status_reason: None,
            revision: 1,
        };
        let staff = viewer(vec![m(1, Role::ProviderStaff, Some(3), None)]);
        let admin = viewer(vec![m(1, Role::ProviderAdmin, Some(3), None)]);
        let other = viewer(vec![m(1, Role::ProviderAdmin, Some(4), None)]);
        let reviewer = viewer(vec![m(1, Role::MunicipalReviewer, None, Some(1))]);
        assert!(can_edit_card(&staff, &card));
        assert!(can_edit_card(&admin, &card));
        assert!(!can_edit_card(&other, &card));
        assert!(!can_edit_card(&reviewer, &card));
        assert!(can_write_cards_of(&staff, 3) && can_write_cards_of(&admin, 3));
        assert!(!can_write_cards_of(&other, 3));
    }

    #[test]
    fn cards_are_reviewed_in_their_tenant() {
        let reviewer = viewer(vec![m(1, Role::MunicipalReviewer, None, Some(1))]);
        let admin = viewer(vec![m(2, Role::MunicipalAdmin, None, Some(1))]);
        let elsewhere = viewer(vec![m(3, Role::MunicipalReviewer, None, Some(2))]);
        let platform = viewer(vec![m(4, Role::PlatformAdmin, None, None)]);
        let staff = viewer(vec![m(5, Role::ProviderStaff, Some(3), None)]);
        assert!(can_review_in_tenant(&reviewer, 1) && can_review_in_tenant(&admin, 1));
        assert!(!can_review_in_tenant(&elsewhere, 1));
        assert!(!can_review_in_tenant(&platform, 1) && !can_review_in_tenant(&staff, 1));
        assert_eq!(review_tenants(&reviewer), [1]);
        assert!(review_tenants(&staff).is_empty());
    }
}
