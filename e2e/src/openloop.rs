//! The open loop of the load generators: request i is sent at start + i/rate whether or
//! not earlier ones finished, and its latency is measured from that scheduled time (no
//! coordinated omission), with every answer's status kept.
use crate::{Stats, stats};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// What an open loop saw.
#[derive(Debug, Default, Clone)]
pub struct Outcome {
    /// Latencies of the successful (2xx, body read) requests.
    pub latencies_ms: Vec<f64>,
    /// Every answer by status (a 2xx whose body could not be read counts as 0).
    pub statuses: BTreeMap<u16, usize>,
    /// Requests without an answer (connection refused, reset, timeout).
    pub transport_errors: usize,
    pub elapsed_s: f64,
}

impl Outcome {
    pub fn stats(&self) -> Stats {
        stats(self.latencies_ms.clone())
    }

    /// Failed requests: non-2xx answers and requests without one.
    pub fn errors(&self) -> usize {
        self.statuses
            .iter()
            .filter(|(s, _)| !(200..300).contains(*s))
            .map(|(_, n)| n)
            .sum::<usize>()
            + self.transport_errors
    }

    /// Answers of 500 and above.
    pub fn server_errors(&self) -> usize {
        self.statuses
            .iter()
            .filter(|(s, _)| **s >= 500)
            .map(|(_, n)| n)
            .sum()
    }

    /// Successful requests a second.
    pub fn throughput(&self) -> f64 {
        self.latencies_ms.len() as f64 / self.elapsed_s.max(f64::EPSILON)
    }

    /// "201: 998, 429: 2, no answer: 1".
    pub fn statuses_line(&self) -> String {
        let mut parts: Vec<String> = self
            .statuses
            .iter()
            .map(|(s, n)| {
                if *s == 0 {
                    format!("unreadable body: {n}")
                } else {
                    format!("{s}: {n}")
                }
            })
            .collect();
        if self.transport_errors > 0 {
            parts.push(format!("no answer: {}", self.transport_errors));
        }
        parts.join(", ")
    }
}

/// Sends `n` requests at `rate` a second, `request(i)` building request i at its time.
pub async fn run<F>(n: usize, rate: f64, request: F) -> anyhow::Result<Outcome>
where
    F: Fn(usize) -> reqwest::RequestBuilder,
{
    anyhow::ensure!(rate > 0.0, "the rate must be positive");
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(n);
    for i in 0..n {
        let due = start + Duration::from_secs_f64(i as f64 / rate);
        tokio::time::sleep_until(due.into()).await;
        let req = request(i);
        tasks.push(tokio::spawn(async move {
            let status = match req.send().await {
                Ok(r) => {
                    let s = r.status().as_u16();
                    match r.bytes().await {
                        Ok(_) => Some(s),
                        Err(_) => Some(0),
                    }
                }
                Err(_) => None,
            };
            (due.elapsed().as_secs_f64() * 1000.0, status)
        }));
    }
    let mut out = Outcome::default();
    for t in tasks {
        let (ms, status) = t.await?;
        match status {
            Some(s) => {
                *out.statuses.entry(s).or_default() += 1;
                if (200..300).contains(&s) {
                    out.latencies_ms.push(ms);
                }
            }
            None => out.transport_errors += 1,
        }
    }
    out.elapsed_s = start.elapsed().as_secs_f64();
    Ok(out)
}
