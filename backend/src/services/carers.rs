//! The carers' registry (issue 12): a carer applies with a profile and keeps it up to
//! date; the tenant's space operators and municipal reviewers and admins take the
//! registration through its steps (`domain::registry`); families see listed carers'
//! limited profiles only (no surname, contact details or references).
//!
//! Every write is one transaction; a step is a conditional update on the status it
//! starts from, so two operators acting at once make one step and the other gets 409.
use crate::api::carers::{
    CarerProfile, CarerProfileInput, CarerRegistration, LANGUAGES_MAX, NOTE_MAX, NewStep,
    REFERENCES_MAX, RegistrationList, RegistryQuery, RegistryStep, SKILLS_MAX, SpokenLanguage,
    WeekHours, ZONES_MAX,
};
use crate::api::services::ZoneRef;
use crate::auth::Viewer;
use crate::db::{Db, WriteTxn};
use crate::domain::matching::{Arrangement, CarerRole, LanguageLevel};
use crate::domain::registry::{RegistryAction, RegistryStatus};
use crate::domain::week::{self, Week};
use crate::domain::{Role, language};
use crate::entities::{carer_languages, carer_skills, carer_steps, carer_zones, carers, spaces};
use crate::error::{ApiError, FieldError};
use crate::reference::Reference;
use crate::services::contact::{check_text, page_of};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

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

