//! `make bench`: an open-loop load of realistic searches against a running server, with
//! two baselines measured in the same run — the same search executed directly (the
//! engine's call, no HTTP), and a trivial endpoint of the same server; then the
//! suggestions, the catalogue's counts, a change's way to the index under search load,
//! and the server's memory (issue 9's figures); then a card approved every second
//! through the API while the search load goes on (issue 10's).
//!
//! Open loop: request i is sent at start + i/rate whether or not earlier ones finished,
//! and its latency is measured from that scheduled time (no coordinated omission).
use clap::Parser;
use domicilia::db;
use domicilia::reference::Reference;
use domicilia::search::Engine;
use domicilia::services::SearchParams;
use e2e::{RssPeak, Stats, approvals, query_mix, rss_mb, stats, suggest_mix};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
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
    /// The server's process id, for its memory (VmRSS).
    #[arg(long)]
    pid: Option<u32>,
}

/// Issue 9's targets.
const SEARCH_P99_MS: f64 = 30.0;
const SUGGEST_P99_MS: f64 = 20.0;
const CATALOGUE_P99_MS: f64 = 10.0;
const RSS_MB: f64 = 150.0;
const BUILD_S: f64 = 10.0;
const CHANGE_S: f64 = 2.0;
const CARD_PAGE_P99_MS: f64 = 30.0;
/// Issue 10's targets: search while the city approves a card a second.
const APPROVALS_SEARCH_P99_MS: f64 = 50.0;
const APPROVED_VISIBLE_S: f64 = 5.0;

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "NOT met" }
}

/// A word no card contains and no other marker is within two edits of.
fn marker(i: usize) -> String {
    const LETTERS: &[u8] = b"bcdfghjklmnpqrstvz";
    let mut x = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut w = String::from("zq");
    for _ in 0..10 {
        w.push(LETTERS[(x % LETTERS.len() as u64) as usize] as char);
        x /= LETTERS.len() as u64;
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    }
    w
}

