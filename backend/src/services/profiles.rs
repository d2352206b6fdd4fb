//! An organisation's profile, kept by its administrators: description, contacts, the
//! languages spoken and the logo. The legal data, accreditation types and ATI belong to
//! the city's register and are not changed here.
//!
//! Every change names the revision it was made on (`If-Match`): a stale one answers 412,
//! so that of two administrators saving at once, one wins and the other is told.
use super::card_check::{dup, err, is_email, is_phone, line};
use super::card_workflow::if_match;
use crate::api::organisations::{Organisation, ProfileInput};
use crate::auth::Viewer;
use crate::db::Db;
use crate::domain::{AuditAction, Role, language};
use crate::entities::organisations;
use crate::error::{ApiError, FieldError};
use crate::input::forbidden_char;
use crate::reference::Reference;
use crate::storage::Storage;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// The largest logo accepted (bytes).
pub const LOGO_LIMIT: usize = 2 * 1024 * 1024;
/// The media types a logo may be sent as.
pub const LOGO_TYPES: [&str; 3] = ["image/png", "image/jpeg", "image/webp"];
/// What a logo of another type is told.
pub const LOGO_REFUSED: &str = "Send the logo as a PNG, JPEG or WebP image (Content-Type image/png, image/jpeg or image/webp), at most 2 MB.";
/// The longest side of a stored logo (pixels): larger images are scaled down.
pub const LOGO_SIDE: u32 = 512;
/// The largest image decoded at all (pixels a side), whatever its file size.
const DECODE_SIDE: u32 = 8192;

/// Whether the viewer may change the organisation's profile (checked before an upload is
/// read: nobody else gets to send 2 MB).
pub async fn authorise(db: &Db, viewer: &Viewer, id: Uuid) -> Result<(), ApiError> {
    own(db, viewer, id).await.map(|_| ())
}

/// The organisation, if the viewer is one of its administrators.
async fn own(db: &Db, viewer: &Viewer, id: Uuid) -> Result<organisations::Model, ApiError> {
    let org = organisations::Entity::find()
        .filter(organisations::Column::PublicId.eq(id))
        .one(&**db)
        .await?
        .ok_or(ApiError::NotFound("organisation"))?;
    if !viewer.holds_in_organisation(Role::ProviderAdmin, org.id) {
        return Err(ApiError::Forbidden(
            "Only the organisation's administrators change its profile.",
        ));
    }
    Ok(org)
}