/// The stored form of a week: seven numbers, Monday first.
pub fn week_text(w: Week) -> String {
    w.bits()
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// A stored week back (anything unreadable counts as no hour).
pub fn week_parse(s: &str) -> Week {
    let mut bits = [0u32; 7];
    for (b, part) in bits.iter_mut().zip(s.split(',')) {
        *b = part.trim().parse().unwrap_or(0);
    }
    Week::from_bits(bits)
}

/// A week as the API's hours by day.
pub fn hours(w: Week) -> WeekHours {
    let bits = w.bits();
    WeekHours::from_days(std::array::from_fn(|d| {
        (0u8..week::HOURS)
            .filter(|h| bits[d] & (1 << h) != 0)
            .collect()
    }))
}

/// The API's hours by day as a week, each hour checked (`week.mon[2]` names a wrong one).
pub fn week_of(errors: &mut Vec<FieldError>, field: &str, given: &WeekHours) -> Week {
    let mut slots = Vec::new();
    for (day, hours) in (0u8..).zip(given.days()) {
        for (i, h) in hours.iter().enumerate() {
            match week::Slot::new(day, *h, h.saturating_add(1)) {
                Ok(s) => slots.push(s),
                Err(_) => errors.push(FieldError::new(
                    format!("{field}.{}[{i}]", week::DAYS[usize::from(day)]),
                    "out_of_range",
                    "An hour from 0 to 23.",
                )),
            }
        }
    }
    Week::of(&slots)
}

fn codes<T: sea_orm::ActiveEnum<Value = String>>(items: &[T]) -> String {
    items
        .iter()
        .map(|i| i.to_value())
        .collect::<Vec<_>>()
        .join(",")
}

fn parse_codes<T: sea_orm::ActiveEnum<Value = String>>(s: &str) -> Vec<T> {
    s.split(',')
        .filter(|c| !c.is_empty())
        .filter_map(|c| T::try_from_value(&c.to_owned()).ok())
        .collect()
}

/// Checks a list's length and that no item repeats.
fn distinct<T: PartialEq>(
    errors: &mut Vec<FieldError>,
    field: &str,
    items: &[T],
    min: usize,
    max: usize,
) {
    if items.len() < min || items.len() > max {
        errors.push(FieldError::new(
            field,
            "out_of_range",
            format!("From {min} to {max} items."),
        ));
    }
    for (i, item) in items.iter().enumerate() {
        if items[..i].contains(item) {
            errors.push(FieldError::new(
                format!("{field}[{i}]"),
                "duplicate",
                "Already in the list.",
            ));
        }
    }
}

struct Checked {
    first_name: String,
    tenant_id: i32,
    zone_ids: Vec<i32>,
    space_id: Option<i32>,
    week: Week,
    references: String,
}

async fn check(
    db: &impl ConnectionTrait,
    r: &Reference,
    p: &CarerProfileInput,
) -> Result<Checked, ApiError> {
    let mut errors = Vec::new();
    let first_name = crate::input::text_field(&mut errors, "first_name", &p.first_name, 1, 60)
        .unwrap_or_default();
    distinct(&mut errors, "roles", &p.roles, 1, 3);
    distinct(&mut errors, "arrangements", &p.arrangements, 1, 3);
    distinct(&mut errors, "skills", &p.skills, 0, SKILLS_MAX);
    for (i, s) in p.skills.iter().enumerate() {
        if r.matching.skill(s).is_none() {
            errors.push(FieldError::new(
                format!("skills[{i}]"),
                "unknown",
                "Choose a skill from the list.",
            ));
        }
    }
    if p.languages.is_empty() || p.languages.len() > LANGUAGES_MAX {
        errors.push(FieldError::new(
            "languages",
            "out_of_range",
            format!("From 1 to {LANGUAGES_MAX} languages."),
        ));
    }
    for (i, l) in p.languages.iter().enumerate() {
        if !language::is_iso_639_1(&l.code) {
            errors.push(FieldError::new(
                format!("languages[{i}].code"),
                "unknown",
                "A two-letter language code (ISO 639-1).",
            ));
        }
    }
    distinct(&mut errors, "zones", &p.zones, 1, ZONES_MAX);
    let mut zone_ids = Vec::new();
    let mut tenants = HashSet::new();
    for (i, code) in p.zones.iter().enumerate() {
        match r.zone(code) {
            Some(z) => {
                zone_ids.push(z.id);
                tenants.insert(z.tenant_code.clone());
            }
            None => errors.push(FieldError::new(
                format!("zones[{i}]"),
                "unknown",
                "Choose a zone from the list.",
            )),
        }
    }
    if tenants.len() > 1 {
        errors.push(FieldError::new(
            "zones",
            "mixed",
            "Choose zones of one municipality or district.",
        ));
    }
    let tenant_id = tenants
        .iter()
        .next()
        .and_then(|code| r.tenants.iter().find(|(_, c, _)| c == code))
        .map(|(id, ..)| *id);
    let week = week_of(&mut errors, "week", &p.week);
    if p.hourly_cents.is_some_and(|c| !(0..=100_000).contains(&c)) {
        errors.push(FieldError::new(
            "hourly_cents",
            "out_of_range",
            "From 0 to 1,000 euros an hour.",
        ));
    }
    if p.monthly_cents
        .is_some_and(|c| !(0..=1_000_000).contains(&c))
    {
        errors.push(FieldError::new(
            "monthly_cents",
            "out_of_range",
            "From 0 to 10,000 euros a month.",
        ));
    }
    if !(0..=60).contains(&p.experience_years) {
        errors.push(FieldError::new(
            "experience_years",
            "out_of_range",
            "From 0 to 60 years.",
        ));
    }
    let references = check_text(
        &mut errors,
        "references",
        &p.references,
        false,
        REFERENCES_MAX,
    );
    let space_id = match p.space {
        None => None,
        Some(id) => {
            let s = spaces::Entity::find()
                .filter(spaces::Column::PublicId.eq(id))
                .filter(spaces::Column::Active.eq(true))
                .one(db)
                .await?;
            // A space of another municipality than the zones' is not one to choose.
            match s {
                Some(s) if tenant_id.is_none_or(|t| t == s.tenant_id) => Some(s.id),
                _ => return Err(ApiError::NotFound("space")),
            }
        }
    };
    match (errors.is_empty(), tenant_id) {
        (true, Some(tenant_id)) => Ok(Checked {
            first_name,
            tenant_id,
            zone_ids,
            space_id,
            week,
            references,
        }),
        _ => Err(ApiError::Validation(errors)),
    }
}

/// The registrations' views, loading their lists in a few queries.
async fn views(
    db: &impl ConnectionTrait,
    r: &Reference,
    rows: Vec<carers::Model>,
) -> Result<Vec<CarerRegistration>, ApiError> {
    let ids: Vec<i32> = rows.iter().map(|c| c.id).collect();
    let lists = Lists::load(db, &ids).await?;
    let mut steps: HashMap<i32, Vec<RegistryStep>> = HashMap::new();
    for s in carer_steps::Entity::find()
        .filter(carer_steps::Column::CarerId.is_in(ids.clone()))
        .order_by_asc(carer_steps::Column::At)
        .order_by_asc(carer_steps::Column::Id)
        .all(db)
        .await?
    {
        steps.entry(s.carer_id).or_default().push(RegistryStep {
            action: s.action,
            from: s.from_status,
            to: s.to_status,
            at: s.at,
            note: s.note,
        });
    }
    let space_ids: Vec<i32> = rows.iter().filter_map(|c| c.space_id).collect();
    let space_ids: HashMap<i32, Uuid> = spaces::Entity::find()
        .select_only()
        .column(spaces::Column::Id)
        .column(spaces::Column::PublicId)
        .filter(spaces::Column::Id.is_in(space_ids))
        .into_tuple::<(i32, Uuid)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|c| CarerRegistration {
            id: c.public_id,
            status: c.status,
            status_at: c.status_at,
            next_step: c.status.next_step(),
            first_name: c.first_name.clone(),
            roles: parse_codes::<CarerRole>(&c.roles),
            skills: lists.skills(c.id),
            languages: lists.languages(c.id),
            zones: lists.zones(r, c.id),
            week: hours(week_parse(&c.week)),
            arrangements: parse_codes::<Arrangement>(&c.arrangements),
            hourly_cents: c.hourly_cents,
            monthly_cents: c.monthly_cents,
            experience_years: c.experience_years,
            references: c.work_references.clone(),
            tenant: r
                .tenants
                .iter()
                .find(|(id, ..)| *id == c.tenant_id)
                .map(|(_, code, _)| code.clone())
                .unwrap_or_default(),
            space: c.space_id.and_then(|s| space_ids.get(&s).copied()),
            steps: steps.remove(&c.id).unwrap_or_default(),
            created_at: c.created_at,
            updated_at: c.updated_at,
        })
        .collect())
}

