//! Authentication and authorization: password hashing, access tokens (JWT), refresh and
//! e-mail tokens, the `Viewer` (who is asking) and its extractors, and the per-object
//! policy functions every service asks before it acts.
pub mod extract;
pub mod links;
pub mod password;
pub mod policy;
pub mod tokens;
mod viewer;

pub use extract::{ClientInfo, MaybeViewer};
pub use viewer::Viewer;
