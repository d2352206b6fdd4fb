//! Demo data (realistic, deterministic, from `demo/demo.json`) and the large synthetic
//! generators used by the benchmarks (the catalogue, the contact history).
pub mod accounts;
pub mod contact;
mod content;
pub mod demo;
mod rng;
pub mod synthetic;

pub use rng::Rng;
