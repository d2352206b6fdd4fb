//! The domain's types and rules, with no I/O: roles, card states, languages, audit
//! actions (stored as their codes with `DeriveActiveEnum`), identifiers, text
//! normalisation, money and VAT, client addresses, the clock; contact between families
//! and providers: quotes, orders, reviews, answer deadlines and trust signals; matching
//! (issue 12): weeks of hours, the ranking and its reasons, pooling, the carers' registry
//! and the matches' lifecycle.
/// An enum stored and sent as its snake_case codes: sea-orm's `DeriveActiveEnum` (a
/// string column), serde and the OpenAPI schema, with one list of derives for all.
macro_rules! code_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            sea_orm::EnumIter,
            sea_orm::DeriveActiveEnum,
            serde::Serialize,
            serde::Deserialize,
            utoipa::ToSchema,
        )]
        #[sea_orm(
            rs_type = "String",
            db_type = "String(StringLen::None)",
            rename_all = "snake_case"
        )]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }
    };
}

pub mod audit;
pub mod card;
pub mod client_addr;
pub mod clock;
pub mod contact;
pub mod deadline;
pub mod demand;
pub mod device;
pub mod language;
pub mod matching;
pub mod money;
pub mod order;
pub mod pooling;
pub mod quote;
pub mod registry;
pub mod report;
pub mod review;
pub mod roles;
pub mod text;
pub mod trust;
pub mod vat_number;
pub mod week;
pub mod workflow;
pub mod zone;

pub use audit::AuditAction;
pub use card::{AccreditationStatus, CardStatus, StaffKind};
pub use clock::{Clock, ManualClock, ShiftedClock, SystemClock};
pub use language::Language;
pub use roles::{AccountType, Role, ScopeKind};
pub use zone::ZoneKind;
