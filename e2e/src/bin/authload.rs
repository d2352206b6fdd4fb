//! `make bench`, auth part: the server's resident memory under sign-ups and sign-ins.
//!
//! Each sign-up hashes a password and each sign-in verifies one (argon2id, 19 MiB of
//! working memory each). The server is expected to keep that memory bounded whatever
//! the number of requests: this sends `--count` sign-ups, then `--count` sign-ins of the
//! same accounts, `--concurrency` in flight at a time, and reads the server's VmRSS from
//! /proc/<pid>/status at start, after the sign-ups and after the sign-ins.
//!
//! The server must believe `X-Forwarded-For` from 127.0.0.1 (`DOMICILIA_TRUSTED_PROXIES`):
//! every request comes from its own IPv4 address and every account has its own e-mail
//! address, so the per-client and per-account rate limits (5 a minute) are never hit.
use clap::Parser;
use domicilia::services::accounts::PRIVACY_VERSION;
use e2e::{Stats, rss_mb, stats};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

#[derive(Parser)]
struct Args {
    /// Base URL of the running server.
    #[arg(long)]
    base_url: String,
    /// The server's process id (its memory is read from /proc/<pid>/status).
    #[arg(long)]
    pid: u32,
    /// Sign-ups, then as many sign-ins.
    #[arg(long, default_value_t = 1_000)]
    count: usize,
    /// Requests in flight at a time.
    #[arg(long, default_value_t = 20)]
    concurrency: usize,
    /// Target: resident memory after the sign-ups and after the sign-ins, in MB.
    #[arg(long, default_value_t = 100.0)]
    target_mb: f64,
}

/// A distinct IPv4 client per request: 10.<phase>.<i / 256>.<i % 256>.
fn client_ip(phase: u8, i: usize) -> String {
    format!("10.{phase}.{}.{}", (i / 256) % 256, i % 256)
}

#[derive(Default)]
struct Phase {
    latencies_ms: Vec<f64>,
    statuses: BTreeMap<u16, usize>,
    transport_errors: usize,
}

impl Phase {
    fn count(&self, f: impl Fn(u16) -> bool) -> usize {
        self.statuses
            .iter()
            .filter(|(s, _)| f(**s))
            .map(|(_, n)| n)
            .sum()
    }
}

/// Sends `n` requests, `concurrency` in flight at a time; `request(i)` builds request i.
async fn closed_loop<F>(n: usize, concurrency: usize, request: F) -> anyhow::Result<(Phase, f64)>
where
    F: Fn(usize) -> reqwest::RequestBuilder + Send + Sync + 'static,
{
    let start = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let request = Arc::new(request);
    let mut workers = Vec::with_capacity(concurrency);
    for _ in 0..concurrency.max(1) {
        let (next, request) = (Arc::clone(&next), Arc::clone(&request));
        workers.push(tokio::spawn(async move {
            let mut phase = Phase::default();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let t = Instant::now();
                match request(i).send().await {
                    Ok(r) => {
                        let status = r.status().as_u16();
                        let _ = r.bytes().await;
                        *phase.statuses.entry(status).or_default() += 1;
                        phase.latencies_ms.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                    Err(_) => phase.transport_errors += 1,
                }
            }
            phase
        }));
    }
    let mut all = Phase::default();
    for w in workers {
        let p = w.await?;
        all.latencies_ms.extend(p.latencies_ms);
        for (s, n) in p.statuses {
            *all.statuses.entry(s).or_default() += n;
        }
        all.transport_errors += p.transport_errors;
    }
    Ok((all, start.elapsed().as_secs_f64()))
}

fn report(name: &str, p: &Phase, seconds: f64) -> (usize, usize) {
    let s: Stats = stats(p.latencies_ms.clone());
    let statuses: Vec<String> = p.statuses.iter().map(|(s, n)| format!("{s}×{n}")).collect();
    let server_errors = p.count(|s| s >= 500);
    let limited = p.count(|s| s == 429);
    println!(
        "{name:<10} n={:<5} in {seconds:>6.1} s ({:>5.1}/s)  p50={:>8.1} ms  p99={:>8.1} ms  statuses: {}  5xx: {server_errors}  429: {limited}  transport errors: {}",
        s.n,
        s.n as f64 / seconds,
        s.p50_ms,
        s.p99_ms,
        statuses.join(" "),
        p.transport_errors
    );
    (server_errors, limited + p.transport_errors)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency.max(1))
        .timeout(Duration::from_secs(120))
        .build()?;
    // Distinct addresses on every run, so a rerun against the same database signs up
    // new accounts.
    let run = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let email = move |i: usize| format!("bench-{run}-{i}@bench.domicilia.it");
    let password = |i: usize| format!("giardino-di-via-padova-{i}");

    // The peak, sampled every 50 ms while the load runs.
    let peak = e2e::RssPeak::start(args.pid);
    let start_mb = rss_mb(args.pid)?;
    let signups = {
        let (client, base) = (client.clone(), args.base_url.clone());
        closed_loop(args.count, args.concurrency, move |i| {
            client
                .post(format!("{base}/api/v1/auth/signup"))
                .header("X-Forwarded-For", client_ip(1, i))
                .json(&serde_json::json!({
                    "email": email(i),
                    "password": password(i),
                    "display_name": format!("Bench {i}"),
                    "language": "it",
                    "privacy_version": PRIVACY_VERSION,
                    "accept_privacy": true,
                }))
        })
        .await?
    };
    let after_signups_mb = rss_mb(args.pid)?;
    let signins = {
        let (client, base) = (client.clone(), args.base_url.clone());
        closed_loop(args.count, args.concurrency, move |i| {
            client
                .post(format!("{base}/api/v1/auth/login"))
                .header("X-Forwarded-For", client_ip(2, i))
                .json(&serde_json::json!({ "email": email(i), "password": password(i) }))
        })
        .await?
    };
    let after_signins_mb = rss_mb(args.pid)?;
    let peak_mb = peak.stop().await.rss_mb().max(after_signins_mb);

    println!(
        "auth load: {} sign-ups then {} sign-ins, {} in flight, each from its own client address",
        args.count, args.count, args.concurrency
    );
    let (e1, l1) = report("sign-up", &signups.0, signups.1);
    let (e2, l2) = report("sign-in", &signins.0, signins.1);
    println!("server RSS at start:          {start_mb:>8.1} MB");
    println!(
        "server RSS after sign-ups:    {after_signups_mb:>8.1} MB ({:.2} × start)",
        after_signups_mb / start_mb
    );
    println!(
        "server RSS after sign-ins:    {after_signins_mb:>8.1} MB ({:.2} × start)",
        after_signins_mb / start_mb
    );
    println!(
        "server RSS peak during load:  {peak_mb:>8.1} MB ({:.2} × start)",
        peak_mb / start_mb
    );
    let after_mb = after_signups_mb.max(after_signins_mb);
    println!(
        "target RSS after {} sign-ups and sign-ins ≤ {:.0} MB: {}",
        args.count,
        args.target_mb,
        if after_mb <= args.target_mb {
            "PASS"
        } else {
            "FAIL"
        }
    );
    println!(
        "5xx answers: {} (must be 0): {}",
        e1 + e2,
        if e1 + e2 == 0 { "PASS" } else { "FAIL" }
    );
    if l1 + l2 > 0 {
        println!(
            "429 answers or transport errors: {} (the per-client keys are wrong, or the server failed)",
            l1 + l2
        );
    }
    Ok(())
}
