//! Suggestions while typing: categories (by their names and synonyms, in both
//! languages), providers and card titles whose words begin with what was typed — the
//! last word as a prefix, the others whole — forgiving a typo in words of 4 letters or
//! more. Categories come first (most requested first), then providers, then titles.
use super::analysis::distance_for;
use super::vocabulary::edits;
use crate::api::services::{Suggestion, SuggestionKind, TextRange};
use crate::domain::text;
use crate::reference::Reference;
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, Statement};
use std::collections::HashMap;

/// At most this many suggestions.
pub const LIMIT: usize = 8;

/// The names a suggestion can be found by.
pub struct Candidate {
    kind: SuggestionKind,
    text: String,
    words: Vec<String>,
    category: Option<String>,
    id: Option<uuid::Uuid>,
    weight: i64,
}

#[derive(Default)]
pub struct Suggestions {
    candidates: Vec<Candidate>,
}

/// Distinct titles and providers of the published cards, with how many cards each.
pub struct Lists {
    pub titles: Vec<(String, i64)>,
    pub providers: Vec<(uuid::Uuid, String, i64)>,
}

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

fn words_of(s: &str) -> Vec<String> {
    text::fold(s)
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

impl Suggestions {
    pub fn build(r: &Reference, lists: Lists) -> Self {
        let mut candidates = Vec::new();
        for c in &r.categories {
            let weight = 1_000_000 + i64::from(c.requests_2017);
            let mut names = vec![c.label.it.clone(), c.label.en.clone()];
            names.extend(c.synonyms.split(',').map(|s| s.trim().to_owned()));
            for name in names.into_iter().filter(|n| !n.is_empty()) {
                candidates.push(Candidate {
                    kind: SuggestionKind::Category,
                    words: words_of(&name),
                    text: name,
                    category: Some(c.code.clone()),
                    id: None,
                    weight,
                });
            }
        }
        for (id, name, n) in lists.providers {
            candidates.push(Candidate {
                kind: SuggestionKind::Provider,
                words: words_of(&name),
                text: name,
                category: None,
                id: Some(id),
                weight: 1_000 + n,
            });
        }
        for (title, n) in lists.titles {
            candidates.push(Candidate {
                kind: SuggestionKind::Service,
                words: words_of(&title),
                text: title,
                category: None,
                id: None,
                weight: n,
            });
        }
        Self { candidates }
    }

    /// Up to `LIMIT` suggestions for what was typed.
    pub fn find(&self, typed: &str) -> Vec<Suggestion> {
        let typed_words = words_of(typed);
        let Some((last, whole)) = typed_words.split_last() else {
            return Vec::new();
        };
        let prefix_done = typed.ends_with(char::is_whitespace);
        let word_ok = |w: &str, c: &str| {
            w == c || {
                let d = usize::from(distance_for(w));
                // Words whose lengths differ by more than the tolerance are never close.
                d > 0 && w.len().abs_diff(c.len()) <= 2 * d && edits(w, c) <= d
            }
        };
        let prefix_ok = |w: &str, c: &str| -> Option<bool> {
            if c.starts_with(w) {
                return Some(true);
            }
            if word_ok(w, c) {
                return Some(false);
            }
            if prefix_done {
                return None;
            }
            // A typo in a prefix of 4 letters or more.
            let n = w.chars().count();
            (n >= 4 && c.chars().count() + 1 >= n && {
                let head: String = c.chars().take(n).collect();
                edits(w, &head) <= 1
            })
            .then_some(false)
        };
        // Candidates share most of their words: each word is compared once per request.
        let mut last_seen: HashMap<&str, Option<bool>> = HashMap::new();
        let mut whole_seen: HashMap<(usize, &str), bool> = HashMap::new();
        let mut found: Vec<(bool, i64, usize, &Candidate)> = Vec::new();
        for (i, c) in self.candidates.iter().enumerate() {
            let whole_ok = whole.iter().enumerate().all(|(k, w)| {
                c.words.iter().any(|cw| {
                    *whole_seen
                        .entry((k, cw.as_str()))
                        .or_insert_with(|| word_ok(w, cw))
                })
            });
            if !whole_ok {
                continue;
            }
            let exact = c
                .words
                .iter()
                .filter_map(|cw| {
                    *last_seen
                        .entry(cw.as_str())
                        .or_insert_with(|| prefix_ok(last, cw))
                })
                .max();
            if let Some(exact) = exact {
                found.push((exact, c.weight, i, c));
            }
        }
        found.sort_by(|a, b| (b.0, b.1).cmp(&(a.0, a.1)).then(a.2.cmp(&b.2)));
        let mut out: Vec<Suggestion> = Vec::new();
        for (.., c) in found {
            // One suggestion per category and per text.
            if out
                .iter()
                .any(|s| s.text == c.text || (c.category.is_some() && s.category == c.category))
            {
                continue;
            }
            out.push(Suggestion {
                kind: c.kind,
                highlights: ranges(&c.text, &typed_words, prefix_done),
                text: c.text.clone(),
                category: c.category.clone(),
                id: c.id,
            });
            if out.len() == LIMIT {
                break;
            }
        }
        out
    }
}

/// The words of `s` that begin with (the last) or are (the others) a typed word.
fn ranges(s: &str, typed: &[String], prefix_done: bool) -> Vec<TextRange> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_alphanumeric() {
            i += 1;
        }
        let word: String = text::fold(&chars[start..i].iter().collect::<String>())
            .trim()
            .to_owned();
        for (k, t) in typed.iter().enumerate() {
            let is_last = k + 1 == typed.len() && !prefix_done;
            if is_last && word.starts_with(t.as_str()) {
                out.push(TextRange {
                    start: start as u32,
                    end: (start + t.chars().count()).min(i) as u32,
                });
                break;
            }
            if word == *t {
                out.push(TextRange {
                    start: start as u32,
                    end: i as u32,
                });
                break;
            }
        }
    }
    out
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

    fn suggestions() -> Suggestions {
        let mut s = Suggestions::default();
        for (kind, text, weight) in [
            (SuggestionKind::Category, "Badante", 1_000_154),
            (SuggestionKind::Category, "Baby sitter", 1_000_110),
            (
                SuggestionKind::Provider,
                "Cooperativa Sociale Aurora",
                1_010,
            ),
            (SuggestionKind::Service, "Badante convivente", 5),
        ] {
            s.candidates.push(Candidate {
                kind,
                words: words_of(text),
                text: text.into(),
                category: (kind == SuggestionKind::Category).then(|| text.to_lowercase()),
                id: None,
                weight,
            });
        }
        s
    }

    #[test]
    fn prefixes_typos_and_order() {
        let s = suggestions();
        let texts = |q: &str| s.find(q).into_iter().map(|x| x.text).collect::<Vec<_>>();
        assert_eq!(texts("bad"), ["Badante", "Badante convivente"]);
        assert_eq!(
            texts("ba"),
            ["Badante", "Baby sitter", "Badante convivente"]
        );
        assert_eq!(
            texts("badna"),
            ["Badante", "Badante convivente"],
            "a typo in a prefix"
        );
        assert_eq!(
            texts("badnte"),
            ["Badante", "Badante convivente"],
            "a whole word misspelt, not yet followed by a space"
        );
        assert_eq!(texts("coop"), ["Cooperativa Sociale Aurora"]);
        assert_eq!(texts("badante conv"), ["Badante convivente"]);
        assert!(texts("zzz").is_empty());
        assert!(texts("").is_empty());
        let first = &s.find("bad")[0];
        assert_eq!(first.highlights, [TextRange { start: 0, end: 3 }]);
    }
}