fn optional(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Changes the organisation's row (the columns `set` names) on the revision `expected`,
/// and moves the revision on: 412 when someone changed it meanwhile. In the caller's
/// transaction.
pub(super) async fn on_revision(
    txn: &impl sea_orm::ConnectionTrait,
    org_id: i32,
    expected: i32,
    now: DateTime<Utc>,
    set: impl FnOnce(
        sea_orm::UpdateMany<organisations::Entity>,
    ) -> sea_orm::UpdateMany<organisations::Entity>,
) -> Result<(), ApiError> {
    let done = set(organisations::Entity::update_many())
        .col_expr(
            organisations::Column::Revision,
            Expr::col(organisations::Column::Revision).add(1),
        )
        .col_expr(organisations::Column::UpdatedAt, Expr::value(now))
        .filter(organisations::Column::Id.eq(org_id))
        .filter(organisations::Column::Revision.eq(expected))
        .exec(txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(ApiError::PreconditionFailed);
    }
    Ok(())
}

/// The profile's problems, field by field (empty: it can be saved).
pub fn check(p: &ProfileInput) -> Vec<FieldError> {
    let mut out = Vec::new();
    if p.description.chars().count() > 4000 {
        err(
            &mut out,
            "description",
            "too_long",
            "At most 4000 characters.",
        );
    }
    if let Some(a) = p.address.as_deref() {
        line(&mut out, "address", a, 0, 200);
    }
    if let Some(v) = p.phone.as_deref().filter(|v| !v.trim().is_empty())
        && !is_phone(v.trim())
    {
        err(
            &mut out,
            "phone",
            "invalid_format",
            "A phone number: digits, spaces and a leading +.",
        );
    }
    if let Some(v) = p.email.as_deref().filter(|v| !v.trim().is_empty())
        && (!is_email(v.trim()) || v.chars().count() > 254)
    {
        err(&mut out, "email", "invalid_format", "An e-mail address.");
    }
    if let Some(v) = p.website.as_deref().filter(|v| !v.trim().is_empty()) {
        let v = v.trim();
        let host = v
            .strip_prefix("https://")
            .or_else(|| v.strip_prefix("http://"))
            .and_then(|rest| rest.split(['/', '?', '#']).next())
            .unwrap_or("");
        if v.chars().count() > 300
            || !host.contains('.')
            || v.chars()
                .any(|c| c.is_whitespace() || forbidden_char(c, false))
        {
            err(
                &mut out,
                "website",
                "invalid_format",
                "A web address starting with https:// (or http://).",
            );
        }
    }
    if p.languages.len() > 30 {
        err(&mut out, "languages", "too_many", "At most 30 languages.");
    }
    for (i, l) in p.languages.iter().enumerate() {
        if !language::is_iso_639_1(l) {
            err(
                &mut out,
                format!("languages[{i}]"),
                "unknown_value",
                "A language code of ISO 639-1 (it, en, es…).",
            );
        }
    }
    if dup(&p.languages) {
        err(&mut out, "languages", "duplicate", "Each language once.");
    }
    out
}

/// Saves the profile (the organisation's administrators), on the revision `expected`.
pub async fn save(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    id: Uuid,
    if_match_header: Option<&str>,
    p: ProfileInput,
    now: DateTime<Utc>,
) -> Result<Organisation, ApiError> {
    let org = own(db, viewer, id).await?;
    let expected = if_match(if_match_header)?;
    let problems = check(&p);
    if !problems.is_empty() {
        return Err(ApiError::Validation(problems));
    }
    if org.revision != expected {
        return Err(ApiError::PreconditionFailed);
    }
    let languages = serde_json::to_string(&p.languages)
        .map_err(|e| ApiError::Internal(format!("languages: {e}")))?;
    let txn = db.write().await?;
    on_revision(&txn, org.id, expected, now, |q| {
        q.col_expr(
            organisations::Column::Description,
            Expr::value(p.description.trim().to_owned()),
        )
        .col_expr(
            organisations::Column::Address,
            Expr::value(optional(p.address)),
        )
        .col_expr(organisations::Column::Phone, Expr::value(optional(p.phone)))
        .col_expr(organisations::Column::Email, Expr::value(optional(p.email)))
        .col_expr(
            organisations::Column::Website,
            Expr::value(optional(p.website)),
        )
        .col_expr(organisations::Column::Languages, Expr::value(languages))
    })
    .await?;
    super::audit::record_about(
        &txn,
        AuditAction::OrganisationProfileChanged,
        viewer.user.id,
        ("organisation", org.public_id),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    super::organisations::by_public_id(&**db, r, id)
        .await?
        .ok_or(ApiError::NotFound("organisation"))
}

/// What went wrong with an uploaded image.
#[derive(Debug, PartialEq, Eq)]
pub enum ImageProblem {
    /// Not a PNG, JPEG or WebP image, whatever it was declared as.
    NotAnImage,
    /// One of those, but damaged, or larger than any logo needs.
    Unreadable,
}

/// The uploaded image checked by its content, decoded (within limits of size and
/// memory), turned upright, scaled down to `LOGO_SIDE` and encoded again as PNG: no
/// metadata (place, camera, comments) survives, and the file's size is bounded.
pub fn normalise_logo(bytes: &[u8]) -> Result<Bytes, ImageProblem> {
    normalise_image(bytes, LOGO_SIDE, ImageFormat::Png)
}

/// An uploaded image (PNG, JPEG or WebP by its content) decoded within limits, turned
/// upright, scaled down to `side` pixels at most and encoded again as `format` (PNG, or
/// JPEG at quality 85 without transparency): nothing of the original file's metadata
/// survives.
pub fn normalise_image(
    bytes: &[u8],
    side: u32,
    format: ImageFormat,
) -> Result<Bytes, ImageProblem> {
    let mut reader = ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| ImageProblem::NotAnImage)?;
    match reader.format() {
        Some(ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP) => {}
        _ => return Err(ImageProblem::NotAnImage),
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(DECODE_SIDE);
    limits.max_image_height = Some(DECODE_SIDE);
    limits.max_alloc = Some(128 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|_| ImageProblem::Unreadable)?;
    let orientation = decoder
        .orientation()
        .map_err(|_| ImageProblem::Unreadable)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| ImageProblem::Unreadable)?;
    img.apply_orientation(orientation);
    if img.width() > side || img.height() > side {
        img = img.resize(side, side, image::imageops::FilterType::Lanczos3);
    }
    let mut out = Vec::new();
    let mut cursor = std::io::Cursor::new(&mut out);
    if format == ImageFormat::Jpeg {
        let rgb = img.to_rgb8();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut cursor, 85)
            .encode_image(&rgb)
            .map_err(|_| ImageProblem::Unreadable)?;
    } else {
        let img = if img.color().has_alpha() {
            DynamicImage::ImageRgba8(img.to_rgba8())
        } else {
            DynamicImage::ImageRgb8(img.to_rgb8())
        };
        img.write_to(&mut cursor, ImageFormat::Png)
            .map_err(|_| ImageProblem::Unreadable)?;
    }
    Ok(Bytes::from(out))
}

