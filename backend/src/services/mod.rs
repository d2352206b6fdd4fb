//! One module per capability: queries, mutations, transactions, authorization decisions.
//! No HTTP types here.
pub mod accounts;
pub mod audit;
pub mod card_write;
pub mod cards;
pub mod catalogue;
pub mod invitations;
pub mod members;
pub mod organisations;
pub mod rate_limit;
mod search_params;
pub mod sitemap;
pub mod spaces;
pub mod sql;

pub use search_params::SearchParams;