async fn open_loop(
    client: &reqwest::Client,
    urls: &[String],
    rate: u32,
) -> anyhow::Result<(Stats, f64, usize)> {
    let o = e2e::openloop::run(urls.len(), f64::from(rate), |i| client.get(&urls[i])).await?;
    Ok((o.stats(), o.throughput(), o.errors()))
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
    let build_s = built.elapsed().as_secs_f64();
    println!(
        "search index: {} cards built in {build_s:.1} s (a fresh directory, as a new instance does)",
        index.cards(),
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
    let mut phases = e2e::PhaseRss::new(args.pid);
    phases.begin("the healthz baseline").await;
    let _ = open_loop(&client, &health[..n.min(200)], args.rate).await?;
    let (trivial, _, trivial_err) = open_loop(&client, &health, args.rate).await?;

    let urls: Vec<String> = queries
        .iter()
        .map(|q| format!("{}/api/v1/services?{q}", args.base_url))
        .collect();

    let rss_start = args.pid.map(rss_mb).transpose()?;
    let peak = args.pid.map(RssPeak::start);
    println!(
        "open-loop load: {} requests/s for {} s ({n} requests)",
        args.rate, args.seconds
    );
    phases.begin("the search load").await;
    let _ = open_loop(&client, &urls[..n.min(200)], args.rate).await?;
    let (api, throughput, api_err) = open_loop(&client, &urls, args.rate).await?;
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
        "target search p99 ≤ {SEARCH_P99_MS} ms at 200 req/s: {}",
        verdict(api.p99_ms <= SEARCH_P99_MS && args.rate >= 200 && api_err == 0)
    );

    // Suggestions while typing, same rate.
    let suggest: Vec<String> = suggest_mix(n, 7)
        .iter()
        .map(|q| format!("{}/api/v1/services/suggest?{q}", args.base_url))
        .collect();
    phases.begin("the suggestions load").await;
    let _ = open_loop(&client, &suggest[..n.min(200)], args.rate).await?;
    let (sug, _, sug_err) = open_loop(&client, &suggest, args.rate).await?;
    line("GET /api/v1/services/suggest", &sug);
    println!(
        "target suggest p99 ≤ {SUGGEST_P99_MS} ms at 200 req/s: {} (errors {sug_err})",
        verdict(sug.p99_ms <= SUGGEST_P99_MS && args.rate >= 200 && sug_err == 0)
    );

    // The home page's catalogue counts, 100 req/s.
    let light = (args.rate / 2).max(1);
    let m = (light * args.seconds) as usize;
    let catalogue: Vec<String> = (0..m)
        .map(|_| format!("{}/api/v1/catalogue", args.base_url))
        .collect();
    phases.begin("the catalogue load").await;
    let (cat, _, cat_err) = open_loop(&client, &catalogue, light).await?;
    line("GET /api/v1/catalogue", &cat);
    println!(
        "target catalogue p99 ≤ {CATALOGUE_P99_MS} ms at 100 req/s: {} (errors {cat_err})",
        verdict(cat.p99_ms <= CATALOGUE_P99_MS && light >= 100 && cat_err == 0)
    );

    // A card's server-rendered page, 100 req/s over the first 1,000 cards.
    use domicilia::entities::service_cards as cards;
    let pages: Vec<(uuid::Uuid, String)> = cards::Entity::find()
        .select_only()
        .column(cards::Column::PublicId)
        .column(cards::Column::Title)
        .filter(cards::Column::Status.eq(domicilia::domain::CardStatus::Published))
        .order_by_asc(cards::Column::Id)
        .limit(1_000)
        .into_tuple()
        .all(&*conn)
        .await?;
    if let Some((id, title)) = pages.first() {
        let html = client
            .get(format!("{}/servizi/{id}", args.base_url))
            .send()
            .await?
            .text()
            .await?;
        let rendered = html.contains(&title.replace('&', "&amp;").replace('<', "&lt;"));
        let urls: Vec<String> = (0..m)
            .map(|i| format!("{}/servizi/{}", args.base_url, pages[i % pages.len()].0))
            .collect();
        phases.begin("the card pages load").await;
        let _ = open_loop(&client, &urls[..m.min(100)], light).await?;
        let (page, _, page_err) = open_loop(&client, &urls, light).await?;
        line("GET /servizi/{id} (HTML)", &page);
        println!(
            "target card page p99 ≤ {CARD_PAGE_P99_MS} ms at 100 req/s, server-rendered: {} (errors {page_err}; {})",
            verdict(rendered && page.p99_ms <= CARD_PAGE_P99_MS && light >= 100 && page_err == 0),
            if rendered {
                "the HTML holds the card's title"
            } else {
                "the HTML does NOT hold the card's title"
            }
        );
    }

    // A published change's way to the index, while the search load goes on: each change
    // is committed (the card's title gains a word no card has, with its feed entry, in
    // one transaction), then searched for every 10 ms until the card is found.
    let targets: Vec<(i32, uuid::Uuid)> = cards::Entity::find()
        .select_only()
        .column(cards::Column::Id)
        .column(cards::Column::PublicId)
        .filter(cards::Column::Status.eq(domicilia::domain::CardStatus::Published))
        .order_by_asc(cards::Column::Id)
        .limit(10)
        .into_tuple()
        .all(&*conn)
        .await?;
    phases.begin("the changes").await;
    let load = {
        let (client, urls, rate) = (client.clone(), urls.clone(), args.rate);
        tokio::spawn(async move { open_loop(&client, &urls, rate).await })
    };
    let mut visible = Vec::new();
    for (k, (id, public_id)) in targets.iter().enumerate() {
        tokio::time::sleep(Duration::from_millis(700)).await;
        let word = marker(k);
        let txn = conn.begin().await?;
        txn.execute_unprepared(&format!(
            "UPDATE service_cards SET title = title || ' {word}', search_title = search_title || ' {word}' WHERE id = {id}"
        ))
        .await?;
        domicilia::services::card_write::record_changes(&txn, &[*id]).await?;
        txn.commit().await?;
        let committed = Instant::now();
        let url = format!("{}/api/v1/services?q={word}", args.base_url);
        loop {
            let page: serde_json::Value = client.get(&url).send().await?.json().await?;
            let found = page["items"]
                .as_array()
                .is_some_and(|items| items.iter().any(|c| c["id"] == public_id.to_string()));
            if found {
                visible.push(committed.elapsed().as_secs_f64());
                break;
            }
            if committed.elapsed() > Duration::from_secs(30) {
                anyhow::bail!("a change to card {id} was not searchable after 30 s");
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    let (during, _, during_err) = load.await??;
    let worst = visible.iter().copied().fold(0.0, f64::max);
    let mean = visible.iter().sum::<f64>() / visible.len().max(1) as f64;
    println!(
        "a change searchable after commit: {} changes, mean {mean:.2} s, worst {worst:.2} s",
        visible.len()
    );
    line("GET /api/v1/services meanwhile", &during);
    println!(
        "target change searchable ≤ {CHANGE_S} s while search holds its p99: {} (errors {during_err})",
        verdict(
            !visible.is_empty()
                && worst <= CHANGE_S
                && during.p99_ms <= SEARCH_P99_MS
                && during_err == 0
        )
    );

    // Issue 10: the city approves a card a second through the API (the provider drafted
    // and submitted them before), while the search load goes on. The sign-ins and
    // submissions are a phase of their own: each sign-in holds a 19 MiB Argon2 block (the
    // changes' figures stay comparable with issue 9's, which had none).
    phases.begin("the sign-ins and submissions").await;
    let (staff, reviewer, org) = approvals::sign_in(&conn, &client, &args.base_url).await?;
    let count = args.seconds.saturating_sub(2).max(1) as usize;
    let words = (0..count).map(|k| marker(100 + k)).collect();
    let submitted = approvals::submit(&conn, &client, &args.base_url, &staff, org, words).await?;
    phases.begin("the approvals").await;
    let load = {
        let (client, urls, rate) = (client.clone(), urls.clone(), args.rate);
        tokio::spawn(async move { open_loop(&client, &urls, rate).await })
    };
    let approved =
        approvals::approve_each_second(&client, &args.base_url, &reviewer, submitted).await?;
    let (meanwhile, _, meanwhile_err) = load.await??;
    phases.report().await;
    let approve = stats(approved.iter().map(|a| a.approve_ms).collect());
    let seen = stats(approved.iter().map(|a| a.visible_s * 1000.0).collect());
    line("POST /cards/{id}/approve", &approve);
    line("approved → found by search", &seen);
    line("GET /api/v1/services meanwhile", &meanwhile);
    println!(
        "target search p99 ≤ {APPROVALS_SEARCH_P99_MS} ms at 200 req/s while a card is approved every second, each found ≤ {APPROVED_VISIBLE_S} s after its approval: {} ({} approvals, worst {:.2} s; errors {meanwhile_err})",
        verdict(
            approved.len() == count
                && seen.max_ms <= APPROVED_VISIBLE_S * 1000.0
                && meanwhile.p99_ms <= APPROVALS_SEARCH_P99_MS
                && args.rate >= 200
                && meanwhile_err == 0
        ),
        approved.len(),
        seen.max_ms / 1000.0,
    );

    if let (Some(pid), Some(start), Some(peak)) = (args.pid, rss_start, peak) {
        let peaks = peak.stop().await;
        let peak = peaks.rss_mb();
        let now = rss_mb(pid)?;
        println!(
            "server RSS with the index loaded: {start:.1} MB before the load, {now:.1} MB after, peak {peak:.1} MB"
        );
        println!("server peaks over all the loads: {peaks}");
        println!(
            "target RSS ≤ {RSS_MB} MB: {}",
            verdict(peak.max(now) <= RSS_MB)
        );
    }
    println!(
        "target full build ≤ {BUILD_S} s: {}",
        verdict(build_s <= BUILD_S)
    );
    drop(index);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
