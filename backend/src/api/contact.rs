//! Requests, threads and messages (issue 11): what a family sends to several providers
//! at once, and each organisation's thread.
use crate::api::services::{OrganisationRef, ZoneRef};
use crate::domain::contact::{
    AgeBand, BudgetPer, CloseReason, DeclineReason, Frequency, MessageKind, RequestStatus, Side,
    ThreadStatus,
};
use crate::input::JsonBody;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// The most cards one request may name.
pub const CARDS_MAX: usize = 10;
/// The longest message (characters).
pub const MESSAGE_MAX: usize = 4000;
/// The longest reason text (characters).
pub const REASON_MAX: usize = 1000;
/// The most attachments one message carries.
pub const ATTACHMENTS_MAX: usize = 5;

/// What the family needs, in coarse terms: never a name, an address or a birth date.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNeed {
    /// Whom the service is for.
    pub age_band: AgeBand,
    /// Where: a Municipio, NIL or comune code (see `/api/v1/zones`).
    #[serde(default)]
    #[schema(max_length = 40)]
    pub zone: Option<String>,
    /// When to start (absent: as soon as possible). Not in the past.
    #[serde(default)]
    pub start_on: Option<NaiveDate>,
    pub frequency: Frequency,
    /// Hours a week, roughly.
    #[serde(default, deserialize_with = "crate::input::integral_opt")]
    #[schema(minimum = 1, maximum = 168)]
    pub hours_per_week: Option<i32>,
    /// The budget, in euro cents VAT included, for `budget_per`.
    #[serde(default, deserialize_with = "crate::input::integral_opt")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub budget_cents: Option<i64>,
    /// Required with `budget_cents`.
    #[serde(default)]
    pub budget_per: Option<BudgetPer>,
    /// The language the family prefers to be spoken to in (ISO 639-1).
    #[serde(default)]
    #[schema(pattern = "^[a-z]{2}$")]
    pub language: Option<String>,
}

/// One message to up to ten cards (of one or more organisations): one thread opens
/// with each organisation.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRequest {
    /// The cards' ids, 1 to 10, published, each once.
    #[schema(min_items = 1, max_items = 10)]
    pub cards: Vec<Uuid>,
    /// The message, as the providers will read it. Do not write health details.
    #[schema(min_length = 1, max_length = 4000)]
    pub message: String,
    pub need: NewNeed,
    /// The family agrees to share the message and the need with these providers.
    /// Must be `true`.
    pub consent: bool,
    /// Sent for a group the family's need has joined (`/api/v1/groups/{id}`): the group
    /// must be formed, and the services of its kind of help. Absent need fields are the
    /// group's: its zone, and its members' hours together.
    #[serde(default)]
    pub group: Option<Uuid>,
}

impl JsonBody for NewRequest {
    const MULTILINE: &'static [&'static str] = &["message"];
}

/// The need as stored.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Need {
    pub age_band: AgeBand,
    pub zone: Option<ZoneRef>,
    pub start_on: Option<NaiveDate>,
    pub frequency: Frequency,
    pub hours_per_week: Option<i32>,
    pub budget_cents: Option<i64>,
    pub budget_per: Option<BudgetPer>,
    pub language: Option<String>,
    /// Sent for a group of families sharing the service (`hours_per_week` is their
    /// hours together); the order is a service in shared form.
    pub shared: bool,
}

/// A card named by a request.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CardBrief {
    pub id: Uuid,
    pub title: String,
}

/// The last message of a thread, shortened.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MessagePreview {
    pub side: Side,
    pub kind: MessageKind,
    /// At most 140 characters of the message (a notice's code for notices).
    pub excerpt: String,
    pub at: DateTime<Utc>,
}

/// A thread's current quote, for the comparison table.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuoteSummary {
    pub id: Uuid,
    pub version: i32,
    pub status: crate::domain::quote::QuoteStatus,
    /// Past its validity date.
    pub expired: bool,
    pub gross_cents: i64,
    pub vat_cents: i64,
    pub hourly_cents: Option<i64>,
    pub start_on: Option<NaiveDate>,
    pub valid_until: NaiveDate,
    pub vouchers: Vec<String>,
}

