//! Accounts: sign-up with e-mail verification through the outbox, sign-in, refresh-token
//! rotation with reuse detection, sign-out. Answers never reveal whether an e-mail is
//! registered.
use crate::api::auth::{
    AccountExport, AccountType, ConsentRecord, Me, Membership, Role, SessionRecord, SignupRequest,
};
use crate::api::services::OrganisationRef;
use crate::auth::password::{self, Hasher};
use crate::auth::tokens::{self, AccessTokens};
use crate::entities::{
    consents, email_tokens, memberships, organisations, refresh_tokens, spaces, tenants, users,
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

mod profile;
mod reset;
mod roles;
mod session;
mod sessions;
mod signup;

pub use profile::{delete_account, export, me, request_email_change, update_profile};
use reset::send_reset_link;
pub use reset::{RESET_MINUTES, change_password, confirm_password_reset, request_password_reset};
pub use roles::{
    ResolvedScope, SCOPE_MISMATCH, Scope, ScopeRefs, grant_role, resolve_scope, scope_fits,
};
pub use session::{Client, Session, login, logout, refresh};
pub use sessions::{all_sessions, end_other_sessions, end_session, list_sessions};
use signup::send_verification;
pub use signup::{signup, verify_email};

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

/// Creates a single-use e-mail token (verification, reset, address change); returns the
/// token for the link. Only its hash is stored.
async fn issue_email_token(
    db: &impl sea_orm::ConnectionTrait,
    user_id: i32,
    purpose: &str,
    new_email: Option<String>,
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    let token = tokens::random_token();
    email_tokens::ActiveModel {
        user_id: Set(user_id),
        purpose: Set(purpose.to_owned()),
        new_email: Set(new_email),
        token_hash: Set(tokens::token_hash(&token)),
        expires_at: Set(now + ttl),
        used_at: Set(None),
        created_at: Set(now),
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
