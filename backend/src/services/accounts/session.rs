//! Sign-in, refresh-token rotation with reuse detection, sign-out.
#[allow(unused_imports)]
use super::*;

pub struct Session {
    pub access_token: String,
    pub refresh_token: String,
}

/// Who is calling, as far as sessions care: the client address (after trusted proxies)
/// and a coarse device label.
#[derive(Debug, Clone, Default)]
pub struct Client {
    pub address: String,
    pub device: Option<String>,
}

async fn new_refresh(
    db: &impl sea_orm::ConnectionTrait,
    user_id: i32,
    family: Uuid,
    device: Option<String>,
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
        device: Set(device),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Signs in with (e-mail, password, client); at most 5 attempts a minute per account and
/// per client address (an IPv6 client counts per /64).
pub async fn login(
    db: &Db,
    hasher: &Hasher,
    access: &AccessTokens,
    public_url: &str,
    (email, password, who): (&str, &str, &Client),
    now: DateTime<Utc>,
) -> Result<Session, ApiError> {
    let client = who.address.as_str();
    let account_key = format!("account:{}", email.trim().to_lowercase());
    rate_limit::hit(
        db,
        rate_limit::LOGIN,
        &[
            account_key,
            format!("ip:{}", rate_limit::client_key(client)),
        ],
        now,
    )
    .await?;
    let user = match normalise_email(email) {
        Some(e) => {
            users::Entity::find()
                .filter(users::Column::Email.eq(e))
                .filter(users::Column::DeletedAt.is_null())
                .one(db)
                .await?
        }
        None => None,
    };
    // An unconfirmed address signs in with the password of one of its live sign-ups (to
    // be sent that sign-up's link again); a confirmed one with the account's.
    let (ok, pending) = match &user {
        Some(u) if u.email_verified_at.is_none() => {
            let candidates = super::signup::pending_signups(db, u.id, now).await?;
            if candidates.is_empty() {
                // The same cost as a wrong password when there is nothing to try.
                hasher.verify(password, None).await;
            }
            let mut found = None;
            for c in candidates {
                if hasher.verify(password, Some(&c.password_hash)).await {
                    found = Some(c);
                    break;
                }
            }
            (found.is_some(), found)
        }
        // The same work whether or not the account exists (a dummy hash when it does
        // not).
        Some(u) => (
            hasher.verify(password, u.password_hash.as_deref()).await,
            None,
        ),
        None => (hasher.verify(password, None).await, None),
    };
    let user = match (ok, user) {
        (true, Some(u)) => u,
        (_, known) => {
            let txn = db.write().await?;
            audit::record(
                &txn,
                AuditAction::SignInFailed,
                None,
                known.map(|u| u.id),
                Some(client),
                now,
            )
            .await?;
            txn.commit().await?;
            return Err(ApiError::Unauthorized);
        }
    };
    if let Some(credentials) = pending {
        // The right password on an unconfirmed address: send a fresh link (the sign-in
        // limit above also bounds these mails).
        super::signup::resend_signup_link(db, public_url, &user, credentials, now).await?;
        return Err(ApiError::Forbidden(
            "Confirm your e-mail address first: we have sent you a new link.",
        ));
    }
    let family = Uuid::now_v7();
    let txn = db.write().await?;
    audit::record(
        &txn,
        AuditAction::SignInSucceeded,
        Some(user.id),
        Some(user.id),
        Some(client),
        now,
    )
    .await?;
    let refresh_token = new_refresh(&txn, user.id, family, who.device.clone(), now).await?;
    txn.commit().await?;
    let access_token = access
        .issue(user.public_id, family, now.timestamp())
        .map_err(ApiError::Internal)?;
    Ok(Session {
        access_token,
        refresh_token,
    })
}

/// Rotates a refresh token. Presenting one already used (a stolen copy, or the thief's
/// copy after the owner refreshed) revokes the whole family: both must sign in again.
pub async fn refresh(
    db: &Db,
    access: &AccessTokens,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Session, ApiError> {
    let txn = db.write().await?;
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
        end_sessions(&txn, row.user_id, Ending::Only(row.family_id), now).await?;
        audit::record(
            &txn,
            AuditAction::RefreshReuseDetected,
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
    let refresh_token = new_refresh(&txn, user.id, row.family_id, row.device.clone(), now).await?;
    txn.commit().await?;
    let access_token = access
        .issue(user.public_id, row.family_id, now.timestamp())
        .map_err(ApiError::Internal)?;
    Ok(Session {
        access_token,
        refresh_token,
    })
}

/// Ends the session the refresh token belongs to (all its rotations).
pub async fn logout(db: &Db, token: &str, now: DateTime<Utc>) -> Result<(), ApiError> {
    let txn = db.write().await?;
    if let Some(row) = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::TokenHash.eq(tokens::token_hash(token)))
        .one(&txn)
        .await?
    {
        end_sessions(&txn, row.user_id, Ending::Only(row.family_id), now).await?;
        audit::record(
            &txn,
            AuditAction::SignedOut,
            Some(row.user_id),
            Some(row.user_id),
            None,
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
