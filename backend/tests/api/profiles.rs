//! An organisation's profile and logo, kept by its administrators (issue 10): the
//! preconditions (`If-Match`), who may change them, what is checked, what is stored —
//! in the database and in the file store (local files, and an S3-compatible store when
//! `make test` starts one) — and twenty administrators at once.
use super::card_workflow::call;
use super::helpers::{Data, TestApp, answered, spawn_app, spawn_app_with, statuses_at_once};
use domicilia::api::auth::Role;
use domicilia::storage::Storage;
use image::{DynamicImage, ImageBuffer, ImageFormat, Rgb};
use serde_json::{Value, json};

struct Admins {
    org: String,
    admin: String,
    staff: String,
    other_admin: String,
}

async fn admins(app: &TestApp) -> Admins {
    let (org, other) = app.two_organisations().await;
    let provider = |email, role| app.grant(email, role, None, Some(org));
    Admins {
        org: org.to_string(),
        admin: provider("admin@example.org", Role::ProviderAdmin).await,
        staff: provider("staff@example.org", Role::ProviderStaff).await,
        other_admin: app
            .grant(
                "other.admin@example.org",
                Role::ProviderAdmin,
                None,
                Some(other),
            )
            .await,
    }
}

fn image(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
    let img = DynamicImage::ImageRgb8(ImageBuffer::from_fn(w, h, |x, y| {
        Rgb([(x % 251) as u8, (y % 241) as u8, 120])
    }));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), format)
        .unwrap();
    out
}

async fn upload(
    app: &TestApp,
    a: &Admins,
    token: &str,
    etag: Option<&str>,
    content_type: &str,
    bytes: Vec<u8>,
) -> (u16, Option<String>, Value) {
    let mut req = app
        .client
        .put(format!(
            "{}/api/v1/organisations/{}/logo",
            app.address, a.org
        ))
        .bearer_auth(token)
        .header("Content-Type", content_type)
        .body(bytes);
    if let Some(e) = etag {
        req = req.header("If-Match", e);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let etag = res
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (status, etag, res.json().await.unwrap_or(Value::Null))
}

fn files_in(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

async fn logos(store: &Storage) -> Vec<String> {
    store.keys("logos").await.unwrap()
}

fn profile(languages: &[&str]) -> Value {
    json!({
        "description": "Cooperativa sociale attiva a Milano dal 1985.\nAssistenza domiciliare.",
        "address": "Via Padova 21, Milano",
        "phone": "+39 02 1234567",
        "email": "info@coop.example.org",
        "website": "https://coop.example.org/chi-siamo",
        "languages": languages,
    })
}

#[tokio::test]
async fn the_administrators_keep_the_profile_with_preconditions() {
    let app = spawn_app(Data::Demo).await;
    let a = admins(&app).await;
    let path = format!("/api/v1/organisations/{}/profile", a.org);
    let (status, etag, before) = call(
        &app,
        "GET",
        &format!("/api/v1/organisations/{}", a.org),
        &a.admin,
        None,
        None,
    )
    .await;
    assert_eq!(status, 200);
    let etag = etag.expect("an ETag");
    assert_eq!(etag, format!("\"r{}\"", before["revision"]));

    // Without If-Match, with a stale one, by staff or another organisation's admin.
    let (status, _, _) = call(&app, "PUT", &path, &a.admin, None, Some(profile(&["it"]))).await;
    assert_eq!(status, 428);
    let (status, _, _) = call(
        &app,
        "PUT",
        &path,
        &a.admin,
        Some("\"r999\""),
        Some(profile(&["it"])),
    )
    .await;
    assert_eq!(status, 412);
    for who in [&a.staff, &a.other_admin] {
        let (status, _, _) =
            call(&app, "PUT", &path, who, Some(&etag), Some(profile(&["it"]))).await;
        assert_eq!(status, 403);
    }
    // Each bad field named.
    let mut bad = profile(&["xx", "it", "it"]);
    bad["website"] = json!("javascript:alert(1)");
    bad["email"] = json!("info@coop");
    bad["phone"] = json!("02-12");
    let (status, _, problem) = call(&app, "PUT", &path, &a.admin, Some(&etag), Some(bad)).await;
    assert_eq!(status, 422, "{problem}");
    let mut fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        ["email", "languages", "languages[0]", "phone", "website"]
    );
    // Legal data is not the provider's to change.
    let mut legal = profile(&["it"]);
    legal["vat_number"] = json!("12345678903");
    let (status, _, _) = call(&app, "PUT", &path, &a.admin, Some(&etag), Some(legal)).await;
    assert_eq!(status, 422);

    let (status, new_etag, saved) = call(
        &app,
        "PUT",
        &path,
        &a.admin,
        Some(&etag),
        Some(profile(&["it", "es", "ar"])),
    )
    .await;
    assert_eq!(status, 200, "{saved}");
    assert_ne!(new_etag.as_deref(), Some(etag.as_str()));
    assert_eq!(saved["languages"], json!(["it", "es", "ar"]));
    assert_eq!(saved["vat_number"], before["vat_number"]);
    let public: Value = app
        .get_json(&format!("/api/v1/organisations/{}", a.org), 200)
        .await;
    assert_eq!(public["website"], "https://coop.example.org/chi-siamo");
    assert_eq!(
        public["description"],
        "Cooperativa sociale attiva a Milano dal 1985.\nAssistenza domiciliare."
    );
    // The old ETag is stale now; the audit log has the change, without its content.
    let (status, _, _) = call(
        &app,
        "PUT",
        &path,
        &a.admin,
        Some(&etag),
        Some(profile(&["it"])),
    )
    .await;
    assert_eq!(status, 412);
    let audited = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'organisation_profile_changed' AND object_id = '{}'",
            a.org
        ))
        .await;
    assert_eq!(audited, 1);

    // Twenty saves on the same revision: one wins, nineteen are told (412).
    let etag = new_etag.unwrap();
    let requests = (0..20)
        .map(|i| {
            app.client
                .put(format!("{}{path}", app.address))
                .bearer_auth(&a.admin)
                .header("If-Match", &etag)
                .json(&profile(&[["it", "en", "fr", "de"][i % 4]]))
        })
        .collect();
    let statuses = statuses_at_once(requests).await;
    answered(&statuses, 200, 1, &[412]);
    let after: Value = app
        .get_json(&format!("/api/v1/organisations/{}", a.org), 200)
        .await;
    assert_eq!(
        after["revision"].as_i64(),
        before["revision"].as_i64().map(|r| r + 2),
        "one save, then one of twenty"
    );
}

