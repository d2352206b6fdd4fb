//! Password reset and change.
#[allow(unused_imports)]
use super::*;

pub const RESET_MINUTES: i64 = 30;
const RESET_PURPOSE: &str = "password_reset";

/// Asks for a reset link. The answer, and the work done before it, are the same whether
/// or not the address is registered: the request is rate-limited and queued as a job;
/// the job looks the address up and mails the link (see `send_reset_link`).
pub async fn request_password_reset(
    db: &Db,
    email: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let account_key = format!("account:{}", email.trim().to_lowercase());
    rate_limit::hit(
        db,
        rate_limit::PASSWORD_RESET,
        &[
            account_key,
            format!("ip:{}", rate_limit::client_key(client)),
        ],
        now,
    )
    .await?;
    let txn = db.write().await?;
    crate::jobs::enqueue(
        &txn,
        crate::jobs::JobKind::PasswordReset,
        &crate::jobs::PasswordResetJob {
            email: email.chars().take(254).collect(),
            client: client.to_owned(),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Queues a reset link for the account with this address, if any (no rate limit: callers
/// facing the public apply it). Run by the password-reset job, and for new accounts
/// created by an administrator.
pub async fn send_reset_link(
    db: &Db,
    public_url: &str,
    email: &str,
    client: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let Some(email) = normalise_email(email) else {
        return Ok(());
    };
    let txn = db.write().await?;
    // Confirmed accounts only: an unconfirmed one was started by someone who may not
    // own the address; its owner signs up (or confirms their own sign-up) instead.
    let Some(user) = users::Entity::find()
        .filter(users::Column::Email.eq(&email))
        .filter(users::Column::DeletedAt.is_null())
        .filter(users::Column::EmailVerifiedAt.is_not_null())
        .one(&txn)
        .await?
    else {
        return Ok(());
    };
    let token = issue_email_token(
        &txn,
        user.id,
        RESET_PURPOSE,
        LinkFor::Nothing,
        Duration::minutes(RESET_MINUTES),
        now,
    )
    .await?;
    let link = format!("{public_url}/reimposta-password?token={token}");
    let minutes = RESET_MINUTES.to_string();
    let rendered = templates::render(
        "password_reset",
        user.language.code(),
        &[
            ("name", user.display_name.as_str()),
            ("link", &link),
            ("minutes", &minutes),
        ],
    )
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    mail::enqueue_capped(&txn, OutgoingMail::new(&email, rendered), now).await?;
    audit::record(
        &txn,
        AuditAction::PasswordResetRequested,
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
    db: &Db,
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
    let txn = db.write().await?;
    // Single use, even under concurrent clicks.
    let row = consume_email_token(&txn, token, RESET_PURPOSE, now)
        .await?
        .ok_or_else(invalid)?;
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
    end_sessions(&txn, user.id, Ending::All, now).await?;
    audit::record(
        &txn,
        AuditAction::PasswordResetCompleted,
        Some(user.id),
        Some(user.id),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Changes the password after checking the current one; every session ends (the caller
/// signs in again).
pub async fn change_password(
    db: &Db,
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
    let txn = db.write().await?;
    let mut a: users::ActiveModel = user.clone().into();
    a.password_hash = Set(Some(hash));
    a.updated_at = Set(now);
    a.update(&txn).await?;
    end_sessions(&txn, user.id, Ending::All, now).await?;
    audit::record(
        &txn,
        AuditAction::PasswordChanged,
        Some(user.id),
        Some(user.id),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
