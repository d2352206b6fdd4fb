//! A family's need (a *demand*, issue 12): who it is for in coarse terms, and where it
//! stands — open (matched), paused (kept, not matched) or closed (for good). The age
//! bands are the contact request's (`contact::AgeBand`).
use sea_orm::entity::prelude::StringLen;

code_enum! {
    /// Where a demand stands.
    pub enum DemandStatus {
        /// Matched: new offers that fit are proposed.
        Open,
        /// Kept as it is, not matched, until resumed.
        Paused,
        /// Closed for good (help found, or no longer needed).
        Closed,
    }
}

code_enum! {
    /// How much the beneficiary does alone.
    pub enum Autonomy {
        /// Self-sufficient: help with the house or company.
        Full,
        /// Needs help with some daily tasks.
        Partial,
        /// Needs help with most daily tasks, or constant presence.
        Dependent,
    }
}

code_enum! {
    /// What a requirement asks for.
    pub enum RequirementKind {
        Skill,
        Language,
    }
}

impl DemandStatus {
    /// Whether a demand may move from this status to `to`: open ⇄ paused, either to
    /// closed; a closed demand stays closed.
    pub fn can_become(self, to: DemandStatus) -> bool {
        use DemandStatus as S;
        matches!(
            (self, to),
            (S::Open, S::Paused) | (S::Paused, S::Open) | (S::Open | S::Paused, S::Closed)
        )
    }

    /// Whether the demand may still be changed.
    pub fn is_editable(self) -> bool {
        self != DemandStatus::Closed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_change_allowed_or_not() {
        use DemandStatus as S;
        let all = [S::Open, S::Paused, S::Closed];
        let allowed = [
            (S::Open, S::Paused),
            (S::Paused, S::Open),
            (S::Open, S::Closed),
            (S::Paused, S::Closed),
        ];
        for from in all {
            for to in all {
                assert_eq!(
                    from.can_become(to),
                    allowed.contains(&(from, to)),
                    "{from:?} → {to:?}"
                );
            }
        }
        assert!(S::Open.is_editable() && S::Paused.is_editable() && !S::Closed.is_editable());
    }
}
