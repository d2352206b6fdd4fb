//! Families' needs (issue 12): a citizen describes one (`create`), keeps it (`update`,
//! `set_status`) and reads the offers ranked for it (`rank::matches`). Only the owner
//! sees a demand, and the operators of the one WeMi space the owner shared it with
//! (`space`, their consent; read only, without the building, each reading recorded in
//! the audit log): anyone else's id is not found. The broad conditions are
//! special-category data: kept only with the owner's consent, erased when it is
//! withdrawn, never logged. Every step is an interaction event without personal content.
pub mod digest;
pub mod rank;

use crate::api::carers::WeekHours;
use crate::api::demands::{
    BUILDING_MAX, CONDITIONS_MAX, Demand, DemandInput, DemandList, DemandStatusChange,
    DemandsQuery, REQUIREMENTS_MAX, RequirementInput,
};
use crate::api::services::ZoneRef;
use crate::auth::Viewer;
use crate::db::{Db, WriteTxn};
use crate::domain::contact::InteractionKind;
use crate::domain::demand::{DemandStatus, RequirementKind};
use crate::domain::matching::Arrangement;
use crate::domain::week::Week;
use crate::domain::{AuditAction, Role, language, pooling};
use crate::entities::{demand_conditions, demand_requirements, demands, spaces};
use crate::error::{ApiError, FieldError};
use crate::reference::Reference;
use crate::services::carers::check::{hours, week_of};
use crate::services::carers::view::{week_parse, week_text};
use crate::services::contact::{Ctx, page_of};
use crate::services::interactions;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A demand as checked: what the input names, resolved.
struct Checked {
    tenant_id: i32,
    zone_id: i32,
    week: Week,
    /// The catalogue category the events name (a role's own category).
    category: Option<String>,
    /// The building's address as given (trimmed), if any.
    building: Option<String>,
}

fn check(r: &Reference, d: &DemandInput) -> Result<Checked, ApiError> {
    let mut errors = Vec::new();
    let category = match (&d.category, d.role) {
        (Some(c), None) => {
            if r.category(c).is_none() {
                errors.push(FieldError::new(
                    "category",
                    "unknown",
                    "Choose a category of the catalogue.",
                ));
            }
            Some(c.clone())
        }
        (None, Some(role)) => r.matching.category_of(role).map(str::to_owned),

        _ => {
            errors.push(FieldError::new(
                "category",
                "required",
                "Say the kind of help: a service category or a carer's role (one of the two).",
            ));
            None
        }
    };
    let zone = r.zone(&d.zone);
    if zone.is_none() {
        errors.push(FieldError::new(
            "zone",
            "unknown",
            "Choose a zone from the list.",
        ));
    }
    let week = week_of(&mut errors, "week", &d.week);
    if d.arrangement == Arrangement::LiveIn && !week.is_empty() {
        errors.push(FieldError::new(
            "week",
            "live_in",
            "Living in needs no hours: leave the week empty.",
        ));
    }
    if d.budget_cents.is_some() != d.budget_period.is_some() {
        errors.push(FieldError::new(
            "budget_period",
            "required",
            "A budget is an amount and its period (by the hour or by the month).",
        ));
    }
    if d.budget_cents
        .is_some_and(|c| !(0..=1_000_000).contains(&c))
    {
        errors.push(FieldError::new(
            "budget_cents",
            "out_of_range",
            "From 0 to 10,000 euros.",
        ));
    }
    if let Some(l) = &d.language
        && !language::is_iso_639_1(l)
    {
        errors.push(FieldError::new(
            "language",
            "unknown",
            "A two-letter language code (ISO 639-1).",
        ));
    }
    if d.conditions.len() > CONDITIONS_MAX {
        errors.push(FieldError::new(
            "conditions",
            "out_of_range",
            format!("At most {CONDITIONS_MAX} conditions."),
        ));
    }
    let mut seen = HashSet::new();
    for (i, c) in d.conditions.iter().enumerate() {
        if r.matching.condition(c).is_none() || !seen.insert(c) {
            errors.push(FieldError::new(
                format!("conditions[{i}]"),
                "unknown",
                "Choose each condition from the list, once.",
            ));
        }
    }
    if !d.conditions.is_empty() && !d.conditions_consent {
        errors.push(FieldError::new(
            "conditions_consent",
            "consent_required",
            "The conditions are kept only with your consent: give it, or leave them out.",
        ));
    }
    if d.requirements.len() > REQUIREMENTS_MAX {
        errors.push(FieldError::new(
            "requirements",
            "out_of_range",
            format!("At most {REQUIREMENTS_MAX} requirements."),
        ));
    }
    for (i, q) in d.requirements.iter().enumerate() {
        let known = match q.kind {
            RequirementKind::Skill => r.matching.skill(&q.code).is_some(),
            RequirementKind::Language => language::is_iso_639_1(&q.code),
        };
        if !known {
            errors.push(FieldError::new(
                format!("requirements[{i}].code"),
                "unknown",
                "Choose each skill from the list and each language by its code.",
            ));
        }
    }
    let building = d
        .building
        .as_deref()
        .filter(|b| !b.trim().is_empty())
        .and_then(|b| crate::input::text_field(&mut errors, "building", b, 1, BUILDING_MAX));
    if d.sharing && d.arrangement == Arrangement::LiveIn {
        errors.push(FieldError::new(
            "sharing",
            "live_in",
            "A carer living in serves one family: sharing needs hours.",
        ));
    }
    match zone {
        Some(z) if errors.is_empty() => {
            let tenant_id = r
                .tenants
                .iter()
                .find(|(_, code, _)| *code == z.tenant_code)
                .map(|(id, ..)| *id)
                .ok_or(ApiError::NotFound("zone"))?;
            Ok(Checked {
                tenant_id,
                zone_id: z.id,
                week,
                category,
                building,
            })
        }
        _ => Err(ApiError::Validation(errors)),
    }
}

