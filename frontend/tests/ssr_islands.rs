//! The server renders the public pages in islands mode: the interactive parts are
//! `<leptos-island>` elements naming the bundle's exports, the rest is plain HTML.
#![cfg(feature = "ssr")]
use frontend::ssr::{RequestInfo, ServerApi, render_public};
use std::sync::Arc;

fn api() -> ServerApi {
    ServerApi(Arc::new(|_method, path, _body| {
        Box::pin(async move {
            let body = if path.starts_with("/api/v1/services/") {
                r#"{"type":"about:blank","title":"Not Found","status":404,"detail":""}"#
            } else {
                r#"{"type":"about:blank","title":"Unavailable","status":503,"detail":"test"}"#
            };
            let status = if path.starts_with("/api/v1/services/") { 404 } else { 503 };
            (status, body.to_owned())
        })
    }))
}

#[tokio::test(flavor = "current_thread")]
async fn public_pages_render_islands() {
    frontend::ssr::init_executor();
    for url in ["/privacy", "/cerca?q=badante", "/confronta", "/"] {
        let r = render_public(url, RequestInfo::default(), api()).await;
        println!("== {url}\n{}\n-- data: {}", r.body, r.data);
        assert!(r.body.contains(r#"<leptos-island data-component="HeaderTools_"#), "{url}");
        assert!(r.body.contains(r#"<leptos-island data-component="CompareLink_"#), "{url}");
    }
}
