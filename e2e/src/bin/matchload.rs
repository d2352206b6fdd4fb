//! `make bench`, matching part (issue 12): on a database seeded with `domicilia seed
//! synthetic` (100,000 cards) and `domicilia seed registry` (20,000 listed carers, open
//! needs of bench families), an open-loop load at `--rate` requests a second of:
//!
//! - `GET /api/v1/demands/{id}/matches?limit=20`: one need ranked against the published
//!   services of its category covering its zone and the listed carers working there
//!   (hard filters, score, the reasons in words), the needs of the bench families in
//!   turn (each request also records the `matches_shown` event);
//! - `GET /api/v1/me/carer/demands?limit=20`: the open needs a listed carer fits, the
//!   bench carers in turn;
//! - `GET /api/v1/demands/{id}/pool`: the other open needs (50,000 by default) one carer
//!   could serve with one need — the same help, the same Municipio, hours and budgets
//!   that fit —, nearest first, with the group proposed; the bench families' needs in
//!   turn;
//! - `GET /healthz`: the trivial endpoint, the baseline.
//!
//! Each alone for `--seconds`, after `--warmup` seconds of the same calls (in reverse
//! order) that are not counted; p50/p95/p99 and each p95's ratio to the trivial
//! endpoint's, the answers by status and the server's memory in each phase are printed.
//! Issue 12's targets: the ranking's p95 ≤ 100 ms, the pooling candidates' p95 ≤ 200 ms
//! (reported, not asserted); any non-2xx
//! answer makes the exit status 1. Accounts sign in through the API first, each from its
//! own address (`DOMICILIA_TRUSTED_PROXIES=127.0.0.1`).
use clap::Parser;
use domicilia::entities::{demands, users};
use domicilia::seed::contact::BENCH_PASSWORD;
use domicilia::seed::registry_bench::{NEEDS_PER_FAMILY, needs_family_email};
use e2e::openloop::{self, Outcome};
use e2e::{PhaseRss, Stats, sign_in};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

#[derive(Parser)]
struct Args {
    /// Base URL of the running server.
    #[arg(long)]
    base_url: String,
    /// The server's database (to find the bench families' needs).
    #[arg(long)]
    database_url: String,
    /// Requests a second of each call.
    #[arg(long, default_value_t = 20)]
    rate: u32,
    /// Seconds of each phase.
    #[arg(long, default_value_t = 20)]
    seconds: u32,
    /// Bench families and carers signed in (requests go round them).
    #[arg(long, default_value_t = 40)]
    accounts: usize,
    /// The server's process id, for its memory (VmRSS).
    #[arg(long)]
    pid: Option<u32>,
    /// Seconds of the same load before each measured phase, not counted: a server just
    /// started prepares each statement on each of its pool's connections first.
    #[arg(long, default_value_t = 5)]
    warmup: u32,
}

/// Issue 12's target for ranking one need (p95, open loop).
const RANKING_P95_MS: f64 = 100.0;
/// Issue 12's target for finding one need's pooling candidates (p95, open loop).
const POOLING_P95_MS: f64 = 200.0;

fn target(name: &str, limit: f64, o: &Outcome) {
    let p95 = o.stats().p95_ms;
    let met = if p95 <= limit && o.errors() == 0 {
        "met"
    } else {
        "NOT met"
    };
    println!("target {name} p95 ≤ {limit} ms: {met} ({p95:.2} ms)");
}

