//! Demo data (realistic, deterministic, from `demo/demo.json`) and the large synthetic
//! generator used by the benchmarks.
pub mod accounts;
mod content;
pub mod demo;
mod rng;
pub mod synthetic;

pub use rng::Rng;
