//! `make bench`, contact part (issue 11): on a database seeded with `domicilia seed
//! synthetic` and `domicilia seed contact` (a million messages in 200,000 threads), an
//! open-loop load of the contact calls, each at `--rate` requests a second:
//!
//! - `POST /api/v1/requests`: one request to 10 cards of 10 organisations, a fresh
//!   `Idempotency-Key` each, from the bench families in turn (at most 20 a day each);
//! - `POST /api/v1/threads/{id}/messages`: a message in a live thread, in turn by a bench
//!   family in one of its threads and by the busiest organisation's staff in one of its;
//! - `GET /api/v1/requests?per_page=20`: the inbox of the family with 5,000 threads, the
//!   first page as the web app loads it (20 requests, ≈ 80 threads);
//! - `GET /api/v1/threads?per_page=50`: the inbox of the organisation with 5,000
//!   threads, likewise (50 threads);
//! - `GET /healthz`: the trivial endpoint, the baseline.
//!
//! First each call alone at `--rate` (the trivial endpoint alone is the baseline), then
//! all five at once, `--rate` in all (a fifth each; the trivial endpoint measured in that
//! mix). p50/p95/p99, each p99's ratio to the
//! trivial endpoint's, the answers by status and the server's memory are printed; any
//! non-2xx answer is an error and makes the exit status 1 (the targets are reported,
//! not asserted).
//!
//! The accounts sign in through the API before the load (each sign-in from its own
//! address: the server must believe `X-Forwarded-For` from 127.0.0.1,
//! `DOMICILIA_TRUSTED_PROXIES`).
use clap::Parser;
use domicilia::domain::contact::ThreadStatus;
use domicilia::entities::{contact_requests, contact_threads, service_cards, users};
use domicilia::seed::contact::{BENCH_PASSWORD, HEAVY_FAMILY, HEAVY_STAFF, family_email};
use e2e::openloop::{self, Outcome};
use e2e::{PhaseRss, RssPeak, Stats, sign_in};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use uuid::Uuid;

#[derive(Parser)]
struct Args {
    /// Base URL of the running server.
    #[arg(long)]
    base_url: String,
    /// The server's database (to find cards, families and threads).
    #[arg(long)]
    database_url: String,
    /// Requests a second of each call.
    #[arg(long, default_value_t = 50)]
    rate: u32,
    /// Seconds of each phase.
    #[arg(long, default_value_t = 20)]
    seconds: u32,
    /// The server's process id, for its memory (VmRSS).
    #[arg(long)]
    pid: Option<u32>,
}

/// Issue 11's targets (at 50 requests/s, open loop).
const WRITE_P99_MS: f64 = 30.0;
const INBOX_P99_MS: f64 = 30.0;
/// Requests a family may send in 24 hours (the server's limit), and what the bench
/// sends from each at most.
const PER_FAMILY: usize = 18;
const CARDS_PER_REQUEST: usize = 10;
/// Seconds of warm-up before the measured phases (all calls at once, not counted).
const WARMUP_S: u32 = 2;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Call {
    Request,
    Message,
    FamilyInbox,
    ProviderInbox,
    Trivial,
}

const CALLS: [Call; 5] = [
    Call::Request,
    Call::Message,
    Call::FamilyInbox,
    Call::ProviderInbox,
    Call::Trivial,
];

impl Call {
    fn name(self) -> &'static str {
        match self {
            Call::Request => "POST /requests (10 cards)",
            Call::Message => "POST /threads/{id}/messages",
            Call::FamilyInbox => "GET /requests?per_page=20",
            Call::ProviderInbox => "GET /threads?per_page=50",
            Call::Trivial => "GET /healthz",
        }
    }

    fn target_ms(self) -> Option<f64> {
        match self {
            Call::Request | Call::Message => Some(WRITE_P99_MS),
            Call::FamilyInbox | Call::ProviderInbox => Some(INBOX_P99_MS),
            Call::Trivial => None,
        }
    }
}

