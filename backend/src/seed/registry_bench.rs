//! The synthetic registry and needs for benchmarks (issue 12): `carers` listed carers
//! across Milan's Municipi and NIL and `demands` open needs of bench families, in
//! set-based SQL on PostgreSQL (one transaction, seconds). Run after `seed synthetic`
//! (the ranking reads the catalogue too) on a database without carers.
//!
//! Deterministic for given sizes:
//! - carers `assistente{n}@bench.domicilia.it`, listed a year ago, each with one role
//!   (badante, colf, baby sitter in turn), a zone (a NIL, or one Municipio in four),
//!   mornings, afternoons or both on weekdays, 2–4 skills, Italian (native or B2) and one
//!   more language in three, 9–15 €/h, 0–19 years of experience;
//! - needs of families `famiglia.bisogni{n}@bench.domicilia.it` (ten needs each, the
//!   accounts sign in with [`BENCH_PASSWORD`]): a badante in a NIL, up to 12 €/h, Spanish
//!   or Italian, dementia care a must and cooking a wish, described a month ago, their
//!   daily digest just sent (the digest job leaves them alone during the load), all open
//!   to sharing a carer: every other need Monday to Friday 9–13, the others one morning,
//!   afternoon or evening of four hours (Monday to Saturday in turn), one in four naming
//!   a building (`Via Bench {n / 24}`: six neighbours a building).
use super::contact::{BENCH_PASSWORD, exec, scalar};
use crate::auth::password::Hasher;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement, TransactionTrait};

/// The e-mail address of bench family `n` of the needs.
pub fn needs_family_email(n: usize) -> String {
    format!("famiglia.bisogni{n}@bench.domicilia.it")
}

/// Needs per bench family.
pub const NEEDS_PER_FAMILY: usize = 10;

#[derive(Debug, Clone, Copy)]
pub struct Seeded {
    pub carers: u64,
    pub demands: u64,
    pub families: u64,
}

