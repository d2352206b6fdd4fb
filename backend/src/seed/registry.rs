//! The demo registry of carers (issue 12): 48 carers across Milan's Municipi and the
//! district's comuni, most of them listed, some still applying, interviewed or trained,
//! with their steps — so that families find carers and operators have a registry to run
//! (`domicilia seed demo`). The carers have no sign-in (the demo carer account applies in
//! the browser journey). Deterministic (the seed's PRNG).
use super::Rng;
use super::accounts::insert_user;
use crate::domain::matching::{Arrangement, CarerRole, LanguageLevel};
use crate::domain::registry::{RegistryAction, RegistryStatus};
use crate::domain::week::Week;
use crate::domain::zone::ZoneKind;
use crate::entities::{carer_languages, carer_skills, carer_steps, carer_zones, carers};
use crate::reference::Reference;
use crate::services::carers::check::codes;
use crate::services::carers::view::week_text;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait};

/// How many demo carers.
pub const DEMO_CARERS: usize = 48;
const SEED: u64 = 12;

const NAMES: [&str; 24] = [
    "Ana", "Elena", "Mariana", "Olena", "Irina", "Jocelyn", "Maricel", "Nadia", "Fatima", "Lorena",
    "Gabriela", "Daniela", "Svitlana", "Nirmala", "Chandani", "Albana", "Mirela", "Teresa",
    "Carmen", "Luz", "Joy", "Katya", "Samira", "Dolores",
];

/// A second language and how often carers in Milan speak it (Romanian, Ukrainian,
/// Spanish from Peru and Ecuador, Filipino, Sinhala, Albanian, Arabic, Moldovan Russian).
const SECOND: [&str; 9] = ["ro", "uk", "es", "es", "tl", "si", "sq", "ar", "ru"];

pub struct Loaded {
    pub listed: usize,
    pub waiting: usize,
}

