//! Sign-up and e-mail verification.
//!
//! A sign-up's credentials (password, name, language, account type, the privacy notice
//! accepted) travel with its verification link, not with the account: the account of an
//! unconfirmed address holds no password. Confirming takes the link **and that sign-up's
//! password**, and activates that sign-up's credentials only. So someone who signs up
//! with another person's address cannot get the account: the mail goes to the owner, who
//! cannot confirm it without the squatter's password, and whose own sign-up's link keeps
//! working whatever sign-ups come after it. Once the address is confirmed, every sign-up
//! link of it dies.
#[allow(unused_imports)]
use super::*;

/// The checked fields of a sign-up: (address, display name).
fn check_signup(s: &SignupRequest) -> Result<(String, String), ApiError> {
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
    let name = crate::input::text_field(&mut errors, "display_name", &s.display_name, 1, 100);
    if !s.accept_privacy || s.privacy_version != PRIVACY_VERSION {
        errors.push(FieldError::new(
            "accept_privacy",
            "required",
            "Accept the current privacy notice to sign up.",
        ));
    }
    match (email, name, errors.is_empty()) {
        (Some(e), Some(n), true) => Ok((e, n)),
        _ => Err(ApiError::Validation(errors)),
    }
}

/// Queues the verification mail for a sign-up. An address that is already registered
/// gets the same answer and no new account; its owner gets a mail (the confirmation
/// link of this sign-up if the address was never confirmed, else a note with the
/// sign-in and reset links), so a person who forgot they signed up is not stuck.
pub async fn signup(
    db: &Db,
    hasher: &Hasher,
    public_url: &str,
    s: SignupRequest,
    client: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let (email, display_name) = check_signup(&s)?;
    rate_limit::hit(
        db,
        rate_limit::SIGNUP,
        &[
            format!("account:{email}"),
            format!("ip:{}", rate_limit::client_key(client)),
        ],
        now,
    )
    .await?;
    // Hash before looking the address up: every path costs the same.
    let credentials = SignupCredentials {
        password_hash: hasher.hash(&s.password).await.map_err(ApiError::Internal)?,
        display_name,
        language: s.language,
        role: s.account_type.role(),
        privacy_version: s.privacy_version.clone(),
    };
    // Two sign-ups of one address at the same moment: the one that loses the race to
    // create the account finds it on its second attempt and answers alike.
    retry_once_on_unique(|| record_signup(db, public_url, &email, credentials.clone(), now)).await
}

