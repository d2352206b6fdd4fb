//! Inviting people to roles. Who may invite whom is decided here, per object:
//! a provider admin invites staff and admins of their own organisation; a municipal admin
//! reviewers and admins of their own tenant; a platform admin anyone.
use super::accounts::{ResolvedScope, Scope};
use super::{accounts, audit};
use crate::api::invitations::InvitationPreview;
use crate::api::invitations::{Invitation, InvitationRequest};
use crate::auth::{Viewer, policy, tokens};
use crate::db::Db;
use crate::domain::AuditAction;
use crate::entities::invitations;
use crate::error::ApiError;
use crate::mail::{self, OutgoingMail, templates};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr,
};
use uuid::Uuid;

pub const VALID_DAYS: i64 = 7;

/// Invites `req.email` to a role. Authorization first (on the scope the request names),
/// then the rules, so that a caller who may not invite learns nothing from validation.
pub async fn invite(
    db: &Db,
    public_url: &str,
    viewer: &Viewer,
    req: InvitationRequest,
    now: DateTime<Utc>,
) -> Result<Invitation, ApiError> {
    let scope = Scope {
        tenant: req.tenant.clone(),
        organisation: req.organisation,
        space: req.space,
    };
    // Organisations, tenants and spaces are public: an unknown one is named (422).
    let resolved = accounts::resolve_scope(db, &scope).await?;
    if !policy::can_invite(viewer, req.role, &resolved) {
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
    let txn = db.write().await?;
    invitations::ActiveModel {
        public_id: Set(public_id),
        token_hash: Set(tokens::token_hash(&token)),
        email: Set(email.clone()),
        role: Set(req.role),
        organisation_id: Set(resolved.organisation_id),
        tenant_id: Set(resolved.tenant_id),
        space_id: Set(resolved.space_id),
        invited_by: Set(viewer.user.id),
        expires_at: Set(expires_at),
        accepted_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let link = format!("{public_url}/invito?token={token}");
    let days = VALID_DAYS.to_string();
    let role = req.role.code().replace('_', " ");
    let rendered = templates::render(
        "invitation",
        viewer.user.language.code(),
        &[
            ("inviter", viewer.user.display_name.as_str()),
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
        organisation_tenant: None,
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
    db: &Db,
    viewer: Option<&Viewer>,
    token: &str,
    now: DateTime<Utc>,
) -> Result<InvitationPreview, ApiError> {
    let inv = invitations::Entity::find()
        .filter(invitations::Column::TokenHash.eq(tokens::token_hash(token)))
        .one(db)
        .await?
        .filter(|i| i.accepted_at.is_none() && i.expires_at > now)
        .ok_or_else(invalid_invitation)?;
    let role = inv.role;
    let refs = invited_scope(&inv).describe(db).await?;
    Ok(InvitationPreview {
        role,
        organisation: refs.organisation,
        tenant: refs.tenant.map(|t| t.name),
        space: refs.space,
        email_hint: mask_email(&inv.email),
        for_you: viewer.map(|v| policy::is_invited(v, &inv)),
        expires_at: inv.expires_at,
    })
}

/// The signed-in person accepts an invitation addressed to their own e-mail.
pub async fn accept(
    db: &Db,
    viewer: &Viewer,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let invalid = invalid_invitation;
    let txn = db.write().await?;
    let inv = invitations::Entity::find()
        .filter(invitations::Column::TokenHash.eq(tokens::token_hash(token)))
        .one(&txn)
        .await?
        .ok_or_else(invalid)?;
    if inv.accepted_at.is_some() || inv.expires_at <= now {
        return Err(invalid());
    }
    if !policy::is_invited(viewer, &inv) {
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
    accounts::add_membership(&txn, viewer.user.id, inv.role, invited_scope(&inv), now).await?;
    audit::record(
        &txn,
        AuditAction::RoleGranted,
        Some(inv.invited_by),
        Some(viewer.user.id),
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
