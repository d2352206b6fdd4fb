//! The carers' registry (issue 12): a carer applies with a profile and keeps it up to
//! date; the tenant's space operators and municipal reviewers and admins take the
//! registration through its steps (`domain::registry`); families see listed carers'
//! limited profiles only (no surname, contact details or references).
//!
//! Every write is one transaction; a step is a conditional update on the status it
//! starts from, so two operators acting at once make one step and the other gets 409.
//!
//! `check` reads a profile as sent (codes, zones of one tenant, the week's hours); `view`
//! builds what the carer, the operators and the families see, and writes the profile's
//! lists.
pub(crate) mod check;
pub mod documents;
pub mod photo;
pub(crate) mod view;

use crate::api::carers::{
    CarerProfile, CarerProfileInput, CarerRegistration, LANGUAGES_MAX, NOTE_MAX, NewStep,
    REFERENCES_MAX, RegistrationList, RegistryQuery, RegistryStep, SKILLS_MAX, SpokenLanguage,
    WeekHours, ZONES_MAX,
};
use crate::api::notifications::NotificationKind;
use crate::api::services::ZoneRef;
use crate::auth::Viewer;
use crate::db::{Db, WriteTxn};
use crate::domain::audit::AuditAction;
use crate::domain::matching::{Arrangement, CarerRole, LanguageLevel};
use crate::domain::registry::{RegistryAction, RegistryStatus};
use crate::domain::week::{self, Week};
use crate::domain::{Role, language};
use crate::entities::{carer_languages, carer_skills, carer_steps, carer_zones, carers, spaces};
use crate::error::{ApiError, FieldError};
use crate::reference::Reference;
use crate::services::contact::{check_text, page_of};
use crate::services::{audit, notifications};
use check::{Checked, check, codes, parse_codes};
pub use check::{hours, week_of};
use chrono::{DateTime, Utc};
pub use photo::PhotoLinks;
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;
pub(crate) use view::{Lists, public_view};
use view::{view_one, views, write_lists};
pub use view::{week_parse, week_text};

/// The tenants whose registry the viewer runs: where they are a space operator, a
/// municipal reviewer or a municipal administrator.
pub fn registry_tenants(v: &Viewer) -> Vec<i32> {
    let mut t = v.tenants_where(Role::SpaceOperator);
    t.extend(v.tenants_where(Role::MunicipalReviewer));
    t.extend(v.tenants_where(Role::MunicipalAdmin));
    t.sort_unstable();
    t.dedup();
    t
}

/// Applies (the first time: `true`) or changes the viewer's own profile.
pub async fn save_own(
    db: &Db,
    r: &Reference,
    photos: PhotoLinks<'_>,
    viewer: &Viewer,
    p: CarerProfileInput,
    now: DateTime<Utc>,
) -> Result<(CarerRegistration, bool), ApiError> {
    if !viewer.holds(Role::Carer) {
        return Err(ApiError::Forbidden(
            "The registry is for carers' accounts (sign up as a carer).",
        ));
    }
    let checked = check(db, r, &p).await?;
    // Two first applications at once: the second finds the first one's row.
    for _ in 0..2 {
        match save_once(db, viewer, &p, &checked, now).await {
            Err(ApiError::Database(e)) if crate::db::is_unique_violation(&e) => continue,
            Err(e) => return Err(e),
            Ok((row, created)) => {
                return Ok((view_one(db, r, Some(photos), row).await?, created));
            }
        }
    }
    Err(ApiError::Conflict(
        "The profile changed at the same time: try again.",
    ))
}

