//! Reference data: tenants, zones and the taxonomy. `sync` writes the embedded files to
//! the database (idempotent, one transaction); `Reference::load` reads them back into an
//! immutable in-memory index that the services use to validate and label codes.
pub mod files;
pub mod matching;
mod sync;

pub use sync::sync;

use crate::entities::{
    accreditation_types, categories, category_accreditation_types, macro_areas, tenants,
    vocabulary_terms, zones,
};
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, QueryOrder};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// A text in the two languages of the interface.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema, PartialEq, Eq)]
pub struct Label {
    pub it: String,
    pub en: String,
}

impl Label {
    pub fn new(it: &str, en: &str) -> Self {
        Self {
            it: it.to_owned(),
            en: en.to_owned(),
        }
    }
}

pub use crate::domain::ZoneKind;

#[derive(Debug, Clone)]
pub struct ZoneInfo {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub kind: ZoneKind,
    pub parent_id: Option<i32>,
    pub tenant_code: String,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub code: String,
    pub label: Label,
    pub description: Label,
}

#[derive(Debug, Clone)]
pub struct CategoryInfo {
    pub code: String,
    pub macro_area: String,
    pub label: Label,
    pub description: Label,
    pub accreditation_types: Vec<String>,
    pub requests_2017: i32,
    pub synonyms: String,
}

#[derive(Debug, Clone)]
pub struct AccreditationTypeInfo {
    pub code: String,
    pub line_code: String,
    pub line_label: Label,
    pub label: Label,
}

/// Vocabulary kinds in `vocabulary_terms`.
pub mod vocab {
    pub const RECIPIENT_GROUP: &str = "recipient_group";
    pub const DELIVERY_PLACE: &str = "delivery_place";
    pub const PRICE_UNIT: &str = "price_unit";
    pub const VOUCHER_SCHEME: &str = "voucher_scheme";
    pub const LEGAL_FORM: &str = "legal_form";
}

#[derive(Debug, Default)]
pub struct Reference {
    pub tenants: Vec<(i32, String, String)>,
    pub macro_areas: Vec<Term>,
    pub categories: Vec<CategoryInfo>,
    pub accreditation_types: Vec<AccreditationTypeInfo>,
    pub zones: Vec<ZoneInfo>,
    /// The matching vocabulary (`reference/matching.json`): carers' roles and skills,
    /// broad conditions, public contributions.
    pub matching: matching::Vocabulary,
    vocabularies: HashMap<String, Vec<Term>>,
    zone_by_code: HashMap<String, usize>,
    zone_by_id: HashMap<i32, usize>,
}

