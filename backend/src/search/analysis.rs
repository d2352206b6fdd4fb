//! What a person typed, understood: the words (folded), their stems, the typo
//! tolerance each word gets, and the variants the synonym table adds
//! (`reference/synonyms.json`: "pulizie" → colf, "dog sitter" → pet sitter…).
use crate::domain::text;
use serde::Deserialize;
use std::sync::LazyLock;

/// Words of a query considered (the rest is ignored).
pub const MAX_WORDS: usize = 8;

#[derive(Debug, Deserialize)]
struct SynonymFile {
    entries: Vec<SynonymEntry>,
}

#[derive(Debug, Deserialize)]
struct SynonymEntry {
    terms: Vec<String>,
    expands_to: Vec<String>,
}

/// (folded phrase as words, folded expansions)
pub struct Synonym {
    pub phrase: Vec<String>,
    pub expansions: Vec<String>,
}

/// Adds a synonym's expansions to `group` as alternatives (exact words: an expansion is
/// spelt right), each once.
fn add_expansions(group: &mut Group, syn: &Synonym) {
    for e in &syn.expansions {
        let alternative: Vec<Word> = words(e)
            .into_iter()
            .map(|w| Word { distance: 0, ..w })
            .collect();
        if !alternative.is_empty() && !group.contains(&alternative) {
            group.push(alternative);
        }
    }
}

pub static SYNONYMS: LazyLock<Vec<Synonym>> = LazyLock::new(|| {
    let file: SynonymFile = serde_json::from_str(include_str!("../../../reference/synonyms.json"))
        .unwrap_or(SynonymFile {
            entries: Vec::new(),
        });
    let mut out = Vec::new();
    for e in file.entries {
        let expansions: Vec<String> = e.expands_to.iter().map(|x| text::fold(x)).collect();
        for t in e.terms {
            let phrase: Vec<String> = text::fold(&t)
                .split_whitespace()
                .map(str::to_owned)
                .collect();
            if !phrase.is_empty() {
                out.push(Synonym {
                    phrase,
                    expansions: expansions.clone(),
                });
            }
        }
    }
    // Longest phrases first: "donna delle pulizie" before "pulizie".
    out.sort_by_key(|s| std::cmp::Reverse(s.phrase.len()));
    out
});

/// One searched word: as typed (folded), its stem, and how many edits it forgives.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub folded: String,
    pub stem: String,
    pub distance: u8,
}

/// Typo tolerance by the length of the word as typed: none under 4 letters, one edit
/// for 4–7, two from 8.
pub fn distance_for(word: &str) -> u8 {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// The searched words of a text (folded, stop words out, stemmed), distinct.
pub fn words(q: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    for folded in text::fold(q).split_whitespace() {
        let Some(stem) = text::tokens(folded).into_iter().next() else {
            continue;
        };
        if out.iter().any(|w| w.stem == stem) {
            continue;
        }
        out.push(Word {
            distance: distance_for(folded),
            folded: folded.to_owned(),
            stem,
        });
        if out.len() == MAX_WORDS {
            break;
        }
    }
    out
}

/// A part of the query a document must match: any one of its alternatives, each a set
/// of words that must all match ("dog sitter" or its expansion "pet sitter").
pub type Group = Vec<Vec<Word>>;

/// The query understood: every group must match.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysed {
    /// The words as typed (for "did you mean" and highlights).
    pub words: Vec<Word>,
    pub groups: Vec<Group>,
}

