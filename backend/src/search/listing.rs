//! Each published card's title and provider, kept card by card from the change feed:
//! the suggestions' lists of distinct titles and providers follow from it.
use super::suggest::Lists;
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, Statement};
use std::collections::HashMap;

/// A published card's title and provider, as the listing reads it.
#[derive(FromQueryResult)]
struct CardRow {
    id: i32,
    title: String,
    public_id: uuid::Uuid,
    legal_name: String,
}

/// The published cards' titles and providers: all of them (`None`) or those of `ids`
/// (a card of `ids` not returned is no longer published).
pub async fn listing_rows(
    db: &impl ConnectionTrait,
    ids: Option<&[i32]>,
) -> Result<Vec<Listed>, DbErr> {
    let mut sql = "SELECT c.id, c.title, o.public_id, o.legal_name FROM service_cards c \
                   JOIN organisations o ON o.id = c.organisation_id \
                   WHERE c.status = 'published'"
        .to_owned();
    if let Some(ids) = ids {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // Integers of this database's own rows: nothing to escape.
        let list: Vec<String> = ids.iter().map(i32::to_string).collect();
        sql.push_str(&format!(" AND c.id IN ({})", list.join(",")));
    }
    Ok(
        CardRow::find_by_statement(Statement::from_string(db.get_database_backend(), sql))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.title, c.public_id, c.legal_name))
            .collect(),
    )
}

/// A published card: its id, title, provider's public id and name.
pub type Listed = (i32, String, uuid::Uuid, String);

/// Keys counted by how many published cards carry them (interned: each key once).
struct Counted<K> {
    ids: HashMap<K, u32>,
    keys: Vec<K>,
    counts: Vec<i64>,
}

impl<K> Default for Counted<K> {
    fn default() -> Self {
        Self {
            ids: HashMap::new(),
            keys: Vec::new(),
            counts: Vec::new(),
        }
    }
}

impl<K: Clone + Eq + std::hash::Hash> Counted<K> {
    fn add(&mut self, key: K) -> u32 {
        let i = match self.ids.get(&key) {
            Some(&i) => i,
            None => {
                let i = self.keys.len() as u32;
                self.ids.insert(key.clone(), i);
                self.keys.push(key);
                self.counts.push(0);
                i
            }
        };
        self.counts[i as usize] += 1;
        i
    }

    fn remove(&mut self, i: u32) {
        if let Some(n) = self.counts.get_mut(i as usize) {
            *n -= 1;
        }
    }

    /// The keys some published card carries, with how many.
    fn present(&self) -> impl Iterator<Item = (&K, i64)> {
        self.keys
            .iter()
            .zip(self.counts.iter().copied())
            .filter(|(_, n)| *n > 0)
    }
}

/// Each published card's title and provider, kept up to date with the change feed: the
/// suggestions' lists follow from it without a pass over the cards (two `GROUP BY` over
/// 100,000 cards cost the database 200–300 ms per refresh).
#[derive(Default)]
pub struct Listing {
    by_card: HashMap<i32, (u32, u32)>,
    titles: Counted<String>,
    providers: Counted<(uuid::Uuid, String)>,
}

impl Listing {
    /// What `rows` say of the cards `ids` (all cards with `None`) replaces what was known.
    pub fn apply(&mut self, ids: Option<&[i32]>, rows: Vec<Listed>) {
        match ids {
            None => *self = Self::default(),
            Some(ids) => {
                for id in ids {
                    if let Some((t, p)) = self.by_card.remove(id) {
                        self.titles.remove(t);
                        self.providers.remove(p);
                    }
                }
            }
        }
        for (id, title, public_id, name) in rows {
            if let Some((t, p)) = self.by_card.remove(&id) {
                self.titles.remove(t);
                self.providers.remove(p);
            }
            let t = self.titles.add(title);
            let p = self.providers.add((public_id, name));
            self.by_card.insert(id, (t, p));
        }
        // Titles and names no card carries any more are dropped once they are most of
        // what is kept (a catalogue that changes a lot does not grow without bound).
        if self.titles.keys.len() > 2 * self.by_card.len().max(1_000) {
            let rows: Vec<(i32, String, uuid::Uuid, String)> = self
                .by_card
                .iter()
                .map(|(id, (t, p))| {
                    let (public_id, name) = self.providers.keys[*p as usize].clone();
                    (*id, self.titles.keys[*t as usize].clone(), public_id, name)
                })
                .collect();
            *self = Self::default();
            for (id, title, public_id, name) in rows {
                let t = self.titles.add(title);
                let p = self.providers.add((public_id, name));
                self.by_card.insert(id, (t, p));
            }
        }
    }

    /// Distinct titles and providers of the published cards, with how many cards each.
    pub fn lists(&self) -> Lists {
        Lists {
            titles: self.titles.present().map(|(t, n)| (t.clone(), n)).collect(),
            providers: self
                .providers
                .present()
                .map(|((id, name), n)| (*id, name.clone(), n))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i32, title: &str, org: u128, name: &str) -> Listed {
        (id, title.into(), uuid::Uuid::from_u128(org), name.into())
    }

    type Counts = Vec<(String, i64)>;

    fn sorted(l: &Listing) -> (Counts, Counts) {
        let Lists {
            mut titles,
            providers,
        } = l.lists();
        titles.sort();
        let mut providers: Vec<_> = providers.into_iter().map(|(_, n, c)| (n, c)).collect();
        providers.sort();
        (titles, providers)
    }

    #[test]
    fn the_listing_follows_changes_card_by_card() {
        let mut l = Listing::default();
        l.apply(
            None,
            vec![
                row(1, "Badante", 1, "Aurora"),
                row(2, "Badante", 2, "Borgo"),
                row(3, "Colf", 1, "Aurora"),
            ],
        );
        assert_eq!(
            sorted(&l),
            (
                vec![("Badante".into(), 2), ("Colf".into(), 1)],
                vec![("Aurora".into(), 2), ("Borgo".into(), 1)]
            )
        );
        // Card 1 renamed, card 3 no longer published (not returned), card 4 new.
        l.apply(
            Some(&[1, 3, 4]),
            vec![
                row(1, "Badante a ore", 1, "Aurora"),
                row(4, "Colf", 2, "Borgo"),
            ],
        );
        assert_eq!(
            sorted(&l),
            (
                vec![
                    ("Badante".into(), 1),
                    ("Badante a ore".into(), 1),
                    ("Colf".into(), 1)
                ],
                vec![("Aurora".into(), 1), ("Borgo".into(), 2)]
            )
        );
        // Applying the same change twice changes nothing.
        l.apply(Some(&[4]), vec![row(4, "Colf", 2, "Borgo")]);
        assert_eq!(sorted(&l).0.len(), 3);
        // A whole load starts afresh.
        l.apply(None, vec![row(9, "Idraulico", 3, "Tubi")]);
        assert_eq!(
            sorted(&l),
            (vec![("Idraulico".into(), 1)], vec![("Tubi".into(), 1)])
        );
    }

    #[test]
    fn titles_no_card_carries_are_dropped_when_they_pile_up() {
        let mut l = Listing::default();
        for round in 0..3_000 {
            l.apply(
                Some(&[1]),
                vec![row(1, &format!("Titolo {round}"), 1, "Aurora")],
            );
        }
        assert!(l.titles.keys.len() <= 2_001, "{}", l.titles.keys.len());
        assert_eq!(sorted(&l).0, vec![("Titolo 2999".into(), 1)]);
    }
}
