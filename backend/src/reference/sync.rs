//! Writes the embedded reference files to the database: inserts what is missing and
//! updates names and descriptions of what exists, in one transaction. Codes are never
//! deleted (cards may point to them).
use super::{files, vocab};
use crate::domain::ZoneKind;
use crate::entities::{
    accreditation_types, categories, category_accreditation_types, macro_areas, tenants,
    vocabulary_terms, zones,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, IntoActiveModel, QueryFilter, TransactionTrait, TryIntoModel,
};
use std::collections::HashMap;

pub async fn sync(db: &DatabaseConnection) -> Result<(), DbErr> {
    let zones_file =
        files::zones().map_err(|e| DbErr::Custom(format!("reference/zones.json: {e}")))?;
    let taxonomy =
        files::taxonomy().map_err(|e| DbErr::Custom(format!("reference/taxonomy.json: {e}")))?;
    let txn = db.begin().await?;
    sync_zones(&txn, &zones_file).await?;
    sync_taxonomy(&txn, &taxonomy).await?;
    txn.commit().await?;
    tracing::info!(zones = %zones_file.version, taxonomy = %taxonomy.version, "reference data synchronised");
    Ok(())
}

async fn sync_zones(db: &impl ConnectionTrait, file: &files::ZonesFile) -> Result<(), DbErr> {
    let mut ids: HashMap<String, i32> = HashMap::new();
    for t in &file.tenants {
        let existing = tenants::Entity::find()
            .filter(tenants::Column::Code.eq(&t.code))
            .one(db)
            .await?;
        let tenant_id = match existing {
            Some(m) => {
                let mut a = m.into_active_model();
                a.name = Set(t.name.clone());
                a.kind = Set(t.kind.clone());
                a.population = Set(t.population);
                a.update(db).await?.id
            }
            None => {
                tenants::ActiveModel {
                    code: Set(t.code.clone()),
                    name: Set(t.name.clone()),
                    kind: Set(t.kind.clone()),
                    population: Set(t.population),
                    ..Default::default()
                }
                .insert(db)
                .await?
                .id
            }
        };
        // Parents first: the file lists Municipi before their NIL, but do not rely on it.
        let mut pending: Vec<&files::ZoneFile> = t.zones.iter().collect();
        while !pending.is_empty() {
            let before = pending.len();
            let mut rest = Vec::new();
            for z in pending {
                let parent_id = match &z.parent {
                    Some(p) => match ids.get(p) {
                        Some(id) => Some(*id),
                        None => {
                            rest.push(z);
                            continue;
                        }
                    },
                    None => None,
                };
                let id = upsert_zone(db, tenant_id, z, parent_id).await?;
                ids.insert(z.code.clone(), id);
            }
            if rest.len() == before {
                return Err(DbErr::Custom(format!(
                    "zones with unknown parents: {}",
                    rest.iter()
                        .map(|z| z.code.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            pending = rest;
        }
    }
    Ok(())
}

async fn upsert_zone(
    db: &impl ConnectionTrait,
    tenant_id: i32,
    z: &files::ZoneFile,
    parent_id: Option<i32>,
) -> Result<i32, DbErr> {
    let existing = zones::Entity::find()
        .filter(zones::Column::Code.eq(&z.code))
        .one(db)
        .await?;
    let mut a = match existing {
        Some(m) => m.into_active_model(),
        None => zones::ActiveModel {
            code: Set(z.code.clone()),
            ..Default::default()
        },
    };
    a.tenant_id = Set(tenant_id);
    a.kind = Set(z.kind);
    a.name = Set(z.name.clone());
    a.parent_id = Set(parent_id);
    a.number = Set(z.number);
    a.istat = Set(z.istat.clone());
    a.population = Set(z.population);
    a.municipio_id = Set(if z.kind == ZoneKind::Nil {
        parent_id
    } else {
        None
    });
    let saved = a.save(db).await?.try_into_model()?;
    if z.kind == ZoneKind::Municipio && saved.municipio_id != Some(saved.id) {
        // A Municipio is its own Municipio (its id is known only after the insert).
        let id = saved.id;
        let mut a = saved.into_active_model();
        a.municipio_id = Set(Some(id));
        a.update(db).await?;
        return Ok(id);
    }
    Ok(saved.id)
}

async fn sync_taxonomy(db: &impl ConnectionTrait, t: &files::TaxonomyFile) -> Result<(), DbErr> {
    for m in &t.macro_areas {
        let a = macro_areas::ActiveModel {
            code: Set(m.code.clone()),
            name_it: Set(m.name_it.clone()),
            name_en: Set(m.name_en.clone()),
            description_it: Set(m.description_it.clone()),
            description_en: Set(m.description_en.clone()),
            position: Set(m.position),
        };
        upsert(
            db,
            macro_areas::Entity::find_by_id(m.code.clone())
                .one(db)
                .await?
                .is_some(),
            a,
        )
        .await?;
    }
    let mut position = 0;
    for line in &t.accreditation_lines {
        for ty in &line.types {
            position += 1;
            let a = accreditation_types::ActiveModel {
                code: Set(ty.code.clone()),
                line_code: Set(line.code.clone()),
                line_name_it: Set(line.name_it.clone()),
                line_name_en: Set(line.name_en.clone()),
                name_it: Set(ty.name_it.clone()),
                name_en: Set(ty.name_en.clone()),
                position: Set(position),
            };
            let exists = accreditation_types::Entity::find_by_id(ty.code.clone())
                .one(db)
                .await?
                .is_some();
            upsert(db, exists, a).await?;
        }
    }
    for (i, c) in t.categories.iter().enumerate() {
        let synonyms = c
            .synonyms_it
            .iter()
            .chain(&c.synonyms_en)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let a = categories::ActiveModel {
            code: Set(c.code.clone()),
            macro_area_code: Set(c.macro_area.clone()),
            name_it: Set(c.name_it.clone()),
            name_en: Set(c.name_en.clone()),
            description_it: Set(c.description_it.clone()),
            description_en: Set(c.description_en.clone()),
            requests_2017: Set(c.requests_2017),
            synonyms: Set(synonyms),
            position: Set(i as i32 + 1),
        };
        let exists = categories::Entity::find_by_id(c.code.clone())
            .one(db)
            .await?
            .is_some();
        upsert(db, exists, a).await?;
        category_accreditation_types::Entity::delete_many()
            .filter(category_accreditation_types::Column::CategoryCode.eq(&c.code))
            .exec(db)
            .await?;
        for ty in &c.accreditation_types {
            category_accreditation_types::ActiveModel {
                category_code: Set(c.code.clone()),
                accreditation_type_code: Set(ty.clone()),
            }
            .insert(db)
            .await?;
        }
    }
    for (kind, terms) in [
        (vocab::RECIPIENT_GROUP, &t.recipient_groups),
        (vocab::DELIVERY_PLACE, &t.delivery_places),
        (vocab::PRICE_UNIT, &t.price_units),
        (vocab::VOUCHER_SCHEME, &t.voucher_schemes),
        (vocab::LEGAL_FORM, &t.legal_forms),
    ] {
        for (i, term) in terms.iter().enumerate() {
            let a = vocabulary_terms::ActiveModel {
                kind: Set(kind.to_owned()),
                code: Set(term.code.clone()),
                name_it: Set(term.name_it.clone()),
                name_en: Set(term.name_en.clone()),
                description_it: Set(term.description_it.clone()),
                description_en: Set(term.description_en.clone()),
                position: Set(i as i32 + 1),
            };
            let exists = vocabulary_terms::Entity::find_by_id((kind.to_owned(), term.code.clone()))
                .one(db)
                .await?
                .is_some();
            upsert(db, exists, a).await?;
        }
    }
    Ok(())
}

async fn upsert<A>(db: &impl ConnectionTrait, exists: bool, a: A) -> Result<(), DbErr>
where
    A: ActiveModelTrait + sea_orm::ActiveModelBehavior + Send,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
{
    if exists {
        a.update(db).await?;
    } else {
        a.insert(db).await?;
    }
    Ok(())
}
