//! One module per capability: queries, mutations, transactions, authorization decisions.
//! No HTTP types here.
pub mod accounts;
pub mod attachments;
pub mod audit;
pub mod card_check;
pub mod card_content;
pub mod card_workflow;
pub mod card_write;
pub mod cards;
pub mod carers;
pub mod catalogue;
pub mod contact;
pub mod demands;
pub mod favourites;
pub mod group_offers;
pub mod groups;
pub mod idempotency;
pub mod interactions;
pub mod invitations;
pub mod matches;
pub mod members;
pub mod notifications;
pub mod orders;
pub mod organisations;
pub mod profiles;
pub mod quotes;
pub mod rate_limit;
pub mod register;
pub mod reports;
pub mod reviews;
pub mod saved_searches;
mod search_params;
pub mod sitemap;
pub mod spaces;
pub mod sql;

pub use search_params::SearchParams;
