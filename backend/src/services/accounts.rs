//! Accounts: sign-up with e-mail verification through the outbox, sign-in, refresh-token
//! rotation with reuse detection, sign-out. Answers never reveal whether an e-mail is
//! registered.
use crate::api::auth::{
    AccountExport, ConsentRecord, Me, Membership, Role, SessionRecord, SignupRequest,
};
use crate::api::services::OrganisationRef;
use crate::auth::password::{self, Hasher};
use crate::auth::tokens::{self, AccessTokens};
use crate::entities::{
    consents, email_tokens, memberships, organisations, refresh_tokens, tenants, users,
};
use crate::error::{ApiError, FieldError};
use crate::mail::{self, OutgoingMail, templates};
use crate::services::{audit, rate_limit};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    TransactionTrait, sea_query::Expr,
};
use uuid::Uuid;

pub const PRIVACY_VERSION: &str = "2026-11";
pub const VERIFY_HOURS: i64 = 48;
pub const REFRESH_DAYS: i64 = 30;
const VERIFY_PURPOSE: &str = "verify_email";

pub fn normalise_email(raw: &str) -> Option<String> {
    let e = raw.trim().to_lowercase();
    let (local, domain) = e.split_once('@')?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && e.len() <= 254
        && !e
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == ',');
    ok.then_some(e)
}

fn check_signup(s: &SignupRequest) -> Result<String, ApiError> {
    let mut errors = Vec::new();
    let email = normalise_email(&s.email);
    if email.is_none() {
        errors.push(FieldError::new(
            "email",
            "invalid_format",
            "Enter an e-mail address like name@example.org.",
        ));
    }
    if let Some(code) = password::policy_violation(&s.password) {
        errors.push(FieldError::new(
            "password",
            code,
            "Use at least 12 characters and avoid common passwords.",
        ));
    }
    let name = s.display_name.trim().chars().count();
    if name == 0 || name > 100 {
        errors.push(FieldError::new(
            "display_name",
            "out_of_range",
            "Between 1 and 100 characters.",
        ));
    }
    if s.language != "it" && s.language != "en" {
        errors.push(FieldError::new(
            "language",
            "unknown_value",
            "Use it or en.",
        ));
    }
    if !s.accept_privacy || s.privacy_version != PRIVACY_VERSION {
        errors.push(FieldError::new(
            "accept_privacy",
            "required",
            "Accept the current privacy notice to sign up.",
        ));
    }
    match (email, errors.is_empty()) {
        (Some(e), true) => Ok(e),
        _ => Err(ApiError::Validation(errors)),
    }
}