fn line(name: &str, o: &Outcome, trivial: Option<&Stats>) {
    let s = o.stats();
    let ratio = trivial.map_or(String::new(), |t| {
        format!("  p95 ×{:.1} healthz", s.p95_ms / t.p95_ms)
    });
    println!(
        "{name:<28} n={:<5} p50={:>7.2} ms  p95={:>7.2} ms  p99={:>7.2} ms  max={:>7.2} ms{ratio}",
        s.n, s.p50_ms, s.p95_ms, s.p99_ms, s.max_ms
    );
    if o.errors() > 0 {
        println!("{:<28} ERRORS {}: {}", "", o.errors(), o.statuses_line());
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let conn = domicilia::db::connect(&args.database_url, 4).await?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()?;
    let base = args.base_url.trim_end_matches('/').to_owned();
    let families = args.accounts.max(1);

    // The families' tokens and their needs (request i: need i of family i mod families).
    let mut calls: Vec<(String, Uuid)> = Vec::new();
    for n in 0..families {
        let email = needs_family_email(n);
        let id: i32 = users::Entity::find()
            .select_only()
            .column(users::Column::Id)
            .filter(users::Column::Email.eq(&email))
            .into_tuple()
            .one(&conn)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no account {email}: run `domicilia seed registry`"))?;
        let token = sign_in(&client, &base, (&email, BENCH_PASSWORD), 12, n).await?;
        let needs: Vec<Uuid> = demands::Entity::find()
            .select_only()
            .column(demands::Column::PublicId)
            .filter(demands::Column::UserId.eq(id))
            .order_by_asc(demands::Column::Id)
            .limit(NEEDS_PER_FAMILY as u64)
            .into_tuple()
            .all(&conn)
            .await?;
        for d in needs {
            calls.push((token.clone(), d));
        }
    }
    anyhow::ensure!(!calls.is_empty(), "the bench families have no needs");
    let mut carers = Vec::new();
    for n in 0..args.accounts.max(1) {
        // Every third carer is a badante (the needs' role), in turn.
        let email = format!("assistente{}@bench.domicilia.it", n * 3);
        carers.push(sign_in(&client, &base, (&email, BENCH_PASSWORD), 12, 1000 + n).await?);
    }
    println!(
        "{} needs of {families} families, {} carers signed in; {} requests/s for {} s each \
         (after {} s not counted)",
        calls.len(),
        carers.len(),
        args.rate,
        args.seconds,
        args.warmup
    );

    let n = (args.rate * args.seconds) as usize;
    let warm = (args.rate * args.warmup) as usize;
    let rate = f64::from(args.rate);
    let ranking_call = |i: usize| {
        let (token, d) = &calls[i % calls.len()];
        client
            .get(format!("{base}/api/v1/demands/{d}/matches?limit=20"))
            .bearer_auth(token)
    };
    let carers_call = |i: usize| {
        client
            .get(format!("{base}/api/v1/me/carer/demands?limit=20"))
            .bearer_auth(&carers[i % carers.len()])
    };
    let pooling_call = |i: usize| {
        let (token, d) = &calls[i % calls.len()];
        client
            .get(format!("{base}/api/v1/demands/{d}/pool"))
            .bearer_auth(token)
    };
    // The warm-up goes through the calls from the other end (its answers are checked,
    // not timed).
    let back = |i: usize| usize::MAX - i;
    let mut warm_errors = 0;
    let mut phases = PhaseRss::new(args.pid);
    phases.begin("healthz").await;
    let trivial = openloop::run(n, rate, |_| client.get(format!("{base}/healthz"))).await?;
    warm_errors += openloop::run(warm, rate, |i| ranking_call(back(i)))
        .await?
        .errors();
    phases.begin("ranking").await;
    let ranking = openloop::run(n, rate, ranking_call).await?;
    warm_errors += openloop::run(warm, rate, |i| carers_call(back(i)))
        .await?
        .errors();
    phases.begin("carer's needs").await;
    let theirs = openloop::run(n, rate, carers_call).await?;
    warm_errors += openloop::run(warm, rate, |i| pooling_call(back(i)))
        .await?
        .errors();
    phases.begin("pooling").await;
    let pooling = openloop::run(n, rate, pooling_call).await?;
    let t = trivial.stats();
    line("GET /healthz", &trivial, None);
    line("GET /demands/{id}/matches", &ranking, Some(&t));
    line("GET /me/carer/demands", &theirs, Some(&t));
    line("GET /demands/{id}/pool", &pooling, Some(&t));
    target("ranking", RANKING_P95_MS, &ranking);
    target("pooling", POOLING_P95_MS, &pooling);
    phases.report().await;
    let errors =
        warm_errors + trivial.errors() + ranking.errors() + theirs.errors() + pooling.errors();
    anyhow::ensure!(errors == 0, "{errors} failed requests");
    Ok(())
}
