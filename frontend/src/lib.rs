#![recursion_limit = "256"]
//! Domicilia web app: the public catalogue and the reserved area, two wasm bundles built
//! from this library (`src/main.rs`, `src/bin/reserved.rs`).
pub mod api;
pub mod apps;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod session;
#[cfg(feature = "ssr")]
pub mod ssr;

/// Whether this run started by hydrating server-rendered HTML (the public catalogue's
/// pages) rather than rendering into an empty body. Read once, before mounting.
pub fn hydrating() -> bool {
    #[cfg(feature = "hydrate")]
    return HYDRATING.with(|h| h.get());
    #[allow(unreachable_code)]
    false
}

#[cfg(feature = "hydrate")]
thread_local! {
    pub static HYDRATING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}
