//! The person's own data: profile, e-mail change, export, deletion.
#[allow(unused_imports)]
use super::*;

pub async fn export(
    db: &Db,
    reference: &crate::reference::Reference,
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
    let sessions = super::all_sessions(db, user.id, now)
        .await?
        .into_iter()
        .map(|s| SessionRecord {
            device: s.device,
            started_at: s.started_at,
            last_active_at: s.last_active_at,
            expires_at: s.expires_at,
            active: s.active,
        })
        .collect();
    let txn = db.write().await?;
    audit::record(
        &txn,
        AuditAction::AccountExported,
        Some(user.id),
        Some(user.id),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(AccountExport {
        exported_at: now,
        profile: me(db, user, ms).await?,
        created_at: user.created_at,
        consents,
        sessions,
        requests: crate::services::contact::export(db, reference, user.id).await?,
        carer: crate::services::carers::export(db, reference, user.id).await?,
        favourites: crate::services::favourites::list(db, reference, user.id).await?,
        saved_searches: crate::services::saved_searches::list(db, user.id)
            .await?
            .items,
    })
}

/// Deletes an account after checking its password: the person's data is erased (name,
/// address, password, memberships, tokens, unsent mail to it, a carer's registration,
/// favourites and saved searches); the row stays, anonymised,
/// so that records the law keeps (consents given) still point somewhere.
pub async fn delete_account(
    db: &Db,
    reference: &crate::reference::Reference,
    hasher: &Hasher,
    public_url: &str,
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
    let txn = db.write().await?;
    // The account's row first, as every write that adds to what the person owns takes
    // it: such a write at the same moment has committed (and is erased below) or waits
    // and is refused. Two erasures at once: the second is 401.
    super::hold(&txn, user.id).await?;
    if let Some(email) = &user.email {
        mail_outbox_forget(&txn, email).await?;
    }
    crate::services::contact::forget(&txn, public_url, user.id, now).await?;
    let x = crate::services::contact::Ctx {
        db,
        reference,
        public_url,
        now,
    };
    crate::services::carers::forget(&txn, &x, user.id).await?;
    crate::services::demands::forget(&txn, &x, user.id).await?;
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
    crate::entities::favourites::Entity::delete_many()
        .filter(crate::entities::favourites::Column::UserId.eq(user.id))
        .exec(&txn)
        .await?;
    crate::entities::saved_searches::Entity::delete_many()
        .filter(crate::entities::saved_searches::Column::UserId.eq(user.id))
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
        AuditAction::AccountDeleted,
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

/// Starts an e-mail change after checking the password: a confirmation link goes to the
/// new address, which replaces the old one only when the link is opened. The answer does
/// not reveal whether the new address is already registered.
pub async fn request_email_change(
    db: &Db,
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
    let txn = db.write().await?;
    super::hold(&txn, user.id).await?;
    if users::Entity::find()
        .filter(users::Column::Email.eq(&new_email))
        .one(&txn)
        .await?
        .is_none()
    {
        send_verification(
            &txn,
            public_url,
            user,
            &new_email,
            LinkFor::NewEmail(new_email.clone()),
            user.language,
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Updates the display name and/or language.
pub async fn update_profile(
    db: &Db,
    user: &users::Model,
    name: Option<&str>,
    language: Option<Language>,
    now: DateTime<Utc>,
) -> Result<users::Model, ApiError> {
    let mut errors = Vec::new();
    let name = name.and_then(|n| crate::input::text_field(&mut errors, "display_name", n, 1, 100));
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let mut a: users::ActiveModel = user.clone().into();
    if let Some(n) = name {
        a.display_name = Set(n);
    }
    if let Some(l) = language {
        a.language = Set(l);
    }
    a.updated_at = Set(now);
    let txn = db.write().await?;
    // Not on an account erased meanwhile: its name stays erased.
    super::hold(&txn, user.id).await?;
    let user = a.update(&txn).await?;
    txn.commit().await?;
    Ok(user)
}

pub async fn me(db: &Db, user: &users::Model, ms: &[memberships::Model]) -> Result<Me, ApiError> {
    let mut out = Vec::new();
    for m in ms {
        let role = m.role;
        let refs = ResolvedScope::of(m).describe(db).await?;
        let (tenant, tenant_name) = refs
            .tenant
            .map(|t| (Some(t.code), Some(t.name)))
            .unwrap_or_default();
        out.push(Membership {
            id: m.public_id,
            role,
            organisation: refs.organisation,
            tenant,
            tenant_name,
            space: refs.space,
        });
    }
    Ok(Me {
        id: user.public_id,
        email: user.email.clone(),
        email_verified: user.email_verified_at.is_some(),
        display_name: user.display_name.clone(),
        language: user.language,
        memberships: out,
        unread_notifications: crate::services::notifications::unread_of(&**db, user.id).await?,
    })
}
