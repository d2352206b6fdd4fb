//! One documented account per role, on the demo database only (`domicilia seed demo`).
//! The password is public (README): never load the demo data into a real deployment.
use crate::auth::password::Hasher;
use crate::domain::{Language, Role};
use crate::entities::{organisations, spaces, tenants, users};
use crate::services::accounts::{ResolvedScope, add_membership};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

pub const DEMO_PASSWORD: &str = "demo-domicilia-2026";

/// (e-mail, display name, role, scope: "tenant:<code>" | "first-provider" | "second-provider"
/// | "first-space" | "")
pub const DEMO_ACCOUNTS: [(&str, &str, Role, &str); 9] = [
    (
        "cittadina@demo.domicilia.it",
        "Giulia Cittadina",
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
    }
    Ok(DEMO_ACCOUNTS.len())
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
