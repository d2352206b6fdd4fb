//! What the sitemap lists: every published card and every provider, with the time each
//! last changed.
use crate::entities::{organisations, service_cards};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

/// A page of the public site: its path and, when known, when its content last changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub path: String,
    pub lastmod: Option<DateTime<Utc>>,
}

/// The published cards (`/servizi/{id}`) then the providers (`/enti/{id}`), oldest first.
pub async fn pages(db: &impl ConnectionTrait) -> Result<Vec<Entry>, DbErr> {
    let cards: Vec<(Uuid, DateTime<Utc>)> = service_cards::Entity::find()
        .select_only()
        .column(service_cards::Column::PublicId)
        .column(service_cards::Column::UpdatedAt)
        .filter(super::cards::visible())
        .order_by_asc(service_cards::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let providers: Vec<(Uuid, DateTime<Utc>)> = organisations::Entity::find()
        .select_only()
        .column(organisations::Column::PublicId)
        .column(organisations::Column::UpdatedAt)
        .order_by_asc(organisations::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let cards = cards.into_iter().map(|(id, at)| Entry {
        path: format!("/servizi/{id}"),
        lastmod: Some(at),
    });
    let providers = providers.into_iter().map(|(id, at)| Entry {
        path: format!("/enti/{id}"),
        lastmod: Some(at),
    });
    Ok(cards.chain(providers).collect())
}