/// A requirement named twice counts once, in its first place, as a must if either is.
fn merged(mut d: DemandInput) -> DemandInput {
    let mut out: Vec<RequirementInput> = Vec::with_capacity(d.requirements.len());
    for q in d.requirements {
        match out
            .iter_mut()
            .find(|x| x.kind == q.kind && x.code == q.code)
        {
            Some(x) => x.must |= q.must,
            None => out.push(q),
        }
    }
    d.requirements = out;
    d
}

fn citizen(viewer: &Viewer) -> Result<(), ApiError> {
    if viewer.holds(Role::Citizen) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "Needs are described from a citizen's account.",
        ))
    }
}

/// The space a need is shared with, as sent: one of its municipality's active spaces
/// (none: `None`; another: 422).
async fn space_of(
    db: &impl ConnectionTrait,
    space: Option<Uuid>,
    tenant_id: i32,
) -> Result<Option<i32>, ApiError> {
    let Some(id) = space else {
        return Ok(None);
    };
    spaces::Entity::find()
        .filter(spaces::Column::PublicId.eq(id))
        .filter(spaces::Column::TenantId.eq(tenant_id))
        .filter(spaces::Column::Active.eq(true))
        .one(db)
        .await?
        .map(|s| Some(s.id))
        .ok_or_else(|| {
            ApiError::field(
                "space",
                "unknown",
                "Choose an open WeMi space of the need's municipality (GET /api/v1/spaces).",
            )
        })
}

/// Who reads a demand.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reader {
    Owner,
    /// An operator of the space the owner shared it with.
    Space,
}

/// The viewer's spaces as a WeMi space operator.
fn operated_spaces(viewer: &Viewer) -> Vec<i32> {
    viewer
        .roles()
        .filter(|m| m.role == Role::SpaceOperator)
        .filter_map(|m| m.space_id)
        .collect()
}

