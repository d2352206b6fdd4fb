//! The relevance test set (`reference/search-relevance.json`): every query finds
//! something on the demo catalogue, and precision@5 over the set is at least 90 %.
//!
//! Precision@5 of a query: the results among the first five whose category is one the
//! query accepts, divided by min(5, results returned, demo cards in accepted
//! categories) — a query about a category with two cards in the demo can still score 1.
use super::helpers::{Data, spawn_app};
use serde_json::Value;

#[tokio::test]
async fn the_relevance_set_finds_something_and_ranks_well() {
    let app = spawn_app(Data::Demo).await;
    let set: Value = serde_json::from_str(include_str!("../../../reference/search-relevance.json"))
        .expect("relevance set");
    let queries = set["queries"].as_array().expect("queries");
    assert!(queries.len() >= 100);
    let mut empty = Vec::new();
    let mut weak = Vec::new();
    let mut sum = 0.0;
    for q in queries {
        let text = q["q"].as_str().unwrap();
        let accept: Vec<&str> = q["accept"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        let encoded: String = url_encode(text);
        let body = app
            .get_json(&format!("/api/v1/services?q={encoded}&per_page=5"), 200)
            .await;
        let items = body["items"].as_array().unwrap();
        if items.is_empty() {
            empty.push(text.to_owned());
            continue;
        }
        let in_demo: i64 = {
            let list = accept
                .iter()
                .map(|a| format!("'{a}'"))
                .collect::<Vec<_>>()
                .join(",");
            app.scalar(&format!(
                "SELECT COUNT(*) FROM service_cards WHERE status = 'published' AND category_code IN ({list})"
            ))
            .await
        };
        let good = items
            .iter()
            .filter(|i| accept.contains(&i["category"].as_str().unwrap_or_default()))
            .count();
        let denominator = 5.min(items.len()).min(in_demo.max(1) as usize);
        let p = (good.min(denominator) as f64) / denominator as f64;
        if p < 1.0 {
            let got: Vec<&str> = items
                .iter()
                .map(|i| i["category"].as_str().unwrap_or_default())
                .collect();
            weak.push(format!("{text:?} ({:.1}): {got:?} not in {accept:?}", p));
        }
        sum += p;
    }
    let precision = sum / queries.len() as f64;
    println!(
        "relevance: {} queries, precision@5 {:.3}, {} empty, {} below 1",
        queries.len(),
        precision,
        empty.len(),
        weak.len()
    );
    for w in &weak {
        println!("  {w}");
    }
    assert!(empty.is_empty(), "queries that find nothing: {empty:?}");
    assert!(
        precision >= 0.9,
        "precision@5 {precision:.3} < 0.90; weakest: {weak:#?}"
    );
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
