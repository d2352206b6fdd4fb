//! Inviting people to roles. Who may invite whom is decided here, per object:
//! a provider admin invites staff and admins of their own organisation; a municipal admin
//! reviewers and admins of their own tenant; a platform admin anyone.
use super::accounts::{ResolvedScope, Scope};
use super::{accounts, audit};
use crate::api::auth::Role;
use crate::api::invitations::InvitationPreview;
use crate::api::invitations::{Invitation, InvitationRequest};
use crate::auth::{guard, tokens};
use crate::entities::{invitations, memberships, users};
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

fn may_invite(inviter: &[memberships::Model], role: Role, scope: &ResolvedScope) -> bool {
    let org = |r| {
        scope
            .organisation_id
            .is_some_and(|o| guard::holds_in_organisation(inviter, r, o))
    };
    let tenant = |r| {
        scope
            .tenant_id
            .is_some_and(|t| guard::holds_in_tenant(inviter, r, t))
    };
    guard::holds(inviter, Role::PlatformAdmin)
        || (matches!(role, Role::ProviderAdmin | Role::ProviderStaff) && org(Role::ProviderAdmin))
        || (matches!(
            role,
            Role::MunicipalAdmin | Role::MunicipalReviewer | Role::SpaceOperator
        ) && tenant(Role::MunicipalAdmin))
}

pub async fn invite(
    db: &DatabaseConnection,
    public_url: &str,
    inviter: &users::Model,
    inviter_roles: &[memberships::Model],
    req: InvitationRequest,
    now: DateTime<Utc>,
) -> Result<Invitation, ApiError> {
    let scope = Scope {
        tenant: req.tenant.clone(),
        organisation: req.organisation,
        space: req.space,
    };
    let resolved = accounts::resolve_scope(db, &scope).await?;
    if !may_invite(inviter_roles, req.role, &resolved) {
        return Err(ApiError::Forbidden("You cannot invite to this role here."));
    }
    let email = accounts::normalise_email(&req.email)
        .ok_or_else(|| ApiError::field("email", "invalid_format", "Not an e-mail address."))?;
    if !accounts::scope_fits(req.role, &scope) {
        return Err(ApiError::field(
            "role",
            "scope_mismatch",
            accounts::SCOPE_MISMATCH,
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
        organisation_id: Set(resolved.organisation_id),
        tenant_id: Set(resolved.tenant_id),
        space_id: Set(resolved.space_id),
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

/// "anna.rossi@example.org" → "a•••@example.org".
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}•••@{domain}")
        }
        None => "•••".into(),
    }
}

fn invited_scope(inv: &invitations::Model) -> ResolvedScope {
    ResolvedScope {
        organisation_id: inv.organisation_id,
        tenant_id: inv.tenant_id,
        space_id: inv.space_id,
    }
}

fn invalid_invitation() -> ApiError {
    ApiError::field(
        "token",
        "invalid_or_expired",
        "This invitation is not valid any more: ask for a new one.",
    )
}

/// What a still-valid invitation offers.
pub async fn preview(
    db: &DatabaseConnection,
    viewer: Option<&users::Model>,
    token: &str,
    now: DateTime<Utc>,
) -> Result<InvitationPreview, ApiError> {
    let inv = invitations::Entity::find()
        .filter(invitations::Column::TokenHash.eq(tokens::token_hash(token)))
        .one(db)
        .await?
        .filter(|i| i.accepted_at.is_none() && i.expires_at > now)
        .ok_or_else(invalid_invitation)?;
    let role = Role::parse(&inv.role).ok_or_else(invalid_invitation)?;
    let refs = invited_scope(&inv).describe(db).await?;
    Ok(InvitationPreview {
        role,
        organisation: refs.organisation,
        tenant: refs.tenant.map(|t| t.name),
        space: refs.space,
        email_hint: mask_email(&inv.email),
        for_you: viewer.map(|u| {
            u.email.as_deref() == Some(inv.email.as_str()) && u.email_verified_at.is_some()
        }),
        expires_at: inv.expires_at,
    })
}

/// The signed-in person accepts an invitation addressed to their own e-mail.
pub async fn accept(
    db: &DatabaseConnection,
    user: &users::Model,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let invalid = invalid_invitation;
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
        .any(|m| invited_scope(&inv).matches(m));
    if !exists {
        memberships::ActiveModel {
            user_id: Set(user.id),
            role: Set(inv.role.clone()),
            organisation_id: Set(inv.organisation_id),
            tenant_id: Set(inv.tenant_id),
            space_id: Set(inv.space_id),
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

#[cfg(test)]
mod tests {
    #[test]
    fn addresses_are_masked() {
        assert_eq!(
            super::mask_email("anna.rossi@example.org"),
            "a•••@example.org"
        );
        assert_eq!(super::mask_email("è@x.it"), "è•••@x.it");
        assert_eq!(super::mask_email("nope"), "•••");
    }
}
