//! Granting scoped roles (`domicilia admin create`).
#[allow(unused_imports)]
use super::*;

/// Where a membership applies, as callers name it.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// A tenant's code, for municipal roles.
    pub tenant: Option<String>,
    /// An organisation's id, for provider roles.
    pub organisation: Option<Uuid>,
    /// A WeMi space's id, for space operators.
    pub space: Option<Uuid>,
}

/// A scope resolved to row ids. A space brings its tenant along: an operator belongs to
/// the tenant of their space.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResolvedScope {
    pub organisation_id: Option<i32>,
    /// The tenant of the organisation, for an organisation's scope (its register's
    /// municipality): not stored with a membership.
    pub organisation_tenant: Option<i32>,
    pub tenant_id: Option<i32>,
    pub space_id: Option<i32>,
}

/// A scope as people see it: the organisation, the tenant and the space, by name.
#[derive(Debug, Default)]
pub struct ScopeRefs {
    pub organisation: Option<OrganisationRef>,
    pub tenant: Option<tenants::Model>,
    pub space: Option<crate::api::spaces::SpaceRef>,
}

impl ResolvedScope {
    /// The scope of a membership.
    pub fn of(m: &memberships::Model) -> Self {
        Self {
            organisation_id: m.organisation_id,
            organisation_tenant: None,
            tenant_id: m.tenant_id,
            space_id: m.space_id,
        }
    }

    /// The scope as one comparable key (`memberships.scope_key`): a space (which names
    /// its tenant too), an organisation, a tenant, or nowhere in particular.
    pub fn key(&self) -> String {
        match (self.space_id, self.organisation_id, self.tenant_id) {
            (Some(s), _, _) => format!("s:{s}"),
            (None, Some(o), _) => format!("o:{o}"),
            (None, None, Some(t)) => format!("t:{t}"),
            (None, None, None) => String::new(),
        }
    }

    /// The rows it names, for showing (a membership in /me, an invitation's preview).
    pub async fn describe(
        &self,
        db: &impl sea_orm::ConnectionTrait,
    ) -> Result<ScopeRefs, ApiError> {
        let mut out = ScopeRefs::default();
        if let Some(id) = self.organisation_id {
            out.organisation = organisations::Entity::find_by_id(id)
                .one(db)
                .await?
                .map(|o| OrganisationRef {
                    id: o.public_id,
                    legal_name: o.legal_name,
                });
        }
        if let Some(id) = self.tenant_id {
            out.tenant = tenants::Entity::find_by_id(id).one(db).await?;
        }
        if let Some(id) = self.space_id {
            out.space = spaces::Entity::find_by_id(id).one(db).await?.map(|s| {
                crate::api::spaces::SpaceRef {
                    id: s.public_id,
                    name: s.name,
                }
            });
        }
        Ok(out)
    }
}

/// Whether a role takes this kind of scope: provider roles an organisation, municipal
/// roles a tenant, space operators a space, everyone else none.
pub fn scope_fits(role: Role, scope: &Scope) -> bool {
    use crate::domain::ScopeKind;
    let (o, t, s) = (
        scope.organisation.is_some(),
        scope.tenant.is_some(),
        scope.space.is_some(),
    );
    match role.scope_kind() {
        ScopeKind::Organisation => o && !t && !s,
        ScopeKind::Tenant => t && !o && !s,
        ScopeKind::Space => s && !o && !t,
        ScopeKind::Everywhere => !o && !t && !s,
    }
}

pub const SCOPE_MISMATCH: &str = "Provider roles need an organisation, municipal roles a tenant, space operators a space; other roles none.";

