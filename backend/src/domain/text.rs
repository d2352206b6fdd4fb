//! Text normalisation for full-text search, identical for indexing and querying and for
//! both databases: lower case, accents folded, split on non-alphanumerics, Italian stop
//! words dropped, Italian Snowball stemming (the algorithm PostgreSQL's `italian`
//! configuration uses), so "badanti", "Badante" and "badànte" meet.
use rust_stemmers::{Algorithm, Stemmer};
use std::cell::RefCell;
use std::collections::HashMap;
use std::collections::HashSet;
use std::sync::LazyLock;

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
///
/// The same as decomposing the whole text (NFD) and dropping the combining marks, one
/// character at a time: the marks' canonical order does not matter once they are
/// dropped, and ASCII (most of any Italian text) needs no decomposition.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut push = |c: char| {
        for l in c.to_lowercase() {
            out.push(if l.is_ascii_alphanumeric() { l } else { ' ' });
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            push(c);
        } else {
            unicode_normalization::char::decompose_canonical(c, |d| {
                if !unicode_normalization::char::is_combining_mark(d) {
                    push(d);
                }
            });
        }
    }
    out
}

/// Stems already computed on this thread: a catalogue's texts repeat the same few
/// thousand words, and the Snowball stemmer was a quarter of an index build.
const STEM_CACHE: usize = 20_000;

thread_local! {
    static STEMS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

fn stem(word: &str) -> String {
    STEMS.with(|cache| {
        if let Some(s) = cache.borrow().get(word) {
            return s.clone();
        }
        let s = STEMMER.stem(word).into_owned();
        let mut cache = cache.borrow_mut();
        if cache.len() >= STEM_CACHE {
            cache.clear();
        }
        cache.insert(word.to_owned(), s.clone());
        s
    })
}

/// The search tokens of a text: folded, stop words removed, stemmed.
pub fn tokens(text: &str) -> Vec<String> {
    fold(text)
        .split_whitespace()
        .filter(|w| w.len() <= MAX_TOKEN_CHARS && !STOP_WORDS.contains(w))
        .map(stem)
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
    fn folding_one_character_at_a_time_is_whole_text_nfd() {
        use unicode_normalization::UnicodeNormalization;
        let reference = |t: &str| -> String {
            t.nfd()
                .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
                .collect()
        };
        for t in [
            "Città PERCHÉ",
            "Ångström, naïve façade — Škoda ŒUVRE ß İstanbul",
            "e\u{301}\u{323} a\u{323}\u{301} ﬁ ½ ①",
            "plain ascii 123",
            "",
        ] {
            assert_eq!(fold(t), reference(t), "{t:?}");
        }
    }

    #[test]
    fn a_cached_stem_is_the_stemmer_s() {
        for w in [
            "badanti",
            "badanti",
            "assistenza",
            "idraulico",
            "assistenza",
        ] {
            assert_eq!(stem(w), STEMMER.stem(w));
        }
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
