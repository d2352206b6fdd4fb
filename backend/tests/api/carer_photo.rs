//! A carer's optional photo (issue 12): checked by its content, turned upright and
//! stored again without its metadata; served at a signed address that works without
//! signing in for one to two hours; shown to families on a listed carer's profile only;
//! one file per photo, also when twenty uploads arrive at once; an erased account's
//! photo is swept.
use super::card_workflow::call;
use super::carer_documents::{applied, list};
use super::helpers::{Data, TestApp, spawn_app, statuses_at_once};
use domicilia::api::auth::Role;
use domicilia::storage::Storage;
use image::{DynamicImage, ImageBuffer, ImageFormat, Rgb};
use serde_json::Value;

/// A JPEG of `w`×`h` whose EXIF says "turn it a quarter clockwise" (orientation 6) and
/// carries a description, and with a comment: none of it may survive.
fn jpeg_with_metadata(w: u32, h: u32) -> Vec<u8> {
    let img = DynamicImage::ImageRgb8(ImageBuffer::from_fn(w, h, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    }));
    let mut plain = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut plain), ImageFormat::Jpeg)
        .unwrap();
    let text = b"Via Padova 77, GPS 45.4970 9.2262\0";
    // TIFF, little-endian: an IFD of two entries (orientation, description).
    let mut tiff = b"II*\0\x08\0\0\0".to_vec();
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&0x0112u16.to_le_bytes());
    tiff.extend_from_slice(&3u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&6u16.to_le_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&0x010Eu16.to_le_bytes());
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&(text.len() as u32).to_le_bytes());
    tiff.extend_from_slice(&(8u32 + 2 + 2 * 12 + 4).to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    tiff.extend_from_slice(text);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let comment = b"scattata in via Padova 77";
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&[0xFF, 0xFE]);
    out.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(comment);
    out.extend_from_slice(&plain[2..]);
    out
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = DynamicImage::ImageRgb8(ImageBuffer::from_fn(w, h, |x, _| {
        Rgb([(x % 256) as u8, 40, 200])
    }));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), ImageFormat::Png)
        .unwrap();
    out
}

fn put(app: &TestApp, token: &str, ct: &str, bytes: Vec<u8>) -> reqwest::RequestBuilder {
    app.client
        .put(format!("{}/api/v1/me/carer/photo", app.address))
        .bearer_auth(token)
        .header("Content-Type", ct)
        .body(bytes)
}

async fn send(req: reqwest::RequestBuilder) -> (u16, Value) {
    let res = req.send().await.unwrap();
    let s = res.status().as_u16();
    (s, res.json().await.unwrap_or(Value::Null))
}

async fn photos(store: &Storage) -> Vec<String> {
    store.keys("carer-photos/").await.unwrap()
}

