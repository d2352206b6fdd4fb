//! The register of accredited organisations, kept by a municipality's administrators:
//! organisations and ATI (temporary associations of providers) with their legal data,
//! partita IVA (check digit), legal form, accreditation types and, for an ATI, its
//! members. The organisation's own profile (description, contacts, logo) is its
//! administrators' (`profiles.rs`); suspension and reinstatement are `organisations.rs`.
use super::card_check::err;
use super::card_workflow::if_match;
use crate::api::organisations::{Organisation, RegisterInput};
use crate::api::services::CardStatus;
use crate::auth::Viewer;
use crate::db::Db;
use crate::domain::vat_number::VatNumber;
use crate::domain::{AccreditationStatus, AuditAction, Role};
use crate::entities::{organisation_accreditations, organisations, service_cards};
use crate::error::{ApiError, FieldError};
use crate::reference::{Reference, vocab};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QuerySelect,
};
use std::collections::BTreeSet;
use uuid::Uuid;

/// What the register says, checked: the values to store.
struct Checked {
    tenant_id: i32,
    legal_name: String,
    legal_form: String,
    vat_number: String,
    types: BTreeSet<String>,
    members: Vec<organisations::Model>,
}

/// The input's problems, field by field, against the reference data and the tenant's
/// organisations (`id`: the organisation being changed, not a candidate member of itself).
async fn check(
    db: &impl ConnectionTrait,
    r: &Reference,
    tenant_id: i32,
    id: Option<i32>,
    input: &RegisterInput,
) -> Result<Checked, ApiError> {
    let mut out: Vec<FieldError> = Vec::new();
    let name = input.legal_name.trim();
    let n = name.chars().count();
    if !(2..=200).contains(&n) {
        err(
            &mut out,
            "legal_name",
            "out_of_range",
            "Between 2 and 200 characters.",
        );
    }
    if r.term(vocab::LEGAL_FORM, &input.legal_form).is_none() {
        err(
            &mut out,
            "legal_form",
            "unknown_value",
            "A legal form of the reference list.",
        );
    }
    let vat = VatNumber::parse(&input.vat_number);
    if let Err(e) = &vat {
        err(
            &mut out,
            "vat_number",
            "invalid_format",
            &format!("Not a partita IVA: {e}."),
        );
    }
    let types: BTreeSet<String> = input.accreditation_types.iter().cloned().collect();
    if types.is_empty() {
        err(
            &mut out,
            "accreditation_types",
            "required",
            "At least one accreditation type.",
        );
    } else if types.len() != input.accreditation_types.len() {
        err(
            &mut out,
            "accreditation_types",
            "duplicate",
            "Each accreditation type once.",
        );
    }
    for (i, t) in input.accreditation_types.iter().enumerate() {
        if r.accreditation_type(t).is_none() {
            err(
                &mut out,
                format!("accreditation_types[{i}]"),
                "unknown_value",
                "An accreditation type of the reference list.",
            );
        }
    }
    let mut members = Vec::new();
    if !input.is_consortium && !input.members.is_empty() {
        err(
            &mut out,
            "members",
            "not_allowed",
            "Only an ATI has members.",
        );
    }
    let distinct: BTreeSet<&Uuid> = input.members.iter().collect();
    if distinct.len() != input.members.len() {
        err(&mut out, "members", "duplicate", "Each member once.");
    }
    if input.is_consortium {
        if input.members.len() < 2 {
            err(
                &mut out,
                "members",
                "too_few",
                "An ATI has at least two members.",
            );
        }
        for (i, m) in input.members.iter().enumerate() {
            let found = organisations::Entity::find()
                .filter(organisations::Column::PublicId.eq(*m))
                .one(db)
                .await?;
            let field = format!("members[{i}]");
            match found {
                None => err(
                    &mut out,
                    field,
                    "unknown_value",
                    "No organisation has this id.",
                ),
                Some(o) if o.tenant_id != tenant_id => err(
                    &mut out,
                    field,
                    "not_allowed",
                    "An organisation of another municipality.",
                ),
                Some(o) if o.is_consortium || Some(o.id) == id => err(
                    &mut out,
                    field,
                    "not_allowed",
                    "An ATI cannot be a member of an ATI.",
                ),
                Some(o) if o.ati_id.is_some() && o.ati_id != id => err(
                    &mut out,
                    field,
                    "not_allowed",
                    "A member of another ATI already.",
                ),
                Some(o) => members.push(o),
            }
        }
    }
    if !out.is_empty() {
        return Err(ApiError::Validation(out));
    }
    let vat_number = vat.map(|v| v.as_str().to_owned()).unwrap_or_default();
    // Registered already (another row): said plainly; a race past this check meets the
    // unique index, which answers the same 409.
    let taken = organisations::Entity::find()
        .filter(organisations::Column::VatNumber.eq(vat_number.as_str()))
        .one(db)
        .await?
        .is_some_and(|o| Some(o.id) != id);
    if taken {
        return Err(ApiError::Conflict(
            "An organisation with this partita IVA is registered already.",
        ));
    }
    Ok(Checked {
        tenant_id,
        legal_name: name.to_owned(),
        legal_form: input.legal_form.clone(),
        vat_number,
        types,
        members,
    })
}

