//! Shared pieces of the load generators: the query mix, latency statistics, the open
//! loop (`openloop`), and the approvals of issue 10's load (`approvals`).
pub mod approvals;
pub mod openloop;
use domicilia::seed::Rng;

/// Realistic searches: a text (often a category people ask for), often a Municipio,
/// sometimes a filter, as the portal's users combine them.
pub fn query_mix(n: usize, seed: u64) -> Vec<String> {
    const TEXTS: [&str; 20] = [
        "badante",
        "badanti",
        "baby sitter",
        "colf",
        "assistenza anziani",
        "pasti a domicilio",
        "idraulico",
        "educatore",
        "assistenza notturna",
        "imbianchino",
        "pet sitter",
        "trasloco",
        "infermiere",
        "supporto allo studio",
        // As families type them: typos, everyday words, English (issue 9).
        "badnte",
        "baby siter",
        "idraulio",
        "donna delle pulizie",
        "house cleaning",
        "assistenza anziano",
    ];
    const CATEGORIES: [&str; 5] = [
        "badante",
        "baby-sitter",
        "colf",
        "assistenza-personale",
        "pasti-domicilio",
    ];
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|_| {
            let mut parts = Vec::new();
            if rng.chance(80) {
                let t = rng.pick(&TEXTS).copied().unwrap_or("badante");
                parts.push(format!("q={}", t.replace(' ', "%20")));
            } else if let Some(c) = rng.pick(&CATEGORIES) {
                parts.push(format!("category={c}"));
            }
            if rng.chance(60) {
                parts.push(format!("zone=MI-M{}", rng.range(1, 9)));
            }
            if rng.chance(20) {
                parts.push(format!("max_price_cents={}", rng.range(10, 40) * 100));
            }
            if rng.chance(15) {
                parts.push("quote_available=true".into());
            }
            if rng.chance(25) {
                parts.push(
                    if rng.chance(50) {
                        "sort=price"
                    } else {
                        "sort=waiting"
                    }
                    .into(),
                );
            }
            parts.join("&")
        })
        .collect()
}

/// A process's resident set size in MB (VmRSS of /proc/<pid>/status).
pub fn rss_mb(pid: u32) -> anyhow::Result<f64> {
    Ok(Memory::read(pid)?.rss_kb as f64 / 1024.0)
}

/// A process's memory and threads from /proc/<pid>/status: VmRSS split into anonymous
/// memory (the heap) and file-backed pages (the memory-mapped search index, the binary).
#[derive(Debug, Clone, Copy, Default)]
pub struct Memory {
    pub rss_kb: u64,
    pub anon_kb: u64,
    pub file_kb: u64,
    pub threads: u64,
}

impl Memory {
    pub fn read(pid: u32) -> anyhow::Result<Self> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
                .unwrap_or(0)
        };
        let m = Self {
            rss_kb: field("VmRSS:"),
            anon_kb: field("RssAnon:"),
            file_kb: field("RssFile:") + field("RssShmem:"),
            threads: field("Threads:"),
        };
        anyhow::ensure!(m.rss_kb > 0, "no VmRSS in /proc/{pid}/status");
        Ok(m)
    }

    pub fn rss_mb(&self) -> f64 {
        self.rss_kb as f64 / 1024.0
    }

    fn max(self, o: Self) -> Self {
        Self {
            rss_kb: self.rss_kb.max(o.rss_kb),
            anon_kb: self.anon_kb.max(o.anon_kb),
            file_kb: self.file_kb.max(o.file_kb),
            threads: self.threads.max(o.threads),
        }
    }
}

impl std::fmt::Display for Memory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mb = |kb: u64| kb as f64 / 1024.0;
        write!(
            f,
            "{:.1} MB (heap {:.1} MB, mapped files {:.1} MB), {} threads",
            mb(self.rss_kb),
            mb(self.anon_kb),
            mb(self.file_kb),
            self.threads
        )
    }
}

