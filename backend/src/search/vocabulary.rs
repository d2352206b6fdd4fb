//! The words people can be told "did you mean": category names and synonyms in both
//! languages, the synonym table's phrases, the cards' titles — folded, with how often
//! each occurs.
use super::analysis::{SYNONYMS, distance_for};
use crate::domain::text;
use crate::reference::Reference;
use std::collections::HashMap;

#[derive(Default)]
pub struct Vocabulary {
    words: HashMap<String, i64>,
}

/// Edits between two words (Levenshtein, with transpositions counted once).
pub fn edits(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        prev2 = prev;
        prev = cur;
    }
    prev[b.len()]
}

impl Vocabulary {
    pub fn build(r: &Reference, titles: &[(String, i64)]) -> Self {
        let mut words: HashMap<String, i64> = HashMap::new();
        let mut add = |s: &str, n: i64| {
            for w in text::fold(s).split_whitespace() {
                if w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()) {
                    *words.entry(w.to_owned()).or_insert(0) += n;
                }
            }
        };
        for c in &r.categories {
            let weight = i64::from(c.requests_2017.max(1)) * 10;
            add(&c.label.it, weight);
            add(&c.label.en, weight);
            add(&c.synonyms, weight);
        }
        for s in SYNONYMS.iter() {
            add(&s.phrase.join(" "), 5);
        }
        for (title, n) in titles {
            add(title, *n);
        }
        Self { words }
    }

    /// The closest known word to `word`, if it is within the word's typo tolerance and
    /// is not the word itself.
    pub fn closest(&self, word: &str) -> Option<&str> {
        let limit = usize::from(distance_for(word));
        if limit == 0 || self.words.contains_key(word) {
            return None;
        }
        self.words
            .iter()
            .filter(|(w, _)| w.len().abs_diff(word.len()) <= limit)
            .map(|(w, n)| (edits(word, w), std::cmp::Reverse(*n), w.as_str()))
            .filter(|(d, ..)| *d <= limit)
            .min()
            .map(|(.., w)| w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_count_insertions_deletions_substitutions_and_swaps() {
        assert_eq!(edits("badnte", "badante"), 1);
        assert_eq!(edits("idraulio", "idraulico"), 1);
        assert_eq!(edits("baydante", "badante"), 1);
        assert_eq!(edits("siter", "sitter"), 1);
        assert_eq!(edits("imbinachino", "imbianchino"), 1);
        assert_eq!(edits("colf", "colf"), 0);
        assert_eq!(edits("abc", "xyz"), 3);
    }

    #[test]
    fn the_closest_word_within_the_tolerance() {
        let mut v = Vocabulary::default();
        v.words.insert("badante".into(), 100);
        v.words.insert("bandante".into(), 1);
        v.words.insert("idraulico".into(), 10);
        assert_eq!(v.closest("badnte"), Some("badante"));
        assert_eq!(v.closest("idraulio"), Some("idraulico"));
        assert_eq!(v.closest("badante"), None);
        assert_eq!(v.closest("xyzzy"), None);
        assert_eq!(v.closest("tv"), None);
    }
}
