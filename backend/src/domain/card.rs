//! The states of a service card and the kinds of its staff.
use sea_orm::entity::prelude::StringLen;

code_enum! {
    /// Where a card stands (see `workflow`): only `published` cards are public.
    pub enum CardStatus {
        /// Never approved; its first version is being written.
        Draft,
        /// Never approved; its first version is in review.
        InReview,
        /// Never approved; the reviewer asked for changes.
        ChangesRequested,
        /// Never approved; its provider took it back from review.
        Withdrawn,
        /// Citizens see its approved version.
        Published,
        /// Approved once, not public now (the city took it down, or it was restored
        /// from the archive): a new approval publishes it again.
        Unpublished,
        /// Archived by its provider.
        Archived,
    }
}

code_enum! {
    /// Staff employed by the provider, or supplied by another organisation.
    pub enum StaffKind {
        Internal,
        External,
    }
}

code_enum! {
    /// Where an organisation stands in the municipality's accreditation.
    pub enum AccreditationStatus {
        Accredited,
        Pending,
        Suspended,
        Revoked,
    }
}
