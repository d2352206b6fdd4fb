//! The domain's types and rules, with no I/O: roles, card states, languages, audit
//! actions (stored as their codes with `DeriveActiveEnum`), identifiers, text
//! normalisation, money and VAT, client addresses, the clock.
pub mod audit;
pub mod card;
pub mod client_addr;
pub mod clock;
pub mod device;
pub mod language;
pub mod money;
pub mod roles;
pub mod text;
pub mod vat_number;
pub mod zone;

pub use audit::AuditAction;
pub use card::{AccreditationStatus, CardStatus, StaffKind};
pub use clock::{Clock, ManualClock, ShiftedClock, SystemClock};
pub use language::Language;
pub use roles::{AccountType, Role, ScopeKind};
pub use zone::ZoneKind;