/// The logo's version in its address (the file's id in its key).
pub fn logo_version(key: &str) -> Option<&str> {
    key.rsplit('/').next()?.strip_suffix(".png")
}

/// The logo's public address.
pub fn logo_url(org: Uuid, key: &str) -> Option<String> {
    logo_version(key).map(|v| format!("/api/v1/organisations/{org}/logo?v={v}"))
}

/// Replaces (or, with `None`, removes) the organisation's logo. The new file is stored
/// first under a key of its own; the profile then points to it in one transaction on the
/// revision `If-Match` names; only then is the old file removed. A failed change removes
/// the new file, so nothing is left behind and nothing a profile points to is lost.
#[allow(clippy::too_many_arguments)]
pub async fn set_logo(
    db: &Db,
    storage: &Storage,
    r: &Reference,
    viewer: &Viewer,
    id: Uuid,
    if_match_header: Option<&str>,
    upload: Option<Bytes>,
    now: DateTime<Utc>,
) -> Result<Organisation, ApiError> {
    let org = own(db, viewer, id).await?;
    let expected = if_match(if_match_header)?;
    let png = match upload {
        None => None,
        Some(bytes) => Some(normalise_logo(&bytes).map_err(|p| match p {
            ImageProblem::NotAnImage => ApiError::UnsupportedMediaType(LOGO_REFUSED),
            ImageProblem::Unreadable => ApiError::field(
                "logo",
                "invalid_image",
                "The image could not be read: it is damaged, or larger than 8192 pixels a side.",
            ),
        })?),
    };
    if org.revision != expected {
        return Err(ApiError::PreconditionFailed);
    }
    let key = png
        .as_ref()
        .map(|_| format!("logos/{}/{}.png", org.public_id, Uuid::new_v4().simple()));
    if let (Some(key), Some(png)) = (&key, png) {
        storage.put(key, png).await.map_err(storage_error)?;
    }
    let changed = point_to(db, viewer, &org, expected, key.clone(), now).await;
    match changed {
        Ok(()) => {
            if let Some(old) = &org.logo
                && let Err(e) = storage.delete(old).await
            {
                tracing::warn!(error = %e, "an old logo could not be removed from the storage");
            }
        }
        Err(e) => {
            if let Some(key) = &key
                && let Err(e) = storage.delete(key).await
            {
                tracing::warn!(error = %e, "a logo left unused could not be removed");
            }
            return Err(e);
        }
    }
    super::organisations::by_public_id(&**db, r, id)
        .await?
        .ok_or(ApiError::NotFound("organisation"))
}