/// One registration's view.
async fn view_one(
    db: &impl ConnectionTrait,
    r: &Reference,
    row: carers::Model,
) -> Result<CarerRegistration, ApiError> {
    views(db, r, vec![row])
        .await?
        .pop()
        .ok_or(ApiError::NotFound("registration"))
}

/// The skills, languages and zones of some carers.
pub(crate) struct Lists {
    skills: HashMap<i32, Vec<String>>,
    languages: HashMap<i32, Vec<SpokenLanguage>>,
    zones: HashMap<i32, Vec<i32>>,
}

impl Lists {
    pub(crate) async fn load(db: &impl ConnectionTrait, ids: &[i32]) -> Result<Lists, ApiError> {
        let mut skills: HashMap<i32, Vec<String>> = HashMap::new();
        for s in carer_skills::Entity::find()
            .filter(carer_skills::Column::CarerId.is_in(ids.iter().copied()))
            .order_by_asc(carer_skills::Column::Code)
            .all(db)
            .await?
        {
            skills.entry(s.carer_id).or_default().push(s.code);
        }
        let mut languages: HashMap<i32, Vec<SpokenLanguage>> = HashMap::new();
        for l in carer_languages::Entity::find()
            .filter(carer_languages::Column::CarerId.is_in(ids.iter().copied()))
            .order_by_asc(carer_languages::Column::Code)
            .all(db)
            .await?
        {
            languages
                .entry(l.carer_id)
                .or_default()
                .push(SpokenLanguage {
                    code: l.code,
                    level: l.level,
                });
        }
        let mut zones: HashMap<i32, Vec<i32>> = HashMap::new();
        for z in carer_zones::Entity::find()
            .filter(carer_zones::Column::CarerId.is_in(ids.iter().copied()))
            .order_by_asc(carer_zones::Column::ZoneId)
            .all(db)
            .await?
        {
            zones.entry(z.carer_id).or_default().push(z.zone_id);
        }
        Ok(Lists {
            skills,
            languages,
            zones,
        })
    }

    pub(crate) fn skills(&self, id: i32) -> Vec<String> {
        self.skills.get(&id).cloned().unwrap_or_default()
    }

    pub(crate) fn languages(&self, id: i32) -> Vec<SpokenLanguage> {
        self.languages.get(&id).cloned().unwrap_or_default()
    }

    pub(crate) fn zone_ids(&self, id: i32) -> Vec<i32> {
        self.zones.get(&id).cloned().unwrap_or_default()
    }

    pub(crate) fn zones(&self, r: &Reference, id: i32) -> Vec<ZoneRef> {
        self.zone_ids(id)
            .into_iter()
            .filter_map(|z| r.zone_by_id(z))
            .map(|z| ZoneRef {
                code: z.code.clone(),
                name: z.name.clone(),
                kind: z.kind,
            })
            .collect()
    }
}