fn tenant_admin(viewer: &Viewer, tenant_id: i32) -> Result<(), ApiError> {
    if viewer.holds_in_tenant(Role::MunicipalAdmin, tenant_id) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "Only the municipality's administrators keep its register.",
        ))
    }
}

/// Registers an organisation or an ATI (the municipal admins of its tenant).
pub async fn create(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    input: RegisterInput,
    now: DateTime<Utc>,
) -> Result<Organisation, ApiError> {
    let tenant_id = match input.tenant.as_deref() {
        Some(code) => {
            let Some((id, _, _)) = r.tenants.iter().find(|(_, c, _)| c == code) else {
                return Err(ApiError::field(
                    "tenant",
                    "unknown_value",
                    "Not a municipality of the platform (see /api/v1/zones).",
                ));
            };
            *id
        }
        // Left out: the one municipality the viewer administers.
        None => match viewer.tenants_where(Role::MunicipalAdmin)[..] {
            [one] => one,
            [] => {
                return Err(ApiError::Forbidden(
                    "Only the municipality's administrators keep its register.",
                ));
            }
            _ => {
                return Err(ApiError::field(
                    "tenant",
                    "required",
                    "You administer several municipalities: name the register's.",
                ));
            }
        },
    };
    let tenant_id = &tenant_id;
    tenant_admin(viewer, *tenant_id)?;
    let status = match input.accreditation_status {
        None => AccreditationStatus::Accredited,
        Some(s @ (AccreditationStatus::Accredited | AccreditationStatus::Pending)) => s,
        Some(_) => {
            return Err(ApiError::field(
                "accreditation_status",
                "not_allowed",
                "A new organisation is accredited or pending.",
            ));
        }
    };
    let c = check(&**db, r, *tenant_id, None, &input).await?;
    let public_id = Uuid::now_v7();
    let txn = db.write().await?;
    let id = organisations::ActiveModel {
        public_id: Set(public_id),
        tenant_id: Set(c.tenant_id),
        legal_name: Set(c.legal_name),
        legal_form: Set(c.legal_form),
        vat_number: Set(c.vat_number),
        description: Set(String::new()),
        accreditation_status: Set(status),
        is_consortium: Set(input.is_consortium),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?
    .id;
    write_types_and_members(&txn, id, &c.types, &c.members).await?;
    super::audit::record_about(
        &txn,
        AuditAction::OrganisationRegistered,
        viewer.user.id,
        ("organisation", public_id),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    super::organisations::by_public_id(&**db, r, public_id)
        .await?
        .ok_or(ApiError::NotFound("organisation"))
}

async fn write_types_and_members(
    txn: &impl ConnectionTrait,
    id: i32,
    types: &BTreeSet<String>,
    members: &[organisations::Model],
) -> Result<(), ApiError> {
    organisation_accreditations::Entity::delete_many()
        .filter(organisation_accreditations::Column::OrganisationId.eq(id))
        .exec(txn)
        .await?;
    for t in types {
        organisation_accreditations::ActiveModel {
            organisation_id: Set(id),
            accreditation_type_code: Set(t.clone()),
        }
        .insert(txn)
        .await?;
    }
    organisations::Entity::update_many()
        .col_expr(organisations::Column::AtiId, Expr::value(None::<i32>))
        .filter(organisations::Column::AtiId.eq(id))
        .exec(txn)
        .await?;
    if !members.is_empty() {
        organisations::Entity::update_many()
            .col_expr(organisations::Column::AtiId, Expr::value(id))
            .filter(organisations::Column::Id.is_in(members.iter().map(|m| m.id)))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// Changes an organisation's register data (the municipal admins of its tenant), on the
/// revision `If-Match` names. An accreditation type its cards use cannot be taken away
/// (409: change or archive those cards first); a new name reaches search at once.
pub async fn update(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    id: Uuid,
    if_match_header: Option<&str>,
    input: RegisterInput,
    now: DateTime<Utc>,
) -> Result<Organisation, ApiError> {
    let org = organisations::Entity::find()
        .filter(organisations::Column::PublicId.eq(id))
        .one(&**db)
        .await?
        .ok_or(ApiError::NotFound("organisation"))?;
    tenant_admin(viewer, org.tenant_id)?;
    let expected = if_match(if_match_header)?;
    let mut fixed = Vec::new();
    if input.tenant.as_deref().is_some_and(|t| {
        r.tenants
            .iter()
            .all(|(tid, c, _)| c != t || *tid != org.tenant_id)
    }) {
        err(
            &mut fixed,
            "tenant",
            "not_allowed",
            "An organisation stays in its municipality's register.",
        );
    }
    if input.is_consortium != org.is_consortium {
        err(
            &mut fixed,
            "is_consortium",
            "not_allowed",
            "An organisation does not become an ATI, nor an ATI an organisation: register a new one.",
        );
    }
    if input.accreditation_status.is_some() {
        err(
            &mut fixed,
            "accreditation_status",
            "not_allowed",
            "Suspend or reinstate the organisation instead.",
        );
    }
    if !fixed.is_empty() {
        return Err(ApiError::Validation(fixed));
    }
    let c = check(&**db, r, org.tenant_id, Some(org.id), &input).await?;
    if org.revision != expected {
        return Err(ApiError::PreconditionFailed);
    }
    let in_use: Vec<String> = service_cards::Entity::find()
        .select_only()
        .column(service_cards::Column::AccreditationTypeCode)
        .filter(service_cards::Column::OrganisationId.eq(org.id))
        .filter(service_cards::Column::Status.ne(CardStatus::Archived))
        .into_tuple()
        .all(&**db)
        .await?;
    if in_use.iter().any(|t| !c.types.contains(t)) {
        return Err(ApiError::Conflict(
            "The organisation's cards use an accreditation type taken away: change or archive those cards first.",
        ));
    }
    let renamed = c.legal_name != org.legal_name;
    let txn = db.write().await?;
    super::profiles::on_revision(&txn, org.id, expected, now, |q| {
        q.col_expr(organisations::Column::LegalName, Expr::value(c.legal_name))
            .col_expr(organisations::Column::LegalForm, Expr::value(c.legal_form))
            .col_expr(organisations::Column::VatNumber, Expr::value(c.vat_number))
    })
    .await?;
    write_types_and_members(&txn, org.id, &c.types, &c.members).await?;
    if renamed {
        // The cards carry the organisation's name in search: every instance reindexes them.
        let cards: Vec<i32> = service_cards::Entity::find()
            .select_only()
            .column(service_cards::Column::Id)
            .filter(service_cards::Column::OrganisationId.eq(org.id))
            .filter(service_cards::Column::Status.eq(CardStatus::Published))
            .into_tuple()
            .all(&txn)
            .await?;
        if !cards.is_empty() {
            txn.execute_unprepared(
                "UPDATE catalogue_version SET version = version + 1 WHERE id = 1",
            )
            .await?;
            super::card_write::record_changes(&txn, &cards).await?;
        }
    }
    super::audit::record_about(
        &txn,
        AuditAction::OrganisationRegisterChanged,
        viewer.user.id,
        ("organisation", org.public_id),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    super::organisations::by_public_id(&**db, r, id)
        .await?
        .ok_or(ApiError::NotFound("organisation"))
}
