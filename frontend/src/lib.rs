//! Domicilia web app: the public catalogue and the reserved area, two wasm bundles built
//! from this library (`src/main.rs`, `src/bin/reserved.rs`).
pub mod api;
pub mod apps;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod session;
