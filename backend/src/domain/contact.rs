//! Contact between a family and providers (issue 11): one **request** reaches up to ten
//! cards of one or more organisations and opens **one thread per organisation**; in a
//! thread the provider answers, asks for information, declines with a reason or sends
//! **quotes** (see `quote`); the family may counter-propose, and accepting a quote makes
//! an **order** (see `order`). Each lifecycle is a state machine here, with no I/O: the
//! services load the state, ask the machine, and store what it answers (an illegal step
//! is a `Forbidden`, answered 409).
use super::workflow::Forbidden;
use sea_orm::entity::prelude::StringLen;

code_enum! {
    /// Where a request stands.
    pub enum RequestStatus {
        /// Sent; at least one thread may still lead somewhere.
        Open,
        /// One of its quotes was accepted: an order exists.
        Activated,
        /// The family withdrew it: its open threads closed.
        Withdrawn,
        /// Every thread ended (declined, expired or closed) without an order, or the
        /// order was cancelled.
        Closed,
    }
}

code_enum! {
    /// Where a thread (one organisation's side of a request) stands.
    pub enum ThreadStatus {
        /// New: the provider has not answered yet; the answer deadline runs.
        AwaitingAnswer,
        /// The provider answered (a message, a question or a quote): the conversation goes on.
        Open,
        /// The family accepted one of its quotes: the order follows.
        Accepted,
        /// The provider declined, with a reason.
        Declined,
        /// No first answer by the deadline.
        Expired,
        /// Closed by the family, or because the request was withdrawn or another
        /// thread's quote was accepted (see `CloseReason`).
        Closed,
    }
}

code_enum! {
    /// Why a thread was closed.
    pub enum CloseReason {
        /// The family closed it.
        ByFamily,
        /// The family withdrew the whole request.
        RequestWithdrawn,
        /// The family accepted another provider's quote.
        OtherAccepted,
        /// The order made in this thread was cancelled.
        OrderCancelled,
    }
}

code_enum! {
    /// Why a provider declines a request (these feed the city's monitoring).
    pub enum DeclineReason {
        /// No staff or time free for it.
        NoCapacity,
        /// The family lives outside the zones served.
        OutsideArea,
        /// Not the kind of service the organisation offers.
        NotOurService,
        /// The family could not be reached.
        FamilyUnreachable,
        /// Something else (the text says what).
        Other,
    }
}

code_enum! {
    /// Who wrote a message in a thread.
    pub enum Side {
        /// The family (the request's citizen, or an operator acting for them).
        Family,
        /// The organisation's staff.
        Provider,
        /// The platform itself (automatic notices).
        Platform,
    }
}

code_enum! {
    /// What a message is.
    pub enum MessageKind {
        /// Plain text.
        Message,
        /// The provider asks the family for more information.
        InfoRequest,
        /// An automatic notice (closure, expiry, decline, acceptance…): the text is a
        /// code the interface translates, never personal content.
        Notice,
    }
}

code_enum! {
    /// Whom the service is for, in coarse terms (never a name or a birth date).
    pub enum AgeBand {
        /// 0–2 years.
        Infant,
        /// 3–10 years.
        Child,
        /// 11–17 years.
        Teen,
        /// 18–64 years.
        Adult,
        /// 65–79 years.
        Senior,
        /// 80 years and more.
        Elderly,
    }
}

code_enum! {
    /// How often the service is needed.
    pub enum Frequency {
        /// Once.
        OneOff,
        /// A few times a month.
        Occasional,
        /// Once a week.
        Weekly,
        /// Several times a week.
        SeveralTimesAWeek,
        /// Every day.
        Daily,
        /// Living with the person (a live-in carer).
        LiveIn,
    }
}

code_enum! {
    /// What a stated budget is for.
    pub enum BudgetPer {
        Hour,
        Week,
        Month,
        Total,
    }
}

