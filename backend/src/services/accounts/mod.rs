//! Accounts: sign-up with e-mail verification through the outbox, sign-in, refresh-token
//! rotation with reuse detection, sign-out. Answers never reveal whether an e-mail is
//! registered.
use crate::api::auth::{
    AccountExport, ConsentRecord, Me, Membership, SessionRecord, SignupRequest,
};
use crate::api::services::OrganisationRef;
use crate::auth::password::{self, Hasher};
use crate::auth::tokens::{self, AccessTokens};
use crate::db::Db;
use crate::domain::{AuditAction, Language, Role};
use crate::entities::{
    consents, email_tokens, memberships, organisations, refresh_tokens, spaces, tenants, users,
};
use crate::error::{ApiError, DbFailure, FieldError};
use crate::mail::{self, OutgoingMail, templates};
use crate::services::{audit, rate_limit};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr,
};
use uuid::Uuid;

pub const PRIVACY_VERSION: &str = "2026-11";
pub const VERIFY_HOURS: i64 = 48;
pub const REFRESH_DAYS: i64 = 30;
const VERIFY_PURPOSE: &str = "verify_email";

mod profile;
mod reset;
mod roles;
mod session;
mod sessions;
mod signup;

pub use profile::{delete_account, export, me, request_email_change, update_profile};
pub use reset::{
    RESET_MINUTES, change_password, confirm_password_reset, request_password_reset, send_reset_link,
};
pub use roles::{
    ResolvedScope, SCOPE_MISMATCH, Scope, ScopeRefs, add_membership, grant_role, resolve_scope,
    scope_fits,
};
pub use session::{Client, Session, login, logout, refresh};
pub use sessions::{all_sessions, end_other_sessions, end_session, list_sessions};
use signup::send_verification;
pub use signup::{signup, verify_email};

/// Takes the person's row for the transaction while the account stands. Every write that
/// adds to what a person owns (needs, requests, a carer's registration, favourites, saved
/// searches, the profile) takes it first, and so does the erasure: one person's writes
/// run one after the other (a cap counted after it holds under a burst), and an erasure
/// either waits for such a write and then erases what it made, or went first and the
/// write is answered 401, as a token of an erased account is.
pub(crate) async fn hold(txn: &crate::db::WriteTxn, user_id: i32) -> Result<(), ApiError> {
    let live = sea_orm::Condition::all()
        .add(users::Column::Id.eq(user_id))
        .add(users::Column::DeletedAt.is_null());
    if !txn.take::<users::Entity>(users::Column::Id, live).await? {
        return Err(ApiError::Unauthorized);
    }
    Ok(())
}

/// An address mail can be delivered to, lower-cased: a dot-atom local part (no quotes,
/// comments or routes) and a host name of dot-separated labels (letters, digits,
/// hyphens), at most 254 characters. What is refused here is what the mailer would
/// refuse, or deliver somewhere else than typed.
pub fn normalise_email(raw: &str) -> Option<String> {
    let e = raw.trim().to_lowercase();
    if e.len() > 254 || e.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (local, domain) = e.rsplit_once('@')?;
    let atom =
        |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c) || !c.is_ascii();
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| c == '.' || atom(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || !c.is_ascii())
    };
    let domain_ok = labels.len() >= 2
        && labels.iter().all(label_ok)
        && labels
            .last()
            .is_some_and(|tld| !tld.chars().all(|c| c.is_ascii_digit()));
    (local_ok && domain_ok && e.parse::<lettre::Address>().is_ok()).then_some(e)
}

/// What an e-mail link confirms besides the address itself.
#[derive(Debug, Clone, Default)]
pub(super) enum LinkFor {
    /// A password reset, or a plain confirmation.
    #[default]
    Nothing,
    /// An address change: the new address.
    NewEmail(String),
    /// A sign-up: the credentials it chose, activated when its link is used.
    Signup(SignupCredentials),
}

/// The credentials of one sign-up, kept with its verification link.
#[derive(Debug, Clone)]
pub(super) struct SignupCredentials {
    pub password_hash: String,
    pub display_name: String,
    pub language: Language,
    pub role: Role,
    pub privacy_version: String,
}

impl SignupCredentials {
    /// The credentials a verification link carries, if it is a sign-up's.
    fn of(t: &email_tokens::Model) -> Option<Self> {
        Some(Self {
            password_hash: t.signup_password_hash.clone()?,
            display_name: t.signup_display_name.clone()?,
            language: t.signup_language?,
            role: t.signup_role?,
            privacy_version: t.signup_privacy_version.clone()?,
        })
    }
}

