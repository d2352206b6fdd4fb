//! The taxonomy tree with counts of published cards, and the zones.
use super::{CodeLabel, Label, ZoneKind};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct CatalogueCategory {
    pub code: String,
    pub label: Label,
    pub description: Label,
    pub accreditation_types: Vec<String>,
    /// Requests received in Jan–Oct 2017 on the WeMi portal (the city's demand figure).
    pub requests_2017: i32,
    pub published_count: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct CatalogueMacroArea {
    pub code: String,
    pub label: Label,
    pub description: Label,
    pub published_count: i64,
    pub categories: Vec<CatalogueCategory>,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct AccreditationTypeNode {
    pub code: String,
    pub label: Label,
    pub published_count: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct AccreditationLine {
    pub code: String,
    pub label: Label,
    pub types: Vec<AccreditationTypeNode>,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct Catalogue {
    pub macro_areas: Vec<CatalogueMacroArea>,
    pub accreditation_lines: Vec<AccreditationLine>,
    pub recipient_groups: Vec<CodeLabel>,
    pub delivery_places: Vec<CodeLabel>,
    pub price_units: Vec<CodeLabel>,
    pub voucher_schemes: Vec<CodeLabel>,
    /// The legal forms of providers (the register's choices).
    pub legal_forms: Vec<CodeLabel>,
    /// Categories by 2017 demand, most requested first (top 8).
    pub most_requested: Vec<CodeLabel>,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct Zone {
    pub code: String,
    pub name: String,
    pub kind: ZoneKind,
    /// The parent zone's code (a NIL's Municipio).
    pub parent: Option<String>,
    /// The tenant (municipality or district) the zone belongs to.
    pub tenant: String,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ZoneList {
    pub items: Vec<Zone>,
    /// The tenants the zones belong to, by name.
    pub tenants: Vec<TenantName>,
}

/// A tenant (a municipality or a district) and its name.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct TenantName {
    pub code: String,
    pub name: String,
}
