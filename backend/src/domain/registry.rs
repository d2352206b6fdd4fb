//! The carers' registry and the matches' lifecycle (issue 12), as state machines with no
//! I/O.
//!
//! A carer (assistente familiare) applies; the WeMi spaces' operators and the city's
//! reviewers interview, train and list them; only listed carers are matched. A match
//! between a family's need and a service or a carer is proposed by the ranking, contacted
//! by either side, accepted or declined by the family, active once the service starts,
//! and ended.
use super::workflow::Forbidden;
use sea_orm::entity::prelude::StringLen;

code_enum! {
    /// Where a carer stands in the registry.
    pub enum RegistryStatus {
        /// Applied; waiting for an interview at a WeMi space.
        Applied,
        /// Interviewed; waiting for (or attending) the training.
        Interviewed,
        /// Trained; waiting to be listed.
        Trained,
        /// Listed: shown to families and matched.
        Listed,
        /// Suspended by an operator (with a note): not shown, not matched.
        Suspended,
    }
}

code_enum! {
    /// What an operator does to a carer's registration.
    pub enum RegistryAction {
        /// The interview took place.
        Interview,
        /// The training was completed.
        Train,
        /// The carer is listed.
        List,
        /// The carer is taken off the list for now.
        Suspend,
        /// A suspended carer is listed again.
        Reinstate,
    }
}

code_enum! {
    /// Where a carer's certificate stands: waiting for an operator, verified (a badge on
    /// the carer's profile) or rejected (with the operator's note).
    pub enum DocumentStatus {
        Pending,
        Verified,
        Rejected,
    }
}

code_enum! {
    /// An operator's decision on a certificate.
    pub enum DocumentDecision {
        Verify,
        Reject,
    }
}

impl DocumentDecision {
    /// The status the decision leaves the certificate in.
    pub fn status(self) -> DocumentStatus {
        match self {
            DocumentDecision::Verify => DocumentStatus::Verified,
            DocumentDecision::Reject => DocumentStatus::Rejected,
        }
    }
}

impl RegistryAction {
    pub const ALL: [RegistryAction; 5] = [
        RegistryAction::Interview,
        RegistryAction::Train,
        RegistryAction::List,
        RegistryAction::Suspend,
        RegistryAction::Reinstate,
    ];

    /// Suspending says why (the note is kept with the step).
    pub fn needs_note(self) -> bool {
        self == RegistryAction::Suspend
    }
}

impl RegistryStatus {
    pub const ALL: [RegistryStatus; 5] = [
        RegistryStatus::Applied,
        RegistryStatus::Interviewed,
        RegistryStatus::Trained,
        RegistryStatus::Listed,
        RegistryStatus::Suspended,
    ];

    /// The status after `action`, or why it is not allowed.
    pub fn apply(self, action: RegistryAction) -> Result<RegistryStatus, Forbidden> {
        use RegistryAction as A;
        use RegistryStatus as S;
        match (self, action) {
            (S::Applied, A::Interview) => Ok(S::Interviewed),
            (S::Interviewed, A::Train) => Ok(S::Trained),
            (S::Trained, A::List) => Ok(S::Listed),
            (S::Listed, A::Suspend) => Ok(S::Suspended),
            (S::Suspended, A::Reinstate) => Ok(S::Listed),
            (S::Applied, _) => Err(Forbidden("The carer has to be interviewed first.")),
            (S::Interviewed, _) => Err(Forbidden("The carer has to complete the training first.")),
            (S::Trained, _) => Err(Forbidden("A trained carer can only be listed.")),
            (S::Listed, _) => Err(Forbidden("A listed carer can only be suspended.")),
            (S::Suspended, _) => Err(Forbidden("A suspended carer can only be reinstated.")),
        }
    }

    /// Whether families see and are matched with the carer.
    pub fn is_listed(self) -> bool {
        self == RegistryStatus::Listed
    }

    /// What an operator may do from here.
    pub fn actions(self) -> Vec<RegistryAction> {
        RegistryAction::ALL
            .into_iter()
            .filter(|a| self.apply(*a).is_ok())
            .collect()
    }

