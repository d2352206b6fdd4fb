//! The API client: types and one function per operation, generated at build time from
//! `openapi/openapi.json` (see `build.rs`), over a small fetch helper.
#![allow(dead_code, clippy::all)]

use gloo_net::http::Request;
use serde::de::DeserializeOwned;

include!(concat!(env!("OUT_DIR"), "/api_gen.rs"));

/// A failed call: the RFC 9457 problem when the server sent one.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub title: String,
    pub detail: String,
}

impl ApiError {
    fn network(e: impl std::fmt::Display) -> Self {
        Self {
            status: 0,
            title: "network".into(),
            detail: e.to_string(),
        }
    }
}

pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let res = Request::get(url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(ApiError::network)?;
    if res.ok() {
        return res.json::<T>().await.map_err(ApiError::network);
    }
    let status = res.status();
    match res.json::<Problem>().await {
        Ok(p) => Err(ApiError {
            status,
            title: p.title,
            detail: p.detail,
        }),
        Err(_) => Err(ApiError {
            status,
            title: res.status_text(),
            detail: String::new(),
        }),
    }
}
