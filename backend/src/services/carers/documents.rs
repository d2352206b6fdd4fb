//! Carers' certificates (issue 12): a carer uploads a certificate of a kind the
//! vocabulary names (PDF, JPEG or PNG, at most 10 MB, its type checked by its content),
//! through the storage interface under a key the code makes
//! (`certificates/<registration>/<id>`); an operator of the registry verifies or
//! rejects it (with a note the carer reads). Verified certificates are the badges
//! families see on a listed carer's profile; the file itself is for the carer and the
//! registry's operators of the carer's municipality only.
//!
//! A carer holds at most [`DOCUMENTS_MAX`] certificates: the upload takes the
//! registration's row first, so twenty uploads at once keep the limit. A decision is a
//! conditional update on a pending certificate: two operators at once make one decision
//! and the other gets 409.
use super::{registered, registry_tenants};
use crate::api::carers::{CarerDocument, DOCUMENTS_MAX, NOTE_MAX, NewDocumentDecision};
use crate::api::notifications::NotificationKind;
use crate::auth::Viewer;
use crate::db::Db;
use crate::domain::audit::AuditAction;
use crate::domain::registry::{DocumentDecision, DocumentStatus};
use crate::entities::{carer_documents, carers};
use crate::error::{ApiError, FieldError};
use crate::reference::Reference;
use crate::services::attachments::{clean_name, sniff};
use crate::services::contact::check_text;
use crate::services::{audit, notifications};
use crate::storage::Storage;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The storage keys' prefix.
const PREFIX: &str = "certificates/";

/// What the carer and the operators see of a certificate.
pub(super) fn view(d: &carer_documents::Model) -> CarerDocument {
    CarerDocument {
        id: d.public_id,
        kind: d.kind.clone(),
        filename: d.title.clone(),
        content_type: d.content_type.clone(),
        size_bytes: d.size_bytes,
        status: d.status,
        note: d.note.clone(),
        created_at: d.created_at,
        decided_at: d.verified_at,
    }
}