/// Analyses a query: its words, then each synonym phrase found in it becomes one group
/// (the phrase's own words together, or the expansion's). A word no card holds
/// (`known` says) may also be a typo of a one-word synonym ("petsiter").
pub fn analyse(q: &str, known: impl Fn(&str) -> bool) -> Analysed {
    let folded: Vec<String> = text::fold(q)
        .split_whitespace()
        .map(str::to_owned)
        .take(MAX_WORDS * 2)
        .collect();
    let words = words(q);
    let mut used = vec![false; folded.len()];
    let mut groups: Vec<Group> = Vec::new();
    for syn in SYNONYMS.iter() {
        let n = syn.phrase.len();
        if n > folded.len() {
            continue;
        }
        for start in 0..=folded.len() - n {
            if used[start..start + n].iter().any(|u| *u)
                || folded[start..start + n] != syn.phrase[..]
            {
                continue;
            }
            for u in &mut used[start..start + n] {
                *u = true;
            }
            // The phrase's own words together, or one of the expansions.
            let mut group: Group = vec![self::words(&syn.phrase.join(" "))];
            add_expansions(&mut group, syn);
            group.retain(|alt| !alt.is_empty());
            if !group.is_empty() {
                groups.push(group);
            }
        }
    }
    for (i, f) in folded.iter().enumerate() {
        if used[i] {
            continue;
        }
        let limit = usize::from(distance_for(f));
        let stem = text::tokens(f).into_iter().next();
        if limit > 0
            && stem.as_deref().is_some_and(|s| !known(s))
            && let Some(syn) = SYNONYMS
                .iter()
                .filter(|s| s.phrase.len() == 1)
                .map(|s| (super::vocabulary::edits(f, &s.phrase[0]), s))
                .filter(|(d, _)| *d <= limit)
                .min_by_key(|(d, _)| *d)
                .map(|(_, s)| s)
        {
            let mut group: Group = Vec::new();
            add_expansions(&mut group, syn);
            if let Some(w) = words.iter().find(|w| &w.folded == f) {
                group.push(vec![w.clone()]);
            }
            groups.push(group);
            continue;
        }
        if let Some(w) = words.iter().find(|w| &w.folded == f)
            && !groups.iter().flatten().flatten().any(|x| x.stem == w.stem)
        {
            groups.push(vec![vec![w.clone()]]);
        }
    }
    groups.truncate(MAX_WORDS);
    Analysed { words, groups }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_stemmed_and_given_a_tolerance() {
        let w = words("Badanti per la città");
        let stems: Vec<&str> = w.iter().map(|x| x.stem.as_str()).collect();
        assert_eq!(
            stems,
            [
                text::tokens("badante")[0].as_str(),
                text::tokens("citta")[0].as_str()
            ]
        );
        assert_eq!(w[0].distance, 1);
        assert_eq!(distance_for("colf"), 1);
        assert_eq!(distance_for("idraulico"), 2);
        assert_eq!(distance_for("tv"), 0);
    }

    #[test]
    fn a_typo_of_a_one_word_synonym_counts_when_no_card_holds_the_word() {
        let a = analyse("petsiter", |_| false);
        assert!(
            a.groups[0]
                .iter()
                .any(|alt| alt.iter().any(|w| w.folded == "pet")),
            "{a:?}"
        );
        // A word the catalogue holds is taken as it is.
        let a = analyse("petsiter", |_| true);
        assert_eq!(a.groups.len(), 1);
        assert_eq!(a.groups[0], vec![vec![words("petsiter")[0].clone()]]);
    }

    #[test]
    fn synonyms_add_alternatives() {
        let a = analyse("donna delle pulizie", |_| true);
        assert_eq!(a.groups.len(), 1, "{a:?}");
        assert!(
            a.groups[0]
                .iter()
                .any(|alt| alt.len() == 1 && alt[0].folded == "colf"),
            "{a:?}"
        );
        let a = analyse("dog sitter a milano", |_| true);
        // "pet sitter" as one alternative: both words, not "sitter" alone.
        assert!(
            a.groups[0].iter().any(
                |alt| alt.iter().map(|w| w.folded.as_str()).collect::<Vec<_>>()
                    == ["pet", "sitter"]
            ),
            "{a:?}"
        );
        // Words outside any phrase stay their own group.
        assert!(
            a.groups
                .iter()
                .any(|g| g.len() == 1 && g[0].len() == 1 && g[0][0].folded == "milano"),
            "{a:?}"
        );
    }
}
