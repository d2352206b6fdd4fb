//! Server-side rendering of the public catalogue (feature `ssr`): the host (the
//! `domicilia` server) calls [`render_public`] with the request's address and cookies and
//! an in-process answer to the contract's operations ([`ServerApi`]); it gets the body's
//! HTML, the data the page's resources loaded (for hydration), the language, the status
//! and what the page wants in `<head>`.
//!
//! No inline script is produced: the resources' data go into a JSON *data block*
//! (`<script type="application/json">`, which no browser executes and CSP does not
//! govern), and the external `boot.js` hands it to Leptos before hydrating.
//!
//! # Server-rendering a page of the public app
//!
//! The pages rendered: home, search, card, provider, comparison, WeMi spaces, privacy
//! (`backend/src/ssr/mod.rs`, `PAGES`). To render another one, three small steps:
//! 1. in the page, load its data with a serialisable `Resource` whose future is wrapped
//!    in `api::sendable(…)` instead of a `LocalResource` (the value then travels in the
//!    page and hydration reads it instead of calling the API again), and describe the
//!    page's head with [`with_head`] under `#[cfg(feature = "ssr")]`;
//! 2. in `backend/src/ssr/dispatch.rs`, answer the operations the page calls with the
//!    route's own code (split the route into a `*_op(state, …)` as `search_services_op`
//!    and `get_service_op` are; an operation not listed there answers 404);
//! 3. add the path to `PAGES` in `backend/src/ssr/mod.rs` (and an entry to the sitemap if
//!    it is a page to index).
//!
//! Everything that reads a resource must sit inside a `<Suspense>`/`<Transition>` (the
//! server waits only for those), and links to the page's own path with another query
//! are plain `<a>`: the router's `<A>` marks any link to the current path as the page.
//!
//! Anything the page reads from the browser (storage, `window`) must give the server's
//! value while hydrating (see `crate::hydrating`) and switch once interactive.
use crate::api::Method;
use crate::apps::PublicApp;
use crate::i18n::Lang;
use futures::StreamExt;
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use leptos_router::location::RequestUrl;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

pub type ApiFuture = Pin<Box<dyn Future<Output = (u16, String)> + Send>>;

/// The host's answer to one call of the contract: (method, path and query, JSON body)
/// → (status, JSON body).
#[derive(Clone)]
pub struct ServerApi(pub Arc<dyn Fn(Method, String, Option<String>) -> ApiFuture + Send + Sync>);

/// What the server knows of the request, for the state the browser will start from.
#[derive(Clone, Debug, Default)]
pub struct RequestInfo {
    pub cookies: String,
    /// The public origin (`DOMICILIA_PUBLIC_URL`), for absolute addresses in JSON-LD.
    pub origin: String,
}

/// The public origin of the render, without a trailing slash ("" outside a render).
pub fn origin() -> String {
    use_context::<RequestInfo>()
        .map(|r| r.origin.trim_end_matches('/').to_owned())
        .unwrap_or_default()
}

impl RequestInfo {
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.split(';').find_map(|c| {
            let (k, v) = c.trim().split_once('=')?;
            (k == name).then(|| v.to_owned())
        })
    }
}

/// What a page asks of the document's head and of the response.
#[derive(Clone, Debug, Default)]
pub struct Head {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Path of the canonical address (the host adds its public origin).
    pub canonical: Option<String>,
    /// schema.org JSON-LD, already serialised.
    pub json_ld: Option<String>,
    pub status: Option<u16>,
}

#[derive(Clone, Default)]
pub struct HeadSlot(pub Arc<Mutex<Head>>);

/// `text` cut at about `max` characters on a word boundary, with "…" when cut.
pub fn summary(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', '.', ':']))
}

/// Lets a page fill the head (server only; in the browser `set_title` does the title).
pub fn with_head(f: impl FnOnce(&mut Head)) {
    if let Some(slot) = use_context::<HeadSlot>()
        && let Ok(mut h) = slot.0.lock()
    {
        f(&mut h);
    }
}

pub struct Rendered {
    pub lang: Lang,
    /// The app's HTML, to be the whole content of `<body>`.
    pub body: String,
    /// JSON array: the serialised value of each resource, by hydration id.
    pub data: String,
    pub head: Head,
}

/// Renders a page of the public catalogue once all its resources have loaded (in-order
/// streaming collected whole: the page is sent complete, with its status and head).
pub async fn render_public(url: &str, request: RequestInfo, api: ServerApi) -> Rendered {
    // Islands: only the `#[island]` components are hydrated (and carry markers).
    let shared = Arc::new(hydration_context::SsrSharedContext::new_islands());
    let owner = Owner::new_root(Some(shared.clone()));
    let slot = HeadSlot::default();
    let (stream, lang) = owner.with(|| {
        provide_context(RequestUrl::new(url));
        provide_context(api);
        provide_context(request);
        provide_context(slot.clone());
        let lang = crate::i18n::initial_lang();
        (view! { <PublicApp/> }.to_html_stream_in_order(), lang)
    });
    let body: String = stream.collect::<Vec<String>>().await.concat();
    let mut data: Vec<Option<String>> = Vec::new();
    for (id, value) in shared.consume_buffers().await {
        let i = id.into_inner();
        if data.len() <= i {
            data.resize(i + 1, None);
        }
        data[i] = Some(value);
    }
    // `<` escaped, so no `</script>` can end the data block early.
    let data = serde_json::to_string(&data)
        .unwrap_or_else(|_| "[]".into())
        .replace('<', "\\u003c");
    let head = slot.0.lock().map(|h| h.clone()).unwrap_or_default();
    drop(owner);
    Rendered {
        lang,
        body,
        data,
        head,
    }
}

/// The executor Leptos spawns the resources' loading on: the host's tokio runtime.
pub fn init_executor() {
    let _ = any_spawner::Executor::init_tokio();
}
