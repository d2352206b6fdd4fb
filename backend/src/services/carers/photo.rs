//! A carer's optional photo (issue 12): the carer uploads it (PNG, JPEG or WebP, at most
//! 2 MB); it is checked by its content, decoded, turned upright, scaled down to
//! [`PHOTO_SIDE`] pixels and stored again as JPEG, so nothing of the original file's
//! metadata (the place it was taken, the camera) survives. It is stored through the
//! storage interface under `carer-photos/<registration>/<UUID v7>.jpg`.
//!
//! An `<img>` sends no bearer token, so the photo is served at an address that carries
//! its own permission: `/api/v1/carer-photos/<token>?v=<version>`, the token signed
//! (`auth::links`, purpose `CarerPhoto`) over the carer's id and the hour it stops
//! working, one to two hours after it was made. Only a response that may show the carer
//! carries it: the carer's own registration, the registry's operators' views of it, and
//! a listed carer's profile for signed-in people. A bad, expired or stale address (the
//! photo changed or went) is the same 404.
//!
//! A change takes the registration's row first, so of several uploads at once each
//! removes exactly the file it replaced; the sweep removes files no row names (an
//! account erased, a write that failed).
use super::view::view_one;
use crate::api::carers::CarerRegistration;
use crate::auth::Viewer;
use crate::auth::links::{LinkPurpose, LinkSigner};
use crate::db::Db;
use crate::entities::carers;
use crate::error::ApiError;
use crate::reference::Reference;
use crate::services::profiles::{ImageProblem, normalise_image};
use crate::storage::Storage;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use image::ImageFormat;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, sea_query::Expr};
use uuid::Uuid;

/// The largest photo accepted (bytes).
pub const PHOTO_LIMIT: usize = 2 * 1024 * 1024;
/// The media types a photo may be sent as.
pub const PHOTO_TYPES: [&str; 3] = ["image/png", "image/jpeg", "image/webp"];
/// What a photo of another type is told.
pub const PHOTO_REFUSED: &str = "Send the photo as a PNG, JPEG or WebP image (Content-Type image/png, image/jpeg or image/webp), at most 2 MB.";
/// The longest side of a stored photo (pixels).
pub const PHOTO_SIDE: u32 = 480;
/// The storage keys' prefix.
pub(super) const PREFIX: &str = "carer-photos/";

/// Makes the photos' addresses of one response: the signer and the time of the request.
#[derive(Clone, Copy)]
pub struct PhotoLinks<'a> {
    links: &'a LinkSigner,
    now: DateTime<Utc>,
}

impl<'a> PhotoLinks<'a> {
    pub fn new(links: &'a LinkSigner, now: DateTime<Utc>) -> Self {
        Self { links, now }
    }

    /// The address of the photo stored at `key` of the carer `carer` (none: `None`).
    /// Everyone asking within the same hour gets the same address, which a browser may
    /// keep until it stops working.
    pub fn url(&self, carer: Uuid, key: Option<&str>) -> Option<String> {
        let version = version(key?)?;
        let token = self
            .links
            .sign(LinkPurpose::CarerPhoto, carer, hour(self.now) + 2);
        Some(format!("/api/v1/carer-photos/{token}?v={version}"))
    }
}

/// The hours since 1970 (the tokens' clock).
fn hour(t: DateTime<Utc>) -> i32 {
    i32::try_from(t.timestamp().div_euclid(3600)).unwrap_or(i32::MAX)
}

/// The photo's version in its address: the file's id in its key.
fn version(key: &str) -> Option<&str> {
    key.rsplit('/').next()?.strip_suffix(".jpg")
}

/// Seconds an answer for `token` may be kept: until the token stops working.
pub fn max_age(links: &LinkSigner, token: &str, now: DateTime<Utc>) -> i64 {
    links
        .verify(LinkPurpose::CarerPhoto, token)
        .map_or(0, |(_, until)| {
            (i64::from(until) * 3600 - now.timestamp()).clamp(0, 7200)
        })
}

/// The photo an address names (anyone holding it), or the same 404 for a token that is
/// not ours, expired, or names a photo since changed or removed.
pub async fn serve(
    db: &Db,
    storage: &Storage,
    links: &LinkSigner,
    token: &str,
    v: &str,
    now: DateTime<Utc>,
) -> Result<Bytes, ApiError> {
    let gone = || ApiError::NotFound("photo");
    let (carer, until) = links
        .verify(LinkPurpose::CarerPhoto, token)
        .ok_or_else(gone)?;
    if hour(now) >= until {
        return Err(gone());
    }
    let key: String = carers::Entity::find()
        .select_only()
        .column(carers::Column::PhotoKey)
        .filter(carers::Column::PublicId.eq(carer))
        .into_tuple::<Option<String>>()
        .one(&**db)
        .await?
        .flatten()
        .ok_or_else(gone)?;
    if version(&key) != Some(v) {
        return Err(gone());
    }
    storage
        .get(&key)
        .await
        .map_err(|e| ApiError::Internal(format!("storage: {e}")))?
        .ok_or_else(gone)
}

