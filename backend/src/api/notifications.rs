//! The signed-in person's notifications.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// What a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// The city approved a card: it is published.
    CardApproved,
    /// The city asked for changes to a card.
    CardChangesRequested,
    /// The city took a card down.
    CardUnpublished,
    /// A card was submitted for review (for the tenant's reviewers).
    CardSubmitted,
    /// A citizen reported one of the organisation's cards as wrong or outdated.
    CardReported,
    /// A citizen reported a card of the tenant (for its reviewers).
    CardReportForReview,
    /// A published card was last verified 11 months ago: confirm or update it.
    CardVerifyDue,
    /// The city suspended the organisation: its cards are hidden from citizens.
    OrganisationSuspended,
    /// The city reinstated the organisation: its published cards are back.
    OrganisationReinstated,
    /// A family sent a request to the organisation: a new thread awaits its first answer.
    ThreadNew,
    /// A new message in one of the viewer's threads.
    ThreadMessage,
    /// Half the time to answer a new thread has passed without an answer.
    ThreadAnswerDue,
    /// A provider declined the family's request.
    ThreadDeclined,
    /// A provider did not answer the family's request in time: the thread expired.
    ThreadExpired,
    /// The family closed a thread, withdrew its request or chose another provider.
    ThreadClosed,
    /// A provider sent or revised a quote.
    QuoteReceived,
    /// The family counter-proposed on a quote.
    CounterProposed,
    /// The family accepted the organisation's quote: confirm the start.
    QuoteAccepted,
    /// The provider confirmed the start of the family's order.
    OrderConfirmed,
    /// The other side cancelled an order.
    OrderCancelled,
    /// A family reviewed a service: publish or reject the review.
    ReviewToModerate,
    /// A review of one of the organisation's services was published.
    ReviewPublished,
    /// Someone reported a published review as abusive.
    ReviewReported,
    /// The carer's registration moved on (interviewed, trained): what comes next is on
    /// their page.
    RegistryStep,
    /// The carer is listed (or listed again): families can find them.
    CarerListed,
    /// The carer's listing is suspended, with the operator's note.
    CarerSuspended,
    /// An operator verified or rejected one of the carer's certificates.
    CertificateChecked,
    /// A family wrote to the carer about a need, or a carer is interested in the
    /// family's need.
    MatchOpened,
    /// A new message from the other side of a match.
    MatchMessage,
    /// The family accepted the carer.
    MatchAccepted,
    /// The family says the carer's service started.
    MatchStarted,
    /// The other side declined or ended the match.
    MatchClosed,
    /// New services or carers fit one of the family's needs (at most one a day).
    MatchDigest,
    /// A neighbour's family invites the family's need into a group sharing one carer.
    GroupInvited,
    /// A family joined, declined or left the group; the group formed or dissolved.
    GroupChanged,
    /// New cards match one of the person's saved searches (at most one a day).
    SearchAlert,
}

impl NotificationKind {
    pub fn code(self) -> &'static str {
        match self {
            NotificationKind::CardApproved => "card_approved",
            NotificationKind::CardChangesRequested => "card_changes_requested",
            NotificationKind::CardUnpublished => "card_unpublished",
            NotificationKind::CardSubmitted => "card_submitted",
            NotificationKind::CardReported => "card_reported",
            NotificationKind::CardReportForReview => "card_report_for_review",
            NotificationKind::CardVerifyDue => "card_verify_due",
            NotificationKind::OrganisationSuspended => "organisation_suspended",
            NotificationKind::OrganisationReinstated => "organisation_reinstated",
            NotificationKind::ThreadNew => "thread_new",
            NotificationKind::ThreadMessage => "thread_message",
            NotificationKind::ThreadAnswerDue => "thread_answer_due",
            NotificationKind::ThreadDeclined => "thread_declined",
            NotificationKind::ThreadExpired => "thread_expired",
            NotificationKind::ThreadClosed => "thread_closed",
            NotificationKind::QuoteReceived => "quote_received",
            NotificationKind::CounterProposed => "counter_proposed",
            NotificationKind::QuoteAccepted => "quote_accepted",
            NotificationKind::OrderConfirmed => "order_confirmed",
            NotificationKind::OrderCancelled => "order_cancelled",
            NotificationKind::ReviewToModerate => "review_to_moderate",
            NotificationKind::ReviewPublished => "review_published",
            NotificationKind::ReviewReported => "review_reported",
            NotificationKind::RegistryStep => "registry_step",
            NotificationKind::CarerListed => "carer_listed",
            NotificationKind::CarerSuspended => "carer_suspended",
            NotificationKind::CertificateChecked => "certificate_checked",
            NotificationKind::MatchOpened => "match_opened",
            NotificationKind::MatchMessage => "match_message",
            NotificationKind::MatchAccepted => "match_accepted",
            NotificationKind::MatchStarted => "match_started",
            NotificationKind::MatchClosed => "match_closed",
            NotificationKind::MatchDigest => "match_digest",
            NotificationKind::GroupInvited => "group_invited",
            NotificationKind::GroupChanged => "group_changed",
            NotificationKind::SearchAlert => "search_alert",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [
            NotificationKind::CardApproved,
            NotificationKind::CardChangesRequested,
            NotificationKind::CardUnpublished,
            NotificationKind::CardSubmitted,
            NotificationKind::CardReported,
            NotificationKind::CardReportForReview,
            NotificationKind::CardVerifyDue,
            NotificationKind::OrganisationSuspended,
            NotificationKind::OrganisationReinstated,
            NotificationKind::ThreadNew,
            NotificationKind::ThreadMessage,
            NotificationKind::ThreadAnswerDue,
            NotificationKind::ThreadDeclined,
            NotificationKind::ThreadExpired,
            NotificationKind::ThreadClosed,
            NotificationKind::QuoteReceived,
            NotificationKind::CounterProposed,
            NotificationKind::QuoteAccepted,
            NotificationKind::OrderConfirmed,
            NotificationKind::OrderCancelled,
            NotificationKind::ReviewToModerate,
            NotificationKind::ReviewPublished,
            NotificationKind::ReviewReported,
            NotificationKind::RegistryStep,
            NotificationKind::CarerListed,
            NotificationKind::CarerSuspended,
            NotificationKind::CertificateChecked,
            NotificationKind::MatchOpened,
            NotificationKind::MatchMessage,
            NotificationKind::MatchAccepted,
            NotificationKind::MatchStarted,
            NotificationKind::MatchClosed,
            NotificationKind::MatchDigest,
            NotificationKind::GroupInvited,
            NotificationKind::GroupChanged,
            NotificationKind::SearchAlert,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Notification {
    pub id: Uuid,
    pub kind: NotificationKind,
    /// The web app's path of the object (`/gestione/schede/{id}` for providers,
    /// `/gestione/revisione/{id}` for reviewers).
    pub link: String,
    /// The card's title, for the message.
    pub title: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NotificationList {
    pub items: Vec<Notification>,
    pub unread: u64,
}

/// How many of your notifications are unread (the header's bell).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NotificationCount {
    pub unread: u64,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// Only the unread ones.
    #[serde(default)]
    pub unread: bool,
}