/// The whole life of a logo through one store.
async fn logo_journey(app: &TestApp, a: &Admins, store: &Storage) {
    let org_path = format!("/api/v1/organisations/{}", a.org);
    let (_, etag, _) = call(app, "GET", &org_path, &a.admin, None, None).await;
    let etag = etag.unwrap();
    // Refused before anything is stored: type, content, size, damage, rights.
    let png = image(1200, 600, ImageFormat::Png);
    let (status, _, p) = upload(app, a, &a.admin, Some(&etag), "text/plain", png.clone()).await;
    assert_eq!(status, 415, "{p}");
    let (status, _, p) = upload(
        app,
        a,
        &a.admin,
        Some(&etag),
        "image/png",
        b"%PDF-1.7 a document".to_vec(),
    )
    .await;
    assert_eq!(status, 415, "a PDF declared as PNG: {p}");
    let (status, _, p) = upload(
        app,
        a,
        &a.admin,
        Some(&etag),
        "image/png",
        vec![0u8; 2 * 1024 * 1024 + 1],
    )
    .await;
    assert_eq!(status, 413, "{p}");
    assert_eq!(p["status"], 413);
    let (status, _, _) = upload(
        app,
        a,
        &a.admin,
        Some(&etag),
        "image/jpeg",
        vec![0xFFu8; 20 * 1024 * 1024],
    )
    .await;
    assert_eq!(status, 413, "a 20 MB file");
    let (status, _, p) = upload(
        app,
        a,
        &a.admin,
        Some(&etag),
        "image/jpeg",
        b"<html><script>alert(1)</script></html>".to_vec(),
    )
    .await;
    assert_eq!(status, 415, "a page that claims to be a JPEG: {p}");
    let (status, _, p) = upload(
        app,
        a,
        &a.admin,
        Some(&etag),
        "image/png",
        png[..png.len() / 3].to_vec(),
    )
    .await;
    assert_eq!(status, 422, "{p}");
    assert_eq!(p["errors"][0]["field"], "logo");
    let (status, _, _) = upload(app, a, &a.staff, Some(&etag), "image/png", png.clone()).await;
    assert_eq!(status, 403);
    let (status, _, _) = upload(app, a, &a.admin, None, "image/png", png.clone()).await;
    assert_eq!(status, 428);
    assert!(logos(store).await.is_empty(), "nothing stored by a refusal");

    // A JPEG, then a PNG in its place: each read back as a bounded PNG.
    let (status, etag2, first) = upload(
        app,
        a,
        &a.admin,
        Some(&etag),
        "image/jpeg",
        image(300, 300, ImageFormat::Jpeg),
    )
    .await;
    assert_eq!(status, 200, "{first}");
    let first_url = first["logo_url"].as_str().unwrap().to_owned();
    // A PNG with a script appended: the image is kept, the script is not.
    let mut scripted = png;
    scripted.extend_from_slice(b"<script>alert(document.cookie)</script>");
    let (status, etag3, second) =
        upload(app, a, &a.admin, etag2.as_deref(), "image/png", scripted).await;
    assert_eq!(status, 200, "{second}");
    let url = second["logo_url"].as_str().unwrap().to_owned();
    assert_ne!(url, first_url, "a new file, a new address");
    let res = app.get(&url).await;
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "image/png");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h["cache-control"].to_str().unwrap().contains("immutable"));
    let tag = h["etag"].to_str().unwrap().to_owned();
    let bytes = res.bytes().await.unwrap();
    assert!(
        !bytes.windows(7).any(|w| w == b"<script"),
        "the appended script is gone"
    );
    let img = image::load_from_memory(&bytes).unwrap();
    assert_eq!((img.width(), img.height()), (512, 256));
    let again = app
        .client
        .get(format!("{}{url}", app.address))
        .header("If-None-Match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    // The replaced file is gone: one file for one logo.
    let kept = logos(store).await;
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(url.contains(kept[0].trim_end_matches(".png").rsplit('/').next().unwrap()));

    // Twenty uploads on the same revision: one logo, no file left behind.
    let requests = (0..20)
        .map(|i| {
            app.client
                .put(format!(
                    "{}/api/v1/organisations/{}/logo",
                    app.address, a.org
                ))
                .bearer_auth(&a.admin)
                .header("If-Match", etag3.as_deref().unwrap())
                .header("Content-Type", "image/png")
                .body(image(40 + i, 40, ImageFormat::Png))
        })
        .collect();
    let statuses = statuses_at_once(requests).await;
    answered(&statuses, 200, 1, &[412]);
    let kept = logos(store).await;
    assert_eq!(kept.len(), 1, "one logo, no file left behind: {kept:?}");

    // Removed: no address, 404, no file.
    let (_, etag, _) = call(app, "GET", &org_path, &a.admin, None, None).await;
    let (status, _, removed) = call(
        app,
        "DELETE",
        &format!("{org_path}/logo"),
        &a.admin,
        etag.as_deref(),
        None,
    )
    .await;
    assert_eq!(status, 200, "{removed}");
    assert!(removed["logo_url"].is_null());
    assert_eq!(app.get(&url).await.status(), 404);
    assert!(logos(store).await.is_empty());
    let audited = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'organisation_logo_changed' AND object_id = '{}'",
            a.org
        ))
        .await;
    assert_eq!(audited, 4, "two uploads, one of twenty, one removal");
}

