//! Shared pieces of the load generator: the query mix and latency statistics.
use domicilia::seed::Rng;

/// Realistic searches: a text (often a category people ask for), often a Municipio,
/// sometimes a filter, as the portal's users combine them.
pub fn query_mix(n: usize, seed: u64) -> Vec<String> {
    const TEXTS: [&str; 14] = [
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

#[derive(Debug, Clone, Copy)]
pub struct Stats {
    pub n: usize,
    pub p50_ms: f64,
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
        p99_ms: pick(0.99),
        max_ms: samples_ms.last().copied().unwrap_or(f64::NAN),
    }
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
