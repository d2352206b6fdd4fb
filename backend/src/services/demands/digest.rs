//! The daily digest of new offers (issue 12): each open need whose family has not heard
//! of it for a day is looked at for the services published and the carers listed since it
//! was last looked at (or since it was described), through the ranking's hard filters;
//! if any scores at least `THRESHOLD`, the family gets one notification (in the app and
//! by mail) however many there are. Run by the recurring job `MatchDigest`; `now` is the
//! caller's (tests pass theirs). Two runners at once: the mark is a conditional update,
//! so each need is told once.
use super::rank::{listed_carers, need_of, services};
use crate::api::notifications::NotificationKind;
use crate::db::Db;
use crate::domain::demand::DemandStatus;
use crate::domain::matching;
use crate::entities::demands;
use crate::error::ApiError;
use crate::reference::Reference;
use crate::services::notifications;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use std::collections::HashMap;

/// The score (of 1,000) a new offer needs to be worth a digest: half the points.
pub const THRESHOLD: u32 = 500;
/// Needs looked at per batch.
const BATCH: u64 = 200;

/// What a pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DigestPass {
    /// Needs looked at.
    pub looked: usize,
    /// Families told of new offers.
    pub told: usize,
}

/// Looks at every open need due (none in the last day) and tells the families of new
/// offers above the threshold.
pub async fn run(
    db: &Db,
    r: &Reference,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<DigestPass, ApiError> {
    let due = now - Duration::days(1);
    let mut pass = DigestPass::default();
    let mut after = 0;
    loop {
        let batch = demands::Entity::find()
            .filter(demands::Column::Status.eq(DemandStatus::Open))
            .filter(demands::Column::Id.gt(after))
            .filter(
                Condition::any()
                    .add(demands::Column::DigestAt.is_null())
                    .add(demands::Column::DigestAt.lte(due)),
            )
            .filter(demands::Column::CreatedAt.lte(due))
            .order_by_asc(demands::Column::Id)
            .limit(BATCH)
            .all(&**db)
            .await?;
        let Some(last) = batch.last() else {
            break;
        };
        after = last.id;
        for d in batch {
            pass.looked += 1;
            if tell_one(db, r, public_url, &d, due, now).await? {
                pass.told += 1;
            }
        }
    }
    Ok(pass)
}

/// One need: the new offers above the threshold, the mark, and the notification (one
/// transaction). Whether the family was told.
async fn tell_one(
    db: &Db,
    r: &Reference,
    public_url: &str,
    d: &demands::Model,
    due: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let since = d.digest_at.unwrap_or(d.created_at);
    let need = need_of(&**db, r, d).await?;
    let mut offers = Vec::new();
    let mut shown = HashMap::new();
    services(&**db, r, &need, now, Some(since), &mut offers, &mut shown).await?;
    listed_carers(&**db, r, &need, Some(since), &mut offers, &mut shown).await?;
    let new = matching::rank(&need, offers.iter(), usize::MAX)
        .into_iter()
        .filter(|a| a.score >= THRESHOLD)
        .count();
    let txn = db.write().await?;
    let marked = demands::Entity::update_many()
        .col_expr(demands::Column::DigestAt, Expr::value(now))
        .filter(demands::Column::Id.eq(d.id))
        .filter(
            Condition::any()
                .add(demands::Column::DigestAt.is_null())
                .add(demands::Column::DigestAt.lte(due)),
        )
        .exec(&txn)
        .await?;
    let told = marked.rows_affected == 1 && new > 0;
    if told {
        let zone = r
            .zone_by_id(d.zone_id)
            .map(|z| z.name.clone())
            .unwrap_or_default();
        notifications::event(
            &txn,
            &[d.user_id],
            NotificationKind::MatchDigest,
            ("demand", d.public_id),
            &zone,
            public_url,
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(told)
}