/// Finds the rows a scope names; an unknown one is a 422 naming the field.
pub async fn resolve_scope(
    db: &impl sea_orm::ConnectionTrait,
    scope: &Scope,
) -> Result<ResolvedScope, ApiError> {
    let mut out = ResolvedScope::default();
    if let Some(code) = &scope.tenant {
        out.tenant_id = Some(
            tenants::Entity::find()
                .filter(tenants::Column::Code.eq(code))
                .one(db)
                .await?
                .ok_or_else(|| {
                    ApiError::field("tenant", "unknown_value", "No tenant has this code.")
                })?
                .id,
        );
    }
    if let Some(id) = scope.organisation {
        let org = organisations::Entity::find()
            .filter(organisations::Column::PublicId.eq(id))
            .one(db)
            .await?
            .ok_or_else(|| {
                ApiError::field(
                    "organisation",
                    "unknown_value",
                    "No organisation has this id.",
                )
            })?;
        out.organisation_id = Some(org.id);
        out.organisation_tenant = Some(org.tenant_id);
    }
    if let Some(id) = scope.space {
        let space = spaces::Entity::find()
            .filter(spaces::Column::PublicId.eq(id))
            .one(db)
            .await?
            .ok_or_else(|| {
                ApiError::field("space", "unknown_value", "No WeMi space has this id.")
            })?;
        out.space_id = Some(space.id);
        out.tenant_id = Some(space.tenant_id);
    }
    Ok(out)
}

/// Gives the person `role` in `scope` unless they hold it there already; true when a
/// membership was added. (A unique index on person, role and scope keeps one row even
/// when two grants race: the loser's transaction fails and is retried by its caller.)
pub async fn add_membership(
    db: &impl sea_orm::ConnectionTrait,
    user_id: i32,
    role: Role,
    scope: ResolvedScope,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let key = scope.key();
    let exists = memberships::Entity::find()
        .filter(memberships::Column::UserId.eq(user_id))
        .filter(memberships::Column::Role.eq(role))
        .filter(memberships::Column::ScopeKey.eq(key.clone()))
        .one(db)
        .await?
        .is_some();
    if exists {
        return Ok(false);
    }
    memberships::ActiveModel {
        public_id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        role: Set(role),
        organisation_id: Set(scope.organisation_id),
        tenant_id: Set(scope.tenant_id),
        space_id: Set(scope.space_id),
        scope_key: Set(key),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(true)
}

/// Gives `email` a role (creating the account when needed, with a verified address and a
/// link to choose a password): `domicilia admin create`.
pub async fn grant_role(
    db: &Db,
    public_url: &str,
    email: &str,
    role: Role,
    scope: Scope,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let email = normalise_email(email)
        .ok_or_else(|| ApiError::field("email", "invalid_format", "Not an e-mail address."))?;
    if !scope_fits(role, &scope) {
        return Err(ApiError::field("role", "scope_mismatch", SCOPE_MISMATCH));
    }
    let created = retry_once_on_unique(|| grant(db, &email, role, &scope, now)).await?;
    if created {
        // A new account chooses its own password through the reset link.
        send_reset_link(db, public_url, &email, None, now).await?;
    }
    Ok(created)
}

async fn grant(
    db: &Db,
    email: &str,
    role: Role,
    scope: &Scope,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let txn = db.write().await?;
    let resolved = resolve_scope(&txn, scope).await?;
    let existing = users::Entity::find()
        .filter(users::Column::Email.eq(email))
        .one(&txn)
        .await?;
    let created = existing.is_none();
    let user = match existing {
        Some(u) => u,
        None => {
            users::ActiveModel {
                public_id: Set(Uuid::now_v7()),
                email: Set(Some(email.to_owned())),
                email_verified_at: Set(Some(now)),
                password_hash: Set(None),
                display_name: Set(email.split('@').next().unwrap_or("").to_owned()),
                language: Set(Language::It),
                created_at: Set(now),
                updated_at: Set(now),
                deleted_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    add_membership(&txn, user.id, role, resolved, now).await?;
    audit::record(
        &txn,
        AuditAction::RoleGranted,
        None,
        Some(user.id),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}
