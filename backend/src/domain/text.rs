//! Text normalisation for full-text search, identical for indexing and querying and for
//! both databases: lower case, accents folded, split on non-alphanumerics, Italian stop
//! words dropped, Italian Snowball stemming (the algorithm PostgreSQL's `italian`
//! configuration uses), so "badanti", "Badante" and "badànte" meet.
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashSet;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

static STOP_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../../reference/stopwords-it.txt")
        .lines()
        .chain(include_str!("../../../reference/stopwords-en.txt").lines())
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Italian));

/// Longest token kept: anything longer is not a word a person searches for.
const MAX_TOKEN_CHARS: usize = 40;

/// Lower case and fold accents ("Città" → "citta"), keeping only ASCII letters and digits
/// as word characters; everything else separates words.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// The search tokens of a text: folded, stop words removed, stemmed.
pub fn tokens(text: &str) -> Vec<String> {
    fold(text)
        .split_whitespace()
        .filter(|w| w.len() <= MAX_TOKEN_CHARS && !STOP_WORDS.contains(w))
        .map(|w| STEMMER.stem(w).into_owned())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The text stored in the search columns: the tokens joined by spaces.
pub fn document(parts: &[&str]) -> String {
    parts
        .iter()
        .flat_map(|p| tokens(p))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The distinct tokens of a user's query, in order, at most `limit` of them.
pub fn query_terms(q: &str, limit: usize) -> Vec<String> {
    let mut seen = HashSet::new();
    tokens(q)
        .into_iter()
        .filter(|t| seen.insert(t.clone()))
        .take(limit)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_and_singular_meet() {
        assert_eq!(tokens("badanti"), tokens("badante"));
        assert_eq!(tokens("Colf"), tokens("colf"));
        assert_eq!(tokens("idraulici"), tokens("idraulico"));
    }

    #[test]
    fn accents_are_folded() {
        assert_eq!(fold("Città PERCHÉ"), "citta perche");
        assert_eq!(tokens("attività"), tokens("attivita"));
    }

    #[test]
    fn stop_words_and_punctuation_are_dropped() {
        assert_eq!(tokens("la badante, per il papà!"), tokens("badante papà"));
        assert!(tokens("di a da in con su per").is_empty());
    }

    #[test]
    fn query_terms_are_distinct_and_bounded() {
        assert_eq!(query_terms("badante badanti colf", 8).len(), 2);
        assert_eq!(query_terms("a b c d e f g h i l m", 3).len(), 3);
    }

    #[test]
    fn only_ascii_word_characters_survive() {
        for t in tokens("\"OR\" *bad* NEAR(x) 'quote' -- ; drop") {
            assert!(t.chars().all(|c| c.is_ascii_alphanumeric()), "{t}");
        }
    }
}
