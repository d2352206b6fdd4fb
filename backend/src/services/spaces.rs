//! WeMi spaces of a tenant: the public list, and their creation by the tenant's
//! municipal administrators.
use crate::api::services::ZoneRef;
use crate::api::spaces::{NewSpace, Space, SpaceList};
use crate::auth::{Viewer, policy};
use crate::db::Db;
use crate::entities::spaces;
use crate::error::{ApiError, FieldError};
use crate::reference::Reference;
use crate::services::accounts::normalise_email;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

fn tenant_code(r: &Reference, id: i32) -> String {
    r.tenants
        .iter()
        .find(|(tid, ..)| *tid == id)
        .map(|(_, code, _)| code.clone())
        .unwrap_or_default()
}

fn view(r: &Reference, s: spaces::Model) -> Space {
    Space {
        id: s.public_id,
        tenant: tenant_code(r, s.tenant_id),
        zone: s.zone_id.and_then(|z| r.zone_by_id(z)).map(|z| ZoneRef {
            code: z.code.clone(),
            name: z.name.clone(),
            kind: z.kind,
        }),
        name: s.name,
        address: s.address,
        phone: s.phone,
        email: s.email,
        opening_hours: s.opening_hours,
    }
}

fn tenant_id(r: &Reference, code: &str) -> Option<i32> {
    r.tenants
        .iter()
        .find(|(_, c, _)| c == code)
        .map(|(id, ..)| *id)
}

/// The active spaces, of one tenant or all, by name.
/// The public ids of some spaces, by row id (an unknown id is left out).
pub(crate) async fn public_ids(
    db: &impl sea_orm::ConnectionTrait,
    ids: Vec<i32>,
) -> Result<std::collections::HashMap<i32, Uuid>, sea_orm::DbErr> {
    use sea_orm::QuerySelect;
    Ok(spaces::Entity::find()
        .select_only()
        .column(spaces::Column::Id)
        .column(spaces::Column::PublicId)
        .filter(spaces::Column::Id.is_in(ids))
        .into_tuple::<(i32, Uuid)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

pub async fn list(db: &Db, r: &Reference, tenant: Option<&str>) -> Result<SpaceList, ApiError> {
    let mut q = spaces::Entity::find().filter(spaces::Column::Active.eq(true));
    if let Some(code) = tenant {
        let id = tenant_id(r, code).ok_or_else(|| {
            ApiError::field("tenant", "unknown_value", "No tenant has this code.")
        })?;
        q = q.filter(spaces::Column::TenantId.eq(id));
    }
    let items = q
        .order_by_asc(spaces::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|s| view(r, s))
        .collect();
    Ok(SpaceList { items })
}

pub async fn get(db: &Db, r: &Reference, id: Uuid) -> Result<Space, ApiError> {
    let s = spaces::Entity::find()
        .filter(spaces::Column::PublicId.eq(id))
        .filter(spaces::Column::Active.eq(true))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("space"))?;
    Ok(view(r, s))
}

fn text(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize) -> Option<String> {
    crate::input::text_field(errors, field, value, 1, max)
}

/// The checked fields of a new space: (tenant id, zone id, name, address, phone, email,
/// opening hours).
type Checked = (
    i32,
    Option<i32>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn check(r: &Reference, s: &NewSpace) -> Result<Checked, ApiError> {
    let mut errors = Vec::new();
    let tenant = tenant_id(r, &s.tenant);
    if tenant.is_none() {
        errors.push(FieldError::new(
            "tenant",
            "unknown_value",
            "No tenant has this code.",
        ));
    }
    let name = text(&mut errors, "name", &s.name, 120);
    let address = text(&mut errors, "address", &s.address, 200);
    let zone = match &s.zone {
        Some(code) => match r.zone(code) {
            Some(z) if z.tenant_code == s.tenant => Some(z.id),
            _ => {
                errors.push(FieldError::new(
                    "zone",
                    "unknown_value",
                    "Not a zone of this tenant.",
                ));
                None
            }
        },
        None => None,
    };
    // Optional fields are absent (null) or valid: an empty string is not "no value".
    let phone = s.phone.as_deref();
    if let Some(p) = phone {
        let ok = p.chars().count() <= 30
            && p.chars().filter(char::is_ascii_digit).count() >= 6
            && p.chars()
                .all(|c| c.is_ascii_digit() || " +-/().".contains(c));
        if !ok {
            errors.push(FieldError::new(
                "phone",
                "invalid_format",
                "A phone number: at least six digits; digits, spaces and + - / ( ) . only.",
            ));
        }
    }
    let email = match s.email.as_deref() {
        Some(e) => {
            let n = normalise_email(e).filter(|_| e.chars().count() <= 254);
            if n.is_none() {
                errors.push(FieldError::new(
                    "email",
                    "invalid_format",
                    "Not an e-mail address.",
                ));
            }
            n
        }
        None => None,
    };
    let hours = match s.opening_hours.as_deref() {
        Some(h) => text(&mut errors, "opening_hours", h, 200),
        None => None,
    };
    match (tenant, name, address, errors.is_empty()) {
        (Some(t), Some(n), Some(a), true) => {
            Ok((t, zone, n, a, phone.map(str::to_owned), email, hours))
        }
        _ => Err(ApiError::Validation(errors)),
    }
}

/// Creates a space of `new.tenant`, for that tenant's municipal admins (and platform
/// admins).
pub async fn create(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    new: NewSpace,
    now: DateTime<Utc>,
) -> Result<Space, ApiError> {
    // Authorization first, so that others learn nothing from validation messages.
    if !policy::can_administer_tenant(viewer, tenant_id(r, &new.tenant)) {
        return Err(ApiError::Forbidden(
            "Only the municipality's administrators create its WeMi spaces.",
        ));
    }
    let (tenant_id, zone_id, name, address, phone, email, opening_hours) = check(r, &new)?;
    let txn = db.write().await?;
    let row = spaces::ActiveModel {
        public_id: Set(Uuid::now_v7()),
        tenant_id: Set(tenant_id),
        name: Set(name),
        address: Set(address),
        zone_id: Set(zone_id),
        phone: Set(phone),
        email: Set(email),
        opening_hours: Set(opening_hours),
        active: Set(true),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(view(r, row))
}
