//! Suggestions while typing: categories (by their names and synonyms, in both
//! languages), providers and card titles whose words begin with what was typed — the
//! last word as a prefix, the others whole — forgiving a typo in words of 4 letters or
//! more. Categories come first (most requested first), then providers, then titles.
use super::analysis::distance_for;
use super::vocabulary::edits;
use crate::api::services::{Suggestion, SuggestionKind, TextRange};
use crate::domain::text;
use crate::reference::Reference;
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
