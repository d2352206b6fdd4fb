//! The answer deadlines: a recurring job reminds at half time and expires at the end.
use super::*;

/// What one pass of the deadline job did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DeadlinePass {
    pub reminded: usize,
    pub expired: usize,
}

/// Reminds the providers of threads past half their time without an answer, and expires
/// the threads past their deadline (the family is told, so nobody waits in silence).
pub async fn run_deadlines(
    db: &Db,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<DeadlinePass, ApiError> {
    let mut pass = DeadlinePass::default();
    let due = contact_threads::Entity::find()
        .filter(contact_threads::Column::Status.eq(ThreadStatus::AwaitingAnswer))
        .filter(contact_threads::Column::DeadlineAt.lte(now))
        .order_by_asc(contact_threads::Column::DeadlineAt)
        .limit(500)
        .all(db)
        .await?;
    for t in due {
        let Some(r) = contact_requests::Entity::find_by_id(t.request_id)
            .one(db)
            .await?
        else {
            continue;
        };
        let txn = db.write().await?;
        match move_thread(&txn, &t, ThreadAction::Expire, |q| {
            q.col_expr(contact_threads::Column::EndedAt, Expr::value(now))
        })
        .await
        {
            Ok(_) => {}
            // Answered meanwhile: nothing to expire.
            Err(ApiError::Conflict(_)) => continue,
            Err(e) => return Err(e),
        }
        add_message(
            &txn,
            &t,
            Side::Platform,
            MessageKind::Notice,
            None,
            "thread_expired".into(),
            now,
        )
        .await?;
        let at = place(&txn, &t, &r).await?;
        interactions::record(
            &txn,
            InteractionKind::ThreadExpired,
            &at,
            Detail::default(),
            now,
        )
        .await?;
        tell(
            &txn,
            (public_url, now),
            &t,
            &r,
            Side::Family,
            NotificationKind::ThreadExpired,
        )
        .await?;
        settle_request(&txn, &r, now).await?;
        txn.commit().await?;
        pass.expired += 1;
    }
    let waiting = contact_threads::Entity::find()
        .filter(contact_threads::Column::Status.eq(ThreadStatus::AwaitingAnswer))
        .filter(contact_threads::Column::RemindedAt.is_null())
        .filter(contact_threads::Column::DeadlineAt.gt(now))
        .order_by_asc(contact_threads::Column::DeadlineAt)
        .limit(2000)
        .all(db)
        .await?;
    for t in waiting
        .into_iter()
        .filter(|t| now >= deadline::reminder_at(t.created_at, t.deadline_at))
    {
        let Some(r) = contact_requests::Entity::find_by_id(t.request_id)
            .one(db)
            .await?
        else {
            continue;
        };
        let txn = db.write().await?;
        let marked = contact_threads::Entity::update_many()
            .col_expr(contact_threads::Column::RemindedAt, Expr::value(now))
            .filter(contact_threads::Column::Id.eq(t.id))
            .filter(contact_threads::Column::RemindedAt.is_null())
            .filter(contact_threads::Column::Status.eq(ThreadStatus::AwaitingAnswer))
            .exec(&txn)
            .await?
            .rows_affected;
        if marked == 0 {
            continue;
        }
        tell(
            &txn,
            (public_url, now),
            &t,
            &r,
            Side::Provider,
            NotificationKind::ThreadAnswerDue,
        )
        .await?;
        txn.commit().await?;
        pass.reminded += 1;
    }
    Ok(pass)
}
