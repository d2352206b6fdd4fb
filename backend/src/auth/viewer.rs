//! Who is asking: the person, their memberships (roles and where they apply) and,
//! optionally, the one membership they act in. Built by the `Viewer` extractor on every
//! request; passed to services, which ask `policy` before they act.
use crate::domain::Role;
use crate::entities::{memberships, users};

#[derive(Debug, Clone)]
pub struct Viewer {
    pub user: users::Model,
    /// Every membership, oldest first.
    pub memberships: Vec<memberships::Model>,
    /// The session (refresh-token family) of the access token.
    pub session: uuid::Uuid,
    /// The membership (row id) the person acts in, when they named one: policies then
    /// consider it alone.
    pub active: Option<i32>,
}

impl Viewer {
    /// A viewer acting with every one of `memberships` (command line, tests).
    pub fn new(user: users::Model, memberships: Vec<memberships::Model>) -> Self {
        Self {
            user,
            memberships,
            session: uuid::Uuid::nil(),
            active: None,
        }
    }

    /// The memberships that count for authorization: the active one, or all.
    pub fn roles(&self) -> impl Iterator<Item = &memberships::Model> {
        self.memberships
            .iter()
            .filter(move |m| self.active.is_none_or(|a| a == m.id))
    }

    /// Whether a membership in effect has `role`, wherever.
    pub fn holds(&self, role: Role) -> bool {
        self.roles().any(|m| m.role == role)
    }

    /// Whether a membership in effect has `role` in the tenant.
    pub fn holds_in_tenant(&self, role: Role, tenant_id: i32) -> bool {
        self.roles()
            .any(|m| m.role == role && m.tenant_id == Some(tenant_id))
    }

    /// Whether a membership in effect has `role` in the organisation.
    pub fn holds_in_organisation(&self, role: Role, organisation_id: i32) -> bool {
        self.roles()
            .any(|m| m.role == role && m.organisation_id == Some(organisation_id))
    }

    /// The tenants in which a membership in effect has `role`.
    pub fn tenants_where(&self, role: Role) -> Vec<i32> {
        self.roles()
            .filter(|m| m.role == role)
            .filter_map(|m| m.tenant_id)
            .collect()
    }
}
