//! Citizens' reports about a card: why, and how they end.
use sea_orm::entity::prelude::StringLen;

code_enum! {
    /// What is wrong with the card, in the reporter's words chosen from a list.
    pub enum ReportReason {
        /// The phone, e-mail or address does not work.
        WrongContacts,
        /// The prices are not the ones asked.
        WrongPrices,
        /// The opening or contact hours are wrong.
        WrongHours,
        /// The service does not cover the zones it says.
        WrongZones,
        /// The provider no longer offers the service.
        ServiceEnded,
        /// Something else (the text says what).
        Other,
    }
}

code_enum! {
    /// Where a report stands.
    pub enum ReportStatus {
        /// Waiting for the provider or the city.
        Open,
        /// Someone looked at it and said how it ended.
        Resolved,
    }
}

code_enum! {
    /// How a report ended.
    pub enum ReportOutcome {
        /// The card was corrected (or is being corrected in a new version).
        Corrected,
        /// The card was right: nothing to change.
        NoChange,
    }
}

impl ReportReason {
    pub const ALL: [ReportReason; 6] = [
        ReportReason::WrongContacts,
        ReportReason::WrongPrices,
        ReportReason::WrongHours,
        ReportReason::WrongZones,
        ReportReason::ServiceEnded,
        ReportReason::Other,
    ];

    /// "Other" says nothing by itself: the person must write what is wrong.
    pub fn needs_details(self) -> bool {
        self == ReportReason::Other
    }
}

impl ReportStatus {
    /// Resolving is allowed once: an open report becomes resolved, and stays so.
    pub fn resolve(self) -> Result<ReportStatus, super::workflow::Forbidden> {
        match self {
            ReportStatus::Open => Ok(ReportStatus::Resolved),
            ReportStatus::Resolved => Err(super::workflow::Forbidden(
                "This report is already resolved.",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_is_resolved_once() {
        assert_eq!(ReportStatus::Open.resolve(), Ok(ReportStatus::Resolved));
        assert!(ReportStatus::Resolved.resolve().is_err());
    }

    #[test]
    fn only_other_needs_words() {
        let needing: Vec<_> = ReportReason::ALL
            .into_iter()
            .filter(|r| r.needs_details())
            .collect();
        assert_eq!(needing, [ReportReason::Other]);
    }
}
