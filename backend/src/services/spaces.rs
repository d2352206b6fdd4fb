//! WeMi spaces of a tenant: the public list, and their creation by the tenant's
//! municipal administrators.
use crate::api::auth::Role;
use crate::api::services::ZoneRef;
use crate::api::spaces::{NewSpace, Space, SpaceList};
use crate::auth::guard;
use crate::entities::{memberships, spaces};
use crate::error::{ApiError, FieldError};
use crate::reference::Reference;
use crate::services::accounts::normalise_email;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

/// Whether these memberships administer the tenant: its municipal admins, and platform
/// admins.
pub fn administers(viewer: &[memberships::Model], tenant_id: i32) -> bool {
    guard::holds(viewer, Role::PlatformAdmin)
        || guard::holds_in_tenant(viewer, Role::MunicipalAdmin, tenant_id)
}

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
pub async fn list(
    db: &DatabaseConnection,
    r: &Reference,
    tenant: Option<&str>,
) -> Result<SpaceList, ApiError> {
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

pub async fn get(db: &DatabaseConnection, r: &Reference, id: Uuid) -> Result<Space, ApiError> {
    let s = spaces::Entity::find()
        .filter(spaces::Column::PublicId.eq(id))
        .filter(spaces::Column::Active.eq(true))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("space"))?;
    Ok(view(r, s))
}

fn text(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize) -> Option<String> {
    let v = value.trim();
    let n = v.chars().count();
    if n == 0 || n > max || v.chars().any(char::is_control) {
        errors.push(FieldError::new(
            field,
            "out_of_range",
            format!("Between 1 and {max} characters, on one line."),
        ));
        return None;
    }
    Some(v.to_owned())
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
    let phone = s.phone.as_deref().map(str::trim).filter(|p| !p.is_empty());
    if let Some(p) = phone {
        let ok = p.len() <= 30
            && p.chars().filter(char::is_ascii_digit).count() >= 6
            && p.chars()
                .all(|c| c.is_ascii_digit() || " +-/().".contains(c));
        if !ok {
            errors.push(FieldError::new(
                "phone",
                "invalid_format",
                "A phone number: digits, spaces and + - / ( ) only.",
            ));
        }
    }
    let email = match s.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        Some(e) => {
            let n = normalise_email(e);
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
    let hours = match s.opening_hours.as_deref().map(str::trim) {
        Some(h) if !h.is_empty() => text(&mut errors, "opening_hours", h, 200),
        _ => None,
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
    db: &DatabaseConnection,
    r: &Reference,
    viewer: &[memberships::Model],
    new: NewSpace,
    now: DateTime<Utc>,
) -> Result<Space, ApiError> {
    // Authorization first, so that others learn nothing from validation messages.
    let tenant = tenant_id(r, &new.tenant);
    let allowed = match tenant {
        Some(t) => administers(viewer, t),
        None => guard::holds(viewer, Role::PlatformAdmin),
    };
    if !allowed {
        return Err(ApiError::Forbidden(
            "Only the municipality's administrators create its WeMi spaces.",
        ));
    }
    let (tenant_id, zone_id, name, address, phone, email, opening_hours) = check(r, &new)?;
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
    .insert(db)
    .await?;
    Ok(view(r, row))
}
