//! The public catalogue app: home, search, service cards, providers, comparison.
//! Built with `hydrate`, `boot.js` calls `hydrate` on a page the server rendered (it
//! carries the `leptos-data` block) and `mount` otherwise; built with `csr`, it mounts.
#[cfg(feature = "hydrate")]
use wasm_bindgen::prelude::wasm_bindgen;

fn main() {
    console_error_panic_hook::set_once();
    #[cfg(not(feature = "hydrate"))]
    leptos::mount::mount_to_body(frontend::apps::PublicApp);
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen]
pub fn hydrate() {
    frontend::HYDRATING.with(|h| h.set(true));
    leptos::mount::hydrate_body(frontend::apps::PublicApp);
    frontend::HYDRATING.with(|h| h.set(false));
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen]
pub fn mount() {
    leptos::mount::mount_to_body(frontend::apps::PublicApp);
}