code_enum! {
    /// What happened, for the city's monitoring: one interaction between a family and a
    /// provider. Events carry the time, tenant, organisation, category, zone and card,
    /// and for some kinds a duration or a reason code — never personal content.
    pub enum InteractionKind {
        /// A family sent a request (one event per request).
        RequestSent,
        /// A thread opened with an organisation (one per thread).
        ThreadOpened,
        /// The provider's first answer in a thread (a message, a question, a quote or a
        /// decline), with the seconds since the thread opened and whether it came before
        /// the deadline.
        FirstAnswer,
        /// A message in a thread (either side), without its text.
        Message,
        /// A quote sent (first version).
        QuoteSent,
        /// A quote revised (a new version).
        QuoteRevised,
        /// The family counter-proposed.
        CounterProposed,
        /// The provider accepted a counter-proposal.
        CounterAccepted,
        /// The provider declined a counter-proposal.
        CounterDeclined,
        /// The family accepted a quote.
        QuoteAccepted,
        /// An order was made (the activation), with the seconds since the request.
        OrderCreated,
        /// The provider confirmed the order's start.
        OrderConfirmed,
        /// An order was cancelled (reason code, and which side).
        OrderCancelled,
        /// The provider declined (reason code).
        ThreadDeclined,
        /// No first answer by the deadline.
        ThreadExpired,
        /// The family closed a thread, or it closed with the request.
        ThreadClosed,
        /// The family withdrew a request.
        RequestWithdrawn,
        /// A review was written.
        ReviewSubmitted,
        /// A review was published by the city.
        ReviewPublished,
        /// A review was rejected by the city.
        ReviewRejected,
        /// A family described a need (issue 12): its category (a carer role's category)
        /// and zone, nothing of the family.
        DemandOpened,
        /// The family changed the need.
        DemandChanged,
        /// The family paused the need (no matching meanwhile).
        DemandPaused,
        /// The family resumed a paused need.
        DemandResumed,
        /// The family closed the need.
        DemandClosed,
        /// The family looked at the offers ranked for the need; `reason` says whether any
        /// passed the filters (`none`, `some`): the city sees needs left unmet.
        MatchesShown,
        /// A family wrote to a listed carer about a need, or the carer said they are
        /// interested (`side` says who began).
        MatchContacted,
        /// A message between a family and a carer (either side), without its text.
        MatchMessage,
        /// The family accepted a carer: an *incrocio domanda/offerta*.
        MatchAccepted,
        /// One side declined the match (`side`).
        MatchDeclined,
        /// The carer's service started.
        MatchActivated,
        /// The service (or an accepted match) ended (`side`).
        MatchEnded,
        /// A family proposed a group of needs to share one carer (the invitations are
        /// `GroupInvited`, one each).
        GroupProposed,
        /// A need was invited into a group.
        GroupInvited,
        /// A family joined a group.
        GroupJoined,
        /// A family declined a group's invitation.
        GroupDeclined,
        /// A family left a group.
        GroupLeft,
        /// A group reached two members: it can be offered.
        GroupFormed,
        /// A group dissolved (fewer than two members left).
        GroupClosed,
    }
}

/// What someone does to a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadAction {
    /// The provider writes (a message, a question or a quote).
    ProviderAnswers,
    /// The family writes.
    FamilyWrites,
    /// The provider declines.
    Decline,
    /// The deadline passed without a first answer.
    Expire,
    /// The thread closes (the family's choice, a withdrawal, another acceptance).
    Close,
    /// The family accepts one of its quotes.
    Accept,
    /// The order made in this thread was cancelled.
    OrderCancelled,
}

impl ThreadStatus {
    /// Whether the thread still runs (messages, quotes, decisions).
    pub fn is_live(self) -> bool {
        matches!(self, ThreadStatus::AwaitingAnswer | ThreadStatus::Open)
    }

    /// The status after `action`, or why it is not allowed.
    pub fn apply(self, action: ThreadAction) -> Result<ThreadStatus, Forbidden> {
        use ThreadAction as A;
        use ThreadStatus as S;
        match (self, action) {
            (S::AwaitingAnswer | S::Open, A::ProviderAnswers) => Ok(S::Open),
            (S::AwaitingAnswer | S::Open, A::FamilyWrites) => Ok(self),
            // After the acceptance both sides still arrange the start in the thread.
            (S::Accepted, A::ProviderAnswers | A::FamilyWrites) => Ok(S::Accepted),
            (S::AwaitingAnswer | S::Open, A::Decline) => Ok(S::Declined),
            (S::AwaitingAnswer, A::Expire) => Ok(S::Expired),
            (S::AwaitingAnswer | S::Open, A::Close) => Ok(S::Closed),
            (S::Open, A::Accept) => Ok(S::Accepted),
            (S::AwaitingAnswer, A::Accept) => Err(Forbidden(
                "The provider has not answered this thread: there is nothing to accept.",
            )),
            (S::Accepted, A::OrderCancelled) => Ok(S::Closed),
            (S::Accepted, _) => Err(Forbidden(
                "A quote of this thread was accepted: it continues as an order.",
            )),
            (S::Declined, _) => Err(Forbidden("The provider declined this request.")),
            (S::Expired, _) => Err(Forbidden(
                "This thread expired without an answer from the provider.",
            )),
            (S::Closed, _) => Err(Forbidden("This thread is closed.")),
            (S::Open, A::Expire) => Err(Forbidden("The provider has already answered.")),
            (S::AwaitingAnswer | S::Open, A::OrderCancelled) => {
                Err(Forbidden("This thread has no order."))
            }
        }
    }
}

