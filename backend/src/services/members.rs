//! The members of an organisation or of a WeMi space: listed (an audited read of other
//! people's names and addresses) and removed by the unit's administrators. A removal
//! takes effect on the member's next request (roles are read on every request).
use super::audit;
use crate::api::invitations::{Member, MemberList};
use crate::auth::{Viewer, policy};
use crate::db::Db;
use crate::domain::AuditAction;
use crate::entities::{memberships, organisations, spaces, users};
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use uuid::Uuid;

/// An organisation or a space: the column that ties memberships to it, and its row id.
#[derive(Debug, Clone, Copy)]
struct Unit {
    column: memberships::Column,
    id: i32,
}

/// An organisation, for its provider admins and the platform admins.
async fn organisation_unit(db: &Db, viewer: &Viewer, organisation: Uuid) -> Result<Unit, ApiError> {
    let org = organisations::Entity::find()
        .filter(organisations::Column::PublicId.eq(organisation))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("organisation"))?;
    if !policy::can_manage_organisation(viewer, org.id) {
        return Err(ApiError::Forbidden(
            "Only this organisation's administrators manage its members.",
        ));
    }
    Ok(Unit {
        column: memberships::Column::OrganisationId,
        id: org.id,
    })
}

/// A space, for the municipal admins of its tenant and the platform admins.
async fn space_unit(db: &Db, viewer: &Viewer, space: Uuid) -> Result<Unit, ApiError> {
    let space = spaces::Entity::find()
        .filter(spaces::Column::PublicId.eq(space))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("space"))?;
    if !policy::can_administer_tenant(viewer, Some(space.tenant_id)) {
        return Err(ApiError::Forbidden(
            "Only the municipality's administrators manage the operators of its spaces.",
        ));
    }
    Ok(Unit {
        column: memberships::Column::SpaceId,
        id: space.id,
    })
}

async fn list(
    db: &Db,
    viewer: &Viewer,
    unit: Unit,
    now: DateTime<Utc>,
) -> Result<MemberList, ApiError> {
    let ms = memberships::Entity::find()
        .filter(unit.column.eq(unit.id))
        .order_by_asc(memberships::Column::Id)
        .all(db)
        .await?;
    let people: HashMap<i32, users::Model> = users::Entity::find()
        .filter(users::Column::Id.is_in(ms.iter().map(|m| m.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let items = ms
        .iter()
        .filter_map(|m| {
            let u = people.get(&m.user_id)?;
            Some(Member {
                id: u.public_id,
                display_name: u.display_name.clone(),
                email: u.email.clone(),
                role: m.role,
            })
        })
        .collect();
    let txn = db.write().await?;
    audit::record(
        &txn,
        AuditAction::MembersRead,
        Some(viewer.user.id),
        None,
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(MemberList { items })
}

async fn remove(
    db: &Db,
    viewer: &Viewer,
    unit: Unit,
    member: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let user = users::Entity::find()
        .filter(users::Column::PublicId.eq(member))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("member"))?;
    let txn = db.write().await?;
    let removed = memberships::Entity::delete_many()
        .filter(unit.column.eq(unit.id))
        .filter(memberships::Column::UserId.eq(user.id))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(ApiError::NotFound("member"));
    }
    audit::record(
        &txn,
        AuditAction::RoleRevoked,
        Some(viewer.user.id),
        Some(user.id),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn organisation_members(
    db: &Db,
    viewer: &Viewer,
    organisation: Uuid,
    now: DateTime<Utc>,
) -> Result<MemberList, ApiError> {
    let unit = organisation_unit(db, viewer, organisation).await?;
    list(db, viewer, unit, now).await
}

/// Removes every role `member` holds in the organisation.
pub async fn remove_organisation_member(
    db: &Db,
    viewer: &Viewer,
    organisation: Uuid,
    member: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let unit = organisation_unit(db, viewer, organisation).await?;
    remove(db, viewer, unit, member, now).await
}

pub async fn space_members(
    db: &Db,
    viewer: &Viewer,
    space: Uuid,
    now: DateTime<Utc>,
) -> Result<MemberList, ApiError> {
    let unit = space_unit(db, viewer, space).await?;
    list(db, viewer, unit, now).await
}

/// Removes `member` from the space's operators.
pub async fn remove_space_member(
    db: &Db,
    viewer: &Viewer,
    space: Uuid,
    member: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let unit = space_unit(db, viewer, space).await?;
    remove(db, viewer, unit, member, now).await
}
