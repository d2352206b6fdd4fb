//! sea-orm entities: the stored shape of each table. Never used as API types.
pub mod accreditation_types;
pub mod card_contact_hours;
pub mod card_delivery_places;
pub mod card_prices;
pub mod card_recipients;
pub mod card_staff;
pub mod card_vouchers;
pub mod card_zones;
pub mod categories;
pub mod category_accreditation_types;
pub mod macro_areas;
pub mod organisation_accreditations;
pub mod organisations;
pub mod service_cards;
pub mod tenants;
pub mod vocabulary_terms;
pub mod zones;
