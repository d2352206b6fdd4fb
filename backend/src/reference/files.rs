//! The versioned reference-data files under `reference/` (zones and taxonomy), embedded
//! at build time and written to the database by `domicilia migrate`.
use serde::Deserialize;

pub const ZONES_JSON: &str = include_str!("../../../reference/zones.json");
pub const TAXONOMY_JSON: &str = include_str!("../../../reference/taxonomy.json");

#[derive(Debug, Deserialize)]
pub struct ZonesFile {
    pub version: String,
    pub tenants: Vec<TenantFile>,
}

#[derive(Debug, Deserialize)]
pub struct TenantFile {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub population: Option<i32>,
    pub zones: Vec<ZoneFile>,
}

#[derive(Debug, Deserialize)]
pub struct ZoneFile {
    pub code: String,
    pub kind: crate::domain::ZoneKind,
    pub name: String,
    pub parent: Option<String>,
    pub number: Option<i32>,
    pub istat: Option<String>,
    pub population: Option<i32>,
}

#[derive(Debug, Deserialize)]
pub struct TaxonomyFile {
    pub version: String,
    pub macro_areas: Vec<MacroAreaFile>,
    pub accreditation_lines: Vec<AccreditationLineFile>,
    pub categories: Vec<CategoryFile>,
    pub recipient_groups: Vec<TermFile>,
    pub delivery_places: Vec<TermFile>,
    pub price_units: Vec<TermFile>,
    pub voucher_schemes: Vec<TermFile>,
    pub legal_forms: Vec<TermFile>,
}

#[derive(Debug, Deserialize)]
pub struct MacroAreaFile {
    pub code: String,
    pub name_it: String,
    pub name_en: String,
    #[serde(default)]
    pub description_it: String,
    #[serde(default)]
    pub description_en: String,
    pub position: i32,
}

#[derive(Debug, Deserialize)]
pub struct AccreditationLineFile {
    pub code: String,
    pub name_it: String,
    pub name_en: String,
    pub types: Vec<TermFile>,
}

#[derive(Debug, Deserialize)]
pub struct CategoryFile {
    pub code: String,
    pub macro_area: String,
    pub name_it: String,
    pub name_en: String,
    #[serde(default)]
    pub description_it: String,
    #[serde(default)]
    pub description_en: String,
    pub accreditation_types: Vec<String>,
    #[serde(default)]
    pub requests_2017: i32,
    #[serde(default)]
    pub synonyms_it: Vec<String>,
    #[serde(default)]
    pub synonyms_en: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct TermFile {
    pub code: String,
    pub name_it: String,
    pub name_en: String,
    #[serde(default)]
    pub description_it: String,
    #[serde(default)]
    pub description_en: String,
}

pub fn zones() -> Result<ZonesFile, serde_json::Error> {
    serde_json::from_str(ZONES_JSON)
}

pub fn taxonomy() -> Result<TaxonomyFile, serde_json::Error> {
    serde_json::from_str(TAXONOMY_JSON)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn zones_file_is_complete_and_consistent() {
        let z = zones().unwrap();
        let all: Vec<_> = z.tenants.iter().flat_map(|t| t.zones.iter()).collect();
        let codes: HashSet<_> = all.iter().map(|z| z.code.as_str()).collect();
        assert_eq!(codes.len(), all.len(), "zone codes are unique");
        use crate::domain::ZoneKind;
        let count = |k: ZoneKind| all.iter().filter(|z| z.kind == k).count();
        assert_eq!(count(ZoneKind::Municipio), 9);
        assert_eq!(count(ZoneKind::Nil), 88);
        assert!(count(ZoneKind::Comune) >= 9);
        for zone in &all {
            if let Some(p) = &zone.parent {
                assert!(
                    codes.contains(p.as_str()),
                    "{} has unknown parent {p}",
                    zone.code
                );
            }
            if zone.kind == ZoneKind::Nil {
                assert!(
                    zone.parent
                        .as_deref()
                        .is_some_and(|p| p.starts_with("MI-M"))
                );
            }
        }
    }

    #[test]
    fn taxonomy_references_resolve() {
        let t = taxonomy().unwrap();
        assert_eq!(t.macro_areas.len(), 4);
        let areas: HashSet<_> = t.macro_areas.iter().map(|m| m.code.as_str()).collect();
        let types: HashSet<_> = t
            .accreditation_lines
            .iter()
            .flat_map(|l| l.types.iter().map(|ty| ty.code.as_str()))
            .collect();
        assert_eq!(types.len(), 15);
        for c in &t.categories {
            assert!(areas.contains(c.macro_area.as_str()), "{}", c.code);
            assert!(!c.accreditation_types.is_empty(), "{}", c.code);
            for a in &c.accreditation_types {
                assert!(types.contains(a.as_str()), "{} → {a}", c.code);
            }
        }
        let badante = t.categories.iter().find(|c| c.code == "badante").unwrap();
        assert_eq!(badante.requests_2017, 154);
    }
}
