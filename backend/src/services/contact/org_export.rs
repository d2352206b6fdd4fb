//! An organisation's threads as a file (issue 11): its administrators export them whole
//! (messages, quotes in versions, the family's coarse need), as its staff read them.
//! Reading a thread is not audited (the provider's own business); an export is, since a
//! copy leaves the platform.
use super::Ctx;
use super::read::thread_view;
use crate::api::contact::ThreadExport;
use crate::api::services::OrganisationRef;
use crate::auth::Viewer;
use crate::domain::Role;
use crate::domain::audit::AuditAction;
use crate::domain::contact::Side;
use crate::entities::{contact_requests, contact_threads, organisations};
use crate::error::ApiError;
use crate::services::audit;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use uuid::Uuid;

/// The most threads one export holds (the newest); a larger organisation exports by
/// period once that is needed.
pub const EXPORT_MAX: u64 = 10_000;

/// The organisation's threads, newest first, for one of its administrators (anyone else:
/// 404, as for a thread), recorded in the audit log with their count.
pub async fn export_threads(
    ctx: &Ctx<'_>,
    viewer: &Viewer,
    org: Uuid,
) -> Result<ThreadExport, ApiError> {
    let o = organisations::Entity::find()
        .filter(organisations::Column::PublicId.eq(org))
        .one(ctx.db)
        .await?
        // Its own administrators only: not the platform's (families' messages are the
        // provider's business; the city sees aggregates).
        .filter(|o| viewer.holds_in_organisation(Role::ProviderAdmin, o.id))
        .ok_or(ApiError::NotFound("organisation"))?;
    let threads = contact_threads::Entity::find()
        .filter(contact_threads::Column::OrganisationId.eq(o.id))
        .order_by_desc(contact_threads::Column::Id)
        .paginate(ctx.db, EXPORT_MAX)
        .fetch_page(0)
        .await?;
    let requests: HashMap<i32, contact_requests::Model> = contact_requests::Entity::find()
        .filter(contact_requests::Column::Id.is_in(threads.iter().map(|t| t.request_id)))
        .all(ctx.db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let mut items = Vec::with_capacity(threads.len());
    for t in &threads {
        let Some(r) = requests.get(&t.request_id) else {
            continue;
        };
        items.push(thread_view(ctx.db, ctx.reference, t, r, Side::Provider, ctx.now).await?);
    }
    let txn = ctx.db.write().await?;
    audit::record_about(
        &txn,
        AuditAction::ThreadsExported,
        viewer.user.id,
        ("organisation", o.public_id),
        Some(&format!("{} threads", items.len())),
        ctx.now,
    )
    .await?;
    txn.commit().await?;
    Ok(ThreadExport {
        organisation: OrganisationRef {
            id: o.public_id,
            legal_name: o.legal_name,
        },
        exported_at: ctx.now,
        threads: items,
    })
}
