//! Favourites (issue 12): a signed-in person keeps published cards and listed carers.
//! Saving twice keeps one row (a unique index, so a race of two saves too); a card
//! unpublished or a carer no longer listed stays in the list, marked unavailable, with
//! nothing of it but the card's title.
use crate::api::favourites::{FavouriteCard, FavouriteCarer, Favourites, MAX_FAVOURITES};
use crate::auth::Viewer;
use crate::db::Db;
use crate::domain::CardStatus;
use crate::domain::registry::RegistryStatus;
use crate::entities::{carers, favourites, organisations, service_cards};
use crate::error::ApiError;
use crate::reference::{Label, Reference};
use crate::services::carers::check::parse_codes;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use std::collections::HashMap;
use uuid::Uuid;

/// What a favourite is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Card,
    Carer,
}

/// The row id of a card or a carer; with `visible`, only a published card or a listed
/// carer.
async fn target_row(
    db: &impl sea_orm::ConnectionTrait,
    target: Target,
    id: Uuid,
    visible: bool,
) -> Result<Option<i32>, ApiError> {
    Ok(match target {
        Target::Card => {
            let mut q =
                service_cards::Entity::find().filter(service_cards::Column::PublicId.eq(id));
            if visible {
                q = q.filter(service_cards::Column::Status.eq(CardStatus::Published));
            }
            q.one(db).await?.map(|c| c.id)
        }
        Target::Carer => {
            let mut q = carers::Entity::find().filter(carers::Column::PublicId.eq(id));
            if visible {
                q = q.filter(carers::Column::Status.eq(RegistryStatus::Listed));
            }
            q.one(db).await?.map(|c| c.id)
        }
    })
}

fn column(target: Target) -> favourites::Column {
    match target {
        Target::Card => favourites::Column::CardId,
        Target::Carer => favourites::Column::CarerId,
    }
}

/// Saves a card or a carer (already saved: nothing changes). More than
/// `MAX_FAVOURITES` of a kind: 409.
pub async fn save(
    db: &Db,
    viewer: &Viewer,
    target: Target,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let txn = db.write().await?;
    crate::services::accounts::hold(&txn, viewer.user.id).await?;
    let row = target_row(&txn, target, id, true)
        .await?
        .ok_or(ApiError::NotFound(match target {
            Target::Card => "service",
            Target::Carer => "carer",
        }))?;
    let col = column(target);
    let mine = favourites::Entity::find()
        .filter(favourites::Column::UserId.eq(viewer.user.id))
        .filter(col.is_not_null());
    if mine.clone().filter(col.eq(row)).count(&txn).await? > 0 {
        return Ok(());
    }
    if mine.count(&txn).await? >= MAX_FAVOURITES {
        return Err(ApiError::Conflict(
            "You already keep 200 favourites of this kind: remove one first.",
        ));
    }
    let insert = favourites::ActiveModel {
        user_id: Set(viewer.user.id),
        card_id: Set((target == Target::Card).then_some(row)),
        carer_id: Set((target == Target::Carer).then_some(row)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match insert {
        Ok(_) => {
            txn.commit().await?;
            Ok(())
        }
        // Saved at the same moment by another request: saved once, as asked.
        Err(e) if crate::db::is_unique_violation(&e) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Removes a favourite (not saved, or the card or carer gone: nothing to do).
pub async fn remove(db: &Db, viewer: &Viewer, target: Target, id: Uuid) -> Result<(), ApiError> {
    let txn = db.write().await?;
    let row = target_row(&txn, target, id, false).await?;
    if let Some(row) = row {
        favourites::Entity::delete_many()
            .filter(favourites::Column::UserId.eq(viewer.user.id))
            .filter(column(target).eq(row))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The person's favourites, most recently saved first.
pub async fn list(
    db: &impl sea_orm::ConnectionTrait,
    r: &Reference,
    user_id: i32,
) -> Result<Favourites, ApiError> {
    let rows = favourites::Entity::find()
        .filter(favourites::Column::UserId.eq(user_id))
        .order_by_desc(favourites::Column::CreatedAt)
        .order_by_desc(favourites::Column::Id)
        .all(db)
        .await?;
    let card_ids: Vec<i32> = rows.iter().filter_map(|f| f.card_id).collect();
    let carer_ids: Vec<i32> = rows.iter().filter_map(|f| f.carer_id).collect();
    let cards: HashMap<i32, service_cards::Model> = if card_ids.is_empty() {
        HashMap::new()
    } else {
        service_cards::Entity::find()
            .filter(service_cards::Column::Id.is_in(card_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect()
    };
    let org_ids: Vec<i32> = cards.values().map(|c| c.organisation_id).collect();
    let orgs: HashMap<i32, String> = if org_ids.is_empty() {
        HashMap::new()
    } else {
        organisations::Entity::find()
            .filter(organisations::Column::Id.is_in(org_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.legal_name))
            .collect()
    };
    let people: HashMap<i32, carers::Model> = if carer_ids.is_empty() {
        HashMap::new()
    } else {
        carers::Entity::find()
            .filter(carers::Column::Id.is_in(carer_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect()
    };
    let mut out = Favourites {
        cards: Vec::new(),
        carers: Vec::new(),
    };
    for f in rows {
        if let Some(c) = f.card_id.and_then(|id| cards.get(&id)) {
            let available = c.status == CardStatus::Published;
            out.cards.push(FavouriteCard {
                id: c.public_id,
                title: c.title.clone(),
                organisation: if available {
                    orgs.get(&c.organisation_id).cloned().unwrap_or_default()
                } else {
                    String::new()
                },
                category_label: r
                    .category(&c.category_code)
                    .map(|k| k.label.clone())
                    .unwrap_or_else(|| Label::new(&c.category_code, &c.category_code)),
                available,
                saved_at: f.created_at,
            });
        }
        if let Some(c) = f.carer_id.and_then(|id| people.get(&id)) {
            let available = c.status == RegistryStatus::Listed;
            out.carers.push(FavouriteCarer {
                id: c.public_id,
                first_name: if available {
                    c.first_name.clone()
                } else {
                    String::new()
                },
                roles: if available {
                    parse_codes(&c.roles)
                } else {
                    Vec::new()
                },
                available,
                saved_at: f.created_at,
            });
        }
    }
    Ok(out)
}