#[tokio::test]
async fn a_logo_is_checked_reencoded_and_stored_in_local_files() {
    let app = spawn_app(Data::Demo).await;
    let a = admins(&app).await;
    let store = Storage::local(&app.files_dir).unwrap();
    logo_journey(&app, &a, &store).await;
}

/// The same journey through an S3-compatible store: `make test` starts one (moto) and
/// names it in `TEST_S3_URL`, with its endpoint and keys in the `AWS_*` variables.
#[tokio::test]
async fn a_logo_is_stored_in_an_s3_compatible_store() {
    let Ok(url) = std::env::var("TEST_S3_URL") else {
        assert!(
            std::env::var("CI").is_err(),
            "TEST_S3_URL is unset on CI: `make test` starts the S3-compatible store"
        );
        eprintln!("skipped: TEST_S3_URL is unset (run `make test`, which starts one)");
        return;
    };
    // A prefix of its own: runs and databases never share one.
    let url = format!("{}/{}", url.trim_end_matches('/'), uuid::Uuid::now_v7());
    let options: Vec<(String, String)> = std::env::vars()
        .filter(|(k, _)| k.starts_with("AWS_"))
        .collect();
    let store = Storage::from_url(&url, &options).unwrap();
    let app = spawn_app_with(Data::Demo, |s| s.storage_url = Some(url)).await;
    let a = admins(&app).await;
    logo_journey(&app, &a, &store).await;
    assert!(
        files_in(&app.files_dir).is_empty(),
        "nothing on the local disk"
    );
}
