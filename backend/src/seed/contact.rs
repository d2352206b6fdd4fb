//! The synthetic contact history for benchmarks (issue 11): `threads` threads of requests
//! between families and the synthetic catalogue's providers, and `messages` messages in
//! them, in set-based SQL on PostgreSQL (`INSERT … SELECT generate_series`, one
//! transaction): a million messages take seconds, not the hours of one API call each.
//! Run after `seed synthetic` (it needs published cards of at least 11 organisations)
//! on a database without requests.
//!
//! What it makes, deterministically for given sizes:
//! - requests of 1 to 7 threads (4 on average), each thread with a distinct
//!   organisation and one of its published cards, sent between a year and 25 hours ago
//!   (so none counts in the families' 20 requests a day);
//! - families `famiglia{n}@bench.domicilia.it` (n from 0) with about 5 requests each, and
//!   `famiglia.grande@bench.domicilia.it` with `heavy` threads; the first organisation
//!   (lowest id) receives about `heavy` threads and its staff member
//!   `ente.grande@bench.domicilia.it` reads them. Every account signs in with
//!   [`BENCH_PASSWORD`] (hashed once);
//! - threads as the workflow leaves them: the last week's waiting for an answer or
//!   open, older ones open (40 %), declined (20 %, with a reason), expired (18 %) or
//!   closed by the family (22 %); the requests open while a thread lives, else closed;
//! - messages spread over the threads (at least two each), alternating provider and
//!   family (only the family's while no answer came), the declined, expired and closed
//!   threads ending with the platform's notice; each thread's first answer, last
//!   message, side and read marks agree with its messages;
//! - the interaction events of those steps (request sent, thread opened, first answer,
//!   declined, expired, closed; not one per message).
use crate::auth::password::Hasher;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement, TransactionTrait};

/// The bench accounts' password (the demo's, public: bench databases only).
pub const BENCH_PASSWORD: &str = super::accounts::DEMO_PASSWORD;
/// The family with `heavy` threads.
pub const HEAVY_FAMILY: &str = "famiglia.grande@bench.domicilia.it";
/// The staff member of the organisation with `heavy` threads.
pub const HEAVY_STAFF: &str = "ente.grande@bench.domicilia.it";

/// The e-mail address of bench family `n`.
pub fn family_email(n: usize) -> String {
    format!("famiglia{n}@bench.domicilia.it")
}

/// Requests' sizes, repeated: 40 threads in 10 requests.
const SIZES: [usize; 10] = [1, 2, 3, 4, 5, 6, 7, 4, 3, 5];
const BLOCK: usize = 40;
/// Requests per family, roughly.
const REQUESTS_PER_FAMILY: usize = 5;

#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub threads: usize,
    pub messages: usize,
    /// Threads of the heavy family, and of the heavy organisation.
    pub heavy: usize,
}

#[derive(Debug, Clone, Copy)]
pub struct Seeded {
    pub requests: u64,
    pub threads: u64,
    pub messages: u64,
    pub families: u64,
    pub events: u64,
    pub heavy_family_threads: u64,
    pub heavy_organisation_threads: u64,
}

/// The one value of a one-row, one-column query, as a bigint.
pub(super) async fn scalar(db: &impl ConnectionTrait, sql: &str) -> anyhow::Result<i64> {
    let row = db
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Postgres,
            format!("SELECT ({sql})::bigint"),
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no row: {sql}"))?;
    Ok(row.try_get_by_index::<i64>(0)?)
}

pub(super) async fn exec(db: &impl ConnectionTrait, sql: &str) -> anyhow::Result<u64> {
    Ok(db.execute_unprepared(sql).await?.rows_affected())
}

