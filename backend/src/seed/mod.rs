//! Demo data (realistic, deterministic, from `demo/demo.json`; `history`: the demo's year
//! of requests, answers, orders and reviews, made through the services) and the large
//! synthetic generators used by the benchmarks (the catalogue, the contact history).
pub mod accounts;
pub mod contact;
mod content;
pub mod demo;
pub mod history;
pub mod registry;
pub mod registry_bench;
mod rng;
pub mod synthetic;

pub use rng::Rng;