/// Everything the calls need, shared by the phases.
struct Load {
    client: reqwest::Client,
    base: String,
    /// Bench families' tokens; requests go round them.
    families: Vec<String>,
    heavy_family: String,
    heavy_staff: String,
    /// Card sets of 10 organisations, one per request, in turn.
    card_sets: Vec<Vec<Uuid>>,
    /// (token index in `families` or None for the staff, thread id), in turn.
    message_threads: Vec<(Option<usize>, Uuid)>,
    next_request: AtomicUsize,
    next_message: AtomicUsize,
}

impl Load {
    fn request(&self, call: Call) -> reqwest::RequestBuilder {
        let b = &self.base;
        match call {
            Call::Request => {
                let k = self.next_request.fetch_add(1, Ordering::Relaxed);
                let token = &self.families[k % self.families.len()];
                let cards = &self.card_sets[k % self.card_sets.len()];
                self.client
                    .post(format!("{b}/api/v1/requests"))
                    .bearer_auth(token)
                    .header("Idempotency-Key", Uuid::now_v7().to_string())
                    .json(&json!({
                        "cards": cards,
                        "message": "Buongiorno, cerchiamo assistenza per nostra madre tre mattine a settimana.",
                        "need": {
                            "age_band": "elderly",
                            "frequency": "several_times_a_week",
                            "hours_per_week": 9,
                            "budget_cents": 1800,
                            "budget_per": "hour",
                            "language": "it"
                        },
                        "consent": true
                    }))
            }
            Call::Message => {
                let k = self.next_message.fetch_add(1, Ordering::Relaxed);
                let (who, thread) = self.message_threads[k % self.message_threads.len()];
                let token = who.map_or(&self.heavy_staff, |i| &self.families[i]);
                self.client
                    .post(format!("{b}/api/v1/threads/{thread}/messages"))
                    .bearer_auth(token)
                    .header("Idempotency-Key", Uuid::now_v7().to_string())
                    .json(&json!({ "body": "Va bene, ci sentiamo domani mattina per gli orari." }))
            }
            Call::FamilyInbox => self
                .client
                .get(format!("{b}/api/v1/requests?per_page=20"))
                .bearer_auth(&self.heavy_family),
            Call::ProviderInbox => self
                .client
                .get(format!("{b}/api/v1/threads?per_page=50"))
                .bearer_auth(&self.heavy_staff),
            Call::Trivial => self.client.get(format!("{b}/healthz")),
        }
    }

    /// The calls at `rate` each, all at once, for `seconds`.
    async fn phase(
        self: &Arc<Self>,
        calls: &[Call],
        rate: u32,
        seconds: u32,
    ) -> anyhow::Result<BTreeMap<Call, Outcome>> {
        let n = (rate * seconds) as usize;
        let mut tasks = Vec::new();
        for &call in calls {
            let load = Arc::clone(self);
            tasks.push((
                call,
                tokio::spawn(async move {
                    openloop::run(n, f64::from(rate), |_| load.request(call)).await
                }),
            ));
        }
        let mut out = BTreeMap::new();
        for (call, t) in tasks {
            out.insert(call, t.await??);
        }
        Ok(out)
    }
}

async fn user_id(conn: &sea_orm::DatabaseConnection, email: &str) -> anyhow::Result<i32> {
    users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .filter(users::Column::Email.eq(email))
        .into_tuple()
        .one(conn)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no account {email}: run `domicilia seed contact` first"))
}

/// Live threads (waiting or open) of these requests' families or of this organisation.
async fn live_threads(
    conn: &sea_orm::DatabaseConnection,
    family: Option<i32>,
    organisation: Option<i32>,
    limit: u64,
) -> anyhow::Result<Vec<Uuid>> {
    let mut q = contact_threads::Entity::find()
        .select_only()
        .column(contact_threads::Column::PublicId)
        .filter(
            contact_threads::Column::Status
                .is_in([ThreadStatus::AwaitingAnswer, ThreadStatus::Open]),
        );
    if let Some(f) = family {
        q = q.filter(
            contact_threads::Column::RequestId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(contact_requests::Column::Id)
                    .from(contact_requests::Entity)
                    .and_where(Expr::col(contact_requests::Column::CitizenId).eq(f))
                    .take(),
            ),
        );
    }
    if let Some(o) = organisation {
        q = q.filter(contact_threads::Column::OrganisationId.eq(o));
    }
    Ok(q.order_by_asc(contact_threads::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(conn)
        .await?)
}