/// The certificates of some registrations, oldest first.
pub(super) async fn of(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<HashMap<i32, Vec<CarerDocument>>, ApiError> {
    let mut out: HashMap<i32, Vec<CarerDocument>> = HashMap::new();
    for d in carer_documents::Entity::find()
        .filter(carer_documents::Column::CarerId.is_in(ids.iter().copied()))
        .order_by_asc(carer_documents::Column::CreatedAt)
        .order_by_asc(carer_documents::Column::Id)
        .all(db)
        .await?
    {
        out.entry(d.carer_id).or_default().push(view(&d));
    }
    Ok(out)
}

/// The badges of some carers: the kinds of their verified certificates, in the
/// vocabulary's order, each once.
pub(super) async fn badges(
    db: &impl ConnectionTrait,
    r: &Reference,
    ids: &[i32],
) -> Result<HashMap<i32, Vec<String>>, ApiError> {
    let rows: Vec<(i32, String)> = carer_documents::Entity::find()
        .select_only()
        .column(carer_documents::Column::CarerId)
        .column(carer_documents::Column::Kind)
        .filter(carer_documents::Column::CarerId.is_in(ids.iter().copied()))
        .filter(carer_documents::Column::Status.eq(DocumentStatus::Verified))
        .into_tuple()
        .all(db)
        .await?;
    let mut kinds: HashMap<i32, HashSet<String>> = HashMap::new();
    for (carer, kind) in rows {
        kinds.entry(carer).or_default().insert(kind);
    }
    Ok(kinds
        .into_iter()
        .map(|(carer, held)| {
            let ordered = r
                .matching
                .certificates
                .iter()
                .filter(|c| held.contains(&c.code))
                .map(|c| c.code.clone())
                .collect();
            (carer, ordered)
        })
        .collect())
}

/// The viewer's own registration (none: not found).
pub(super) async fn own(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
) -> Result<carers::Model, ApiError> {
    carers::Entity::find()
        .filter(carers::Column::UserId.eq(viewer.user.id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("registration"))
}

/// Checks, before the body is read, that the viewer may upload a certificate of `kind`:
/// their own registration.
pub async fn may_upload(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    kind: &str,
) -> Result<carers::Model, ApiError> {
    let carer = own(db, viewer).await?;
    // The limit told before 10 MB are read (checked again, held, when storing).
    let held = carer_documents::Entity::find()
        .filter(carer_documents::Column::CarerId.eq(carer.id))
        .count(db)
        .await?;
    if held >= DOCUMENTS_MAX {
        return Err(ApiError::Conflict(
            "You keep 10 certificates already: remove one before adding another.",
        ));
    }
    if r.matching.certificate(kind).is_none() {
        return Err(ApiError::field(
            "kind",
            "unknown",
            "Not a kind of certificate of the vocabulary (GET /api/v1/matching/vocabulary).",
        ));
    }
    Ok(carer)
}

/// Uploads a certificate to `carer`'s registration (the viewer's own, as
/// [`may_upload`] answered before the body was read); it waits for an operator.
#[allow(clippy::too_many_arguments)]
pub async fn upload(
    db: &Db,
    storage: &Storage,
    carer: &carers::Model,
    kind: &str,
    declared: &str,
    filename: Option<&str>,
    bytes: bytes::Bytes,
    now: DateTime<Utc>,
) -> Result<CarerDocument, ApiError> {
    if sniff(&bytes) != Some(declared) {
        return Err(ApiError::Validation(vec![FieldError::new(
            "file",
            "type_mismatch",
            "The file's content is not the declared type: send a real PDF, JPEG or PNG.",
        )]));
    }
    let id = Uuid::now_v7();
    let key = format!("{PREFIX}{}/{id}", carer.public_id);
    storage
        .put(&key, bytes.clone())
        .await
        .map_err(|e| ApiError::Internal(format!("storage: {e}")))?;
    let stored = store(
        db,
        carer,
        id,
        &key,
        kind,
        declared,
        filename,
        bytes.len(),
        now,
    )
    .await;
    if stored.is_err() {
        // Nothing half written: the file goes with the refused row (the sweep catches
        // it if this fails too).
        let _ = storage.delete(&key).await;
    }
    stored
}

#[allow(clippy::too_many_arguments)]
async fn store(
    db: &Db,
    carer: &carers::Model,
    id: Uuid,
    key: &str,
    kind: &str,
    declared: &str,
    filename: Option<&str>,
    len: usize,
    now: DateTime<Utc>,
) -> Result<CarerDocument, ApiError> {
    let txn = db.write().await?;
    // The registration's row first: uploads at once are counted one after the other,
    // and a registration erased meanwhile (with its account) is not there: 404.
    let mine = sea_orm::Condition::all().add(carers::Column::Id.eq(carer.id));
    if !txn.take::<carers::Entity>(carers::Column::Id, mine).await? {
        return Err(ApiError::NotFound("registration"));
    }
    let held = carer_documents::Entity::find()
        .filter(carer_documents::Column::CarerId.eq(carer.id))
        .count(&txn)
        .await?;
    if held >= DOCUMENTS_MAX {
        return Err(ApiError::Conflict(
            "You keep 10 certificates already: remove one before adding another.",
        ));
    }
    let row = carer_documents::ActiveModel {
        public_id: Set(id),
        carer_id: Set(carer.id),
        title: Set(clean_name(filename, declared)),
        storage_key: Set(key.to_owned()),
        content_type: Set(declared.to_owned()),
        size_bytes: Set(i64::try_from(len).unwrap_or(i64::MAX)),
        verified_at: Set(None),
        verified_by: Set(None),
        created_at: Set(now),
        kind: Set(kind.to_owned()),
        status: Set(DocumentStatus::Pending),
        note: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(view(&row))
}

/// Removes one of the viewer's own certificates (a verified one takes its badge with
/// it), then its file.
pub async fn remove(db: &Db, storage: &Storage, viewer: &Viewer, id: Uuid) -> Result<(), ApiError> {
    let txn = db.write().await?;
    let carer = own(&txn, viewer).await?;
    let d = carer_documents::Entity::find()
        .filter(carer_documents::Column::PublicId.eq(id))
        .filter(carer_documents::Column::CarerId.eq(carer.id))
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("certificate"))?;
    carer_documents::Entity::delete_by_id(d.id)
        .exec(&txn)
        .await?;
    txn.commit().await?;
    // A file left behind by a failure here is swept later.
    let _ = storage.delete(&d.storage_key).await;
    Ok(())
}

/// A certificate's file, for its carer and the registry's operators of the carer's
/// municipality (anyone else: not found).
pub async fn download(
    db: &Db,
    storage: &Storage,
    viewer: &Viewer,
    id: Uuid,
) -> Result<(carer_documents::Model, bytes::Bytes), ApiError> {
    let d = carer_documents::Entity::find()
        .filter(carer_documents::Column::PublicId.eq(id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("certificate"))?;
    let carer = carers::Entity::find_by_id(d.carer_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("certificate"))?;
    if carer.user_id != viewer.user.id && !registry_tenants(viewer).contains(&carer.tenant_id) {
        return Err(ApiError::NotFound("certificate"));
    }
    let bytes = storage
        .get(&d.storage_key)
        .await
        .map_err(|e| ApiError::Internal(format!("storage: {e}")))?
        .ok_or(ApiError::NotFound("certificate"))?;
    Ok((d, bytes))
}

/// An operator verifies or rejects a pending certificate of their registry; the carer
/// is told. Answers the registration as it now stands.
#[allow(clippy::too_many_arguments)]
pub async fn decide(
    db: &Db,
    r: &Reference,
    photos: super::PhotoLinks<'_>,
    viewer: &Viewer,
    registration: Uuid,
    id: Uuid,
    d: NewDocumentDecision,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<crate::api::carers::CarerRegistration, ApiError> {
    let txn = db.write().await?;
    let carer = registered(&txn, viewer, registration).await?;
    let doc = carer_documents::Entity::find()
        .filter(carer_documents::Column::PublicId.eq(id))
        .filter(carer_documents::Column::CarerId.eq(carer.id))
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("certificate"))?;
    let mut errors = Vec::new();
    let note = d
        .note
        .as_deref()
        .map(|n| check_text(&mut errors, "note", n, false, NOTE_MAX))
        .filter(|n| !n.is_empty());
    if d.decision == DocumentDecision::Reject && note.is_none() && errors.is_empty() {
        errors.push(FieldError::new(
            "note",
            "required",
            "Say why the certificate is rejected: the carer reads it.",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    if carer.user_id == viewer.user.id {
        return Err(ApiError::Forbidden(
            "Your own certificates are checked by another operator.",
        ));
    }
    if doc.status != DocumentStatus::Pending {
        return Err(ApiError::Conflict("This certificate was decided already."));
    }
    let to = d.decision.status();
    let moved = carer_documents::Entity::update_many()
        .col_expr(carer_documents::Column::Status, Expr::value(to.to_value()))
        .col_expr(carer_documents::Column::Note, Expr::value(note.clone()))
        .col_expr(carer_documents::Column::VerifiedAt, Expr::value(now))
        .col_expr(
            carer_documents::Column::VerifiedBy,
            Expr::value(viewer.user.id),
        )
        .filter(carer_documents::Column::Id.eq(doc.id))
        .filter(carer_documents::Column::Status.eq(DocumentStatus::Pending))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(ApiError::Conflict(
            "Another operator decided on this certificate at the same time.",
        ));
    }
    audit::record_about(
        &txn,
        AuditAction::CarerDocumentDecided,
        viewer.user.id,
        ("carer", carer.public_id),
        Some(d.decision.to_value().as_str()),
        now,
    )
    .await?;
    notifications::event(
        &txn,
        &[carer.user_id],
        NotificationKind::CertificateChecked,
        ("carer", carer.public_id),
        &carer.first_name,
        public_url,
        now,
    )
    .await?;
    let view = super::view::view_one(&txn, r, Some(photos), carer).await?;
    txn.commit().await?;
    Ok(view)
}

/// Removes the stored certificates no row names any more (an account deleted, a failed
/// write), once they are an hour old: an upload in progress stores its file first.
pub async fn sweep(db: &Db, storage: &Storage, now: DateTime<Utc>) -> Result<u64, sea_orm::DbErr> {
    sweep_unnamed::<carer_documents::Entity>(
        db,
        storage,
        PREFIX,
        carer_documents::Column::StorageKey,
        now,
    )
    .await
}

/// Removes the stored files under `prefix` that no row of `E` names in `column`, once
/// they are an hour old (their key's last part is a UUID v7).
pub(super) async fn sweep_unnamed<E: EntityTrait>(
    db: &Db,
    storage: &Storage,
    prefix: &str,
    column: E::Column,
    now: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let keys = match storage.keys(prefix).await {
        Ok(keys) => keys,
        Err(e) => {
            // The next round tries again.
            tracing::warn!(error = %e, prefix, "the storage's sweep could not list the files");
            return Ok(0);
        }
    };
    let hour_ago = now - Duration::hours(1);
    let old: Vec<String> = keys
        .into_iter()
        .filter(|k| made_at(k).is_some_and(|t| t < hour_ago))
        .collect();
    let mut dropped = 0;
    for chunk in old.chunks(500) {
        let kept: HashSet<String> = E::find()
            .select_only()
            .column(column)
            .filter(column.is_in(chunk.iter().cloned()))
            .into_tuple::<String>()
            .all(&**db)
            .await?
            .into_iter()
            .collect();
        for k in chunk.iter().filter(|k| !kept.contains(*k)) {
            if storage.delete(k).await.is_ok() {
                dropped += 1;
            }
        }
    }
    Ok(dropped)
}

/// When a key was made: its last part is a time-ordered id (UUID v7), perhaps with an
/// extension.
fn made_at(key: &str) -> Option<DateTime<Utc>> {
    let name = key.rsplit('/').next()?;
    let id = Uuid::parse_str(name.split_once('.').map_or(name, |(id, _)| id)).ok()?;
    let (secs, nanos) = id.get_timestamp()?.to_unix();
    DateTime::from_timestamp(i64::try_from(secs).ok()?, nanos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_tells_when_it_was_made() {
        let id = Uuid::now_v7();
        let at = made_at(&format!("certificates/{}/{id}", Uuid::new_v4())).unwrap();
        assert!((Utc::now() - at).num_seconds().abs() < 5);
        assert!(made_at("certificates/x/not-a-uuid").is_none());
        let photo = made_at(&format!("carer-photos/x/{id}.jpg")).unwrap();
        assert_eq!(photo, at);
        assert!(made_at(&format!("certificates/x/{}", Uuid::new_v4())).is_none());
    }
}