pub async fn load(
    db: &impl ConnectionTrait,
    r: &Reference,
    now: DateTime<Utc>,
) -> anyhow::Result<Loaded> {
    let mut rng = Rng::new(SEED);
    let Some((milano, ..)) = r.tenants.iter().find(|(_, code, _)| code == "milano") else {
        return Ok(Loaded {
            listed: 0,
            waiting: 0,
        });
    };
    let municipi: Vec<i32> = r
        .zones
        .iter()
        .filter(|z| z.tenant_code == "milano" && z.kind == ZoneKind::Municipio)
        .map(|z| z.id)
        .collect();
    let (mut listed, mut waiting) = (0, 0);
    for i in 0..DEMO_CARERS {
        let name = NAMES[i % NAMES.len()];
        let created = now - Duration::days(rng.range(20, 700));
        let user = insert_user(db, None, &format!("{name} (registro demo)"), created).await?;
        let role = match rng.range(0, 99) {
            0..=59 => CarerRole::Badante,
            60..=84 => CarerRole::Colf,
            _ => CarerRole::BabySitter,
        };
        let mut roles = vec![role];
        if role == CarerRole::Colf && rng.chance(40) {
            roles.push(CarerRole::Badante);
        }
        let live_in = role == CarerRole::Badante && rng.chance(35);
        let arrangements = if live_in {
            vec![Arrangement::LiveIn]
        } else if rng.chance(30) {
            vec![Arrangement::Hourly, Arrangement::LiveOut]
        } else {
            vec![Arrangement::Hourly]
        };
        // Mornings, afternoons or both, on four to six days.
        let mut bits = [0u32; 7];
        let (from, to) = match rng.range(0, 2) {
            0 => (8, 13),
            1 => (14, 19),
            _ => (8, 18),
        };
        let days = rng.range(4, 6) as usize;
        for b in bits.iter_mut().take(days) {
            *b = (from..to).fold(0, |acc, h| acc | (1 << h));
        }
        let week = if live_in {
            Week::default()
        } else {
            Week::from_bits(bits)
        };
        let status = match rng.range(0, 99) {
            0..=74 => RegistryStatus::Listed,
            75..=84 => RegistryStatus::Applied,
            85..=92 => RegistryStatus::Interviewed,
            _ => RegistryStatus::Trained,
        };
        let status_at = created + Duration::days(rng.range(3, 15));
        let hourly =
            (!live_in).then(|| rng.range(9, 14) * 100 + rng.pick(&[0, 50]).copied().unwrap_or(0));
        let monthly = (live_in || arrangements.contains(&Arrangement::LiveOut))
            .then(|| rng.range(9, 15) * 10_000);
        let row = carers::ActiveModel {
            public_id: Set(rng.uuid_v7(u64::try_from(created.timestamp_millis()).unwrap_or(0))),
            user_id: Set(user.id),
            tenant_id: Set(*milano),
            space_id: Set(None),
            first_name: Set(name.to_owned()),
            photo_key: Set(None),
            roles: Set(codes(&roles)),
            arrangements: Set(codes(&arrangements)),
            week: Set(week_text(week)),
            hourly_cents: Set(hourly),
            monthly_cents: Set(monthly),
            experience_years: Set(i32::try_from(rng.range(0, 22)).unwrap_or(0)),
            work_references: Set("Referenze verificate al colloquio (dati dimostrativi).".into()),
            status: Set(status),
            status_at: Set(status_at),
            created_at: Set(created),
            updated_at: Set(status_at),
            ..Default::default()
        }
        .insert(db)
        .await?;
        // Skills of the roles: three to six.
        let mut skills: Vec<String> = r
            .matching
            .skills
            .iter()
            .filter(|s| s.roles.iter().any(|x| roles.contains(x)))
            .map(|s| s.code.clone())
            .collect();
        let keep = rng.range(3, 6) as usize;
        while skills.len() > keep {
            let drop = rng.range(0, skills.len() as i64 - 1) as usize;
            skills.remove(drop);
        }
        carer_skills::Entity::insert_many(skills.into_iter().map(|code| {
            carer_skills::ActiveModel {
                carer_id: Set(row.id),
                code: Set(code),
            }
        }))
        .exec_without_returning(db)
        .await?;
        let second = rng.pick(&SECOND).copied().unwrap_or("ro");
        let italian = *rng
            .pick(&[LanguageLevel::B1, LanguageLevel::B2, LanguageLevel::C1])
            .unwrap_or(&LanguageLevel::B1);
        carer_languages::Entity::insert_many([
            carer_languages::ActiveModel {
                carer_id: Set(row.id),
                code: Set("it".into()),
                level: Set(italian),
            },
            carer_languages::ActiveModel {
                carer_id: Set(row.id),
                code: Set(second.into()),
                level: Set(LanguageLevel::Native),
            },
        ])
        .exec_without_returning(db)
        .await?;
        // One to three Municipi, next to each other.
        let first = rng.range(0, municipi.len() as i64 - 1) as usize;
        let n = rng.range(1, 3) as usize;
        let zones: Vec<i32> = (0..n)
            .map(|k| municipi[(first + k) % municipi.len()])
            .collect();
        carer_zones::Entity::insert_many(zones.into_iter().map(|zone_id| {
            carer_zones::ActiveModel {
                carer_id: Set(row.id),
                zone_id: Set(zone_id),
            }
        }))
        .exec_without_returning(db)
        .await?;
        // The steps up to the status.
        let path = [
            (
                RegistryAction::Interview,
                RegistryStatus::Applied,
                RegistryStatus::Interviewed,
            ),
            (
                RegistryAction::Train,
                RegistryStatus::Interviewed,
                RegistryStatus::Trained,
            ),
            (
                RegistryAction::List,
                RegistryStatus::Trained,
                RegistryStatus::Listed,
            ),
        ];
        let upto = match status {
            RegistryStatus::Applied => 0,
            RegistryStatus::Interviewed => 1,
            RegistryStatus::Trained => 2,
            _ => 3,
        };
        let steps: Vec<carer_steps::ActiveModel> = path
            .iter()
            .take(upto)
            .enumerate()
            .map(|(k, (action, from, to))| carer_steps::ActiveModel {
                carer_id: Set(row.id),
                action: Set(*action),
                from_status: Set(*from),
                to_status: Set(*to),
                operator_id: Set(None),
                note: Set(None),
                at: Set(created + Duration::days(i64::try_from(k).unwrap_or(0) + 1)),
                ..Default::default()
            })
            .collect();
        if !steps.is_empty() {
            carer_steps::Entity::insert_many(steps)
                .exec_without_returning(db)
                .await?;
        }
        if status == RegistryStatus::Listed {
            listed += 1;
        } else {
            waiting += 1;
        }
    }
    Ok(Loaded { listed, waiting })
}