pub async fn generate(
    db: &DatabaseConnection,
    carers: usize,
    demands: usize,
    now: DateTime<Utc>,
) -> anyhow::Result<Seeded> {
    anyhow::ensure!(
        db.get_database_backend() == DatabaseBackend::Postgres,
        "seed registry writes set-based SQL for PostgreSQL only"
    );
    anyhow::ensure!(
        scalar(db, "SELECT count(*) FROM carers").await? == 0,
        "the database already has carers: seed registry only into one without"
    );
    let families = demands.div_ceil(NEEDS_PER_FAMILY).max(1);
    let now = now.to_rfc3339();
    let hash = Hasher::new(1)
        .hash(BENCH_PASSWORD)
        .await
        .map_err(|e| anyhow::anyhow!(e))?;
    let txn = db.begin().await?;
    let user0 = scalar(&txn, "SELECT coalesce(max(id), 0) + 1 FROM users").await?;
    let family0 = user0 + carers as i64;
    txn.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        format!(
            "INSERT INTO users (id, public_id, email, email_verified_at, password_hash, display_name,
                                language, created_at, updated_at)
             SELECT {user0} + n, gen_random_uuid(),
                    CASE WHEN n < {carers} THEN 'assistente' || n || '@bench.domicilia.it'
                         ELSE 'famiglia.bisogni' || (n - {carers}) || '@bench.domicilia.it' END,
                    '{now}'::timestamptz - interval '400 days', $1,
                    CASE WHEN n < {carers} THEN 'Assistente ' || n ELSE 'Famiglia ' || (n - {carers}) END,
                    'it', '{now}'::timestamptz - interval '400 days', '{now}'::timestamptz - interval '400 days'
             FROM generate_series(0, {carers} + {families} - 1) n"
        ),
        [hash.into()],
    ))
    .await?;
    exec(
        &txn,
        &format!(
            "INSERT INTO memberships (public_id, user_id, role, organisation_id, scope_key, created_at)
             SELECT gen_random_uuid(), u, CASE WHEN u < {family0} THEN 'carer' ELSE 'citizen' END,
                    NULL, '', '{now}'::timestamptz - interval '400 days'
             FROM generate_series({user0}, {family0} + {families} - 1) u"
        ),
    )
    .await?;
    // Milan's zones in a fixed order: the NIL, then the Municipi.
    exec(
        &txn,
        "CREATE TEMP TABLE bench_zones ON COMMIT DROP AS
         SELECT row_number() OVER (ORDER BY z.kind DESC, z.id) - 1 AS k, z.id, z.kind
         FROM zones z JOIN tenants t ON t.id = z.tenant_id
         WHERE t.code = 'milano' AND z.kind IN ('nil', 'municipio');
         CREATE TEMP TABLE bench_nil ON COMMIT DROP AS
         SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM bench_zones WHERE kind = 'nil'",
    )
    .await?;
    let zones = scalar(&txn, "SELECT count(*) FROM bench_zones").await?;
    let nils = scalar(&txn, "SELECT count(*) FROM bench_nil").await?;
    anyhow::ensure!(zones > 0 && nils > 0, "Milan's zones are missing");
    let tenant = scalar(&txn, "SELECT id FROM tenants WHERE code = 'milano'").await?;
    let carer0 = scalar(&txn, "SELECT coalesce(max(id), 0) + 1 FROM carers").await?;
    exec(
        &txn,
        &format!(
            "INSERT INTO carers (id, public_id, user_id, tenant_id, space_id, first_name, photo_key,
                 roles, arrangements, week, hourly_cents, monthly_cents, experience_years,
                 work_references, status, status_at, created_at, updated_at)
             SELECT {carer0} + n, gen_random_uuid(), {user0} + n, {tenant}, NULL,
                    (ARRAY['Rosa','Lucia','Marta','Ana','Irina','Fatima','Grace','Olena','Maria','Joy'])[n % 10 + 1],
                    NULL, (ARRAY['badante','colf','baby_sitter'])[n % 3 + 1], 'hourly',
                    CASE n % 3 WHEN 0 THEN '16128,16128,16128,16128,16128,0,0'
                               WHEN 1 THEN '1032192,1032192,1032192,1032192,1032192,0,0'
                               ELSE '1048320,1048320,1048320,1048320,1048320,0,0' END,
                    900 + (n * 37) % 601, NULL, n % 20, '—', 'listed',
                    '{now}'::timestamptz - interval '365 days', '{now}'::timestamptz - interval '400 days',
                    '{now}'::timestamptz - interval '365 days'
             FROM generate_series(0, {carers} - 1) n;
             INSERT INTO carer_zones (carer_id, zone_id)
             SELECT {carer0} + n,
                    CASE WHEN n % 4 = 3 THEN (SELECT id FROM bench_zones WHERE k = {nils} + (n / 4) % ({zones} - {nils}))
                         ELSE (SELECT id FROM bench_nil WHERE k = n % {nils}) END
             FROM generate_series(0, {carers} - 1) n;
             INSERT INTO carer_skills (carer_id, code)
             SELECT DISTINCT {carer0} + n,
                    (ARRAY['dementia-care','mobility-transfers','personal-hygiene','night-care',
                           'medication-reminders','newborn-care','homework-help','school-runs',
                           'cooking','housekeeping','ironing','shopping-errands','companionship',
                           'driving-licence','first-aid','pets'])[(n * 7 + s * 5) % 16 + 1]
             FROM generate_series(0, {carers} - 1) n, generate_series(0, 1 + n % 3) s;
             INSERT INTO carer_languages (carer_id, code, level)
             SELECT {carer0} + n, 'it', CASE WHEN n % 2 = 0 THEN 'native' ELSE 'b2' END
             FROM generate_series(0, {carers} - 1) n
             UNION ALL
             SELECT {carer0} + n, (ARRAY['es','ro','uk','tl','ar'])[(n / 3) % 5 + 1], 'native'
             FROM generate_series(0, {carers} - 1) n WHERE n % 3 = 0"
        ),
    )
    .await?;
    let demand0 = scalar(&txn, "SELECT coalesce(max(id), 0) + 1 FROM demands").await?;
    exec(
        &txn,
        &format!(
            "INSERT INTO demands (id, public_id, user_id, tenant_id, category_code, carer_role,
                 zone_id, week, arrangement, start_on, budget_cents, budget_period, language,
                 age_band, autonomy, conditions_consent_at, digest_at, status, status_at,
                 created_at, updated_at, sharing, building, building_key)
             SELECT {demand0} + n, gen_random_uuid(), {family0} + n / {NEEDS_PER_FAMILY}, {tenant},
                    NULL, 'badante', (SELECT id FROM bench_nil WHERE k = (n * 7) % {nils}),
                    CASE WHEN n % 2 = 0 THEN '7680,7680,7680,7680,7680,0,0'
                    ELSE (SELECT string_agg(CASE WHEN d = (n / 2) % 6
                              THEN (15 << (ARRAY[8, 14, 18])[(n / 12) % 3 + 1])::text ELSE '0' END,
                              ',' ORDER BY d) FROM generate_series(0, 6) d) END,
                    'hourly', NULL, 1200, 'hour',
                    CASE WHEN n % 2 = 0 THEN 'es' ELSE 'it' END, 'elderly', 'partial', NULL,
                    '{now}'::timestamptz,
                    'open', '{now}'::timestamptz - interval '30 days',
                    '{now}'::timestamptz - interval '30 days', '{now}'::timestamptz - interval '30 days',
                    true, CASE WHEN n % 4 = 0 THEN 'Via Bench ' || (n / 24) ELSE NULL END,
                    CASE WHEN n % 4 = 0 THEN 'via bench ' || (n / 24) ELSE NULL END
             FROM generate_series(0, {demands} - 1) n;
             INSERT INTO demand_requirements (demand_id, position, kind, code, must)
             SELECT {demand0} + n, 0, 'skill', 'dementia-care', true FROM generate_series(0, {demands} - 1) n
             UNION ALL
             SELECT {demand0} + n, 1, 'skill', 'cooking', false FROM generate_series(0, {demands} - 1) n"
        ),
    )
    .await?;
    for table in ["users", "memberships", "carers", "demands"] {
        exec(
            &txn,
            &format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            ),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(Seeded {
        carers: carers as u64,
        demands: demands as u64,
        families: families as u64,
    })
}