impl Reference {
    pub async fn load(db: &DatabaseConnection) -> Result<Self, DbErr> {
        let tenants: Vec<tenants::Model> = tenants::Entity::find()
            .order_by_asc(tenants::Column::Id)
            .all(db)
            .await?;
        let tenant_code: HashMap<i32, String> =
            tenants.iter().map(|t| (t.id, t.code.clone())).collect();
        let zones: Vec<ZoneInfo> = zones::Entity::find()
            .order_by_asc(zones::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|z| ZoneInfo {
                id: z.id,
                kind: z.kind,
                code: z.code,
                name: z.name,
                parent_id: z.parent_id,
                tenant_code: tenant_code.get(&z.tenant_id).cloned().unwrap_or_default(),
            })
            .collect();
        let macro_areas = macro_areas::Entity::find()
            .order_by_asc(macro_areas::Column::Position)
            .all(db)
            .await?
            .into_iter()
            .map(|m| Term {
                label: Label {
                    it: m.name_it,
                    en: m.name_en,
                },
                description: Label {
                    it: m.description_it,
                    en: m.description_en,
                },
                code: m.code,
            })
            .collect();
        let mut cat_types: HashMap<String, Vec<String>> = HashMap::new();
        for ct in category_accreditation_types::Entity::find().all(db).await? {
            cat_types
                .entry(ct.category_code)
                .or_default()
                .push(ct.accreditation_type_code);
        }
        let categories = categories::Entity::find()
            .order_by_asc(categories::Column::Position)
            .all(db)
            .await?
            .into_iter()
            .map(|c| {
                let mut types = cat_types.remove(&c.code).unwrap_or_default();
                types.sort();
                CategoryInfo {
                    accreditation_types: types,
                    label: Label {
                        it: c.name_it,
                        en: c.name_en,
                    },
                    description: Label {
                        it: c.description_it,
                        en: c.description_en,
                    },
                    macro_area: c.macro_area_code,
                    requests_2017: c.requests_2017,
                    synonyms: c.synonyms,
                    code: c.code,
                }
            })
            .collect();
        let accreditation_types = accreditation_types::Entity::find()
            .order_by_asc(accreditation_types::Column::Position)
            .all(db)
            .await?
            .into_iter()
            .map(|a| AccreditationTypeInfo {
                code: a.code,
                line_code: a.line_code,
                line_label: Label {
                    it: a.line_name_it,
                    en: a.line_name_en,
                },
                label: Label {
                    it: a.name_it,
                    en: a.name_en,
                },
            })
            .collect();
        let mut vocabularies: HashMap<String, Vec<Term>> = HashMap::new();
        for t in vocabulary_terms::Entity::find()
            .order_by_asc(vocabulary_terms::Column::Position)
            .all(db)
            .await?
        {
            vocabularies.entry(t.kind).or_default().push(Term {
                code: t.code,
                label: Label {
                    it: t.name_it,
                    en: t.name_en,
                },
                description: Label {
                    it: t.description_it,
                    en: t.description_en,
                },
            });
        }
        Ok(Self::index(Reference {
            tenants: tenants
                .into_iter()
                .map(|t| (t.id, t.code, t.name))
                .collect(),
            macro_areas,
            categories,
            accreditation_types,
            zones,
            vocabularies,
            matching: matching::Vocabulary::embedded()
                .map_err(|e| DbErr::Custom(format!("reference/matching.json: {e}")))?,
            ..Default::default()
        }))
    }

    fn index(mut self) -> Self {
        self.zone_by_code = self
            .zones
            .iter()
            .enumerate()
            .map(|(i, z)| (z.code.clone(), i))
            .collect();
        self.zone_by_id = self
            .zones
            .iter()
            .enumerate()
            .map(|(i, z)| (z.id, i))
            .collect();
        self
    }

    pub fn vocabulary(&self, kind: &str) -> &[Term] {
        self.vocabularies
            .get(kind)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn term(&self, kind: &str, code: &str) -> Option<&Term> {
        self.vocabulary(kind).iter().find(|t| t.code == code)
    }

    /// The label of a vocabulary code; the code itself when unknown (never fails a read).
    pub fn term_label(&self, kind: &str, code: &str) -> Label {
        self.term(kind, code)
            .map(|t| t.label.clone())
            .unwrap_or_else(|| Label::new(code, code))
    }

    pub fn macro_area(&self, code: &str) -> Option<&Term> {
        self.macro_areas.iter().find(|m| m.code == code)
    }

    pub fn category(&self, code: &str) -> Option<&CategoryInfo> {
        self.categories.iter().find(|c| c.code == code)
    }

    pub fn accreditation_type(&self, code: &str) -> Option<&AccreditationTypeInfo> {
        self.accreditation_types.iter().find(|a| a.code == code)
    }

    pub fn zone(&self, code: &str) -> Option<&ZoneInfo> {
        self.zone_by_code.get(code).map(|i| &self.zones[*i])
    }

    pub fn zone_by_id(&self, id: i32) -> Option<&ZoneInfo> {
        self.zone_by_id.get(&id).map(|i| &self.zones[*i])
    }

    /// The zones a filter on `zone` matches: the zone itself, its children (a Municipio's
    /// NIL) and its parent (a NIL's Municipio, since a card covering the whole Municipio
    /// covers the NIL too).
    pub fn zone_match_ids(&self, zone: &ZoneInfo) -> Vec<i32> {
        let mut ids = vec![zone.id];
        ids.extend(
            self.zones
                .iter()
                .filter(|z| z.parent_id == Some(zone.id))
                .map(|z| z.id),
        );
        if let Some(p) = zone.parent_id {
            ids.push(p);
        }
        ids
    }

    pub fn municipi(&self) -> impl Iterator<Item = &ZoneInfo> {
        self.zones.iter().filter(|z| z.kind == ZoneKind::Municipio)
    }
}