/// Samples a process's memory every 50 ms until [`RssPeak::stop`], keeping the highest
/// of each figure.
pub struct RssPeak {
    peak: std::sync::Arc<std::sync::Mutex<Memory>>,
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl RssPeak {
    pub fn start(pid: u32) -> Self {
        use std::sync::atomic::Ordering;
        let peak = std::sync::Arc::new(std::sync::Mutex::new(Memory::default()));
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let task = {
            let (peak, done) = (peak.clone(), done.clone());
            tokio::spawn(async move {
                while !done.load(Ordering::Relaxed) {
                    if let (Ok(m), Ok(mut p)) = (Memory::read(pid), peak.lock()) {
                        *p = p.max(m);
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
            })
        };
        Self { peak, done, task }
    }

    /// The peaks.
    pub async fn stop(self) -> Memory {
        use std::sync::atomic::Ordering;
        self.done.store(true, Ordering::Relaxed);
        let _ = self.task.await;
        self.peak.lock().map(|p| *p).unwrap_or_default()
    }
}

/// The server's memory phase by phase: at each phase's start, and its peaks.
pub struct PhaseRss {
    pid: Option<u32>,
    current: Option<(String, Memory, RssPeak)>,
    done: Vec<(String, Memory, Memory)>,
}

impl PhaseRss {
    pub fn new(pid: Option<u32>) -> Self {
        Self {
            pid,
            current: None,
            done: Vec::new(),
        }
    }

    /// Ends the current phase (if any) and starts `name`.
    pub async fn begin(&mut self, name: &str) {
        self.end_current().await;
        if let Some(pid) = self.pid {
            let start = Memory::read(pid).unwrap_or_default();
            self.current = Some((name.to_owned(), start, RssPeak::start(pid)));
        }
    }

    async fn end_current(&mut self) {
        if let Some((name, start, peak)) = self.current.take() {
            let peak = peak.stop().await;
            self.done.push((name, start, peak));
        }
    }

    /// Ends the last phase and prints two lines per phase.
    pub async fn report(mut self) {
        self.end_current().await;
        if let Some(pid) = self.pid {
            for (name, start, peak) in &self.done {
                println!("server during {name}: at its start {start}");
                println!("    peaks: {peak}");
            }
            if let Ok(now) = Memory::read(pid) {
                println!("server after the loads: {now}");
            }
        }
    }
}

/// What families type in the search box, letter by letter: prefixes, typos included,
/// for `GET /api/v1/services/suggest`.
pub fn suggest_mix(n: usize, seed: u64) -> Vec<String> {
    const TYPED: [&str; 16] = [
        "b",
        "ba",
        "bad",
        "badan",
        "badnt",
        "baby s",
        "col",
        "idra",
        "pet s",
        "puliz",
        "infer",
        "traslo",
        "assist",
        "cooperativa",
        "pasti",
        "doposc",
    ];
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|_| {
            let t = rng.pick(&TYPED).copied().unwrap_or("bad");
            format!("q={}", t.replace(' ', "%20"))
        })
        .collect()
}

#[derive(Debug, Clone, Copy)]
pub struct Stats {
    pub n: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

pub fn stats(mut samples_ms: Vec<f64>) -> Stats {
    samples_ms.sort_by(f64::total_cmp);
    let pick = |q: f64| {
        if samples_ms.is_empty() {
            return f64::NAN;
        }
        let i = ((samples_ms.len() as f64 - 1.0) * q).round() as usize;
        samples_ms[i.min(samples_ms.len() - 1)]
    };
    Stats {
        n: samples_ms.len(),
        p50_ms: pick(0.50),
        p95_ms: pick(0.95),
        p99_ms: pick(0.99),
        max_ms: samples_ms.last().copied().unwrap_or(f64::NAN),
    }
}

/// Signs `email` in with `password` from its own address (`10.{net}.x.y`, from `i`: the
/// server believes `X-Forwarded-For` from 127.0.0.1 in the benches); its access token.
pub async fn sign_in(
    client: &reqwest::Client,
    base: &str,
    (email, password): (&str, &str),
    net: u8,
    i: usize,
) -> anyhow::Result<String> {
    let r = client
        .post(format!("{base}/api/v1/auth/login"))
        .header(
            "X-Forwarded-For",
            format!("10.{net}.{}.{}", i / 256 % 256, i % 256),
        )
        .json(&serde_json::json!({ "email": email, "password": password }))
        .send()
        .await?;
    let status = r.status();
    let body: serde_json::Value = r.json().await.unwrap_or(serde_json::Value::Null);
    anyhow::ensure!(status.is_success(), "sign-in of {email}: {status} {body}");
    Ok(body["access_token"]
        .as_str()
        .ok_or_else(|| anyhow::anyhow!("sign-in of {email}: no access token"))?
        .to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles() {
        let s = stats((1..=100).map(f64::from).collect());
        assert_eq!((s.p50_ms.round(), s.p99_ms, s.max_ms), (51.0, 99.0, 100.0));
    }

    #[test]
    fn mix_is_deterministic_and_valid() {
        assert_eq!(query_mix(50, 1), query_mix(50, 1));
        assert!(query_mix(50, 1).iter().all(|q| !q.is_empty()));
    }
}
