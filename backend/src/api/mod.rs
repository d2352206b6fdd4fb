//! Request and response types of the HTTP API (utoipa schemas). Built by services from
//! entities; never the entities themselves.
pub mod audit;
pub mod auth;
pub mod cards_admin;
pub mod carers;
pub mod catalogue;
pub mod contact;
pub mod demands;
pub mod favourites;
pub mod groups;
pub mod invitations;
pub mod matches;
pub mod notifications;
pub mod organisations;
pub mod quotes;
pub mod reports;
pub mod reviews;
pub mod services;
pub mod spaces;

pub use crate::reference::{Label, ZoneKind};
use serde::Serialize;
use utoipa::ToSchema;

/// A code with its label in both languages.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct CodeLabel {
    pub code: String,
    pub label: Label,
}
