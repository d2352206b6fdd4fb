//! `make bench`: an open-loop load of realistic searches against a running server, with
//! two baselines measured in the same run — the same search executed directly against
//! the database (no HTTP), and a trivial endpoint of the same server.
//!
//! Open loop: request i is sent at start + i/rate whether or not earlier ones finished,
//! and its latency is measured from that scheduled time (no coordinated omission).
use clap::Parser;
use domicilia::db;
use domicilia::reference::Reference;
use domicilia::search::Engine;
use domicilia::services::SearchParams;
use e2e::{Stats, query_mix, stats};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Parser)]
struct Args {
    /// Base URL of the running server.
    #[arg(long)]
    base_url: String,
    /// The server's database (for the direct baseline).
    #[arg(long)]
    database_url: String,
    #[arg(long, default_value_t = 200)]
    rate: u32,
    #[arg(long, default_value_t = 20)]
    seconds: u32,
}

async fn open_loop(
    client: &reqwest::Client,
    urls: &[String],
    rate: u32,
) -> anyhow::Result<(Stats, f64, usize)> {
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(urls.len());
    for (i, url) in urls.iter().enumerate() {
        let due = start + Duration::from_secs_f64(i as f64 / f64::from(rate));
        tokio::time::sleep_until(due.into()).await;
        let client = client.clone();
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let ok = match client.get(&url).send().await {
                Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                Err(_) => false,
            };
            (due.elapsed().as_secs_f64() * 1000.0, ok)
        }));
    }
    let mut lat = Vec::with_capacity(tasks.len());
    let mut errors = 0;
    for t in tasks {
        let (ms, ok) = t.await?;
        if ok { lat.push(ms) } else { errors += 1 }
    }
    let throughput = lat.len() as f64 / start.elapsed().as_secs_f64();
    Ok((stats(lat), throughput, errors))
}

fn line(name: &str, s: &Stats) {
    println!(
        "{name:<28} n={:<6} p50={:>8.2} ms  p99={:>8.2} ms  max={:>8.2} ms",
        s.n, s.p50_ms, s.p99_ms, s.max_ms
    );
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let n = (args.rate * args.seconds) as usize;
    let queries = query_mix(n, 42);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()?;

    // Baseline 1: the same searches executed directly (the handler's service call: index
    // pass + the catalogue-version read, no HTTP), serially and then open loop at the same
    // rate as the API, so both sides are measured under the same load shape.
    let conn = db::Db::connect(&args.database_url, 32).await?;
    let r = Arc::new(Reference::load(&conn).await?);
    let dir = std::env::temp_dir().join(format!("domicilia-loadgen-index-{}", std::process::id()));
    let built = Instant::now();
    let index = Engine::open(Some(&dir), &conn, &r).await?;
    println!(
        "search index: {} cards built in {:.1} s (a fresh directory, as a new instance does)",
        index.cards(),
        built.elapsed().as_secs_f64()
    );
    let parsed: Vec<SearchParams> = queries
        .iter()
        .map(|q| SearchParams::parse(q, &r).map_err(|e| anyhow::anyhow!("{e:?}")))
        .collect::<anyhow::Result<_>>()?;
    let mut serial = Vec::new();
    for p in parsed.iter().take(1_000) {
        let t = Instant::now();
        index.search(p, &r).map_err(anyhow::Error::msg)?;
        serial.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let serial = stats(serial);
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(parsed.len());
    for (i, p) in parsed.iter().enumerate() {
        let due = start + Duration::from_secs_f64(i as f64 / f64::from(args.rate));
        tokio::time::sleep_until(due.into()).await;
        let (index, r, p) = (Arc::clone(&index), Arc::clone(&r), p.clone());
        tasks.push(tokio::spawn(async move {
            let ok = tokio::task::spawn_blocking(move || index.search(&p, &r).is_ok())
                .await
                .unwrap_or(false);
            (due.elapsed().as_secs_f64() * 1000.0, ok)
        }));
    }
    let mut direct = Vec::new();
    for t in tasks {
        let (ms, ok) = t.await?;
        if ok {
            direct.push(ms);
        }
    }
    let direct = stats(direct);

    // Warm-up, then baseline 2: a trivial endpoint of the same server, same rate.
    let health: Vec<String> = (0..n)
        .map(|_| format!("{}/healthz", args.base_url))
        .collect();
    let _ = open_loop(&client, &health[..n.min(200)], args.rate).await?;
    let (trivial, _, trivial_err) = open_loop(&client, &health, args.rate).await?;

    let urls: Vec<String> = queries
        .iter()
        .map(|q| format!("{}/api/v1/services?{q}", args.base_url))
        .collect();
    let _ = open_loop(&client, &urls[..n.min(200)], args.rate).await?;
    let (api, throughput, api_err) = open_loop(&client, &urls, args.rate).await?;

    println!(
        "open-loop load: {} requests/s for {} s ({n} requests)",
        args.rate, args.seconds
    );
    line("GET /api/v1/services", &api);
    line("baseline: direct, open loop", &direct);
    line("baseline: direct, serial", &serial);
    line("baseline: GET /healthz", &trivial);
    println!(
        "throughput: {throughput:.1} successful searches/s; errors: search {api_err}, healthz {trivial_err}"
    );
    println!(
        "ratio API p50 / direct p50: {:.2} (target ≤ 1.5)",
        api.p50_ms / direct.p50_ms
    );
    println!(
        "ratio API p99 / healthz p99: {:.2}",
        api.p99_ms / trivial.p99_ms
    );
    println!(
        "target p99 ≤ 50 ms at 200 req/s: {}",
        if api.p99_ms <= 50.0 && args.rate >= 200 {
            "met"
        } else {
            "NOT met"
        }
    );
    Ok(())
}