fn line(name: &str, o: &Outcome, trivial: Option<&Stats>) {
    let s = o.stats();
    let ratio = trivial.map_or(String::new(), |t| {
        format!("  ×{:.1} healthz", s.p99_ms / t.p99_ms)
    });
    println!(
        "{name:<30} n={:<5} p50={:>7.2} ms  p95={:>7.2} ms  p99={:>7.2} ms  max={:>7.2} ms{ratio}",
        s.n, s.p50_ms, s.p95_ms, s.p99_ms, s.max_ms
    );
    if o.errors() > 0 {
        println!("{:<30} ERRORS {}: {}", "", o.errors(), o.statuses_line());
    }
}

fn verdict(call: Call, o: &Outcome) -> Option<String> {
    let target = call.target_ms()?;
    let s = o.stats();
    let met = s.p99_ms <= target && o.errors() == 0;
    Some(format!(
        "target {} p99 ≤ {target} ms: {} ({:.2} ms)",
        call.name(),
        if met { "met" } else { "NOT met" },
        s.p99_ms
    ))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let conn = domicilia::db::connect(&args.database_url, 4).await?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()?;
    let base = args.base_url.trim_end_matches('/').to_owned();
    let per_phase = (args.rate * args.seconds) as usize;
    // The warm-up and the mix: `--rate` in all, a fifth each (each call at `--rate` at
    // once saturates 2 cores: see docs/benchmarks.md).
    let each = Ord::max(args.rate / CALLS.len() as u32, 1);
    // Requests: warm-up, alone, in the mix.
    let requests = ((WARMUP_S + args.seconds) * each) as usize + per_phase;
    let family_count = requests.div_ceil(PER_FAMILY);

    // Ten visible cards of ten organisations per request, organisations in turn.
    let cards: Vec<(i32, Uuid)> = service_cards::Entity::find()
        .select_only()
        .column(service_cards::Column::OrganisationId)
        .column(service_cards::Column::PublicId)
        .filter(domicilia::services::cards::visible())
        .order_by_asc(service_cards::Column::OrganisationId)
        .order_by_asc(service_cards::Column::Id)
        .into_tuple()
        .all(&conn)
        .await?;
    let mut by_org: Vec<Vec<Uuid>> = Vec::new();
    let mut last = None;
    for (org, card) in cards {
        if last != Some(org) {
            by_org.push(Vec::new());
            last = Some(org);
        }
        if let Some(v) = by_org.last_mut() {
            v.push(card);
        }
    }
    anyhow::ensure!(
        by_org.len() >= CARDS_PER_REQUEST,
        "{} organisations with visible cards: run `domicilia seed synthetic` first",
        by_org.len()
    );
    let card_sets: Vec<Vec<Uuid>> = (0..requests)
        .map(|k| {
            (0..CARDS_PER_REQUEST)
                .map(|j| {
                    let cards = &by_org[(k * 7 + j) % by_org.len()];
                    cards[(k / by_org.len() + j) % cards.len()]
                })
                .collect()
        })
        .collect();
    let distinct = card_sets.iter().all(|set| {
        let mut s = set.clone();
        s.sort();
        s.dedup();
        s.len() == CARDS_PER_REQUEST
    });
    anyhow::ensure!(distinct, "the card sets repeat a card");

    let mut phases = PhaseRss::new(args.pid);
    phases.begin("the sign-ins").await;
    let started = Instant::now();
    let heavy_family = sign_in(&client, &base, (HEAVY_FAMILY, BENCH_PASSWORD), 11, 0).await?;
    let heavy_staff = sign_in(&client, &base, (HEAVY_STAFF, BENCH_PASSWORD), 11, 1).await?;
    let mut families = Vec::with_capacity(family_count);
    for n in 0..family_count {
        families.push(
            sign_in(
                &client,
                &base,
                (&family_email(n), BENCH_PASSWORD),
                11,
                n + 2,
            )
            .await?,
        );
    }
    println!(
        "signed in {} accounts in {:.1} s",
        family_count + 2,
        started.elapsed().as_secs_f64()
    );

    // Threads to write in: the bench families' own live threads, and the busiest
    // organisation's, taken in turn.
    let staff_org: i32 = {
        use domicilia::entities::memberships;
        let staff = user_id(&conn, HEAVY_STAFF).await?;
        memberships::Entity::find()
            .select_only()
            .column(memberships::Column::OrganisationId)
            .filter(memberships::Column::UserId.eq(staff))
            .into_tuple::<Option<i32>>()
            .one(&conn)
            .await?
            .flatten()
            .ok_or_else(|| anyhow::anyhow!("{HEAVY_STAFF} has no organisation"))?
    };
    let mut family_threads = Vec::new();
    for n in 0..family_count {
        let id = user_id(&conn, &family_email(n)).await?;
        for t in live_threads(&conn, Some(id), None, 20).await? {
            family_threads.push((Some(n), t));
        }
    }
    let staff_threads = live_threads(&conn, None, Some(staff_org), 2_000).await?;
    anyhow::ensure!(
        !family_threads.is_empty() && !staff_threads.is_empty(),
        "no live threads to write in: run `domicilia seed contact` first"
    );
    let mut message_threads = Vec::new();
    for k in 0..family_threads.len().max(staff_threads.len()) {
        message_threads.push(family_threads[k % family_threads.len()]);
        message_threads.push((None, staff_threads[k % staff_threads.len()]));
    }
    println!(
        "{} requests from {family_count} families, messages in {} family threads and {} of the busiest organisation",
        requests,
        family_threads.len(),
        staff_threads.len()
    );

    let load = Arc::new(Load {
        client,
        base,
        families,
        heavy_family,
        heavy_staff,
        card_sets,
        message_threads,
        next_request: AtomicUsize::new(0),
        next_message: AtomicUsize::new(0),
    });

    let peak = args.pid.map(RssPeak::start);
    phases.begin("the warm-up").await;
    let warm = load.phase(&CALLS, each, WARMUP_S).await?;
    let mut errors = warm.values().map(Outcome::errors).sum::<usize>();
    let mut server_errors = warm.values().map(Outcome::server_errors).sum::<usize>();
    if errors > 0 {
        for (call, o) in &warm {
            if o.errors() > 0 {
                println!("warm-up {}: {}", call.name(), o.statuses_line());
            }
        }
    }

    println!(
        "== each call alone, open loop, {} requests/s for {} s ==",
        args.rate, args.seconds
    );
    let mut alone = BTreeMap::new();
    for call in [
        Call::Trivial,
        Call::Request,
        Call::Message,
        Call::FamilyInbox,
        Call::ProviderInbox,
    ] {
        phases.begin(call.name()).await;
        let o = load.phase(&[call], args.rate, args.seconds).await?;
        alone.extend(o);
    }
    let trivial = alone.get(&Call::Trivial).map(Outcome::stats);
    for call in CALLS {
        if let Some(o) = alone.get(&call) {
            line(
                call.name(),
                o,
                trivial.as_ref().filter(|_| call != Call::Trivial),
            );
        }
    }

    println!(
        "== all five at once, open loop, {each} requests/s each ({} in all) for {} s ==",
        each * CALLS.len() as u32,
        args.seconds
    );
    phases.begin("all five at once").await;
    let mixed = load.phase(&CALLS, each, args.seconds).await?;
    let trivial_mixed = mixed.get(&Call::Trivial).map(Outcome::stats);
    for call in CALLS {
        if let Some(o) = mixed.get(&call) {
            line(
                call.name(),
                o,
                trivial_mixed.as_ref().filter(|_| call != Call::Trivial),
            );
        }
    }
    phases.report().await;
    if let Some(peak) = peak {
        println!("server peak over the loads: {}", peak.stop().await);
    }

    println!("== issue 11's targets (p99 at 50 requests/s, open loop) ==");
    for (label, results) in [("alone", &alone), ("in the mix", &mixed)] {
        for call in CALLS {
            if let Some(v) = results.get(&call).and_then(|o| verdict(call, o)) {
                println!("{label}: {v}");
            }
        }
        errors += results.values().map(Outcome::errors).sum::<usize>();
        server_errors += results.values().map(Outcome::server_errors).sum::<usize>();
    }
    anyhow::ensure!(
        errors == 0,
        "{errors} failed requests ({server_errors} with a 5xx answer)"
    );
    println!("no failed request");
    Ok(())
}
