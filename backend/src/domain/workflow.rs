//! A service card's review workflow, as a state machine with no I/O.
//!
//! A card is two things at once: what citizens see (its *live* version, once the city
//! approved one) and the provider's next version, if any (the *pending* version: being
//! drafted, in review, sent back with requested changes, or withdrawn from review). A
//! published card keeps serving citizens unchanged while its next version is drafted or
//! reviewed; approval swaps it in.
//!
//! The card's status says where the whole card stands:
//! - never approved: the pending version's status (`draft`, `in_review`,
//!   `changes_requested`, `withdrawn`);
//! - approved at least once: `published`, or `unpublished` (taken down by the city, or
//!   restored from the archive: citizens do not see it until a version is approved again);
//! - `archived` by its provider, whatever it was.
use super::CardStatus;
use sea_orm::entity::prelude::StringLen;

code_enum! {
    /// Where one version of a card stands.
    pub enum VersionStatus {
        /// Being written; the provider may change it.
        Draft,
        /// Submitted; waiting for the city's reviewer. Nobody may change it.
        InReview,
        /// Sent back by the reviewer with comments; the provider may change it.
        ChangesRequested,
        /// Taken back from review by the provider; the provider may change it.
        Withdrawn,
        /// Approved and shown to citizens (at most one per card).
        Published,
        /// Approved once, then replaced by a later approved version.
        Superseded,
    }
}

impl VersionStatus {
    /// Whether the provider may still change the version.
    pub fn is_editable(self) -> bool {
        matches!(
            self,
            VersionStatus::Draft | VersionStatus::ChangesRequested | VersionStatus::Withdrawn
        )
    }

    /// Whether the version is the card's pending one (not yet approved).
    pub fn is_pending(self) -> bool {
        self.is_editable() || self == VersionStatus::InReview
    }
}

/// Something a person does to a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// The provider saves the pending version's content (starting one if there is none).
    Edit,
    /// The provider sends the pending version to review.
    Submit,
    /// The provider takes the version in review back.
    Withdraw,
    /// The reviewer approves the version in review: it goes live.
    Approve,
    /// The reviewer sends the version in review back with comments.
    RequestChanges,
    /// The provider archives the card: citizens no longer see it.
    Archive,
    /// The provider brings an archived card back as a draft.
    Restore,
    /// The city takes a published card down, with a reason.
    Unpublish,
    /// The provider confirms a published card is still accurate (no new version).
    Confirm,
}

impl Action {
    pub const ALL: [Action; 9] = [
        Action::Edit,
        Action::Submit,
        Action::Withdraw,
        Action::Approve,
        Action::RequestChanges,
        Action::Archive,
        Action::Restore,
        Action::Unpublish,
        Action::Confirm,
    ];

    /// The action's code, as the API and the audit log name it.
    pub fn code(self) -> &'static str {
        match self {
            Action::Edit => "edit",
            Action::Submit => "submit",
            Action::Withdraw => "withdraw",
            Action::Approve => "approve",
            Action::RequestChanges => "request_changes",
            Action::Archive => "archive",
            Action::Restore => "restore",
            Action::Unpublish => "unpublish",
            Action::Confirm => "confirm",
        }
    }
}

/// Where a card stands: its status, its pending version's status (if any), and whether
/// a version was ever approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Workflow {
    pub card: CardStatus,
    pub pending: Option<VersionStatus>,
    pub live: bool,
}

/// Why an action is not allowed now (answered 409 with this explanation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forbidden(pub &'static str);

impl Workflow {
    /// A new card: its first version, a draft.
    pub fn new_card() -> Self {
        Self {
            card: CardStatus::Draft,
            pending: Some(VersionStatus::Draft),
            live: false,
        }
    }

    /// The card's status when it is not archived, from its pending version and history.
    fn settle(pending: Option<VersionStatus>, live: bool, published: bool) -> CardStatus {
        if live {
            return if published {
                CardStatus::Published
            } else {
                CardStatus::Unpublished
            };
        }
        match pending {
            Some(VersionStatus::InReview) => CardStatus::InReview,
            Some(VersionStatus::ChangesRequested) => CardStatus::ChangesRequested,
            Some(VersionStatus::Withdrawn) => CardStatus::Withdrawn,
            _ => CardStatus::Draft,
        }
    }

    /// Whether citizens see the card.
    pub fn is_public(&self) -> bool {
        self.card == CardStatus::Published
    }

