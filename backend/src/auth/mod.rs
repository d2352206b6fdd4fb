//! Authentication: password hashing, access tokens (JWT), refresh and e-mail tokens, and
//! the extractors handlers use. Authorization decisions live in the services.
pub mod extract;
pub mod guard;
pub mod password;
pub mod tokens;

pub use extract::{AuthUser, ClientInfo, MaybeUser};
