//! Provider organisations as the public sees them.
use super::cards;
use crate::api::CodeLabel;
use crate::api::organisations::Organisation;
use crate::api::services::{CardStatus, OrganisationRef};
use crate::entities::{organisation_accreditations, organisations, service_cards};
use crate::reference::{Label, Reference, vocab};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

fn reference(o: &organisations::Model) -> OrganisationRef {
    OrganisationRef {
        id: o.public_id,
        legal_name: o.legal_name.clone(),
    }
}

pub async fn by_public_id(
    db: &impl ConnectionTrait,
    r: &Reference,
    id: Uuid,
) -> Result<Option<Organisation>, DbErr> {
    let Some(o) = organisations::Entity::find()
        .filter(organisations::Column::PublicId.eq(id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let ati = match o.ati_id {
        Some(ati_id) => organisations::Entity::find_by_id(ati_id)
            .one(db)
            .await?
            .map(|a| reference(&a)),
        None => None,
    };
    let members = organisations::Entity::find()
        .filter(organisations::Column::AtiId.eq(o.id))
        .order_by_asc(organisations::Column::LegalName)
        .all(db)
        .await?
        .iter()
        .map(reference)
        .collect();
    let accreditation_types = organisation_accreditations::Entity::find()
        .filter(organisation_accreditations::Column::OrganisationId.eq(o.id))
        .order_by_asc(organisation_accreditations::Column::AccreditationTypeCode)
        .all(db)
        .await?
        .into_iter()
        .map(|a| CodeLabel {
            label: r
                .accreditation_type(&a.accreditation_type_code)
                .map_or_else(
                    || Label::new(&a.accreditation_type_code, &a.accreditation_type_code),
                    |t| t.label.clone(),
                ),
            code: a.accreditation_type_code,
        })
        .collect();
    let card_ids: Vec<i32> = service_cards::Entity::find()
        .select_only()
        .column(service_cards::Column::Id)
        .filter(service_cards::Column::OrganisationId.eq(o.id))
        .filter(service_cards::Column::Status.eq(CardStatus::Published))
        .order_by_asc(service_cards::Column::Title)
        .into_tuple()
        .all(db)
        .await?;
    Ok(Some(Organisation {
        id: o.public_id,
        legal_form: CodeLabel {
            label: r.term_label(vocab::LEGAL_FORM, &o.legal_form),
            code: o.legal_form,
        },
        legal_name: o.legal_name,
        vat_number: o.vat_number,
        description: o.description,
        address: o.address,
        phone: o.phone,
        email: o.email,
        website: o.website,
        accreditation_status: o.accreditation_status,
        accreditation_types,
        is_consortium: o.is_consortium,
        ati,
        members,
        services: cards::summaries(db, r, &card_ids).await?,
    }))
}