    /// The state after `action`, or why it is not allowed.
    pub fn apply(self, action: Action) -> Result<Workflow, Forbidden> {
        let Workflow {
            card,
            pending,
            live,
        } = self;
        let published = card == CardStatus::Published;
        if card == CardStatus::Archived && action != Action::Restore {
            return Err(Forbidden(
                "The card is archived: restore it before anything else.",
            ));
        }
        let next = |pending: Option<VersionStatus>, live: bool, published: bool| Workflow {
            card: Self::settle(pending, live, published),
            pending,
            live,
        };
        match action {
            Action::Edit => match pending {
                Some(VersionStatus::InReview) => Err(Forbidden(
                    "The version is in review: withdraw it before changing it.",
                )),
                Some(VersionStatus::ChangesRequested) => Ok(next(pending, live, published)),
                _ => Ok(next(Some(VersionStatus::Draft), live, published)),
            },
            Action::Submit => match pending {
                Some(p) if p.is_editable() => {
                    Ok(next(Some(VersionStatus::InReview), live, published))
                }
                Some(_) => Err(Forbidden("The version is already in review.")),
                None => Err(Forbidden(
                    "There are no changes to submit: edit the card first.",
                )),
            },
            Action::Withdraw => match pending {
                Some(VersionStatus::InReview) => {
                    Ok(next(Some(VersionStatus::Withdrawn), live, published))
                }
                _ => Err(Forbidden("Only a version in review can be withdrawn.")),
            },
            Action::Approve => match pending {
                Some(VersionStatus::InReview) => Ok(next(None, true, true)),
                _ => Err(Forbidden("Only a version in review can be approved.")),
            },
            Action::RequestChanges => match pending {
                Some(VersionStatus::InReview) => {
                    Ok(next(Some(VersionStatus::ChangesRequested), live, published))
                }
                _ => Err(Forbidden(
                    "Changes can be requested only on a version in review.",
                )),
            },
            Action::Archive => match pending {
                Some(VersionStatus::InReview) => Err(Forbidden(
                    "The version is in review: withdraw it before archiving the card.",
                )),
                _ => Ok(Workflow {
                    card: CardStatus::Archived,
                    pending,
                    live,
                }),
            },
            Action::Restore => match card {
                CardStatus::Archived => Ok(next(Some(VersionStatus::Draft), live, false)),
                _ => Err(Forbidden("Only an archived card can be restored.")),
            },
            Action::Unpublish => match card {
                CardStatus::Published => Ok(next(pending, live, false)),
                _ => Err(Forbidden("Only a published card can be unpublished.")),
            },
            Action::Confirm => match card {
                CardStatus::Published => Ok(self),
                _ => Err(Forbidden(
                    "Only a published card can be confirmed as still accurate.",
                )),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use CardStatus as C;
    use VersionStatus as V;

    fn w(card: CardStatus, pending: Option<VersionStatus>, live: bool) -> Workflow {
        Workflow {
            card,
            pending,
            live,
        }
    }

    /// Every state a card can reach from a new card, by breadth-first search over all
    /// actions.
    fn reachable() -> Vec<Workflow> {
        let mut seen = vec![Workflow::new_card()];
        let mut i = 0;
        while i < seen.len() {
            let s = seen[i];
            for a in Action::ALL {
                if let Ok(n) = s.apply(a)
                    && !seen.contains(&n)
                {
                    seen.push(n);
                }
            }
            i += 1;
        }
        seen
    }

    /// The whole table: for every reachable state and every action, the expected result
    /// (`None`: forbidden). A change to the rules changes this table.
    #[test]
    fn every_transition_allowed_and_forbidden() {
        let draft = w(C::Draft, Some(V::Draft), false);
        let in_review = w(C::InReview, Some(V::InReview), false);
        let changes = w(C::ChangesRequested, Some(V::ChangesRequested), false);
        let withdrawn = w(C::Withdrawn, Some(V::Withdrawn), false);
        let published = w(C::Published, None, true);
        let pub_draft = w(C::Published, Some(V::Draft), true);
        let pub_review = w(C::Published, Some(V::InReview), true);
        let pub_changes = w(C::Published, Some(V::ChangesRequested), true);
        let pub_withdrawn = w(C::Published, Some(V::Withdrawn), true);
        let unpublished = w(C::Unpublished, None, true);
        let unpub_draft = w(C::Unpublished, Some(V::Draft), true);
        let unpub_review = w(C::Unpublished, Some(V::InReview), true);
        let unpub_changes = w(C::Unpublished, Some(V::ChangesRequested), true);
        let unpub_withdrawn = w(C::Unpublished, Some(V::Withdrawn), true);
        let archived = |p: Option<VersionStatus>, live: bool| w(C::Archived, p, live);

        // (state, action, expected)
        let mut table: Vec<(Workflow, Action, Option<Workflow>)> = Vec::new();
        let mut row = |s: Workflow, expected: [Option<Workflow>; 9]| {
            for (a, e) in Action::ALL.into_iter().zip(expected) {
                table.push((s, a, e));
            }
        };
        //  Edit, Submit, Withdraw, Approve, RequestChanges, Archive, Restore, Unpublish, Confirm
        row(
            draft,
            [
                Some(draft),
                Some(in_review),
                None,
                None,
                None,
                Some(archived(Some(V::Draft), false)),
                None,
                None,
                None,
            ],
        );
        row(
            in_review,
            [
                None,
                None,
                Some(withdrawn),
                Some(published),
                Some(changes),
                None,
                None,
                None,
                None,
            ],
        );
        row(
            changes,
            [
                Some(changes),
                Some(in_review),
                None,
                None,
                None,
                Some(archived(Some(V::ChangesRequested), false)),
                None,
                None,
                None,
            ],
        );
        row(
            withdrawn,
            [
                Some(draft),
                Some(in_review),
                None,
                None,
                None,
                Some(archived(Some(V::Withdrawn), false)),
                None,
                None,
                None,
            ],
        );
        row(
            published,
            [
                Some(pub_draft),
                None,
                None,
                None,
                None,
                Some(archived(None, true)),
                None,
                Some(unpublished),
                Some(published),
            ],
        );
        row(
            pub_draft,
            [
                Some(pub_draft),
                Some(pub_review),
                None,
                None,
                None,
                Some(archived(Some(V::Draft), true)),
                None,
                Some(unpub_draft),
                Some(pub_draft),
            ],
        );
        row(
            pub_review,
            [
                None,
                None,
                Some(pub_withdrawn),
                Some(published),
                Some(pub_changes),
                None,
                None,
                Some(unpub_review),
                Some(pub_review),
            ],
        );
        row(
            pub_changes,
            [
                Some(pub_changes),
                Some(pub_review),
                None,
                None,
                None,
                Some(archived(Some(V::ChangesRequested), true)),
                None,
                Some(unpub_changes),
                Some(pub_changes),
            ],
        );
        row(
            pub_withdrawn,
            [
                Some(pub_draft),
                Some(pub_review),
                None,
                None,
                None,
                Some(archived(Some(V::Withdrawn), true)),
                None,
                Some(unpub_withdrawn),
                Some(pub_withdrawn),
            ],
        );
        row(
            unpublished,
            [
                Some(unpub_draft),
                None,
                None,
                None,
                None,
                Some(archived(None, true)),
                None,
                None,
                None,
            ],
        );
        row(
            unpub_review,
            [
                None,
                None,
                Some(unpub_withdrawn),
                Some(published),
                Some(unpub_changes),
                None,
                None,
                None,
                None,
            ],
        );
        for (s, edited, p) in [
            (unpub_draft, unpub_draft, V::Draft),
            (unpub_changes, unpub_changes, V::ChangesRequested),
            (unpub_withdrawn, unpub_draft, V::Withdrawn),
        ] {
            row(
                s,
                [
                    Some(edited),
                    Some(unpub_review),
                    None,
                    None,
                    None,
                    Some(archived(Some(p), true)),
                    None,
                    None,
                    None,
                ],
            );
        }
        for (p, live) in [
            (Some(V::Draft), false),
            (Some(V::ChangesRequested), false),
            (Some(V::Withdrawn), false),
            (None, true),
            (Some(V::Draft), true),
            (Some(V::ChangesRequested), true),
            (Some(V::Withdrawn), true),
        ] {
            let restored = if live { unpub_draft } else { draft };
            row(
                archived(p, live),
                [
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    Some(restored),
                    None,
                    None,
                ],
            );
        }
        for (s, a, expected) in &table {
            assert_eq!(
                s.apply(*a).ok(),
                *expected,
                "{a:?} on {s:?} should give {expected:?}"
            );
        }
        // The table covers every reachable state (and nothing else is reachable).
        let states: Vec<Workflow> = table.iter().map(|(s, _, _)| *s).collect();
        for s in reachable() {
            assert!(states.contains(&s), "reachable state missing: {s:?}");
        }
    }

    #[test]
    fn only_published_cards_are_public_and_approval_needs_review() {
        for s in reachable() {
            assert_eq!(s.is_public(), s.card == C::Published);
            // Nothing but approval makes a card public that was not.
            for a in Action::ALL {
                if let Ok(n) = s.apply(a)
                    && n.is_public()
                    && !s.is_public()
                {
                    assert_eq!(a, Approve, "{a:?} published {s:?}");
                }
            }
            // A version in review cannot change.
            if s.pending == Some(V::InReview) {
                assert!(s.apply(Edit).is_err());
            }
        }
        assert!(Workflow::new_card().apply(Approve).is_err());
    }

    #[test]
    fn codes_are_snake_case() {
        assert_eq!(Action::RequestChanges.code(), "request_changes");
        assert_eq!(
            serde_json::to_value(V::ChangesRequested).ok(),
            Some(serde_json::json!("changes_requested"))
        );
    }
}
