//! What the carer, the operators and the families see of a registration, and the
//! profile's lists written.
use super::*;
use sea_orm::QueryTrait;

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

/// The registrations' views, loading their lists in a few queries.
pub(super) async fn views(
    db: &impl ConnectionTrait,
    r: &Reference,
    photos: Option<PhotoLinks<'_>>,
    rows: Vec<carers::Model>,
) -> Result<Vec<CarerRegistration>, ApiError> {
    let ids: Vec<i32> = rows.iter().map(|c| c.id).collect();
    let lists = Lists::plain(db, &ids).await?;
    let mut documents = super::documents::of(db, &ids).await?;
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
    let space_ids =
        crate::services::spaces::public_ids(db, rows.iter().filter_map(|c| c.space_id).collect())
            .await?;
    Ok(rows
        .into_iter()
        .map(|c| CarerRegistration {
            id: c.public_id,
            status: c.status,
            status_at: c.status_at,
            next_step: c.status.next_step(),
            actions: c.status.actions(),
            first_name: c.first_name.clone(),
            photo: photos.and_then(|p| p.url(c.public_id, c.photo_key.as_deref())),
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
            documents: documents.remove(&c.id).unwrap_or_default(),
            created_at: c.created_at,
            updated_at: c.updated_at,
        })
        .collect())
}

/// One registration's view.
pub(super) async fn view_one(
    db: &impl ConnectionTrait,
    r: &Reference,
    photos: Option<PhotoLinks<'_>>,
    row: carers::Model,
) -> Result<CarerRegistration, ApiError> {
    views(db, r, photos, vec![row])
        .await?
        .pop()
        .ok_or(ApiError::NotFound("registration"))
}

/// The skills, languages and zones of some carers (and their badges, for their
/// profiles).
pub(crate) struct Lists {
    skills: HashMap<i32, Vec<String>>,
    languages: HashMap<i32, Vec<SpokenLanguage>>,
    zones: HashMap<i32, Vec<i32>>,
    badges: HashMap<i32, Vec<String>>,
}

/// What [`Lists::narrowed`] reads: only these skills, languages and zones (the ranking
/// of one need compares no others).
pub(crate) struct Only<'a> {
    pub skills: &'a [String],
    pub languages: &'a [String],
    pub zones: &'a [i32],
}

impl Lists {
    /// Everything of `ids`, badges too (for their profiles).
    pub(crate) async fn load(
        db: &impl ConnectionTrait,
        r: &Reference,
        ids: &[i32],
    ) -> Result<Lists, ApiError> {
        let mut lists = Self::read(db, ids, None).await?;
        lists.badges = super::documents::badges(db, r, ids).await?;
        Ok(lists)
    }

    /// The lists of `ids`, only the entries in `only`.
    /// Everything of `ids` but the badges.
    pub(crate) async fn plain(db: &impl ConnectionTrait, ids: &[i32]) -> Result<Lists, ApiError> {
        Self::read(db, ids, None).await
    }

    pub(crate) async fn narrowed(
        db: &impl ConnectionTrait,
        ids: &[i32],
        only: Only<'_>,
    ) -> Result<Lists, ApiError> {
        Self::read(db, ids, Some(only)).await
    }

    async fn read(
        db: &impl ConnectionTrait,
        ids: &[i32],
        only: Option<Only<'_>>,
    ) -> Result<Lists, ApiError> {
        // Three independent reads, run at once (none when `only` asks for nothing).
        let skill_rows = async {
            if only.as_ref().is_some_and(|o| o.skills.is_empty()) {
                return Ok(Vec::new());
            }
            carer_skills::Entity::find()
                .filter(carer_skills::Column::CarerId.is_in(ids.iter().copied()))
                .apply_if(only.as_ref(), |q, o| {
                    q.filter(carer_skills::Column::Code.is_in(o.skills.iter().cloned()))
                })
                .order_by_asc(carer_skills::Column::Code)
                .all(db)
                .await
        };
        let language_rows = async {
            if only.as_ref().is_some_and(|o| o.languages.is_empty()) {
                return Ok(Vec::new());
            }
            carer_languages::Entity::find()
                .filter(carer_languages::Column::CarerId.is_in(ids.iter().copied()))
                .apply_if(only.as_ref(), |q, o| {
                    q.filter(carer_languages::Column::Code.is_in(o.languages.iter().cloned()))
                })
                .order_by_asc(carer_languages::Column::Code)
                .all(db)
                .await
        };
        let zone_rows = carer_zones::Entity::find()
            .filter(carer_zones::Column::CarerId.is_in(ids.iter().copied()))
            .apply_if(only.as_ref(), |q, o| {
                q.filter(carer_zones::Column::ZoneId.is_in(o.zones.iter().copied()))
            })
            .order_by_asc(carer_zones::Column::ZoneId)
            .all(db);
        let (skill_rows, language_rows, zone_rows) =
            tokio::try_join!(skill_rows, language_rows, zone_rows)?;
        let mut skills: HashMap<i32, Vec<String>> = HashMap::new();
        for s in skill_rows {
            skills.entry(s.carer_id).or_default().push(s.code);
        }
        let mut languages: HashMap<i32, Vec<SpokenLanguage>> = HashMap::new();
        for l in language_rows {
            languages
                .entry(l.carer_id)
                .or_default()
                .push(SpokenLanguage {
                    code: l.code,
                    level: l.level,
                });
        }
        let mut zones: HashMap<i32, Vec<i32>> = HashMap::new();
        for z in zone_rows {
            zones.entry(z.carer_id).or_default().push(z.zone_id);
        }
        Ok(Lists {
            skills,
            languages,
            zones,
            badges: HashMap::new(),
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
pub(super) async fn write_lists(
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

/// What a family sees of a listed carer.
pub(crate) fn public_view(
    r: &Reference,
    lists: &Lists,
    photos: PhotoLinks<'_>,
    c: carers::Model,
) -> CarerProfile {
    CarerProfile {
        id: c.public_id,
        photo: photos.url(c.public_id, c.photo_key.as_deref()),
        roles: parse_codes::<CarerRole>(&c.roles),
        skills: lists.skills(c.id),
        languages: lists.languages(c.id),
        zones: lists.zones(r, c.id),
        week: hours(week_parse(&c.week)),
        arrangements: parse_codes::<Arrangement>(&c.arrangements),
        hourly_cents: c.hourly_cents,
        monthly_cents: c.monthly_cents,
        experience_years: c.experience_years,
        // Listed means interviewed and trained at a WeMi space; then the certificates
        // an operator verified.
        badges: std::iter::once("wemi_registry".to_owned())
            .chain(lists.badges.get(&c.id).cloned().unwrap_or_default())
            .collect(),
        first_name: c.first_name,
    }
}