pub async fn generate(
    db: &DatabaseConnection,
    sizes: Sizes,
    now: DateTime<Utc>,
) -> anyhow::Result<Seeded> {
    anyhow::ensure!(
        db.get_database_backend() == DatabaseBackend::Postgres,
        "seed contact writes set-based SQL for PostgreSQL only"
    );
    anyhow::ensure!(
        scalar(db, "SELECT count(*) FROM contact_requests").await? == 0,
        "the database already has requests: seed contact only into one without"
    );
    let blocks = (sizes.threads / BLOCK).max(1);
    let t = blocks * BLOCK;
    anyhow::ensure!(
        sizes.messages >= 2 * t,
        "at least two messages a thread: --messages ≥ {}",
        2 * t
    );
    let r = blocks * SIZES.len();
    let heavy = sizes.heavy.max(BLOCK);
    // The heavy family's requests: whole blocks, one in `family_stride`.
    let family_stride = (blocks * BLOCK / heavy).max(1);
    // The heavy organisation: the first thread of one request in `org_stride`.
    let org_stride = (r / heavy).max(1);
    let families = (r / REQUESTS_PER_FAMILY).max(1);
    let (m, now) = (sizes.messages, now.to_rfc3339());
    let hash = Hasher::new(1)
        .hash(BENCH_PASSWORD)
        .await
        .map_err(|e| anyhow::anyhow!(e))?;

    let txn = db.begin().await?;
    // Organisations with published cards (k = 0: the heavy one), and their cards.
    exec(
        &txn,
        "CREATE TEMP TABLE bench_orgs ON COMMIT DROP AS
         SELECT (row_number() OVER (ORDER BY c.organisation_id) - 1)::int AS k,
                c.organisation_id AS org, count(*)::int AS n, min(o.tenant_id) AS tenant
         FROM service_cards c JOIN organisations o ON o.id = c.organisation_id
         WHERE c.status = 'published' GROUP BY c.organisation_id",
    )
    .await?;
    let orgs = scalar(&txn, "SELECT count(*) FROM bench_orgs").await?;
    anyhow::ensure!(
        orgs > 10,
        "{orgs} organisations with published cards: run `domicilia seed synthetic` first"
    );
    let others = orgs - 1;
    exec(
        &txn,
        "CREATE TEMP TABLE bench_cards ON COMMIT DROP AS
         SELECT o.k, (row_number() OVER (PARTITION BY c.organisation_id ORDER BY c.id) - 1)::int AS j,
                c.id AS card, c.category_code AS category
         FROM service_cards c JOIN bench_orgs o ON o.org = c.organisation_id
         WHERE c.status = 'published';
         CREATE UNIQUE INDEX ON bench_cards (k, j)",
    )
    .await?;
    exec(
        &txn,
        "CREATE TEMP TABLE bench_zones ON COMMIT DROP AS
         SELECT (row_number() OVER (ORDER BY id) - 1)::int AS k, id FROM zones",
    )
    .await?;
    let zones = scalar(&txn, "SELECT count(*) FROM bench_zones")
        .await?
        .max(1);

    // The accounts: families 0..families, the heavy family, the heavy organisation's
    // staff member; ids given here (the sequences follow at the end).
    let user0 = scalar(&txn, "SELECT coalesce(max(id), 0) + 1 FROM users").await?;
    let heavy_family = user0 + families as i64;
    let heavy_staff = heavy_family + 1;
    txn.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        format!(
            "INSERT INTO users (id, public_id, email, email_verified_at, password_hash, display_name,
                                language, created_at, updated_at)
             SELECT {user0} + n, gen_random_uuid(),
                    CASE WHEN n < {families} THEN 'famiglia' || n || '@bench.domicilia.it'
                         WHEN n = {families} THEN '{HEAVY_FAMILY}' ELSE '{HEAVY_STAFF}' END,
                    '{now}'::timestamptz - interval '400 days', $1,
                    CASE WHEN n <= {families} THEN 'Famiglia ' || n ELSE 'Operatore Ente' END,
                    'it', '{now}'::timestamptz - interval '400 days', '{now}'::timestamptz - interval '400 days'
             FROM generate_series(0, {families} + 1) n"
        ),
        [hash.into()],
    ))
    .await?;
    exec(
        &txn,
        &format!(
            "INSERT INTO memberships (public_id, user_id, role, organisation_id, scope_key, created_at)
             SELECT gen_random_uuid(), u, 'citizen', NULL, '', '{now}'::timestamptz - interval '400 days'
             FROM generate_series({user0}, {heavy_family}) u;
             INSERT INTO memberships (public_id, user_id, role, organisation_id, scope_key, created_at)
             SELECT gen_random_uuid(), {heavy_staff}, 'provider_staff', org, 'o:' || org,
                    '{now}'::timestamptz - interval '400 days'
             FROM bench_orgs WHERE k = 0"
        ),
    )
    .await?;

    // The requests: r in 0..r, oldest first, from a year to 25 hours ago.
    let request0 = scalar(
        &txn,
        "SELECT coalesce(max(id), 0) + 1 FROM contact_requests",
    )
    .await?;
    exec(
        &txn,
        &format!(
            "INSERT INTO contact_requests (id, public_id, citizen_id, message, age_band, zone_id,
                 start_on, frequency, hours_per_week, budget_cents, budget_per, language, consent_at,
                 status, created_at, updated_at)
             SELECT {request0} + r, gen_random_uuid(),
                    CASE WHEN (r / 10) % {family_stride} = 0 THEN {heavy_family}
                         ELSE {user0} + (r * 31 + 7) % {families} END,
                    (ARRAY['Buongiorno, cerchiamo assistenza per nostra madre, qualche ora al giorno.',
                           'Salve, ci servirebbe una persona per accompagnare il papà alle visite.',
                           'Cerchiamo una baby sitter per i pomeriggi dopo la scuola.',
                           'Vorremmo un preventivo per le pulizie settimanali della casa.',
                           'Ci serve aiuto per i pasti e la spesa, da subito se possibile.'])[1 + r % 5],
                    (ARRAY['infant','child','teen','adult','senior','elderly'])[1 + r % 6],
                    CASE WHEN r % 7 = 0 THEN NULL ELSE (SELECT id FROM bench_zones WHERE k = r % {zones}) END,
                    NULL,
                    (ARRAY['one_off','occasional','weekly','several_times_a_week','daily','live_in'])[1 + r % 6],
                    CASE WHEN r % 3 = 0 THEN NULL ELSE 2 + r % 40 END,
                    CASE WHEN r % 4 = 0 THEN 1500 + (r % 20) * 100 END,
                    CASE WHEN r % 4 = 0 THEN 'hour' END,
                    'it', at, 'open', at, at
             FROM (SELECT r, '{now}'::timestamptz - interval '25 hours'
                             - ({r} - 1 - r) * (interval '340 days' / {r}) AS at
                   FROM generate_series(0, {r} - 1) r) x"
        ),
    )
    .await?;

    // The threads' plan: request, organisation, card, status and timing of each, from
    // which the threads and their messages are written.
    let pattern = SIZES
        .iter()
        .enumerate()
        .flat_map(|(roff, &n)| (0..n).map(move |j| (roff, j)))
        .enumerate()
        .map(|(pos, (roff, j))| format!("({pos}, {roff}, {j})"))
        .collect::<Vec<_>>()
        .join(", ");
    let thread0 = scalar(&txn, "SELECT coalesce(max(id), 0) + 1 FROM contact_threads").await?;
    exec(
        &txn,
        &format!(
            "CREATE TEMP TABLE bench_threads ON COMMIT DROP AS
             WITH p(pos, roff, j) AS (VALUES {pattern}),
             placed AS (
               SELECT i, (i / {BLOCK}) * 10 + p.roff AS r, p.j,
                      CASE WHEN p.j = 0 AND ((((i / {BLOCK}) * 10 + p.roff)::bigint * 2654435761) % 4294967296) % {org_stride} = 0
                           THEN 0
                           ELSE 1 + ((((i / {BLOCK}) * 10 + p.roff)::bigint * 7919 + p.j) % {others})::int END AS k,
                      (i::bigint * 2246822519 % 4294967296) % 100 AS h,
                      {m} / {t} + CASE WHEN i < {m} % {t} THEN 1 ELSE 0 END AS c
               FROM generate_series(0, {t} - 1) i JOIN p ON p.pos = i % {BLOCK}),
             timed AS (
               SELECT x.*, q.id AS request_id, q.created_at, q.zone_id,
                      q.created_at > '{now}'::timestamptz - interval '7 days' AS recent,
                      least(interval '2 hours', ('{now}'::timestamptz - q.created_at) / (x.c + 2)) AS step
               FROM placed x JOIN contact_requests q ON q.id = {request0} + x.r),
             st AS (
               SELECT y.*, CASE
                   WHEN recent THEN CASE WHEN h < 50 THEN 'awaiting_answer' ELSE 'open' END
                   WHEN h < 40 THEN 'open' WHEN h < 60 THEN 'declined'
                   WHEN h < 78 THEN 'expired' ELSE 'closed' END AS status
               FROM timed y)
             SELECT {thread0} + i AS id, st.*, o.org, o.tenant, cd.card, cd.category,
                    created_at + interval '7 days' AS deadline_at,
                    CASE WHEN status = 'expired' THEN created_at + interval '7 days'
                         ELSE created_at + c * step END AS last_at,
                    CASE WHEN status IN ('declined', 'expired', 'closed') THEN 'platform'
                         WHEN status = 'open' AND (c - 1) % 2 = 0 THEN 'provider'
                         ELSE 'family' END AS last_side,
                    CASE WHEN status = 'declined'
                         THEN (ARRAY['no_capacity','outside_area','not_our_service','family_unreachable'])[1 + h % 4]
                    END AS decline_reason
             FROM st JOIN bench_orgs o ON o.k = st.k
                     JOIN bench_cards cd ON cd.k = st.k AND cd.j = (st.r + st.j) % o.n;
             CREATE UNIQUE INDEX ON bench_threads (i)"
        ),
    )
    .await?;
    let threads = exec(
        &txn,
        &format!(
            "INSERT INTO contact_threads (id, public_id, request_id, organisation_id, card_id, status,
                 deadline_at, reminded_at, first_answer_at, last_message_at, last_side, family_read_at,
                 provider_read_at, close_reason, decline_reason, decline_details, ended_at, created_at)
             SELECT id, gen_random_uuid(), request_id, org, card, status, deadline_at,
                    CASE WHEN status = 'awaiting_answer' AND '{now}'::timestamptz >= created_at + interval '84 hours'
                         THEN created_at + interval '84 hours' END,
                    CASE WHEN status IN ('open', 'declined', 'closed') THEN created_at + step END,
                    last_at, last_side,
                    CASE WHEN h % 5 = 0 THEN created_at ELSE last_at END,
                    CASE WHEN h % 7 = 0 THEN NULL ELSE last_at END,
                    CASE WHEN status = 'closed' THEN 'by_family' END,
                    decline_reason, NULL,
                    CASE WHEN status IN ('declined', 'expired', 'closed') THEN last_at END,
                    created_at
             FROM bench_threads ORDER BY id"
        ),
    )
    .await?;
    exec(
        &txn,
        "INSERT INTO contact_thread_cards (thread_id, card_id) SELECT id, card FROM bench_threads;
         UPDATE contact_requests q SET status = 'closed'
         FROM (SELECT request_id FROM bench_threads GROUP BY request_id
               HAVING bool_and(status NOT IN ('awaiting_answer', 'open'))) x
         WHERE q.id = x.request_id",
    )
    .await?;

    // The messages: message n is the (n / t)-th of thread n % t (ids in that order: a
    // thread's last message has its highest id).
    let message0 = scalar(&txn, "SELECT coalesce(max(id), 0) + 1 FROM thread_messages").await?;
    let messages = exec(
        &txn,
        &format!(
            "INSERT INTO thread_messages (id, public_id, thread_id, side, kind, author_id, body, created_at)
             SELECT {message0} + g.n, gen_random_uuid(), b.id, side,
                    CASE WHEN side = 'platform' THEN 'notice'
                         WHEN side = 'provider' AND s = 0 AND b.h % 3 = 0 THEN 'info_request'
                         ELSE 'message' END,
                    CASE WHEN side = 'family' THEN q.citizen_id
                         WHEN side = 'provider' AND b.k = 0 THEN {heavy_staff} END,
                    CASE WHEN side = 'platform' THEN
                              CASE b.status WHEN 'declined' THEN 'thread_declined'
                                            WHEN 'expired' THEN 'thread_expired'
                                            ELSE 'thread_closed_by_family' END
                         WHEN side = 'provider' THEN
                              (ARRAY['Buongiorno, possiamo venire a conoscervi questa settimana.',
                                     'Ci può indicare gli orari preferiti e l''indirizzo di massima?',
                                     'Abbiamo disponibilità da lunedì: le mandiamo un preventivo.',
                                     'Grazie, confermiamo la disponibilità per il periodo indicato.'])[1 + (n / {t}) % 4]
                         ELSE (ARRAY['Grazie, va bene. Preferiamo il mattino.',
                                     'Potete venire anche il sabato?',
                                     'Perfetto, attendiamo il preventivo.',
                                     'Avremmo bisogno di iniziare al più presto.'])[1 + (n / {t}) % 4] END,
                    CASE WHEN side = 'platform' THEN b.last_at ELSE b.created_at + (s + 1) * b.step END
             FROM (SELECT n, n % {t} AS i, (n / {t})::int AS s FROM generate_series(0::bigint, {m} - 1) n) g
             JOIN bench_threads b ON b.i = g.i
             JOIN contact_requests q ON q.id = b.request_id
             CROSS JOIN LATERAL (SELECT CASE
                 WHEN b.status IN ('declined', 'expired', 'closed') AND s = b.c - 1 THEN 'platform'
                 WHEN b.status IN ('awaiting_answer', 'expired') THEN 'family'
                 WHEN s % 2 = 0 THEN 'provider' ELSE 'family' END AS side) sd"
        ),
    )
    .await?;

    // The events of those steps.
    let events = exec(
        &txn,
        "INSERT INTO interaction_events (occurred_at, kind, tenant_id, organisation_id, category,
             zone_id, card_id, elapsed_secs, in_time, reason, side)
         SELECT created_at, 'request_sent', tenant, org, category, zone_id, card, NULL::bigint,
                NULL::boolean, NULL::text, 'family'
         FROM bench_threads WHERE j = 0
         UNION ALL
         SELECT created_at, 'thread_opened', tenant, org, category, zone_id, card, NULL::bigint,
                NULL::boolean, NULL::text, 'family'
         FROM bench_threads
         UNION ALL
         SELECT created_at + step, 'first_answer', tenant, org, category, zone_id, card,
                extract(epoch FROM step)::bigint, true, NULL::text, 'provider'
         FROM bench_threads WHERE status IN ('open', 'declined', 'closed')
         UNION ALL
         SELECT last_at, 'thread_' || status, tenant, org, category, zone_id, card, NULL::bigint,
                NULL::boolean,
                CASE status WHEN 'closed' THEN 'by_family' ELSE decline_reason END,
                CASE status WHEN 'declined' THEN 'provider' WHEN 'closed' THEN 'family' END
         FROM bench_threads WHERE status IN ('declined', 'expired', 'closed')",
    )
    .await?;
    for table in [
        "users",
        "memberships",
        "contact_requests",
        "contact_threads",
        "thread_messages",
        "interaction_events",
    ] {
        exec(
            &txn,
            &format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            ),
        )
        .await?;
    }
    let heavy_family_threads = scalar(
        &txn,
        &format!(
            "SELECT count(*) FROM contact_threads t JOIN contact_requests q ON q.id = t.request_id
             WHERE q.citizen_id = {heavy_family}"
        ),
    )
    .await? as u64;
    let heavy_organisation_threads = scalar(
        &txn,
        "SELECT count(*) FROM contact_threads WHERE organisation_id = (SELECT org FROM bench_orgs WHERE k = 0)",
    )
    .await? as u64;
    txn.commit().await?;
    Ok(Seeded {
        requests: r as u64,
        threads,
        messages,
        families: families as u64,
        events,
        heavy_family_threads,
        heavy_organisation_threads,
    })
}