/// Replaces (or, with `None`, removes) the viewer's own photo. The new file is stored
/// first; the registration then names it in one transaction; only then is the file it
/// replaced removed. A failed change removes the new file.
pub async fn set(
    db: &Db,
    storage: &Storage,
    r: &Reference,
    photos: PhotoLinks<'_>,
    carer: &carers::Model,
    upload: Option<Bytes>,
) -> Result<CarerRegistration, ApiError> {
    let jpeg = match upload {
        None => None,
        Some(bytes) => Some(
            normalise_image(&bytes, PHOTO_SIDE, ImageFormat::Jpeg).map_err(|p| match p {
                ImageProblem::NotAnImage => ApiError::UnsupportedMediaType(PHOTO_REFUSED),
                ImageProblem::Unreadable => ApiError::field(
                    "photo",
                    "invalid_image",
                    "The image could not be read: it is damaged, or larger than 8192 pixels a side.",
                ),
            })?,
        ),
    };
    let key = jpeg
        .as_ref()
        .map(|_| format!("{PREFIX}{}/{}.jpg", carer.public_id, Uuid::now_v7()));
    if let (Some(key), Some(jpeg)) = (&key, jpeg) {
        storage
            .put(key, jpeg)
            .await
            .map_err(|e| ApiError::Internal(format!("storage: {e}")))?;
    }
    match point_to(db, r, photos, carer.id, key.clone()).await {
        Ok((replaced, view)) => {
            if let Some(old) = replaced
                && Some(&old) != key.as_ref()
                && let Err(e) = storage.delete(&old).await
            {
                // The sweep removes it later.
                tracing::warn!(error = %e, "a replaced photo could not be removed");
            }
            Ok(view)
        }
        Err(e) => {
            if let Some(key) = &key
                && storage.delete(key).await.is_err()
            {
                tracing::warn!("a photo left unused could not be removed");
            }
            Err(e)
        }
    }
}

/// Points the registration to `key`: the key it named before, and the new view.
async fn point_to(
    db: &Db,
    r: &Reference,
    photos: PhotoLinks<'_>,
    id: i32,
    key: Option<String>,
) -> Result<(Option<String>, CarerRegistration), ApiError> {
    let txn = db.write().await?;
    // The row first (PostgreSQL locks it): changes at once take turns, and each reads
    // the key the one before it wrote.
    carers::Entity::update_many()
        .col_expr(carers::Column::UpdatedAt, Expr::value(photos.now))
        .filter(carers::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    let row = carers::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("registration"))?;
    let replaced = row.photo_key.clone();
    carers::Entity::update_many()
        .col_expr(carers::Column::PhotoKey, Expr::value(key.clone()))
        .filter(carers::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    let row = carers::Model {
        photo_key: key,
        ..row
    };
    let view = view_one(&txn, r, Some(photos), row).await?;
    txn.commit().await?;
    Ok((replaced, view))
}

/// Removes the stored photos no registration names any more, once an hour old.
pub async fn sweep(db: &Db, storage: &Storage, now: DateTime<Utc>) -> Result<u64, sea_orm::DbErr> {
    super::documents::sweep_unnamed::<carers::Entity>(
        db,
        storage,
        PREFIX,
        carers::Column::PhotoKey,
        now,
    )
    .await
}

/// The viewer's own registration, for a change of photo (none: 404).
pub async fn own(db: &Db, viewer: &Viewer) -> Result<carers::Model, ApiError> {
    super::documents::own(&**db, viewer).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn an_address_works_for_one_to_two_hours_and_names_its_version() {
        let links = LinkSigner::new(b"secret");
        let at = Utc.with_ymd_and_hms(2026, 12, 2, 10, 59, 0).unwrap();
        let carer = Uuid::now_v7();
        let key = format!("carer-photos/{carer}/{}.jpg", Uuid::now_v7());
        let url = PhotoLinks::new(&links, at).url(carer, Some(&key)).unwrap();
        let (path, v) = url.split_once("?v=").unwrap();
        assert_eq!(Some(v), version(&key));
        let token = path.rsplit('/').next().unwrap();
        let (id, until) = links.verify(LinkPurpose::CarerPhoto, token).unwrap();
        assert_eq!(id, carer);
        // Made at 10:59: it works until noon, not after.
        assert_eq!(
            i64::from(until) * 3600,
            Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0)
                .unwrap()
                .timestamp()
        );
        assert_eq!(max_age(&links, token, at), 3660);
        assert_eq!(max_age(&links, "junk", at), 0);
        assert_eq!(PhotoLinks::new(&links, at).url(carer, None), None);
        assert_eq!(version("carer-photos/x/y.png"), None);
    }
}