async fn save_once(
    db: &Db,
    viewer: &Viewer,
    p: &CarerProfileInput,
    c: &Checked,
    now: DateTime<Utc>,
) -> Result<(carers::Model, bool), ApiError> {
    let txn = db.write().await?;
    // The account's row first (an erasure at the same moment waits, or is seen: no
    // registration is made again for an erased account), then the registration's.
    crate::services::accounts::hold(&txn, viewer.user.id).await?;
    // Touching the row first locks it (PostgreSQL): two changes at once take turns
    // instead of both rewriting the lists.
    let touched = carers::Entity::update_many()
        .col_expr(carers::Column::UpdatedAt, Expr::value(now))
        .filter(carers::Column::UserId.eq(viewer.user.id))
        .exec(&txn)
        .await?;
    let existing = if touched.rows_affected > 0 {
        carers::Entity::find()
            .filter(carers::Column::UserId.eq(viewer.user.id))
            .one(&txn)
            .await?
    } else {
        None
    };
    let (row, created) = match existing {
        Some(e) => {
            if e.tenant_id != c.tenant_id && e.status != RegistryStatus::Applied {
                return Err(ApiError::Conflict(
                    "Your registration is with another municipality: ask its WeMi space to move it.",
                ));
            }
            let mut a: carers::ActiveModel = e.into();
            a.first_name = Set(c.first_name.clone());
            a.tenant_id = Set(c.tenant_id);
            a.space_id = Set(c.space_id);
            a.roles = Set(codes(&p.roles));
            a.arrangements = Set(codes(&p.arrangements));
            a.week = Set(week_text(c.week));
            a.hourly_cents = Set(p.hourly_cents);
            a.monthly_cents = Set(p.monthly_cents);
            a.experience_years = Set(p.experience_years);
            a.work_references = Set(c.references.clone());
            a.updated_at = Set(now);
            (a.update(&txn).await?, false)
        }
        None => (
            carers::ActiveModel {
                public_id: Set(Uuid::now_v7()),
                user_id: Set(viewer.user.id),
                tenant_id: Set(c.tenant_id),
                space_id: Set(c.space_id),
                first_name: Set(c.first_name.clone()),
                photo_key: Set(None),
                roles: Set(codes(&p.roles)),
                arrangements: Set(codes(&p.arrangements)),
                week: Set(week_text(c.week)),
                hourly_cents: Set(p.hourly_cents),
                monthly_cents: Set(p.monthly_cents),
                experience_years: Set(p.experience_years),
                work_references: Set(c.references.clone()),
                status: Set(RegistryStatus::Applied),
                status_at: Set(now),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?,
            true,
        ),
    };
    write_lists(&txn, row.id, p, &c.zone_ids).await?;
    txn.commit().await?;
    Ok((row, created))
}

/// The viewer's own registration.
pub async fn get_own(
    db: &Db,
    r: &Reference,
    photos: PhotoLinks<'_>,
    viewer: &Viewer,
) -> Result<CarerRegistration, ApiError> {
    let row = carers::Entity::find()
        .filter(carers::Column::UserId.eq(viewer.user.id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("registration"))?;
    view_one(db, r, Some(photos), row).await
}

/// The registrations of the tenants whose registry the viewer runs, the longest waiting
/// first.
pub async fn list(
    db: &Db,
    r: &Reference,
    photos: PhotoLinks<'_>,
    viewer: &Viewer,
    q: RegistryQuery,
) -> Result<RegistrationList, ApiError> {
    let tenants = registry_tenants(viewer);
    if tenants.is_empty() {
        return Err(ApiError::Forbidden(
            "The registry is run by the WeMi spaces' operators and the city.",
        ));
    }
    let (page, per_page) = page_of(q.page, q.per_page);
    let mut find = carers::Entity::find().filter(carers::Column::TenantId.is_in(tenants));
    if let Some(s) = q.status {
        find = find.filter(carers::Column::Status.eq(s));
    }
    let total = find.clone().count(db).await?;
    let rows = find
        .order_by_asc(carers::Column::StatusAt)
        .order_by_asc(carers::Column::Id)
        .offset(u64::from((page - 1) * per_page))
        .limit(u64::from(per_page))
        .all(db)
        .await?;
    Ok(RegistrationList {
        items: views(db, r, Some(photos), rows).await?,
        total,
        page,
        per_page,
    })
}

/// A registration of the viewer's registry (anyone else: not found).
async fn registered(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> Result<carers::Model, ApiError> {
    let tenants = registry_tenants(viewer);
    carers::Entity::find()
        .filter(carers::Column::PublicId.eq(id))
        .one(db)
        .await?
        .filter(|c| tenants.contains(&c.tenant_id))
        .ok_or(ApiError::NotFound("registration"))
}

pub async fn get(
    db: &Db,
    r: &Reference,
    photos: PhotoLinks<'_>,
    viewer: &Viewer,
    id: Uuid,
) -> Result<CarerRegistration, ApiError> {
    let row = registered(db, viewer, id).await?;
    view_one(db, r, Some(photos), row).await
}

/// An operator's step: the status moves as the registry allows (else 409), once even
/// when several operators act at once.
#[allow(clippy::too_many_arguments)]
pub async fn step(
    db: &Db,
    r: &Reference,
    photos: PhotoLinks<'_>,
    viewer: &Viewer,
    id: Uuid,
    s: NewStep,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<CarerRegistration, ApiError> {
    let txn = db.write().await?;
    let row = registered(&txn, viewer, id).await?;
    let mut errors = Vec::new();
    let note = s
        .note
        .as_deref()
        .map(|n| check_text(&mut errors, "note", n, false, NOTE_MAX))
        .filter(|n| !n.is_empty());
    if s.action == RegistryAction::Suspend && note.is_none() && errors.is_empty() {
        errors.push(FieldError::new(
            "note",
            "required",
            "Say why the carer is suspended.",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let to = row
        .status
        .apply(s.action)
        .map_err(|f| ApiError::Conflict(f.0))?;
    if row.user_id == viewer.user.id {
        return Err(ApiError::Forbidden(
            "Your own registration is handled by another operator.",
        ));
    }
    // On the row as it was read: the same status since the same time, in the same
    // tenant (a carer still applying may move to another municipality meanwhile).
    let moved = carers::Entity::update_many()
        .col_expr(carers::Column::Status, Expr::value(to.to_value()))
        .col_expr(carers::Column::StatusAt, Expr::value(now))
        .col_expr(carers::Column::UpdatedAt, Expr::value(now))
        .filter(carers::Column::Id.eq(row.id))
        .filter(carers::Column::Status.eq(row.status))
        .filter(carers::Column::StatusAt.eq(row.status_at))
        .filter(carers::Column::TenantId.eq(row.tenant_id))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(ApiError::Conflict(
            "Another operator moved this registration at the same time.",
        ));
    }
    carer_steps::ActiveModel {
        carer_id: Set(row.id),
        action: Set(s.action),
        from_status: Set(row.status),
        to_status: Set(to),
        operator_id: Set(Some(viewer.user.id)),
        note: Set(note),
        at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // Only listed carers are matched: a suspension ends the carer's live matches, and
    // the families hear of it.
    if to == RegistryStatus::Suspended {
        let x = crate::services::contact::Ctx {
            db,
            reference: r,
            public_url,
            now,
        };
        crate::services::matches::end_for_suspended_carer(&txn, &x, row.id).await?;
    }
    audit::record_about(
        &txn,
        AuditAction::CarerRegistryStep,
        viewer.user.id,
        ("carer", row.public_id),
        Some(s.action.to_value().as_str()),
        now,
    )
    .await?;
    // The carer hears of it (in the app and by mail); the first name only, their own.
    let kind = match to {
        RegistryStatus::Listed => NotificationKind::CarerListed,
        RegistryStatus::Suspended => NotificationKind::CarerSuspended,
        _ => NotificationKind::RegistryStep,
    };
    notifications::event(
        &txn,
        &[row.user_id],
        kind,
        ("carer", row.public_id),
        &row.first_name,
        public_url,
        now,
    )
    .await?;
    let row = carers::Entity::find_by_id(row.id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("registration"))?;
    let view = view_one(&txn, r, Some(photos), row).await?;
    txn.commit().await?;
    Ok(view)
}

/// A listed carer's limited profile (any other carer: not found).
pub async fn profile(
    db: &Db,
    r: &Reference,
    photos: PhotoLinks<'_>,
    id: Uuid,
) -> Result<CarerProfile, ApiError> {
    let c = carers::Entity::find()
        .filter(carers::Column::PublicId.eq(id))
        .filter(carers::Column::Status.eq(RegistryStatus::Listed))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("carer"))?;
    let lists = Lists::load(db, r, &[c.id]).await?;
    Ok(public_view(r, &lists, photos, c))
}

/// The person's registration, for their account export (none: `None`).
pub async fn export(
    db: &impl ConnectionTrait,
    r: &Reference,
    user_id: i32,
) -> Result<Option<CarerRegistration>, ApiError> {
    let rows = carers::Entity::find()
        .filter(carers::Column::UserId.eq(user_id))
        .all(db)
        .await?;
    // No photo address: an export is kept, and the address works for two hours only.
    Ok(views(db, r, None, rows).await?.pop())
}

/// Erases the person's registration with their account: its live matches end (their
/// events kept, nothing of the person in them), then the row goes, and its lists, steps,
/// documents and matches with it (the database cascades).
pub async fn forget(
    txn: &WriteTxn,
    x: &crate::services::contact::Ctx<'_>,
    user_id: i32,
) -> Result<(), ApiError> {
    let mine: Vec<i32> = carers::Entity::find()
        .select_only()
        .column(carers::Column::Id)
        .filter(carers::Column::UserId.eq(user_id))
        .into_tuple()
        .all(txn)
        .await?;
    for id in mine {
        // The registration's row first, as an opening takes it: a match being opened
        // with this carer is either seen here and ended, or waits and finds no carer.
        let row = sea_orm::Condition::all().add(carers::Column::Id.eq(id));
        txn.take::<carers::Entity>(carers::Column::Status, row)
            .await?;
        crate::services::matches::end_for_erased(txn, x, &[], Some(id)).await?;
    }
    carers::Entity::delete_many()
        .filter(carers::Column::UserId.eq(user_id))
        .exec(txn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::week::Slot as S;

    #[test]
    fn a_week_is_stored_and_read_back() {
        let w = Week::of(&[S::new(0, 9, 13).unwrap(), S::new(6, 20, 24).unwrap()]);
        let t = week_text(w);
        assert_eq!(t, "7680,0,0,0,0,0,15728640");
        assert_eq!(week_parse(&t), w);
        assert_eq!(week_parse("garbage"), Week::EMPTY);
        let h = hours(w);
        assert_eq!(h.mon, vec![9, 10, 11, 12]);
        assert_eq!(h.sun, vec![20, 21, 22, 23]);
        assert!(h.tue.is_empty());
        let mut errors = Vec::new();
        assert_eq!(week_of(&mut errors, "week", &h), w);
        assert!(errors.is_empty());
        let bad = WeekHours {
            fri: vec![9, 24],
            ..Default::default()
        };
        week_of(&mut errors, "week", &bad);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "week.fri[1]");
    }
}