/// A thread as a list shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ThreadSummary {
    pub id: Uuid,
    /// The request's id.
    pub request: Uuid,
    pub status: ThreadStatus,
    pub organisation: OrganisationRef,
    pub cards: Vec<CardBrief>,
    pub need: Need,
    /// The provider's first answer is due by then.
    pub deadline_at: DateTime<Utc>,
    /// Still waiting for the first answer and past half the time to the deadline.
    pub due_soon: bool,
    pub first_answer_at: Option<DateTime<Utc>>,
    pub last_message: Option<MessagePreview>,
    /// The latest version of the thread's quote, if any.
    pub quote: Option<QuoteSummary>,
    /// The order made in this thread, if any.
    pub order: Option<Uuid>,
    /// Something new since the viewer's side last opened the thread.
    pub unread: bool,
    pub close_reason: Option<CloseReason>,
    pub decline_reason: Option<DeclineReason>,
    pub created_at: DateTime<Utc>,
}

/// A request with its threads side by side.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Request {
    pub id: Uuid,
    pub status: RequestStatus,
    pub message: String,
    pub need: Need,
    pub created_at: DateTime<Utc>,
    pub threads: Vec<ThreadSummary>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RequestList {
    /// Newest first.
    pub items: Vec<Request>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

/// A page of a list.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

/// The provider's inbox: which threads.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    /// Only this organisation's threads (one the viewer works for); absent: all of them.
    pub organisation: Option<Uuid>,
    pub status: Option<ThreadStatus>,
    /// Only threads naming this card.
    pub card: Option<Uuid>,
    /// Only threads still waiting for a first answer past half their time (`true`).
    pub due_soon: Option<bool>,
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ThreadList {
    /// Most recent activity first.
    pub items: Vec<ThreadSummary>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

/// A file sent with a message.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Attachment {
    pub id: Uuid,
    pub filename: String,
    /// `application/pdf`, `image/jpeg` or `image/png`.
    pub content_type: String,
    pub size_bytes: i64,
}

/// The name of an uploaded file.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AttachmentQuery {
    /// The file's name as the person knows it (paths are dropped).
    #[param(max_length = 200)]
    pub filename: Option<String>,
}

/// A message of a thread.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Message {
    pub id: Uuid,
    pub side: Side,
    pub kind: MessageKind,
    /// The text; for notices, a code the interface translates (`thread_closed_other_accepted`…).
    pub body: String,
    /// Who wrote it (their display name); absent for notices and deleted accounts.
    pub author: Option<String>,
    pub attachments: Vec<Attachment>,
    pub created_at: DateTime<Utc>,
}

/// An organisation's threads, as its administrators export them (newest first, at most
/// 10,000).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ThreadExport {
    pub organisation: crate::api::services::OrganisationRef,
    pub exported_at: DateTime<Utc>,
    pub threads: Vec<Thread>,
}

/// A thread whole, as its family or its organisation's staff see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Thread {
    #[serde(flatten)]
    pub summary: ThreadSummary,
    /// The side the viewer is on.
    pub viewer_side: Side,
    /// The request's message.
    pub request_message: String,
    pub decline_details: Option<String>,
    /// Oldest first.
    pub messages: Vec<Message>,
    /// Every version of the thread's quote, oldest first.
    pub quotes: Vec<crate::api::quotes::Quote>,
}

/// A message to post in a thread.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMessage {
    #[schema(min_length = 1, max_length = 4000)]
    pub body: String,
    /// `message` (the default) or, from the provider, `info_request`.
    #[serde(default)]
    pub kind: Option<MessageKind>,
    /// Files uploaded to this thread (`POST /threads/{id}/attachments`) and not yet sent.
    #[serde(default)]
    #[schema(max_items = 5)]
    pub attachments: Vec<Uuid>,
}

impl JsonBody for NewMessage {
    const MULTILINE: &'static [&'static str] = &["body"];
}

/// The provider declines the request.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decline {
    pub reason: DeclineReason,
    /// Why, for the family (required when the reason is `other`).
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub details: String,
}

impl JsonBody for Decline {
    const MULTILINE: &'static [&'static str] = &["details"];
}

/// A message in the account export.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportedMessage {
    pub side: Side,
    pub kind: MessageKind,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// A thread in the account export.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportedThread {
    pub id: Uuid,
    /// The organisation's legal name.
    pub organisation: String,
    pub status: ThreadStatus,
    pub messages: Vec<ExportedMessage>,
}

/// A request in the account export, with its threads and messages.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportedRequest {
    pub id: Uuid,
    pub status: RequestStatus,
    pub message: String,
    pub need: Need,
    pub created_at: DateTime<Utc>,
    pub threads: Vec<ExportedThread>,
}
