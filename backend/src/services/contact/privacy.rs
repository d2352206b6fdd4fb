//! A family's side of contact and the account's rights: the export holds the person's
//! requests with their threads and messages; deleting the account withdraws its open
//! requests (the providers are told, nobody waits for an answer that cannot come) and
//! erases its texts, leaving the threads to the providers without a name or a word of
//! the person's.
use super::*;
use crate::api::contact::{ExportedMessage, ExportedRequest, ExportedThread};

/// The person's requests, newest first, with every thread and message in them.
pub async fn export(
    db: &impl ConnectionTrait,
    reference: &Reference,
    user_id: i32,
) -> Result<Vec<ExportedRequest>, ApiError> {
    let requests = contact_requests::Entity::find()
        .filter(contact_requests::Column::CitizenId.eq(user_id))
        .order_by_desc(contact_requests::Column::Id)
        .all(db)
        .await?;
    let threads = contact_threads::Entity::find()
        .filter(contact_threads::Column::RequestId.is_in(requests.iter().map(|r| r.id)))
        .order_by_asc(contact_threads::Column::Id)
        .all(db)
        .await?;
    let orgs: HashMap<i32, String> = organisations::Entity::find()
        .filter(organisations::Column::Id.is_in(threads.iter().map(|t| t.organisation_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.legal_name))
        .collect();
    let messages = thread_messages::Entity::find()
        .filter(thread_messages::Column::ThreadId.is_in(threads.iter().map(|t| t.id)))
        .order_by_asc(thread_messages::Column::Id)
        .all(db)
        .await?;
    Ok(requests
        .iter()
        .map(|r| ExportedRequest {
            id: r.public_id,
            status: r.status,
            message: r.message.clone(),
            need: need(reference, r),
            created_at: r.created_at,
            threads: threads
                .iter()
                .filter(|t| t.request_id == r.id)
                .map(|t| ExportedThread {
                    id: t.public_id,
                    organisation: orgs.get(&t.organisation_id).cloned().unwrap_or_default(),
                    status: t.status,
                    messages: messages
                        .iter()
                        .filter(|m| m.thread_id == t.id)
                        .map(|m| ExportedMessage {
                            side: m.side,
                            kind: m.kind,
                            body: m.body.clone(),
                            created_at: m.created_at,
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect())
}

/// What a deleted account leaves in the threads: its open requests withdrawn (with the
/// providers told), its request texts and messages replaced, the links to it cut.
/// Runs in the deletion's transaction.
pub async fn forget(
    txn: &WriteTxn,
    public_url: &str,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    const ERASED: &str = "—";
    let requests = contact_requests::Entity::find()
        .filter(contact_requests::Column::CitizenId.eq(user_id))
        .all(txn)
        .await?;
    for r in requests.iter().filter(|r| r.status == RequestStatus::Open) {
        contact_requests::Entity::update_many()
            .col_expr(
                contact_requests::Column::Status,
                Expr::value(RequestStatus::Withdrawn),
            )
            .filter(contact_requests::Column::Id.eq(r.id))
            .exec(txn)
            .await?;
        let threads = contact_threads::Entity::find()
            .filter(contact_threads::Column::RequestId.eq(r.id))
            .all(txn)
            .await?;
        for t in threads.iter().filter(|t| t.status.is_live()) {
            close_thread(txn, t, r, CloseReason::RequestWithdrawn, now).await?;
            tell(
                txn,
                (public_url, now),
                t,
                r,
                Side::Provider,
                NotificationKind::ThreadClosed,
            )
            .await?;
        }
    }
    contact_requests::Entity::update_many()
        .col_expr(contact_requests::Column::Message, Expr::value(ERASED))
        .col_expr(
            contact_requests::Column::CitizenId,
            Expr::value(Option::<i32>::None),
        )
        .col_expr(contact_requests::Column::UpdatedAt, Expr::value(now))
        .filter(contact_requests::Column::CitizenId.eq(user_id))
        .exec(txn)
        .await?;
    thread_messages::Entity::update_many()
        .col_expr(thread_messages::Column::Body, Expr::value(ERASED))
        .col_expr(
            thread_messages::Column::AuthorId,
            Expr::value(Option::<i32>::None),
        )
        .filter(thread_messages::Column::AuthorId.eq(user_id))
        .filter(thread_messages::Column::Side.eq(Side::Family))
        .exec(txn)
        .await?;
    crate::entities::orders::Entity::update_many()
        .col_expr(
            crate::entities::orders::Column::CitizenId,
            Expr::value(Option::<i32>::None),
        )
        .filter(crate::entities::orders::Column::CitizenId.eq(user_id))
        .exec(txn)
        .await?;
    Ok(())
}
