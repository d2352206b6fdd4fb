#![recursion_limit = "256"]
//! Domicilia web app: the public catalogue and the reserved area, two wasm bundles built
//! from this library (`src/main.rs`, `src/bin/reserved.rs`). With the feature `ssr` the
//! same library, compiled natively, renders the public catalogue's pages on the server
//! (`ssr`); the catalogue's bundle, built with `hydrate`, takes them over.

// The server's HTML must be exactly what the browser's bundle hydrates: both sides erase
// the components' types (`.cargo/config.toml`, `frontend/.cargo/config.toml`). A
// `RUSTFLAGS` variable replaces those flags: then this stops the build.
#[cfg(all(any(feature = "ssr", feature = "hydrate"), not(erase_components)))]
compile_error!(
    "the server-rendered pages need `--cfg erase_components` (see .cargo/config.toml); \
     a RUSTFLAGS variable replaces the configured flags: add it there"
);
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

/// What the person typed into a server-rendered text field (by id) before the app took
/// over: the field is on screen, and usable, while the bundle loads. `None` outside
/// hydration. A component reads it when created, so hydrating does not wipe the text.
pub fn typed_before_hydration(id: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    if hydrating() {
        use wasm_bindgen::JsCast;
        return web_sys::window()?
            .document()?
            .get_element_by_id(id)?
            .dyn_into::<web_sys::HtmlInputElement>()
            .ok()
            .map(|input| input.value());
    }
    let _ = id;
    None
}

/// Goes to `href`: the router in the client-rendered apps (`csr`), a full page load in
/// the public catalogue's islands (`hydrate`: only the interactive parts run in the
/// browser, every page comes from the server). Call it when the component is created.
pub fn navigator() -> impl Fn(&str) + Clone + Send + Sync + 'static {
    #[cfg(feature = "csr")]
    {
        let navigate = leptos_router::hooks::use_navigate();
        move |href: &str| navigate(href, Default::default())
    }
    #[cfg(not(feature = "csr"))]
    |href: &str| {
        #[cfg(not(feature = "ssr"))]
        if let Some(w) = web_sys::window() {
            let _ = w.location().assign(href);
        }
        #[cfg(feature = "ssr")]
        let _ = href;
    }
}

/// Whether this build is the public catalogue's islands bundle (every navigation is a
/// full load of a server-rendered page).
pub const ISLANDS: bool = cfg!(feature = "hydrate");

#[cfg(feature = "hydrate")]
thread_local! {
    pub static HYDRATING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}
