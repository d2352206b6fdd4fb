//! Rules with no I/O: identifiers, text normalisation, money and VAT.
pub mod client_addr;
pub mod device;
pub mod money;
pub mod text;
pub mod vat_number;
