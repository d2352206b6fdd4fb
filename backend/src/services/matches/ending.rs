//! Matches end with what they stand on (issue 12: "only listed carers are matched"):
//! - a group's matches with carers follow the group: when the group closes, or the
//!   member's need that opened a match leaves it, the match ends;
//! - a need closed declines its conversations not yet accepted (an agreement made goes
//!   on: the family closed the need because it found its help);
//! - a carer suspended from the registry ends every live match of theirs;
//! - an account erased ends the matches of its needs or of its registration before the
//!   rows go (no notice: there is nothing left to open).
//!
//! A conversation not yet accepted is declined, an agreement accepted or started is
//! ended, each with its interaction event (`shared` for a group's, as every event of the
//! match) and, but for an erasure, a notice to the other side.

use super::{record, tell};
use crate::api::notifications::NotificationKind;
use crate::db::WriteTxn;
use crate::domain::contact::InteractionKind;
use crate::domain::registry::{MatchSide, MatchStatus};
use crate::entities::{carers, demands, matches};
use crate::error::ApiError;
use crate::services::contact::Ctx;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr};

const UNACCEPTED: [MatchStatus; 2] = [MatchStatus::Proposed, MatchStatus::Contacted];
const AGREED: [MatchStatus; 2] = [MatchStatus::Accepted, MatchStatus::Active];

/// Which matches end.
enum Scope<'a> {
    /// The group's (only those opened for these needs, when given).
    Group(i32, Option<&'a [i32]>),
    /// These needs'.
    Needs(&'a [i32]),
    /// The carer's.
    Carer(i32),
}

/// The group's live matches (`needs`: only those opened for these needs; `None`: all,
/// the group having closed). In the caller's transaction, which holds the group's row: a
/// step of one of these matches takes the group's row first too ([`super::step`]), so
/// the two queue and neither sees the other half done. `notify`: the carers are told
/// (not when the needs go with an erased account: their matches go too, and a notice
/// would point at nothing).
pub(crate) async fn end_for_group(
    txn: &WriteTxn,
    x: &Ctx<'_>,
    group_id: i32,
    needs: Option<&[i32]>,
    notify: bool,
) -> Result<(), ApiError> {
    end(
        txn,
        x,
        Scope::Group(group_id, needs),
        true,
        MatchSide::Family,
        notify,
    )
    .await
}

/// A need closed: its conversations not yet accepted are declined, the carers told.
pub(crate) async fn decline_for_closed_need(
    txn: &WriteTxn,
    x: &Ctx<'_>,
    need: i32,
) -> Result<(), ApiError> {
    end(
        txn,
        x,
        Scope::Needs(&[need]),
        false,
        MatchSide::Family,
        true,
    )
    .await
}

/// A carer suspended: every live match of theirs ends, the families told.
pub(crate) async fn end_for_suspended_carer(
    txn: &WriteTxn,
    x: &Ctx<'_>,
    carer: i32,
) -> Result<(), ApiError> {
    end(txn, x, Scope::Carer(carer), true, MatchSide::Carer, true).await
}

/// An account erased: the live matches of its needs, or of its registration (`carer`),
/// end with their events before the rows go.
pub(crate) async fn end_for_erased(
    txn: &WriteTxn,
    x: &Ctx<'_>,
    needs: &[i32],
    carer: Option<i32>,
) -> Result<(), ApiError> {
    if !needs.is_empty() {
        end(txn, x, Scope::Needs(needs), true, MatchSide::Family, false).await?;
    }
    if let Some(carer) = carer {
        end(txn, x, Scope::Carer(carer), true, MatchSide::Carer, false).await?;
    }
    Ok(())
}

/// Ends the matches of `scope`: declines those not yet accepted and, with `agreements`,
/// ends the accepted and started ones; `by` is the side the event and the notice come
/// from. Each row moves by a guarded update: a step that moved it first (a family's
/// acceptance committed while this waited for the row) is seen by the second update.
async fn end(
    txn: &WriteTxn,
    x: &Ctx<'_>,
    scope: Scope<'_>,
    agreements: bool,
    by: MatchSide,
    notify: bool,
) -> Result<(), ApiError> {
    let live: Vec<MatchStatus> = if agreements {
        UNACCEPTED.iter().chain(AGREED.iter()).copied().collect()
    } else {
        UNACCEPTED.to_vec()
    };
    let mut q = matches::Entity::find().filter(matches::Column::Status.is_in(live));
    q = match scope {
        Scope::Group(group, needs) => {
            let q = q.filter(matches::Column::GroupId.eq(group));
            match needs {
                Some(needs) => q.filter(matches::Column::DemandId.is_in(needs.iter().copied())),
                None => q,
            }
        }
        Scope::Needs(needs) => q.filter(matches::Column::DemandId.is_in(needs.iter().copied())),
        Scope::Carer(carer) => q.filter(matches::Column::CarerId.eq(carer)),
    };
    for m in q.order_by_asc(matches::Column::Id).all(txn).await? {
        let kind = if moved(txn, x, m.id, &UNACCEPTED, MatchStatus::Declined).await? {
            InteractionKind::MatchDeclined
        } else if agreements && moved(txn, x, m.id, &AGREED, MatchStatus::Ended).await? {
            InteractionKind::MatchEnded
        } else {
            continue;
        };
        let (Some(d), Some(c)) = (
            demands::Entity::find_by_id(m.demand_id).one(txn).await?,
            carers::Entity::find_by_id(m.carer_id).one(txn).await?,
        ) else {
            continue;
        };
        record(txn, x.reference, &d, &m, kind, by, x.now).await?;
        if notify {
            tell(txn, x, &m, &d, &c, by, NotificationKind::MatchClosed).await?;
        }
    }
    Ok(())
}

/// Moves match `id` to `to` if its status is among `from`: whether it moved.
async fn moved(
    txn: &WriteTxn,
    x: &Ctx<'_>,
    id: i32,
    from: &[MatchStatus],
    to: MatchStatus,
) -> Result<bool, ApiError> {
    let r = matches::Entity::update_many()
        .col_expr(matches::Column::Status, Expr::value(to))
        .col_expr(matches::Column::StatusAt, Expr::value(x.now))
        .filter(matches::Column::Id.eq(id))
        .filter(matches::Column::Status.is_in(from.iter().copied()))
        .exec(txn)
        .await?;
    Ok(r.rows_affected == 1)
}