/// Creates a single-use e-mail token (verification, reset, address change); returns the
/// token for the link. Only its hash is stored.
async fn issue_email_token(
    db: &impl sea_orm::ConnectionTrait,
    user_id: i32,
    purpose: &str,
    link: LinkFor,
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    let token = tokens::random_token();
    let (new_email, signup) = match link {
        LinkFor::Nothing => (None, None),
        LinkFor::NewEmail(e) => (Some(e), None),
        LinkFor::Signup(c) => (None, Some(c)),
    };
    email_tokens::ActiveModel {
        user_id: Set(user_id),
        purpose: Set(purpose.to_owned()),
        new_email: Set(new_email),
        token_hash: Set(tokens::token_hash(&token)),
        expires_at: Set(now + ttl),
        used_at: Set(None),
        created_at: Set(now),
        signup_password_hash: Set(signup.as_ref().map(|c| c.password_hash.clone())),
        signup_display_name: Set(signup.as_ref().map(|c| c.display_name.clone())),
        signup_language: Set(signup.as_ref().map(|c| c.language)),
        signup_role: Set(signup.as_ref().map(|c| c.role)),
        signup_privacy_version: Set(signup.as_ref().map(|c| c.privacy_version.clone())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Uses a single-use e-mail token of `purpose`: the row, or None when it is unknown, used
/// or expired. Once only, even under concurrent clicks.
async fn consume_email_token(
    db: &impl sea_orm::ConnectionTrait,
    token: &str,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<Option<email_tokens::Model>, ApiError> {
    let Some(row) = email_tokens::Entity::find()
        .filter(email_tokens::Column::TokenHash.eq(tokens::token_hash(token)))
        .filter(email_tokens::Column::Purpose.eq(purpose))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if row.used_at.is_some() || row.expires_at <= now {
        return Ok(None);
    }
    let used = email_tokens::Entity::update_many()
        .col_expr(email_tokens::Column::UsedAt, Expr::value(now))
        .filter(email_tokens::Column::Id.eq(row.id))
        .filter(email_tokens::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok((used.rows_affected == 1).then_some(row))
}

/// Runs a write twice at most: when the first attempt lost a create-if-absent race (a
/// unique-constraint violation: a concurrent request created the same row and committed
/// first), the second attempt finds that row and takes the path the route promises for
/// it.
pub(crate) async fn retry_once_on_unique<T, F, Fut>(mut attempt: F) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, ApiError>>,
{
    match attempt().await {
        Err(e) if e.db_failure() == Some(DbFailure::Unique) => attempt().await,
        other => other,
    }
}

/// Which of a person's sessions (refresh-token families) to end.
#[derive(Debug, Clone, Copy)]
pub(super) enum Ending {
    All,
    Only(Uuid),
    AllBut(Uuid),
}

/// Ends sessions of the account: their refresh tokens and, through the session check of
/// every request, their access tokens. Returns how many token rows it revoked.
pub(super) async fn end_sessions(
    db: &impl sea_orm::ConnectionTrait,
    user_id: i32,
    which: Ending,
    now: DateTime<Utc>,
) -> Result<u64, ApiError> {
    let mut q = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(now))
        .filter(refresh_tokens::Column::UserId.eq(user_id))
        .filter(refresh_tokens::Column::RevokedAt.is_null());
    q = match which {
        Ending::All => q,
        Ending::Only(family) => q.filter(refresh_tokens::Column::FamilyId.eq(family)),
        Ending::AllBut(family) => q.filter(refresh_tokens::Column::FamilyId.ne(family)),
    };
    Ok(q.exec(db).await?.rows_affected)
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
        for good in [
            "o'neil+casa@posta.example.it",
            "x@xn--p1ai.xn--p1ai",
            "a_b-c@d-e.fg",
        ] {
            assert_eq!(n(good).as_deref(), Some(good), "{good}");
        }
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
            "a@b..example",
            "x@demo.domicilia.it@evil.example",
            "a(comment)@weird.example",
            "bcc:@weird.example",
            "a@b.c=?utf-8?q?x?=",
            "\"quoted\"@weird.example",
            ".anna@x.it",
            "an..na@x.it",
            "anna@-x.it",
            "anna@x.123",
        ] {
            assert_eq!(n(bad), None, "{bad}");
        }
    }
}