    /// What comes next for the carer, as the status page says it.
    pub fn next_step(self) -> Option<RegistryAction> {
        match self {
            RegistryStatus::Applied => Some(RegistryAction::Interview),
            RegistryStatus::Interviewed => Some(RegistryAction::Train),
            RegistryStatus::Trained => Some(RegistryAction::List),
            RegistryStatus::Listed => None,
            RegistryStatus::Suspended => Some(RegistryAction::Reinstate),
        }
    }
}

code_enum! {
    /// Where a match between a need and a service or a carer stands.
    pub enum MatchStatus {
        /// The ranking proposed it; nobody acted yet.
        Proposed,
        /// One side reached out: the family wrote, or the carer expressed interest.
        Contacted,
        /// The family accepted it (an *incrocio domanda/offerta*): a thread is open.
        Accepted,
        /// The family (or the carer) declined it.
        Declined,
        /// The service started.
        Active,
        /// The service ended, or an accepted match came to nothing.
        Ended,
    }
}

code_enum! {
    /// What someone does to a match.
    pub enum MatchAction {
        Contact,
        Accept,
        Decline,
        Activate,
        End,
    }
}

code_enum! {
    /// The two sides of a match: the family whose need it is, and the carer.
    pub enum MatchSide {
        Family,
        Carer,
    }
}

impl MatchAction {
    /// Whether `side` may take the action: the family accepts and says the service
    /// started; either side reaches out, declines or ends.
    pub fn open_to(self, side: MatchSide) -> bool {
        match self {
            MatchAction::Contact | MatchAction::Decline | MatchAction::End => true,
            MatchAction::Accept | MatchAction::Activate => side == MatchSide::Family,
        }
    }
}

impl MatchAction {
    pub const ALL: [MatchAction; 5] = [
        MatchAction::Contact,
        MatchAction::Accept,
        MatchAction::Decline,
        MatchAction::Activate,
        MatchAction::End,
    ];
}

impl MatchStatus {
    pub const ALL: [MatchStatus; 6] = [
        MatchStatus::Proposed,
        MatchStatus::Contacted,
        MatchStatus::Accepted,
        MatchStatus::Declined,
        MatchStatus::Active,
        MatchStatus::Ended,
    ];

    /// The status after `action`, or why it is not allowed.
    pub fn apply(self, action: MatchAction) -> Result<MatchStatus, Forbidden> {
        use MatchAction as A;
        use MatchStatus as S;
        match (self, action) {
            (S::Proposed, A::Contact) => Ok(S::Contacted),
            (S::Contacted, A::Accept) => Ok(S::Accepted),
            (S::Proposed, A::Accept) => Err(Forbidden(
                "Contact first: a match is accepted in its thread.",
            )),
            (S::Proposed | S::Contacted, A::Decline) => Ok(S::Declined),
            (S::Accepted, A::Activate) => Ok(S::Active),
            (S::Accepted | S::Active, A::End) => Ok(S::Ended),
            (S::Contacted, A::Contact) => Err(Forbidden("This match was already contacted.")),
            (S::Accepted | S::Active, A::Contact | A::Accept | A::Decline) => {
                Err(Forbidden("This match was already accepted."))
            }
            (S::Active, A::Activate) => Err(Forbidden("This match is already active.")),
            (S::Proposed | S::Contacted, A::Activate | A::End) => {
                Err(Forbidden("The family has not accepted this match."))
            }
            (S::Declined, _) => Err(Forbidden("This match was declined.")),
            (S::Ended, _) => Err(Forbidden("This match has ended.")),
        }
    }

    /// The statuses in which the two sides can still write to each other.
    pub const OPEN: [MatchStatus; 3] = [
        MatchStatus::Contacted,
        MatchStatus::Accepted,
        MatchStatus::Active,
    ];

