//! The public catalogue app: home, search, service cards, providers, comparison.
//! Built with `hydrate` it is an *islands* bundle: the server renders every page
//! (backend/src/ssr), and the browser runs only the `#[island]` components (the header's
//! tools, the comparison's buttons, the search field's suggestions, the filters'
//! disclosure). `boot.js` calls `hydrate` (the contexts the islands share), then each
//! island's export on its `<leptos-island>` element, then `hydrated`. Built with `csr`
//! (not shipped) it mounts the whole app.
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
    leptos::mount::hydrate_islands();
    frontend::apps::provide_shell(frontend::apps::AppKind::Public);
}

/// Every island has hydrated: what the browser alone knows may now show.
#[cfg(feature = "hydrate")]
#[wasm_bindgen]
pub fn hydrated() {
    frontend::HYDRATING.with(|h| h.set(false));
}
