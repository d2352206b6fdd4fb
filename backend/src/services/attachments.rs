//! Attachments in threads (issue 11): PDF, JPEG or PNG files up to 10 MB, their type
//! checked by their content (not the name or the declared type alone), kept through the
//! storage interface under a key the code makes (`attachments/<thread>/<id>`), and
//! given only to the thread's family and the organisation's staff. A file is uploaded
//! to a thread first and then sent with a message (once); files never sent are dropped
//! after a day.
use super::contact::{Ctx, visible_thread};
use crate::api::contact::Attachment;
use crate::auth::Viewer;
use crate::domain::contact::{Side, ThreadAction};
use crate::entities::message_attachments;
use crate::error::{ApiError, FieldError};
use crate::input::forbidden_char;
use crate::storage::Storage;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter,
};
use uuid::Uuid;

/// The largest attachment (bytes).
pub const LIMIT: usize = 10 * 1024 * 1024;
/// The types accepted, as declared in `Content-Type`.
pub const TYPES: [&str; 3] = ["application/pdf", "image/jpeg", "image/png"];
/// What a refused type is told.
pub const REFUSED: &str = "Send a PDF, JPEG or PNG file (Content-Type application/pdf, image/jpeg or image/png), at most 10 MB.";
/// The most files one thread holds.
const PER_THREAD: u64 = 50;
/// The longest file name kept (characters).
const NAME_MAX: usize = 120;

/// What the bytes are, from their first bytes (the declared type must agree).
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"\xFF\xD8\xFF") {
        Some("image/jpeg")
    } else {
        None
    }
}

/// A file name safe to store and to send back in `Content-Disposition`: no path, no
/// control or bidirectional characters, at most 120 characters; a default otherwise.
pub fn clean_name(raw: Option<&str>, content_type: &str) -> String {
    let base = raw
        .unwrap_or("")
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !forbidden_char(*c, false) && *c != '"')
        .take(NAME_MAX)
        .collect::<String>();
    let base = base.trim().trim_start_matches('.').to_owned();
    if base.is_empty() {
        match content_type {
            "application/pdf" => "documento.pdf".into(),
            "image/png" => "immagine.png".into(),
            _ => "immagine.jpg".into(),
        }
    } else {
        base
    }
}

/// Uploads a file to a thread the viewer takes part in (and may still write in).
pub async fn upload(
    ctx: &Ctx<'_>,
    storage: &Storage,
    viewer: &Viewer,
    thread: Uuid,
    declared: &str,
    filename: Option<&str>,
    bytes: bytes::Bytes,
) -> Result<Attachment, ApiError> {
    let (t, _, side) = visible_thread(ctx.db, viewer, thread).await?;
    let action = if side == Side::Provider {
        ThreadAction::ProviderAnswers
    } else {
        ThreadAction::FamilyWrites
    };
    t.status.apply(action).map_err(super::contact::conflict)?;
    if sniff(&bytes) != Some(declared) {
        return Err(ApiError::Validation(vec![FieldError::new(
            "file",
            "type_mismatch",
            "The file's content is not the declared type: send a real PDF, JPEG or PNG.",
        )]));
    }
    let held = message_attachments::Entity::find()
        .filter(message_attachments::Column::ThreadId.eq(t.id))
        .count(ctx.db)
        .await?;
    if held >= PER_THREAD {
        return Err(ApiError::Conflict(
            "This thread already holds 50 files: send the next ones another way.",
        ));
    }
    let id = Uuid::now_v7();
    let key = format!("attachments/{}/{id}", t.public_id);
    storage
        .put(&key, bytes.clone())
        .await
        .map_err(|e| ApiError::Internal(format!("storage: {e}")))?;
    let txn = ctx.db.write().await?;
    let row = message_attachments::ActiveModel {
        public_id: Set(id),
        thread_id: Set(t.id),
        message_id: Set(None),
        uploader_id: Set(Some(viewer.user.id)),
        storage_key: Set(key),
        filename: Set(clean_name(filename, declared)),
        content_type: Set(declared.to_owned()),
        size_bytes: Set(i64::try_from(bytes.len()).unwrap_or(i64::MAX)),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(super::contact::attachment_view(&row))
}

/// A file's bytes, for the thread's participants: a sent file, or one's own upload.
pub async fn download(
    ctx: &Ctx<'_>,
    storage: &Storage,
    viewer: &Viewer,
    id: Uuid,
) -> Result<(message_attachments::Model, bytes::Bytes), ApiError> {
    let a = message_attachments::Entity::find()
        .filter(message_attachments::Column::PublicId.eq(id))
        .one(ctx.db)
        .await?
        .ok_or(ApiError::NotFound("attachment"))?;
    let t = crate::entities::contact_threads::Entity::find_by_id(a.thread_id)
        .one(ctx.db)
        .await?
        .ok_or(ApiError::NotFound("attachment"))?;
    visible_thread(ctx.db, viewer, t.public_id)
        .await
        .map_err(|_| ApiError::NotFound("attachment"))?;
    if a.message_id.is_none() && a.uploader_id != Some(viewer.user.id) {
        return Err(ApiError::NotFound("attachment"));
    }
    let bytes = storage
        .get(&a.storage_key)
        .await
        .map_err(|e| ApiError::Internal(format!("storage: {e}")))?
        .ok_or(ApiError::NotFound("attachment"))?;
    Ok((a, bytes))
}

/// Drops the files uploaded more than a day ago and never sent (housekeeping).
pub async fn prune(
    db: &crate::db::Db,
    storage: &Storage,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let stale = message_attachments::Entity::find()
        .filter(message_attachments::Column::MessageId.is_null())
        .filter(message_attachments::Column::CreatedAt.lt(now - Duration::days(1)))
        .all(db)
        .await?;
    let mut dropped = 0;
    for a in stale {
        if storage.delete(&a.storage_key).await.is_ok() {
            let txn = db.write().await?;
            message_attachments::Entity::delete_by_id(a.id)
                .filter(message_attachments::Column::MessageId.is_null())
                .exec(&txn)
                .await?;
            txn.commit().await?;
            dropped += 1;
        }
    }
    Ok(dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_content() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0..JFIF"), Some("image/jpeg"));
        assert_eq!(sniff(b"MZ\x90\x00"), None);
        assert_eq!(sniff(b"<html>"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn names_lose_paths_and_control_characters() {
        assert_eq!(
            clean_name(Some("../../etc/passwd"), "application/pdf"),
            "passwd"
        );
        assert_eq!(
            clean_name(Some("C:\\tmp\\certificato.pdf"), "application/pdf"),
            "certificato.pdf"
        );
        assert_eq!(
            clean_name(Some("a\u{202E}fdp.exe"), "application/pdf"),
            "afdp.exe"
        );
        assert_eq!(clean_name(Some("\"x\".png"), "image/png"), "x.png");
        assert_eq!(clean_name(None, "image/png"), "immagine.png");
        assert_eq!(clean_name(Some(".."), "image/jpeg"), "immagine.jpg");
        assert_eq!(
            clean_name(Some(&"a".repeat(300)), "image/png")
                .chars()
                .count(),
            120
        );
    }
}
