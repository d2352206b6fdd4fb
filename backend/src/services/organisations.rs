//! Provider organisations as the public sees them.
use super::cards;
use crate::api::CodeLabel;
use crate::api::notifications::NotificationKind;
use crate::api::organisations::{Organisation, OrganisationList, OrganisationListItem};
use crate::api::services::{CardStatus, OrganisationRef};
use crate::auth::Viewer;
use crate::db::Db;
use crate::domain::{AccreditationStatus, AuditAction, Role};
use crate::entities::memberships;
use crate::entities::{organisation_accreditations, organisations, service_cards};
use crate::error::{ApiError, FieldError};
use crate::reference::{Label, Reference, vocab};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
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
        .filter(cards::visible())
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
        languages: serde_json::from_str(&o.languages).unwrap_or_default(),
        logo_url: o
            .logo
            .as_deref()
            .and_then(|k| super::profiles::logo_url(o.public_id, k)),
        revision: o.revision,
        accreditation_status: o.accreditation_status,
        accreditation_reason: o.accreditation_reason,
        accreditation_types,
        is_consortium: o.is_consortium,
        ati,
        members,
        services: cards::summaries(db, r, &card_ids).await?,
    }))
}

/// The organisations of a municipality (its code), by name.
pub async fn list(
    db: &impl ConnectionTrait,
    r: &Reference,
    tenant: &str,
) -> Result<OrganisationList, ApiError> {
    let Some((tenant_id, _, _)) = r.tenants.iter().find(|(_, code, _)| code == tenant) else {
        return Err(ApiError::field(
            "tenant",
            "unknown_value",
            "Not a municipality of the platform (see /api/v1/zones).",
        ));
    };
    let items = organisations::Entity::find()
        .filter(organisations::Column::TenantId.eq(*tenant_id))
        .order_by_asc(organisations::Column::LegalName)
        .order_by_asc(organisations::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|o| OrganisationListItem {
            id: o.public_id,
            legal_name: o.legal_name,
            accreditation_status: o.accreditation_status,
            is_consortium: o.is_consortium,
        })
        .collect();
    Ok(OrganisationList { items })
}

/// What the city does to an organisation's accreditation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccreditationChange {
    /// Accredited → suspended: its cards leave the catalogue and search at once.
    Suspend,
    /// Suspended → accredited: its published cards come back.
    Reinstate,
}

impl AccreditationChange {
    fn transition(self) -> (AccreditationStatus, AccreditationStatus) {
        match self {
            AccreditationChange::Suspend => (
                AccreditationStatus::Accredited,
                AccreditationStatus::Suspended,
            ),
            AccreditationChange::Reinstate => (
                AccreditationStatus::Suspended,
                AccreditationStatus::Accredited,
            ),
        }
    }
}

#[allow(clippy::too_many_arguments)]
/// Suspends or reinstates an organisation (the municipal admins of its tenant), in one
/// transaction with the catalogue's change feed (search drops or takes back its published
/// cards on every instance), the audit log and a notification to its admins.
pub async fn change_accreditation(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    id: Uuid,
    change: AccreditationChange,
    reason: Option<&str>,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<Organisation, ApiError> {
    let org = organisations::Entity::find()
        .filter(organisations::Column::PublicId.eq(id))
        .one(&**db)
        .await?
        .ok_or(ApiError::NotFound("organisation"))?;
    if !viewer.holds_in_tenant(Role::MunicipalAdmin, org.tenant_id) {
        return Err(ApiError::Forbidden(
            "Only the municipality's administrators change an organisation's accreditation.",
        ));
    }
    let (from, to) = change.transition();
    if org.accreditation_status != from {
        return Err(ApiError::Conflict(match change {
            AccreditationChange::Suspend => "Only an accredited organisation can be suspended.",
            AccreditationChange::Reinstate => "Only a suspended organisation can be reinstated.",
        }));
    }
    let reason = match reason.map(str::trim) {
        Some(r) if r.chars().count() < 3 || r.chars().count() > 1000 => {
            return Err(ApiError::Validation(vec![FieldError::new(
                "reason",
                "out_of_range",
                "Between 3 and 1000 characters.",
            )]));
        }
        other => other.map(str::to_owned),
    };
    let txn = db.write().await?;
    // Only from the state read: of two admins acting at once, one changes it.
    let done = organisations::Entity::update_many()
        .col_expr(organisations::Column::AccreditationStatus, Expr::value(to))
        .col_expr(
            organisations::Column::AccreditationReason,
            Expr::value(reason),
        )
        .col_expr(organisations::Column::UpdatedAt, Expr::value(now))
        .filter(organisations::Column::Id.eq(org.id))
        .filter(organisations::Column::AccreditationStatus.eq(from))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(ApiError::Conflict(
            "The organisation's accreditation changed meanwhile.",
        ));
    }
    let cards: Vec<i32> = service_cards::Entity::find()
        .select_only()
        .column(service_cards::Column::Id)
        .filter(service_cards::Column::OrganisationId.eq(org.id))
        .filter(service_cards::Column::Status.eq(CardStatus::Published))
        .into_tuple()
        .all(&txn)
        .await?;
    if !cards.is_empty() {
        txn.execute_unprepared("UPDATE catalogue_version SET version = version + 1 WHERE id = 1")
            .await?;
        super::card_write::record_changes(&txn, &cards).await?;
    }
    let (action, kind) = match change {
        AccreditationChange::Suspend => (
            AuditAction::OrganisationSuspended,
            NotificationKind::OrganisationSuspended,
        ),
        AccreditationChange::Reinstate => (
            AuditAction::OrganisationReinstated,
            NotificationKind::OrganisationReinstated,
        ),
    };
    super::audit::record_about(
        &txn,
        action,
        viewer.user.id,
        ("organisation", org.public_id),
        None,
        now,
    )
    .await?;
    let admins: Vec<i32> = memberships::Entity::find()
        .filter(memberships::Column::OrganisationId.eq(org.id))
        .filter(memberships::Column::Role.eq(Role::ProviderAdmin))
        .all(&txn)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    super::notifications::event(
        &txn,
        &admins,
        kind,
        ("organisation", org.public_id),
        &org.legal_name,
        public_url,
        now,
    )
    .await?;
    txn.commit().await?;
    by_public_id(&**db, r, id)
        .await?
        .ok_or(ApiError::NotFound("organisation"))
}
