//! Granting scoped roles (`domicilia admin create`).
#[allow(unused_imports)]
use super::*;

/// Where a membership applies.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub tenant: Option<String>,
    pub organisation: Option<Uuid>,
}

/// Gives `email` a role (creating the account when needed, with a verified address and a
/// link to choose a password): `domicilia admin create`, and later invitations.
pub async fn grant_role(
    db: &DatabaseConnection,
    public_url: &str,
    email: &str,
    role: Role,
    scope: Scope,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let email = normalise_email(email)
        .ok_or_else(|| ApiError::field("email", "invalid_format", "Not an e-mail address."))?;
    let txn = db.begin().await?;
    let tenant_id = match &scope.tenant {
        Some(code) => Some(
            tenants::Entity::find()
                .filter(tenants::Column::Code.eq(code))
                .one(&txn)
                .await?
                .ok_or_else(|| {
                    ApiError::field("tenant", "unknown_value", "No tenant has this code.")
                })?
                .id,
        ),
        None => None,
    };
    let organisation_id = match scope.organisation {
        Some(id) => Some(
            organisations::Entity::find()
                .filter(organisations::Column::PublicId.eq(id))
                .one(&txn)
                .await?
                .ok_or(ApiError::NotFound("organisation"))?
                .id,
        ),
        None => None,
    };
    let needs = match role {
        Role::MunicipalAdmin | Role::MunicipalReviewer => {
            tenant_id.is_some() && organisation_id.is_none()
        }
        Role::ProviderAdmin | Role::ProviderStaff => {
            organisation_id.is_some() && tenant_id.is_none()
        }
        Role::PlatformAdmin | Role::Citizen | Role::Carer => {
            tenant_id.is_none() && organisation_id.is_none()
        }
        Role::SpaceOperator => false,
    };
    if !needs {
        return Err(ApiError::field(
            "role",
            "scope_mismatch",
            "Municipal roles need a tenant, provider roles an organisation, others neither (space operators come with WeMi spaces).",
        ));
    }
    let role_code = serde_json::to_value(role)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let existing = users::Entity::find()
        .filter(users::Column::Email.eq(&email))
        .one(&txn)
        .await?;
    let created = existing.is_none();
    let user = match existing {
        Some(u) => u,
        None => {
            users::ActiveModel {
                public_id: Set(Uuid::now_v7()),
                email: Set(Some(email.clone())),
                email_verified_at: Set(Some(now)),
                password_hash: Set(None),
                display_name: Set(email.split('@').next().unwrap_or("").to_owned()),
                language: Set("it".into()),
                created_at: Set(now),
                updated_at: Set(now),
                deleted_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    let duplicate = memberships::Entity::find()
        .filter(memberships::Column::UserId.eq(user.id))
        .filter(memberships::Column::Role.eq(&role_code))
        .all(&txn)
        .await?
        .iter()
        .any(|m| m.tenant_id == tenant_id && m.organisation_id == organisation_id);
    if !duplicate {
        memberships::ActiveModel {
            user_id: Set(user.id),
            role: Set(role_code),
            organisation_id: Set(organisation_id),
            tenant_id: Set(tenant_id),
            space_id: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        audit::Action::RoleGranted,
        None,
        Some(user.id),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    if created {
        // A new account chooses its own password through the reset link.
        send_reset_link(db, public_url, &email, None, now).await?;
    }
    Ok(created)
}
