//! The `email_tokens` table.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub purpose: String,
    pub new_email: Option<String>,
    pub token_hash: String,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// For a sign-up's verification link: the credentials that sign-up chose. Confirming
    /// the address activates these, and only these.
    pub signup_password_hash: Option<String>,
    pub signup_display_name: Option<String>,
    pub signup_language: Option<crate::domain::Language>,
    pub signup_role: Option<crate::domain::Role>,
    pub signup_privacy_version: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