    /// Whether the two sides can still write to each other.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            MatchStatus::Contacted | MatchStatus::Accepted | MatchStatus::Active
        )
    }

    /// What `side` may do now. The family accepts only once the carer has written
    /// (their interest, or an answer to the family's first message).
    pub fn actions(self, side: MatchSide, carer_wrote: bool) -> Vec<MatchAction> {
        MatchAction::ALL
            .into_iter()
            .filter(|a| *a != MatchAction::Contact && a.open_to(side))
            .filter(|a| *a != MatchAction::Accept || carer_wrote)
            .filter(|a| self.apply(*a).is_ok())
            .collect()
    }

    /// Whether the match counts as an *incrocio domanda/offerta* (accepted, whatever
    /// happened after).
    pub fn is_a_match(self) -> bool {
        matches!(
            self,
            MatchStatus::Accepted | MatchStatus::Active | MatchStatus::Ended
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Debug;

    /// Every state × action gives the `allowed` table's state, or is forbidden.
    fn table_holds<S: Copy + Debug + PartialEq, A: Copy + Debug + PartialEq>(
        states: &[S],
        actions: &[A],
        allowed: &[(S, A, S)],
        apply: impl Fn(S, A) -> Result<S, Forbidden>,
    ) {
        for s in states {
            for a in actions {
                let expected = allowed
                    .iter()
                    .find(|(f, x, _)| f == s && x == a)
                    .map(|(_, _, t)| *t);
                match (apply(*s, *a), expected) {
                    (Ok(t), Some(e)) => assert_eq!(t, e, "{s:?} {a:?}"),
                    (Err(_), None) => {}
                    (got, want) => panic!("{s:?} {a:?}: {got:?}, expected {want:?}"),
                }
            }
        }
    }

    #[test]
    fn every_registry_transition_allowed_or_forbidden() {
        use RegistryAction as A;
        use RegistryStatus as S;
        let allowed = [
            (S::Applied, A::Interview, S::Interviewed),
            (S::Interviewed, A::Train, S::Trained),
            (S::Trained, A::List, S::Listed),
            (S::Listed, A::Suspend, S::Suspended),
            (S::Suspended, A::Reinstate, S::Listed),
        ];
        table_holds(&S::ALL, &A::ALL, &allowed, |s, a| s.apply(a));
    }

    #[test]
    fn only_listed_carers_are_matched_and_each_status_names_its_next_step() {
        for s in RegistryStatus::ALL {
            assert_eq!(s.is_listed(), s == RegistryStatus::Listed);
            if let Some(next) = s.next_step() {
                assert!(s.apply(next).is_ok(), "{s:?}");
            }
        }
        assert!(RegistryAction::Suspend.needs_note());
        assert!(!RegistryAction::List.needs_note());
        assert_eq!(
            RegistryStatus::Applied.actions(),
            [RegistryAction::Interview]
        );
        assert_eq!(RegistryStatus::Listed.actions(), [RegistryAction::Suspend]);
        assert_eq!(
            RegistryStatus::Suspended.actions(),
            [RegistryAction::Reinstate]
        );
    }

    #[test]
    fn every_match_transition_allowed_or_forbidden() {
        use MatchAction as A;
        use MatchStatus as S;
        let allowed = [
            (S::Proposed, A::Contact, S::Contacted),
            (S::Contacted, A::Accept, S::Accepted),
            (S::Proposed, A::Decline, S::Declined),
            (S::Contacted, A::Decline, S::Declined),
            (S::Accepted, A::Activate, S::Active),
            (S::Accepted, A::End, S::Ended),
            (S::Active, A::End, S::Ended),
        ];
        table_holds(&S::ALL, &A::ALL, &allowed, |s, a| s.apply(a));
        let counted: Vec<S> = S::ALL.into_iter().filter(|s| s.is_a_match()).collect();
        assert_eq!(counted, vec![S::Accepted, S::Active, S::Ended]);
    }

    #[test]
    fn each_side_may_do_its_own_steps() {
        use MatchAction as A;
        use MatchSide as W;
        use MatchStatus as S;
        assert_eq!(S::Contacted.actions(W::Family, false), vec![A::Decline]);
        assert_eq!(
            S::Contacted.actions(W::Family, true),
            vec![A::Accept, A::Decline]
        );
        assert_eq!(S::Contacted.actions(W::Carer, true), vec![A::Decline]);
        assert_eq!(
            S::Accepted.actions(W::Family, true),
            vec![A::Activate, A::End]
        );
        assert_eq!(S::Accepted.actions(W::Carer, true), vec![A::End]);
        assert_eq!(S::Active.actions(W::Carer, true), vec![A::End]);
        assert!(S::Declined.actions(W::Family, true).is_empty());
        assert!(S::Ended.actions(W::Carer, true).is_empty());
        let open: Vec<S> = S::ALL.into_iter().filter(|s| s.is_open()).collect();
        assert_eq!(open, vec![S::Contacted, S::Accepted, S::Active]);
    }
}