/// A demand the viewer may read: their own, or one shared with a space they operate
/// (anyone else's: not found). A space's reading is recorded in the audit log.
pub(crate) async fn readable(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(demands::Model, Reader), ApiError> {
    let row = demands::Entity::find()
        .filter(demands::Column::PublicId.eq(id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("demand"))?;
    if row.user_id == viewer.user.id {
        return Ok((row, Reader::Owner));
    }
    if row
        .space_id
        .is_some_and(|s| operated_spaces(viewer).contains(&s))
    {
        crate::services::audit::record_about(
            db,
            AuditAction::DemandReadBySpace,
            viewer.user.id,
            ("demand", row.public_id),
            None,
            now,
        )
        .await?;
        return Ok((row, Reader::Space));
    }
    Err(ApiError::NotFound("demand"))
}

/// The owner's demand (anyone else's: not found).
pub(crate) async fn owned(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> Result<demands::Model, ApiError> {
    demands::Entity::find()
        .filter(demands::Column::PublicId.eq(id))
        .filter(demands::Column::UserId.eq(viewer.user.id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("demand"))
}

/// Writes the demand's requirements and conditions (replacing any).
async fn write_lists(txn: &WriteTxn, demand_id: i32, d: &DemandInput) -> Result<(), ApiError> {
    demand_requirements::Entity::delete_many()
        .filter(demand_requirements::Column::DemandId.eq(demand_id))
        .exec(txn)
        .await?;
    demand_conditions::Entity::delete_many()
        .filter(demand_conditions::Column::DemandId.eq(demand_id))
        .exec(txn)
        .await?;
    demand_requirements::Entity::insert_many((0..).zip(&d.requirements).map(|(i, q)| {
        demand_requirements::ActiveModel {
            demand_id: Set(demand_id),
            position: Set(i),
            kind: Set(q.kind),
            code: Set(q.code.clone()),
            must: Set(q.must),
        }
    }))
    .exec_without_returning(txn)
    .await?;
    if d.conditions_consent {
        demand_conditions::Entity::insert_many(d.conditions.iter().map(|c| {
            demand_conditions::ActiveModel {
                demand_id: Set(demand_id),
                code: Set(c.clone()),
            }
        }))
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}

/// A new demand (citizens only): 201.
pub async fn create(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    d: DemandInput,
    now: DateTime<Utc>,
) -> Result<Demand, ApiError> {
    citizen(viewer)?;
    let d = merged(d);
    let c = check(r, &d)?;
    let txn = db.write().await?;
    crate::services::accounts::hold(&txn, viewer.user.id).await?;
    let space_id = space_of(&txn, d.space, c.tenant_id).await?;
    let row = demands::ActiveModel {
        public_id: Set(Uuid::now_v7()),
        user_id: Set(viewer.user.id),
        tenant_id: Set(c.tenant_id),
        category_code: Set(d.role.is_none().then(|| d.category.clone()).flatten()),
        carer_role: Set(d.role.map(|r| r.to_value())),
        zone_id: Set(c.zone_id),
        week: Set(week_text(c.week)),
        arrangement: Set(d.arrangement),
        start_on: Set(d.start_on),
        budget_cents: Set(d.budget_cents),
        budget_period: Set(d.budget_period),
        language: Set(d.language.clone()),
        age_band: Set(d.age_band),
        autonomy: Set(d.autonomy),
        conditions_consent_at: Set(
            (d.conditions_consent && !d.conditions.is_empty()).then_some(now)
        ),
        sharing: Set(d.sharing),
        building: Set(c.building.clone()),
        building_key: Set(pooling::stored_key(c.building.as_deref())),
        space_id: Set(space_id),
        space_consent_at: Set(space_id.map(|_| now)),
        status: Set(DemandStatus::Open),
        status_at: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    write_lists(&txn, row.id, &d).await?;
    interactions::record_need(
        &txn,
        InteractionKind::DemandOpened,
        c.tenant_id,
        c.category,
        c.zone_id,
        None,
        now,
    )
    .await?;
    let view = view_one(&txn, r, Reader::Owner, row).await?;
    txn.commit().await?;
    Ok(view)
}

/// Changes a demand (open or paused; a closed one: 409). Withdrawing the consent erases
/// the conditions. A change that no longer fits a group the need is in, or is invited
/// to, leaves that group (`groups::refit`).
pub async fn update(
    x: &Ctx<'_>,
    viewer: &Viewer,
    id: Uuid,
    d: DemandInput,
) -> Result<Demand, ApiError> {
    let (r, now) = (x.reference, x.now);
    let txn = x.db.write().await?;
    let row = owned(&txn, viewer, id).await?;
    let d = merged(d);
    let c = check(r, &d)?;
    if !row.status.is_editable() {
        return Err(ApiError::Conflict("A closed need cannot be changed."));
    }
    let space_id = space_of(&txn, d.space, c.tenant_id).await?;
    // The consent keeps its time while it names the same space.
    let space_consent_at = match space_id {
        Some(s) if row.space_id == Some(s) => row.space_consent_at.or(Some(now)),
        Some(_) => Some(now),
        None => None,
    };
    let consent_at = match (
        d.conditions_consent && !d.conditions.is_empty(),
        row.conditions_consent_at,
    ) {
        (true, Some(at)) => Some(at),
        (true, None) => Some(now),
        (false, _) => None,
    };
    let changed = demands::Entity::update_many()
        .col_expr(
            demands::Column::CategoryCode,
            Expr::value(d.role.is_none().then(|| d.category.clone()).flatten()),
        )
        .col_expr(
            demands::Column::CarerRole,
            Expr::value(d.role.map(|r| r.to_value())),
        )
        .col_expr(demands::Column::TenantId, Expr::value(c.tenant_id))
        .col_expr(demands::Column::ZoneId, Expr::value(c.zone_id))
        .col_expr(demands::Column::Week, Expr::value(week_text(c.week)))
        .col_expr(
            demands::Column::Arrangement,
            Expr::value(d.arrangement.to_value()),
        )
        .col_expr(demands::Column::StartOn, Expr::value(d.start_on))
        .col_expr(demands::Column::BudgetCents, Expr::value(d.budget_cents))
        .col_expr(
            demands::Column::BudgetPeriod,
            Expr::value(d.budget_period.map(|p| p.to_value())),
        )
        .col_expr(demands::Column::Language, Expr::value(d.language.clone()))
        .col_expr(demands::Column::AgeBand, Expr::value(d.age_band.to_value()))
        .col_expr(
            demands::Column::Autonomy,
            Expr::value(d.autonomy.to_value()),
        )
        .col_expr(
            demands::Column::ConditionsConsentAt,
            Expr::value(consent_at),
        )
        .col_expr(demands::Column::Sharing, Expr::value(d.sharing))
        .col_expr(demands::Column::Building, Expr::value(c.building.clone()))
        .col_expr(
            demands::Column::BuildingKey,
            Expr::value(pooling::stored_key(c.building.as_deref())),
        )
        .col_expr(demands::Column::SpaceId, Expr::value(space_id))
        .col_expr(
            demands::Column::SpaceConsentAt,
            Expr::value(space_consent_at),
        )
        .col_expr(demands::Column::UpdatedAt, Expr::value(now))
        .filter(demands::Column::Id.eq(row.id))
        .filter(demands::Column::Status.ne(DemandStatus::Closed))
        .exec(&txn)
        .await?;
    if changed.rows_affected != 1 {
        return Err(ApiError::Conflict("A closed need cannot be changed."));
    }
    write_lists(&txn, row.id, &d).await?;
    // A need changed so that it no longer fits a group it is in (or invited to) leaves it.
    crate::services::groups::refit(&txn, x, row.id).await?;
    interactions::record_need(
        &txn,
        InteractionKind::DemandChanged,
        c.tenant_id,
        c.category,
        c.zone_id,
        None,
        now,
    )
    .await?;
    finish(txn, r, row.id).await
}

/// Pauses, resumes or closes a demand (on the status as read: two changes at once, one
/// wins and the other is 409).
pub async fn set_status(
    x: &Ctx<'_>,
    viewer: &Viewer,
    id: Uuid,
    change: DemandStatusChange,
) -> Result<Demand, ApiError> {
    let (r, now) = (x.reference, x.now);
    let txn = x.db.write().await?;
    let row = owned(&txn, viewer, id).await?;
    let to = change.status;
    if !row.status.can_become(to) {
        return Err(ApiError::Conflict(match row.status {
            DemandStatus::Closed => "The need is closed.",
            _ if row.status == to => "The need is already so.",
            _ => "That change is not possible.",
        }));
    }
    let moved = demands::Entity::update_many()
        .col_expr(demands::Column::Status, Expr::value(to.to_value()))
        .col_expr(demands::Column::StatusAt, Expr::value(now))
        .col_expr(demands::Column::UpdatedAt, Expr::value(now))
        .filter(demands::Column::Id.eq(row.id))
        .filter(demands::Column::Status.eq(row.status))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(ApiError::Conflict("The need changed at the same time."));
    }
    // Only an open need is shared: paused or closed, it leaves its groups.
    if to != DemandStatus::Open {
        crate::services::groups::withdraw(&txn, x, row.user_id, &[row.id], false).await?;
    }
    if to == DemandStatus::Closed {
        crate::services::matches::decline_for_closed_need(&txn, x, row.id).await?;
    }
    let kind = match to {
        DemandStatus::Paused => InteractionKind::DemandPaused,
        DemandStatus::Open => InteractionKind::DemandResumed,
        DemandStatus::Closed => InteractionKind::DemandClosed,
    };
    interactions::record_need(
        &txn,
        kind,
        row.tenant_id,
        category_of(r, &row),
        row.zone_id,
        None,
        now,
    )
    .await?;
    finish(txn, r, row.id).await
}

/// The demand as written in `txn`, then the transaction committed.
async fn finish(txn: WriteTxn, r: &Reference, id: i32) -> Result<Demand, ApiError> {
    let row = demands::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("demand"))?;
    let view = view_one(&txn, r, Reader::Owner, row).await?;
    txn.commit().await?;
    Ok(view)
}

/// The category a demand's events name (a role's own category).
pub(crate) fn category_of(r: &Reference, d: &demands::Model) -> Option<String> {
    d.category_code.clone().or_else(|| {
        d.carer_role
            .as_deref()
            .and_then(role_of)
            .and_then(|role| r.matching.category_of(role))
            .map(str::to_owned)
    })
}

fn role_of(code: &str) -> Option<crate::domain::matching::CarerRole> {
    crate::domain::matching::CarerRole::try_from_value(&code.to_owned()).ok()
}

/// The owner's demand, or one shared with a space the viewer operates.
pub async fn get(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Demand, ApiError> {
    let (row, reader) = readable(&**db, viewer, id, now).await?;
    view_one(&**db, r, reader, row).await
}

/// The open and paused needs shared with a space (its operators only), the longest
/// waiting first. The reading is recorded in the audit log.
pub async fn of_space(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    space: Uuid,
    q: DemandsQuery,
    now: DateTime<Utc>,
) -> Result<DemandList, ApiError> {
    let row = spaces::Entity::find()
        .filter(spaces::Column::PublicId.eq(space))
        .one(&**db)
        .await?
        .ok_or(ApiError::NotFound("space"))?;
    if !operated_spaces(viewer).contains(&row.id) {
        return Err(ApiError::Forbidden(
            "Only the space's operators see the needs shared with it.",
        ));
    }
    let (page, per_page) = page_of(q.page, q.per_page);
    let pages = demands::Entity::find()
        .filter(demands::Column::SpaceId.eq(row.id))
        .filter(demands::Column::Status.ne(DemandStatus::Closed))
        .order_by_asc(demands::Column::CreatedAt)
        .order_by_asc(demands::Column::Id)
        .paginate(&**db, u64::from(per_page));
    let total = pages.num_items().await?;
    let rows = pages.fetch_page(u64::from(page - 1)).await?;
    crate::services::audit::record_about(
        &**db,
        AuditAction::DemandReadBySpace,
        viewer.user.id,
        ("space", row.public_id),
        Some("list"),
        now,
    )
    .await?;
    Ok(DemandList {
        items: views(&**db, r, Reader::Space, rows).await?,
        total,
        page,
        per_page,
    })
}

/// The owner's demands, newest first.
pub async fn list(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    q: DemandsQuery,
) -> Result<DemandList, ApiError> {
    let (page, per_page) = page_of(q.page, q.per_page);
    let pages = demands::Entity::find()
        .filter(demands::Column::UserId.eq(viewer.user.id))
        .order_by_desc(demands::Column::CreatedAt)
        .order_by_desc(demands::Column::Id)
        .paginate(&**db, u64::from(per_page));
    let total = pages.num_items().await?;
    let rows = pages.fetch_page(u64::from(page - 1)).await?;
    Ok(DemandList {
        items: views(&**db, r, Reader::Owner, rows).await?,
        total,
        page,
        per_page,
    })
}

async fn view_one(
    db: &impl ConnectionTrait,
    r: &Reference,
    reader: Reader,
    row: demands::Model,
) -> Result<Demand, ApiError> {
    views(db, r, reader, vec![row])
        .await?
        .pop()
        .ok_or(ApiError::NotFound("demand"))
}

async fn views(
    db: &impl ConnectionTrait,
    r: &Reference,
    reader: Reader,
    rows: Vec<demands::Model>,
) -> Result<Vec<Demand>, ApiError> {
    let ids: Vec<i32> = rows.iter().map(|d| d.id).collect();
    let spaces =
        crate::services::spaces::public_ids(db, rows.iter().filter_map(|d| d.space_id).collect())
            .await?;
    let mut requirements: HashMap<i32, Vec<RequirementInput>> = HashMap::new();
    for q in demand_requirements::Entity::find()
        .filter(demand_requirements::Column::DemandId.is_in(ids.iter().copied()))
        .order_by_asc(demand_requirements::Column::Position)
        .all(db)
        .await?
    {
        requirements
            .entry(q.demand_id)
            .or_default()
            .push(RequirementInput {
                kind: q.kind,
                code: q.code,
                must: q.must,
            });
    }
    let mut conditions: HashMap<i32, Vec<String>> = HashMap::new();
    for c in demand_conditions::Entity::find()
        .filter(demand_conditions::Column::DemandId.is_in(ids.iter().copied()))
        .order_by_asc(demand_conditions::Column::Code)
        .all(db)
        .await?
    {
        conditions.entry(c.demand_id).or_default().push(c.code);
    }
    Ok(rows
        .into_iter()
        .map(|d| {
            let zone = r.zone_by_id(d.zone_id);
            Demand {
                id: d.public_id,
                status: d.status,
                status_at: d.status_at,
                category: d.category_code.clone(),
                role: d.carer_role.as_deref().and_then(role_of),
                zone: ZoneRef {
                    code: zone.map(|z| z.code.clone()).unwrap_or_default(),
                    name: zone.map(|z| z.name.clone()).unwrap_or_default(),
                    kind: zone.map_or(crate::domain::zone::ZoneKind::Comune, |z| z.kind),
                },
                tenant: zone.map(|z| z.tenant_code.clone()).unwrap_or_default(),
                week: week_hours(&d.week),
                arrangement: d.arrangement,
                start_on: d.start_on,
                budget_cents: d.budget_cents,
                budget_period: d.budget_period,
                language: d.language.clone(),
                age_band: d.age_band,
                autonomy: d.autonomy,
                conditions: conditions.remove(&d.id).unwrap_or_default(),
                conditions_consent_at: d.conditions_consent_at,
                requirements: requirements.remove(&d.id).unwrap_or_default(),
                sharing: d.sharing,
                building: d.building.clone().filter(|_| reader == Reader::Owner),
                space: d.space_id.and_then(|s| spaces.get(&s).copied()),
                space_consent_at: d.space_consent_at,
                created_at: d.created_at,
                updated_at: d.updated_at,
            }
        })
        .collect())
}

fn week_hours(stored: &str) -> WeekHours {
    hours(week_parse(stored))
}

/// Deletes the person's needs (their requirements, conditions and memberships cascade):
/// the account's deletion erases them, special-category data first of all. Their groups
/// are left first, so the other families are told and the groups settle.
pub async fn forget(txn: &WriteTxn, x: &Ctx<'_>, user_id: i32) -> Result<(), ApiError> {
    let mine: Vec<i32> = demands::Entity::find()
        .select_only()
        .column(demands::Column::Id)
        .filter(demands::Column::UserId.eq(user_id))
        .order_by_asc(demands::Column::Id)
        .into_tuple()
        .all(txn)
        .await?;
    // Every need's row first (in the order of their ids), then their groups'.
    crate::services::groups::take_needs(txn, mine.clone()).await?;
    crate::services::groups::withdraw(txn, x, user_id, &mine, true).await?;
    crate::services::matches::end_for_erased(txn, x, &mine, None).await?;
    // For the city a need erased with its account was closed: its event, as it is read
    // now (held), without anything of the person.
    let live = demands::Entity::find()
        .filter(demands::Column::UserId.eq(user_id))
        .filter(demands::Column::Status.ne(DemandStatus::Closed.to_value()))
        .all(txn)
        .await?;
    for row in live {
        interactions::record_need(
            txn,
            InteractionKind::DemandClosed,
            row.tenant_id,
            category_of(x.reference, &row),
            row.zone_id,
            None,
            x.now,
        )
        .await?;
    }
    demands::Entity::delete_many()
        .filter(demands::Column::UserId.eq(user_id))
        .exec(txn)
        .await?;
    Ok(())
}
