//! Sign-up and e-mail verification.
#[allow(unused_imports)]
use super::*;

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
/// registered gets the same answer and no new account; its owner gets a mail (a new
/// verification link if it was never confirmed, else a note with the sign-in and reset
/// links), so a person who forgot they signed up is not stuck.
pub async fn signup(
    db: &DatabaseConnection,
    hasher: &Hasher,
    public_url: &str,
    s: SignupRequest,
    client: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let email = check_signup(&s)?;
    rate_limit::hit(
        db,
        rate_limit::SIGNUP,
        &[format!("account:{email}"), format!("ip:{client}")],
        now,
    )
    .await?;
    // Hash before looking the address up: both paths cost the same.
    let hash = hasher.hash(&s.password).await.map_err(ApiError::Internal)?;
    let txn = db.begin().await?;
    if let Some(existing) = users::Entity::find()
        .filter(users::Column::Email.eq(&email))
        .one(&txn)
        .await?
    {
        if existing.email_verified_at.is_none() {
            let lang = existing.language.clone();
            send_verification(&txn, public_url, &existing, &email, None, &lang, now).await?;
        } else {
            send_account_exists(&txn, public_url, &existing, &email, now).await?;
        }
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
    let role = match s.account_type {
        AccountType::Citizen => "citizen",
        AccountType::Carer => "carer",
    };
    memberships::ActiveModel {
        user_id: Set(user.id),
        role: Set(role.into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    send_verification(&txn, public_url, &user, &email, None, &s.language, now).await?;
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
    // Single use, even under concurrent clicks.
    let row = consume_email_token(&txn, token, VERIFY_PURPOSE, now)
        .await?
        .ok_or_else(invalid)?;
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
        &user.language,
        &[
            ("name", user.display_name.as_str()),
            ("login_link", &login_link),
            ("reset_link", &reset_link),
        ],
    )
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    mail::enqueue(db, OutgoingMail::new(to, rendered), now).await?;
    Ok(())
}

/// Queues the verification mail for `to` (the account's address, or the new one of an
/// address change), with a single-use link.
pub(super) async fn send_verification(
    db: &impl sea_orm::ConnectionTrait,
    public_url: &str,
    user: &users::Model,
    to: &str,
    new_email: Option<String>,
    language: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let token = issue_email_token(
        db,
        user.id,
        VERIFY_PURPOSE,
        new_email,
        Duration::hours(VERIFY_HOURS),
        now,
    )
    .await?;
    let link = format!("{public_url}/verifica-email?token={token}");
    let hours = VERIFY_HOURS.to_string();
    let rendered = templates::render(
        "verify_email",
        language,
        &[
            ("name", user.display_name.as_str()),
            ("link", &link),
            ("hours", &hours),
        ],
    )
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    mail::enqueue(db, OutgoingMail::new(to, rendered), now).await?;
    Ok(())
}
