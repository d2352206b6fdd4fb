//! A carer's profile as sent, checked: codes of the vocabulary, zones of one tenant, the
//! week's hours, a WeMi space of that tenant.
use super::*;

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

pub(crate) fn codes<T: sea_orm::ActiveEnum<Value = String>>(items: &[T]) -> String {
    items
        .iter()
        .map(|i| i.to_value())
        .collect::<Vec<_>>()
        .join(",")
}

pub(crate) fn parse_codes<T: sea_orm::ActiveEnum<Value = String>>(s: &str) -> Vec<T> {
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

pub(super) struct Checked {
    pub(super) first_name: String,
    pub(super) tenant_id: i32,
    pub(super) zone_ids: Vec<i32>,
    pub(super) space_id: Option<i32>,
    pub(super) week: Week,
    pub(super) references: String,
}

pub(super) async fn check(
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