/// The photo at `url`, fetched without signing in.
async fn fetch(app: &TestApp, url: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(format!("{}{url}", app.address))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_photo_is_checked_stripped_and_served_at_its_signed_address() {
    let app = spawn_app(Data::Demo).await;
    let store = Storage::local(&app.files_dir).unwrap();
    let (rosa, reg) = applied(&app, "rosa@example.org").await;

    // Refused before anything is stored: type, content, size, damage, no registration.
    let jpeg = jpeg_with_metadata(300, 200);
    let (s, p) = send(put(&app, &rosa, "text/plain", jpeg.clone())).await;
    assert_eq!(s, 415, "{p}");
    let (s, p) = send(put(
        &app,
        &rosa,
        "image/png",
        b"%PDF-1.7 a document".to_vec(),
    ))
    .await;
    assert_eq!(s, 415, "a PDF declared as an image: {p}");
    let (s, _) = send(put(
        &app,
        &rosa,
        "image/jpeg",
        vec![0xFF; 2 * 1024 * 1024 + 1],
    ))
    .await;
    assert_eq!(s, 413);
    let damaged = png(1200, 600);
    let (s, p) = send(put(
        &app,
        &rosa,
        "image/png",
        damaged[..damaged.len() / 3].to_vec(),
    ))
    .await;
    assert_eq!(s, 422, "{p}");
    assert_eq!(p["errors"][0]["field"], "photo");
    let family = app
        .grant("famiglia@example.org", Role::Citizen, None, None)
        .await;
    let (s, _) = send(put(&app, &family, "image/jpeg", jpeg.clone())).await;
    assert_eq!(s, 404, "no registration, no upload");
    let (s, _) = send(
        app.client
            .put(format!("{}/api/v1/me/carer/photo", app.address))
            .header("Content-Type", "image/jpeg")
            .body(jpeg.clone()),
    )
    .await;
    assert_eq!(s, 401);
    assert!(
        photos(&store).await.is_empty(),
        "nothing stored by a refusal"
    );

    // Stored upright, as a JPEG, without the metadata; the address needs no sign-in.
    let (s, own) = send(put(&app, &rosa, "image/jpeg", jpeg)).await;
    assert_eq!(s, 200, "{own}");
    let url = own["photo"].as_str().unwrap().to_owned();
    assert!(url.starts_with("/api/v1/carer-photos/"), "{url}");
    let res = fetch(&app, &url).await;
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "image/jpeg");
    assert_eq!(h["x-content-type-options"], "nosniff");
    let cache = h["cache-control"].to_str().unwrap().to_owned();
    let age: i64 = cache
        .strip_prefix("private, max-age=")
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=7200).contains(&age), "{cache}");
    let bytes = res.bytes().await.unwrap();
    for secret in [&b"Padova"[..], b"GPS", b"Exif"] {
        assert!(!bytes.windows(secret.len()).any(|w| w == secret));
    }
    let img = image::load_from_memory(&bytes).unwrap();
    assert_eq!(
        (img.width(), img.height()),
        (200, 300),
        "turned as its EXIF said"
    );
    assert_eq!(photos(&store).await.len(), 1);

    // Someone else's token, a tampered one, a wrong version: the same 404.
    let (path, v) = url.split_once("?v=").unwrap();
    let token = path.rsplit('/').next().unwrap();
    let mut tampered = token.as_bytes().to_vec();
    tampered[10] = if tampered[10] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    for bad in [
        format!("/api/v1/carer-photos/{tampered}?v={v}"),
        format!("{path}?v={}", uuid::Uuid::now_v7()),
        format!("/api/v1/carer-photos/{}?v={v}", "A".repeat(70)),
    ] {
        let res = fetch(&app, &bad).await;
        assert_eq!(res.status(), 404, "{bad}");
        let p: Value = res.json().await.unwrap();
        assert_eq!(p["status"], 404);
    }
    let res = fetch(&app, path).await;
    assert_eq!(res.status(), 422, "the version is required");

    // Families see it once Rosa is listed, never before; the registry's operators see it.
    let (s, _, _) = call(
        &app,
        "GET",
        &format!("/api/v1/carers/{reg}"),
        &family,
        None,
        None,
    )
    .await;
    assert_eq!(s, 404);
    let reviewer = app.token_for("revisore@demo.domicilia.it").await;
    let (s, _, seen) = call(
        &app,
        "GET",
        &format!("/api/v1/registry/carers/{reg}"),
        &reviewer,
        None,
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(seen["photo"].as_str(), Some(url.as_str()));
    list(&app, &reviewer, &reg).await;
    let (s, _, profile) = call(
        &app,
        "GET",
        &format!("/api/v1/carers/{reg}"),
        &family,
        None,
        None,
    )
    .await;
    assert_eq!(s, 200, "{profile}");
    let shown = profile["photo"].as_str().unwrap().to_owned();
    assert_eq!(fetch(&app, &shown).await.status(), 200);

    // A new photo: a new address, the old one stops working, one file stays.
    let (s, own) = send(put(&app, &rosa, "image/png", png(900, 600))).await;
    assert_eq!(s, 200);
    let second = own["photo"].as_str().unwrap().to_owned();
    assert_ne!(second, url);
    assert_eq!(fetch(&app, &url).await.status(), 404);
    let res = fetch(&app, &second).await;
    let img = image::load_from_memory(&res.bytes().await.unwrap()).unwrap();
    assert_eq!((img.width(), img.height()), (480, 320), "scaled down");
    assert_eq!(photos(&store).await.len(), 1);

    // Three hours on, the address has expired: the same 404.
    app.clock.advance(chrono::Duration::hours(3));
    assert_eq!(fetch(&app, &second).await.status(), 404);
    app.clock.advance(chrono::Duration::hours(-3));

    // Removed: no address, no file, the last address stops working.
    let (s, own) = send(
        app.client
            .delete(format!("{}/api/v1/me/carer/photo", app.address))
            .bearer_auth(&rosa),
    )
    .await;
    assert_eq!(s, 200);
    assert!(own["photo"].is_null(), "{own}");
    assert!(photos(&store).await.is_empty());
    assert_eq!(fetch(&app, &second).await.status(), 404);
    let (_, _, profile) = call(
        &app,
        "GET",
        &format!("/api/v1/carers/{reg}"),
        &family,
        None,
        None,
    )
    .await;
    assert!(profile["photo"].is_null());
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM carers WHERE photo_key IS NOT NULL")
            .await,
        0
    );
}

#[tokio::test]
async fn twenty_uploads_at_once_leave_one_file_and_an_erased_account_none() {
    let app = spawn_app(Data::Demo).await;
    let store = Storage::local(&app.files_dir).unwrap();
    super::auth::signed_in(&app, "rosa@example.org").await;
    let (rosa, _) = applied(&app, "rosa@example.org").await;
    let statuses = statuses_at_once(
        (0..20)
            .map(|i| put(&app, &rosa, "image/png", png(40 + i, 30)))
            .collect(),
    )
    .await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    // Each replaced exactly the one before it: one file, the one the row names.
    let kept = photos(&store).await;
    assert_eq!(kept.len(), 1, "{kept:?}");
    let (_, _, own) = call(&app, "GET", "/api/v1/me/carer", &rosa, None, None).await;
    let url = own["photo"].as_str().unwrap();
    let version = url.rsplit("?v=").next().unwrap();
    assert!(kept[0].ends_with(&format!("{version}.jpg")), "{kept:?}");
    assert_eq!(fetch(&app, url).await.status(), 200);

    // The account erased: the row goes at once, the file at the sweep an hour on.
    app.erase_account(&rosa).await;
    assert_eq!(fetch(&app, url).await.status(), 404);
    let now = chrono::Utc::now();
    let sweep = |at| domicilia::services::carers::photo::sweep(&app.db, &store, at);
    assert_eq!(sweep(now).await.unwrap(), 0, "under an hour old");
    assert_eq!(sweep(now + chrono::Duration::hours(2)).await.unwrap(), 1);
    assert!(photos(&store).await.is_empty());
}