/// Creates the account and queues the verification mail. An address that is already
/// registered gets the same answer and no new account.
pub async fn signup(
    db: &DatabaseConnection,
    hasher: &Hasher,
    public_url: &str,
    s: SignupRequest,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let email = check_signup(&s)?;
    // Hash before looking the address up: both paths cost the same.
    let hash = hasher.hash(&s.password).await.map_err(ApiError::Internal)?;
    let txn = db.begin().await?;
    if users::Entity::find()
        .filter(users::Column::Email.eq(&email))
        .one(&txn)
        .await?
        .is_some()
    {
        txn.commit().await?;
        return Ok(());
    }
    let user = users::ActiveModel {
        public_id: Set(Uuid::now_v7()),
        email: Set(Some(email.clone())),
        email_verified_at: Set(None),
        password_hash: Set(Some(hash)),
        display_name: Set(s.display_name.trim().to_owned()),
        language: Set(s.language.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    consents::ActiveModel {
        user_id: Set(user.id),
        document: Set("privacy".into()),
        version: Set(s.privacy_version.clone()),
        accepted_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    memberships::ActiveModel {
        user_id: Set(user.id),
        role: Set("citizen".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let token = tokens::random_token();
    email_tokens::ActiveModel {
        user_id: Set(user.id),
        purpose: Set(VERIFY_PURPOSE.into()),
        new_email: Set(None),
        token_hash: Set(tokens::token_hash(&token)),
        expires_at: Set(now + Duration::hours(VERIFY_HOURS)),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let link = format!("{public_url}/verifica-email?token={token}");
    let hours = VERIFY_HOURS.to_string();
    let rendered = templates::render(
        "verify_email",
        &s.language,
        &[
            ("name", user.display_name.as_str()),
            ("link", &link),
            ("hours", &hours),
        ],
    )
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    mail::enqueue(&txn, OutgoingMail::new(&email, rendered), now).await?;
    audit::record(
        &txn,
        audit::Action::SignedUp,
        Some(user.id),
        Some(user.id),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn verify_email(
    db: &DatabaseConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let invalid = || {
        ApiError::field(
            "token",
            "invalid_or_expired",
            "This link is not valid any more: sign in to get a new one.",
        )
    };
    let txn = db.begin().await?;
    let row = email_tokens::Entity::find()
        .filter(email_tokens::Column::TokenHash.eq(tokens::token_hash(token)))
        .filter(email_tokens::Column::Purpose.eq(VERIFY_PURPOSE))
        .one(&txn)
        .await?
        .ok_or_else(invalid)?;
    if row.used_at.is_some() || row.expires_at <= now {
        return Err(invalid());
    }
    // Single use, even under concurrent clicks.
    let used = email_tokens::Entity::update_many()
        .col_expr(email_tokens::Column::UsedAt, Expr::value(now))
        .filter(email_tokens::Column::Id.eq(row.id))
        .filter(email_tokens::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if used.rows_affected != 1 {
        return Err(invalid());
    }
    let mut update = users::Entity::update_many()
        .col_expr(users::Column::EmailVerifiedAt, Expr::value(now))
        .col_expr(users::Column::UpdatedAt, Expr::value(now));
    if let Some(new_email) = &row.new_email {
        // An address change: the new address must still be free.
        if users::Entity::find()
            .filter(users::Column::Email.eq(new_email))
            .one(&txn)
            .await?
            .is_some()
        {
            return Err(invalid());
        }
        update = update.col_expr(users::Column::Email, Expr::value(new_email.clone()));
    }
    update
        .filter(users::Column::Id.eq(row.user_id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        audit::Action::EmailVerified,
        Some(row.user_id),
        Some(row.user_id),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub struct Session {
    pub access_token: String,
    pub refresh_token: String,
}

async fn new_refresh(
    db: &impl sea_orm::ConnectionTrait,
    user_id: i32,
    family: Uuid,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    let token = tokens::random_token();
    refresh_tokens::ActiveModel {
        user_id: Set(user_id),
        family_id: Set(family),
        token_hash: Set(tokens::token_hash(&token)),
        expires_at: Set(now + Duration::days(REFRESH_DAYS)),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Signs in with (e-mail, password, client address); at most 5 attempts a minute per
/// account and per address.
pub async fn login(
    db: &DatabaseConnection,
    hasher: &Hasher,
    access: &AccessTokens,
    (email, password, client): (&str, &str, &str),
    now: DateTime<Utc>,
) -> Result<Session, ApiError> {
    let account_key = format!("account:{}", email.trim().to_lowercase());
    rate_limit::hit(
        db,
        rate_limit::LOGIN,
        &[account_key, format!("ip:{client}")],
        now,
    )
    .await?;
    let user = match normalise_email(email) {
        Some(e) => {
            users::Entity::find()
                .filter(users::Column::Email.eq(e))
                .one(db)
                .await?
        }
        None => None,
    };
    // The same work whether or not the account exists (a dummy hash when it does not).
    let ok = hasher
        .verify(
            password,
            user.as_ref().and_then(|u| u.password_hash.as_deref()),
        )
        .await;
    let user = match (ok, user) {
        (true, Some(u)) => u,
        (_, known) => {
            audit::record(
                db,
                audit::Action::SignInFailed,
                None,
                known.map(|u| u.id),
                Some(client),
                now,
            )
            .await?;
            return Err(ApiError::Unauthorized);
        }
    };
    if user.email_verified_at.is_none() {
        return Err(ApiError::Forbidden(
            "Confirm your e-mail address first: we sent you a link.",
        ));
    }
    audit::record(
        db,
        audit::Action::SignInSucceeded,
        Some(user.id),
        Some(user.id),
        Some(client),
        now,
    )
    .await?;
    let refresh_token = new_refresh(db, user.id, Uuid::now_v7(), now).await?;
    let access_token = access
        .issue(user.public_id, now.timestamp())
        .map_err(ApiError::Internal)?;
    Ok(Session {
        access_token,
        refresh_token,
    })
}

async fn revoke_family(
    db: &impl sea_orm::ConnectionTrait,
    family: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(now))
        .filter(refresh_tokens::Column::FamilyId.eq(family))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Rotates a refresh token. Presenting one already used (a stolen copy, or the thief's
/// copy after the owner refreshed) revokes the whole family: both must sign in again.
pub async fn refresh(
    db: &DatabaseConnection,
    access: &AccessTokens,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Session, ApiError> {
    let txn = db.begin().await?;
    let row = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::TokenHash.eq(tokens::token_hash(token)))
        .one(&txn)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Err(ApiError::Unauthorized);
    }
    let claimed = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::UsedAt, Expr::value(now))
        .filter(refresh_tokens::Column::Id.eq(row.id))
        .filter(refresh_tokens::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        revoke_family(&txn, row.family_id, now).await?;
        audit::record(
            &txn,
            audit::Action::RefreshReuseDetected,
            None,
            Some(row.user_id),
            None,
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::warn!("refresh token reuse detected: session family revoked");
        return Err(ApiError::Unauthorized);
    }
    let user = users::Entity::find_by_id(row.user_id)
        .one(&txn)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let refresh_token = new_refresh(&txn, user.id, row.family_id, now).await?;
    txn.commit().await?;
    let access_token = access
        .issue(user.public_id, now.timestamp())
        .map_err(ApiError::Internal)?;
    Ok(Session {
        access_token,
        refresh_token,
    })
}

/// Ends the session the refresh token belongs to (all its rotations).
pub async fn logout(
    db: &DatabaseConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if let Some(row) = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::TokenHash.eq(tokens::token_hash(token)))
        .one(db)
        .await?
    {
        revoke_family(db, row.family_id, now).await?;
        audit::record(
            db,
            audit::Action::SignedOut,
            Some(row.user_id),
            Some(row.user_id),
            None,
            now,
        )
        .await?;
    }
    Ok(())
}

pub const RESET_MINUTES: i64 = 30;
const RESET_PURPOSE: &str = "password_reset";

/// Queues a reset link when the address belongs to an account; the same answer otherwise.
pub async fn request_password_reset(
    db: &DatabaseConnection,
    public_url: &str,
    email: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let account_key = format!("account:{}", email.trim().to_lowercase());
    rate_limit::hit(
        db,
        rate_limit::PASSWORD_RESET,
        &[account_key, format!("ip:{client}")],
        now,
    )
    .await?;
    send_reset_link(db, public_url, email, Some(client), now).await
}

/// Queues a reset link for the account with this address, if any (no rate limit: callers
/// facing the public apply it).
async fn send_reset_link(
    db: &DatabaseConnection,
    public_url: &str,
    email: &str,
    client: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let Some(email) = normalise_email(email) else {
        return Ok(());
    };
    let txn = db.begin().await?;
    let Some(user) = users::Entity::find()
        .filter(users::Column::Email.eq(&email))
        .one(&txn)
        .await?
    else {
        return Ok(());
    };
    let token = tokens::random_token();
    email_tokens::ActiveModel {
        user_id: Set(user.id),
        purpose: Set(RESET_PURPOSE.into()),
        new_email: Set(None),
        token_hash: Set(tokens::token_hash(&token)),
        expires_at: Set(now + Duration::minutes(RESET_MINUTES)),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let link = format!("{public_url}/reimposta-password?token={token}");
    let minutes = RESET_MINUTES.to_string();
    let rendered = templates::render(
        "password_reset",
        &user.language,
        &[
            ("name", user.display_name.as_str()),
            ("link", &link),
            ("minutes", &minutes),
        ],
    )
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    mail::enqueue(&txn, OutgoingMail::new(&email, rendered), now).await?;
    audit::record(
        &txn,
        audit::Action::PasswordResetRequested,
        None,
        Some(user.id),
        client,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Sets a new password with a reset token (single use) and ends every session of the
/// account. A reset also proves the address, so it counts as verification.
pub async fn confirm_password_reset(
    db: &DatabaseConnection,
    hasher: &Hasher,
    token: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if let Some(code) = password::policy_violation(password) {
        return Err(ApiError::field(
            "password",
            code,
            "Use at least 12 characters and avoid common passwords.",
        ));
    }
    let invalid = || {
        ApiError::field(
            "token",
            "invalid_or_expired",
            "This link is not valid any more: ask for a new one.",
        )
    };
    let hash = hasher.hash(password).await.map_err(ApiError::Internal)?;
    let txn = db.begin().await?;
    let row = email_tokens::Entity::find()
        .filter(email_tokens::Column::TokenHash.eq(tokens::token_hash(token)))
        .filter(email_tokens::Column::Purpose.eq(RESET_PURPOSE))
        .one(&txn)
        .await?
        .ok_or_else(invalid)?;
    if row.used_at.is_some() || row.expires_at <= now {
        return Err(invalid());
    }
    let used = email_tokens::Entity::update_many()
        .col_expr(email_tokens::Column::UsedAt, Expr::value(now))
        .filter(email_tokens::Column::Id.eq(row.id))
        .filter(email_tokens::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if used.rows_affected != 1 {
        return Err(invalid());
    }
    let user = users::Entity::find_by_id(row.user_id)
        .one(&txn)
        .await?
        .ok_or_else(invalid)?;
    let verified = user.email_verified_at.unwrap_or(now);
    let mut a: users::ActiveModel = user.into();
    a.password_hash = Set(Some(hash));
    a.email_verified_at = Set(Some(verified));
    a.updated_at = Set(now);
    let user = a.update(&txn).await?;
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(now))
        .filter(refresh_tokens::Column::UserId.eq(user.id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        audit::Action::PasswordResetCompleted,
        Some(user.id),
        Some(user.id),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

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

pub async fn export(
    db: &DatabaseConnection,
    user: &users::Model,
    ms: &[memberships::Model],
    now: DateTime<Utc>,
) -> Result<AccountExport, ApiError> {
    let consents = consents::Entity::find()
        .filter(consents::Column::UserId.eq(user.id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| ConsentRecord {
            document: c.document,
            version: c.version,
            accepted_at: c.accepted_at,
        })
        .collect();
    let sessions = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::UserId.eq(user.id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| SessionRecord {
            started_at: t.created_at,
            expires_at: t.expires_at,
            active: t.revoked_at.is_none() && t.used_at.is_none() && t.expires_at > now,
        })
        .collect();
    audit::record(
        db,
        audit::Action::AccountExported,
        Some(user.id),
        Some(user.id),
        None,
        now,
    )
    .await?;
    Ok(AccountExport {
        exported_at: now,
        profile: me(db, user, ms).await?,
        created_at: user.created_at,
        consents,
        sessions,
    })
}

/// Deletes an account after checking its password: the person's data is erased (name,
/// address, password, memberships, tokens, unsent mail to it); the row stays, anonymised,
/// so that records the law keeps (consents given) still point somewhere.
pub async fn delete_account(
    db: &DatabaseConnection,
    hasher: &Hasher,
    user: &users::Model,
    password: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if !hasher.verify(password, user.password_hash.as_deref()).await {
        return Err(ApiError::field(
            "password",
            "incorrect",
            "The password is not correct.",
        ));
    }
    let txn = db.begin().await?;
    if let Some(email) = &user.email {
        mail_outbox_forget(&txn, email).await?;
    }
    email_tokens::Entity::delete_many()
        .filter(email_tokens::Column::UserId.eq(user.id))
        .exec(&txn)
        .await?;
    refresh_tokens::Entity::delete_many()
        .filter(refresh_tokens::Column::UserId.eq(user.id))
        .exec(&txn)
        .await?;
    memberships::Entity::delete_many()
        .filter(memberships::Column::UserId.eq(user.id))
        .exec(&txn)
        .await?;
    let mut a: users::ActiveModel = user.clone().into();
    a.email = Set(None);
    a.email_verified_at = Set(None);
    a.password_hash = Set(None);
    a.display_name = Set("—".into());
    a.updated_at = Set(now);
    a.deleted_at = Set(Some(now));
    a.update(&txn).await?;
    audit::record(
        &txn,
        audit::Action::AccountDeleted,
        Some(user.id),
        Some(user.id),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Unsent mail to a deleted person is dropped; sent mail keeps no body.
async fn mail_outbox_forget(
    db: &impl sea_orm::ConnectionTrait,
    email: &str,
) -> Result<(), ApiError> {
    use crate::entities::outbox_emails;
    outbox_emails::Entity::delete_many()
        .filter(outbox_emails::Column::ToAddress.eq(email))
        .exec(db)
        .await?;
    Ok(())
}

/// Changes the password after checking the current one; every session ends (the caller
/// signs in again).
pub async fn change_password(
    db: &DatabaseConnection,
    hasher: &Hasher,
    user: &users::Model,
    current: &str,
    new: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if !hasher.verify(current, user.password_hash.as_deref()).await {
        return Err(ApiError::field(
            "current_password",
            "incorrect",
            "The current password is not correct.",
        ));
    }
    if let Some(code) = password::policy_violation(new) {
        return Err(ApiError::field(
            "new_password",
            code,
            "Use at least 12 characters and avoid common passwords.",
        ));
    }
    let hash = hasher.hash(new).await.map_err(ApiError::Internal)?;
    let txn = db.begin().await?;
    let mut a: users::ActiveModel = user.clone().into();
    a.password_hash = Set(Some(hash));
    a.updated_at = Set(now);
    a.update(&txn).await?;
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(now))
        .filter(refresh_tokens::Column::UserId.eq(user.id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        audit::Action::PasswordChanged,
        Some(user.id),
        Some(user.id),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Starts an e-mail change after checking the password: a confirmation link goes to the
/// new address, which replaces the old one only when the link is opened. The answer does
/// not reveal whether the new address is already registered.
pub async fn request_email_change(
    db: &DatabaseConnection,
    hasher: &Hasher,
    public_url: &str,
    user: &users::Model,
    password: &str,
    new_email: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if !hasher.verify(password, user.password_hash.as_deref()).await {
        return Err(ApiError::field(
            "password",
            "incorrect",
            "The password is not correct.",
        ));
    }
    let new_email = normalise_email(new_email).ok_or_else(|| {
        ApiError::field(
            "new_email",
            "invalid_format",
            "Enter an e-mail address like name@example.org.",
        )
    })?;
    let txn = db.begin().await?;
    if users::Entity::find()
        .filter(users::Column::Email.eq(&new_email))
        .one(&txn)
        .await?
        .is_none()
    {
        let token = tokens::random_token();
        email_tokens::ActiveModel {
            user_id: Set(user.id),
            purpose: Set(VERIFY_PURPOSE.into()),
            new_email: Set(Some(new_email.clone())),
            token_hash: Set(tokens::token_hash(&token)),
            expires_at: Set(now + Duration::hours(VERIFY_HOURS)),
            used_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let link = format!("{public_url}/verifica-email?token={token}");
        let hours = VERIFY_HOURS.to_string();
        let rendered = templates::render(
            "verify_email",
            &user.language,
            &[
                ("name", user.display_name.as_str()),
                ("link", &link),
                ("hours", &hours),
            ],
        )
        .map_err(|e| ApiError::Internal(e.to_string()))?;
        mail::enqueue(&txn, OutgoingMail::new(&new_email, rendered), now).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Updates the display name and/or language.
pub async fn update_profile(
    db: &DatabaseConnection,
    user: &users::Model,
    name: Option<&str>,
    language: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if let Some(n) = name {
        let len = n.trim().chars().count();
        if len == 0 || len > 100 {
            errors.push(FieldError::new(
                "display_name",
                "out_of_range",
                "Between 1 and 100 characters.",
            ));
        }
    }
    if let Some(l) = language
        && l != "it"
        && l != "en"
    {
        errors.push(FieldError::new(
            "language",
            "unknown_value",
            "Use it or en.",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let mut a: users::ActiveModel = user.clone().into();
    if let Some(n) = name {
        a.display_name = Set(n.trim().to_owned());
    }
    if let Some(l) = language {
        a.language = Set(l.to_owned());
    }
    a.updated_at = Set(now);
    a.update(db).await?;
    Ok(())
}

pub async fn me(
    db: &DatabaseConnection,
    user: &users::Model,
    ms: &[memberships::Model],
) -> Result<Me, ApiError> {
    let mut out = Vec::new();
    for m in ms {
        let Some(role) = Role::parse(&m.role) else {
            continue;
        };
        let organisation = match m.organisation_id {
            Some(id) => organisations::Entity::find_by_id(id)
                .one(db)
                .await?
                .map(|o| OrganisationRef {
                    id: o.public_id,
                    legal_name: o.legal_name,
                }),
            None => None,
        };
        let tenant = match m.tenant_id {
            Some(id) => tenants::Entity::find_by_id(id)
                .one(db)
                .await?
                .map(|t| t.code),
            None => None,
        };
        out.push(Membership {
            role,
            organisation,
            tenant,
        });
    }
    Ok(Me {
        id: user.public_id,
        email: user.email.clone(),
        email_verified: user.email_verified_at.is_some(),
        display_name: user.display_name.clone(),
        language: user.language.clone(),
        memberships: out,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn emails_are_normalised_and_checked() {
        use super::normalise_email as n;
        assert_eq!(
            n(" Anna.Rossi@Example.ORG "),
            Some("anna.rossi@example.org".into())
        );
        for bad in [
            "",
            "anna",
            "anna@",
            "@x.it",
            "anna@localhost",
            "a b@x.it",
            "a@x.it, b@y.it",
            "a@.x",
            "a@x.",
        ] {
            assert_eq!(n(bad), None, "{bad}");
        }
    }
}
