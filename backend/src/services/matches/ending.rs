//! A group's matches with carers follow the group (issue 12): when the group closes, or
//! the member's need that opened a match leaves it, the match ends — a conversation not
//! yet accepted is declined, an agreement accepted or started is ended — each with its
//! event (`shared`, as every event of the match) and a notice to the carer. The other
//! members were told of the group's change by the step itself; once the agreement has
//! ended, one of them may offer the group to the same carer again.

use super::{record, tell};
use crate::api::notifications::NotificationKind;
use crate::db::WriteTxn;
use crate::domain::contact::InteractionKind;
use crate::domain::registry::{MatchAction, MatchSide, MatchStatus};
use crate::entities::{carers, demands, matches};
use crate::error::ApiError;
use crate::services::contact::Ctx;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr};

/// Ends the live matches of group `group_id` (`needs`: only those opened for these needs;
/// `None`: all of them, the group having closed). In the caller's transaction, which
/// holds the group's row: a step of one of these matches takes the group's row first too
/// ([`super::step`]), so the two queue and neither sees the other half done.
pub(crate) async fn end_for_group(
    txn: &WriteTxn,
    x: &Ctx<'_>,
    group_id: i32,
    needs: Option<&[i32]>,
) -> Result<(), ApiError> {
    let live = [
        MatchStatus::Proposed,
        MatchStatus::Contacted,
        MatchStatus::Accepted,
        MatchStatus::Active,
    ];
    let mut q = matches::Entity::find()
        .filter(matches::Column::GroupId.eq(group_id))
        .filter(matches::Column::Status.is_in(live));
    if let Some(needs) = needs {
        q = q.filter(matches::Column::DemandId.is_in(needs.iter().copied()));
    }
    for m in q.order_by_asc(matches::Column::Id).all(txn).await? {
        let (action, kind) = match m.status {
            MatchStatus::Accepted | MatchStatus::Active => {
                (MatchAction::End, InteractionKind::MatchEnded)
            }
            _ => (MatchAction::Decline, InteractionKind::MatchDeclined),
        };
        let Ok(to) = m.status.apply(action) else {
            continue;
        };
        let moved = matches::Entity::update_many()
            .col_expr(matches::Column::Status, Expr::value(to))
            .col_expr(matches::Column::StatusAt, Expr::value(x.now))
            .filter(matches::Column::Id.eq(m.id))
            .filter(matches::Column::Status.eq(m.status))
            .exec(txn)
            .await?;
        if moved.rows_affected == 0 {
            continue;
        }
        let (Some(d), Some(c)) = (
            demands::Entity::find_by_id(m.demand_id).one(txn).await?,
            carers::Entity::find_by_id(m.carer_id).one(txn).await?,
        ) else {
            continue;
        };
        record(txn, x.reference, &d, &m, kind, MatchSide::Family, x.now).await?;
        tell(
            txn,
            x,
            &m,
            &d,
            &c,
            MatchSide::Family,
            NotificationKind::MatchClosed,
        )
        .await?;
    }
    Ok(())
}
