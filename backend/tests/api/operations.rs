use super::helpers::{Data, spawn_app, spawn_app_with};

const METRICS_TOKEN: &str = "metrics-token-for-the-tests";

#[tokio::test]
async fn health_readiness_and_metrics() {
    let app = spawn_app_with(Data::Empty, |s| {
        s.metrics_token = Some(METRICS_TOKEN.into());
    })
    .await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(app.get("/readyz").await.status(), 200);
    app.get_json("/api/v1/services", 200).await;
    app.get_json("/api/v1/services?per_page=0", 422).await;
    let text = app
        .client
        .get(format!("{}/metrics", app.address))
        .bearer_auth(METRICS_TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains(
            "http_requests_total{method=\"GET\",route=\"/api/v1/services\",status=\"200\"} 1"
        ),
        "{text}"
    );
    assert!(text.contains(
        "http_requests_total{method=\"GET\",route=\"/api/v1/services\",status=\"422\"} 1"
    ));
    assert!(text.contains("http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/services\",status=\"200\",le=\"+Inf\"} 1"));
}

#[tokio::test]
async fn readiness_fails_when_the_database_is_gone() {
    let app = spawn_app(Data::Empty).await;
    app.db.conn().clone().close().await.unwrap();
    assert_eq!(app.get("/readyz").await.status(), 503);
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn every_response_has_security_headers_and_a_request_id() {
    let app = spawn_app(Data::Empty).await;
    for path in ["/api/v1/zones", "/nope", "/api/v1/services?x=1"] {
        let res = app.get(path).await;
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert!(
            h["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'")
        );
        assert!(h.contains_key("referrer-policy"));
        assert!(h["x-request-id"].len() >= 32);
    }
    let res = app
        .client
        .get(format!("{}/healthz", app.address))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "abc-123");
}

#[tokio::test]
async fn unknown_routes_and_methods_are_problems() {
    let app = spawn_app(Data::Empty).await;
    app.get_json("/api/v1/nothing-here", 404).await;
    let res = app
        .client
        .post(format!("{}/api/v1/services", app.address))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error(), "{}", res.status());
    assert_eq!(res.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn swagger_ui_and_spec_are_served_offline() {
    let app = spawn_app(Data::Empty).await;
    let spec: serde_json::Value = app.get("/api/openapi.json").await.json().await.unwrap();
    assert!(spec["paths"]["/api/v1/services"].is_object());
    let ui = app.get("/api/docs/").await;
    assert_eq!(ui.status(), 200);
    assert!(ui.text().await.unwrap().contains("swagger"));
}

#[tokio::test]
async fn the_web_app_is_served_for_pages_and_missing_files_are_404() {
    let dir = std::env::temp_dir().join(format!("domicilia-spa-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!DOCTYPE html><title>Domicilia</title>",
    )
    .unwrap();
    std::fs::write(dir.join("frontend.js"), "export default 1;").unwrap();
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(
        dir.join("assets/frontend-0123456789abcdef.js"),
        "export default 2;",
    )
    .unwrap();
    let app =
        super::helpers::spawn_app_with(super::helpers::Data::Empty, |s| s.static_dir = dir.clone())
            .await;
    for page in [
        "/",
        "/cerca",
        "/account",
        "/gestione/registro",
        "/invito?token=x",
    ] {
        let res = app.get(page).await;
        assert_eq!(res.status(), 200, "{page}");
        // Pages are revalidated on every visit: a new release shows at once.
        assert_eq!(res.headers()["cache-control"], "no-cache", "{page}");
        // index.html, or a server-rendered page ("/": "… — Domicilia").
        assert!(
            res.text().await.unwrap().contains("Domicilia</title>"),
            "{page}"
        );
    }
    assert_eq!(app.get("/frontend.js").await.status(), 200);
    // Files with a content hash in their name are kept for a year.
    let hashed = app.get("/assets/frontend-0123456789abcdef.js").await;
    assert_eq!(hashed.status(), 200);
    assert_eq!(
        hashed.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    // Precompressed copies go to browsers that accept them, untouched by the server.
    for (ext, bytes) in [("br", "brotli bytes"), ("gz", "gzip bytes")] {
        std::fs::write(
            dir.join(format!("assets/frontend-0123456789abcdef.js.{ext}")),
            bytes,
        )
        .unwrap();
    }
    let get_as = |accept: &'static str| {
        app.client
            .get(format!(
                "{}/assets/frontend-0123456789abcdef.js",
                app.address
            ))
            .header("accept-encoding", accept)
            .send()
    };
    for (accept, encoding, body) in [
        ("gzip, deflate, br", Some("br"), "brotli bytes"),
        ("gzip", Some("gzip"), "gzip bytes"),
        ("br;q=0, gzip", Some("gzip"), "gzip bytes"),
        ("identity", None, "export default 2;"),
    ] {
        let res = get_as(accept).await.unwrap();
        assert_eq!(res.status(), 200, "{accept}");
        assert_eq!(
            res.headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{accept}"
        );
        assert_eq!(res.headers()["vary"], "Accept-Encoding");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .contains("javascript"),
            "{accept}"
        );
        assert_eq!(res.text().await.unwrap(), body, "{accept}");
    }
    let gone = app.get("/assets/frontend-ffffffffffffffff.js").await;
    assert_eq!(gone.status(), 404);
    assert_eq!(gone.headers()["cache-control"], "no-cache");
    // Only reads are files: another method is the API's 404 (or 405 on its paths)...
    let posted = app
        .client
        .post(format!("{}/account", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 404);
    // ...and a server-rendered page's 405 names the methods it takes.
    for path in [
        "/cerca",
        "/servizi/0199a5b0-0000-7000-8000-000000000000",
        "/",
    ] {
        let posted = app
            .client
            .post(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(posted.status(), 405, "{path}");
        assert_eq!(posted.headers()["allow"], "GET, HEAD", "{path}");
        assert_eq!(
            posted.headers()["content-type"],
            "application/problem+json",
            "{path}"
        );
    }
    for missing in [
        "/reserved_bg.wasm",
        "/old-bundle.js",
        "/img/logo.png",
        "/api/v1/nothing",
    ] {
        let res = app.get(missing).await;
        assert_eq!(res.status(), 404, "{missing}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    }
    std::fs::remove_dir_all(&dir).ok();
}