impl RequestStatus {
    /// The family withdraws the request: allowed while it is open.
    pub fn withdraw(self) -> Result<RequestStatus, Forbidden> {
        match self {
            RequestStatus::Open => Ok(RequestStatus::Withdrawn),
            RequestStatus::Activated => Err(Forbidden(
                "This request led to an order: cancel the order instead.",
            )),
            RequestStatus::Withdrawn => Err(Forbidden("This request is already withdrawn.")),
            RequestStatus::Closed => Err(Forbidden("This request is closed.")),
        }
    }

    /// A quote of one of its threads is accepted: one order per request.
    pub fn activate(self) -> Result<RequestStatus, Forbidden> {
        match self {
            RequestStatus::Open => Ok(RequestStatus::Activated),
            RequestStatus::Activated => Err(Forbidden(
                "Another quote of this request was already accepted.",
            )),
            RequestStatus::Withdrawn => Err(Forbidden("This request was withdrawn.")),
            RequestStatus::Closed => Err(Forbidden("This request is closed.")),
        }
    }

    /// What the request becomes once its threads are as `threads` says: closed when no
    /// thread is live any more and none was accepted; unchanged otherwise.
    pub fn settle(self, threads: &[ThreadStatus]) -> RequestStatus {
        if self == RequestStatus::Open && !threads.iter().any(|t| t.is_live()) {
            RequestStatus::Closed
        } else {
            self
        }
    }
}

impl DeclineReason {
    pub const ALL: [DeclineReason; 5] = [
        DeclineReason::NoCapacity,
        DeclineReason::OutsideArea,
        DeclineReason::NotOurService,
        DeclineReason::FamilyUnreachable,
        DeclineReason::Other,
    ];

    /// "Other" says nothing by itself: the provider must write why.
    pub fn needs_details(self) -> bool {
        self == DeclineReason::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::Iterable;

    const ACTIONS: [ThreadAction; 7] = [
        ThreadAction::ProviderAnswers,
        ThreadAction::FamilyWrites,
        ThreadAction::Decline,
        ThreadAction::Expire,
        ThreadAction::Close,
        ThreadAction::Accept,
        ThreadAction::OrderCancelled,
    ];

    /// Every (status, action) pair: the allowed ones and where they lead; all the
    /// others are forbidden.
    #[test]
    fn thread_transitions_are_exactly_these() {
        use ThreadAction as A;
        use ThreadStatus as S;
        let allowed = [
            (S::AwaitingAnswer, A::ProviderAnswers, S::Open),
            (S::AwaitingAnswer, A::FamilyWrites, S::AwaitingAnswer),
            (S::AwaitingAnswer, A::Decline, S::Declined),
            (S::AwaitingAnswer, A::Expire, S::Expired),
            (S::AwaitingAnswer, A::Close, S::Closed),
            (S::Open, A::ProviderAnswers, S::Open),
            (S::Open, A::FamilyWrites, S::Open),
            (S::Open, A::Decline, S::Declined),
            (S::Open, A::Close, S::Closed),
            (S::Open, A::Accept, S::Accepted),
            (S::Accepted, A::ProviderAnswers, S::Accepted),
            (S::Accepted, A::FamilyWrites, S::Accepted),
            (S::Accepted, A::OrderCancelled, S::Closed),
        ];
        for status in S::iter() {
            for action in ACTIONS {
                let expected = allowed
                    .iter()
                    .find(|(s, a, _)| *s == status && *a == action)
                    .map(|(_, _, to)| *to);
                match (status.apply(action), expected) {
                    (Ok(to), Some(e)) => assert_eq!(to, e, "{status:?} {action:?}"),
                    (Err(_), None) => {}
                    (got, e) => panic!("{status:?} {action:?}: got {got:?}, expected {e:?}"),
                }
            }
        }
    }

    #[test]
    fn request_transitions() {
        use RequestStatus as R;
        assert_eq!(R::Open.withdraw(), Ok(R::Withdrawn));
        assert_eq!(R::Open.activate(), Ok(R::Activated));
        for s in [R::Activated, R::Withdrawn, R::Closed] {
            assert!(s.withdraw().is_err(), "{s:?}");
            assert!(s.activate().is_err(), "{s:?}");
        }
    }

    #[test]
    fn a_request_closes_when_no_thread_is_live() {
        use ThreadStatus as S;
        let open = RequestStatus::Open;
        assert_eq!(
            open.settle(&[S::Declined, S::Expired]),
            RequestStatus::Closed
        );
        assert_eq!(open.settle(&[S::Declined, S::Open]), RequestStatus::Open);
        assert_eq!(
            RequestStatus::Activated.settle(&[S::Accepted, S::Closed]),
            RequestStatus::Activated
        );
        assert_eq!(
            RequestStatus::Withdrawn.settle(&[S::Closed]),
            RequestStatus::Withdrawn
        );
    }

    #[test]
    fn only_other_needs_details() {
        for r in DeclineReason::ALL {
            assert_eq!(r.needs_details(), r == DeclineReason::Other);
        }
    }
}
