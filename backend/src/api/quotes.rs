//! Quotes, counter-proposals and orders (issue 11): what a provider proposes in a
//! thread, how the family answers, and the order an acceptance makes.
use crate::api::contact::CardBrief;
use crate::api::services::OrganisationRef;
use crate::domain::contact::Side;
use crate::domain::order::{CancelReason, CoPayment, OrderStatus};
use crate::domain::quote::{Amounts, CounterStatus, QuoteStatus, QuoteUnit};
use crate::input::JsonBody;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The longest notes of a quote (characters).
pub const NOTES_MAX: usize = 2000;
/// The longest description of a line (characters).
pub const LINE_MAX: usize = 200;
/// The longest schedule or message of a counter-proposal (characters).
pub const COUNTER_TEXT_MAX: usize = 1000;

/// One line of a quote: a quantity of a unit at a price, VAT included.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewQuoteLine {
    #[schema(min_length = 1, max_length = 200)]
    pub description: String,
    pub unit: QuoteUnit,
    /// Thousandths of the unit: 1.5 hours is 1500.
    #[serde(deserialize_with = "crate::input::integral")]
    #[schema(minimum = 1, maximum = 10000000)]
    pub quantity_milli: i64,
    /// Euro cents, VAT included; negative for a discount.
    #[serde(deserialize_with = "crate::input::integral")]
    #[schema(minimum = -10000000, maximum = 10000000)]
    pub unit_price_cents: i64,
    /// VAT rate in basis points: 0, 400, 500, 1000 or 2200.
    #[serde(deserialize_with = "crate::input::integral")]
    pub vat_rate_bp: i32,
}

/// A quote (or a new version of the thread's quote, which replaces the current one).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewQuote {
    #[schema(min_items = 1, max_items = 30)]
    pub lines: Vec<NewQuoteLine>,
    /// The last day the family may accept it (today or later).
    pub valid_until: NaiveDate,
    /// When the service could start.
    #[serde(default)]
    pub start_on: Option<NaiveDate>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub notes: String,
    /// Voucher scheme codes the provider accepts for this quote (`bebe-card`, `baf`,
    /// `titoli-sociali`: the catalogue's voucher schemes).
    #[serde(default)]
    #[schema(max_items = 10)]
    pub vouchers: Vec<String>,
}

impl JsonBody for NewQuote {
    const MULTILINE: &'static [&'static str] = &["notes", "description"];
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuoteLine {
    pub description: String,
    pub unit: QuoteUnit,
    pub quantity_milli: i64,
    pub unit_price_cents: i64,
    pub vat_rate_bp: i32,
    pub amounts: Amounts,
}

/// The family's counter-proposal to a quote.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CounterProposal {
    pub id: Uuid,
    /// The quote version it answers.
    pub quote: Uuid,
    pub status: CounterStatus,
    /// The total the family proposes, cents VAT included.
    pub total_cents: Option<i64>,
    pub start_on: Option<NaiveDate>,
    pub schedule: String,
    pub message: String,
    pub created_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// A version of a thread's quote.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Quote {
    pub id: Uuid,
    pub thread: Uuid,
    /// 1 for the first quote, then one more for each revision.
    pub version: i32,
    pub status: QuoteStatus,
    /// Past its validity date (it can no longer be accepted).
    pub expired: bool,
    pub valid_until: NaiveDate,
    pub start_on: Option<NaiveDate>,
    pub notes: String,
    pub vouchers: Vec<String>,
    pub lines: Vec<QuoteLine>,
    /// Net, VAT and gross (VAT included) totals, in cents: VAT is computed per rate on
    /// the rate's total, and net + VAT = gross exactly.
    pub totals: Amounts,
    /// The total per hour of the hourly lines, when there are some.
    pub hourly_cents: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub counter_proposals: Vec<CounterProposal>,
}

/// A counter-proposal: another total, another start, another schedule (at least one).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCounterProposal {
    #[serde(default, deserialize_with = "crate::input::integral_opt")]
    #[schema(minimum = 1, maximum = 100000000)]
    pub total_cents: Option<i64>,
    #[serde(default)]
    pub start_on: Option<NaiveDate>,
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub schedule: String,
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub message: String,
}

impl JsonBody for NewCounterProposal {
    const MULTILINE: &'static [&'static str] = &["schedule", "message"];
}

/// The provider's answer to a counter-proposal (to revise, send a new quote version).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerCounterProposal {
    /// `accept` makes a new version with the proposed total and start; `decline` keeps
    /// the quote as it is.
    pub decision: CounterDecision,
}

impl JsonBody for AnswerCounterProposal {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CounterDecision {
    Accept,
    Decline,
}

/// A voucher the family uses on the order.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoucherUse {
    /// One of the quote's voucher schemes.
    #[schema(max_length = 40)]
    pub scheme: String,
    /// Cents the voucher covers (up to the total).
    #[serde(deserialize_with = "crate::input::integral")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub amount_cents: i64,
}

/// The family accepts a quote: the order follows.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptQuote {
    #[serde(default)]
    pub voucher: Option<VoucherUse>,
}

impl JsonBody for AcceptQuote {}

/// An order: the service activated with one provider.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Order {
    pub id: Uuid,
    pub request: Uuid,
    pub thread: Uuid,
    pub quote: Uuid,
    pub organisation: OrganisationRef,
    pub card: CardBrief,
    pub status: OrderStatus,
    pub start_on: Option<NaiveDate>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancelled_by: Option<Side>,
    pub cancel_reason: Option<CancelReason>,
    pub cancel_details: Option<String>,
    /// Total, VAT part, voucher and the family's share, in cents VAT included.
    pub co_payment: CoPayment,
    pub voucher_scheme: Option<String>,
    pub viewer_side: Side,
    /// The family's review, once written.
    pub review: Option<Uuid>,
    /// Where the review is: awaiting the city's moderation, published or rejected.
    pub review_status: Option<crate::domain::review::ReviewStatus>,
    pub created_at: DateTime<Utc>,
}

/// The provider confirms the start (the quote's start date, or another).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmOrder {
    #[serde(default)]
    pub start_on: Option<NaiveDate>,
}

impl JsonBody for ConfirmOrder {}

/// Either side cancels, with a reason.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelOrder {
    pub reason: CancelReason,
    /// Required when the reason is `other`.
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub details: String,
}

impl JsonBody for CancelOrder {
    const MULTILINE: &'static [&'static str] = &["details"];
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrderList {
    /// Newest first.
    pub items: Vec<Order>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}