async fn point_to(
    db: &Db,
    viewer: &Viewer,
    org: &organisations::Model,
    expected: i32,
    key: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let txn = db.write().await?;
    on_revision(&txn, org.id, expected, now, |q| {
        q.col_expr(organisations::Column::Logo, Expr::value(key))
    })
    .await?;
    super::audit::record_about(
        &txn,
        AuditAction::OrganisationLogoChanged,
        viewer.user.id,
        ("organisation", org.public_id),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

fn storage_error(e: crate::storage::StorageError) -> ApiError {
    ApiError::Internal(format!("storing a logo: {e}"))
}

/// The logo's bytes and version (anyone may read it), or 404.
pub async fn logo(db: &Db, storage: &Storage, id: Uuid) -> Result<(Bytes, String), ApiError> {
    let key = organisations::Entity::find()
        .filter(organisations::Column::PublicId.eq(id))
        .one(&**db)
        .await?
        .and_then(|o| o.logo)
        .ok_or(ApiError::NotFound("logo"))?;
    let version = logo_version(&key)
        .ok_or_else(|| ApiError::Internal("a logo key without a version".into()))?
        .to_owned();
    let bytes = storage
        .get(&key)
        .await
        .map_err(storage_error)?
        .ok_or(ApiError::NotFound("logo"))?;
    Ok((bytes, version))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Rgb, Rgba};

    fn encoded(img: DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut out = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut out), format)
            .unwrap();
        out
    }

    #[test]
    fn every_accepted_format_becomes_a_bounded_png() {
        let big = DynamicImage::ImageRgb8(ImageBuffer::from_fn(1200, 600, |x, y| {
            Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        }));
        for format in [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::WebP] {
            let png = normalise_logo(&encoded(big.clone(), format)).unwrap();
            let back = image::load_from_memory(&png).unwrap();
            assert_eq!(
                image::guess_format(&png).unwrap(),
                ImageFormat::Png,
                "{format:?}"
            );
            assert_eq!((back.width(), back.height()), (512, 256), "{format:?}");
        }
        // Small ones keep their size, and transparency.
        let small = DynamicImage::ImageRgba8(ImageBuffer::from_pixel(40, 30, Rgba([1, 2, 3, 0])));
        let back =
            image::load_from_memory(&normalise_logo(&encoded(small, ImageFormat::Png)).unwrap())
                .unwrap();
        assert_eq!((back.width(), back.height()), (40, 30));
        assert!(back.color().has_alpha());
    }

    #[test]
    fn metadata_does_not_survive() {
        // A PNG with a text chunk (tEXt "Comment" = a secret) before its end.
        let mut png = encoded(
            DynamicImage::ImageRgb8(ImageBuffer::from_pixel(8, 8, Rgb([9, 9, 9]))),
            ImageFormat::Png,
        );
        let iend = png.len() - 12;
        let data = b"Comment\0via Roma 1, Milano";
        let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
        chunk.extend_from_slice(b"tEXt");
        chunk.extend_from_slice(data);
        let crc = crc32(&chunk[4..]);
        chunk.extend_from_slice(&crc.to_be_bytes());
        png.splice(iend..iend, chunk);
        assert!(png.windows(10).any(|w| w == b"via Roma 1"));
        let out = normalise_logo(&png).unwrap();
        assert!(!out.windows(10).any(|w| w == b"via Roma 1"));
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for b in bytes {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn what_is_not_an_accepted_image_is_refused() {
        assert_eq!(
            normalise_logo(b"%PDF-1.7 not an image"),
            Err(ImageProblem::NotAnImage)
        );
        assert_eq!(
            normalise_logo(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            Err(ImageProblem::NotAnImage)
        );
        // A GIF (its header): an image, but not one of the three.
        let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04";
        assert_eq!(normalise_logo(gif), Err(ImageProblem::NotAnImage));
        // A PNG cut short.
        let png = encoded(
            DynamicImage::ImageRgb8(ImageBuffer::from_pixel(64, 64, Rgb([0, 0, 0]))),
            ImageFormat::Png,
        );
        assert_eq!(
            normalise_logo(&png[..png.len() / 2]),
            Err(ImageProblem::Unreadable)
        );
    }

    #[test]
    fn a_huge_canvas_is_refused_before_it_is_decoded() {
        // A valid PNG header announcing 100 000 × 100 000 pixels, a few bytes long.
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend_from_slice(&100_000u32.to_be_bytes());
        ihdr.extend_from_slice(&100_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        png.extend_from_slice(&13u32.to_be_bytes());
        png.extend_from_slice(&ihdr);
        png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
        assert_eq!(normalise_logo(&png), Err(ImageProblem::Unreadable));
    }

    #[test]
    fn the_profile_is_checked_field_by_field() {
        let ok = ProfileInput {
            description: "Cooperativa sociale".into(),
            address: Some("Via Roma 1, Milano".into()),
            phone: Some("+39 02 1234567".into()),
            email: Some("info@coop.it".into()),
            website: Some("https://www.coop.it/chi-siamo".into()),
            languages: vec!["it".into(), "es".into()],
        };
        assert!(check(&ok).is_empty());
        let bad = ProfileInput {
            description: "x".repeat(4001),
            address: Some("Via\u{0007}".into()),
            phone: Some("02-12".into()),
            email: Some("info@coop".into()),
            website: Some("javascript:alert(1)".into()),
            languages: vec!["xx".into(), "it".into(), "it".into()],
        };
        let mut fields: Vec<String> = check(&bad).into_iter().map(|e| e.field).collect();
        fields.sort();
        assert_eq!(
            fields,
            [
                "address",
                "description",
                "email",
                "languages",
                "languages[0]",
                "phone",
                "website"
            ]
        );
        // Empty optional fields are simply absent.
        let empty = ProfileInput {
            description: String::new(),
            address: Some(" ".into()),
            phone: Some(String::new()),
            email: None,
            website: Some(String::new()),
            languages: vec![],
        };
        assert!(check(&empty).is_empty());
    }
}
