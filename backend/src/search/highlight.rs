//! Where the searched words are in a text: ranges of characters (Unicode scalar values,
//! `start` included, `end` excluded), never markup. A word of the text matches when its
//! stem is a searched stem, or within that word's typo tolerance of it.
use super::analysis::Word;
use super::vocabulary::edits;
use crate::api::services::TextRange;
use crate::domain::text;

/// The words of `s` with their character ranges.
fn spans(s: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut word = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            word.push(*c);
        } else if let Some(st) = start.take() {
            out.push((st, i, std::mem::take(&mut word)));
        }
    }
    if let Some(st) = start {
        out.push((st, chars.len(), word));
    }
    out
}

/// The ranges of `s` where one of `words` occurs.
pub fn ranges(s: &str, words: &[Word]) -> Vec<TextRange> {
    if words.is_empty() {
        return Vec::new();
    }
    spans(s)
        .into_iter()
        .filter(|(_, _, w)| {
            let Some(stem) = text::tokens(w).into_iter().next() else {
                return false;
            };
            words.iter().any(|q| {
                q.stem == stem
                    || (q.distance > 0 && edits(&q.stem, &stem) <= usize::from(q.distance))
            })
        })
        .map(|(start, end, _)| TextRange {
            start: start as u32,
            end: end as u32,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analysis::words;

    #[test]
    fn ranges_are_in_characters_and_forgive_typos() {
        let r = ranges("Badanti qualificate a Città Studi", &words("badnte citta"));
        assert_eq!(
            r,
            [
                TextRange { start: 0, end: 7 },
                TextRange { start: 22, end: 27 }
            ]
        );
        assert!(ranges("Colf", &words("")).is_empty());
        // Stop words and unrelated words are never marked.
        assert!(ranges("per la casa", &words("per")).is_empty());
    }
}
