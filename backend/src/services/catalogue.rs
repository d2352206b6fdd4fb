//! The taxonomy tree with published-card counts, and the zones list.
use crate::api::CodeLabel;
use crate::api::catalogue::{
    AccreditationLine, AccreditationTypeNode, Catalogue, CatalogueCategory, CatalogueMacroArea,
    TenantName, Zone, ZoneList,
};
use crate::reference::{Reference, Term, vocab};
use std::collections::HashMap;

fn code_labels(terms: &[Term]) -> Vec<CodeLabel> {
    terms
        .iter()
        .map(|t| CodeLabel {
            code: t.code.clone(),
            label: t.label.clone(),
        })
        .collect()
}

/// The taxonomy with its published-card counts, which come from the search index (kept
/// after each of its commits: no count over the cards per request).
pub fn catalogue(counts: &HashMap<String, i64>, r: &Reference) -> Catalogue {
    let count = |k: &str| counts.get(k).copied().unwrap_or(0);
    let macro_areas = r
        .macro_areas
        .iter()
        .map(|m| CatalogueMacroArea {
            code: m.code.clone(),
            label: m.label.clone(),
            description: m.description.clone(),
            published_count: count(&m.code),
            categories: r
                .categories
                .iter()
                .filter(|c| c.macro_area == m.code)
                .map(|c| CatalogueCategory {
                    code: c.code.clone(),
                    label: c.label.clone(),
                    description: c.description.clone(),
                    accreditation_types: c.accreditation_types.clone(),
                    requests_2017: c.requests_2017,
                    published_count: count(&c.code),
                })
                .collect(),
        })
        .collect();
    let mut lines: Vec<AccreditationLine> = Vec::new();
    for a in &r.accreditation_types {
        let node = AccreditationTypeNode {
            code: a.code.clone(),
            label: a.label.clone(),
            published_count: count(&a.code),
        };
        match lines.iter_mut().find(|l| l.code == a.line_code) {
            Some(l) => l.types.push(node),
            None => lines.push(AccreditationLine {
                code: a.line_code.clone(),
                label: a.line_label.clone(),
                types: vec![node],
            }),
        }
    }
    let mut most: Vec<_> = r
        .categories
        .iter()
        .filter(|c| c.requests_2017 > 0)
        .collect();
    most.sort_by_key(|c| std::cmp::Reverse(c.requests_2017));
    Catalogue {
        macro_areas,
        accreditation_lines: lines,
        recipient_groups: code_labels(r.vocabulary(vocab::RECIPIENT_GROUP)),
        delivery_places: code_labels(r.vocabulary(vocab::DELIVERY_PLACE)),
        price_units: code_labels(r.vocabulary(vocab::PRICE_UNIT)),
        voucher_schemes: code_labels(r.vocabulary(vocab::VOUCHER_SCHEME)),
        legal_forms: code_labels(r.vocabulary(vocab::LEGAL_FORM)),
        most_requested: most
            .into_iter()
            .take(8)
            .map(|c| CodeLabel {
                code: c.code.clone(),
                label: c.label.clone(),
            })
            .collect(),
    }
}

pub fn zones(r: &Reference) -> ZoneList {
    ZoneList {
        items: r
            .zones
            .iter()
            .map(|z| Zone {
                code: z.code.clone(),
                name: z.name.clone(),
                kind: z.kind,
                parent: z
                    .parent_id
                    .and_then(|p| r.zone_by_id(p))
                    .map(|p| p.code.clone()),
                tenant: z.tenant_code.clone(),
            })
            .collect(),
        tenants: r
            .tenants
            .iter()
            .map(|(_, code, name)| TenantName {
                code: code.clone(),
                name: name.clone(),
            })
            .collect(),
    }
}