async fn record_signup(
    db: &Db,
    public_url: &str,
    email: &str,
    credentials: SignupCredentials,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let txn = db.write().await?;
    let existing = users::Entity::find()
        .filter(users::Column::Email.eq(email))
        .one(&txn)
        .await?;
    let user = match existing {
        Some(user) if user.email_verified_at.is_some() => {
            send_account_exists(&txn, public_url, &user, email, now).await?;
            txn.commit().await?;
            return Ok(());
        }
        // Not confirmed yet: this sign-up gets a link of its own; earlier ones keep
        // theirs (each confirms only with its own password).
        Some(user) => user,
        None => {
            let user = users::ActiveModel {
                public_id: Set(Uuid::now_v7()),
                email: Set(Some(email.to_owned())),
                email_verified_at: Set(None),
                // No password until the address is confirmed: the link carries it.
                password_hash: Set(None),
                display_name: Set(credentials.display_name.clone()),
                language: Set(credentials.language),
                created_at: Set(now),
                updated_at: Set(now),
                deleted_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            audit::record(
                &txn,
                AuditAction::SignedUp,
                Some(user.id),
                Some(user.id),
                None,
                now,
            )
            .await?;
            user
        }
    };
    let lang = credentials.language;
    send_verification(
        &txn,
        public_url,
        &user,
        email,
        LinkFor::Signup(credentials),
        lang,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Kills the live sign-up links of an unconfirmed account.
async fn end_pending_signups(
    db: &impl sea_orm::ConnectionTrait,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    email_tokens::Entity::update_many()
        .col_expr(email_tokens::Column::UsedAt, Expr::value(now))
        .filter(email_tokens::Column::UserId.eq(user_id))
        .filter(email_tokens::Column::Purpose.eq(VERIFY_PURPOSE))
        .filter(email_tokens::Column::NewEmail.is_null())
        .filter(email_tokens::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// How many live sign-ups of one address a sign-in tries (the newest).
const MAX_PENDING: u64 = 3;

/// The live sign-ups of an unconfirmed account, newest first: the credentials that can
/// sign in to be sent their link again.
pub(super) async fn pending_signups(
    db: &impl sea_orm::ConnectionTrait,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<SignupCredentials>, ApiError> {
    use sea_orm::{QueryOrder, QuerySelect};
    Ok(email_tokens::Entity::find()
        .filter(email_tokens::Column::UserId.eq(user_id))
        .filter(email_tokens::Column::Purpose.eq(VERIFY_PURPOSE))
        .filter(email_tokens::Column::UsedAt.is_null())
        .filter(email_tokens::Column::ExpiresAt.gt(now))
        .filter(email_tokens::Column::SignupPasswordHash.is_not_null())
        .order_by_desc(email_tokens::Column::Id)
        .limit(MAX_PENDING)
        .all(db)
        .await?
        .iter()
        .filter_map(SignupCredentials::of)
        .collect())
}

/// Sends a sign-up's link again (a sign-in with its password on an unconfirmed
/// address): a fresh link for the same credentials; the earlier ones, which carry the
/// same credentials, keep working.
pub(super) async fn resend_signup_link(
    db: &Db,
    public_url: &str,
    user: &users::Model,
    credentials: SignupCredentials,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let Some(address) = user.email.clone() else {
        return Ok(());
    };
    let txn = db.write().await?;
    let lang = credentials.language;
    send_verification(
        &txn,
        public_url,
        user,
        &address,
        LinkFor::Signup(credentials),
        lang,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Confirms an address with the token from the link and the password that goes with
/// it: a sign-up's link activates that sign-up's credentials; an address change's link
/// switches the address of the account whose password it is.
pub async fn verify_email(
    db: &Db,
    hasher: &Hasher,
    token: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    // The link first (no lock held while hashing), then the password, then the change.
    let row = live_link(db, token, now).await?.ok_or_else(invalid_link)?;
    let user = users::Entity::find_by_id(row.user_id)
        .one(db)
        .await?
        .filter(|u| u.deleted_at.is_none())
        .ok_or_else(invalid_link)?;
    let expected = match SignupCredentials::of(&row) {
        Some(c) => Some(c.password_hash),
        None => user.password_hash.clone(),
    };
    rate_limit::hit(db, rate_limit::CONFIRM, &[format!("link:{}", row.id)], now).await?;
    if !hasher.verify(password, expected.as_deref()).await {
        return Err(ApiError::field(
            "password",
            "incorrect",
            "Enter the password you chose when you signed up (or your account's password).",
        ));
    }
    retry_once_on_unique(|| confirm(db, token, now)).await
}

/// The unused, unexpired verification link with this token, if any.
async fn live_link(
    db: &Db,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<email_tokens::Model>, ApiError> {
    Ok(email_tokens::Entity::find()
        .filter(email_tokens::Column::TokenHash.eq(tokens::token_hash(token)))
        .filter(email_tokens::Column::Purpose.eq(VERIFY_PURPOSE))
        .one(db)
        .await?
        .filter(|t| t.used_at.is_none() && t.expires_at > now))
}

fn invalid_link() -> ApiError {
    ApiError::field(
        "token",
        "invalid_or_expired",
        "This link is not valid any more: sign in to get a new one.",
    )
}

async fn confirm(db: &Db, token: &str, now: DateTime<Utc>) -> Result<(), ApiError> {
    let txn = db.write().await?;
    // Single use, even under concurrent clicks.
    let row = consume_email_token(&txn, token, VERIFY_PURPOSE, now)
        .await?
        .ok_or_else(invalid_link)?;
    let user = users::Entity::find_by_id(row.user_id)
        .one(&txn)
        .await?
        .filter(|u| u.deleted_at.is_none())
        .ok_or_else(invalid_link)?;
    let mut a: users::ActiveModel = user.clone().into();
    a.email_verified_at = Set(Some(user.email_verified_at.unwrap_or(now)));
    a.updated_at = Set(now);
    if let Some(new_email) = &row.new_email {
        // An address change: the new address must still be free.
        if users::Entity::find()
            .filter(users::Column::Email.eq(new_email))
            .one(&txn)
            .await?
            .is_some()
        {
            return Err(invalid_link());
        }
        a.email = Set(Some(new_email.clone()));
    } else if let Some(c) = SignupCredentials::of(&row) {
        // A sign-up's link works only while the address is unconfirmed.
        if user.email_verified_at.is_some() {
            return Err(invalid_link());
        }
        a.password_hash = Set(Some(c.password_hash));
        a.display_name = Set(c.display_name);
        a.language = Set(c.language);
        // The sign-up's account type, whatever an earlier sign-up chose.
        memberships::Entity::delete_many()
            .filter(memberships::Column::UserId.eq(user.id))
            .filter(memberships::Column::Role.is_in([Role::Citizen, Role::Carer]))
            .exec(&txn)
            .await?;
        add_membership(&txn, user.id, c.role, ResolvedScope::default(), now).await?;
        consents::ActiveModel {
            user_id: Set(user.id),
            document: Set("privacy".into()),
            version: Set(c.privacy_version),
            accepted_at: Set(row.created_at),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        end_pending_signups(&txn, user.id, now).await?;
    }
    a.update(&txn).await?;
    audit::record(
        &txn,
        AuditAction::EmailVerified,
        Some(row.user_id),
        Some(row.user_id),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Tells the owner of a registered address that someone tried to sign up with it.
async fn send_account_exists(
    db: &impl sea_orm::ConnectionTrait,
    public_url: &str,
    user: &users::Model,
    to: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let login_link = format!("{public_url}/accedi");
    let reset_link = format!("{public_url}/password-dimenticata");
    let rendered = templates::render(
        "account_exists",
        user.language.code(),
        &[
            ("name", user.display_name.as_str()),
            ("login_link", &login_link),
            ("reset_link", &reset_link),
        ],
    )
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    mail::enqueue_capped(db, OutgoingMail::new(to, rendered), now).await?;
    Ok(())
}

/// Queues the verification mail for `to` (the account's address, or the new one of an
/// address change), with a single-use link.
pub(super) async fn send_verification(
    db: &impl sea_orm::ConnectionTrait,
    public_url: &str,
    user: &users::Model,
    to: &str,
    link: LinkFor,
    language: Language,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let token = issue_email_token(
        db,
        user.id,
        VERIFY_PURPOSE,
        link,
        Duration::hours(VERIFY_HOURS),
        now,
    )
    .await?;
    let link = format!("{public_url}/verifica-email?token={token}");
    let hours = VERIFY_HOURS.to_string();
    let rendered = templates::render(
        "verify_email",
        language.code(),
        &[("link", &link), ("hours", &hours)],
    )
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    mail::enqueue_capped(db, OutgoingMail::new(to, rendered), now).await?;
    Ok(())
}
