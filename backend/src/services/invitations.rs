//! Inviting people to roles. Who may invite whom is decided here, per object:
//! a provider admin invites staff and admins of their own organisation; a municipal admin
//! reviewers and admins of their own tenant; a platform admin anyone.
use super::{accounts, audit};
use crate::api::auth::Role;
use crate::api::invitations::{Invitation, InvitationRequest};
use crate::auth::tokens;
use crate::entities::{invitations, memberships, organisations, tenants, users};
use crate::error::ApiError;
use crate::mail::{self, OutgoingMail, templates};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    TransactionTrait, sea_query::Expr,
};
use uuid::Uuid;

pub const VALID_DAYS: i64 = 7;

fn role_code(role: Role) -> String {
    serde_json::to_value(role)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn may_invite(
    inviter: &[memberships::Model],
    role: Role,
    organisation: Option<i32>,
    tenant: Option<i32>,
) -> bool {
    inviter.iter().any(|m| match m.role.as_str() {
        "platform_admin" => true,
        "provider_admin" => {
            matches!(role, Role::ProviderAdmin | Role::ProviderStaff)
                && organisation.is_some()
                && m.organisation_id == organisation
        }
        "municipal_admin" => {
            matches!(role, Role::MunicipalAdmin | Role::MunicipalReviewer)
                && tenant.is_some()
                && m.tenant_id == tenant
        }
        _ => false,
    })
}

pub async fn invite(
    db: &DatabaseConnection,
    public_url: &str,
    inviter: &users::Model,
    inviter_roles: &[memberships::Model],
    req: InvitationRequest,
    now: DateTime<Utc>,
) -> Result<Invitation, ApiError> {
    let organisation_id = match req.organisation {
        Some(id) => Some(
            organisations::Entity::find()
                .filter(organisations::Column::PublicId.eq(id))
                .one(db)
                .await?
                .ok_or_else(|| {
                    ApiError::field(
                        "organisation",
                        "unknown_value",
                        "No organisation has this id.",
                    )
                })?
                .id,
        ),
        None => None,
    };
    let tenant_id = match &req.tenant {
        Some(code) => Some(
            tenants::Entity::find()
                .filter(tenants::Column::Code.eq(code))
                .one(db)
                .await?
                .ok_or_else(|| {
                    ApiError::field("tenant", "unknown_value", "No tenant has this code.")
                })?
                .id,
        ),
        None => None,
    };
    let scoped = match req.role {
        Role::ProviderAdmin | Role::ProviderStaff => {
            organisation_id.is_some() && tenant_id.is_none()
        }
        Role::MunicipalAdmin | Role::MunicipalReviewer => {
            tenant_id.is_some() && organisation_id.is_none()
        }
        Role::PlatformAdmin => organisation_id.is_none() && tenant_id.is_none(),
        Role::Citizen | Role::Carer | Role::SpaceOperator => false,
    };
    if !may_invite(inviter_roles, req.role, organisation_id, tenant_id) {
        return Err(ApiError::Forbidden("You cannot invite to this role here."));
    }
    let email = accounts::normalise_email(&req.email)
        .ok_or_else(|| ApiError::field("email", "invalid_format", "Not an e-mail address."))?;
    if !scoped {
        return Err(ApiError::field(
            "role",
            "scope_mismatch",
            "Provider roles need an organisation, municipal roles a tenant.",
        ));
    }
    let token = tokens::random_token();
    let expires_at = now + Duration::days(VALID_DAYS);
    let public_id = Uuid::now_v7();
    let txn = db.begin().await?;
    invitations::ActiveModel {
        public_id: Set(public_id),
        token_hash: Set(tokens::token_hash(&token)),
        email: Set(email.clone()),
        role: Set(role_code(req.role)),
        organisation_id: Set(organisation_id),
        tenant_id: Set(tenant_id),
        invited_by: Set(inviter.id),
        expires_at: Set(expires_at),
        accepted_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let link = format!("{public_url}/invito?token={token}");
    let days = VALID_DAYS.to_string();
    let role = role_code(req.role).replace('_', " ");
    let rendered = templates::render(
        "invitation",
        &inviter.language,
        &[
            ("inviter", inviter.display_name.as_str()),
            ("role", &role),
            ("link", &link),
            ("days", &days),
        ],
    )
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    mail::enqueue(&txn, OutgoingMail::new(&email, rendered), now).await?;
    txn.commit().await?;
    Ok(Invitation {
        id: public_id,
        role: req.role,
        expires_at,
    })
}

/// The signed-in person accepts an invitation addressed to their own e-mail.
pub async fn accept(
    db: &DatabaseConnection,
    user: &users::Model,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let invalid = || {
        ApiError::field(
            "token",
            "invalid_or_expired",
            "This invitation is not valid any more: ask for a new one.",
        )
    };
    let txn = db.begin().await?;
    let inv = invitations::Entity::find()
        .filter(invitations::Column::TokenHash.eq(tokens::token_hash(token)))
        .one(&txn)
        .await?
        .ok_or_else(invalid)?;
    if inv.accepted_at.is_some() || inv.expires_at <= now {
        return Err(invalid());
    }
    if user.email.as_deref() != Some(inv.email.as_str()) || user.email_verified_at.is_none() {
        return Err(ApiError::Forbidden(
            "This invitation is for another e-mail address.",
        ));
    }
    let taken = invitations::Entity::update_many()
        .col_expr(invitations::Column::AcceptedAt, Expr::value(now))
        .filter(invitations::Column::Id.eq(inv.id))
        .filter(invitations::Column::AcceptedAt.is_null())
        .exec(&txn)
        .await?;
    if taken.rows_affected != 1 {
        return Err(invalid());
    }
    let exists = memberships::Entity::find()
        .filter(memberships::Column::UserId.eq(user.id))
        .filter(memberships::Column::Role.eq(&inv.role))
        .all(&txn)
        .await?
        .iter()
        .any(|m| m.organisation_id == inv.organisation_id && m.tenant_id == inv.tenant_id);
    if !exists {
        memberships::ActiveModel {
            user_id: Set(user.id),
            role: Set(inv.role.clone()),
            organisation_id: Set(inv.organisation_id),
            tenant_id: Set(inv.tenant_id),
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
        Some(inv.invited_by),
        Some(user.id),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn organisation_for_admin(
    db: &DatabaseConnection,
    viewer: &[memberships::Model],
    organisation: Uuid,
) -> Result<organisations::Model, ApiError> {
    let org = organisations::Entity::find()
        .filter(organisations::Column::PublicId.eq(organisation))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("organisation"))?;
    let allowed = viewer.iter().any(|m| {
        m.role == "platform_admin"
            || (m.role == "provider_admin" && m.organisation_id == Some(org.id))
    });
    if !allowed {
        return Err(ApiError::Forbidden(
            "Only this organisation's administrators manage its members.",
        ));
    }
    Ok(org)
}

/// The organisation's members, for its administrators (the read is audited: it shows
/// other people's names and addresses).
pub async fn members(
    db: &DatabaseConnection,
    viewer: &users::Model,
    viewer_roles: &[memberships::Model],
    organisation: Uuid,
    now: DateTime<Utc>,
) -> Result<crate::api::invitations::MemberList, ApiError> {
    let org = organisation_for_admin(db, viewer_roles, organisation).await?;
    let ms = memberships::Entity::find()
        .filter(memberships::Column::OrganisationId.eq(org.id))
        .all(db)
        .await?;
    let mut items = Vec::new();
    for m in ms {
        let (Some(role), Some(u)) = (
            Role::parse(&m.role),
            users::Entity::find_by_id(m.user_id).one(db).await?,
        ) else {
            continue;
        };
        items.push(crate::api::invitations::Member {
            id: u.public_id,
            display_name: u.display_name,
            email: u.email,
            role,
        });
    }
    audit::record(
        db,
        audit::Action::MembersRead,
        Some(viewer.id),
        None,
        None,
        now,
    )
    .await?;
    Ok(crate::api::invitations::MemberList { items })
}

/// Removes every role `member` holds in the organisation; it takes effect on their next
/// request (roles are read from the database on each one).
pub async fn remove_member(
    db: &DatabaseConnection,
    viewer: &users::Model,
    viewer_roles: &[memberships::Model],
    organisation: Uuid,
    member: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let org = organisation_for_admin(db, viewer_roles, organisation).await?;
    let user = users::Entity::find()
        .filter(users::Column::PublicId.eq(member))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("member"))?;
    let txn = db.begin().await?;
    let removed = memberships::Entity::delete_many()
        .filter(memberships::Column::OrganisationId.eq(org.id))
        .filter(memberships::Column::UserId.eq(user.id))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(ApiError::NotFound("member"));
    }
    audit::record(
        &txn,
        audit::Action::RoleRevoked,
        Some(viewer.id),
        Some(user.id),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
