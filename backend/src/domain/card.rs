//! The states of a service card and the kinds of its staff.
use sea_orm::entity::prelude::StringLen;

code_enum! {
    /// Where a card is in its life: only `published` cards are public.
    pub enum CardStatus {
        Draft,
        InReview,
        Published,
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