/// Writes the profile's lists (replacing the carer's).
async fn write_lists(
    txn: &WriteTxn,
    carer_id: i32,
    p: &CarerProfileInput,
    zone_ids: &[i32],
) -> Result<(), ApiError> {
    carer_skills::Entity::delete_many()
        .filter(carer_skills::Column::CarerId.eq(carer_id))
        .exec(txn)
        .await?;
    carer_languages::Entity::delete_many()
        .filter(carer_languages::Column::CarerId.eq(carer_id))
        .exec(txn)
        .await?;
    carer_zones::Entity::delete_many()
        .filter(carer_zones::Column::CarerId.eq(carer_id))
        .exec(txn)
        .await?;
    carer_skills::Entity::insert_many(p.skills.iter().map(|s| carer_skills::ActiveModel {
        carer_id: Set(carer_id),
        code: Set(s.clone()),
    }))
    .exec_without_returning(txn)
    .await?;
    // A language named twice counts once, at the better level.
    let mut best: std::collections::BTreeMap<&str, LanguageLevel> = Default::default();
    for l in &p.languages {
        let level = best.entry(l.code.as_str()).or_insert(l.level);
        if l.level.rank() > level.rank() {
            *level = l.level;
        }
    }
    carer_languages::Entity::insert_many(best.into_iter().map(|(code, level)| {
        carer_languages::ActiveModel {
            carer_id: Set(carer_id),
            code: Set(code.to_owned()),
            level: Set(level),
        }
    }))
    .exec_without_returning(txn)
    .await?;
    carer_zones::Entity::insert_many(zone_ids.iter().map(|z| carer_zones::ActiveModel {
        carer_id: Set(carer_id),
        zone_id: Set(*z),
    }))
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// Applies (the first time: `true`) or changes the viewer's own profile.
pub async fn save_own(
    db: &Db,
    r: &Reference,
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
                return Ok((view_one(db, r, row).await?, created));
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
    viewer: &Viewer,
) -> Result<CarerRegistration, ApiError> {
    let row = carers::Entity::find()
        .filter(carers::Column::UserId.eq(viewer.user.id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("registration"))?;
    view_one(db, r, row).await
}

/// The registrations of the tenants whose registry the viewer runs, the longest waiting
/// first.
pub async fn list(
    db: &Db,
    r: &Reference,
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
        items: views(db, r, rows).await?,
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
    viewer: &Viewer,
    id: Uuid,
) -> Result<CarerRegistration, ApiError> {
    let row = registered(db, viewer, id).await?;
    view_one(db, r, row).await
}

/// An operator's step: the status moves as the registry allows (else 409), once even
/// when several operators act at once.
pub async fn step(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    id: Uuid,
    s: NewStep,
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
    let row = carers::Entity::find_by_id(row.id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("registration"))?;
    let view = view_one(&txn, r, row).await?;
    txn.commit().await?;
    Ok(view)
}

/// A listed carer's limited profile (any other carer: not found).
pub async fn profile(db: &Db, r: &Reference, id: Uuid) -> Result<CarerProfile, ApiError> {
    let c = carers::Entity::find()
        .filter(carers::Column::PublicId.eq(id))
        .filter(carers::Column::Status.eq(RegistryStatus::Listed))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("carer"))?;
    let lists = Lists::load(db, &[c.id]).await?;
    Ok(public_view(r, &lists, c))
}

/// What a family sees of a listed carer.
pub(crate) fn public_view(r: &Reference, lists: &Lists, c: carers::Model) -> CarerProfile {
    CarerProfile {
        id: c.public_id,
        roles: parse_codes::<CarerRole>(&c.roles),
        skills: lists.skills(c.id),
        languages: lists.languages(c.id),
        zones: lists.zones(r, c.id),
        week: hours(week_parse(&c.week)),
        arrangements: parse_codes::<Arrangement>(&c.arrangements),
        hourly_cents: c.hourly_cents,
        monthly_cents: c.monthly_cents,
        experience_years: c.experience_years,
        // Listed means interviewed and trained at a WeMi space.
        badges: vec!["wemi_registry".to_owned()],
        first_name: c.first_name,
    }
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
    Ok(views(db, r, rows).await?.pop())
}

/// Erases the person's registration with their account: the row goes, and its lists,
/// steps and documents with it (the database cascades).
pub async fn forget(txn: &WriteTxn, user_id: i32) -> Result<(), ApiError> {
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
