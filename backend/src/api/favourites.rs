//! Favourites and saved searches (issue 12): what a signed-in person keeps on the
//! account page.
use crate::domain::matching::CarerRole;
use crate::input::JsonBody;
use crate::reference::Label;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// The most favourites of each kind a person keeps.
pub const MAX_FAVOURITES: u64 = 200;
/// The most saved searches a person keeps.
pub const MAX_SAVED_SEARCHES: u64 = 20;
/// The longest query string a saved search keeps.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// The longest name of a saved search.
pub const MAX_NAME_CHARS: usize = 80;

/// A favourite service card: what the card still shows. `available` is false once the
/// card is no longer published (it stays in the list, without its details).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FavouriteCard {
    pub id: Uuid,
    pub title: String,
    /// The provider's name (empty when the card is no longer available).
    pub organisation: String,
    pub category_label: Label,
    pub available: bool,
    pub saved_at: DateTime<Utc>,
}

/// A favourite carer: the first name and roles, as on the limited profile, never a
/// contact detail. `available` is false once the carer is no longer listed (the name is
/// then withheld too).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FavouriteCarer {
    pub id: Uuid,
    pub first_name: String,
    pub roles: Vec<CarerRole>,
    pub available: bool,
    pub saved_at: DateTime<Utc>,
}

/// The viewer's favourites, most recently saved first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Favourites {
    pub cards: Vec<FavouriteCard>,
    pub carers: Vec<FavouriteCarer>,
}

/// A saved search: its name, its query string (as `GET /api/v1/services` takes it,
/// without paging) and whether a daily alert is on.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SavedSearch {
    pub id: Uuid,
    pub name: String,
    #[schema(max_length = 1000)]
    pub query: String,
    pub alert: bool,
    /// When the last alert was sent.
    pub alerted_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SavedSearchList {
    pub items: Vec<SavedSearch>,
}

/// A search to save. The query string is checked as the search checks it; `page`,
/// `per_page` and `sort` are left out (they do not change which cards match).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SavedSearchInput {
    #[schema(min_length = 1, max_length = 80)]
    pub name: String,
    /// The query string of a search, with or without its leading `?`.
    #[schema(max_length = 1000)]
    pub query: String,
    /// Tell me, at most once a day, when a new card matches.
    #[serde(default)]
    pub alert: bool,
}

impl JsonBody for SavedSearchInput {}

/// A change to a saved search: its name, its alert, or both.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SavedSearchPatch {
    #[schema(min_length = 1, max_length = 80)]
    pub name: Option<String>,
    pub alert: Option<bool>,
}

impl JsonBody for SavedSearchPatch {}

/// The signed link of an alert's mail.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnsubscribeInput {
    /// The `token` of the mail's link (URL-safe base64).
    #[schema(min_length = 1, max_length = 200, pattern = "^[A-Za-z0-9_-]+$")]
    pub token: String,
}

impl JsonBody for UnsubscribeInput {}

/// The one-click address of an alert mail's `List-Unsubscribe` header (RFC 8058).
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OneClickQuery {
    /// The alert's signed token, as in the mail's link (URL-safe base64).
    #[param(min_length = 1, max_length = 200, pattern = "^[A-Za-z0-9_-]+$")]
    pub token: String,
}

/// What a mail client posts to the one-click address (RFC 8058): read, not required.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct OneClickBody {
    #[serde(rename = "List-Unsubscribe")]
    #[schema(example = "One-Click")]
    pub list_unsubscribe: Option<String>,
}

/// The alert a link stopped: its search's name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Unsubscribed {
    pub name: String,
}
