pub mod compare;
pub mod fetch;
pub mod form;
pub mod layout;
pub mod members;
pub mod price;
pub mod result_card;
pub mod roles;
