//! One documented account per role, on the demo database only (`domicilia seed demo`).
//! The password is public (README): never load the demo data into a real deployment.
use crate::auth::password::Hasher;
use crate::domain::{Language, Role};
use crate::entities::{organisations, spaces, tenants, users};
use crate::services::accounts::{ResolvedScope, add_membership};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

pub const DEMO_PASSWORD: &str = "demo-domicilia-2026";

/// (e-mail, display name, role, scope: "tenant:<code>" | "first-provider" | "second-provider"
/// | "first-space" | "")
pub const DEMO_ACCOUNTS: [(&str, &str, Role, &str); 10] = [
    (
        "cittadina@demo.domicilia.it",
        "Giulia Cittadina",
        Role::Citizen,
        "",
    ),
    // A neighbour of the citizen's building with a need open to sharing a carer
    // (`NEIGHBOUR_NEED`): the demo's shared service.
    (
        "vicina@demo.domicilia.it",
        "Carla Vicina",
        Role::Citizen,
        "",
    ),
    (
        "assistente@demo.domicilia.it",
        "Maria Assistente",
        Role::Carer,
        "",
    ),
    (
        "ente.admin@demo.domicilia.it",
        "Paolo Responsabile",
        Role::ProviderAdmin,
        "first-provider",
    ),
    (
        "ente.staff@demo.domicilia.it",
        "Sara Operatrice",
        Role::ProviderStaff,
        "first-provider",
    ),
    (
        "altro.ente@demo.domicilia.it",
        "Marco Altro Ente",
        Role::ProviderStaff,
        "second-provider",
    ),
    (
        "operatore@demo.domicilia.it",
        "Anna Operatrice WeMi",
        Role::SpaceOperator,
        "first-space",
    ),
    (
        "revisore@demo.domicilia.it",
        "Luca Revisore",
        Role::MunicipalReviewer,
        "tenant:milano",
    ),
    (
        "comune.admin@demo.domicilia.it",
        "Elena Comune",
        Role::MunicipalAdmin,
        "tenant:milano",
    ),
    (
        "piattaforma@demo.domicilia.it",
        "Admin Piattaforma",
        Role::PlatformAdmin,
        "",
    ),
];

pub async fn load(db: &impl ConnectionTrait, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let hash = Hasher::new(1)
        .hash(DEMO_PASSWORD)
        .await
        .map_err(|e| anyhow::anyhow!(e))?;
    let providers: Vec<i32> = organisations::Entity::find()
        .filter(organisations::Column::IsConsortium.eq(false))
        .order_by_asc(organisations::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|o| o.id)
        .take(2)
        .collect();
    let (first_provider, second_provider) = (providers.first().copied(), providers.get(1).copied());
    let first_space = spaces::Entity::find()
        .order_by_asc(spaces::Column::Id)
        .one(db)
        .await?;
    for (email, name, role, scope) in DEMO_ACCOUNTS {
        let user = insert_user(db, Some((email, &hash)), name, now).await?;
        let (tenant_id, organisation_id, space_id) = match scope.split_once(':') {
            Some(("tenant", code)) => (
                tenants::Entity::find()
                    .filter(tenants::Column::Code.eq(code))
                    .one(db)
                    .await?
                    .map(|t| t.id),
                None,
                None,
            ),
            _ if scope == "first-provider" => (None, first_provider, None),
            _ if scope == "second-provider" => (None, second_provider, None),
            _ if scope == "first-space" => (
                first_space.as_ref().map(|s| s.tenant_id),
                None,
                first_space.as_ref().map(|s| s.id),
            ),
            _ => (None, None, None),
        };
        let scope = ResolvedScope {
            organisation_id,
            organisation_tenant: None,
            tenant_id,
            space_id,
        };
        add_membership(db, user.id, role, scope, now)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if email == NEIGHBOUR_NEED.0 {
            neighbour_need(db, user.id, now).await?;
        }
    }
    Ok(DEMO_ACCOUNTS.len())
}

/// The neighbour's need: (account, zone, building). A badante on Saturday mornings at up
/// to 11 €/h, open to sharing — one carer could serve her with a family of the same
/// building on weekday mornings.
pub const NEIGHBOUR_NEED: (&str, &str, &str) =
    ("vicina@demo.domicilia.it", "MI-NIL-38", "Via Ripamonti 180");

async fn neighbour_need(
    db: &impl ConnectionTrait,
    user_id: i32,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    use crate::domain::contact::AgeBand;
    use crate::domain::demand::{Autonomy, DemandStatus};
    use crate::domain::matching::{Arrangement, BudgetPeriod, CarerRole};
    use crate::domain::week::{Slot, Week};
    use crate::entities::demands;
    use sea_orm::ActiveEnum;
    let (zone_id, tenant_id): (i32, i32) = crate::entities::zones::Entity::find()
        .filter(crate::entities::zones::Column::Code.eq(NEIGHBOUR_NEED.1))
        .select_only()
        .column(crate::entities::zones::Column::Id)
        .column(crate::entities::zones::Column::TenantId)
        .into_tuple()
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("zone {} missing", NEIGHBOUR_NEED.1))?;
    let saturday = Slot::new(5, 9, 13).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    demands::ActiveModel {
        public_id: Set(uuid::Uuid::now_v7()),
        user_id: Set(user_id),
        tenant_id: Set(tenant_id),
        category_code: Set(None),
        carer_role: Set(Some(CarerRole::Badante.to_value())),
        zone_id: Set(zone_id),
        week: Set(crate::services::carers::view::week_text(Week::of(&[
            saturday,
        ]))),
        arrangement: Set(Arrangement::Hourly),
        start_on: Set(None),
        budget_cents: Set(Some(1100)),
        budget_period: Set(Some(BudgetPeriod::Hour)),
        language: Set(Some("it".into())),
        age_band: Set(AgeBand::Elderly),
        autonomy: Set(Autonomy::Partial),
        conditions_consent_at: Set(None),
        digest_at: Set(Some(now)),
        sharing: Set(true),
        building: Set(Some(NEIGHBOUR_NEED.2.into())),
        building_key: Set(crate::domain::pooling::stored_key(Some(NEIGHBOUR_NEED.2))),
        status: Set(DemandStatus::Open),
        status_at: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A demo person, Italian-speaking, created at `at`: with an e-mail (taken as verified)
/// and a password hash to sign in with, or neither (the demo history's families and staff).
pub(crate) async fn insert_user(
    db: &impl ConnectionTrait,
    sign_in: Option<(&str, &str)>,
    name: &str,
    at: DateTime<Utc>,
) -> anyhow::Result<users::Model> {
    Ok(users::ActiveModel {
        public_id: Set(uuid::Uuid::now_v7()),
        email: Set(sign_in.map(|(e, _)| e.to_owned())),
        email_verified_at: Set(sign_in.map(|_| at)),
        password_hash: Set(sign_in.map(|(_, h)| h.to_owned())),
        display_name: Set(name.to_owned()),
        language: Set(Language::It),
        created_at: Set(at),
        updated_at: Set(at),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?)
}
